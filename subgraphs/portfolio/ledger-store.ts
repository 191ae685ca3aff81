import type { Prisma, Transaction as TxRow } from '@prisma/client';
import { Decimal, type DailyClose, type Transaction } from './core';

/** Database row to ledger transaction: decimals cross as strings, never as floats. */
export function toLedgerTransaction(row: TxRow): Transaction {
  return {
    id: row.id,
    type: row.type,
    coinId: row.coinId,
    quantity: new Decimal(row.quantity.toFixed()),
    price: row.price === null ? null : new Decimal(row.price.toFixed()),
    fee: new Decimal(row.fee.toFixed()),
    executedAt: row.executedAt,
    seq: Number(row.seq),
    note: row.note,
    idempotencyKey: row.idempotencyKey,
  };
}

export async function loadTransactions(db: Prisma.TransactionClient, portfolioId: string): Promise<TxRow[]> {
  return db.transaction.findMany({
    where: { portfolioId },
    orderBy: [{ executedAt: 'asc' }, { seq: 'asc' }],
  });
}

/** Latest prices for coins, straight from the quotes table (DESIGN.md: portfolio reads quotes). */
export async function latestPrices(
  db: Prisma.TransactionClient,
  coinIds: string[],
): Promise<Map<string, string>> {
  if (!coinIds.length) return new Map();
  const rows = await db.quote.findMany({
    where: { coinId: { in: coinIds } },
    select: { coinId: true, price: true },
  });
  return new Map(rows.map((r) => [r.coinId, r.price.toFixed()]));
}

/**
 * Daily closes of coins from the market-data candles (DESIGN.md: portfolio reads candles), for the
 * days `from` to `to`, plus each coin's last close before `from`, which values a holding whose coin
 * has no candle early in the period. Closes stay decimal strings: they value money.
 */
export async function loadDailyCloses(
  db: Prisma.TransactionClient,
  coinIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, DailyClose[]>> {
  const closes = new Map<string, DailyClose[]>(coinIds.map((id) => [id, []]));
  if (!coinIds.length) return closes;
  const rows = await db.$queryRaw<{ coinId: string; openTime: Date; close: string }[]>`
    (SELECT "coinId", "openTime", "close"::text AS close FROM "Candle"
      WHERE "interval" = 'DAY_1'::"CandleInterval" AND "coinId" = ANY(${coinIds}::text[])
        AND "openTime" >= ${from} AND "openTime" <= ${to})
    UNION ALL
    (SELECT DISTINCT ON ("coinId") "coinId", "openTime", "close"::text AS close FROM "Candle"
      WHERE "interval" = 'DAY_1'::"CandleInterval" AND "coinId" = ANY(${coinIds}::text[]) AND "openTime" < ${from}
      ORDER BY "coinId", "openTime" DESC)`;
  for (const row of rows) closes.get(row.coinId)?.push({ openTime: row.openTime, close: row.close });
  return closes;
}

/**
 * Resolves what a user typed for a coin (CSV imports): a coin id, or a symbol that exactly one coin
 * has, case-insensitively. An ambiguous symbol resolves to nothing rather than to a guess.
 */
export async function coinResolver(db: Prisma.TransactionClient): Promise<(cell: string) => string | null> {
  const coins = await db.coin.findMany({ select: { id: true, symbol: true } });
  const ids = new Set(coins.map((c) => c.id));
  const bySymbol = new Map<string, string | null>();
  for (const c of coins) {
    const symbol = c.symbol.toLowerCase();
    bySymbol.set(symbol, bySymbol.has(symbol) ? null : c.id);
  }
  return (cell) => {
    const key = cell.trim().toLowerCase();
    if (ids.has(key)) return key;
    return bySymbol.get(key) ?? null;
  };
}
