import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from './logger';

/** A 64-bit advisory-lock key derived from a job name, stable across replicas. */
export function lockKey(job: string): bigint {
  return createHash('sha256').update(job).digest().readBigInt64BE(0);
}

export interface SingletonJob {
  /** Starts the work; returns a function that stops it. Called only while the lock is held. */
  start(): Promise<() => Promise<void>>;
}

export interface SingletonHandle {
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Runs `job` in exactly one replica at a time (DESIGN.md, Singleton work): every replica tries
 * a PostgreSQL session advisory lock on a dedicated connection; the holder runs the job. If the
 * holder dies, its connection closes, the lock frees, and another replica takes over at its
 * next attempt (every `retryMs`).
 */
export function runSingleton(
  name: string,
  databaseUrl: string,
  job: SingletonJob,
  log: Logger,
  retryMs = 2000,
): SingletonHandle {
  const key = lockKey(name).toString();
  let client: pg.Client | undefined;
  let stopJob: (() => Promise<void>) | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const release = async () => {
    const stopping = stopJob;
    stopJob = undefined;
    if (stopping)
      await stopping().catch((err) => log.error({ err, job: name }, 'singleton job failed to stop'));
    const c = client;
    client = undefined;
    await c?.end().catch(() => undefined);
  };

  const attempt = async () => {
    if (stopped || stopJob) return;
    try {
      client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
      client.on('error', (err) => {
        log.warn({ err: err.message, job: name }, 'lost the singleton lock connection');
        void release();
      });
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS locked',
        [key],
      );
      if (!rows[0]?.locked) {
        await release();
        return;
      }
      log.info({ job: name }, 'acquired singleton lock; starting job');
      stopJob = await job.start();
    } catch (err) {
      log.warn({ err: (err as Error).message, job: name }, 'singleton attempt failed');
      await release();
    }
  };

  const loop = async () => {
    await attempt();
    if (!stopped) timer = setTimeout(() => void loop(), retryMs);
  };
  void loop();

  return {
    isLeader: () => stopJob !== undefined,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await release();
    },
  };
}
