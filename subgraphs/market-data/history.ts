import type { Db } from '../../lib/db';
import { appError, badInput, ErrorCode, notFound, upstreamUnavailable } from '../../lib/errors';
import { insertMissingCandles, rebuildRollups } from './candle-store';
import { candlesFromSamples, INTERVAL_MS, seriesInterval, type CandleInterval } from './core';
import { CoinGeckoError } from './providers/coingecko';
import type { MarketCatalogProvider } from './providers/types';

export interface BackfillRequest {
  coinId: string;
  from: Date;
  to: Date;
}

export interface BackfillResult {
  /** Interval of the provider's samples, the base the roll-ups are built from. */
  interval: CandleInterval;
  /** Base candles inserted (buckets that had no candle yet). */
  inserted: number;
  /** Coarser candles rebuilt from the stored base candles. */
  rolledUp: number;
}

/** Longest range one request may ask for: CoinGecko answers it in one (daily) series anyway. */
const MAX_RANGE_MS = 10 * 366 * INTERVAL_MS.DAY_1;

/**
 * Loads a coin's price history for [from, to) from the history provider (CoinGecko
 * `market_chart/range`) into candles:
 *
 * - The samples become candles of their own spacing (5 minutes, 1 hour or 1 day; see
 *   `candlesFromSamples`), only for buckets entirely inside the range, with volume 0 because a
 *   sampled series carries no traded quantities.
 * - Existing candles are kept: live and imported candles hold real trades, samples do not. So
 *   the call fills gaps and is idempotent (a second identical call inserts nothing).
 * - Coarser candles are then rebuilt from the stored base candles for every bucket the range
 *   fully covers (core `rollUp`), all in one transaction.
 *
 * A range the provider's plan does not allow (history beyond the keyless range) is the caller's
 * to change: BAD_USER_INPUT with the provider's message, never retried. An unreachable or
 * rate-limiting provider is UPSTREAM_UNAVAILABLE after the client's few bounded retries.
 */
export async function backfillHistory(
  db: Db,
  provider: MarketCatalogProvider,
  request: BackfillRequest,
  nowMs = Date.now(),
): Promise<BackfillResult> {
  const fromMs = request.from.getTime();
  const toMs = Math.min(request.to.getTime(), nowMs);
  if (!(fromMs < request.to.getTime())) throw badInput('from must be before to', { field: 'from' });
  if (fromMs >= nowMs) throw badInput('from must be in the past', { field: 'from' });
  if (toMs - fromMs > MAX_RANGE_MS)
    throw badInput('the range may span at most 10 years; split it', { field: 'to' });
  const coin = await db.coin.findUnique({ where: { id: request.coinId }, select: { id: true } });
  if (!coin) throw notFound(`Coin ${request.coinId}`);

  let points;
  try {
    points = await provider.getHistory(request.coinId, fromMs, toMs);
  } catch (err) {
    throw providerError(err, request.coinId);
  }
  const interval = seriesInterval(points, toMs - fromMs);
  const candles = candlesFromSamples(request.coinId, points, interval, fromMs, toMs);
  return db.$transaction(
    async (tx) => {
      const inserted = candles.length ? await insertMissingCandles(tx, candles) : 0;
      const rolledUp = candles.length ? await rebuildRollups(tx, request.coinId, interval, fromMs, toMs) : 0;
      return { interval, inserted, rolledUp };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** Maps a provider failure onto the API's error codes, keeping the provider's own words. */
export function providerError(err: unknown, coinId: string) {
  if (!(err instanceof CoinGeckoError)) return err;
  const extensions = {
    provider: 'coingecko',
    reason: err.kind,
    ...(err.errorCode !== undefined ? { providerCode: err.errorCode } : {}),
  };
  switch (err.kind) {
    case 'plan_restricted':
      return appError(
        ErrorCode.BAD_USER_INPUT,
        `CoinGecko's plan does not allow this request: ${err.message.trim()}`,
        extensions,
      );
    case 'not_found':
      return appError(ErrorCode.NOT_FOUND, `CoinGecko has no coin ${coinId}`, extensions);
    case 'bad_request':
      return appError(ErrorCode.BAD_USER_INPUT, err.message, extensions);
    case 'rate_limited':
      return appError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `CoinGecko is rate limiting this service; try again later. ${err.message}`,
        {
          ...extensions,
          ...(err.retryAfterMs !== undefined
            ? { retryAfterSeconds: Math.ceil(err.retryAfterMs / 1000) }
            : {}),
        },
      );
    case 'unauthorized':
      return appError(
        ErrorCode.UPSTREAM_UNAVAILABLE,
        `CoinGecko refused this service's API key: ${err.message}`,
        extensions,
      );
    case 'unavailable':
      return upstreamUnavailable(err.message);
  }
}
