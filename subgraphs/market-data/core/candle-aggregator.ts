import { bucketStart, INTERVAL_MS, MINUTE_MS, ROLLUP_INTERVALS, type CandleInterval } from './intervals';
import { formatScaled, parseScaled } from './scaled-decimal';
import type { Candle, Tick } from './types';

export interface CandleAggregatorOptions {
  /**
   * How long after a minute ends a late tick may still correct that minute
   * (default 5000 ms). "Late" is judged against event time: the newest tick
   * time seen for the same coin. A tick whose minute ended more than `graceMs`
   * before that is dropped and counted in `stats().late`.
   */
  graceMs?: number;
  /** Coarser intervals maintained from the 1-minute candles (default: all of them). */
  rollups?: readonly CandleInterval[];
  /**
   * Ticks stamped further than this ahead of `now()` are refused as invalid
   * (default 60000 ms): one bad venue clock would otherwise push the coin's
   * event time forward and make every honest tick after it "late".
   */
  maxFutureSkewMs?: number;
  /** Wall clock, injectable for tests (default `Date.now`). */
  now?: () => number;
}

/** What happened to one tick. */
export type IngestOutcome = 'accepted' | 'duplicate' | 'late' | 'invalid';

export interface AggregatorStats {
  accepted: number;
  duplicates: number;
  late: number;
  invalid: number;
}

/** An exchange-built 1-minute candle (Binance `@kline_1m`), authoritative for its minute. */
export interface MinuteCandleUpdate {
  coinId: string;
  openTime: number;
  open: string;
  high: string;
  low: string;
  close: string;
  volume: string;
  /** Event time of this update, ms epoch. */
  ts: number;
}

/** Mutable state of one candle; values are 10^-18 units (see scaled-decimal.ts). */
interface Bar {
  openTime: number;
  open: bigint;
  openTs: number;
  openId: string | undefined;
  high: bigint;
  low: bigint;
  close: bigint;
  closeTs: number;
  closeId: string | undefined;
  volume: bigint;
  /** Minute bars: the part of `volume` already added to the roll-ups. */
  rolled: bigint;
  dirty: boolean;
  /** Minute bars: `source|tradeId` keys already counted, for de-duplication. */
  seen: Set<string> | undefined;
}

interface CoinState {
  coinId: string;
  /** Newest tick time seen for this coin (event-time watermark). */
  watermark: number;
  minutes: Map<number, Bar>;
  rollups: Map<CandleInterval, Map<number, Bar>>;
}

const DIGITS = /^\d+$/;

/**
 * Orders two ticks that share a millisecond by venue trade id when both ids are
 * integers (Binance, Coinbase and the simulator number trades in sequence), so
 * the result does not depend on arrival order. Otherwise they compare equal and
 * arrival order decides: the first stays the open, the last becomes the close.
 */
function compareIds(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined || a === b) return 0;
  if (!DIGITS.test(a) || !DIGITS.test(b)) return 0;
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : 1;
}

function isEarlier(ts: number, id: string | undefined, refTs: number, refId: string | undefined): boolean {
  return ts < refTs || (ts === refTs && compareIds(id, refId) < 0);
}

function isLaterOrSame(
  ts: number,
  id: string | undefined,
  refTs: number,
  refId: string | undefined,
): boolean {
  return ts > refTs || (ts === refTs && compareIds(id, refId) >= 0);
}

function newBar(openTime: number, price: bigint, ts: number, id: string | undefined, volume: bigint): Bar {
  return {
    openTime,
    open: price,
    openTs: ts,
    openId: id,
    high: price,
    low: price,
    close: price,
    closeTs: ts,
    closeId: id,
    volume,
    rolled: 0n,
    dirty: true,
    seen: undefined,
  };
}

/**
 * Turns ticks into 1-minute candles and rolls them up to 5m, 15m, 1h, 4h and
 * 1d, in memory, with exact scaled-integer arithmetic.
 *
 * - open = first tick by time, close = last tick by time, high = max,
 *   low = min, volume = sum of quantities; arrival order does not matter.
 * - Duplicates (same `source` + `tradeId`) are counted once.
 * - A late tick within the grace window corrects its candle; later ones are
 *   dropped and counted.
 * - `flush()` returns every candle changed since the previous flush, with full
 *   values (not deltas), so each can be written as an idempotent upsert keyed
 *   by (coinId, interval, openTime); it also forgets candles that can no
 *   longer change.
 *
 * Pure state, no I/O and no timers: the caller decides when to flush.
 */
export class CandleAggregator {
  private readonly graceMs: number;
  private readonly rollups: readonly CandleInterval[];
  private readonly maxFutureSkewMs: number;
  private readonly now: () => number;
  private readonly coins = new Map<string, CoinState>();
  private dirtyMinutes: Array<[CoinState, Bar]> = [];
  private touched = new Set<CoinState>();
  private readonly counters: AggregatorStats = { accepted: 0, duplicates: 0, late: 0, invalid: 0 };

  constructor(options: CandleAggregatorOptions = {}) {
    this.graceMs = options.graceMs ?? 5000;
    this.rollups = options.rollups ?? ROLLUP_INTERVALS;
    this.maxFutureSkewMs = options.maxFutureSkewMs ?? 60_000;
    this.now = options.now ?? Date.now;
    if (this.rollups.includes('MINUTE_1')) throw new Error('MINUTE_1 is the base interval, not a roll-up');
  }

  /** Running counts of accepted, duplicate, late and invalid ticks. */
  stats(): AggregatorStats {
    return { ...this.counters };
  }

  /** Adds one tick; see the class comment for the rules. */
  ingest(tick: Tick): IngestOutcome {
    const ts = tick.ts;
    if (!Number.isSafeInteger(ts) || ts < 0 || ts > this.now() + this.maxFutureSkewMs || !tick.coinId) {
      this.counters.invalid++;
      return 'invalid';
    }
    let price: bigint;
    let quantity: bigint;
    try {
      price = parseScaled(tick.price);
      quantity = parseScaled(tick.quantity);
    } catch {
      this.counters.invalid++;
      return 'invalid';
    }
    if (price <= 0n || quantity < 0n) {
      this.counters.invalid++;
      return 'invalid';
    }

    const coin = this.coinState(tick.coinId);
    const minute = ts - (ts % MINUTE_MS);
    if (minute + MINUTE_MS + this.graceMs <= coin.watermark) {
      this.counters.late++;
      return 'late';
    }

    let bar = coin.minutes.get(minute);
    const id = tick.tradeId;
    let key: string | undefined;
    if (id !== undefined) {
      key = tick.source + '|' + id;
      if (bar?.seen?.has(key)) {
        this.counters.duplicates++;
        return 'duplicate';
      }
    }
    if (ts > coin.watermark) coin.watermark = ts;

    if (bar === undefined) {
      bar = newBar(minute, price, ts, id, quantity);
      coin.minutes.set(minute, bar);
      this.dirtyMinutes.push([coin, bar]);
    } else {
      if (isEarlier(ts, id, bar.openTs, bar.openId)) {
        bar.open = price;
        bar.openTs = ts;
        bar.openId = id;
      }
      if (isLaterOrSame(ts, id, bar.closeTs, bar.closeId)) {
        bar.close = price;
        bar.closeTs = ts;
        bar.closeId = id;
      }
      if (price > bar.high) bar.high = price;
      if (price < bar.low) bar.low = price;
      bar.volume += quantity;
      if (!bar.dirty) {
        bar.dirty = true;
        this.dirtyMinutes.push([coin, bar]);
      }
    }
    if (key !== undefined) (bar.seen ??= new Set()).add(key);
    this.touched.add(coin);
    this.counters.accepted++;
    return 'accepted';
  }

  /**
   * Replaces a minute with an exchange-built candle (kline streams send the
   * whole minute so far on every update). Same grace rule as ticks.
   */
  ingestMinuteCandle(update: MinuteCandleUpdate): IngestOutcome {
    let values: bigint[];
    try {
      values = [update.open, update.high, update.low, update.close, update.volume].map(parseScaled);
    } catch {
      this.counters.invalid++;
      return 'invalid';
    }
    const [open, high, low, close, volume] = values as [bigint, bigint, bigint, bigint, bigint];
    if (
      update.openTime % MINUTE_MS !== 0 ||
      !Number.isSafeInteger(update.ts) ||
      update.ts > this.now() + this.maxFutureSkewMs ||
      low <= 0n ||
      high < low ||
      volume < 0n
    ) {
      this.counters.invalid++;
      return 'invalid';
    }
    const coin = this.coinState(update.coinId);
    if (update.openTime + MINUTE_MS + this.graceMs <= coin.watermark) {
      this.counters.late++;
      return 'late';
    }
    const closeTs = Math.min(Math.max(update.ts, update.openTime), update.openTime + MINUTE_MS - 1);
    if (closeTs > coin.watermark) coin.watermark = closeTs;
    let bar = coin.minutes.get(update.openTime);
    if (bar === undefined) {
      bar = newBar(update.openTime, open, update.openTime, undefined, volume);
      coin.minutes.set(update.openTime, bar);
      this.dirtyMinutes.push([coin, bar]);
    } else if (!bar.dirty) {
      bar.dirty = true;
      this.dirtyMinutes.push([coin, bar]);
    }
    bar.open = open;
    bar.openTs = update.openTime;
    bar.high = high;
    bar.low = low;
    bar.close = close;
    bar.closeTs = closeTs;
    bar.volume = volume;
    this.touched.add(coin);
    this.counters.accepted++;
    return 'accepted';
  }

  /**
   * Loads an already persisted candle of a still-open bucket (after a
   * restart), so that new ticks extend it instead of overwriting it. Seed the
   * latest candle of every interval: a seeded 1-minute candle counts as
   * already rolled up. Trade ids seen before the restart are not known, so a
   * provider that replays old trades after a restart would count them twice.
   */
  seed(candle: Candle): void {
    const coin = this.coinState(candle.coinId);
    const values = [candle.open, candle.high, candle.low, candle.close, candle.volume].map(parseScaled);
    const [open, high, low, close, volume] = values as [bigint, bigint, bigint, bigint, bigint];
    const bar: Bar = {
      ...newBar(candle.openTime, open, candle.openTime, undefined, volume),
      high,
      low,
      close,
      rolled: volume,
      dirty: false,
    };
    if (candle.interval === 'MINUTE_1') {
      coin.minutes.set(candle.openTime, bar);
    } else {
      let buckets = coin.rollups.get(candle.interval);
      if (buckets === undefined) coin.rollups.set(candle.interval, (buckets = new Map()));
      buckets.set(candle.openTime, bar);
    }
  }

  /**
   * Returns every candle (1-minute and roll-ups) changed since the last flush,
   * with full values for idempotent upserts, then forgets candles whose
   * bucket ended more than `graceMs` before the coin's newest tick.
   */
  flush(): Candle[] {
    const out: Candle[] = [];
    const dirtyRollups: Array<[CoinState, CandleInterval, Bar]> = [];
    const minutes = this.dirtyMinutes;
    this.dirtyMinutes = [];
    for (const [coin, bar] of minutes) {
      const delta = bar.volume - bar.rolled;
      bar.rolled = bar.volume;
      for (const interval of this.rollups) {
        let buckets = coin.rollups.get(interval);
        if (buckets === undefined) coin.rollups.set(interval, (buckets = new Map()));
        const start = bucketStart(bar.openTime, interval);
        let r = buckets.get(start);
        if (r === undefined) {
          r = { ...newBar(start, bar.open, bar.openTs, bar.openId, delta), high: bar.high, low: bar.low };
          r.close = bar.close;
          r.closeTs = bar.closeTs;
          r.closeId = bar.closeId;
          buckets.set(start, r);
          dirtyRollups.push([coin, interval, r]);
          continue;
        }
        if (isEarlier(bar.openTs, bar.openId, r.openTs, r.openId)) {
          r.open = bar.open;
          r.openTs = bar.openTs;
          r.openId = bar.openId;
        }
        if (isLaterOrSame(bar.closeTs, bar.closeId, r.closeTs, r.closeId)) {
          r.close = bar.close;
          r.closeTs = bar.closeTs;
          r.closeId = bar.closeId;
        }
        if (bar.high > r.high) r.high = bar.high;
        if (bar.low < r.low) r.low = bar.low;
        r.volume += delta;
        if (!r.dirty) {
          r.dirty = true;
          dirtyRollups.push([coin, interval, r]);
        }
      }
      bar.dirty = false;
      out.push(toCandle(coin.coinId, 'MINUTE_1', bar));
    }
    for (const [coin, interval, bar] of dirtyRollups) {
      bar.dirty = false;
      out.push(toCandle(coin.coinId, interval, bar));
    }
    for (const coin of this.touched) this.evictSealed(coin);
    this.touched = new Set();
    return out;
  }

  /** Number of candles held in memory (for metrics and tests of eviction). */
  openCandleCount(): number {
    let n = 0;
    for (const coin of this.coins.values()) {
      n += coin.minutes.size;
      for (const buckets of coin.rollups.values()) n += buckets.size;
    }
    return n;
  }

  private coinState(coinId: string): CoinState {
    let coin = this.coins.get(coinId);
    if (coin === undefined) {
      coin = { coinId, watermark: 0, minutes: new Map(), rollups: new Map() };
      this.coins.set(coinId, coin);
    }
    return coin;
  }

  private evictSealed(coin: CoinState): void {
    const horizon = coin.watermark - this.graceMs;
    for (const [openTime, bar] of coin.minutes) {
      if (openTime + MINUTE_MS <= horizon && !bar.dirty) coin.minutes.delete(openTime);
    }
    for (const [interval, buckets] of coin.rollups) {
      const size = INTERVAL_MS[interval];
      for (const [openTime, bar] of buckets) {
        if (openTime + size <= horizon && !bar.dirty) buckets.delete(openTime);
      }
    }
  }
}

function toCandle(coinId: string, interval: CandleInterval, bar: Bar): Candle {
  return {
    coinId,
    interval,
    openTime: bar.openTime,
    open: formatScaled(bar.open),
    high: formatScaled(bar.high),
    low: formatScaled(bar.low),
    close: formatScaled(bar.close),
    volume: formatScaled(bar.volume),
  };
}
