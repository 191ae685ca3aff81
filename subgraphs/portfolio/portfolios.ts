import type { Portfolio, Prisma, Transaction as TxRow } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput, conflict, notFound } from '../../lib/errors';
import {
  Decimal,
  LedgerValidationError,
  replayLedgerOrThrow,
  valuePortfolio,
  type PortfolioValuation,
  type Transaction,
  type TransactionType,
} from './core';
import { latestPrices, loadTransactions, toLedgerTransaction } from './ledger-store';
import { enqueuePortfolioEvent } from './outbox';

export interface RecordTransactionInput {
  portfolioId: string;
  type: TransactionType;
  coinId?: string | null;
  quantity: Decimal;
  price?: Decimal | null;
  fee?: Decimal | null;
  executedAt?: Date | null;
  note?: string | null;
  idempotencyKey?: string | null;
}

function ledgerError(err: unknown): never {
  if (err instanceof LedgerValidationError) {
    throw badInput(err.message, { issues: err.issues.map((i) => ({ code: i.code, message: i.message })) });
  }
  throw err;
}

/** Portfolios and their ledgers; every read and write checks the owner. */
export class Portfolios {
  constructor(private readonly db: Db) {}

  /** The owner's portfolio, or NOT_FOUND for anyone else: another user's ids reveal nothing. */
  async owned(userId: string, portfolioId: string, tx: Prisma.TransactionClient = this.db): Promise<Portfolio> {
    const portfolio = /^[0-9a-f-]{36}$/i.test(portfolioId) ? await tx.portfolio.findUnique({ where: { id: portfolioId } }) : null;
    if (!portfolio || portfolio.userId !== userId) throw notFound('Portfolio');
    return portfolio;
  }

  listFor(userId: string) {
    return this.db.portfolio.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  }

  async create(userId: string, name: string): Promise<Portfolio> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) throw badInput('name must have 1 to 100 characters', { field: 'name' });
    return this.db.$transaction(async (tx) => {
      const portfolio = await tx.portfolio.create({ data: { userId, name: trimmed } });
      await enqueuePortfolioEvent(tx, { portfolioId: portfolio.id, userId, kind: 'PORTFOLIO_CHANGED' });
      return portfolio;
    });
  }

  /**
   * Records a transaction after replaying the whole ledger with it, under a row lock on the
   * portfolio so concurrent writes validate against each other. The row and its outbox event
   * commit together. A repeated idempotency key returns the original and writes nothing.
   */
  async record(userId: string, input: RecordTransactionInput): Promise<TxRow> {
    if (input.note && input.note.length > 500) throw badInput('note must have at most 500 characters', { field: 'note' });
    if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^[\w.:-]{1,100}$/.test(input.idempotencyKey)) {
      throw badInput('idempotencyKey must be 1 to 100 letters, digits or . _ : -', { field: 'idempotencyKey' });
    }
    try {
      return await this.db.$transaction(async (tx) => {
        await this.owned(userId, input.portfolioId, tx);
        await tx.$queryRaw`SELECT id FROM "Portfolio" WHERE id = ${input.portfolioId}::uuid FOR UPDATE`;
        if (input.idempotencyKey) {
          const existing = await tx.transaction.findUnique({
            where: { portfolioId_idempotencyKey: { portfolioId: input.portfolioId, idempotencyKey: input.idempotencyKey } },
          });
          if (existing) return existing;
        }
        if (input.coinId && !(await tx.coin.findUnique({ where: { id: input.coinId }, select: { id: true } }))) {
          throw badInput(`Unknown coin ${input.coinId}`, { field: 'coinId' });
        }
        const portfolio = await tx.portfolio.findUniqueOrThrow({ where: { id: input.portfolioId } });
        const rows = await loadTransactions(tx, input.portfolioId);
        const candidate: Transaction = {
          id: '00000000-0000-4000-8000-000000000000',
          type: input.type,
          coinId: input.coinId ?? null,
          quantity: input.quantity,
          price: input.price ?? null,
          fee: input.fee ?? new Decimal(0),
          executedAt: input.executedAt ?? new Date(),
          seq: Number.MAX_SAFE_INTEGER,
          note: input.note ?? null,
        };
        replayLedgerOrThrow([...rows.map(toLedgerTransaction), candidate], { method: portfolio.costBasisMethod, now: new Date() });
        const created = await tx.transaction.create({
          data: {
            portfolioId: input.portfolioId,
            type: input.type,
            coinId: candidate.coinId,
            quantity: candidate.quantity.toFixed(),
            price: candidate.price?.toFixed() ?? null,
            fee: candidate.fee.toFixed(),
            executedAt: candidate.executedAt,
            note: candidate.note,
            idempotencyKey: input.idempotencyKey ?? null,
          },
        });
        await enqueuePortfolioEvent(tx, {
          portfolioId: input.portfolioId,
          userId,
          kind: 'TRANSACTION_RECORDED',
          transactionId: created.id,
        });
        return created;
      });
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002' && input.idempotencyKey) {
        const existing = await this.db.transaction.findFirst({
          where: { portfolioId: input.portfolioId, idempotencyKey: input.idempotencyKey },
        });
        if (existing) return existing;
        throw conflict('A concurrent request used the same idempotency key');
      }
      return ledgerError(err);
    }
  }

  /** Replays the ledger and values it at the latest quotes. */
  async valuation(portfolio: Portfolio): Promise<PortfolioValuation> {
    const rows = await loadTransactions(this.db, portfolio.id);
    const ledger = replayLedgerOrThrow(rows.map(toLedgerTransaction), { method: portfolio.costBasisMethod });
    const coinIds = ledger.positions.filter((p) => p.quantity.gt(0)).map((p) => p.coinId);
    return valuePortfolio(ledger, await latestPrices(this.db, coinIds));
  }

  transactions(portfolioId: string, first: number, after?: string | null) {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput('first must be between 1 and 500', { field: 'first' });
    return this.db.transaction.findMany({
      where: { portfolioId },
      orderBy: [{ executedAt: 'desc' }, { seq: 'desc' }],
      take: first,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    });
  }
}
