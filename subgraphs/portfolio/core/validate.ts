import { isWithinInstantRange } from '../../../lib/instants';
import { withinLedgerRange, MAX_SCALE, type Decimal } from './decimal';
import type { LedgerIssue, LedgerIssueCode } from './errors';
import { TRANSACTION_TYPES, type Transaction, type TransactionType } from './types';

const PRICE_REQUIRED: ReadonlySet<TransactionType> = new Set(['BUY', 'SELL', 'TRANSFER_IN', 'INCOME']);
const COIN_REQUIRED: ReadonlySet<TransactionType> = new Set([
  'BUY',
  'SELL',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'INCOME',
]);
const COIN_FORBIDDEN: ReadonlySet<TransactionType> = new Set(['DEPOSIT', 'WITHDRAWAL']);

export function isTransactionType(value: string): value is TransactionType {
  return (TRANSACTION_TYPES as readonly string[]).includes(value);
}

/** Short human label for messages: "SELL 2 bitcoin on 2024-03-01T10:00:00.000Z". */
export function describeTransaction(tx: Transaction): string {
  const what = tx.coinId === null ? `${tx.quantity.toFixed()} USD` : `${tx.quantity.toFixed()} ${tx.coinId}`;
  const when = Number.isNaN(tx.executedAt.getTime()) ? 'an invalid date' : tx.executedAt.toISOString();
  return `${tx.type} ${what} on ${when}`;
}

function rangeProblem(value: Decimal): string | null {
  if (!value.isFinite()) return 'is not a finite number';
  if (value.decimalPlaces() > MAX_SCALE) return `has more than ${MAX_SCALE} decimal places`;
  if (!withinLedgerRange(value)) return 'is too large';
  return null;
}

export interface ValidateOptions {
  /** When given, execution times after it are refused (FUTURE_EXECUTION). */
  now?: Date;
}

/**
 * Checks one transaction on its own (no holdings needed): type, date, quantity > 0, price present
 * exactly for the types that take one and never negative, fee >= 0, coin present or absent by type,
 * and every number within the ledger's exact range. Returns every problem found.
 */
export function validateTransactionFields(tx: Transaction, options: ValidateOptions = {}): LedgerIssue[] {
  const issues: LedgerIssue[] = [];
  const add = (code: LedgerIssueCode, message: string) =>
    issues.push({ code, transactionId: tx.id, message });
  if (!isTransactionType(tx.type)) {
    add('UNKNOWN_TYPE', `unknown transaction type "${String(tx.type)}"`);
    return issues;
  }
  const label = describeTransaction(tx);

  if (!(tx.executedAt instanceof Date) || Number.isNaN(tx.executedAt.getTime())) {
    add('INVALID_DATE', `${label}: execution time is not a valid date`);
  } else if (!isWithinInstantRange(tx.executedAt.getTime())) {
    add('INVALID_DATE', `${label}: execution time is before 1970 or after 9999`);
  } else if (options.now && tx.executedAt.getTime() > options.now.getTime()) {
    add('FUTURE_EXECUTION', `${label}: execution time is in the future`);
  }

  const quantityProblem = rangeProblem(tx.quantity);
  if (quantityProblem) add('INVALID_QUANTITY', `${label}: quantity ${quantityProblem}`);
  else if (!tx.quantity.gt(0)) add('INVALID_QUANTITY', `${label}: quantity must be greater than 0`);

  const feeProblem = rangeProblem(tx.fee);
  if (feeProblem) add('INVALID_FEE', `${label}: fee ${feeProblem}`);
  else if (tx.fee.isNeg() && !tx.fee.isZero()) add('INVALID_FEE', `${label}: fee must not be negative`);

  if (PRICE_REQUIRED.has(tx.type)) {
    if (tx.price === null) {
      const meaning = tx.type === 'TRANSFER_IN' ? 'the cost basis per coin carried in' : 'USD per coin';
      add('PRICE_REQUIRED', `${label}: price (${meaning}) is required`);
    } else {
      const priceProblem = rangeProblem(tx.price);
      if (priceProblem) add('INVALID_PRICE', `${label}: price ${priceProblem}`);
      else if (tx.price.isNeg() && !tx.price.isZero())
        add('INVALID_PRICE', `${label}: price must not be negative`);
    }
  } else if (tx.price !== null) {
    add('PRICE_NOT_ALLOWED', `${label}: ${tx.type} takes no price`);
  }

  if (tx.coinId !== null && tx.coinId.trim() === '') {
    add('COIN_REQUIRED', `${label}: the coin id is empty`);
  } else if (COIN_REQUIRED.has(tx.type) && tx.coinId === null) {
    add('COIN_REQUIRED', `${label}: a coin is required`);
  } else if (COIN_FORBIDDEN.has(tx.type) && tx.coinId !== null) {
    add(
      'COIN_NOT_ALLOWED',
      `${label}: ${tx.type} is a USD cash movement; coins move with TRANSFER_IN and TRANSFER_OUT`,
    );
  }
  return issues;
}
