import DecimalJs from 'decimal.js';
import { Decimal, parseDecimal, toDecimal, toDecimalString } from './decimal';
import { replayLedgerOrThrow } from './ledger';
import type { Transaction } from './types';

describe('decimals', () => {
  it('converts another decimal.js class (as Prisma returns), including its exponent notation', () => {
    const foreign = new DecimalJs('0.00000001'); // prints "1e-8" with decimal.js defaults
    expect(foreign.toString()).toBe('1e-8');
    const ours = toDecimal(foreign);
    expect(ours).toBeInstanceOf(Decimal);
    expect(toDecimalString(ours)).toBe('0.00000001');
  });

  it('replays transactions whose amounts are another decimal.js class', () => {
    const foreign = (v: string) => new DecimalJs(v) as unknown as Decimal;
    const txs: Transaction[] = [
      {
        id: 'a',
        type: 'BUY',
        coinId: 'x',
        quantity: foreign('0.1'),
        price: foreign('3'),
        fee: foreign('0'),
        executedAt: new Date(0),
        seq: 1,
      },
      {
        id: 'b',
        type: 'SELL',
        coinId: 'x',
        quantity: foreign('1e-2'),
        price: foreign('4'),
        fee: foreign('0'),
        executedAt: new Date(1),
        seq: 2,
      },
    ];
    const ledger = replayLedgerOrThrow(txs);
    expect(ledger.positions[0]!.quantity.toFixed()).toBe('0.09');
    expect(ledger.realizedPnl.toFixed()).toBe('0.01'); // 0.04 − 0.03
  });

  it('refuses floats, non-numbers and infinities', () => {
    expect(() => toDecimal(0.1)).toThrow(TypeError);
    expect(toDecimal(42).toFixed()).toBe('42');
    for (const bad of ['NaN', 'Infinity', '0x10', '', '1,5']) expect(() => toDecimal(bad)).toThrow(TypeError);
  });

  it('parses user input in plain notation only', () => {
    expect(parseDecimal(' 1234.50 ')?.toFixed()).toBe('1234.5');
    expect(parseDecimal('.5')?.toFixed()).toBe('0.5');
    for (const bad of ['1e3', '1,000', '$5', '', 'abc', '1.2.3']) expect(parseDecimal(bad)).toBeNull();
  });
});
