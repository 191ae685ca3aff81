/**
 * A market that is mixed or flat as a whole: "Stocks mixed, energy lower", "Asia closes mixed, Europe
 * trades lower", "Stock market opens little changed, energy stocks remain weak". The report's news
 * is that the market went nowhere; the sectors, regions and names moving inside it are its details,
 * and the text's valences weigh MIXED_WEIGHT. A mixed thing that is not the market ("mixed results",
 * "mixed messages", "sales volumes remain flat") is no such report.
 */
import { NUMBER, PUNCT } from '../tokenize';
import { isBoundary } from './clauses';
import { wordSet } from './lexicon';
import type { ScoringState } from './state';

const MIXED_WEIGHT = 0.4;
// The market as a whole, or a whole region or index of it ("S&P 500"; "market" only as the "stock
// market": a company's market that is flat is its demand).
const WHOLE_MARKETS = wordSet(
  'stocks shares markets equities futures averages indexes indices index street asia europe ' +
    'dow nasdaq bourses',
);
// The market went nowhere ("little changed" is a phrase: its "changed").
const NOWHERE = wordSet('mixed flat unchanged changed');
// What may follow the report: a reason, a time or a second clause ("mixed as ...", "flat on Friday").
const FOLLOWERS = wordSet('as on after in at amid ahead while with despite before following and but');
// How far before the word the market may be named: "Asia closes mixed", "Stock market opens little
// changed".
const MARKET_REACH = 3;

/** The token at i reports the market as mixed or flat (see the module comment). */
function wentNowhere(s: ScoringState, i: number): boolean {
  const { lower, kind } = s;
  const word = lower[i] as string;
  if (!NOWHERE.has(word) || (word === 'changed' && lower[i - 1] !== 'little')) return false;
  const next = lower[i + 1];
  if (next !== undefined && kind[i + 1] !== PUNCT && !FOLLOWERS.has(next)) return false;
  for (let j = i - 1; j >= 0 && j >= i - MARKET_REACH; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number)) return false;
    const w = lower[j] as string;
    if (WHOLE_MARKETS.has(w) || (w === 'market' && lower[j - 1] === 'stock')) return true;
    if (kind[j] === NUMBER && w === '500') return true;
  }
  return false;
}

/** Weighs the whole text at MIXED_WEIGHT when it reports the market as mixed or flat. */
export function mixedMarket(s: ScoringState): void {
  const { lower, val } = s;
  for (let i = 0; i < lower.length; i++) {
    if (!wentNowhere(s, i)) continue;
    for (let j = 0; j < val.length; j++) val[j] = (val[j] as number) * MIXED_WEIGHT;
    return;
  }
}
