import {
  backoffDelay,
  conditionalHeaders,
  DEFAULT_POLL_POLICY,
  initialFeedState,
  isDue,
  onFailure,
  onNotModified,
  onUpdated,
  parseRetryAfter,
} from './poller';

const P = { ...DEFAULT_POLL_POLICY, intervalMs: 300_000, backoffBaseMs: 60_000, maxBackoffMs: 3_600_000 };
const T0 = 1_700_000_000_000;

describe('feed poll state', () => {
  it('is due at once, then after the interval when updated', () => {
    const s0 = initialFeedState('https://x.test/rss', T0);
    expect(isDue(s0, T0)).toBe(true);
    expect(conditionalHeaders(s0)).toEqual({});
    const s1 = onUpdated(s0, { etag: 'W/"abc"', lastModified: 'Tue, 12 Mar 2024 13:45:02 GMT' }, T0, P);
    expect(s1.nextPollAt).toBe(T0 + 300_000);
    expect(isDue(s1, T0 + 299_999)).toBe(false);
    expect(isDue(s1, T0 + 300_000)).toBe(true);
    expect(conditionalHeaders(s1)).toEqual({
      'if-none-match': 'W/"abc"',
      'if-modified-since': 'Tue, 12 Mar 2024 13:45:02 GMT',
    });
  });

  it('backs off exponentially up to the ceiling and resets on success or 304', () => {
    expect([1, 2, 3, 4, 7, 8, 100].map((n) => backoffDelay(n, P))).toEqual([
      60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    let s = initialFeedState('https://x.test/rss', T0);
    s = onUpdated(s, { etag: '"v1"' }, T0, P);
    s = onFailure(s, { status: 503, error: 'HTTP 503' }, T0, P);
    s = onFailure(s, { status: 503, error: 'HTTP 503' }, T0 + 60_000, P);
    expect(s.failures).toBe(2);
    expect(s.nextPollAt).toBe(T0 + 60_000 + 120_000);
    expect(s.lastError).toBe('HTTP 503');
    expect(s.etag).toBe('"v1"'); // validators survive failures
    const ok = onNotModified(s, T0 + 200_000, P);
    expect(ok.failures).toBe(0);
    expect(ok.lastError).toBeUndefined();
    expect(ok.nextPollAt).toBe(T0 + 200_000 + 300_000);
    expect(ok.etag).toBe('"v1"');
  });

  it('honours a longer Retry-After, capped at the ceiling', () => {
    const s0 = initialFeedState('https://x.test/rss', T0);
    expect(onFailure(s0, { status: 429, error: 'HTTP 429', retryAfterMs: 600_000 }, T0, P).nextPollAt).toBe(
      T0 + 600_000,
    );
    expect(onFailure(s0, { status: 429, error: 'HTTP 429', retryAfterMs: 1_000 }, T0, P).nextPollAt).toBe(
      T0 + 60_000,
    );
    expect(onFailure(s0, { status: 503, error: 'x', retryAfterMs: 86_400_000 }, T0, P).nextPollAt).toBe(
      T0 + 3_600_000,
    );
  });

  it('replaces validators with those of the latest full response', () => {
    const s1 = onUpdated(initialFeedState('u', T0), { etag: '"a"', lastModified: 'x' }, T0, P);
    const s2 = onUpdated(s1, {}, T0 + 1, P);
    expect(conditionalHeaders(s2)).toEqual({});
  });

  it('parses Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', T0)).toBe(120_000);
    expect(parseRetryAfter(new Date(T0 + 30_000).toUTCString(), T0)).toBe(30_000);
    expect(parseRetryAfter('soon', T0)).toBeUndefined();
    expect(parseRetryAfter(null, T0)).toBeUndefined();
  });
});
