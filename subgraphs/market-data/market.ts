import { Prisma, type Candle as CandleRow, type Coin, type Quote as QuoteRow } from '@prisma/client';
import { Decimal } from 'decimal.js';
import { CacheKey, CacheTtl, type Cache } from '../../lib/cache';
import type { Db } from '../../lib/db';
import { badInput } from '../../lib/errors';

export type CandleIntervalName = 'MINUTE_1' | 'MINUTE_5' | 'MINUTE_15' | 'HOUR_1' | 'HOUR_4' | 'DAY_1';

/** The quote as the API and the `price:{coin_id}` cache hold it: decimals as strings. */
export interface QuoteView {
  coinId: string;
  price: string;
  change24hPct: number | null;
  volume24h: string | null;
  marketCap: string | null;
  updatedAt: string;
  source: string;
}

export function quoteView(row: QuoteRow): QuoteView {
  return {
    coinId: row.coinId,
    price: row.price.toFixed(),
    change24hPct: row.change24hPct === null ? null : Number(row.change24hPct),
    volume24h: row.volume24h?.toFixed() ?? null,
    marketCap: row.marketCap?.toFixed() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    source: row.source,
  };
}

const MAX_PAGE = 100;
const encodeCursor = (coin: Pick<Coin, 'id' | 'rank'>) =>
  Buffer.from(JSON.stringify([coin.rank ?? null, coin.id])).toString('base64url');
function decodeCursor(cursor: string): [number | null, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[1] === 'string' &&
      (value[0] === null || Number.isInteger(value[0]))
    ) {
      return value as [number | null, string];
    }
  } catch {
    // fall through
  }
  throw badInput('Invalid pagination cursor', { field: 'after' });
}

/** Market data reads: the catalog, quotes (cache first), candles. */
export class MarketReader {
  constructor(
    private readonly db: Db,
    private readonly cache: Cache,
  ) {}

  coin(id: string) {
    return this.db.coin.findUnique({ where: { id } });
  }

  async coins(args: { first?: number | null; after?: string | null; search?: string | null }) {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw badInput(`first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    const search = args.search?.trim();
    if (search && search.length > 100)
      throw badInput('search must have at most 100 characters', { field: 'search' });
    // Prisma's `contains` becomes ILIKE '%…%' without escaping: a user's % or _ must match itself.
    const pattern = search?.replace(/[\\%_]/g, (c) => `\\${c}`);
    const where = pattern
      ? {
          OR: [
            { id: { contains: pattern, mode: 'insensitive' as const } },
            { symbol: { contains: pattern, mode: 'insensitive' as const } },
            { name: { contains: pattern, mode: 'insensitive' as const } },
          ],
        }
      : {};
    // Keyset pagination over (rank nulls last, id): stable while the catalog changes.
    let after = {};
    if (args.after) {
      const [rank, id] = decodeCursor(args.after);
      after =
        rank === null
          ? { rank: null, id: { gt: id } }
          : { OR: [{ rank: { gt: rank } }, { rank: null }, { rank, id: { gt: id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.db.coin.findMany({
        where: { AND: [where, after] },
        orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        take: first + 1,
      }),
      this.db.coin.count({ where }),
    ]);
    const page = rows.slice(0, first);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
      pageInfo: {
        hasNextPage: rows.length > first,
        endCursor: page.length ? encodeCursor(page[page.length - 1]!) : null,
      },
      totalCount,
    };
  }

  /** Quotes for many coins: one MGET to Redis, one query for the misses, then cached for 5 s. */
  async quotes(coinIds: readonly string[]): Promise<(QuoteView | null)[]> {
    const cached = await this.cache.mget(coinIds.map(CacheKey.price));
    const missing = coinIds.filter((_, i) => cached[i] === null);
    const fromDb = new Map<string, QuoteView>();
    if (missing.length) {
      const rows = await this.db.quote.findMany({ where: { coinId: { in: missing } } });
      for (const row of rows) fromDb.set(row.coinId, quoteView(row));
      await this.cache.mset(
        [...fromDb.values()].map((q) => [CacheKey.price(q.coinId), JSON.stringify(q)]),
        CacheTtl.price,
      );
    }
    return coinIds.map((id, i) =>
      cached[i] ? (JSON.parse(cached[i]!) as QuoteView) : (fromDb.get(id) ?? null),
    );
  }

  /**
   * Candles of many coins with the same arguments in one query (Coin.candles under a list of
   * coins): the most recent `limit` per coin in [from, to], returned in ascending time.
   */
  async candlesForCoins(coinIds: readonly string[], args: CandleArgs): Promise<CandleRow[][]> {
    const limit = args.limit ?? 500;
    const from = args.from ? Prisma.sql`AND c."openTime" >= ${args.from}` : Prisma.empty;
    const to = args.to ? Prisma.sql`AND c."openTime" <= ${args.to}` : Prisma.empty;
    const rows = await this.db.$queryRaw<CandleRow[]>`
      SELECT "coinId", "interval", "openTime", "open", "high", "low", "close", "volume", "trades"
      FROM (
        SELECT c.*, row_number() OVER (PARTITION BY c."coinId" ORDER BY c."openTime" DESC) AS n
        FROM "Candle" c
        WHERE c."coinId" = ANY(${[...coinIds]}::text[])
          AND c."interval" = ${args.interval}::"CandleInterval"
          ${from} ${to}
      ) ranked
      WHERE n <= ${limit}
      ORDER BY "coinId", "openTime"`;
    const byCoin = new Map<string, CandleRow[]>();
    for (const row of rows) {
      let list = byCoin.get(row.coinId);
      if (!list) byCoin.set(row.coinId, (list = []));
      list.push(row);
    }
    return coinIds.map((id) => byCoin.get(id) ?? []);
  }

  /**
   * Market-wide figures from the latest quotes: total capitalisation and 24h volume of the coins
   * that report them, bitcoin's share, and the time of the newest quote.
   */
  async overview(): Promise<OverviewTotals> {
    const [totals, btc] = await Promise.all([
      this.db.quote.aggregate({ _sum: { marketCap: true, volume24h: true }, _max: { updatedAt: true } }),
      this.db.quote.findUnique({ where: { coinId: 'bitcoin' }, select: { marketCap: true } }),
    ]);
    const total = totals._sum.marketCap ? new Decimal(totals._sum.marketCap.toFixed()) : null;
    const btcCap = btc?.marketCap ? new Decimal(btc.marketCap.toFixed()) : null;
    return {
      totalMarketCap: total && !total.isZero() ? total.toFixed() : null,
      totalVolume24h: totals._sum.volume24h?.toFixed() ?? null,
      bitcoinDominancePct:
        total && btcCap && !total.isZero()
          ? btcCap.div(total).times(100).toDecimalPlaces(8).toNumber()
          : null,
      updatedAt: totals._max.updatedAt,
    };
  }

  /**
   * The coins with the largest 24-hour gains (`desc`) or losses (`asc`) among quotes updated since
   * `freshSince` (a stale quote would otherwise stay a "top gainer" long after its feed died).
   * Ties break by rank, then id.
   */
  async movers(
    direction: 'gainers' | 'losers',
    limit: number,
    freshSince: Date,
  ): Promise<{ coin: Coin; quote: QuoteView }[]> {
    if (limit === 0) return [];
    const rows = await this.db.quote.findMany({
      where: { change24hPct: { not: null }, updatedAt: { gte: freshSince } },
      orderBy: [
        { change24hPct: direction === 'gainers' ? 'desc' : 'asc' },
        { coin: { rank: { sort: 'asc', nulls: 'last' } } },
        { coinId: 'asc' },
      ],
      take: limit,
      include: { coin: true },
    });
    return rows.map((row) => ({ coin: row.coin, quote: quoteView(row) }));
  }
}

export interface CandleArgs {
  interval: CandleIntervalName;
  from?: Date | null;
  to?: Date | null;
  limit?: number | null;
}

/** Validates Coin.candles arguments (BAD_USER_INPUT naming the argument). */
export function checkCandleArgs(args: CandleArgs): void {
  const limit = args.limit ?? 500;
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000)
    throw badInput('limit must be between 1 and 5000', { field: 'limit' });
  if (args.from && args.to && args.from > args.to)
    throw badInput('from must not be after to', { field: 'from' });
}

export interface OverviewTotals {
  totalMarketCap: string | null;
  totalVolume24h: string | null;
  bitcoinDominancePct: number | null;
  updatedAt: Date | null;
}
