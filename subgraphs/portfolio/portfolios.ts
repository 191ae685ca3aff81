import type { CostBasisMethod, Portfolio, Prisma } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput, notFound } from '../../lib/errors';
import { replayLedgerOrThrow } from './core';
import { loadTransactions, toLedgerTransaction } from './ledger-store';
import { enqueuePortfolioEvent } from './outbox';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids are UUIDs; anything else cannot name a row, and must not reach the database as one. */
export const isUuid = (id: string) => UUID.test(id);

function checkName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100)
    throw badInput('name must have 1 to 100 characters', { field: 'name' });
  return trimmed;
}

/** Portfolios themselves (not their transactions); every read and write checks the owner. */
export class Portfolios {
  constructor(private readonly db: Db) {}

  /** The owner's portfolio, or NOT_FOUND for anyone else: another user's ids reveal nothing. */
  async owned(
    userId: string,
    portfolioId: string,
    tx: Prisma.TransactionClient = this.db,
  ): Promise<Portfolio> {
    const portfolio = isUuid(portfolioId)
      ? await tx.portfolio.findUnique({ where: { id: portfolioId } })
      : null;
    if (!portfolio || portfolio.userId !== userId) throw notFound('Portfolio');
    return portfolio;
  }

  /** Like `owned`, and takes the portfolio's row lock until the transaction ends, so ledger writes serialise. */
  async lock(userId: string, portfolioId: string, tx: Prisma.TransactionClient): Promise<Portfolio> {
    if (!isUuid(portfolioId)) throw notFound('Portfolio');
    const [portfolio] = await tx.$queryRaw<
      Portfolio[]
    >`SELECT * FROM "Portfolio" WHERE id = ${portfolioId}::uuid FOR UPDATE`;
    if (!portfolio || portfolio.userId !== userId) throw notFound('Portfolio');
    return portfolio;
  }

  listFor(userId: string) {
    return this.db.portfolio.findMany({ where: { userId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  }

  async create(
    userId: string,
    input: { name: string; costBasisMethod?: CostBasisMethod | null },
  ): Promise<Portfolio> {
    const name = checkName(input.name);
    return this.db.$transaction(async (tx) => {
      const portfolio = await tx.portfolio.create({
        data: { userId, name, costBasisMethod: input.costBasisMethod ?? 'FIFO' },
      });
      await enqueuePortfolioEvent(tx, { portfolioId: portfolio.id, userId, kind: 'PORTFOLIO_CHANGED' });
      return portfolio;
    });
  }

  /** Renames or changes the cost-basis method; the ledger is replayed under the new method first. */
  async update(
    userId: string,
    input: { id: string; name?: string | null; costBasisMethod?: CostBasisMethod | null },
  ): Promise<Portfolio> {
    const data: Prisma.PortfolioUpdateInput = {};
    if (input.name !== undefined && input.name !== null) data.name = checkName(input.name);
    if (input.costBasisMethod) data.costBasisMethod = input.costBasisMethod;
    return this.db.$transaction(async (tx) => {
      const portfolio = await this.lock(userId, input.id, tx);
      if (data.name === undefined && data.costBasisMethod === undefined) return portfolio;
      if (input.costBasisMethod && input.costBasisMethod !== portfolio.costBasisMethod) {
        // Which lots leave never changes what is held, so this cannot fail on valid data; it is the
        // same invariant check every ledger write makes.
        replayLedgerOrThrow((await loadTransactions(tx, portfolio.id)).map(toLedgerTransaction), {
          method: input.costBasisMethod,
        });
      }
      const updated = await tx.portfolio.update({ where: { id: portfolio.id }, data });
      await enqueuePortfolioEvent(tx, { portfolioId: portfolio.id, userId, kind: 'PORTFOLIO_CHANGED' });
      return updated;
    });
  }

  /** Deletes the portfolio and (by cascade) its transactions. */
  async remove(userId: string, portfolioId: string): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      await this.lock(userId, portfolioId, tx);
      await tx.portfolio.delete({ where: { id: portfolioId } });
      await enqueuePortfolioEvent(tx, { portfolioId, userId, kind: 'PORTFOLIO_CHANGED' });
      return true;
    });
  }
}
