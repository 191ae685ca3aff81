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
 * Coinbase Exchange WebSocket feed (`wss://ws-feed.exchange.coinbase.com`),
 * `ticker` channel: one message per match with the trade (`trade_id`,
 * `price`, `last_size`, `time`) and 24h statistics; decimals are strings and
 * `time` an ISO 8601 timestamp with microseconds. The server disconnects a
 * client that has not subscribed within 5 seconds, so the subscribe message
 * is sent as soon as the connection opens. The `heartbeat` channel is added
 * by default so a quiet market does not look like a dead connection.
 */
export interface CoinbaseProviderOptions extends StreamingProviderOptions {
  coinIds: readonly string[];
  /** Default `wss://ws-feed.exchange.coinbase.com`. */
  url?: string;
  /** Subscribe the heartbeat channel too (default true). */
  heartbeat?: boolean;
  /** Default 60 s; with heartbeats a healthy connection sends every second. */
  idleTimeoutMs?: number;
}

// decimal.js rounds to 20 significant digits by default; 80 keeps products of venue decimals exact.
const Decimal = DecimalJs.clone({ precision: 80 });

const decimal = z.string().refine(isExactDecimal, 'not an exact decimal');
// ISO 8601 UTC with up to microseconds, as Coinbase sends it ("2022-10-19T23:28:22.061769Z").
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'not an ISO UTC timestamp');

const TickerSchema = z.looseObject({
  type: z.literal('ticker'),
  product_id: z.string(),
  price: decimal,
  open_24h: decimal.optional(),
  volume_24h: decimal.optional(),
  low_24h: decimal.optional(),
  high_24h: decimal.optional(),
  time: isoTime,
  trade_id: z.number().int().optional(),
  last_size: decimal.optional(),
});
const MessageSchema = z.looseObject({ type: z.string() });

/** Milliseconds since the epoch for an ISO timestamp; sub-millisecond digits are truncated. */
export function isoToMs(iso: string): number {
  return Date.parse(iso.replace(/(\.\d{3})\d+Z$/, '$1Z'));
}

export class CoinbaseTickerProvider extends StreamingProvider {
  readonly name = 'coinbase';

  constructor(private readonly options: CoinbaseProviderOptions) {
    super(options);
  }

  /** The subscribe message sent on every (re)connection. */
  subscribeMessage(): { type: 'subscribe'; product_ids: string[]; channels: string[] } {
    const productIds: string[] = [];
    for (const coinId of this.options.coinIds) {
      const product = this.symbols.toCoinbase(coinId);
      if (product === undefined)
        this.logger.warn({ provider: this.name, coinId }, 'no Coinbase product for coin; skipping');
      else productIds.push(product);
    }
    if (productIds.length === 0)
      throw new Error('Coinbase provider: none of the configured coins has a product id');
    const channels = (this.options.heartbeat ?? true) ? ['ticker', 'heartbeat'] : ['ticker'];
    return { type: 'subscribe', product_ids: productIds, channels };
  }

  protected connection(): StreamConnection {
    return {
      url: this.options.url ?? 'wss://ws-feed.exchange.coinbase.com',
      subscribe: JSON.stringify(this.subscribeMessage()),
      idleTimeoutMs: this.options.idleTimeoutMs ?? 60_000,
    };
  }

  protected receive(raw: unknown, text: string, sink: MarketSink): void {
    const msg = MessageSchema.safeParse(raw);
    if (!msg.success) return this.malformed('no message type', text);
    switch (msg.data.type) {
      case 'ticker':
        return this.ticker(raw, text, sink);
      case 'subscriptions':
        this.logger.info(
          { provider: this.name, channels: (raw as { channels?: unknown }).channels },
          'subscribed',
        );
        return;
      case 'heartbeat':
        return;
      case 'error':
        this.logger.warn({ provider: this.name, error: raw }, 'Coinbase feed reported an error');
        return;
      default:
        // The feed may add message types at any time; clients are expected to ignore unknown ones.
        this.logger.debug({ provider: this.name, type: msg.data.type }, 'ignoring Coinbase message');
    }
  }

  private ticker(raw: unknown, text: string, sink: MarketSink): void {
    const t = TickerSchema.safeParse(raw);
    if (!t.success) return this.malformed(t.error.issues[0]?.message ?? 'bad ticker', text);
    const coinId = this.symbols.fromCoinbase(t.data.product_id);
    if (coinId === undefined) return;
    const ts = isoToMs(t.data.time);
    if (Number.isNaN(ts)) return this.malformed('invalid time', text);
    if (t.data.trade_id !== undefined && t.data.last_size !== undefined) {
      sink.onTick({
        coinId,
        price: t.data.price,
        quantity: t.data.last_size,
        ts,
        source: this.name,
        tradeId: String(t.data.trade_id),
      });
    }
    if (!sink.onQuote) return;
    const quote: Quote = { coinId, price: canonicalDecimal(t.data.price), ts, source: this.name };
    // Coinbase reports 24h volume in coin units; the quote carries USD, so value it at the last price.
    if (t.data.volume_24h !== undefined)
      quote.volume24h = new Decimal(t.data.volume_24h).times(t.data.price).toFixed();
    if (t.data.high_24h !== undefined) quote.high24h = canonicalDecimal(t.data.high_24h);
    if (t.data.low_24h !== undefined) quote.low24h = canonicalDecimal(t.data.low_24h);
    if (t.data.open_24h !== undefined && !new Decimal(t.data.open_24h).isZero()) {
      const open = new Decimal(t.data.open_24h);
      quote.change24hPct = new Decimal(t.data.price).minus(open).div(open).times(100).toNumber();
    }
    sink.onQuote(quote);
  }
}
