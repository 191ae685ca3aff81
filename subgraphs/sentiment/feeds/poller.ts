/**
 * Polling one feed: pure state transitions (when to poll next, what validators to send, how far to
 * back off) and one thin fetch with Node's fetch.
 *
 * - Conditional requests: the last `ETag` goes out as `If-None-Match` and the last `Last-Modified` as
 *   `If-Modified-Since`; a 304 costs no parsing.
 * - Backoff: after n consecutive failures (network error, timeout, HTTP error, unparsable body) the
 *   next poll waits min(maxBackoffMs, backoffBaseMs × 2^(n−1)), or the server's `Retry-After` when
 *   that is longer (429, 503). A success or a 304 resets it.
 * - Validators are only kept from a response whose body parsed, so a broken body is fetched again
 *   in full next time rather than hidden behind a 304.
 */
import { FeedParseError, parseFeed, type ParsedFeed } from './parse';

export interface PollPolicy {
  /** Normal interval between polls. Default 5 minutes. */
  readonly intervalMs: number;
  /** First backoff delay. Default 1 minute. */
  readonly backoffBaseMs: number;
  /** Backoff ceiling. Default 1 hour. */
  readonly maxBackoffMs: number;
  /** Request timeout. Default 15 seconds. */
  readonly timeoutMs: number;
  /** Largest body accepted, in bytes. Default 5 MB. */
  readonly maxBytes: number;
}

export const DEFAULT_POLL_POLICY: PollPolicy = {
  intervalMs: 5 * 60_000,
  backoffBaseMs: 60_000,
  maxBackoffMs: 60 * 60_000,
  timeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
};

export interface FeedState {
  readonly url: string;
  readonly etag?: string;
  readonly lastModified?: string;
  /** Consecutive failures. */
  readonly failures: number;
  /** Epoch ms before which the feed is not polled. */
  readonly nextPollAt: number;
  readonly lastStatus?: number;
  readonly lastError?: string;
  readonly lastSuccessAt?: number;
}

export function initialFeedState(url: string, now: number): FeedState {
  return { url, failures: 0, nextPollAt: now };
}

export function isDue(state: FeedState, now: number): boolean {
  return now >= state.nextPollAt;
}

/** Request headers for a conditional GET. */
export function conditionalHeaders(state: FeedState): Record<string, string> {
  const h: Record<string, string> = {};
  if (state.etag) h['if-none-match'] = state.etag;
  if (state.lastModified) h['if-modified-since'] = state.lastModified;
  return h;
}

/** The backoff delay after `failures` consecutive failures (failures >= 1). */
export function backoffDelay(failures: number, policy: PollPolicy = DEFAULT_POLL_POLICY): number {
  const exp = Math.min(30, Math.max(0, failures - 1)); // 2^30 × any sane base is past every ceiling
  return Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** exp);
}

export function onUpdated(
  state: FeedState,
  validators: { etag?: string; lastModified?: string },
  now: number,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): FeedState {
  return {
    url: state.url,
    etag: validators.etag,
    lastModified: validators.lastModified,
    failures: 0,
    nextPollAt: now + policy.intervalMs,
    lastStatus: 200,
    lastSuccessAt: now,
  };
}

export function onNotModified(
  state: FeedState,
  now: number,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): FeedState {
  return {
    ...state,
    failures: 0,
    nextPollAt: now + policy.intervalMs,
    lastStatus: 304,
    lastError: undefined,
    lastSuccessAt: now,
  };
}

export function onFailure(
  state: FeedState,
  failure: { status?: number; error: string; retryAfterMs?: number },
  now: number,
  policy: PollPolicy = DEFAULT_POLL_POLICY,
): FeedState {
  const failures = state.failures + 1;
  const delay = Math.max(
    backoffDelay(failures, policy),
    Math.min(failure.retryAfterMs ?? 0, policy.maxBackoffMs),
  );
  return {
    ...state,
    failures,
    nextPollAt: now + delay,
    lastStatus: failure.status,
    lastError: failure.error,
  };
}

/** Retry-After as milliseconds from now (delta-seconds or an HTTP date), or undefined. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

export type PollResult =
  | { readonly outcome: 'updated'; readonly state: FeedState; readonly feed: ParsedFeed }
  | { readonly outcome: 'not-modified'; readonly state: FeedState }
  | {
      readonly outcome: 'failed';
      readonly state: FeedState;
      readonly error: string;
      readonly status?: number;
    };

export interface PollDeps {
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly policy?: PollPolicy;
  readonly userAgent?: string;
}

/** One conditional GET of the feed, and the state that follows. Never throws. */
export async function pollFeed(state: FeedState, deps: PollDeps = {}): Promise<PollResult> {
  const doFetch = deps.fetch ?? fetch;
  const now = deps.now ?? Date.now;
  const policy = deps.policy ?? DEFAULT_POLL_POLICY;
  const fail = (error: string, status?: number, retryAfterMs?: number): PollResult => ({
    outcome: 'failed',
    error,
    status,
    state: onFailure(state, { status, error, retryAfterMs }, now(), policy),
  });
  let res: Response;
  try {
    res = await doFetch(state.url, {
      headers: {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1',
        'user-agent': deps.userAgent ?? 'crypto-analytics-sentiment/0.1 (feed reader)',
        ...conditionalHeaders(state),
      },
      redirect: 'follow',
      signal: AbortSignal.timeout(policy.timeoutMs),
    });
  } catch (e) {
    return fail(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  }
  if (res.status === 304) {
    await res.body?.cancel();
    return { outcome: 'not-modified', state: onNotModified(state, now(), policy) };
  }
  if (!res.ok) {
    await res.body?.cancel();
    return fail(`HTTP ${res.status}`, res.status, parseRetryAfter(res.headers.get('retry-after'), now()));
  }
  let body: string;
  try {
    body = await readLimited(res, policy.maxBytes);
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e), res.status);
  }
  try {
    const feed = parseFeed(body, res.url || state.url);
    const validators = {
      etag: res.headers.get('etag') ?? undefined,
      lastModified: res.headers.get('last-modified') ?? undefined,
    };
    return { outcome: 'updated', feed, state: onUpdated(state, validators, now(), policy) };
  } catch (e) {
    return fail(e instanceof FeedParseError ? e.message : `parse error: ${String(e)}`, res.status);
  }
}

async function readLimited(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new Error(`feed larger than ${maxBytes} bytes`);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new Error(`feed larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return decode(Buffer.concat(chunks), res.headers.get('content-type'));
}

/** Decodes by the charset of the Content-Type, else of the XML declaration, else UTF-8. */
function decode(bytes: Buffer, contentType: string | null): string {
  const declared =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1] ??
    /^<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(bytes.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
