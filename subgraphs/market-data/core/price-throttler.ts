import { formatScaled, parseScaled } from './scaled-decimal';

/** A price observation offered to the throttler. */
export interface PriceObservation {
  coinId: string;
  /** Exact decimal price. */
  price: string;
  /** Observation time, ms epoch. */
  ts: number;
  source: string;
  volume24h?: string;
  change24hPct?: number;
}

/**
 * A price event to publish (the payload of `price_updates` v1 before the
 * publisher adds `v`, `id` and an ISO `ts`). Decimals are canonical strings. `high` and `low` are the extremes
 * of every price observed for the coin since its previous event, this one
 * included, so a spike between two throttled events is never hidden.
 */
export interface ThrottledPriceEvent {
  coinId: string;
  price: string;
  high: string;
  low: string;
  volume24h?: string;
  change24hPct?: number;
  source: string;
  ts: number;
}

export interface PriceThrottlerOptions {
  /** At most this many events per second per coin (> 0; e.g. 2 means one every 500 ms). */
  maxEventsPerSecond: number;
  /** Clock, injectable for tests (default `Date.now`). */
  now?: () => number;
}

interface Pending {
  latest: PriceObservation;
  high: string;
  highScaled: bigint;
  low: string;
  lowScaled: bigint;
}

interface CoinThrottle {
  lastEmitAt: number;
  pending: Pending | undefined;
}

/**
 * Per-coin rate limiter for price events with a trailing edge: the first
 * observation after a quiet period goes out at once; observations inside the
 * window are folded into one pending event (latest price, running high/low)
 * that `takeDue()` releases when the window ends. The latest price is
 * therefore always delivered, at most `1000 / maxEventsPerSecond` ms late.
 *
 * Pure state plus an injectable clock; the caller schedules `takeDue()`
 * (e.g. with a timer at `nextDueAt()`).
 */
export class PriceThrottler {
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly coins = new Map<string, CoinThrottle>();

  constructor(options: PriceThrottlerOptions) {
    if (!(options.maxEventsPerSecond > 0)) throw new Error('maxEventsPerSecond must be > 0');
    this.minIntervalMs = 1000 / options.maxEventsPerSecond;
    this.now = options.now ?? Date.now;
  }

  /**
   * Records an observation. Returns the event to publish now, or undefined
   * when the coin is inside its window (the observation then waits, merged,
   * for `takeDue()`). Throws on a price that is not an exact decimal.
   */
  offer(input: PriceObservation): ThrottledPriceEvent | undefined {
    const scaled = parseScaled(input.price);
    // Events carry canonical decimals ("0.019141", not Binance's "0.01914100").
    const observation = { ...input, price: formatScaled(scaled) };
    let state = this.coins.get(observation.coinId);
    if (state === undefined) {
      state = { lastEmitAt: Number.NEGATIVE_INFINITY, pending: undefined };
      this.coins.set(observation.coinId, state);
    }
    const p = state.pending;
    if (p === undefined) {
      state.pending = {
        latest: observation,
        high: observation.price,
        highScaled: scaled,
        low: observation.price,
        lowScaled: scaled,
      };
    } else {
      // Out-of-order observations still count toward the extremes, but never replace a newer price.
      if (observation.ts >= p.latest.ts) p.latest = observation;
      if (scaled > p.highScaled) {
        p.high = observation.price;
        p.highScaled = scaled;
      }
      if (scaled < p.lowScaled) {
        p.low = observation.price;
        p.lowScaled = scaled;
      }
    }
    const now = this.now();
    if (now - state.lastEmitAt >= this.minIntervalMs) return this.emit(state, now);
    return undefined;
  }

  /** Releases every pending event whose window has ended. */
  takeDue(): ThrottledPriceEvent[] {
    const now = this.now();
    const out: ThrottledPriceEvent[] = [];
    for (const state of this.coins.values()) {
      if (state.pending !== undefined && now - state.lastEmitAt >= this.minIntervalMs) {
        out.push(this.emit(state, now));
      }
    }
    return out;
  }

  /**
   * Releases every pending event now, inside its window or not: on shutdown, so the latest price
   * is published before the replica hands ingestion over instead of being lost.
   */
  drain(): ThrottledPriceEvent[] {
    const now = this.now();
    const out: ThrottledPriceEvent[] = [];
    for (const state of this.coins.values()) if (state.pending !== undefined) out.push(this.emit(state, now));
    return out;
  }

  /** When the earliest pending event becomes due (ms epoch), or undefined when nothing waits. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const state of this.coins.values()) {
      if (state.pending === undefined) continue;
      const due = state.lastEmitAt + this.minIntervalMs;
      if (next === undefined || due < next) next = due;
    }
    return next;
  }

  private emit(state: CoinThrottle, now: number): ThrottledPriceEvent {
    const p = state.pending as Pending;
    state.pending = undefined;
    state.lastEmitAt = now;
    const { latest } = p;
    const event: ThrottledPriceEvent = {
      coinId: latest.coinId,
      price: latest.price,
      high: p.high,
      low: p.low,
      source: latest.source,
      ts: latest.ts,
    };
    if (latest.volume24h !== undefined) event.volume24h = latest.volume24h;
    if (latest.change24hPct !== undefined) event.change24hPct = latest.change24hPct;
    return event;
  }
}
