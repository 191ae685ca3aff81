import type { Decimal } from './decimal';

/**
 * Why a transaction was refused. Every code is the user's to fix, so the API maps them all to
 * BAD_USER_INPUT (with `issues` in the error extensions).
 */
export type LedgerIssueCode =
  | 'UNKNOWN_TYPE'
  | 'DUPLICATE_ID'
  | 'INVALID_DATE'
  | 'FUTURE_EXECUTION'
  | 'INVALID_QUANTITY'
  | 'INVALID_PRICE'
  | 'INVALID_FEE'
  | 'PRICE_REQUIRED'
  | 'PRICE_NOT_ALLOWED'
  | 'COIN_REQUIRED'
  | 'COIN_NOT_ALLOWED'
  | 'INSUFFICIENT_HOLDINGS'
  | 'INSUFFICIENT_CASH';

export interface LedgerIssue {
  code: LedgerIssueCode;
  transactionId: string;
  /** Human-readable, names the numbers involved. */
  message: string;
  /** For INSUFFICIENT_HOLDINGS / INSUFFICIENT_CASH: what was held (coins or USD) just before it. */
  held?: Decimal;
  /** For INSUFFICIENT_HOLDINGS / INSUFFICIENT_CASH: what the transaction needed. */
  requested?: Decimal;
}

/** Thrown by `replayLedgerOrThrow`; carries every issue found, in replay order. */
export class LedgerValidationError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly issues: readonly LedgerIssue[]) {
    super(
      issues.length === 1 && issues[0]
        ? issues[0].message
        : `${issues.length} invalid transactions: ${issues.map((i) => i.message).join('; ')}`,
    );
    this.name = 'LedgerValidationError';
  }
}
