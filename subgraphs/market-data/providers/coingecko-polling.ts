import type { CoinGeckoClient } from './coingecko';
import type { MarketProvider, MarketSink, ProviderLogger } from './types';
import { silentLogger } from './types';

export interface CoinGeckoPollingOptions {
  client: CoinGeckoClient;
  coinIds: readonly string[];
  /** Default 30 s: CoinGecko refreshes `/simple/price` every 20-60 s, and the demo plan allows ~30 calls/min. */
  pollIntervalMs?: number;
  logger?: ProviderLogger;
}

/**
 * MARKET_PROVIDER=coingecko: polls `/simple/price` and emits a quote plus a
 * price-only tick (quantity "0") per coin. The tick's trade id is CoinGecko's
 * `last_updated_at`, so a poll that finds an unchanged price repeats a trade
 * id and the aggregator counts it once. A failed poll is logged and the next
 * one still runs.
 */
export class CoinGeckoPollingProvider implements MarketProvider {
  readonly name = 'coingecko';
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly logger: ProviderLogger;

  constructor(private readonly options: CoinGeckoPollingOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async start(sink: MarketSink): Promise<void> {
    if (this.timer) return;
    const poll = async () => {
      try {
        const quotes = await this.options.client.getQuotes(this.options.coinIds);
        sink.onStatus?.({ provider: this.name, state: 'connected' });
        for (const q of quotes) {
          sink.onQuote?.(q);
          sink.onTick({
            coinId: q.coinId,
            price: q.price,
            quantity: '0',
            ts: q.ts,
            source: this.name,
            tradeId: String(q.ts),
          });
        }
      } catch (err) {
        this.logger.warn({ err, provider: this.name }, 'CoinGecko poll failed');
        sink.onStatus?.({ provider: this.name, state: 'reconnecting', reason: (err as Error).message });
      }
    };
    this.timer = setInterval(() => {
      if (this.running) return; // never overlap polls while CoinGecko is slow or retrying
      this.running = poll().finally(() => (this.running = undefined));
    }, this.options.pollIntervalMs ?? 30_000);
    this.running = poll().finally(() => (this.running = undefined));
    await this.running;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    this.options.logger?.info({ provider: this.name }, 'stopped');
  }
}
