import { parse } from 'csv-parse/sync';
import { ZERO, parseDecimal, type Decimal } from './decimal';
import type { LedgerIssueCode } from './errors';
import { replayLedger } from './ledger';
import { isWithinInstantRange } from '../../../lib/instants';
import { type CostBasisMethod, type Transaction } from './types';
import { isTransactionType, validateTransactionFields } from './validate';

/** Columns of the generic import format (CSV_FORMAT.md). date, type and quantity are required. */
export const CSV_COLUMNS = [
  'date',
  'type',
  'coin',
  'quantity',
  'price',
  'fee',
  'note',
  'idempotency_key',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['date', 'type', 'quantity'];

export const CSV_MAX_ROWS = 10_000;
export const CSV_MAX_NOTE_LENGTH = 1_000;
export const CSV_MAX_KEY_LENGTH = 200;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export type CsvErrorCode =
  | LedgerIssueCode
  | 'MALFORMED_CSV'
  | 'BAD_HEADER'
  | 'COLUMN_COUNT'
  | 'EMPTY_FILE'
  | 'TOO_MANY_ROWS'
  | 'INVALID_NUMBER'
  | 'UNKNOWN_COIN'
  | 'INVALID_NOTE'
  | 'INVALID_IDEMPOTENCY_KEY'
  | 'DUPLICATE_IDEMPOTENCY_KEY';

export interface CsvLineError {
  /** 1-based line of the file where the row starts (the header is line 1); null for file-wide errors. */
  line: number | null;
  code: CsvErrorCode;
  message: string;
  /** Set when an already recorded transaction would become invalid because of the import. */
  transactionId?: string;
}

/** An imported row as a ledger transaction, with where it came from. */
export interface CsvTransaction extends Transaction {
  line: number;
  note: string | null;
  idempotencyKey: string | null;
}

export interface CsvImportOptions {
  /** The portfolio's recorded transactions: the import is validated on top of them. */
  existing?: readonly Transaction[];
  method?: CostBasisMethod;
  /** Refuse execution times after this (normally the server's now). */
  now?: Date;
  /**
   * Maps the `coin` cell to a coin id, or null when unknown (e.g. look up slugs and symbols in the coin
   * list). Default: the trimmed cell if it looks like a slug (lower-case letters, digits, dashes).
   */
  resolveCoin?: (cell: string) => string | null;
  /** Id for the transaction of a line; default `csv-line-<line>`. The API replaces them with UUIDs. */
  idForLine?: (line: number) => string;
  /** seq of the first data row; rows get increasing seq in file order. Default: after the existing. */
  seqStart?: number;
  maxRows?: number;
}

export type CsvImportResult =
  | {
      ok: true;
      /** Rows to record, in file order. */
      transactions: CsvTransaction[];
      /** Rows whose idempotency key is already recorded: nothing new is written for them. */
      skipped: { line: number; idempotencyKey: string; existingTransactionId: string }[];
    }
  | { ok: false; errors: CsvLineError[] };

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * ISO 8601: `YYYY-MM-DD` (00:00 UTC) or a date-time with `Z` or an offset; fractions beyond
 * milliseconds are truncated. Returns an error message instead of a date when it is not one.
 */
export function parseCsvDate(text: string): Date | string {
  const dateOnly = DATE_ONLY.exec(text);
  const m = dateOnly ?? DATE_TIME.exec(text);
  if (!m) {
    return /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text)
      ? `date "${text}" has no time zone: add Z (UTC) or an offset such as +02:00`
      : `date "${text}" is not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)`;
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return `date "${text}" does not exist`;
  }
  const millis = Number(((dateOnly ? '' : m[7]) ?? '').padEnd(3, '0').slice(0, 3));
  let offsetMinutes = 0;
  const zone = dateOnly ? 'Z' : (m[8] ?? 'Z');
  if (zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 23 || minutes > 59) return `date "${text}" has an invalid offset`;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
  }
  // Date.UTC reads years 0-99 as 1900-1999, so the year is set on its own.
  const local = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  local.setUTCFullYear(year);
  const utc = local.getTime() - offsetMinutes * 60_000;
  if (!isWithinInstantRange(utc)) return `date "${text}" is before 1970 or after 9999`;
  return new Date(utc);
}

function defaultResolveCoin(cell: string): string | null {
  return SLUG.test(cell) ? cell : null;
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

/** The line a record starts on: csv-parse reports where it ends, and raw text includes skipped blank lines. */
function startLine(rec: ParsedRecord): number {
  const body = rec.raw.replace(/^\n+/, '').replace(/\n$/, '');
  const inner = body.split('\n').length - 1;
  return rec.info.lines - inner;
}

/**
 * csv-parse reports an unclosed quote at the end of the file; the user needs the line where it opened.
 * Only called after csv-parse refused the text, so a plain quote toggle is enough ("" toggles twice).
 */
function unclosedQuoteLine(text: string): number | null {
  let line = 1;
  let openedOn: number | null = null;
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    if (ch === '\n') line += 1;
    else if (ch === '"') openedOn = openedOn === null ? line : null;
  }
  return openedOn;
}

/**
 * Parses and validates a CSV import, all or nothing: either every row becomes a transaction, or every
 * bad line is reported with its number and reason. Rows are checked on their own (format, types,
 * numbers, coin), then replayed on top of `existing`, so selling more than held at that moment is
 * reported on the selling line. See CSV_FORMAT.md.
 */
export function parseTransactionsCsv(text: string, options: CsvImportOptions = {}): CsvImportResult {
  const errors: CsvLineError[] = [];
  const existing = options.existing ?? [];
  const resolveCoin = options.resolveCoin ?? defaultResolveCoin;
  const idForLine = options.idForLine ?? ((line: number) => `csv-line-${line}`);
  const maxRows = options.maxRows ?? CSV_MAX_ROWS;

  let records: ParsedRecord[];
  try {
    records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      info: true,
      raw: true,
      record_delimiter: '\n',
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (err) {
    const e = err as { code?: string; message?: string; lines?: number };
    const opened = e.code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text) : null;
    const message =
      opened !== null ? `the quoted field opened on line ${opened} is never closed` : String(e.message);
    return { ok: false, errors: [{ line: opened ?? e.lines ?? null, code: 'MALFORMED_CSV', message }] };
  }
  const [header, ...rows] = records;
  if (!header)
    return { ok: false, errors: [{ line: null, code: 'EMPTY_FILE', message: 'the file is empty' }] };

  // Header: known names in any order, each once, the required ones present.
  const columns = header.record.map((c) => c.trim().toLowerCase());
  const headerLine = startLine(header);
  const headerError = (message: string) => errors.push({ line: headerLine, code: 'BAD_HEADER', message });
  columns.forEach((c, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(c))
      headerError(`unknown column "${c}"; the columns are ${CSV_COLUMNS.join(',')}`);
    else if (columns.indexOf(c) !== i) headerError(`column "${c}" appears twice`);
  });
  for (const c of REQUIRED_COLUMNS) if (!columns.includes(c)) headerError(`missing required column "${c}"`);
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) {
    return {
      ok: false,
      errors: [{ line: null, code: 'EMPTY_FILE', message: 'the file has no transactions' }],
    };
  }
  if (rows.length > maxRows) {
    const message = `the file has ${rows.length} transactions; at most ${maxRows} per import`;
    return { ok: false, errors: [{ line: null, code: 'TOO_MANY_ROWS', message }] };
  }

  const keyOwners = new Map<string, string>();
  for (const tx of existing) if (tx.idempotencyKey) keyOwners.set(tx.idempotencyKey, tx.id);
  const keyLines = new Map<string, number>();
  let seq = options.seqStart ?? existing.reduce((max, tx) => Math.max(max, tx.seq + 1), 0);
  const transactions: CsvTransaction[] = [];
  const skipped: { line: number; idempotencyKey: string; existingTransactionId: string }[] = [];
  const lineOf = new Map<string, number>();

  for (const row of rows) {
    // A line of blanks and commas is an empty line left by a spreadsheet, not a transaction.
    if (row.record.every((c) => c.trim() === '')) continue;
    const line = startLine(row);
    const fail = (code: CsvErrorCode, message: string) => errors.push({ line, code, message });
    if (row.record.length !== columns.length) {
      fail('COLUMN_COUNT', `expected ${columns.length} fields, found ${row.record.length}`);
      continue;
    }
    const cell = (name: CsvColumn): string => {
      const i = columns.indexOf(name);
      return i < 0 ? '' : (row.record[i] ?? '').trim();
    };
    const before = errors.length;

    const typeCell = cell('type').toUpperCase();
    if (!isTransactionType(typeCell)) fail('UNKNOWN_TYPE', `unknown type "${cell('type')}"`);
    const date = parseCsvDate(cell('date'));
    if (typeof date === 'string') fail('INVALID_DATE', date);
    const number = (name: 'quantity' | 'price' | 'fee', fallback: Decimal | null): Decimal | null => {
      const value = cell(name);
      if (value === '') return fallback;
      const parsed = parseDecimal(value);
      if (parsed === null)
        fail('INVALID_NUMBER', `${name} "${value}" is not a plain decimal number such as 1234.5`);
      return parsed;
    };
    const quantity = number('quantity', null);
    if (cell('quantity') === '') fail('INVALID_QUANTITY', 'quantity is required');
    const price = number('price', null);
    const fee = number('fee', ZERO);
    let coinId: string | null = null;
    if (cell('coin') !== '') {
      coinId = resolveCoin(cell('coin'));
      if (coinId === null) fail('UNKNOWN_COIN', `unknown coin "${cell('coin')}"`);
    }
    const note = cell('note');
    if (note.length > CSV_MAX_NOTE_LENGTH)
      fail('INVALID_NOTE', `note is longer than ${CSV_MAX_NOTE_LENGTH} characters`);
    const key = cell('idempotency_key');
    if (key.length > CSV_MAX_KEY_LENGTH)
      fail('INVALID_IDEMPOTENCY_KEY', `idempotency_key is longer than ${CSV_MAX_KEY_LENGTH} characters`);
    else if (key !== '' && keyLines.has(key))
      fail('DUPLICATE_IDEMPOTENCY_KEY', `idempotency_key "${key}" is also on line ${keyLines.get(key)}`);
    if (key !== '' && !keyLines.has(key)) keyLines.set(key, line);
    if (
      errors.length > before ||
      !isTransactionType(typeCell) ||
      typeof date === 'string' ||
      !quantity ||
      !fee
    )
      continue;

    const tx: CsvTransaction = {
      id: idForLine(line),
      type: typeCell,
      coinId,
      quantity,
      price,
      fee,
      executedAt: date,
      seq: seq++,
      line,
      note: note === '' ? null : note,
      idempotencyKey: key === '' ? null : key,
    };
    const owner = key === '' ? undefined : keyOwners.get(key);
    if (owner !== undefined) {
      skipped.push({ line, idempotencyKey: key, existingTransactionId: owner });
      continue;
    }
    const issues = validateTransactionFields(tx, { now: options.now });
    for (const issue of issues) fail(issue.code, issue.message);
    if (issues.length === 0) {
      transactions.push(tx);
      lineOf.set(tx.id, line);
    }
  }

  // Ledger check on top of what is recorded. With bad rows left out, a later sale may look short only
  // because a bad buy was dropped, so say so.
  const partial = errors.length > 0;
  // (`now` was checked per row: recorded transactions are not re-judged against it.)
  const { issues } = replayLedger([...existing, ...transactions], { method: options.method });
  for (const issue of issues) {
    const line = lineOf.get(issue.transactionId);
    const suffix = partial ? ' (lines with other errors were left out of this check)' : '';
    errors.push(
      line === undefined
        ? {
            line: null,
            code: issue.code,
            transactionId: issue.transactionId,
            message: `recorded transaction ${issue.transactionId} would become invalid: ${issue.message}${suffix}`,
          }
        : { line, code: issue.code, message: issue.message + suffix },
    );
  }
  if (errors.length > 0) {
    errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { ok: false, errors };
  }
  return { ok: true, transactions, skipped };
}
