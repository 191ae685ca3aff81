/**
 * The polarity of a bound metric in context: whether more of it is good news (+1), bad news (-1) or
 * no news (0). The lexicon gives each metric word a polarity; the context corrects it: input and
 * consumer prices are costs, and so is a plant's energy or fuel consumption (households' consumption
 * is demand), interest before "rate" is a cost of borrowing, a qualified "rate" is the price of money
 * (a "key rate", a "mortgage rate") while charter and freight rates are revenue, a rate
 * of a metric takes that metric's polarity, a ratio takes the polarity of what it measures, and a
 * commodity's supply is bad up in a text about the commodity ("Oil rises on OPEC output cuts"); the
 * number of shares is a count, no news, and a headcount that grows a figure (headcountGrows).
 */
import { LIKELIHOODS } from '../lexicon/finance';
import type { Entry } from './lexicon';

// Inputs whose price is a cost for the company that buys them: "raw material prices climbed" is bad.
// Consumer and producer prices are inflation: "consumer prices rose" is bad news for markets.
const COST_INPUTS = new Set([
  'consumer',
  'producer',
  'material',
  'materials',
  'energy',
  'fuel',
  'input',
  'component',
  'feedstock',
  'freight',
  'electricity',
]);
const PRICE_WORDS = new Set(['price', 'prices']);
// What a plant consumes is a cost ("energy consumption"); what households consume is an economy's
// demand ("private consumption"). A commodity's consumption is left as no news ("oil consumption").
const BURNED = new Set(['energy', 'fuel', 'electricity', 'power', 'water', 'material', 'materials', 'input']);
const SPENT = new Set(['private', 'consumer', 'household', 'households', 'domestic']);

// Interest as a cost of borrowing ("interest rates", "interest expenses"), not investors' interest.
const INTEREST_COSTS = new Set([
  'rate',
  'rates',
  'cost',
  'costs',
  'expense',
  'expenses',
  'payments',
  'burden',
]);
const RATIOS = new Set(['ratio', 'ratios']);
// Ratios where less is better though the word before is no metric: an insurer's combined ratio.
// (The equity ratio is better up; "equity" alone is no metric: "raised new equity" is financing.)
const COST_RATIOS = new Set(['combined', 'loss', 'expense', 'cost']);

// A central bank's or lender's rate is the price of money: "cut its key rate" is good news for
// markets. Only a qualified singular "rate" is a metric ("hash rate", "growth rate" are not).
const POLICY_RATE_QUALIFIERS = new Set([
  'key',
  'policy',
  'benchmark',
  'interest',
  'lending',
  'deposit',
  'repo',
  'refinancing',
  'mortgage',
]);
export function isPolicyRate(lower: string[], m: number): boolean {
  return lower[m] === 'rate' && POLICY_RATE_QUALIFIERS.has(lower[m - 1] as string);
}
// ... but what a ship, a room or a freight lane earns is revenue: "charter rates doubled" is good news.
const EARNED_RATE_QUALIFIERS = new Set([
  'charter',
  'freight',
  'shipping',
  'tanker',
  'container',
  'room',
  'hire',
]);

// A commodity's supply weighs on its price: in a text about the commodity itself ("Oil rises on
// OPEC output cuts", "Copper jumps as top miner cuts production") less supply is good news; in a
// text about a producer ("the miner's copper output fell") it stays a result.
const SUPPLY = new Set(['output', 'production', 'supply', 'supplies']);
const COMMODITIES = new Set([
  'oil',
  'crude',
  'brent',
  'wti',
  'gas',
  'lng',
  'gold',
  'silver',
  'copper',
  'nickel',
  'zinc',
  'aluminium',
  'aluminum',
  'palladium',
  'platinum',
  'uranium',
  'lithium',
  'iron',
  'wheat',
  'corn',
  'soybeans',
  'coffee',
  'cocoa',
  'sugar',
]);
// Words before the commodity that leave it the subject: "Brent crude", "U.S. natural gas", "spot gold".
const COMMODITY_QUALIFIERS = new Set(['natural', 'spot', 'us', 'u', 's', 'global', 'world', 'the']);

// "Oil producers", "gold miners", "copper stocks": the text is about the companies, not the price.
const PRODUCERS = new Set([
  'producer',
  'producers',
  'companies',
  'company',
  'firms',
  'majors',
  'miner',
  'miners',
  'drillers',
  'explorers',
  'stocks',
  'shares',
  'industry',
  'sector',
  'workers',
]);

/**
 * The text opens with a commodity (after cashtags and their ":COM" suffixes) that is not a producer's
 * qualifier: it is about the commodity's price.
 */
function aboutCommodity(lower: string[], m: number): boolean {
  let k = 0;
  while (k < m) {
    const w = lower[k] as string;
    if (w.startsWith('$') || w === ':' || w === '.' || lower[k - 1] === ':' || COMMODITY_QUALIFIERS.has(w))
      k++;
    else break;
  }
  return k < m && COMMODITIES.has(lower[k] as string) && !PRODUCERS.has(lower[k + 1] as string);
}

// The oil cartel's output is the oil market's supply: "OPEC and its allies agreed to deeper production
// cuts" is good news for oil, whoever the text opens with.
const CARTELS = new Set(['opec']);
const CARTEL_REACH = 12;
/** OPEC is named within `reach` words before m. */
export function cartelBefore(lower: string[], m: number, reach = CARTEL_REACH): boolean {
  for (let k = m - 1; k >= 0 && k >= m - reach; k--) if (CARTELS.has(lower[k] as string)) return true;
  return false;
}

// What is stored in tanks and silos: "crude stocks", "gasoline stocks" (not "oil stocks": companies).
const STORED = new Set([
  'crude',
  'gasoline',
  'distillate',
  'distillates',
  'grain',
  'wheat',
  'corn',
  'copper',
]);

/** "rate(s)" after a metric: the compound is that metric's rate ("default rates declined"). */
export function isRateOfMetric(lower: string[], entries: (Entry | undefined)[], m: number): boolean {
  return (lower[m] === 'rates' || lower[m] === 'rate') && m > 0 && entries[m - 1]?.metric !== undefined;
}

// A likelihood takes the polarity of what may happen: "recession risk rose" and "the odds of a
// recovery faded" are bad news, "cut its recession probability" good. The qualifier stands just
// before ("recession odds") or after "of"/"for" over an article and an adjective ("the risk of a
// global recession"); once bound with the likelihood it is spent (directions.ts). The likelihood
// words (LIKELIHOODS) are listed with the metrics in ../lexicon/finance.ts.
const LIKELIHOOD_OF = new Set(['of', 'for']);
const LIKELIHOOD_REACH = 3;

/** A likelihood word ("risk", "odds", "probability", ...). */
export function isLikelihood(w: string): boolean {
  return LIKELIHOODS.has(w);
}

/** The word that says what a likelihood at m is the likelihood of, or -1. */
export function likelihoodOf(lower: string[], entries: (Entry | undefined)[], m: number): number {
  if (!LIKELIHOODS.has(lower[m] as string)) return -1;
  const before = entries[m - 1];
  if (m > 0 && before && !before.direction && before.valence !== 0 && !before.negator && !before.booster)
    return m - 1;
  if (!LIKELIHOOD_OF.has(lower[m + 1] as string)) return -1;
  for (let q = m + 2; q < lower.length && q <= m + 1 + LIKELIHOOD_REACH; q++) {
    const e = entries[q];
    // "the odds of a rate cut": a move is no qualifier
    if (e?.direction) return -1;
    if (e && e.valence !== 0 && !e.negator && !e.booster) return q;
  }
  return -1;
}

// What a count of shares counts: "the number of shares in issue"; and of people, a headcount that
// grows ("the number of employees rose to 180") is a figure, while one reduced stays job cuts.
const SHARE_COUNTS = new Set(['shares', 'share']);
const HEADCOUNTS = new Set(['personnel', 'employees', 'staff']);

/** The metric at m is counted: "the number of (Acme) shares", "the number of employees". */
function countOf(lower: string[], m: number): boolean {
  const j = lower[m - 1] === 'of' ? m - 1 : m - 2;
  return lower[j] === 'of' && lower[j - 1] === 'number';
}

/** "the number of employees" moving up: a headcount figure, no news (direction dir > 0). */
export function headcountGrows(lower: string[], m: number, dir: number): boolean {
  return dir > 0 && HEADCOUNTS.has(lower[m] as string) && countOf(lower, m);
}

/**
 * The polarity of a bound metric, with input prices read as costs, interest as a cost of borrowing
 * before "rate(s)", a central bank's or lender's rate as the price of money, what a ship, room or
 * freight lane earns as revenue, and a ratio as what it measures: its first term ("net debt to EBITDA", "cost to
 * income ratio"), the metric before it ("equity ratio"), or an insurer's combined ratio (bad up);
 * consumption as a cost when a plant burns it, as demand when households spend it, else no news; the
 * number of shares is a count, no news.
 */
export function metricPolarity(lower: string[], entries: (Entry | undefined)[], m: number): number {
  const w = lower[m] as string;
  if (PRICE_WORDS.has(w) && COST_INPUTS.has(lower[m - 1] as string)) return -1;
  // what is used up: what a plant burns is a cost ("cut energy consumption", "fuel consumption
  // rose"), what households spend is demand ("private consumption fell"), else no news
  if (w === 'consumption') {
    const q = lower[m - 1] as string;
    return BURNED.has(q) ? -1 : SPENT.has(q) ? 1 : 0;
  }
  if (w === 'interest' && INTEREST_COSTS.has(lower[m + 1] as string)) return -1;
  if (SUPPLY.has(w) && (aboutCommodity(lower, m) || cartelBefore(lower, m))) return -1;
  // "crude stocks rose 6 million barrels": stored barrels, not equities
  if ((w === 'stocks' || w === 'stockpiles') && STORED.has(lower[m - 1] as string)) return -1;
  if (isPolicyRate(lower, m)) return -1;
  const q = likelihoodOf(lower, entries, m);
  if (q >= 0) return Math.sign((entries[q] as Entry).valence);
  if ((w === 'rates' || w === 'rate') && EARNED_RATE_QUALIFIERS.has(lower[m - 1] as string)) return 1;
  // "default rates", "scrap rates", "interest rates": the rate of what the word before counts
  if (isRateOfMetric(lower, entries, m)) return metricPolarity(lower, entries, m - 1);
  // "the number of shares (in issue)": a count changed by an issue, a split or a consolidation, not
  // the price of the shares
  if (SHARE_COUNTS.has(w) && countOf(lower, m)) return 0;
  // cash tied up in operations; loans that are not being repaid
  if (w === 'capital' && lower[m - 1] === 'working') return -1;
  if (w === 'loans' && lower[m - 1] === 'performing' && lower[m - 2] === 'non') return -1;
  let r = m;
  if (RATIOS.has(w)) {
    if (COST_RATIOS.has(lower[m - 1] as string) || COST_RATIOS.has(lower[m - 3] as string)) return -1;
    if (lower[m - 1] === 'equity') return 1;
    r = m - 1;
  }
  // "net debt to EBITDA": a ratio's first term decides
  if (lower[r - 1] === 'to' && entries[r - 2]?.metric !== undefined) r -= 2;
  return entries[r]?.metric ?? (r === m ? 1 : 0);
}
