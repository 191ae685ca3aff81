import { canonicalDecimal, type Quote } from '../core';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffPolicy } from './backoff';
import { parseExactJson } from './exact-json';
import type { CatalogCoin, HistoryPoint, MarketCatalogProvider, ProviderLogger, ProviderOhlc } from './types';
import { silentLogger } from './types';

/**
 * CoinGecko REST API v3 client (Node fetch).
 *
 * Plans: keyless and `demo` use https://api.coingecko.com/api/v3 (the demo
 * key goes in `x-cg-demo-api-key`); `pro` uses
 * https://pro-api.coingecko.com/api/v3 with `x-cg-pro-api-key`.
 *
 * CoinGecko sends prices as JSON numbers; responses are parsed so that every
 * number keeps its exact source text (see exact-json.ts).
 *
 * Failures: HTTP 429 waits for `retry-after` (plus jitter) or, without it,
 * backs off exponentially with jitter; 5xx, 408 and network errors retry with
 * bounded backoff; after `maxRetries` they surface as `CoinGeckoError` with
 * kind `rate_limited` or `unavailable`. Plan restrictions (error codes 10005
 * "limited to PRO API subscribers" and 10012 "exceeds the allowed time
 * range", e.g. history beyond the past 365 days without a paid plan) are
 * raised at once as `CoinGeckoPlanRestrictedError`, never retried.
 */
export type CoinGeckoPlan = 'keyless' | 'demo' | 'pro';

export interface CoinGeckoOptions {
  /** Default: `demo` when an API key is given, else `keyless`. */
  plan?: CoinGeckoPlan;
  apiKey?: string;
  /** Overrides the plan's base URL (tests, proxies). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Retries after the first attempt for 429, 5xx, 408 and network errors (default 4). */
  maxRetries?: number;
  backoff?: BackoffPolicy;
  /** A `retry-after` longer than this is not waited for; the error surfaces at once (default 120 s). */
  maxRetryAfterMs?: number;
  /** Ids per `/simple/price` request (default 100). */
  priceBatchSize?: number;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  logger?: ProviderLogger;
}

export type CoinGeckoErrorKind =
  'plan_restricted' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'bad_request' | 'not_found';

export class CoinGeckoError extends Error {
  constructor(
    readonly kind: CoinGeckoErrorKind,
    message: string,
    readonly status?: number,
    /** CoinGecko's own `error_code` from the error body, when present. */
    readonly errorCode?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CoinGeckoError';
  }
}

/** The request needs a paid plan (or a longer history range than the plan allows). Not retried. */
export class CoinGeckoPlanRestrictedError extends CoinGeckoError {
  constructor(message: string, status: number, errorCode: number | undefined) {
    super('plan_restricted', message, status, errorCode);
    this.name = 'CoinGeckoPlanRestrictedError';
  }
}

const BASE_URLS: Record<CoinGeckoPlan, string> = {
  keyless: 'https://api.coingecko.com/api/v3',
  demo: 'https://api.coingecko.com/api/v3',
  pro: 'https://pro-api.coingecko.com/api/v3',
};
const PLAN_RESTRICTED_CODES = new Set([10005, 10012]);

type Json = unknown;
type Query = Record<string, string | number | undefined>;

function record(value: Json): Record<string, Json> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, Json>)
    : undefined;
}

/** CoinGecko puts `{status: {error_code, error_message}}` at the root or under `error`. */
function errorDetails(body: Json): { code?: number; message?: string } {
  const root = record(body);
  const status = record(root?.status) ?? record(record(root?.error)?.status);
  const code = status?.error_code;
  const message = status?.error_message ?? (typeof root?.error === 'string' ? root.error : undefined);
  return {
    ...(typeof code === 'string' && /^\d+$/.test(code) ? { code: Number(code) } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/** An exact decimal from a number kept as text; undefined for null/absent. */
function dec(value: Json): string | undefined {
  return typeof value === 'string' && value !== '' ? canonicalDecimal(value) : undefined;
}

function num(value: Json): number | undefined {
  return typeof value === 'string' && value !== '' ? Number(value) : undefined;
}

function pairs(value: Json, what: string): Array<[number, string]> {
  if (!Array.isArray(value)) throw new CoinGeckoError('unavailable', `unexpected ${what} payload`);
  return value.map((p) => {
    if (!Array.isArray(p) || typeof p[0] !== 'string' || typeof p[1] !== 'string') {
      throw new CoinGeckoError('unavailable', `unexpected ${what} entry`);
    }
    return [Number(p[0]), canonicalDecimal(p[1])];
  });
}

export class CoinGeckoClient implements MarketCatalogProvider {
  readonly name = 'coingecko';
  readonly plan: CoinGeckoPlan;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly logger: ProviderLogger;

  constructor(private readonly options: CoinGeckoOptions = {}) {
    this.plan = options.plan ?? (options.apiKey ? 'demo' : 'keyless');
    if (this.plan !== 'keyless' && !options.apiKey)
      throw new Error(`CoinGecko ${this.plan} plan needs an API key`);
    this.baseUrl = (options.baseUrl ?? BASE_URLS[this.plan]).replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? silentLogger;
  }

  /** One page of `/coins/markets` (USD, by market cap), mapped to catalog coins with quotes. */
  async coinsMarkets(
    options: { page?: number; perPage?: number; ids?: readonly string[] } = {},
  ): Promise<CatalogCoin[]> {
    const body = await this.get('/coins/markets', {
      vs_currency: 'usd',
      order: 'market_cap_desc',
      per_page: Math.min(options.perPage ?? 250, 250),
      page: options.page ?? 1,
      ids: options.ids?.join(','),
      precision: 'full',
    });
    if (!Array.isArray(body)) throw new CoinGeckoError('unavailable', 'unexpected /coins/markets payload');
    return body.map((row) => this.marketRow(row));
  }

  /** Pages through `/coins/markets` until a short page or `maxPages` (default 4 pages of 250). */
  async listCoins(
    options: { perPage?: number; maxPages?: number; ids?: string[] } = {},
  ): Promise<CatalogCoin[]> {
    const perPage = Math.min(options.perPage ?? 250, 250);
    const out: CatalogCoin[] = [];
    for (let page = 1; page <= (options.maxPages ?? 4); page++) {
      const rows = await this.coinsMarkets({ page, perPage, ...(options.ids ? { ids: options.ids } : {}) });
      out.push(...rows);
      if (rows.length < perPage) break;
    }
    return out;
  }

  /** `/simple/price` in batches of `priceBatchSize` ids, with market cap, 24h volume and change. */
  async getQuotes(ids: readonly string[]): Promise<Quote[]> {
    const size = this.options.priceBatchSize ?? 100;
    const out: Quote[] = [];
    for (let i = 0; i < ids.length; i += size) {
      const batch = ids.slice(i, i + size);
      const body = record(
        await this.get('/simple/price', {
          ids: batch.join(','),
          vs_currencies: 'usd',
          include_market_cap: 'true',
          include_24hr_vol: 'true',
          include_24hr_change: 'true',
          include_last_updated_at: 'true',
          precision: 'full',
        }),
      );
      if (body === undefined) throw new CoinGeckoError('unavailable', 'unexpected /simple/price payload');
      for (const id of batch) {
        const row = record(body[id]);
        const price = dec(row?.usd);
        if (row === undefined || price === undefined) continue; // unknown id or no USD price
        const updated = num(row.last_updated_at);
        const quote: Quote = {
          coinId: id,
          price,
          ts: updated === undefined ? this.now() : updated * 1000,
          source: this.name,
        };
        const cap = dec(row.usd_market_cap);
        const vol = dec(row.usd_24h_vol);
        const change = num(row.usd_24h_change);
        if (cap !== undefined) quote.marketCap = cap;
        if (vol !== undefined) quote.volume24h = vol;
        if (change !== undefined) quote.change24hPct = change;
        out.push(quote);
      }
    }
    return out;
  }

  /** `/coins/{id}/market_chart/range`: prices with market caps and volumes, by timestamp. */
  async getHistory(coinId: string, fromMs: number, toMs: number): Promise<HistoryPoint[]> {
    const body = record(
      await this.get(`/coins/${encodeURIComponent(coinId)}/market_chart/range`, {
        vs_currency: 'usd',
        from: Math.floor(fromMs / 1000),
        to: Math.ceil(toMs / 1000),
        precision: 'full',
      }),
    );
    if (body === undefined) throw new CoinGeckoError('unavailable', 'unexpected market_chart payload');
    const caps = new Map(pairs(body.market_caps ?? [], 'market_caps'));
    const volumes = new Map(pairs(body.total_volumes ?? [], 'total_volumes'));
    return pairs(body.prices, 'prices').map(([ts, price]) => {
      const point: HistoryPoint = { ts, price };
      const cap = caps.get(ts);
      const volume = volumes.get(ts);
      if (cap !== undefined) point.marketCap = cap;
      if (volume !== undefined) point.totalVolume = volume;
      return point;
    });
  }

  /**
   * `/coins/{id}/ohlc` for the last `days` (1, 7, 14, 30, 90, 180, 365 or
   * "max"). Granularity is CoinGecko's: 30 min up to 2 days, 4 h up to 30,
   * 4 days beyond; each row is stamped with its close time.
   */
  async getOhlc(coinId: string, days: number | 'max'): Promise<ProviderOhlc[]> {
    const body = await this.get(`/coins/${encodeURIComponent(coinId)}/ohlc`, {
      vs_currency: 'usd',
      days: String(days),
      precision: 'full',
    });
    if (!Array.isArray(body)) throw new CoinGeckoError('unavailable', 'unexpected ohlc payload');
    return body.map((row) => {
      if (!Array.isArray(row) || row.length < 5 || row.some((v) => typeof v !== 'string')) {
        throw new CoinGeckoError('unavailable', 'unexpected ohlc row');
      }
      const [t, o, h, l, c] = row as string[];
      return {
        closeTime: Number(t),
        open: canonicalDecimal(o as string),
        high: canonicalDecimal(h as string),
        low: canonicalDecimal(l as string),
        close: canonicalDecimal(c as string),
      };
    });
  }

  private marketRow(value: Json): CatalogCoin {
    const row = record(value);
    if (
      row === undefined ||
      typeof row.id !== 'string' ||
      typeof row.symbol !== 'string' ||
      typeof row.name !== 'string'
    ) {
      throw new CoinGeckoError('unavailable', 'unexpected /coins/markets row');
    }
    const price = dec(row.current_price);
    let quote: Quote | null = null;
    if (price !== undefined) {
      const updated = typeof row.last_updated === 'string' ? Date.parse(row.last_updated) : Number.NaN;
      quote = { coinId: row.id, price, ts: Number.isNaN(updated) ? this.now() : updated, source: this.name };
      const fields: Array<[keyof Quote, string | undefined]> = [
        ['marketCap', dec(row.market_cap)],
        ['volume24h', dec(row.total_volume)],
        ['high24h', dec(row.high_24h)],
        ['low24h', dec(row.low_24h)],
      ];
      for (const [key, v] of fields)
        if (v !== undefined) (quote as unknown as Record<string, string>)[key] = v;
      const change = num(row.price_change_percentage_24h);
      if (change !== undefined) quote.change24hPct = change;
    }
    const coin: CatalogCoin = {
      id: row.id,
      symbol: row.symbol.toUpperCase(),
      name: row.name,
      rank: num(row.market_cap_rank) ?? null,
      quote,
    };
    if (typeof row.image === 'string') coin.image = row.image;
    const circulating = dec(row.circulating_supply);
    const total = dec(row.total_supply);
    const max = dec(row.max_supply);
    if (circulating !== undefined) coin.circulatingSupply = circulating;
    if (total !== undefined) coin.totalSupply = total;
    if (max !== undefined) coin.maxSupply = max;
    return coin;
  }

  private async get(path: string, query: Query): Promise<Json> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.apiKey && this.plan !== 'keyless') {
      headers[this.plan === 'pro' ? 'x-cg-pro-api-key' : 'x-cg-demo-api-key'] = this.options.apiKey;
    }
    const maxRetries = this.options.maxRetries ?? 4;
    const backoff = this.options.backoff ?? DEFAULT_BACKOFF;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          headers,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
        });
      } catch (err) {
        if (attempt >= maxRetries) {
          throw new CoinGeckoError('unavailable', `CoinGecko unreachable: ${(err as Error).message}`);
        }
        await this.wait(path, attempt, backoffDelay(attempt, backoff, this.random), 'network error');
        continue;
      }
      const text = await response.text();
      if (response.ok) {
        try {
          return parseExactJson(text);
        } catch {
          throw new CoinGeckoError('unavailable', `CoinGecko sent invalid JSON for ${path}`, response.status);
        }
      }
      let body: Json;
      try {
        body = parseExactJson(text);
      } catch {
        body = undefined;
      }
      const { code, message } = errorDetails(body);
      const detail = message ?? (text.slice(0, 200) || response.statusText);
      if (code !== undefined && PLAN_RESTRICTED_CODES.has(code)) {
        throw new CoinGeckoPlanRestrictedError(detail, response.status, code);
      }
      if (response.status === 429) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'), this.now());
        const maxWait = this.options.maxRetryAfterMs ?? 120_000;
        if (attempt >= maxRetries || (retryAfter !== undefined && retryAfter > maxWait)) {
          throw new CoinGeckoError('rate_limited', `CoinGecko rate limit: ${detail}`, 429, code, retryAfter);
        }
        // Honour retry-after, plus up to a second of jitter so replicas do not return together.
        const delay =
          retryAfter !== undefined
            ? retryAfter + Math.floor(this.random() * 1000)
            : backoffDelay(attempt, backoff, this.random);
        await this.wait(path, attempt, delay, 'rate limited');
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        if (attempt >= maxRetries) {
          throw new CoinGeckoError(
            'unavailable',
            `CoinGecko error ${response.status}: ${detail}`,
            response.status,
            code,
          );
        }
        await this.wait(
          path,
          attempt,
          backoffDelay(attempt, backoff, this.random),
          `HTTP ${response.status}`,
        );
        continue;
      }
      const kind: CoinGeckoErrorKind =
        response.status === 401 || response.status === 403
          ? 'unauthorized'
          : response.status === 404
            ? 'not_found'
            : 'bad_request';
      throw new CoinGeckoError(kind, `CoinGecko ${response.status}: ${detail}`, response.status, code);
    }
  }

  private async wait(path: string, attempt: number, delayMs: number, reason: string): Promise<void> {
    this.logger.warn(
      { provider: this.name, path, attempt: attempt + 1, delayMs, reason },
      'retrying CoinGecko request',
    );
    await this.sleep(delayMs);
  }
}
