import type { Prisma, Transaction as TxRow } from '@prisma/client';
import { Decimal, type Transaction } from './core';

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
  return db.transaction.findMany({ where: { portfolioId }, orderBy: [{ executedAt: 'asc' }, { seq: 'asc' }] });
}

/** Latest prices for coins, straight from the quotes table (DESIGN.md: portfolio reads quotes). */
export async function latestPrices(db: Prisma.TransactionClient, coinIds: string[]): Promise<Map<string, string>> {
  if (!coinIds.length) return new Map();
  const rows = await db.quote.findMany({ where: { coinId: { in: coinIds } }, select: { coinId: true, price: true } });
  return new Map(rows.map((r) => [r.coinId, r.price.toFixed()]));
}
