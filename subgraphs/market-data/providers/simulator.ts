import { createCipheriv, createHash } from 'node:crypto';
import DecimalJs from 'decimal.js';
import { parseScaled, type Quote, type Tick } from '../core';
import type { MarketProvider, MarketSink, ProviderLogger } from './types';
import { silentLogger } from './types';

/** One simulated coin: a geometric Brownian motion from `startPrice`. */
export interface SimulatedCoin {
  coinId: string;
  /** Exact decimal start price in USD. */
  startPrice: string;
  /** Annualised drift mu (0.05 = +5 %/year). */
  drift: number;
  /** Annualised volatility sigma (0.8 = 80 %/year, bitcoin-like). */
  volatility: number;
  /** Decimal places of emitted prices (default 2). */
  priceDecimals?: number;
  /** Mean traded quantity per tick (exponentially distributed, default 0.5). */
  meanQuantity?: number;
  /** Decimal places of emitted quantities (default 6). */
  quantityDecimals?: number;
}

export interface SimulatorConfig {
  /** Same seed, same coins, same rate: same prices, quantities and trade ids. */
  seed: string;
  coins: readonly SimulatedCoin[];
  /** Time between two ticks of the same coin, ms (rate = 1000 / tickIntervalMs ticks/s per coin). */
  tickIntervalMs: number;
}

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/**
 * Deterministic uniform stream: the AES-128-CTR keystream under a key derived
 * from the seed. node:crypto gives the same bytes on every platform and
 * version, unlike Math.random, which cannot be seeded.
 */
class SeededUniform {
  private readonly cipher;
  private readonly zeros = Buffer.alloc(4096);
  private buf = Buffer.alloc(0);
  private pos = 0;

  constructor(seed: string) {
    const key = createHash('sha256').update(seed).digest().subarray(0, 16);
    this.cipher = createCipheriv('aes-128-ctr', key, Buffer.alloc(16));
  }

  /** Uniform in (0, 1), 53 bits of randomness, never exactly 0. */
  next(): number {
    if (this.pos + 8 > this.buf.length) {
      this.buf = this.cipher.update(this.zeros);
      this.pos = 0;
    }
    const hi = this.buf.readUInt32BE(this.pos) >>> 5;
    const lo = this.buf.readUInt32BE(this.pos + 4) >>> 6;
    this.pos += 8;
    return (hi * 67108864 + lo + 0.5) / 9007199254740992;
  }
}

interface CoinPath {
  coin: SimulatedCoin;
  price: number;
  tradeId: number;
  priceDecimals: number;
  quantityDecimals: number;
  minPrice: string;
}

/**
 * Seeded geometric Brownian motion for offline use and demos:
 * S(t+dt) = S(t) * exp((mu - sigma^2/2) dt + sigma sqrt(dt) Z), Z ~ N(0, 1).
 * The path is simulated in floating point (it is synthetic data); what it
 * emits are exact decimal strings rounded to `priceDecimals`, and those
 * strings are the values downstream stores. Trade ids count from 1 per coin.
 */
export class GbmSimulator {
  private readonly rng: SeededUniform;
  private readonly paths: CoinPath[];
  private readonly dtYears: number;
  private spareNormal: number | undefined;

  constructor(private readonly config: SimulatorConfig) {
    if (!(config.tickIntervalMs > 0)) throw new Error('tickIntervalMs must be > 0');
    this.rng = new SeededUniform(config.seed);
    this.dtYears = config.tickIntervalMs / MS_PER_YEAR;
    this.paths = config.coins.map((coin) => {
      if (parseScaled(coin.startPrice) <= 0n)
        throw new Error(`startPrice of ${coin.coinId} must be positive`);
      const priceDecimals = coin.priceDecimals ?? 2;
      return {
        coin,
        price: Number(coin.startPrice),
        tradeId: 0,
        priceDecimals,
        quantityDecimals: coin.quantityDecimals ?? 6,
        minPrice: (10 ** -priceDecimals).toFixed(priceDecimals),
      };
    });
  }

  /** One tick per coin, all stamped `ts`. */
  step(ts: number): Tick[] {
    return this.paths.map((p) => {
      const { drift, volatility } = p.coin;
      const z = this.normal();
      p.price *= Math.exp(
        (drift - (volatility * volatility) / 2) * this.dtYears + volatility * Math.sqrt(this.dtYears) * z,
      );
      let price = p.price.toFixed(p.priceDecimals);
      if (parseScaled(price) === 0n) price = p.minPrice; // keep a collapsing path a valid (positive) price
      const quantity = (-Math.log(this.rng.next()) * (p.coin.meanQuantity ?? 0.5)).toFixed(
        p.quantityDecimals,
      );
      p.tradeId += 1;
      return { coinId: p.coin.coinId, price, quantity, ts, source: 'simulator', tradeId: String(p.tradeId) };
    });
  }

  get tickIntervalMs(): number {
    return this.config.tickIntervalMs;
  }

  // Box-Muller; the second normal of each pair is kept for the next call.
  private normal(): number {
    if (this.spareNormal !== undefined) {
      const z = this.spareNormal;
      this.spareNormal = undefined;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(this.rng.next()));
    const theta = 2 * Math.PI * this.rng.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }
}

/** Pure: the first `count` ticks of a seeded run starting at `startTime` (round-robin over coins). */
export function generateTicks(config: SimulatorConfig & { startTime: number }, count: number): Tick[] {
  const sim = new GbmSimulator(config);
  const out: Tick[] = [];
  for (let round = 0; out.length < count; round++) {
    for (const t of sim.step(config.startTime + round * config.tickIntervalMs)) {
      if (out.length === count) break;
      out.push(t);
    }
  }
  return out;
}

export interface SimulatorProviderOptions extends SimulatorConfig {
  now?: () => number;
  logger?: ProviderLogger;
}

// 80 significant digits keep sums of price x quantity exact.
const Decimal = DecimalJs.clone({ precision: 80 });
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface HourBucket {
  start: number;
  firstPrice: string;
  valueUsd: DecimalJs;
}

/**
 * Rolling 24-hour statistics of one simulated coin, to the hour: traded value in USD (sum of
 * price x quantity over the hours that ended less than a day ago) and the change against the
 * price 24 hours earlier (the first price of the last hour that began by then). The simulated
 * market opens at the first observed price, so until a day of history exists the change is
 * measured from that opening price and the volume covers the hours since.
 */
export class Rolling24h {
  private readonly buckets: HourBucket[] = [];
  private openPrice: string | undefined;

  observe(price: string, quantity: string, ts: number): { change24hPct: number; volume24h: string } {
    this.openPrice ??= price;
    const start = ts - (ts % HOUR_MS);
    let last = this.buckets[this.buckets.length - 1];
    if (!last || last.start < start) {
      last = { start, firstPrice: price, valueUsd: new Decimal(0) };
      this.buckets.push(last);
    }
    last.valueUsd = last.valueUsd.plus(new Decimal(price).times(quantity));
    // The reference is the opening price of the hour that began 24 hours ago, once it is known.
    const horizon = ts - DAY_MS;
    while (this.buckets.length > 1 && this.buckets[1]!.start <= horizon) this.buckets.shift();
    const first = this.buckets[0]!;
    const reference = first.start <= horizon ? first.firstPrice : this.openPrice;
    let volume = new Decimal(0);
    for (const b of this.buckets) if (b.start > horizon - HOUR_MS) volume = volume.plus(b.valueUsd);
    const ref = new Decimal(reference);
    return {
      change24hPct: new Decimal(price).minus(ref).div(ref).times(100).toNumber(),
      volume24h: volume.toFixed(),
    };
  }
}

/**
 * The offline market feed (MARKET_PROVIDER=simulator): every `tickIntervalMs`
 * it emits one trade tick and one quote per coin, stamped with the clock.
 * Quotes carry rolling 24-hour change and volume (see `Rolling24h`), so the
 * market overview has gainers and losers offline too.
 */
export class SimulatorProvider implements MarketProvider {
  readonly name = 'simulator';
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;
  private readonly logger: ProviderLogger;

  constructor(private readonly options: SimulatorProviderOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  async start(sink: MarketSink): Promise<void> {
    if (this.timer) return;
    const sim = new GbmSimulator(this.options);
    const stats = new Map(this.options.coins.map((c) => [c.coinId, new Rolling24h()]));
    sink.onStatus?.({ provider: this.name, state: 'connected' });
    this.timer = setInterval(() => {
      try {
        for (const tick of sim.step(this.now())) {
          sink.onTick(tick);
          const day = stats.get(tick.coinId)!.observe(tick.price, tick.quantity, tick.ts);
          const quote: Quote = {
            coinId: tick.coinId,
            price: tick.price,
            ts: tick.ts,
            source: this.name,
            ...day,
          };
          sink.onQuote?.(quote);
        }
      } catch (err) {
        this.logger.error({ err, provider: this.name }, 'market sink failed');
      }
    }, this.options.tickIntervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
