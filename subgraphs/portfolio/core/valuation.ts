import { ZERO, quantize, toDecimal, type Decimal, type DecimalLike } from './decimal';
import type { Ledger } from './types';

/** USD price per coin id; a Map or a plain object, values as Decimals or decimal strings. */
export type PriceMap = ReadonlyMap<string, DecimalLike> | Readonly<Record<string, DecimalLike | undefined>>;

export function lookupPrice(prices: PriceMap, coinId: string): Decimal | null {
  const raw =
    prices instanceof Map
      ? (prices as ReadonlyMap<string, DecimalLike>).get(coinId)
      : Object.prototype.hasOwnProperty.call(prices, coinId)
        ? (prices as Readonly<Record<string, DecimalLike | undefined>>)[coinId]
        : undefined;
  return raw === undefined || raw === null ? null : toDecimal(raw);
}

export interface HoldingValuation {
  coinId: string;
  quantity: Decimal;
  costBasis: Decimal;
  /** costBasis / quantity, rounded to 18 places. */
  averageCost: Decimal;
  /** null when the price map has no price for the coin. */
  price: Decimal | null;
  /** quantity × price; null without a price. */
  marketValue: Decimal | null;
  /** marketValue − costBasis; null without a price. */
  unrealizedPnl: Decimal | null;
  /**
   * Percent (0–100) of the priced part of the portfolio (priced holdings + cash); null without a price
   * or when that total is 0. Full precision: round when displaying.
   */
  allocationPct: Decimal | null;
  realizedPnl: Decimal;
  income: Decimal;
}

export interface PortfolioValuation {
  /** Positions with quantity > 0, largest market value first, unpriced last, then by coin id. */
  holdings: HoldingValuation[];
  cash: Decimal;
  /** Percent of the priced part held as cash; null when that total is 0. */
  cashAllocationPct: Decimal | null;
  /** Sum of the priced holdings' market values (excludes cash). */
  pricedHoldingsValue: Decimal;
  /** Market value of all holdings; null when any held coin has no price. */
  holdingsValue: Decimal | null;
  /** holdingsValue + cash; null when any held coin has no price. */
  totalValue: Decimal | null;
  totalCostBasis: Decimal;
  /** totalValue − cash − totalCostBasis; null when any held coin has no price. */
  unrealizedPnl: Decimal | null;
  realizedPnl: Decimal;
  income: Decimal;
  fees: Decimal;
  netDeposits: Decimal;
  netInvested: Decimal;
  /**
   * realizedPnl + unrealizedPnl + income. The ledger guarantees, exactly:
   * totalValue = netDeposits + transferredInBasis − transferredOutBasis + totalPnl.
   */
  totalPnl: Decimal | null;
  /** Held coins without a price (the reason the totals above are null). */
  missingPrices: string[];
}

const HUNDRED = 100;

/** Values the ledger's holdings at the given prices. Pure; a missing price makes that coin's value null. */
export function valuePortfolio(ledger: Ledger, prices: PriceMap): PortfolioValuation {
  const held = ledger.positions.filter((p) => p.quantity.gt(0));
  const missingPrices: string[] = [];
  let pricedHoldingsValue = ZERO;
  const priced = held.map((p) => {
    const price = lookupPrice(prices, p.coinId);
    const marketValue = price === null ? null : p.quantity.times(price);
    if (marketValue === null) missingPrices.push(p.coinId);
    else pricedHoldingsValue = pricedHoldingsValue.plus(marketValue);
    return { p, price, marketValue };
  });
  const pricedTotal = pricedHoldingsValue.plus(ledger.cash);
  const pct = (value: Decimal): Decimal | null =>
    pricedTotal.isZero() ? null : value.times(HUNDRED).div(pricedTotal);

  const holdings: HoldingValuation[] = priced.map(({ p, price, marketValue }) => ({
    coinId: p.coinId,
    quantity: p.quantity,
    costBasis: p.costBasis,
    averageCost: quantize(p.costBasis.div(p.quantity)),
    price,
    marketValue,
    unrealizedPnl: marketValue === null ? null : marketValue.minus(p.costBasis),
    allocationPct: marketValue === null ? null : pct(marketValue),
    realizedPnl: p.realizedPnl,
    income: p.income,
  }));
  holdings.sort((a, b) => {
    if (a.marketValue && b.marketValue && !a.marketValue.eq(b.marketValue))
      return b.marketValue.comparedTo(a.marketValue);
    if (a.marketValue && !b.marketValue) return -1;
    if (!a.marketValue && b.marketValue) return 1;
    return a.coinId < b.coinId ? -1 : a.coinId > b.coinId ? 1 : 0;
  });

  const complete = missingPrices.length === 0;
  const holdingsValue = complete ? pricedHoldingsValue : null;
  const unrealizedPnl = holdingsValue === null ? null : holdingsValue.minus(ledger.totalCostBasis);
  return {
    holdings,
    cash: ledger.cash,
    cashAllocationPct: pct(ledger.cash),
    pricedHoldingsValue,
    holdingsValue,
    totalValue: holdingsValue === null ? null : holdingsValue.plus(ledger.cash),
    totalCostBasis: ledger.totalCostBasis,
    unrealizedPnl,
    realizedPnl: ledger.realizedPnl,
    income: ledger.income,
    fees: ledger.fees,
    netDeposits: ledger.netDeposits,
    netInvested: ledger.netInvested,
    totalPnl: unrealizedPnl === null ? null : ledger.realizedPnl.plus(unrealizedPnl).plus(ledger.income),
    missingPrices,
  };
}
