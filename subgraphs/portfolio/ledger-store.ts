import type { CostBasisMethod, Portfolio, Prisma, Transaction as TxRow } from '@prisma/client';
import { Decimal, type DailyClose, type Transaction, type TransactionType } from './core';

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

/** A portfolio with its ledger in replay order and the latest price of every coin the ledger names. */
export interface LoadedLedger {
  portfolio: Portfolio;
  transactions: Transaction[];
  prices: Map<string, string>;
}

interface JoinedRow {
  id: string;
  userId: string;
  name: string;
  costBasisMethod: CostBasisMethod;
  createdAt: Date;
  updatedAt: Date;
  txId: string | null;
  txType: TransactionType | null;
  coinId: string | null;
  quantity: string | null;
  price: string | null;
  fee: string | null;
  executedAt: Date | null;
  seq: bigint | null;
  note: string | null;
  idempotencyKey: string | null;
  quotePrice: string | null;
}

/**
 * A user's portfolios (oldest first), each with its transactions in replay order and the current
 * quote of every coin they name, in one statement: a portfolio page costs one round trip however
 * many portfolios and coins it shows (Prisma's `include` would send one statement per relation).
 * Decimals cross as text, never as floats.
 */
export async function loadLedgersOf(db: Prisma.TransactionClient, userId: string): Promise<LoadedLedger[]> {
  const rows = await db.$queryRaw<JoinedRow[]>`
    SELECT p.id, p."userId", p.name, p."costBasisMethod"::text AS "costBasisMethod", p."createdAt",
           p."updatedAt", t.id AS "txId", t.type::text AS "txType", t."coinId", t.quantity::text AS quantity,
           t.price::text AS price, t.fee::text AS fee, t."executedAt", t.seq, t.note, t."idempotencyKey",
           q.price::text AS "quotePrice"
      FROM "Portfolio" p
      LEFT JOIN "Transaction" t ON t."portfolioId" = p.id
      LEFT JOIN "Quote" q ON q."coinId" = t."coinId"
     WHERE p."userId" = ${userId}::uuid
     ORDER BY p."createdAt", p.id, t."executedAt", t.seq`;
  const ledgers: LoadedLedger[] = [];
  let current: LoadedLedger | undefined;
  for (const row of rows) {
    if (current?.portfolio.id !== row.id) {
      const { id, userId: owner, name, costBasisMethod, createdAt, updatedAt } = row;
      current = {
        portfolio: { id, userId: owner, name, costBasisMethod, createdAt, updatedAt },
        transactions: [],
        prices: new Map(),
      };
      ledgers.push(current);
    }
    if (row.txId === null) continue;
    current.transactions.push({
      id: row.txId,
      type: row.txType!,
      coinId: row.coinId,
      quantity: new Decimal(row.quantity!),
      price: row.price === null ? null : new Decimal(row.price),
      fee: new Decimal(row.fee!),
      executedAt: row.executedAt!,
      seq: Number(row.seq),
      note: row.note,
      idempotencyKey: row.idempotencyKey,
    });
    if (row.coinId !== null && row.quotePrice !== null) current.prices.set(row.coinId, row.quotePrice);
  }
  return ledgers;
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
