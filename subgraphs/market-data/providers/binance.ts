import DecimalJs from 'decimal.js';
import { z } from 'zod';
import { canonicalDecimal, isExactDecimal, type Quote } from '../core';
import {
  StreamingProvider,
  type StreamConnection,
  type StreamingProviderOptions,
} from './streaming-provider';
import type { MarketSink } from './types';

/**
 * Binance spot public market streams, combined-stream form:
 * `wss://stream.binance.com:9443/stream?streams=btcusdt@trade/btcusdt@miniTicker`,
 * every message wrapped as `{"stream": "<name>", "data": <payload>}` with
 * Binance's field names (e event type, E event time, s symbol, t trade id,
 * p price, q quantity, T trade time; decimals are strings, times ms).
 *
 * Binance pings every 20 s and drops a connection that does not pong within
 * a minute (`ws` pongs automatically), ends every connection at 24 hours,
 * and announces restarts with a `serverShutdown` event; we replace the
 * connection before the 24 h mark and on that event.
 */
export interface BinanceProviderOptions extends StreamingProviderOptions {
  coinIds: readonly string[];
  /** `trade` (default): every trade as a tick. `kline`: Binance's own 1-minute candles (`@kline_1m`). */
  mode?: 'trade' | 'kline';
  /** Also subscribe `@miniTicker` for 24h quotes (default true). */
  miniTicker?: boolean;
  /** USD stablecoin quote to subscribe (default USDT). */
  quoteAsset?: 'USDT' | 'USDC';
  /** Default `wss://stream.binance.com:9443`; `wss://data-stream.binance.vision` also serves market data. */
  baseUrl?: string;
  /** Default 23.5 h, ahead of Binance's 24 h disconnect. */
  maxConnectionAgeMs?: number;
  /** Default 90 s (Binance pings every 20 s). */
  idleTimeoutMs?: number;
}

// decimal.js rounds to 20 significant digits by default; 80 keeps venue decimals exact.
const Decimal = DecimalJs.clone({ precision: 80 });

const decimal = z.string().refine(isExactDecimal, 'not an exact decimal');
const ms = z.number().int().nonnegative();

const TradeSchema = z.looseObject({
  e: z.literal('trade'),
  E: ms,
  s: z.string(),
  t: z.number().int(),
  p: decimal,
  q: decimal,
  T: ms,
});
const MiniTickerSchema = z.looseObject({
  e: z.literal('24hrMiniTicker'),
  E: ms,
  s: z.string(),
  c: decimal,
  o: decimal,
  h: decimal,
  l: decimal,
  v: decimal,
  q: decimal,
});
const KlineSchema = z.looseObject({
  e: z.literal('kline'),
  E: ms,
  s: z.string(),
  k: z.looseObject({
    t: ms,
    T: ms,
    s: z.string(),
    i: z.string(),
    o: decimal,
    c: decimal,
    h: decimal,
    l: decimal,
    v: decimal,
    x: z.boolean(),
  }),
});
const EnvelopeSchema = z.looseObject({ stream: z.string(), data: z.looseObject({ e: z.string() }) });

export class BinanceStreamProvider extends StreamingProvider {
  readonly name = 'binance';

  constructor(private readonly options: BinanceProviderOptions) {
    super(options);
  }

  /** The combined-stream URL for the configured coins. */
  streamUrl(): string {
    const quote = this.options.quoteAsset ?? 'USDT';
    const streams: string[] = [];
    for (const coinId of this.options.coinIds) {
      const symbol = this.symbols.toBinance(coinId, quote);
      if (symbol === undefined) {
        this.logger.warn({ provider: this.name, coinId }, 'no Binance symbol for coin; skipping');
        continue;
      }
      const lower = symbol.toLowerCase();
      streams.push((this.options.mode ?? 'trade') === 'kline' ? `${lower}@kline_1m` : `${lower}@trade`);
      if (this.options.miniTicker ?? true) streams.push(`${lower}@miniTicker`);
    }
    if (streams.length === 0) throw new Error('Binance provider: none of the configured coins has a symbol');
    const base = (this.options.baseUrl ?? 'wss://stream.binance.com:9443').replace(/\/$/, '');
    return `${base}/stream?streams=${streams.join('/')}`;
  }

  protected connection(): StreamConnection {
    return {
      url: this.streamUrl(),
      maxConnectionAgeMs: this.options.maxConnectionAgeMs ?? 23.5 * 3_600_000,
      idleTimeoutMs: this.options.idleTimeoutMs ?? 90_000,
    };
  }

  protected receive(raw: unknown, text: string, sink: MarketSink): void {
    const envelope = EnvelopeSchema.safeParse(raw);
    if (!envelope.success) {
      // Replies to SUBSCRIBE-style requests ({"result": null, "id": 1}) carry no market data.
      if (typeof raw === 'object' && raw !== null && 'id' in raw) return;
      return this.malformed('not a combined-stream envelope', text);
    }
    const data = envelope.data.data;
    switch (data.e) {
      case 'trade': {
        const t = TradeSchema.safeParse(data);
        if (!t.success) return this.malformed(t.error.issues[0]?.message ?? 'bad trade', text);
        const coinId = this.symbols.fromBinance(t.data.s);
        if (coinId === undefined) return;
        sink.onTick({
          coinId,
          price: t.data.p,
          quantity: t.data.q,
          ts: t.data.T,
          source: this.name,
          tradeId: String(t.data.t),
        });
        return;
      }
      case '24hrMiniTicker': {
        const m = MiniTickerSchema.safeParse(data);
        if (!m.success) return this.malformed(m.error.issues[0]?.message ?? 'bad miniTicker', text);
        const coinId = this.symbols.fromBinance(m.data.s);
        if (coinId === undefined || !sink.onQuote) return;
        const open = new Decimal(m.data.o);
        const quote: Quote = {
          coinId,
          price: canonicalDecimal(m.data.c),
          ts: m.data.E,
          source: this.name,
          // `q` is the quote-asset (USDT, i.e. USD) volume; `v` would be in coin units.
          volume24h: canonicalDecimal(m.data.q),
          high24h: canonicalDecimal(m.data.h),
          low24h: canonicalDecimal(m.data.l),
        };
        if (!open.isZero())
          quote.change24hPct = new Decimal(m.data.c).minus(open).div(open).times(100).toNumber();
        sink.onQuote(quote);
        return;
      }
      case 'kline': {
        const k = KlineSchema.safeParse(data);
        if (!k.success) return this.malformed(k.error.issues[0]?.message ?? 'bad kline', text);
        if (k.data.k.i !== '1m') return;
        const coinId = this.symbols.fromBinance(k.data.s);
        if (coinId === undefined || !sink.onMinuteCandle) return;
        const c = k.data.k;
        sink.onMinuteCandle({
          coinId,
          openTime: c.t,
          open: c.o,
          high: c.h,
          low: c.l,
          close: c.c,
          volume: c.v,
          ts: k.data.E,
        });
        return;
      }
      case 'serverShutdown':
        this.rotate('serverShutdown');
        return;
      default:
        this.logger.debug({ provider: this.name, event: data.e }, 'ignoring Binance event');
    }
  }
}
