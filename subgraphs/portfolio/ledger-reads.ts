import type { Portfolio, Transaction as TxRow } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput } from '../../lib/errors';
import {
  dailyValueHistory,
  replayLedgerOrThrow,
  valuePortfolio,
  type DailyValuePoint,
  type Ledger,
  type LedgerEntry,
  type PortfolioValuation,
  type Transaction,
} from './core';
import {
  latestPrices,
  loadDailyCloses,
  loadLedgersOf,
  loadTransactions,
  toLedgerTransaction,
  type LoadedLedger,
} from './ledger-store';
import type { HistoryWindow } from './performance';
import { isUuid } from './portfolios';

const DAY_MS = 86_400_000;

interface Replayed {
  transactions: Transaction[];
  ledger: Ledger;
  entries: Map<string, LedgerEntry>;
}

/**
 * What one request reads of a portfolio, computed once per request however many fields ask: the
 * replayed ledger, its valuation at the latest quotes, and value histories by period. Writes call
 * `invalidate` so a mutation's own result sees the new state.
 */
export class LedgerReads {
  private readonly replays = new Map<string, Promise<Replayed>>();
  private readonly valuations = new Map<string, Promise<PortfolioValuation>>();
  private readonly histories = new Map<string, Promise<DailyValuePoint[]>>();
  /** Ledgers and quotes read together by `portfoliosOf`, by portfolio id. */
  private readonly loaded = new Map<string, LoadedLedger>();

  constructor(private readonly db: Db) {}

  invalidate(portfolioId: string): void {
    this.loaded.delete(portfolioId);
    this.replays.delete(portfolioId);
    this.valuations.delete(portfolioId);
    for (const key of this.histories.keys())
      if (key.startsWith(`${portfolioId}:`)) this.histories.delete(key);
  }

  /**
   * The user's portfolios, their ledgers and quotes read in one statement (loadLedgersOf) and kept
   * for this request's ledger and valuation fields. For pages that show ledger figures; a list of
   * names only is cheaper through `Portfolios.listFor`.
   */
  async portfoliosOf(userId: string): Promise<Portfolio[]> {
    const ledgers = await loadLedgersOf(this.db, userId);
    for (const ledger of ledgers) this.loaded.set(ledger.portfolio.id, ledger);
    return ledgers.map((l) => l.portfolio);
  }

  /** The replayed ledger of a portfolio the caller already proved to own. */
  replay(portfolio: Pick<Portfolio, 'id' | 'costBasisMethod'>): Promise<Replayed> {
    let found = this.replays.get(portfolio.id);
    if (!found) {
      found = (async () => {
        const transactions =
          this.loaded.get(portfolio.id)?.transactions ??
          (await loadTransactions(this.db, portfolio.id)).map(toLedgerTransaction);
        const ledger = replayLedgerOrThrow(transactions, { method: portfolio.costBasisMethod });
        return { transactions, ledger, entries: new Map(ledger.entries.map((e) => [e.transactionId, e])) };
      })();
      this.replays.set(portfolio.id, found);
    }
    return found;
  }

  /** For a transaction row: its portfolio's ledger (the row came from an owned portfolio). */
  async replayOf(portfolioId: string): Promise<Replayed> {
    const cached = this.replays.get(portfolioId);
    if (cached) return cached;
    const portfolio = await this.db.portfolio.findUniqueOrThrow({
      where: { id: portfolioId },
      select: { id: true, costBasisMethod: true },
    });
    return this.replay(portfolio);
  }

  valuation(portfolio: Portfolio): Promise<PortfolioValuation> {
    let found = this.valuations.get(portfolio.id);
    if (!found) {
      found = (async () => {
        const { ledger } = await this.replay(portfolio);
        // Quotes read with the ledger cover every coin it names, so every held one.
        const loaded = this.loaded.get(portfolio.id)?.prices;
        if (loaded) return valuePortfolio(ledger, loaded);
        const held = ledger.positions.filter((p) => p.quantity.gt(0)).map((p) => p.coinId);
        return valuePortfolio(ledger, await latestPrices(this.db, held));
      })();
      this.valuations.set(portfolio.id, found);
    }
    return found;
  }

  /** Daily values over the window, from the DAY_1 candles of every coin the portfolio ever held. */
  history(portfolio: Portfolio, window: HistoryWindow): Promise<DailyValuePoint[]> {
    const key = `${portfolio.id}:${window.from.getTime()}:${window.to.getTime()}`;
    let found = this.histories.get(key);
    if (!found) {
      found = (async () => {
        const { transactions } = await this.replay(portfolio);
        const coins = [...new Set(transactions.flatMap((t) => (t.coinId === null ? [] : [t.coinId])))];
        // From the day before the period: the first day's return and transfers start at that close.
        const closes = await loadDailyCloses(
          this.db,
          coins,
          new Date(window.from.getTime() - DAY_MS),
          window.to,
        );
        return dailyValueHistory({
          transactions,
          method: portfolio.costBasisMethod,
          closes,
          from: window.from,
          to: window.to,
        });
      })();
      this.histories.set(key, found);
    }
    return found;
  }

  /** A page of transactions, most recently executed first; `after` is the last id of the previous page. */
  async page(portfolioId: string, first: number, after?: string | null): Promise<TxRow[]> {
    if (!Number.isInteger(first) || first < 1 || first > 500)
      throw badInput('first must be between 1 and 500', { field: 'first' });
    let cursor: { executedAt: Date; seq: bigint } | null = null;
    if (after) {
      cursor = isUuid(after)
        ? await this.db.transaction.findFirst({
            where: { id: after, portfolioId },
            select: { executedAt: true, seq: true },
          })
        : null;
      if (!cursor) throw badInput('after is not a transaction of this portfolio', { field: 'after' });
    }
    return this.db.transaction.findMany({
      where: {
        portfolioId,
        ...(cursor
          ? {
              OR: [
                { executedAt: { lt: cursor.executedAt } },
                { executedAt: cursor.executedAt, seq: { lt: cursor.seq } },
              ],
            }
          : {}),
      },
      orderBy: [{ executedAt: 'desc' }, { seq: 'desc' }],
      take: first,
    });
  }
}
