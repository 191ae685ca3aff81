import type { Decimal } from './decimal';

export const TRANSACTION_TYPES = [
  'BUY',
  'SELL',
  'DEPOSIT',
  'WITHDRAWAL',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'FEE',
  'INCOME',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/**
 * What each transaction type means to the ledger, worded for SDL descriptions. All amounts are USD;
 * `quantity` is a coin amount for coin transactions and a USD amount for cash ones. Every type's `fee`
 * is a USD amount paid from the portfolio's cash.
 */
export const TRANSACTION_TYPE_DESCRIPTIONS: Readonly<Record<TransactionType, string>> = {
  BUY:
    'Buy `quantity` of `coin` at `price` USD each, paid from cash. The fee is part of the cost basis ' +
    '(cost basis = quantity × price + fee). Opens a new lot.',
  SELL:
    'Sell `quantity` of `coin` at `price` USD each into cash. Removes lots by the portfolio cost-basis ' +
    'method; realised P&L = quantity × price − fee − cost basis removed. Cannot sell more than is held ' +
    'at that moment.',
  DEPOSIT:
    'USD cash paid into the portfolio: `quantity` is the USD amount; no coin and no price. Coins ' +
    'arriving from elsewhere are TRANSFER_IN, not DEPOSIT. Counts in net deposits.',
  WITHDRAWAL:
    'USD cash taken out of the portfolio: `quantity` is the USD amount; no coin and no price. Cannot ' +
    'exceed the cash balance at that moment (amount + fee). Counts in net deposits (negatively).',
  TRANSFER_IN:
    'Coins moved in from another wallet or portfolio without a sale, keeping their cost basis: `price` ' +
    'is the cost basis per coin carried in (0 when unknown). Opens a lot dated at the transfer. No P&L.',
  TRANSFER_OUT:
    'Coins moved out to another wallet or portfolio without a sale: removes lots by the cost-basis ' +
    'method at their cost basis; no realised P&L; no price. Cannot move more than is held.',
  FEE:
    'A fee paid in a coin (with `coin`: `quantity` coins are removed like a sale for nothing, so their ' +
    'cost basis becomes a realised loss) or in USD (without `coin`: `quantity` USD leaves cash as a ' +
    'realised loss). No price.',
  INCOME:
    'Coins received as staking rewards, interest or airdrops: `price` is the USD market value per coin ' +
    'on receipt (required, may be 0); that value is counted as income and becomes the cost basis of a ' +
    'new lot.',
};

/** Cost-basis method, chosen per portfolio. */
export type CostBasisMethod = 'FIFO' | 'AVERAGE';
export const DEFAULT_COST_BASIS_METHOD: CostBasisMethod = 'FIFO';

/**
 * One ledger transaction. Replay order is `executedAt`, then `seq`, then `id`, so transactions at the
 * same instant keep the order they were recorded in (use an insertion sequence or `createdAt` millis as
 * `seq`).
 */
export interface Transaction {
  id: string;
  type: TransactionType;
  /** Coin slug; null for DEPOSIT, WITHDRAWAL and a USD FEE. */
  coinId: string | null;
  /** Coins for coin transactions, USD for DEPOSIT, WITHDRAWAL and a USD FEE. Always > 0. */
  quantity: Decimal;
  /** USD per coin: required for BUY, SELL, TRANSFER_IN, INCOME; null otherwise. */
  price: Decimal | null;
  /** USD paid from cash, >= 0. */
  fee: Decimal;
  executedAt: Date;
  seq: number;
  note?: string | null;
  idempotencyKey?: string | null;
}

/** A unit of holding with its own cost basis. Under AVERAGE a position has at most one (pooled) lot. */
export interface Lot {
  /** The transaction that opened the lot (the first one of the pool under AVERAGE). */
  transactionId: string;
  acquiredAt: Date;
  quantity: Decimal;
  costBasis: Decimal;
}

export interface Position {
  coinId: string;
  /** Coins held now; never negative. */
  quantity: Decimal;
  /** Sum of the lots' cost basis, USD. */
  costBasis: Decimal;
  /** Oldest first. Empty when quantity is 0. */
  lots: readonly Lot[];
  /** Realised P&L from this coin's sales and coin fees, USD. */
  realizedPnl: Decimal;
  /** Income received in this coin, valued at receipt, USD. */
  income: Decimal;
}

/** What one transaction did, in replay order. Amounts in USD unless named otherwise. */
export interface LedgerEntry {
  transactionId: string;
  type: TransactionType;
  coinId: string | null;
  executedAt: Date;
  /** Change of the cash balance (before any implicit deposit). */
  cashDelta: Decimal;
  /** Cash added from outside the ledger so the balance does not go negative (see `Ledger`). */
  implicitDeposit: Decimal;
  /** Cost basis added to the coin's lots (BUY, TRANSFER_IN, INCOME). */
  basisAdded: Decimal;
  /** Cost basis taken out of the coin's lots (SELL, TRANSFER_OUT, coin FEE). */
  basisRemoved: Decimal;
  /** Realised P&L booked by this transaction (SELL, FEE, and any fee on non-trade types). */
  realizedPnl: Decimal;
  /** Coin quantity held after this transaction (null for cash transactions). */
  quantityAfter: Decimal | null;
  cashAfter: Decimal;
}

/** One sale's realised result: proceeds − fee − cost basis. */
export interface Sale {
  transactionId: string;
  coinId: string;
  executedAt: Date;
  quantity: Decimal;
  /** quantity × price */
  proceeds: Decimal;
  fee: Decimal;
  costBasis: Decimal;
  realizedPnl: Decimal;
}

/**
 * The replayed ledger. Cash is never negative: a BUY or fee that costs more than the cash balance is
 * treated as funded from outside at that moment (an *implicit deposit* of the shortfall), so a
 * portfolio that records only trades still adds up. Identity (exact, see valuation):
 *   cash + market value of holdings
 *     = netDeposits + transferredInBasis − transferredOutBasis + income + realizedPnl + unrealizedPnl
 */
export interface Ledger {
  method: CostBasisMethod;
  /** Every coin ever touched, sorted by coin id; positions with quantity 0 included. */
  positions: readonly Position[];
  /** USD cash balance, >= 0. */
  cash: Decimal;
  /** Explicit DEPOSIT amounts. */
  deposits: Decimal;
  /** Explicit WITHDRAWAL amounts. */
  withdrawals: Decimal;
  /** Shortfalls funded from outside (see above). */
  implicitDeposits: Decimal;
  /** deposits + implicitDeposits − withdrawals: the USD the owner has put in, net. */
  netDeposits: Decimal;
  /** Buy costs (quantity × price + fee) − sale net proceeds (quantity × price − fee). */
  netInvested: Decimal;
  /** Cost basis brought in by TRANSFER_IN. */
  transferredInBasis: Decimal;
  /** Cost basis taken out by TRANSFER_OUT. */
  transferredOutBasis: Decimal;
  /** INCOME valued at receipt. */
  income: Decimal;
  /** Every fee at cost: fee fields, USD FEE amounts, and the cost basis of coins paid as FEE. */
  fees: Decimal;
  /** Realised P&L: sales, minus coin fees at cost, minus fees on non-trade transactions, minus USD FEEs. */
  realizedPnl: Decimal;
  /** Cost basis of everything held. */
  totalCostBasis: Decimal;
  entries: readonly LedgerEntry[];
  sales: readonly Sale[];
}
