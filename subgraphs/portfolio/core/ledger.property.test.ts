// Property tests of the ledger's invariants over random transaction histories (fast-check).
import fc from 'fast-check';
import { parseTransactionsCsv } from './csv';
import { Decimal, ZERO } from './decimal';
import { dailyValueHistory, timeWeightedReturn, type DailyClose } from './history';
import { replayLedger } from './ledger';
import { plain } from './test-support';
import type { CostBasisMethod, Ledger, Transaction, TransactionType } from './types';
import { valuePortfolio } from './valuation';

const COINS = ['alpha', 'beta', 'gamma'] as const;
const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

/** Exact decimals with up to 8 places: n / 10^scale. */
const decimal = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: 8 }))
    .map(([n, scale]) => new Decimal(n).div(new Decimal(10).pow(scale)));
const positive = decimal(1, 50_000_000);
const nonNegative = fc.oneof(fc.constant(ZERO), decimal(0, 50_000_000));

interface Op {
  type: TransactionType | 'SELL_ALL';
  coin: (typeof COINS)[number];
  usdFee: boolean;
  quantity: Decimal;
  price: Decimal;
  fee: Decimal;
  gapHours: number;
}

const opArb = (types: readonly Op['type'][]) =>
  fc.record({
    type: fc.constantFrom(...types),
    coin: fc.constantFrom(...COINS),
    usdFee: fc.boolean(),
    quantity: positive,
    price: nonNegative,
    fee: fc.oneof(fc.constant(ZERO), nonNegative),
    gapHours: fc.integer({ min: 0, max: 30 }), // 0: same instant, ordered by seq
  });

const ALL_TYPES: readonly Op['type'][] = [
  'BUY',
  'BUY',
  'SELL',
  'SELL_ALL',
  'DEPOSIT',
  'WITHDRAWAL',
  'TRANSFER_IN',
  'TRANSFER_OUT',
  'FEE',
  'INCOME',
];

/**
 * Turns ops into transactions. SELL_ALL sells what a plain running sum of quantities says is held, so
 * positions really get emptied; other sells and transfers are random and sometimes more than held.
 */
function build(ops: readonly Op[]): Transaction[] {
  const held = new Map<string, Decimal>();
  let t = T0;
  return ops.map((op, i) => {
    t += op.gapHours * HOUR;
    const base = { id: `t${i}`, seq: i, executedAt: new Date(t), fee: op.fee, price: null as Decimal | null };
    const coinTx = (type: TransactionType, quantity: Decimal, price: Decimal | null): Transaction => ({
      ...base,
      type,
      coinId: op.coin,
      quantity,
      price,
    });
    const h = held.get(op.coin) ?? ZERO;
    let out: Transaction;
    switch (op.type) {
      case 'SELL_ALL':
        out = coinTx('SELL', h.gt(0) ? h : op.quantity, op.price);
        break;
      case 'BUY':
      case 'SELL':
      case 'TRANSFER_IN':
      case 'INCOME':
        out = coinTx(op.type, op.quantity, op.price);
        break;
      case 'TRANSFER_OUT':
        out = coinTx(op.type, op.quantity, null);
        break;
      case 'FEE':
        out = op.usdFee
          ? { ...base, type: 'FEE', coinId: null, quantity: op.quantity }
          : coinTx('FEE', op.quantity, null);
        break;
      default:
        out = { ...base, type: op.type, coinId: null, quantity: op.quantity };
    }
    if (out.coinId !== null) {
      const incoming = out.type === 'BUY' || out.type === 'TRANSFER_IN' || out.type === 'INCOME';
      const next = incoming ? h.plus(out.quantity) : h.minus(out.quantity);
      if (!next.isNeg()) held.set(op.coin, next); // refused ones change nothing
    }
    return out;
  });
}

const historyArb = (types = ALL_TYPES) => fc.array(opArb(types), { maxLength: 40 }).map(build);
const pricesArb = fc
  .tuple(nonNegative, nonNegative, nonNegative)
  .map(([a, b, c]) => ({ alpha: a, beta: b, gamma: c }));
const methodArb = fc.constantFrom<CostBasisMethod>('FIFO', 'AVERAGE');

function accepted(txs: readonly Transaction[], ledger: Ledger): Transaction[] {
  const ids = new Set(ledger.entries.map((e) => e.transactionId));
  return txs.filter((t) => ids.has(t.id));
}

describe('ledger invariants', () => {
  it('never holds a negative quantity or cash, and lots add up to their position', () => {
    fc.assert(
      fc.property(historyArb(), methodArb, (txs, method) => {
        const { ledger, issues } = replayLedger(txs, { method });
        // Only state-dependent refusals: the generator makes every transaction valid on its own.
        for (const issue of issues) {
          expect(['INSUFFICIENT_HOLDINGS', 'INSUFFICIENT_CASH']).toContain(issue.code);
          expect(issue.requested!.gt(issue.held!)).toBe(true);
        }
        for (const e of ledger.entries) {
          expect(e.cashAfter.isNeg() && !e.cashAfter.isZero()).toBe(false);
          if (e.quantityAfter) expect(e.quantityAfter.isNeg() && !e.quantityAfter.isZero()).toBe(false);
        }
        for (const p of ledger.positions) {
          expect(p.quantity.gte(0) && p.costBasis.gte(0)).toBe(true);
          expect(p.lots.every((l) => l.quantity.gt(0) && l.costBasis.gte(0))).toBe(true);
          expect(p.lots.reduce((s, l) => s.plus(l.quantity), ZERO).eq(p.quantity)).toBe(true);
          expect(p.lots.reduce((s, l) => s.plus(l.costBasis), ZERO).eq(p.costBasis)).toBe(true);
          if (method === 'AVERAGE') expect(p.lots.length).toBeLessThanOrEqual(1);
          if (p.quantity.isZero()) expect(p.costBasis.isZero()).toBe(true);
        }
      }),
    );
  });

  it('holds what came in minus what went out, and refused transactions leave no trace', () => {
    fc.assert(
      fc.property(historyArb(), methodArb, (txs, method) => {
        const { ledger } = replayLedger(txs, { method });
        const kept = accepted(txs, ledger);
        for (const coin of COINS) {
          let expected = ZERO;
          for (const t of kept.filter((x) => x.coinId === coin)) {
            const incoming = t.type === 'BUY' || t.type === 'TRANSFER_IN' || t.type === 'INCOME';
            expected = incoming ? expected.plus(t.quantity) : expected.minus(t.quantity);
          }
          const p = ledger.positions.find((x) => x.coinId === coin);
          expect((p?.quantity ?? ZERO).eq(expected)).toBe(true);
        }
        const again = replayLedger(kept, { method });
        expect(again.issues).toEqual([]);
        expect(plain(again.ledger)).toEqual(plain(ledger));
      }),
    );
  });

  it('value = net deposits + transferred-in basis − transferred-out basis + income + realised + unrealised, exactly', () => {
    fc.assert(
      fc.property(historyArb(), methodArb, pricesArb, (txs, method, prices) => {
        const { ledger } = replayLedger(txs, { method });
        const v = valuePortfolio(ledger, prices);
        const rhs = v.netDeposits
          .plus(ledger.transferredInBasis)
          .minus(ledger.transferredOutBasis)
          .plus(v.totalPnl!);
        expect(v.totalValue!.toFixed()).toBe(rhs.toFixed());
        // Realised P&L splits into the coins' and the cash-only fees (deposit/withdrawal fees, USD FEEs).
        const cashFees = accepted(txs, ledger)
          .filter((t) => t.coinId === null)
          .reduce((s, t) => s.plus(t.fee).plus(t.type === 'FEE' ? t.quantity : ZERO), ZERO);
        const perCoin = ledger.positions.reduce((s, p) => s.plus(p.realizedPnl), ZERO);
        expect(perCoin.minus(cashFees).eq(ledger.realizedPnl)).toBe(true);
      }),
    );
  });

  it('closing out every position leaves cash = net deposits + transfers in − out at basis + income + realised', () => {
    fc.assert(
      fc.property(historyArb(), methodArb, pricesArb, (txs, method, prices) => {
        const first = replayLedger(txs, { method }).ledger;
        const end = new Date(T0 + 1000 * 24 * HOUR);
        const closing: Transaction[] = first.positions
          .filter((p) => p.quantity.gt(0))
          .map((p, i) => ({
            id: `close-${p.coinId}`,
            type: 'SELL',
            coinId: p.coinId,
            quantity: p.quantity,
            price: prices[p.coinId as keyof typeof prices],
            fee: ZERO,
            executedAt: end,
            seq: 10_000 + i,
          }));
        const { ledger, issues } = replayLedger([...accepted(txs, first), ...closing], { method });
        expect(issues).toEqual([]);
        expect(
          ledger.positions.every((p) => p.quantity.isZero() && p.costBasis.isZero() && p.lots.length === 0),
        ).toBe(true);
        const expected = ledger.netDeposits
          .plus(ledger.transferredInBasis)
          .minus(ledger.transferredOutBasis)
          .plus(ledger.income)
          .plus(ledger.realizedPnl);
        expect(ledger.cash.toFixed()).toBe(expected.toFixed());
      }),
    );
  });

  it('FIFO and AVERAGE agree on quantities, cash and realised + unrealised − transferred-out basis', () => {
    fc.assert(
      fc.property(historyArb(), pricesArb, (txs, prices) => {
        const fifo = replayLedger(txs, { method: 'FIFO' });
        const avg = replayLedger(txs, { method: 'AVERAGE' });
        expect(avg.issues.map((i) => i.transactionId)).toEqual(fifo.issues.map((i) => i.transactionId));
        const [f, a] = [fifo.ledger, avg.ledger].map((l) => ({ l, v: valuePortfolio(l, prices) }));
        expect(a!.l.cash.eq(f!.l.cash) && a!.l.netDeposits.eq(f!.l.netDeposits)).toBe(true);
        expect(a!.l.positions.map((p) => p.quantity.toFixed())).toEqual(
          f!.l.positions.map((p) => p.quantity.toFixed()),
        );
        const measure = (x: typeof f) =>
          x!.v.realizedPnl.plus(x!.v.unrealizedPnl!).minus(x!.l.transferredOutBasis);
        expect(measure(a).toFixed()).toBe(measure(f).toFixed());
      }),
    );
  });

  it('gives the same ledger whatever the input order', () => {
    fc.assert(
      fc.property(
        historyArb().chain((txs) =>
          fc.tuple(fc.constant(txs), fc.shuffledSubarray(txs, { minLength: txs.length })),
        ),
        methodArb,
        ([txs, shuffled], method) => {
          expect(plain(replayLedger(shuffled, { method }).ledger)).toEqual(
            plain(replayLedger(txs, { method }).ledger),
          );
        },
      ),
    );
  });

  it('refuses selling the smallest unit more than held, naming the held quantity', () => {
    fc.assert(
      fc.property(historyArb(), fc.constantFrom(...COINS), (txs, coin) => {
        const { ledger } = replayLedger(txs);
        const held = ledger.positions.find((p) => p.coinId === coin)?.quantity ?? ZERO;
        const sell: Transaction = {
          id: 'over',
          type: 'SELL',
          coinId: coin,
          quantity: held.plus('0.000000000000000001'),
          price: new Decimal(1),
          fee: ZERO,
          executedAt: new Date(T0 + 1000 * 24 * HOUR),
          seq: 1,
        };
        const { issues } = replayLedger([...accepted(txs, ledger), sell]);
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ code: 'INSUFFICIENT_HOLDINGS', transactionId: 'over' });
        expect(issues[0]!.held!.eq(held)).toBe(true);
      }),
    );
  });
});

describe('value history invariants', () => {
  const DAYS = 6;
  const day = (i: number) => new Date(T0 + i * 24 * HOUR);

  it('with constant prices and no fees or income, every daily return is 0 whatever the flows', () => {
    const noFeeOps = fc
      .array(opArb(['BUY', 'SELL', 'SELL_ALL', 'DEPOSIT', 'WITHDRAWAL', 'TRANSFER_IN', 'TRANSFER_OUT']), {
        maxLength: 25,
      })
      .map((ops) => ops.map((op) => ({ ...op, fee: ZERO, gapHours: op.gapHours % 6 })));
    fc.assert(
      fc.property(noFeeOps, fc.tuple(positive, positive, positive), methodArb, (ops, closeList, method) => {
        const close = { alpha: closeList[0], beta: closeList[1], gamma: closeList[2] };
        // Trades happen at the close price, so no trade is a gain or loss.
        const txs = build(ops).map((t) =>
          t.type === 'BUY' || t.type === 'SELL' ? { ...t, price: close[t.coinId as keyof typeof close] } : t,
        );
        const { ledger } = replayLedger(txs, { method });
        const closes = new Map<string, DailyClose[]>(
          COINS.map((c) => [
            c,
            Array.from({ length: DAYS + 2 }, (_, i) => ({ openTime: day(i - 1), close: close[c] })),
          ]),
        );
        const points = dailyValueHistory({
          transactions: accepted(txs, ledger),
          method,
          closes,
          from: day(0),
          to: day(DAYS),
        });
        for (const p of points) if (p.dailyReturn !== null) expect(p.dailyReturn.toFixed()).toBe('0');
        const { twr } = timeWeightedReturn(points);
        if (twr !== null) expect(twr.toFixed()).toBe('0');
        // The last day's value is the valuation at that day's prices.
        expect(points[points.length - 1]!.value!.toFixed()).toBe(
          valuePortfolio(ledger, close).totalValue!.toFixed(),
        );
      }),
    );
  });

  it('matches, on every day, a replay of the transactions up to that day valued at its closes', () => {
    const SPAN = 52; // the ops cover at most 40 × 30 hours
    const closesArb = fc.array(fc.tuple(positive, positive, positive), {
      minLength: SPAN + 2,
      maxLength: SPAN + 2,
    });
    fc.assert(
      fc.property(historyArb(), closesArb, methodArb, (txs, rows, method) => {
        const kept = accepted(txs, replayLedger(txs, { method }).ledger);
        const closes = new Map<string, DailyClose[]>(
          COINS.map((c, k) => [c, rows.map((r, i) => ({ openTime: day(i - 1), close: r[k]! }))]),
        );
        const points = dailyValueHistory({ transactions: kept, method, closes, from: day(0), to: day(SPAN) });
        expect(points).toHaveLength(SPAN + 1);
        points.forEach((point, i) => {
          const upTo = replayLedger(
            kept.filter((t) => t.executedAt < day(i + 1)),
            { method },
          ).ledger;
          const r = rows[i + 1]!;
          const v = valuePortfolio(upTo, { alpha: r[0], beta: r[1], gamma: r[2] });
          expect(point.value!.toFixed()).toBe(v.totalValue!.toFixed());
          expect(point.netDeposits.toFixed()).toBe(upTo.netDeposits.toFixed());
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('CSV round trip', () => {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const noteArb = fc.option(
    fc.string({ maxLength: 30 }).map((s) => `${s},"\n${s}`),
    { nil: null },
  );

  it('a valid history written as CSV imports to the same transactions and ledger', () => {
    fc.assert(
      fc.property(historyArb(), fc.array(noteArb, { minLength: 40, maxLength: 40 }), (txs, notes) => {
        const { ledger } = replayLedger(txs);
        const kept = accepted(txs, ledger);
        fc.pre(kept.length > 0);
        const lines = kept.map((t, i) =>
          [
            t.executedAt.toISOString(),
            t.type.toLowerCase(),
            t.coinId ?? '',
            t.quantity.toFixed(),
            t.price?.toFixed() ?? '',
            t.fee.toFixed(),
            notes[i] === null ? '' : quote(notes[i]!.trim() || 'x'),
            `key-${t.id}`,
          ].join(','),
        );
        const csv = ['date,type,coin,quantity,price,fee,note,idempotency_key', ...lines].join('\r\n');
        const result = parseTransactionsCsv(csv, { now: new Date(T0 + 10_000 * 24 * HOUR) });
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(
          result.transactions.map((t) => [
            t.type,
            t.coinId,
            t.quantity.toFixed(),
            t.price?.toFixed(),
            t.fee.toFixed(),
          ]),
        ).toEqual(
          kept.map((t) => [t.type, t.coinId, t.quantity.toFixed(), t.price?.toFixed(), t.fee.toFixed()]),
        );
        expect(result.transactions.map((t) => t.executedAt.getTime())).toEqual(
          kept.map((t) => t.executedAt.getTime()),
        );
        expect(result.transactions.map((t) => t.note)).toEqual(
          kept.map((_, i) => (notes[i] === null ? null : notes[i]!.trim() || 'x')),
        );
        const imported = replayLedger(result.transactions).ledger;
        const totals = (l: Ledger) =>
          [l.cash, l.netDeposits, l.realizedPnl, l.totalCostBasis, l.income, l.fees].map((x) => x.toFixed());
        expect(totals(imported)).toEqual(totals(ledger));
      }),
    );
  });
});
