/**
 * Finding the metric a direction moves: the nearest free metric directly ahead over filler words
 * ("increase in net sales", "cut 50 jobs"), taking a compound's head ("cut production costs"), else
 * back in the clause, taking the quantity before "per"/"of" ("loss per share narrowed"). Never the
 * yardstick after "than", a loss after "from", the reason after "on", the whole after "% of" ("rose to
 * 27 % of the shares"), the selloff or downtrend a move happens in, what follows "during", or across a
 * clause.
 */
import { NUMBER, PUNCT } from '../tokenize';
import { endsSearch, isBoundary, isSearchBoundary } from './clauses';
import { wordSet, type Entry } from './lexicon';
import { isLikelihood, isPolicyRate } from './polarity';
import type { ScoringState } from './state';

// Words a direction may look past to find its metric ahead ("increase in net sales", "cut 50 jobs").
// Verbs that make their object move ("fears send bitcoin tumbling", "hopes pushed stocks higher"): a
// direction after one is the object's, never a metric's or bad news's before the verb.
export const CAUSATIVES = wordSet(
  'send sends sent sending push pushes pushed pushing drive drives drove driving',
);
const FORWARD_FILLERS = new Set([
  's', // a possessive written apart: "the company 's debt"; and "U.S." with "u"
  'u',
  'in',
  'of',
  'the',
  'its',
  'their',
  'his',
  'her',
  'our',
  'a',
  'an',
  'net',
  'operating',
  'gross',
  'total',
  'annual',
  'quarterly',
  'full',
  'year',
  'pre',
  'tax',
  'pretax',
  // horizons of a target or a loan: "raised its long-term margin target", "cut short-term debt"
  'long',
  'medium',
  'short',
  'term',
  'end', // "raised its year-end target"
  // the period a figure is for: "raised its Q4 revenue forecast", "cut its FY sales target"
  'q1',
  'q2',
  'q3',
  'q4',
  'h1',
  'h2',
  'fy',
  'comparable',
  'consolidated',
  '%',
  'eur',
  'usd',
  'mn',
  'million',
  'bn',
  'billion',
  'per',
  'cent',
  'percent',
  'pct',
  'adjusted',
  'underlying',
  'number',
  'some',
  'about',
  'approximately',
  'around',
  'nearly',
  'new',
  // counts written out and approximate amounts: "closed seven stores", "cut less than 20 jobs"
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'twelve',
  'twenty',
  'fifty',
  'hundred',
  'hundreds',
  'thousand',
  'thousands',
  'dozen',
  'dozens',
  'several',
  'than',
  'less',
  'more',
  'over',
  'almost',
  // part of what moved, pointed back to: "trimmed most of those losses", "erased all of its gains"
  'most',
  'all',
  'much',
  'those',
  'these',
]);

/** "from a loss", "from losses": a bad starting point, not what moved. */
function fromLoss(entries: (Entry | undefined)[], j: number): boolean {
  const m = entries[j + 1]?.metric ?? entries[j + 2]?.metric;
  return m !== undefined && m < 0;
}
// "more than 20 jobs", "less than half": "than" inside a count.
const COUNT_COMPARATIVES = new Set(['more', 'less', 'fewer', 'rather']);

/** A free token the direction can bind: one of its objects, else a metric or a policy rate. */
function bindable(s: ScoringState, objects: ReadonlySet<string> | undefined, j: number): boolean {
  if (s.state[j] !== 0) return false;
  // "net" before an amount is "in net terms" ("adds net $5 bln in forwards"), not net profit
  if (s.kind[j + 1] === NUMBER && s.lower[j] === 'net') return false;
  return objects
    ? objects.has(s.lower[j] as string)
    : s.entries[j]?.metric !== undefined || isPolicyRate(s.lower, j);
}

// A market's bad turn that a move happens in is its setting, not what moved: in "bank stocks fell in a
// sharp selloff" the stocks fell (a selloff falling would be good news). What follows "during" is the
// time or setting of the move, never what moved ("fell during the downtrend"); nor is it the bad
// news a move acts on (./directions' badSubjects: "crashes during a drop").
const SETTINGS = wordSet('selloff downtrend');
const SETTING_IN = 'in';
export const DURING = 'during';

/** The nearest free metric: directly ahead over filler words, else up to 8 tokens back in the clause. */
export function findMetric(s: ScoringState, i: number, objects: ReadonlySet<string> | undefined): number {
  const { lower, kind, entries } = s;
  let unknown = 0;
  let setting = false;
  for (let j = i + 1; j < lower.length && j <= i + 6; j++) {
    const e = entries[j];
    if (bindable(s, objects, j)) {
      // A compound's head is its last noun: "cut production costs", "lowered its sales guidance".
      while (j + 1 < lower.length && bindable(s, objects, j + 1)) j++;
      if (setting && SETTINGS.has(lower[j] as string)) break;
      return j;
    }
    const w = lower[j] as string;
    if (endsSearch(w, kind[j] as number) || w === DURING) break;
    if (w === SETTING_IN) setting = true;
    // What follows a comparison's "than" is the yardstick, not what moved: "costs fell faster than
    // revenue" ("less than 20 jobs" reads on); so is a loss after "from": "up from a loss".
    if (w === 'than' && !COUNT_COMPARATIVES.has(lower[j - 1] as string)) break;
    if (w === 'from' && fromLoss(entries, j)) break;
    // "fell on fears of ...": what follows "on" is the reason for the move, not what moved; so is
    // what follows "over" unless a count does ("slip over security concerns", "cut over 200 jobs").
    if (w === 'on') break;
    // "rose to 34 % of the shares": the whole a share is taken of is not what moved.
    if (w === '%' && lower[j + 1] === 'of') break;
    if (w === 'over' && kind[j + 1] !== NUMBER && !FORWARD_FILLERS.has(lower[j + 1] as string)) break;
    if (kind[j] === NUMBER || FORWARD_FILLERS.has(w)) continue;
    // what a likelihood is of is part of it: "cut its global recession probability"
    if (isLikelihood(lower[j + 1] as string) && !e?.direction) continue;
    // One unknown word may sit between (an adjective: "reduce its clerical workers"), never a clause.
    // Verbs of premises may reach over two ("closed seven franchising sports stores").
    if (kind[j] === PUNCT || w === 'and' || w === 'or' || e?.direction || ++unknown > (objects ? 2 : 1))
      break;
  }
  for (let j = i - 1; j >= 0 && j >= i - 8; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number) || isSearchBoundary(lower, j)) break;
    // what a causative verb moves is its object: in "fears send bitcoin tumbling" bitcoin tumbles
    if (CAUSATIVES.has(lower[j] as string)) break;
    // "loss per share narrowed", "cost of sales fell": the quantity is the one before "per"/"of".
    if (
      bindable(s, objects, j) &&
      (lower[j - 1] === 'per' || lower[j - 1] === 'of') &&
      j >= 2 &&
      bindable(s, objects, j - 2)
    )
      return j - 2;
    if (bindable(s, objects, j)) return j;
  }
  return -1;
}
