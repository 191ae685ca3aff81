import { LedgerValidationError } from './errors';
import { replayLedger, replayLedgerOrThrow, withEdit } from './ledger';
import { d, plain, tx } from './test-support';
import type { Ledger, Position } from './types';
import { valuePortfolio } from './valuation';

function position(ledger: Ledger, coinId: string): Position {
  const p = ledger.positions.find((x) => x.coinId === coinId);
  if (!p) throw new Error(`no position ${coinId}`);
  return p;
}

const str = (v: { toFixed(): string }) => v.toFixed();

describe('FIFO and average cost, hand-computed', () => {
  // Lot 1: 1 @ 100 + fee 1 = 101. Lot 2: 2 @ 200 + fee 2 = 402. Sell 2 @ 300 with fee 3.
  const txs = () => [
    tx('BUY', { coin: 'bitcoin', qty: '1', price: '100', fee: '1', at: '2024-01-01T00:00:00Z' }),
    tx('BUY', { coin: 'bitcoin', qty: '2', price: '200', fee: '2', at: '2024-01-02T00:00:00Z' }),
    tx('SELL', { coin: 'bitcoin', qty: '2', price: '300', fee: '3', at: '2024-01-03T00:00:00Z' }),
  ];

  it('FIFO sells the whole first lot and half of the second', () => {
    const ledger = replayLedgerOrThrow(txs());
    const btc = position(ledger, 'bitcoin');
    // basis removed = 101 + 402 × 1/2 = 302; realised = 600 − 3 − 302 = 295
    expect(ledger.sales.map((s) => [str(s.proceeds), str(s.costBasis), str(s.realizedPnl)])).toEqual([
      ['600', '302', '295'],
    ]);
    expect(str(ledger.realizedPnl)).toBe('295');
    expect(str(btc.quantity)).toBe('1');
    expect(str(btc.costBasis)).toBe('201');
    expect(btc.lots.map((l) => [str(l.quantity), str(l.costBasis)])).toEqual([['1', '201']]);
    // Nothing was deposited, so both buys were funded from outside: 101 + 402.
    expect(str(ledger.implicitDeposits)).toBe('503');
    expect(str(ledger.cash)).toBe('597');
    expect(str(ledger.fees)).toBe('6');
    expect(str(ledger.netInvested)).toBe('-94'); // 503 bought − 597 received
  });

  it('AVERAGE pools the lots: 503 / 3 per coin', () => {
    const ledger = replayLedgerOrThrow(txs(), { method: 'AVERAGE' });
    const btc = position(ledger, 'bitcoin');
    // removed = 503 × 2/3 = 335.333…3 (18 places); realised = 597 − removed
    expect(str(ledger.sales[0]!.costBasis)).toBe('335.333333333333333333');
    expect(str(ledger.realizedPnl)).toBe('261.666666666666666667');
    expect(str(btc.costBasis)).toBe('167.666666666666666667');
    expect(btc.lots).toHaveLength(1);
    // Realised + unrealised at 250 is the same under both methods: 250 − 503 + 597 = 344.
    const fifo = valuePortfolio(replayLedgerOrThrow(txs()), { bitcoin: '250' });
    const avg = valuePortfolio(ledger, { bitcoin: '250' });
    expect(str(avg.unrealizedPnl!)).toBe('82.333333333333333333');
    expect(str(fifo.unrealizedPnl!)).toBe('49');
    expect(str(avg.realizedPnl.plus(avg.unrealizedPnl!))).toBe('344');
    expect(str(fifo.realizedPnl.plus(fifo.unrealizedPnl!))).toBe('344');
  });

  it('a partial sale within one lot splits its basis proportionally', () => {
    const ledger = replayLedgerOrThrow([
      tx('BUY', { coin: 'eth', qty: '3', price: '10', fee: '1', at: '2024-01-01T00:00:00Z' }),
      tx('SELL', { coin: 'eth', qty: '1', price: '12', at: '2024-01-02T00:00:00Z' }),
      tx('SELL', { coin: 'eth', qty: '2', price: '12', at: '2024-01-03T00:00:00Z' }),
    ]);
    // basis 31; first sale takes 31/3 rounded to 18 places, the last takes the exact rest.
    expect(ledger.sales.map((s) => str(s.costBasis))).toEqual([
      '10.333333333333333333',
      '20.666666666666666667',
    ]);
    expect(str(ledger.realizedPnl)).toBe('5'); // 36 − 31, exactly
    expect(str(position(ledger, 'eth').costBasis)).toBe('0');
  });
});

describe('emptying and re-opening a position', () => {
  it.each(['FIFO', 'AVERAGE'] as const)('%s starts a fresh basis after the position is closed', (method) => {
    const ledger = replayLedgerOrThrow(
      [
        tx('BUY', { coin: 'sol', qty: '1', price: '100', at: '2024-01-01T00:00:00Z' }),
        tx('BUY', { coin: 'sol', qty: '1', price: '200', at: '2024-01-02T00:00:00Z' }),
        tx('SELL', { coin: 'sol', qty: '2', price: '120', at: '2024-01-03T00:00:00Z' }),
        tx('BUY', { coin: 'sol', qty: '1', price: '50', at: '2024-01-04T00:00:00Z' }),
        tx('SELL', { coin: 'sol', qty: '1', price: '60', at: '2024-01-05T00:00:00Z' }),
      ],
      { method },
    );
    expect(ledger.sales.map((s) => str(s.realizedPnl))).toEqual(['-60', '10']);
    const sol = position(ledger, 'sol');
    expect(str(sol.quantity)).toBe('0');
    expect(str(sol.costBasis)).toBe('0');
    expect(sol.lots).toEqual([]);
  });

  it('reopened AVERAGE position averages only the new buys', () => {
    const ledger = replayLedgerOrThrow(
      [
        tx('BUY', { coin: 'sol', qty: '1', price: '100', at: '2024-01-01T00:00:00Z' }),
        tx('SELL', { coin: 'sol', qty: '1', price: '100', at: '2024-01-02T00:00:00Z' }),
        tx('BUY', { coin: 'sol', qty: '1', price: '10', at: '2024-01-03T00:00:00Z' }),
        tx('BUY', { coin: 'sol', qty: '1', price: '20', at: '2024-01-04T00:00:00Z' }),
      ],
      { method: 'AVERAGE' },
    );
    const v = valuePortfolio(ledger, { sol: '15' });
    expect(str(v.holdings[0]!.averageCost)).toBe('15');
  });
});

describe('exactness', () => {
  it('0.1 + 0.2 is exactly 0.3 and selling 0.3 empties the position', () => {
    const buys = [
      tx('BUY', { coin: 'bitcoin', qty: '0.1', price: '0.1', at: '2024-01-01T00:00:00Z' }),
      tx('BUY', { coin: 'bitcoin', qty: '0.2', price: '0.2', at: '2024-01-01T00:00:01Z' }),
    ];
    const held = replayLedgerOrThrow(buys);
    expect(str(position(held, 'bitcoin').quantity)).toBe('0.3');
    expect(str(position(held, 'bitcoin').costBasis)).toBe('0.05'); // 0.01 + 0.04
    const sold = replayLedgerOrThrow([
      ...buys,
      tx('SELL', { coin: 'bitcoin', qty: '0.3', price: '0.3', at: '2024-01-02T00:00:00Z' }),
    ]);
    expect(str(position(sold, 'bitcoin').quantity)).toBe('0');
    expect(str(sold.realizedPnl)).toBe('0.04'); // 0.09 − 0.05
  });

  it('keeps 18 decimal places of quantity without drift', () => {
    const ledger = replayLedgerOrThrow([
      tx('BUY', { coin: 'eth', qty: '1.000000000000000001', price: '3000', at: '2024-01-01T00:00:00Z' }),
      tx('SELL', { coin: 'eth', qty: '0.000000000000000001', price: '3000', at: '2024-01-02T00:00:00Z' }),
    ]);
    expect(str(position(ledger, 'eth').quantity)).toBe('1');
    expect(str(ledger.sales[0]!.costBasis)).toBe('0.000000000000003'); // 3000.000000000000003 × 1e-18 / 1.000…001
  });
});

describe('cash, transfers, fees and income', () => {
  it('transfers move coins at their cost basis without P&L', () => {
    const ledger = replayLedgerOrThrow([
      tx('TRANSFER_IN', { coin: 'eth', qty: '2', price: '1500', at: '2024-01-01T00:00:00Z' }),
      tx('BUY', { coin: 'eth', qty: '1', price: '2000', at: '2024-01-02T00:00:00Z' }),
      tx('TRANSFER_OUT', { coin: 'eth', qty: '2.5', fee: '1', at: '2024-01-03T00:00:00Z' }),
    ]);
    // FIFO: the 2 transferred in (3000) and half the bought one (1000) leave.
    expect(str(ledger.transferredInBasis)).toBe('3000');
    expect(str(ledger.transferredOutBasis)).toBe('4000');
    expect(str(ledger.entries[2]!.basisRemoved)).toBe('4000');
    expect(ledger.sales).toEqual([]);
    expect(str(ledger.realizedPnl)).toBe('-1'); // only the transfer fee
    expect(str(position(ledger, 'eth').quantity)).toBe('0.5');
    expect(str(position(ledger, 'eth').costBasis)).toBe('1000');
    expect(str(ledger.implicitDeposits)).toBe('2001'); // the buy and the fee, nothing deposited
  });

  it('income is valued at receipt and becomes the cost basis', () => {
    const ledger = replayLedgerOrThrow([
      tx('INCOME', { coin: 'eth', qty: '0.5', price: '2000', at: '2024-01-01T00:00:00Z' }),
      tx('SELL', { coin: 'eth', qty: '0.5', price: '2100', at: '2024-01-02T00:00:00Z' }),
    ]);
    expect(str(ledger.income)).toBe('1000');
    expect(str(position(ledger, 'eth').income)).toBe('1000');
    expect(str(ledger.realizedPnl)).toBe('50');
    expect(str(ledger.cash)).toBe('1050');
    expect(str(ledger.netDeposits)).toBe('0');
  });

  it('coin fees realise their basis as a loss; USD fees come out of cash', () => {
    const txs = [
      tx('DEPOSIT', { qty: '2000', at: '2024-01-01T00:00:00Z' }),
      tx('BUY', { coin: 'eth', qty: '1', price: '1000', at: '2024-01-02T00:00:00Z' }),
      tx('FEE', { coin: 'eth', qty: '0.01', at: '2024-01-03T00:00:00Z' }),
      tx('FEE', { qty: '5', at: '2024-01-04T00:00:00Z' }),
    ];
    const ledger = replayLedgerOrThrow(txs);
    expect(str(position(ledger, 'eth').quantity)).toBe('0.99');
    expect(str(position(ledger, 'eth').costBasis)).toBe('990');
    expect(str(ledger.realizedPnl)).toBe('-15');
    expect(str(ledger.fees)).toBe('15');
    expect(str(ledger.cash)).toBe('995');

    const tooMuch = replayLedger([
      ...txs,
      tx('WITHDRAWAL', { qty: '995', fee: '1', at: '2024-01-05T00:00:00Z' }),
    ]);
    expect(tooMuch.issues).toMatchObject([{ code: 'INSUFFICIENT_CASH' }]);
    expect(str(tooMuch.issues[0]!.held!)).toBe('995');
    expect(str(tooMuch.issues[0]!.requested!)).toBe('996');

    const all = replayLedgerOrThrow([...txs, tx('WITHDRAWAL', { qty: '995', at: '2024-01-05T00:00:00Z' })]);
    expect(str(all.cash)).toBe('0');
    expect(str(all.netDeposits)).toBe('1005');
  });

  it('a buy funded by a deposit creates no implicit deposit; one beyond the cash funds the shortfall', () => {
    const ledger = replayLedgerOrThrow([
      tx('DEPOSIT', { qty: '100', at: '2024-01-01T00:00:00Z' }),
      tx('BUY', { coin: 'eth', qty: '1', price: '60', at: '2024-01-02T00:00:00Z' }),
      tx('BUY', { coin: 'eth', qty: '1', price: '70', fee: '0.5', at: '2024-01-03T00:00:00Z' }),
    ]);
    expect(ledger.entries.map((e) => str(e.implicitDeposit))).toEqual(['0', '0', '30.5']);
    expect(str(ledger.netDeposits)).toBe('130.5');
    expect(str(ledger.cash)).toBe('0');
  });
});

describe('validation while replaying', () => {
  it('refuses selling more than held at that moment and names the held quantity', () => {
    const buy = tx('BUY', { coin: 'bitcoin', qty: '1', price: '100', at: '2024-01-02T00:00:00Z' });
    // Listed after the buy but executed before it.
    const early = tx('SELL', { coin: 'bitcoin', qty: '0.5', price: '100', at: '2024-01-01T00:00:00Z' });
    const over = tx('SELL', { coin: 'bitcoin', qty: '1.5', price: '100', at: '2024-01-03T00:00:00Z' });
    const { issues, ledger } = replayLedger([buy, early, over]);
    expect(issues.map((i) => [i.transactionId, i.code, str(i.held!), str(i.requested!)])).toEqual([
      [early.id, 'INSUFFICIENT_HOLDINGS', '0', '0.5'],
      [over.id, 'INSUFFICIENT_HOLDINGS', '1', '1.5'],
    ]);
    expect(issues[1]!.message).toContain('only 1 held');
    expect(str(position(ledger, 'bitcoin').quantity)).toBe('1'); // refused ones left no trace
    expect(() => replayLedgerOrThrow([buy, over])).toThrow(LedgerValidationError);
  });

  it('refuses transferring out or paying fees in coins not held', () => {
    const { issues } = replayLedger([
      tx('TRANSFER_OUT', { coin: 'eth', qty: '1', at: '2024-01-01T00:00:00Z' }),
      tx('FEE', { coin: 'eth', qty: '0.1', at: '2024-01-01T00:00:00Z' }),
    ]);
    expect(issues.map((i) => i.code)).toEqual(['INSUFFICIENT_HOLDINGS', 'INSUFFICIENT_HOLDINGS']);
  });

  it('orders same-instant transactions by seq', () => {
    const at = '2024-01-01T00:00:00Z';
    const buy = (seq: number) => tx('BUY', { coin: 'x', qty: '1', price: '1', at, seq });
    const sell = (seq: number) => tx('SELL', { coin: 'x', qty: '1', price: '1', at, seq });
    expect(replayLedger([sell(2), buy(1)]).issues).toEqual([]);
    expect(replayLedger([sell(1), buy(2)]).issues).toMatchObject([{ code: 'INSUFFICIENT_HOLDINGS' }]);
  });

  it.each([
    [
      'zero quantity',
      tx('BUY', { coin: 'x', qty: '0', price: '1', at: '2024-01-01T00:00:00Z' }),
      'INVALID_QUANTITY',
    ],
    ['negative quantity', tx('DEPOSIT', { qty: '-5', at: '2024-01-01T00:00:00Z' }), 'INVALID_QUANTITY'],
    [
      '19 decimals',
      tx('DEPOSIT', { qty: '0.0000000000000000001', at: '2024-01-01T00:00:00Z' }),
      'INVALID_QUANTITY',
    ],
    ['negative fee', tx('DEPOSIT', { qty: '5', fee: '-1', at: '2024-01-01T00:00:00Z' }), 'INVALID_FEE'],
    [
      'negative price',
      tx('BUY', { coin: 'x', qty: '1', price: '-1', at: '2024-01-01T00:00:00Z' }),
      'INVALID_PRICE',
    ],
    ['buy without price', tx('BUY', { coin: 'x', qty: '1', at: '2024-01-01T00:00:00Z' }), 'PRICE_REQUIRED'],
    [
      'income without price',
      tx('INCOME', { coin: 'x', qty: '1', at: '2024-01-01T00:00:00Z' }),
      'PRICE_REQUIRED',
    ],
    [
      'deposit with price',
      tx('DEPOSIT', { qty: '1', price: '1', at: '2024-01-01T00:00:00Z' }),
      'PRICE_NOT_ALLOWED',
    ],
    [
      'deposit of a coin',
      tx('DEPOSIT', { coin: 'x', qty: '1', at: '2024-01-01T00:00:00Z' }),
      'COIN_NOT_ALLOWED',
    ],
    ['sell without coin', tx('SELL', { qty: '1', price: '1', at: '2024-01-01T00:00:00Z' }), 'COIN_REQUIRED'],
    ['invalid date', tx('DEPOSIT', { qty: '1', at: 'not a date' }), 'INVALID_DATE'],
    ['future date', tx('DEPOSIT', { qty: '1', at: '2030-01-01T00:00:00Z' }), 'FUTURE_EXECUTION'],
    ['date before 1970', tx('DEPOSIT', { qty: '1', at: '1969-12-31T23:59:59Z' }), 'INVALID_DATE'],
  ])('refuses %s', (_name, bad, code) => {
    const { issues } = replayLedger([bad], { now: new Date('2025-01-01T00:00:00Z') });
    expect(issues.map((i) => i.code)).toEqual([code]);
    expect(issues[0]!.transactionId).toBe(bad.id);
  });

  it('reports duplicate ids', () => {
    const a = tx('DEPOSIT', { id: 'same', qty: '1', at: '2024-01-01T00:00:00Z' });
    const b = tx('DEPOSIT', { id: 'same', qty: '2', at: '2024-01-02T00:00:00Z' });
    expect(replayLedger([a, b]).issues).toMatchObject([{ code: 'DUPLICATE_ID', transactionId: 'same' }]);
  });
});

describe('editing and deleting', () => {
  const buy = tx('BUY', { id: 'buy', coin: 'eth', qty: '2', price: '100', at: '2024-01-01T00:00:00Z' });
  const sell = tx('SELL', { id: 'sell', coin: 'eth', qty: '1.5', price: '150', at: '2024-02-01T00:00:00Z' });

  it('recomputes later sales when an earlier buy changes price', () => {
    const edited = withEdit([buy, sell], { upsert: { ...buy, price: d('120') } });
    const ledger = replayLedgerOrThrow(edited);
    expect(str(ledger.sales[0]!.realizedPnl)).toBe('45'); // 225 − 1.5 × 120 (was 75)
  });

  it('reports a later sale that the edit leaves without coins', () => {
    const { issues } = replayLedger(withEdit([buy, sell], { upsert: { ...buy, quantity: d('1') } }));
    expect(issues).toMatchObject([{ code: 'INSUFFICIENT_HOLDINGS', transactionId: 'sell' }]);
    expect(str(issues[0]!.held!)).toBe('1');
  });

  it('reports a later sale when its buy is deleted', () => {
    const { issues } = replayLedger(withEdit([buy, sell], { deleteId: 'buy' }));
    expect(issues).toMatchObject([{ code: 'INSUFFICIENT_HOLDINGS', transactionId: 'sell' }]);
  });

  it('gives the same ledger whatever the input order', () => {
    const more = [
      buy,
      sell,
      tx('INCOME', { coin: 'eth', qty: '0.1', price: '130', at: '2024-01-15T00:00:00Z' }),
      tx('DEPOSIT', { qty: '50', at: '2024-01-10T00:00:00Z' }),
    ];
    expect(plain(replayLedgerOrThrow([...more].reverse()))).toEqual(plain(replayLedgerOrThrow(more)));
  });
});
