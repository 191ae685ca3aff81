/**
 * Feed polling: every configured feed is polled when due (its FeedState row says when), with
 * conditional requests and per-feed backoff from ./feeds, and what it brings is ingested. Runs in
 * the one replica holding the feed-polling lock (see service.ts); the state lives in the database
 * so that a replica taking over continues where the last one stopped.
 */
import type { FeedState as FeedStateRow } from '@prisma/client';
import type { Db } from '../../lib/db';
import type { Logger } from '../../lib/logger';
import {
  DEFAULT_POLL_POLICY,
  initialFeedState,
  isDue,
  pollFeed,
  type FeedState,
  type PollPolicy,
} from './feeds';
import type { Ingestor } from './ingest';
import { feedItemToRaw } from './prepare';
import { sourceOfFeed } from './settings';

export interface FeedPollerOptions {
  policy?: Partial<PollPolicy>;
  /** How often to look for due feeds. Default 5 s (each feed is still polled only when due). */
  tickMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export function toCoreState(row: FeedStateRow): FeedState {
  return {
    url: row.url,
    etag: row.etag ?? undefined,
    lastModified: row.lastModified ?? undefined,
    failures: row.failures,
    nextPollAt: row.nextPollAt.getTime(),
    lastError: row.lastError ?? undefined,
  };
}

export class FeedPoller {
  private readonly policy: PollPolicy;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly feeds: readonly string[],
    private readonly db: Db,
    private readonly ingestor: Ingestor,
    private readonly log: Logger,
    private readonly options: FeedPollerOptions = {},
  ) {
    this.policy = { ...DEFAULT_POLL_POLICY, ...options.policy };
  }

  start(): void {
    this.stopped = false;
    const loop = async () => {
      this.running = this.pollDue().catch((err: unknown) =>
        this.log.warn({ err: (err as Error).message }, 'feed polling pass failed'),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.options.tickMs ?? 5000);
    };
    this.timer = setTimeout(() => void loop(), 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One pass: polls every due feed, one after the other. */
  async pollDue(): Promise<void> {
    const now = this.now();
    const rows = await this.db.feedState.findMany({ where: { url: { in: [...this.feeds] } } });
    const states = new Map(rows.map((r) => [r.url, toCoreState(r)]));
    for (const url of this.feeds) {
      if (this.stopped) return;
      const state = states.get(url) ?? initialFeedState(url, now);
      if (isDue(state, now)) await this.pollOne(state);
    }
  }

  private async pollOne(state: FeedState): Promise<void> {
    const url = state.url;
    const result = await pollFeed(state, {
      policy: this.policy,
      fetch: this.options.fetch,
      now: () => this.now(),
    });
    const polledAt = new Date(this.now());
    const data = {
      etag: result.state.etag ?? null,
      lastModified: result.state.lastModified ?? null,
      failures: result.state.failures,
      nextPollAt: new Date(result.state.nextPollAt),
      lastPolledAt: polledAt,
      lastError: result.outcome === 'failed' ? result.error.slice(0, 500) : null,
    };
    if (result.outcome === 'failed') {
      this.log.warn(
        {
          feed: url,
          status: result.status,
          error: result.error,
          failures: result.state.failures,
          nextPollAt: data.nextPollAt,
        },
        'feed poll failed; backing off',
      );
    } else if (result.outcome === 'updated') {
      const { feed } = result;
      for (const s of feed.skipped)
        this.log.warn(
          { feed: url, item: s.index, ref: s.ref, reason: s.reason },
          'skipped a malformed feed item',
        );
      for (const w of feed.warnings) this.log.warn({ feed: url, warning: w }, 'feed oddity');
      const source = sourceOfFeed(url);
      try {
        const summary = await this.ingestor.ingest(
          feed.items.map((i) => feedItemToRaw(i, source, polledAt.getTime())),
        );
        this.log.info(
          {
            feed: url,
            items: feed.items.length,
            skipped: feed.skipped.length,
            inserted: summary.inserted.length,
          },
          'polled feed',
        );
      } catch (err) {
        // Keep the old validators so the same items are fetched again in full next time.
        this.log.warn({ feed: url, err: (err as Error).message }, 'could not store feed items');
        data.etag = state.etag ?? null;
        data.lastModified = state.lastModified ?? null;
        data.lastError = `store failed: ${(err as Error).message}`.slice(0, 500);
      }
    }
    await this.db.feedState.upsert({ where: { url }, create: { url, ...data }, update: data });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
