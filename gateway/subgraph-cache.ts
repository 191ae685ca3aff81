import type { IncomingHttpHeaders } from 'node:http';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge, type Metric, type Registry } from 'prom-client';
import { z } from 'zod';
import type { SubgraphAnswer } from './fetcher';

/**
 * A shared HTTP cache (RFC 9111) for subgraph answers, one per gateway replica. The subgraph
 * decides what may be shared and for how long, with its `Cache-Control` header (Apollo Server
 * computes it from `@cacheControl` hints); the gateway only obeys. An answer is stored when it is
 * a 200 marked `public` with a positive `s-maxage` or `max-age`, without `private`, `no-store`,
 * `no-cache`, `Vary: *` or `Set-Cookie`, and (checked by the caller) without GraphQL errors and
 * not part of a mutation. It is then served to any caller, whatever their token, until it
 * expires: that is what `public` means. Anything else is never stored, so per-user data (no hint
 * or `PRIVATE`) never crosses users.
 *
 * The key is the subgraph request itself (URL and body: query, variables, operation name), plus
 * the request headers the subgraph names in `Vary`. A POST is keyed by its body like Apollo
 * Server's response cache does: GraphQL queries are POSTs, and the body is what names the data.
 */

/** How long an answer may be shared, and the request headers that select it (`Vary`). */
export interface SharedStorage {
  ttlMs: number;
  vary: readonly string[];
}

/** Cache-Control directives, names lowercased; a quoted value (`private="a, b"`) stays whole. */
export function cacheDirectives(header: string | string[] | undefined): Map<string, string | true> {
  const directives = new Map<string, string | true>();
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return directives;
  for (const match of value.matchAll(/([^=,\s]+)(?:\s*=\s*("[^"]*"|[^,\s]*))?/g)) {
    const name = match[1]!.toLowerCase();
    const arg = match[2] === undefined ? true : match[2].replace(/^"|"$/g, '');
    // A directive given twice with different values makes the answer stale (RFC 9111 §4.2.1):
    // mark it so that it cannot be read as a lifetime.
    const prior = directives.get(name);
    directives.set(name, prior !== undefined && prior !== arg ? '' : arg);
  }
  return directives;
}

/** A directive's delta-seconds (`max-age=60`), or undefined when it has none or a malformed one. */
export function directiveSeconds(value: string | true | undefined): number | undefined {
  return typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : undefined;
}

/**
 * Whether a shared cache may store this answer, and for how long (RFC 9111 §3 and §5.2.2):
 * `s-maxage` wins over `max-age` in a shared cache; the `Age` the answer already has counts
 * against it. Only explicit freshness counts (no heuristics), and only `public` answers: the
 * gateway forwards `authorization`, and a shared cache may reuse an answer to an authorised
 * request only when the origin said so (§3.5).
 */
export function sharedStorage(status: number, headers: IncomingHttpHeaders): SharedStorage | undefined {
  if (status !== 200 || headers['set-cookie'] !== undefined) return undefined;
  const cc = cacheDirectives(headers['cache-control']);
  if (!cc.has('public') || cc.has('private') || cc.has('no-store') || cc.has('no-cache')) return undefined;
  const lifetime = cc.has('s-maxage')
    ? directiveSeconds(cc.get('s-maxage'))
    : directiveSeconds(cc.get('max-age'));
  if (lifetime === undefined) return undefined;
  const age = directiveSeconds(String(headers.age ?? '0').trim()) ?? 0;
  if (lifetime - age <= 0) return undefined;
  const vary = varyNames(headers.vary);
  if (vary === undefined) return undefined;
  return { ttlMs: (lifetime - age) * 1000, vary };
}

/** The request headers named in `Vary`, lowercased and sorted; undefined for `Vary: *`. */
function varyNames(header: string | string[] | undefined): readonly string[] | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return [];
  const names = [
    ...new Set(
      value
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean),
    ),
  ].sort();
  return names.includes('*') ? undefined : names;
}

interface Stored {
  kind: 'answer';
  answer: SubgraphAnswer;
  expiresAt: number;
  bytes: number;
}

/** Under the primary key when the subgraph answered with `Vary`: which headers select the answer. */
interface VaryRecord {
  kind: 'vary';
  names: readonly string[];
  bytes: number;
}

/** A fresh stored answer and the seconds it stays fresh. */
export interface CacheHit {
  answer: SubgraphAnswer;
  remainingSeconds: number;
}

export interface SubgraphCacheOptions {
  /** Bytes of answers (and keys) kept; the least recently used go first. */
  maxBytes: number;
  /** Milliseconds clock (tests move it). */
  now?: () => number;
}

// Strings are UTF-16 in V8; headers and bookkeeping are rounded to a flat allowance.
const ENTRY_OVERHEAD_BYTES = 512;
const sizeOf = (key: string, body = '') => (key.length + body.length) * 2 + ENTRY_OVERHEAD_BYTES;

export class SubgraphResponseCache {
  /** The byte budget it was made with. */
  readonly maxBytes: number;
  private readonly entries: LRUCache<string, Stored | VaryRecord>;
  private readonly now: () => number;
  private readonly hits = new Counter({
    name: 'gateway_subgraph_cache_hits_total',
    help: 'Subgraph requests answered from the shared subgraph response cache',
    labelNames: ['subgraph'] as const,
    registers: [],
  });
  private readonly misses = new Counter({
    name: 'gateway_subgraph_cache_misses_total',
    help: 'Cacheable-kind subgraph requests (queries) not found fresh in the shared cache',
    labelNames: ['subgraph'] as const,
    registers: [],
  });
  private readonly stores = new Counter({
    name: 'gateway_subgraph_cache_stored_total',
    help: 'Subgraph answers stored because the subgraph marked them public with a max-age',
    labelNames: ['subgraph'] as const,
    registers: [],
  });
  private readonly size: Gauge;

  constructor(options: SubgraphCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes;
    this.entries = new LRUCache<string, Stored | VaryRecord>({
      maxSize: options.maxBytes,
      sizeCalculation: (value) => value.bytes,
    });
    const entries = this.entries;
    this.size = new Gauge({
      name: 'gateway_subgraph_cache_bytes',
      help: 'Approximate bytes held by the shared subgraph response cache',
      registers: [],
      collect() {
        this.set(entries.calculatedSize);
      },
    });
  }

  /** Adds the cache's counters to a service's registry (served on its /metrics). */
  registerMetrics(registry: Registry): void {
    const metrics: [string, Metric][] = [
      ['gateway_subgraph_cache_hits_total', this.hits],
      ['gateway_subgraph_cache_misses_total', this.misses],
      ['gateway_subgraph_cache_stored_total', this.stores],
      ['gateway_subgraph_cache_bytes', this.size],
    ];
    for (const [name, metric] of metrics)
      if (!registry.getSingleMetric(name)) registry.registerMetric(metric);
  }

  /** A fresh answer for this request, or undefined. Counts a hit or a miss for `subgraph`. */
  lookup(subgraph: string, primary: string, headers: ReadonlyMap<string, string>): CacheHit | undefined {
    return this.search(subgraph, primary, headers).hit;
  }

  /**
   * Like `lookup`, and on a miss the key under which an expired public answer to the same request
   * is still held (`staleKey`): the subgraph said last time that any caller may have this answer,
   * so callers that miss at once can wait for one refresh instead of each asking (request
   * collapsing; nothing expired is served). `count: false` leaves the hit and miss counters alone.
   */
  search(
    subgraph: string,
    primary: string,
    headers: ReadonlyMap<string, string>,
    count = true,
  ): { hit?: CacheHit; staleKey?: string } {
    const found = this.fresh(primary, headers);
    if (count) (found.hit ? this.hits : this.misses).inc({ subgraph });
    return found;
  }

  private fresh(
    primary: string,
    headers: ReadonlyMap<string, string>,
  ): { hit?: CacheHit; staleKey?: string } {
    const first = this.entries.get(primary);
    if (!first) return {};
    const key = first.kind === 'vary' ? secondaryKey(primary, first.names, headers) : primary;
    const stored = first.kind === 'vary' ? this.entries.get(key) : first;
    if (!stored || stored.kind !== 'answer') return {};
    const remainingMs = stored.expiresAt - this.now();
    // An expired answer stays (the byte budget bounds it) until the refresh replaces it: it
    // says a refresh may be shared, and is never served.
    if (remainingMs <= 0) return { staleKey: key };
    return { hit: { answer: stored.answer, remainingSeconds: Math.floor(remainingMs / 1000) } };
  }

  /** Stores the answer if its headers allow a shared cache to; returns whether it did. */
  store(
    subgraph: string,
    primary: string,
    headers: ReadonlyMap<string, string>,
    answer: SubgraphAnswer,
  ): boolean {
    const storage = sharedStorage(answer.status, answer.headers);
    if (!storage) return false;
    const expiresAt = this.now() + storage.ttlMs;
    if (storage.vary.length === 0) {
      this.entries.set(primary, { kind: 'answer', answer, expiresAt, bytes: sizeOf(primary, answer.body) });
    } else {
      // The latest answer's Vary list selects from now on; variants stored under another list
      // can no longer be reached (their key names the headers) and age out.
      this.entries.set(primary, { kind: 'vary', names: storage.vary, bytes: sizeOf(primary) });
      const key = secondaryKey(primary, storage.vary, headers);
      this.entries.set(key, { kind: 'answer', answer, expiresAt, bytes: sizeOf(key, answer.body) });
    }
    this.stores.inc({ subgraph });
    return true;
  }

  /** Drops what is held under `key` (an expired answer whose refresh was not stored again). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Entries held (answers and Vary records) and their approximate bytes. */
  stats(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.entries.calculatedSize };
  }
}

function secondaryKey(primary: string, names: readonly string[], headers: ReadonlyMap<string, string>) {
  let key = `${primary}\n\0vary`;
  for (const name of names) key += `\n${name}: ${headers.get(name) ?? ''}`;
  return key;
}

/**
 * `SUBGRAPH_CACHE_MB`: megabytes of the shared subgraph response cache per replica; 0 turns it off.
 * Set but blank means the default (loadConfig drops blank variables).
 */
export const DEFAULT_SUBGRAPH_CACHE_MB = 64;
export const subgraphCacheMbSchema = z.coerce.number().min(0).max(65_536).default(DEFAULT_SUBGRAPH_CACHE_MB);

// One per process and size: the gateways of one process (the embedded mode, tests) share the
// cache, and its byte budget, as they did when the cache read the environment itself; keys start
// with the subgraph URL, so they never read each other's subgraphs' answers. A gateway given
// another size gets a cache of its own.
const replicaCaches = new Map<number, SubgraphResponseCache>();

/**
 * The replica's cache, shared by all its subgraph data sources (one byte budget), of `megabytes`
 * (the gateway's validated `SUBGRAPH_CACHE_MB`); null when that is 0.
 */
export function replicaSubgraphCache(megabytes: number): SubgraphResponseCache | null {
  const maxBytes = Math.floor(megabytes * 1024 * 1024);
  if (maxBytes <= 0) return null;
  let cache = replicaCaches.get(maxBytes);
  if (!cache) replicaCaches.set(maxBytes, (cache = new SubgraphResponseCache({ maxBytes })));
  return cache;
}
