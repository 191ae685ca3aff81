// Builders shared by this folder's tests (kept out of *.test.ts so several suites can import them).
import { Decimal, toDecimal } from './decimal';
import type { Ledger, Transaction, TransactionType } from './types';

let counter = 0;

export interface TxSpec {
  id?: string;
  coin?: string | null;
  qty: string;
  price?: string | null;
  fee?: string;
  at: string;
  seq?: number;
}

/** A transaction from strings; ids and seq count up so list order is recording order. */
export function tx(type: TransactionType, spec: TxSpec): Transaction {
  counter += 1;
  return {
    id: spec.id ?? `t${counter}`,
    type,
    coinId: spec.coin === undefined ? null : spec.coin,
    quantity: toDecimal(spec.qty),
    price: spec.price === undefined || spec.price === null ? null : toDecimal(spec.price),
    fee: toDecimal(spec.fee ?? '0'),
    executedAt: new Date(spec.at),
    seq: spec.seq ?? counter,
  };
}

export const d = (v: string): Decimal => new Decimal(v);

/** A ledger as plain strings, for equality checks and readable failures. */
export function plain(ledger: Ledger): unknown {
  return JSON.parse(
    JSON.stringify(ledger, (_key, value: unknown) => (value instanceof Decimal ? value.toFixed() : value)),
  );
}
