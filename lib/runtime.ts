import type { KeyObject } from 'node:crypto';
import type { Cache } from './cache';
import type { Db } from './db';
import type { EventBus } from './events';
import type { Logger } from './logger';

/**
 * The infrastructure a service runs on. Cluster mode builds one per process from the
 * environment; the embedded mode shares one in-process cache and bus across all services,
 * which is what lets their events reach each other.
 */
export interface Runtime {
  db: Db;
  /** For dedicated connections (advisory locks) outside Prisma's pool. */
  databaseUrl: string;
  /** Read-through cache: an outage degrades to misses (see `resilientCache`). */
  cache: Cache;
  /** The raw cache, for callers that must know about an outage (rate limiting). */
  rawCache: Cache;
  bus: EventBus;
  /** Verifies access tokens. */
  jwtPublicKey: KeyObject;
  log: Logger;
}
