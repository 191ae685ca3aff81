import { z } from 'zod';
import { loadConfig } from '../../lib/config';
import type { Logger } from '../../lib/logger';
import { COIN_CATALOG } from './catalog';
import { CoinGeckoClient, type CoinGeckoPlan } from './providers/coingecko';
import { createMarketProvider, MARKET_PROVIDER_KINDS } from './providers/factory';
import { DEFAULT_ASSET_COIN_IDS, SymbolMap } from './providers/symbols';
import type { MarketCatalogProvider, MarketProvider } from './providers/types';
import { simulatorCoins } from './providers-config';
import type { MarketDataOptions } from './service';

const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'must be an http(s):// URL');
const wsUrl = z.string().regex(/^wss?:\/\/\S+$/, 'must be a ws(s):// URL');
const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The market-data environment (besides what every subgraph reads), validated with zod through
 * lib/config so that a bad value stops the service with the variable's name:
 *
 * - `MARKET_PROVIDER` simulator | coingecko | binance | coinbase | none (default simulator; none
 *   serves stored data only).
 * - `MARKET_COINS` comma-separated coin ids to ingest (default: the seed catalog; exchanges get
 *   the catalog coins they list). `MARKET_SYMBOLS` adds exchange tickers to the built-in map,
 *   as `ASSET=coin-id` pairs (e.g. `POL=polygon-ecosystem-token`), for listings the map lacks.
 * - `COINGECKO_API_KEY`, `COINGECKO_PLAN` keyless | demo | pro (default demo with a key, keyless
 *   without), `COINGECKO_BASE_URL` (tests, proxies), `COINGECKO_POLL_INTERVAL_MS` (default 30 s).
 *   The CoinGecko client also serves the admin history backfill, whatever the live provider.
 * - `BINANCE_WS_URL`, `BINANCE_STREAM` trade | kline, `BINANCE_QUOTE_ASSET` USDT | USDC;
 *   `COINBASE_WS_URL`; `SIMULATOR_TICK_INTERVAL_MS`, `SIMULATOR_SEED`.
 * - `PRICE_EVENTS_PER_SECOND` per coin (default 2), `QUOTE_STALE_AFTER_MS` (default 60 s),
 *   `CANDLE_FLUSH_INTERVAL_MS` (default 2 s).
 */
export const marketEnvShape = {
  MARKET_PROVIDER: z.enum([...MARKET_PROVIDER_KINDS, 'none']).default('simulator'),
  MARKET_COINS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .refine((ids) => ids.length > 0 && ids.every((id) => SLUG.test(id)), {
      message: 'must be comma-separated coin ids such as bitcoin,ethereum',
    })
    .optional(),
  MARKET_SYMBOLS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((pair) => pair.trim())
        .filter(Boolean)
        .map((pair) => pair.split('=').map((part) => part.trim())),
    )
    .refine(
      (pairs) => pairs.every((p) => p.length === 2 && /^[A-Za-z0-9]+$/.test(p[0]!) && SLUG.test(p[1]!)),
      {
        message: 'must be comma-separated ASSET=coin-id pairs such as POL=polygon-ecosystem-token',
      },
    )
    .transform((pairs) => Object.fromEntries(pairs.map(([asset, id]) => [asset!.toUpperCase(), id!])))
    .optional(),
  COINGECKO_API_KEY: z.string().optional(),
  COINGECKO_PLAN: z.enum(['keyless', 'demo', 'pro']).optional(),
  COINGECKO_BASE_URL: httpUrl.optional(),
  COINGECKO_POLL_INTERVAL_MS: ms(1000, 3_600_000).default(30_000),
  BINANCE_WS_URL: wsUrl.optional(),
  BINANCE_STREAM: z.enum(['trade', 'kline']).default('trade'),
  BINANCE_QUOTE_ASSET: z.enum(['USDT', 'USDC']).default('USDT'),
  COINBASE_WS_URL: wsUrl.optional(),
  SIMULATOR_TICK_INTERVAL_MS: ms(10, 60_000).default(500),
  SIMULATOR_SEED: z.string().optional(),
  PRICE_EVENTS_PER_SECOND: z.coerce.number().positive().max(100).default(2),
  QUOTE_STALE_AFTER_MS: ms(1000, 7 * 86_400_000).default(60_000),
  CANDLE_FLUSH_INTERVAL_MS: ms(100, 60_000).default(2000),
};

const marketEnvObject = z.object(marketEnvShape);
export type MarketEnv = z.infer<typeof marketEnvObject>;

/** Cross-field rules, as zod issues on the variable to fix. Add with `.superRefine(checkMarketEnv)`. */
export function checkMarketEnv<T extends Pick<MarketEnv, 'COINGECKO_PLAN' | 'COINGECKO_API_KEY'>>(
  env: T,
  ctx: z.RefinementCtx<T>,
): void {
  if ((env.COINGECKO_PLAN === 'demo' || env.COINGECKO_PLAN === 'pro') && !env.COINGECKO_API_KEY) {
    ctx.addIssue({
      code: 'custom',
      path: ['COINGECKO_API_KEY'],
      message: `is required when COINGECKO_PLAN is ${env.COINGECKO_PLAN}`,
    });
  }
}

/** The market-data variables alone (scripts/platform.ts, tests); main.ts adds them to the subgraph's. */
export const marketEnvSchema = marketEnvObject.superRefine(checkMarketEnv);

/** The CoinGecko client configured by COINGECKO_*, for polling and backfills. */
export function coinGeckoClient(
  env: MarketEnv,
  log?: Logger,
  overrides: { maxRetries?: number; maxRetryAfterMs?: number } = {},
) {
  const plan: CoinGeckoPlan = env.COINGECKO_PLAN ?? (env.COINGECKO_API_KEY ? 'demo' : 'keyless');
  return new CoinGeckoClient({
    plan,
    ...(env.COINGECKO_API_KEY ? { apiKey: env.COINGECKO_API_KEY } : {}),
    ...(env.COINGECKO_BASE_URL ? { baseUrl: env.COINGECKO_BASE_URL } : {}),
    ...(log ? { logger: log } : {}),
    ...overrides,
  });
}

/**
 * Which coins the live provider follows: MARKET_COINS, or else the catalog; exchanges stream
 * only catalog coins whose USD pair they list (stablecoins such as USDT have none).
 */
/** The exchange symbol map: the built-in well-known assets plus MARKET_SYMBOLS. */
export function symbolMap(env: Pick<MarketEnv, 'MARKET_SYMBOLS'>): SymbolMap {
  return new SymbolMap({ ...DEFAULT_ASSET_COIN_IDS, ...env.MARKET_SYMBOLS });
}

export function providerCoinIds(env: MarketEnv): string[] {
  if (env.MARKET_COINS) return env.MARKET_COINS;
  const catalog = COIN_CATALOG.map((c) => c.id);
  if (env.MARKET_PROVIDER === 'binance') {
    const symbols = symbolMap(env);
    return catalog.filter((id) => symbols.toBinance(id, env.BINANCE_QUOTE_ASSET) !== undefined);
  }
  if (env.MARKET_PROVIDER === 'coinbase') {
    const symbols = symbolMap(env);
    return catalog.filter((id) => symbols.toCoinbase(id) !== undefined);
  }
  return catalog;
}

/** A factory for the live provider MARKET_PROVIDER names, or undefined for `none`. */
export function marketProviderFromEnv(env: MarketEnv, log?: Logger): (() => MarketProvider) | undefined {
  const kind = env.MARKET_PROVIDER;
  if (kind === 'none') return undefined;
  const coinIds = providerCoinIds(env);
  const logger = log ? { logger: log } : {};
  return () => {
    switch (kind) {
      case 'simulator':
        return createMarketProvider({
          kind,
          coinIds,
          ...logger,
          simulator: {
            seed: env.SIMULATOR_SEED ?? `simulator-${Date.now()}`,
            tickIntervalMs: env.SIMULATOR_TICK_INTERVAL_MS,
            coins: simulatorCoins(coinIds),
          },
        });
      case 'coingecko':
        return createMarketProvider({
          kind,
          coinIds,
          ...logger,
          coingecko: {
            plan: env.COINGECKO_PLAN ?? (env.COINGECKO_API_KEY ? 'demo' : 'keyless'),
            ...(env.COINGECKO_API_KEY ? { apiKey: env.COINGECKO_API_KEY } : {}),
            ...(env.COINGECKO_BASE_URL ? { baseUrl: env.COINGECKO_BASE_URL } : {}),
            pollIntervalMs: env.COINGECKO_POLL_INTERVAL_MS,
          },
        });
      case 'binance':
        return createMarketProvider({
          kind,
          coinIds,
          ...logger,
          binance: {
            symbols: symbolMap(env),
            mode: env.BINANCE_STREAM,
            quoteAsset: env.BINANCE_QUOTE_ASSET,
            ...(env.BINANCE_WS_URL ? { baseUrl: env.BINANCE_WS_URL } : {}),
          },
        });
      case 'coinbase':
        return createMarketProvider({
          kind,
          coinIds,
          ...logger,
          coinbase: { symbols: symbolMap(env), ...(env.COINBASE_WS_URL ? { url: env.COINBASE_WS_URL } : {}) },
        });
    }
  };
}

/** Everything `marketDataSubgraph` takes from the environment. */
export function marketDataOptionsFromEnv(env: MarketEnv, log?: Logger): MarketDataOptions {
  const provider = marketProviderFromEnv(env, log);
  // A backfill is an admin's request: a few retries, then a clear error, never minutes of waiting.
  const history: MarketCatalogProvider = coinGeckoClient(env, log, {
    maxRetries: 2,
    maxRetryAfterMs: 10_000,
  });
  return {
    ...(provider ? { provider } : {}),
    history: () => history,
    maxEventsPerSecond: env.PRICE_EVENTS_PER_SECOND,
    staleAfterMs: env.QUOTE_STALE_AFTER_MS,
    flushIntervalMs: env.CANDLE_FLUSH_INTERVAL_MS,
  };
}

/**
 * Reads and validates the market-data variables from `env` (throws lib/config's ConfigError
 * naming each bad variable) and returns the subgraph's options: what the in-process platform
 * (scripts/platform.ts `marketData`) passes to run the provider MARKET_PROVIDER names.
 */
export function loadMarketDataOptions(env: NodeJS.ProcessEnv = process.env, log?: Logger): MarketDataOptions {
  return marketDataOptionsFromEnv(loadConfig(marketEnvSchema, env), log);
}
