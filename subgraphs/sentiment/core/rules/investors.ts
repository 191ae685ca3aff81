/**
 * Money moving in or out: when funds, insiders, promoters or institutions are buying a company's shares
 * ("hedge funds are buying Acme", "insiders snapped up shares", "funds are piling into Acme", "investors
 * poured $1B into bitcoin funds") the news is good for the stock, and when they are selling or bailing
 * out ("funds are dumping Acme", "investors are cashing out of Acme", "whales offload BTC", "miners sent
 * 9,400 BTC to exchanges") bad. The verb carries the valence, so that "insiders are not selling" is
 * negated in step 5. "aren't done buying" says the buying goes on: read as one phrase, its first word
 * (the negator) carries the flow and the rest is consumed, so nothing negates it.
 */
import { isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// One more buyer or seller of size: like "insider buying" (1.2) in the vocabulary.
const FLOW = 1.2;

// Who moves money in a way the market watches.
const HOLDERS = new Set([
  'funds',
  'insiders',
  'institutions',
  'investors',
  'billionaires',
  'whales',
  'managers',
  'shareholders',
  // the controlling holders (India's "promoters") and founders: "promoters sell 2% stake", "a
  // promoter sells 10 lakh shares", "the founder sold shares"
  'promoter',
  'promoters',
  'founder',
  'founders',
  'insider',
  // crypto's sellers of size: miners (who sell what they mine) and long-term holders
  'miners',
  'holders',
]);
// Words between the holders and the verb: "funds are still buying", "insiders have been selling".
const AUX = new Set([
  'are',
  'were',
  'is',
  'was',
  'have',
  'has',
  'had',
  'been',
  'keep',
  'kept',
  'still',
  'also',
]);
// Buying, and buying phrased with a particle ("snapping up", "piling into", "loading up on").
// Money poured in or pulled out goes the same way: "investors poured $1B into bitcoin funds", "whales
// offload 40,000 BTC", "investors pulled $500M from ether funds".
const BUYING = new Set([
  'buying',
  'bought',
  'buy',
  'buys',
  'accumulating',
  'accumulated',
  'nibbling',
  'pour',
  'pours',
  'poured',
]);
const BUYING_WITH: ReadonlyMap<string, string> = new Map([
  ['snapping', 'up'],
  ['snapped', 'up'],
  ['piling', 'into'],
  ['piled', 'into'],
  ['loading', 'up'],
  ['loaded', 'up'],
  ['betting', 'on'],
  ['pouring', 'into'],
]);
const SELLING = new Set([
  'selling',
  'sold',
  'sell',
  'sells',
  'dumping',
  'dumped',
  'dump',
  'unloading',
  'unloaded',
  'offload',
  'offloads',
  'offloaded',
  'offloading',
  'pull',
  'pulls',
  'pulled',
  // crypto jargon for selling into a market: "long-term holders have been distributing coins"
  'distributing',
]);
const SELLING_WITH: ReadonlyMap<string, string> = new Map([
  ['cashing', 'out'],
  ['cashed', 'out'],
  ['bailing', 'on'],
  ['bailed', 'on'],
  ['fleeing', 'from'],
  ['fled', 'from'],
  ['betting', 'against'],
]);
// How far the verb may stand after the holders ("funds have still been buying").
const REACH = 3;
// Coins sent to exchanges are coins to be sold: "miners sent 9,400 BTC to exchanges", with "to
// exchanges" within SEND_REACH words after the verb.
const SENDING = wordSet('send sends sent sending move moves moved moving transfer transfers transferred');
const EXCHANGES = wordSet('exchange exchanges');
const SEND_REACH = 5;
const POURS = wordSet('pour pours poured');
const PULLS = wordSet('pull pulls pulled');
const OFF_FROM = wordSet('off from');
const TO = wordSet('to');

/** True when "<a word of preps> exchange(s)" follows the verb at j within SEND_REACH words. */
function exchangesAfter(lower: string[], j: number, preps: ReadonlySet<string>): boolean {
  for (let k = j + 1; k < lower.length && k <= j + SEND_REACH; k++)
    if (preps.has(lower[k] as string) && EXCHANGES.has(lower[k + 1] as string)) return true;
  return false;
}

/** "not", "aren't", "haven't". */
function isNegator(w: string): boolean {
  return w === 'not' || w.endsWith("n't");
}

/** +1 buying, -1 selling at j (with its particle, when it needs one), 0 otherwise. */
function flowAt(lower: string[], j: number): number {
  const w = lower[j] as string;
  const next = lower[j + 1];
  // "miners pour cold water on the plan" is doubt, no money poured in
  if (next === 'cold' && POURS.has(w)) return 0;
  if (BUYING.has(w) || (next !== undefined && BUYING_WITH.get(w) === next)) return 1;
  // coins pulled off or from exchanges are taken out of the market, the reverse of coins sent to them
  if (PULLS.has(w) && exchangesAfter(lower, j, OFF_FROM)) return 0;
  if (SELLING.has(w) || (next !== undefined && SELLING_WITH.get(w) === next)) return -1;
  if (SENDING.has(w) && exchangesAfter(lower, j, TO)) return -1;
  return 0;
}

/** Scores holders buying or selling ("hedge funds are buying Acme", "insiders are selling"). */
export function investorFlows(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    if (!HOLDERS.has(lower[i] as string)) continue;
    for (let j = i + 1; j < n && j <= i + REACH; j++) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      const flow = flowAt(lower, j);
      // "aren't done buying": the buying goes on.
      if (lower[j] === 'done' && j > i + 1 && isNegator(lower[j - 1] as string) && state[j - 1] === 0) {
        const goesOn = flowAt(lower, j + 1);
        if (goesOn !== 0 && state[j + 1] === 0) {
          val[j - 1] = goesOn * FLOW;
          state[j - 1] = 1;
          src[j - 1] = SRC_NEWS;
          state[j] = 2;
          state[j + 1] = 2;
        }
        break;
      }
      if (flow !== 0) {
        if (state[j] === 0) {
          val[j] = flow * FLOW;
          state[j] = 1;
          src[j] = SRC_NEWS;
        }
        break;
      }
      // Only auxiliaries and negators stand between the holders and the verb.
      if (!AUX.has(lower[j] as string) && !isNegator(lower[j] as string)) break;
    }
  }
}
