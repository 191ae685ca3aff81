import { Decimal } from './decimal';
import { replayLedgerOrThrow } from './ledger';
import { tx } from './test-support';
import { valuePortfolio } from './valuation';

const str = (v: { toFixed(): string } | null) => (v === null ? null : v.toFixed());

describe('valuePortfolio', () => {
  const ledger = replayLedgerOrThrow([
    tx('DEPOSIT', { qty: '1000', at: '2024-01-01T00:00:00Z' }),
    tx('BUY', { coin: 'bitcoin', qty: '0.01', price: '40000', fee: '2', at: '2024-01-02T00:00:00Z' }),
    tx('BUY', { coin: 'ethereum', qty: '0.1', price: '2000', at: '2024-01-02T00:00:00Z' }),
    tx('BUY', { coin: 'dust', qty: '100', price: '0.01', at: '2024-01-02T00:00:00Z' }),
    tx('BUY', { coin: 'gone', qty: '1', price: '1', at: '2024-01-02T00:00:00Z' }),
    tx('SELL', { coin: 'gone', qty: '1', price: '3', at: '2024-01-03T00:00:00Z' }),
  ]);
  // cash = 1000 − 402 − 200 − 1 − 1 + 3 = 399

  it('values holdings, unrealised P&L and allocation of the whole portfolio', () => {
    const v = valuePortfolio(
      ledger,
      new Map([
        ['bitcoin', '50000'],
        ['ethereum', '2500'],
        ['dust', '0.02'],
      ]),
    );
    expect(
      v.holdings.map((h) => [h.coinId, str(h.marketValue), str(h.unrealizedPnl), str(h.allocationPct)]),
    ).toEqual([
      // total = 500 + 250 + 2 + 399 = 1151
      ['bitcoin', '500', '98', new Decimal(50000).div(1151).toFixed()],
      ['ethereum', '250', '50', new Decimal(25000).div(1151).toFixed()],
      ['dust', '2', '1', new Decimal(200).div(1151).toFixed()],
    ]);
    expect(str(v.cash)).toBe('399');
    expect(str(v.totalValue)).toBe('1151');
    expect(str(v.unrealizedPnl)).toBe('149');
    expect(str(v.realizedPnl)).toBe('2');
    expect(str(v.totalPnl)).toBe('151');
    // Closed positions are not holdings.
    expect(v.holdings.map((h) => h.coinId)).not.toContain('gone');
    const pctSum = v.holdings.reduce((s, h) => s.plus(h.allocationPct!), v.cashAllocationPct!);
    expect(pctSum.toDecimalPlaces(30).toFixed()).toBe('100');
    // The accounting identity: value = net deposits + P&L (no transfers here).
    expect(str(v.netDeposits.plus(v.totalPnl!))).toBe(str(v.totalValue));
    expect(str(v.holdings[0]!.averageCost)).toBe('40200');
  });

  it('leaves an unpriced coin without value and the totals null, allocating the priced part', () => {
    const v = valuePortfolio(ledger, { bitcoin: '50000', ethereum: '2500' });
    const dust = v.holdings.find((h) => h.coinId === 'dust')!;
    expect([dust.price, dust.marketValue, dust.unrealizedPnl, dust.allocationPct]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(v.holdings[v.holdings.length - 1]!.coinId).toBe('dust'); // unpriced last
    expect(v.missingPrices).toEqual(['dust']);
    expect(v.totalValue).toBeNull();
    expect(v.unrealizedPnl).toBeNull();
    expect(v.totalPnl).toBeNull();
    expect(str(v.pricedHoldingsValue)).toBe('750');
    // 500 of the priced 500 + 250 + 399
    expect(str(v.holdings[0]!.allocationPct)).toBe(new Decimal(50000).div(1149).toFixed());
  });

  it('values an empty portfolio at its cash', () => {
    const empty = replayLedgerOrThrow([tx('DEPOSIT', { qty: '10', at: '2024-01-01T00:00:00Z' })]);
    const v = valuePortfolio(empty, {});
    expect(v.holdings).toEqual([]);
    expect(str(v.totalValue)).toBe('10');
    expect(str(v.cashAllocationPct)).toBe('100');
  });
});
