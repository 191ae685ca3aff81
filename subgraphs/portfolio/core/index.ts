/**
 * The portfolio ledger core: pure functions over transactions, in exact decimals. No I/O; the
 * portfolio subgraph's resolvers validate input, call these, and map LedgerValidationError /
 * CsvLineError to BAD_USER_INPUT.
 */
export {
  Decimal,
  MAX_SCALE,
  MAX_MAGNITUDE,
  BASIS_SCALE,
  ZERO,
  toDecimal,
  parseDecimal,
  quantize,
  toDecimalString,
  withinLedgerRange,
  type DecimalLike,
} from './decimal';
export {
  TRANSACTION_TYPES,
  TRANSACTION_TYPE_DESCRIPTIONS,
  DEFAULT_COST_BASIS_METHOD,
  type TransactionType,
  type CostBasisMethod,
  type Transaction,
  type Lot,
  type Position,
  type LedgerEntry,
  type Sale,
  type Ledger,
} from './types';
export { LedgerValidationError, type LedgerIssue, type LedgerIssueCode } from './errors';
export {
  validateTransactionFields,
  isTransactionType,
  describeTransaction,
  type ValidateOptions,
} from './validate';
export {
  replayLedger,
  replayLedgerOrThrow,
  withEdit,
  normalizeTransaction,
  sortTransactions,
  compareTransactions,
  LedgerBook,
  type ReplayOptions,
  type ReplayResult,
} from './ledger';
export {
  valuePortfolio,
  lookupPrice,
  type PriceMap,
  type HoldingValuation,
  type PortfolioValuation,
} from './valuation';
export {
  dailyValueHistory,
  timeWeightedReturn,
  MAX_HISTORY_DAYS,
  type DailyClose,
  type DailyCloses,
  type DailyValuePoint,
  type HistoryInput,
  type TimeWeightedReturn,
} from './history';
export {
  parseTransactionsCsv,
  parseCsvDate,
  CSV_COLUMNS,
  CSV_MAX_ROWS,
  CSV_MAX_NOTE_LENGTH,
  CSV_MAX_KEY_LENGTH,
  type CsvImportOptions,
  type CsvImportResult,
  type CsvLineError,
  type CsvErrorCode,
  type CsvTransaction,
} from './csv';
export {
  evaluateAlerts,
  markTriggered,
  type AlertDirection,
  type PriceAlertState,
  type PriceEventInput,
  type AlertTrigger,
} from './alerts';
