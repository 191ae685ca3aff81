import { Decimal, ZERO, quantize, toDecimal } from './decimal';
import { LedgerValidationError, type LedgerIssue } from './errors';
import {
  DEFAULT_COST_BASIS_METHOD,
  type CostBasisMethod,
  type Ledger,
  type LedgerEntry,
  type Lot,
  type Position,
  type Sale,
  type Transaction,
} from './types';
import { describeTransaction, validateTransactionFields, type ValidateOptions } from './validate';

interface MutablePosition {
  coinId: string;
  quantity: Decimal;
  costBasis: Decimal;
  lots: Lot[];
  realizedPnl: Decimal;
  income: Decimal;
}

/** Replay order: execution time, then recording sequence, then id (so the order is total). */
export function compareTransactions(a: Transaction, b: Transaction): number {
  const byTime = a.executedAt.getTime() - b.executedAt.getTime();
  if (byTime !== 0) return byTime;
  if (a.seq !== b.seq) return a.seq - b.seq;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The transaction with every amount as the ledger's own Decimal (rows from Prisma carry Prisma's
 * Decimal class). Returns the same object when nothing needs converting.
 */
export function normalizeTransaction<T extends Transaction>(tx: T): T {
  const { quantity, price, fee } = tx;
  if (quantity instanceof Decimal && fee instanceof Decimal && (price === null || price instanceof Decimal))
    return tx;
  return {
    ...tx,
    quantity: toDecimal(quantity),
    price: price === null ? null : toDecimal(price),
    fee: toDecimal(fee),
  };
}

export function sortTransactions<T extends Transaction>(transactions: readonly T[]): T[] {
  return [...transactions].sort(compareTransactions);
}

/**
 * The ledger as a state machine: apply transactions one at a time, in replay order. `replayLedger` and
 * the daily history both drive it, so the rules live in one place. A refused transaction leaves the
 * state untouched.
 */
export class LedgerBook {
  private readonly positions = new Map<string, MutablePosition>();
  private readonly entries: LedgerEntry[] = [];
  private readonly sales: Sale[] = [];
  cash = ZERO;
  deposits = ZERO;
  withdrawals = ZERO;
  implicitDeposits = ZERO;
  netInvested = ZERO;
  transferredInBasis = ZERO;
  transferredOutBasis = ZERO;
  income = ZERO;
  fees = ZERO;
  realizedPnl = ZERO;

  constructor(readonly method: CostBasisMethod = DEFAULT_COST_BASIS_METHOD) {}

  quantityOf(coinId: string): Decimal {
    return this.positions.get(coinId)?.quantity ?? ZERO;
  }

  /** Coins held now (quantity > 0), as [coinId, quantity]. */
  *holdings(): Generator<[string, Decimal]> {
    for (const p of this.positions.values()) if (p.quantity.gt(0)) yield [p.coinId, p.quantity];
  }

  /** The most recent entry, i.e. what the last accepted transaction did. */
  lastEntry(): LedgerEntry | undefined {
    return this.entries[this.entries.length - 1];
  }

  /**
   * Validates `tx` against the current state and applies it. Returns the issues (empty when applied).
   * Callers must apply in replay order; the book does not sort.
   */
  apply(tx: Transaction, options: ValidateOptions = {}): LedgerIssue[] {
    const fieldIssues = validateTransactionFields(tx, options);
    if (fieldIssues.length > 0) return fieldIssues;
    const stateIssue = this.checkState(tx);
    if (stateIssue) return [stateIssue];
    this.applyValid(tx);
    return [];
  }

  private checkState(tx: Transaction): LedgerIssue | null {
    if (tx.type === 'SELL' || tx.type === 'TRANSFER_OUT' || (tx.type === 'FEE' && tx.coinId !== null)) {
      const held = this.quantityOf(tx.coinId as string);
      if (tx.quantity.gt(held)) {
        const verb = tx.type === 'SELL' ? 'sell' : tx.type === 'TRANSFER_OUT' ? 'transfer out' : 'pay';
        return {
          code: 'INSUFFICIENT_HOLDINGS',
          transactionId: tx.id,
          held,
          requested: tx.quantity,
          message:
            `${describeTransaction(tx)}: cannot ${verb} ${tx.quantity.toFixed()} ${tx.coinId}, ` +
            `only ${held.toFixed()} held at that moment`,
        };
      }
    }
    if (tx.type === 'WITHDRAWAL') {
      const needed = tx.quantity.plus(tx.fee);
      if (needed.gt(this.cash)) {
        return {
          code: 'INSUFFICIENT_CASH',
          transactionId: tx.id,
          held: this.cash,
          requested: needed,
          message:
            `${describeTransaction(tx)}: withdrawal plus fee is ${needed.toFixed()} USD, ` +
            `only ${this.cash.toFixed()} USD cash at that moment`,
        };
      }
    }
    return null;
  }

  private position(coinId: string): MutablePosition {
    let p = this.positions.get(coinId);
    if (!p) {
      p = { coinId, quantity: ZERO, costBasis: ZERO, lots: [], realizedPnl: ZERO, income: ZERO };
      this.positions.set(coinId, p);
    }
    return p;
  }

  private addLot(p: MutablePosition, tx: Transaction, costBasis: Decimal): void {
    const pooled = this.method === 'AVERAGE' ? p.lots[0] : undefined;
    if (pooled) {
      pooled.quantity = pooled.quantity.plus(tx.quantity);
      pooled.costBasis = pooled.costBasis.plus(costBasis);
    } else {
      p.lots.push({ transactionId: tx.id, acquiredAt: tx.executedAt, quantity: tx.quantity, costBasis });
    }
    p.quantity = p.quantity.plus(tx.quantity);
    p.costBasis = p.costBasis.plus(costBasis);
  }

  /**
   * Takes `quantity` out of the lots, oldest first (under AVERAGE there is one pooled lot, so this is
   * the average cost). Whole lots leave with their exact basis; a partly used lot gives up
   * basis × used / lot quantity, rounded to BASIS_SCALE places, and keeps the exact rest, so the
   * lots' basis always sums exactly to the position's and emptying a position removes all of it.
   */
  private removeFromLots(p: MutablePosition, quantity: Decimal): Decimal {
    let remaining = quantity;
    let removed = ZERO;
    let used = 0;
    for (const lot of p.lots) {
      if (remaining.isZero()) break;
      if (lot.quantity.lte(remaining)) {
        removed = removed.plus(lot.costBasis);
        remaining = remaining.minus(lot.quantity);
        used += 1;
      } else {
        const share = Decimal.min(quantize(lot.costBasis.times(remaining).div(lot.quantity)), lot.costBasis);
        lot.quantity = lot.quantity.minus(remaining);
        lot.costBasis = lot.costBasis.minus(share);
        removed = removed.plus(share);
        remaining = ZERO;
      }
    }
    p.lots.splice(0, used);
    p.quantity = p.quantity.minus(quantity);
    p.costBasis = p.costBasis.minus(removed);
    return removed;
  }

  /** Moves cash; a shortfall is funded by an implicit deposit so the balance never goes negative. */
  private moveCash(delta: Decimal): Decimal {
    const after = this.cash.plus(delta);
    if (after.isNeg() && !after.isZero()) {
      const shortfall = after.neg();
      this.implicitDeposits = this.implicitDeposits.plus(shortfall);
      this.cash = ZERO;
      return shortfall;
    }
    this.cash = after;
    return ZERO;
  }

  private applyValid(tx: Transaction): void {
    let cashDelta = ZERO;
    let basisAdded = ZERO;
    let basisRemoved = ZERO;
    let realized = ZERO;
    const p = tx.coinId === null ? null : this.position(tx.coinId);
    const price = tx.price ?? ZERO;
    const fee = tx.fee;

    switch (tx.type) {
      case 'BUY': {
        const cost = tx.quantity.times(price).plus(fee);
        cashDelta = cost.neg();
        basisAdded = cost;
        this.addLot(p!, tx, cost);
        this.netInvested = this.netInvested.plus(cost);
        break;
      }
      case 'SELL': {
        const proceeds = tx.quantity.times(price);
        const net = proceeds.minus(fee);
        basisRemoved = this.removeFromLots(p!, tx.quantity);
        realized = net.minus(basisRemoved);
        cashDelta = net;
        this.netInvested = this.netInvested.minus(net);
        this.sales.push({
          transactionId: tx.id,
          coinId: p!.coinId,
          executedAt: tx.executedAt,
          quantity: tx.quantity,
          proceeds,
          fee,
          costBasis: basisRemoved,
          realizedPnl: realized,
        });
        break;
      }
      case 'DEPOSIT':
        this.deposits = this.deposits.plus(tx.quantity);
        cashDelta = tx.quantity.minus(fee);
        realized = fee.neg();
        break;
      case 'WITHDRAWAL':
        this.withdrawals = this.withdrawals.plus(tx.quantity);
        cashDelta = tx.quantity.plus(fee).neg();
        realized = fee.neg();
        break;
      case 'TRANSFER_IN':
        basisAdded = tx.quantity.times(price);
        this.addLot(p!, tx, basisAdded);
        this.transferredInBasis = this.transferredInBasis.plus(basisAdded);
        cashDelta = fee.neg();
        realized = fee.neg();
        break;
      case 'TRANSFER_OUT':
        basisRemoved = this.removeFromLots(p!, tx.quantity);
        this.transferredOutBasis = this.transferredOutBasis.plus(basisRemoved);
        cashDelta = fee.neg();
        realized = fee.neg();
        break;
      case 'FEE':
        if (p) {
          // Paying with a coin is a disposal for nothing: its cost basis is lost.
          basisRemoved = this.removeFromLots(p, tx.quantity);
          this.fees = this.fees.plus(basisRemoved);
          realized = basisRemoved.plus(fee).neg();
          cashDelta = fee.neg();
        } else {
          this.fees = this.fees.plus(tx.quantity);
          realized = tx.quantity.plus(fee).neg();
          cashDelta = realized;
        }
        break;
      case 'INCOME':
        basisAdded = tx.quantity.times(price);
        this.addLot(p!, tx, basisAdded);
        this.income = this.income.plus(basisAdded);
        p!.income = p!.income.plus(basisAdded);
        cashDelta = fee.neg();
        realized = fee.neg();
        break;
    }

    this.fees = this.fees.plus(fee);
    this.realizedPnl = this.realizedPnl.plus(realized);
    if (p) p.realizedPnl = p.realizedPnl.plus(realized);
    const implicitDeposit = this.moveCash(cashDelta);
    this.entries.push({
      transactionId: tx.id,
      type: tx.type,
      coinId: tx.coinId,
      executedAt: tx.executedAt,
      cashDelta,
      implicitDeposit,
      basisAdded,
      basisRemoved,
      realizedPnl: realized,
      quantityAfter: p ? p.quantity : null,
      cashAfter: this.cash,
    });
  }

  /** An immutable copy of the current state. */
  snapshot(): Ledger {
    const positions: Position[] = [...this.positions.values()]
      .sort((a, b) => (a.coinId < b.coinId ? -1 : a.coinId > b.coinId ? 1 : 0))
      .map((p) => ({
        coinId: p.coinId,
        quantity: p.quantity,
        costBasis: p.costBasis,
        lots: p.lots.map((l) => ({ ...l })),
        realizedPnl: p.realizedPnl,
        income: p.income,
      }));
    return {
      method: this.method,
      positions,
      cash: this.cash,
      deposits: this.deposits,
      withdrawals: this.withdrawals,
      implicitDeposits: this.implicitDeposits,
      netDeposits: this.deposits.plus(this.implicitDeposits).minus(this.withdrawals),
      netInvested: this.netInvested,
      transferredInBasis: this.transferredInBasis,
      transferredOutBasis: this.transferredOutBasis,
      income: this.income,
      fees: this.fees,
      realizedPnl: this.realizedPnl,
      totalCostBasis: positions.reduce((sum, p) => sum.plus(p.costBasis), ZERO),
      entries: [...this.entries],
      sales: [...this.sales],
    };
  }
}

export interface ReplayOptions extends ValidateOptions {
  /** Cost-basis method of the portfolio; FIFO by default. */
  method?: CostBasisMethod;
}

export interface ReplayResult {
  /** The ledger built from the transactions that passed; equal to the full ledger when `issues` is empty. */
  ledger: Ledger;
  /**
   * Every refused transaction: first those invalid on their own (input order), then those that fail
   * against the holdings of their moment (replay order). Later transactions are still checked, against
   * a ledger without the refused ones.
   */
  issues: LedgerIssue[];
}

/**
 * Replays transactions in order (executedAt, seq, id) and builds the ledger. Pure: the same list gives
 * the same ledger whatever its input order. Editing or deleting a transaction is replaying the edited
 * list (see `withEdit`), which recomputes everything after it and reports a later sale that no longer
 * has the coins.
 */
export function replayLedger(
  transactions: readonly Transaction[],
  options: ReplayOptions = {},
): ReplayResult {
  const issues: LedgerIssue[] = [];
  const seen = new Set<string>();
  const valid: Transaction[] = [];
  for (const raw of transactions) {
    const tx = normalizeTransaction(raw);
    if (seen.has(tx.id)) {
      issues.push({
        code: 'DUPLICATE_ID',
        transactionId: tx.id,
        message: `duplicate transaction id ${tx.id}`,
      });
      continue;
    }
    seen.add(tx.id);
    const fieldIssues = validateTransactionFields(tx, options);
    if (fieldIssues.length > 0) issues.push(...fieldIssues);
    else valid.push(tx);
  }
  const book = new LedgerBook(options.method);
  for (const tx of sortTransactions(valid)) issues.push(...book.apply(tx, options));
  return { ledger: book.snapshot(), issues };
}

/** Like `replayLedger`, but throws LedgerValidationError (maps to BAD_USER_INPUT) on any issue. */
export function replayLedgerOrThrow(
  transactions: readonly Transaction[],
  options: ReplayOptions = {},
): Ledger {
  const { ledger, issues } = replayLedger(transactions, options);
  if (issues.length > 0) throw new LedgerValidationError(issues);
  return ledger;
}

/**
 * The transaction list after an edit: `upsert` replaces the transaction with the same id (or adds it),
 * `deleteId` removes one. Replay the result to validate the edit and recompute everything after it.
 */
export function withEdit(
  transactions: readonly Transaction[],
  edit: { upsert?: Transaction; deleteId?: string },
): Transaction[] {
  const out = transactions.filter((t) => t.id !== edit.deleteId && t.id !== edit.upsert?.id);
  if (edit.upsert) out.push(edit.upsert);
  return out;
}
