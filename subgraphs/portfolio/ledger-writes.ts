import { randomUUID } from 'node:crypto';
import type { Prisma, Transaction as TxRow } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput, conflict, notFound } from '../../lib/errors';
import {
  CSV_MAX_KEY_LENGTH,
  CSV_MAX_NOTE_LENGTH,
  Decimal,
  LedgerValidationError,
  parseTransactionsCsv,
  replayLedgerOrThrow,
  withEdit,
  type CsvLineError,
  type Transaction,
  type TransactionType,
} from './core';
import { coinResolver, loadTransactions, toLedgerTransaction } from './ledger-store';
import { enqueuePortfolioEvent } from './outbox';
import { isUuid, type Portfolios } from './portfolios';

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

/** Fields of updateTransaction: an absent key keeps the value, an explicit null clears it. */
export interface UpdateTransactionInput {
  id: string;
  type?: TransactionType | null;
  coinId?: string | null;
  quantity?: Decimal | null;
  price?: Decimal | null;
  fee?: Decimal | null;
  executedAt?: Date | null;
  note?: string | null;
}

export interface ImportResult {
  imported: number;
  skippedLines: number[];
  transactions: TxRow[];
}

/** The id a not-yet-stored transaction carries through validation; never shown to clients. */
const CANDIDATE_ID = '00000000-0000-4000-8000-000000000000';
/** A CSV import is one database transaction; ten thousand rows need more than Prisma's 5 s default. */
const IMPORT_TIMEOUT_MS = 60_000;
/** What the HTTP shell lets through anyway (1 MB), with room for the rest of the request. */
const CSV_MAX_CHARS = 1_000_000;

/** Ledger issues as BAD_USER_INPUT, with every issue (and which recorded transaction it concerns). */
export function ledgerError(err: unknown): never {
  if (err instanceof LedgerValidationError) {
    throw badInput(err.message, {
      issues: err.issues.map((i) => ({
        code: i.code,
        message: i.message,
        transactionId: i.transactionId === CANDIDATE_ID ? null : i.transactionId,
      })),
    });
  }
  throw err;
}

function checkNote(note: string | null | undefined): string | null {
  if (note === undefined || note === null) return null;
  if (note.length > CSV_MAX_NOTE_LENGTH)
    throw badInput(`note must have at most ${CSV_MAX_NOTE_LENGTH} characters`, { field: 'note' });
  return note;
}

function checkIdempotencyKey(key: string | null | undefined): string | null {
  if (key === undefined || key === null) return null;
  // eslint-disable-next-line no-control-regex
  if (key.length === 0 || key.length > CSV_MAX_KEY_LENGTH || /[\u0000-\u001f\u007f]/.test(key)) {
    throw badInput(
      `idempotencyKey must have 1 to ${CSV_MAX_KEY_LENGTH} characters and no control characters`,
      { field: 'idempotencyKey' },
    );
  }
  return key;
}

async function checkCoin(tx: Prisma.TransactionClient, coinId: string | null): Promise<void> {
  if (coinId !== null && !(await tx.coin.findUnique({ where: { id: coinId }, select: { id: true } }))) {
    throw badInput(`Unknown coin ${coinId}`, { field: 'coinId' });
  }
}

const toRowData = (t: Transaction) => ({
  type: t.type,
  coinId: t.coinId,
  quantity: t.quantity.toFixed(),
  price: t.price?.toFixed() ?? null,
  fee: t.fee.toFixed(),
  executedAt: t.executedAt,
  note: t.note ?? null,
});

/**
 * Writes to a portfolio's ledger. Every write takes the portfolio's row lock, replays the whole
 * ledger with the change (so a change that makes any later transaction invalid is refused), and
 * commits the change together with its `portfolio_updates` outbox event.
 */
export class LedgerWrites {
  constructor(
    private readonly db: Db,
    private readonly portfolios: Portfolios,
  ) {}

  /** A repeated idempotency key returns the original and writes nothing. */
  async record(userId: string, input: RecordTransactionInput): Promise<TxRow> {
    const note = checkNote(input.note);
    const idempotencyKey = checkIdempotencyKey(input.idempotencyKey);
    try {
      return await this.db.$transaction(async (tx) => {
        const portfolio = await this.portfolios.lock(userId, input.portfolioId, tx);
        if (idempotencyKey) {
          const existing = await tx.transaction.findUnique({
            where: { portfolioId_idempotencyKey: { portfolioId: portfolio.id, idempotencyKey } },
          });
          if (existing) return existing;
        }
        const candidate: Transaction = {
          id: CANDIDATE_ID,
          type: input.type,
          coinId: input.coinId ?? null,
          quantity: input.quantity,
          price: input.price ?? null,
          fee: input.fee ?? new Decimal(0),
          executedAt: input.executedAt ?? new Date(),
          seq: Number.MAX_SAFE_INTEGER,
          note,
        };
        await checkCoin(tx, candidate.coinId);
        const rows = await loadTransactions(tx, portfolio.id);
        replayLedgerOrThrow([...rows.map(toLedgerTransaction), candidate], {
          method: portfolio.costBasisMethod,
          now: new Date(),
        });
        const created = await tx.transaction.create({
          data: { portfolioId: portfolio.id, ...toRowData(candidate), idempotencyKey },
        });
        await enqueuePortfolioEvent(tx, {
          portfolioId: portfolio.id,
          userId,
          kind: 'TRANSACTION_RECORDED',
          transactionId: created.id,
        });
        return created;
      });
    } catch (err) {
      // Two requests with one new key raced: the loser returns the winner's row.
      if ((err as { code?: string }).code === 'P2002' && idempotencyKey) {
        const existing = await this.db.transaction.findFirst({
          where: { portfolioId: input.portfolioId, idempotencyKey },
        });
        if (existing) return existing;
        throw conflict('A concurrent request used the same idempotency key');
      }
      return ledgerError(err);
    }
  }

  /** The owner's transaction and its portfolio, locked; NOT_FOUND for anyone else. */
  private async lockTransaction(userId: string, transactionId: string, tx: Prisma.TransactionClient) {
    const found = isUuid(transactionId)
      ? await tx.transaction.findUnique({
          where: { id: transactionId },
          select: { portfolioId: true, portfolio: { select: { userId: true } } },
        })
      : null;
    if (!found || found.portfolio.userId !== userId) throw notFound('Transaction');
    const portfolio = await this.portfolios.lock(userId, found.portfolioId, tx);
    // Read again under the lock: a concurrent delete may have won.
    const row = await tx.transaction.findUnique({ where: { id: transactionId } });
    if (!row) throw notFound('Transaction');
    return { row, portfolio };
  }

  /** Changes a transaction; the replay of the edited ledger validates it and everything after it. */
  async update(userId: string, input: UpdateTransactionInput): Promise<TxRow> {
    const has = (key: keyof UpdateTransactionInput) => Object.prototype.hasOwnProperty.call(input, key);
    for (const key of ['type', 'quantity', 'executedAt'] as const) {
      if (has(key) && input[key] === null) throw badInput(`${key} cannot be null`, { field: key });
    }
    const note = has('note') ? checkNote(input.note) : undefined;
    try {
      return await this.db.$transaction(async (tx) => {
        const { row, portfolio } = await this.lockTransaction(userId, input.id, tx);
        const current = toLedgerTransaction(row);
        const edited: Transaction = {
          ...current,
          type: input.type ?? current.type,
          coinId: has('coinId') ? (input.coinId ?? null) : current.coinId,
          quantity: input.quantity ?? current.quantity,
          price: has('price') ? (input.price ?? null) : current.price,
          fee: has('fee') ? (input.fee ?? new Decimal(0)) : current.fee,
          executedAt: input.executedAt ?? current.executedAt,
          note: note === undefined ? current.note : note,
        };
        if (edited.coinId !== current.coinId) await checkCoin(tx, edited.coinId);
        const rows = await loadTransactions(tx, portfolio.id);
        replayLedgerOrThrow(withEdit(rows.map(toLedgerTransaction), { upsert: edited }), {
          method: portfolio.costBasisMethod,
          now: new Date(),
        });
        const updated = await tx.transaction.update({ where: { id: row.id }, data: toRowData(edited) });
        await enqueuePortfolioEvent(tx, {
          portfolioId: portfolio.id,
          userId,
          kind: 'TRANSACTION_UPDATED',
          transactionId: row.id,
        });
        return updated;
      });
    } catch (err) {
      return ledgerError(err);
    }
  }

  /** Deletes a transaction unless a later one depends on it (e.g. a sale of the coins it bought). */
  async remove(userId: string, transactionId: string): Promise<boolean> {
    try {
      return await this.db.$transaction(async (tx) => {
        const { row, portfolio } = await this.lockTransaction(userId, transactionId, tx);
        const rows = await loadTransactions(tx, portfolio.id);
        replayLedgerOrThrow(withEdit(rows.map(toLedgerTransaction), { deleteId: row.id }), {
          method: portfolio.costBasisMethod,
        });
        await tx.transaction.delete({ where: { id: row.id } });
        await enqueuePortfolioEvent(tx, {
          portfolioId: portfolio.id,
          userId,
          kind: 'TRANSACTION_DELETED',
          transactionId: row.id,
        });
        return true;
      });
    } catch (err) {
      return ledgerError(err);
    }
  }

  /**
   * Imports a CSV file (core/CSV_FORMAT.md), all or nothing: every row is validated on its own and
   * then replayed on top of the recorded ledger; any problem refuses the whole file, listing every bad
   * line in `extensions.lines`. One PORTFOLIO_CHANGED event announces a successful import.
   */
  async importCsv(userId: string, portfolioId: string, csv: string): Promise<ImportResult> {
    if (csv.length > CSV_MAX_CHARS)
      throw badInput(`the file must have at most ${CSV_MAX_CHARS} characters`, { field: 'csv' });
    return this.db.$transaction(
      async (tx) => {
        const portfolio = await this.portfolios.lock(userId, portfolioId, tx);
        const rows = await loadTransactions(tx, portfolio.id);
        const result = parseTransactionsCsv(csv, {
          existing: rows.map(toLedgerTransaction),
          method: portfolio.costBasisMethod,
          now: new Date(),
          resolveCoin: await coinResolver(tx),
          idForLine: () => randomUUID(),
        });
        if (!result.ok) throw importError(result.errors);
        const { transactions } = result;
        if (transactions.length) {
          // createMany inserts in array order, so `seq` keeps file order for same-instant rows.
          await tx.transaction.createMany({
            data: transactions.map((t) => ({
              id: t.id,
              portfolioId: portfolio.id,
              ...toRowData(t),
              idempotencyKey: t.idempotencyKey,
            })),
          });
          await enqueuePortfolioEvent(tx, { portfolioId: portfolio.id, userId, kind: 'PORTFOLIO_CHANGED' });
        }
        const created = await tx.transaction.findMany({
          where: { id: { in: transactions.map((t) => t.id) } },
          orderBy: { seq: 'asc' },
        });
        return {
          imported: created.length,
          skippedLines: result.skipped.map((s) => s.line),
          transactions: created,
        };
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: 10_000 },
    );
  }
}

const MESSAGE_LINES = 20;

/** One BAD_USER_INPUT naming every bad line; the message shows the first few, the extensions all. */
export function importError(errors: readonly CsvLineError[]) {
  const where = (e: CsvLineError) => (e.line === null ? '' : `line ${e.line}: `);
  const shown = errors.slice(0, MESSAGE_LINES).map((e) => `${where(e)}${e.message}`);
  if (errors.length > MESSAGE_LINES) shown.push(`and ${errors.length - MESSAGE_LINES} more`);
  return badInput(
    `Import refused, nothing was recorded (${errors.length} problem${errors.length === 1 ? '' : 's'}): ${shown.join('; ')}`,
    {
      lines: errors.map((e) => ({
        line: e.line,
        code: e.code,
        message: e.message,
        transactionId: e.transactionId ?? null,
      })),
    },
  );
}
