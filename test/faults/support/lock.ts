import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { INSTANCE, REPO_ROOT } from './infra';

const LOCK_DIR = path.join(REPO_ROOT, '.data', 'instances', `${INSTANCE}.faults.lock`);

function holder(): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * One fault scenario at a time on the instance, across jest workers: `scripts/test` runs the
 * faults project in band, but a plain `jest` run may give two fault files to two workers, and a
 * Kafka restart in one would break the other's measurements. A directory is created atomically;
 * a holder that died (its pid is gone) leaves a stale lock that the next taker removes.
 */
export async function acquireFaultLock(timeoutMs = 15 * 60_000): Promise<() => void> {
  const deadline = Date.now() + timeoutMs;
  mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return () => rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = holder();
    // No pid yet means the holder is between mkdir and write: wait, do not steal. Our own pid
    // means an earlier test file in this worker failed before releasing it.
    if (pid !== undefined && (pid === process.pid || !alive(pid)))
      rmSync(LOCK_DIR, { recursive: true, force: true });
    if (Date.now() > deadline)
      throw new Error(`fault lock ${LOCK_DIR} still held by pid ${pid} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
