import type { IncomingHttpHeaders } from 'node:http';
import { Registry } from 'prom-client';
import type { SubgraphAnswer } from './fetcher';
import { cacheDirectives, sharedStorage, SubgraphResponseCache } from './subgraph-cache';

const answer = (headers: IncomingHttpHeaders, body = '{"data":{"x":1}}'): SubgraphAnswer => ({
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

describe('sharedStorage (what a shared cache may keep, RFC 9111)', () => {
  it.each([
    ['max-age=2, public', 2000],
    ['public, max-age=60', 60_000],
    ['PUBLIC, Max-Age=5', 5000],
    ['public, max-age=600, s-maxage=1', 1000],
    ['public, s-maxage=30', 30_000],
  ])('keeps %s for %i ms', (cacheControl, ttlMs) => {
    expect(sharedStorage(200, { 'cache-control': cacheControl })).toEqual({ ttlMs, vary: [] });
  });

  it.each([
    ['no header', undefined],
    ['private', 'max-age=60, private'],
    ['private with field names', 'public, max-age=60, private="set-cookie, x-a"'],
    ['no-store', 'no-store'],
    ['no-cache', 'public, max-age=60, no-cache'],
    ['without public', 'max-age=60'],
    ['s-maxage without public', 's-maxage=60'],
    ['public without a lifetime', 'public'],
    ['a zero lifetime', 'max-age=0, public'],
    ['a malformed lifetime', 'max-age=1.5, public'],
    ['conflicting lifetimes', 'public, max-age=60, max-age=5'],
  ])('never keeps an answer with %s', (_label, cacheControl) => {
    expect(sharedStorage(200, cacheControl ? { 'cache-control': cacheControl } : {})).toBeUndefined();
  });

  it('keeps only 200 answers', () => {
    expect(sharedStorage(500, { 'cache-control': 'max-age=60, public' })).toBeUndefined();
    expect(sharedStorage(400, { 'cache-control': 'max-age=60, public' })).toBeUndefined();
  });

  it('subtracts the Age the answer already has', () => {
    expect(sharedStorage(200, { 'cache-control': 'max-age=60, public', age: '45' })?.ttlMs).toBe(15_000);
    expect(sharedStorage(200, { 'cache-control': 'max-age=60, public', age: '60' })).toBeUndefined();
  });

  it('keeps the Vary list, lowercased and sorted, and refuses Vary: * and Set-Cookie', () => {
    expect(sharedStorage(200, { 'cache-control': 'max-age=5, public', vary: 'X-B, Authorization' })).toEqual({
      ttlMs: 5000,
      vary: ['authorization', 'x-b'],
    });
    expect(sharedStorage(200, { 'cache-control': 'max-age=5, public', vary: 'accept, *' })).toBeUndefined();
    expect(
      sharedStorage(200, { 'cache-control': 'max-age=5, public', 'set-cookie': ['a=b'] }),
    ).toBeUndefined();
  });

  it('reads quoted directive values whole', () => {
    expect(cacheDirectives('private="a, b", max-age=3')).toEqual(
      new Map<string, string | true>([
        ['private', 'a, b'],
        ['max-age', '3'],
      ]),
    );
  });
});

describe('SubgraphResponseCache', () => {
  let now = 1_000_000;
  const clock = () => now;
  const none = new Map<string, string>();

  it('serves a stored answer until it expires, with the seconds it has left', () => {
    const cache = new SubgraphResponseCache({ maxBytes: 1 << 20, now: clock });
    expect(cache.store('md', 'k', none, answer({ 'cache-control': 'max-age=2, public' }))).toBe(true);
    expect(cache.lookup('md', 'k', none)?.remainingSeconds).toBe(2);
    now += 1500;
    expect(cache.lookup('md', 'k', none)?.answer.body).toBe('{"data":{"x":1}}');
    expect(cache.lookup('md', 'k', none)?.remainingSeconds).toBe(0);
    now += 500;
    expect(cache.lookup('md', 'k', none)).toBeUndefined();
    // Expired, never served, but still known to have been public: one refresh may be shared.
    expect(cache.search('md', 'k', none)).toEqual({ staleKey: 'k' });
    cache.forget('k');
    expect(cache.search('md', 'k', none)).toEqual({});
    expect(cache.stats().entries).toBe(0);
  });

  it('names the Vary variant whose answer expired, not another', () => {
    const cache = new SubgraphResponseCache({ maxBytes: 1 << 20, now: clock });
    const a = new Map([['x-tenant', 'a']]);
    const b = new Map([['x-tenant', 'b']]);
    cache.store('s', 'k', a, answer({ 'cache-control': 'max-age=1, public', vary: 'X-Tenant' }));
    now += 1000;
    const stale = cache.search('s', 'k', a).staleKey;
    expect(stale).toContain('x-tenant: a');
    expect(cache.search('s', 'k', b)).toEqual({});
  });

  it('does not store what the subgraph did not mark public', () => {
    const cache = new SubgraphResponseCache({ maxBytes: 1 << 20, now: clock });
    expect(cache.store('p', 'k', none, answer({ 'cache-control': 'max-age=60, private' }))).toBe(false);
    expect(cache.store('p', 'k', none, answer({ 'cache-control': 'no-store' }))).toBe(false);
    expect(cache.lookup('p', 'k', none)).toBeUndefined();
  });

  it('selects by the request headers the answer varies on', () => {
    const cache = new SubgraphResponseCache({ maxBytes: 1 << 20, now: clock });
    const a = new Map([['authorization', 'Bearer a']]);
    const b = new Map([['authorization', 'Bearer b']]);
    const headers = { 'cache-control': 'max-age=60, public', vary: 'Authorization' };
    cache.store('s', 'k', a, answer(headers, 'for a'));
    expect(cache.lookup('s', 'k', a)?.answer.body).toBe('for a');
    expect(cache.lookup('s', 'k', b)).toBeUndefined();
    expect(cache.lookup('s', 'k', none)).toBeUndefined();
    cache.store('s', 'k', b, answer(headers, 'for b'));
    expect(cache.lookup('s', 'k', b)?.answer.body).toBe('for b');
    expect(cache.lookup('s', 'k', a)?.answer.body).toBe('for a');
    // The latest answer drops Vary: from now on one answer for everyone.
    cache.store('s', 'k', a, answer({ 'cache-control': 'max-age=60, public' }, 'for all'));
    expect(cache.lookup('s', 'k', b)?.answer.body).toBe('for all');
  });

  it('stays within its byte budget, dropping the least recently used', () => {
    const body = 'x'.repeat(10_000);
    const cache = new SubgraphResponseCache({ maxBytes: 100_000, now: clock });
    const headers = { 'cache-control': 'max-age=60, public' };
    for (let i = 0; i < 10; i++) cache.store('m', `k${i}`, none, answer(headers, body));
    expect(cache.stats().bytes).toBeLessThanOrEqual(100_000);
    expect(cache.lookup('m', 'k0', none)).toBeUndefined();
    expect(cache.lookup('m', 'k9', none)?.answer.body).toBe(body);
  });

  it('counts hits, misses and stores per subgraph for /metrics', async () => {
    const cache = new SubgraphResponseCache({ maxBytes: 1 << 20, now: clock });
    const registry = new Registry();
    cache.registerMetrics(registry);
    cache.lookup('market-data', 'k', none);
    cache.store('market-data', 'k', none, answer({ 'cache-control': 'max-age=60, public' }));
    cache.lookup('market-data', 'k', none);
    cache.lookup('market-data', 'k', none);
    const text = await registry.metrics();
    expect(text).toContain('gateway_subgraph_cache_hits_total{subgraph="market-data"} 2');
    expect(text).toContain('gateway_subgraph_cache_misses_total{subgraph="market-data"} 1');
    expect(text).toContain('gateway_subgraph_cache_stored_total{subgraph="market-data"} 1');
    expect(text).toMatch(/gateway_subgraph_cache_bytes [1-9]/);
  });
});
