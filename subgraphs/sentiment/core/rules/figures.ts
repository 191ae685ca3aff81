/**
 * Figures and results: "<metric> ... EUR 9.0 mn compared to EUR 6.3 mn" compares two figures (a range
 * shares its unit, a bare year is a date); a result that changes sign binds like a direction
 * ("returned to an operating profit", "swung into a net loss"); a loss named as the comparison base
 * ("against a loss of 1 mn") is last year's figure, or a swing to profit after a profit figure; a loss
 * stated as an amount with no comparison ("was a loss of EUR 4 mn"), or on the period's sales ("a loss
 * of EUR 2 mn on net sales of EUR 60 mn"), is a level, no news; a signed
 * percentage is a move ("Acme +4%", "costs +5%").
 */
import { NUMBER, numberValue } from '../tokenize';
import { isBoundary } from './clauses';
import { metricPolarity } from './polarity';
import { SRC_BOUND, SRC_FIGURE } from './sources';
import type { ScoringState } from './state';

// Multipliers of the amount before them ("EUR 5 mn"); after one, "fine" is a penalty (words.ts).
// A Map, not an object: any word of a text is looked up, "constructor" included.
export const UNITS: ReadonlyMap<string, number> = new Map([
  // "EPS 20 cents vs. $0.35"
  ['cent', 0.01],
  ['cents', 0.01],
  ['k', 1e3],
  ['thousand', 1e3],
  ['m', 1e6],
  ['mn', 1e6],
  ['mln', 1e6],
  ['bln', 1e9],
  ['million', 1e6],
  ['bn', 1e9],
  ['b', 1e9],
  ['billion', 1e9],
]);
// Where a figure is compared with another: "9 mn compared to 6 mn", "against EUR 67 mn".
const COMPARATORS = new Set(['compared', 'versus', 'vs', 'against', 'from']);

const FIGURE_REACH = 10;

/** The number at j, unless it is no figure (a bare year); its unit is unitAt's. */
function figureAt(lower: string[], kind: Uint8Array, j: number): number | undefined {
  if (kind[j] !== NUMBER) return undefined;
  const t = lower[j] as string;
  const x = numberValue(t);
  // A bare year is a date, not a figure ("in 2009 compared to 2008").
  if (!t.includes('.') && !t.includes('%') && !t.includes(',') && x >= 1990 && x <= 2040) return undefined;
  return x;
}

/** The multiplier of the figure at j, 1 when it has none; a range shares its unit: "EUR 105-115 mn". */
function unitAt(lower: string[], kind: Uint8Array, j: number): number {
  const u = kind[j + 1] === NUMBER ? j + 2 : j + 1;
  return UNITS.get(lower[u] as string) ?? 1;
}

// Wires write the unit once for two figures: "sales $3.22 vs. $3.32 bln" (never cents: "$1 vs. 40 cents").
const SHARED_UNIT = 1e3;

function compareFigures(s: ScoringState, i: number): void {
  const { lower, kind, entries, state, val } = s;
  let a: number | undefined;
  let aPos = -1;
  // The first figure may stand a period away: "EUR 48 mn at the end of the year, against EUR 67 mn".
  for (let j = i - 1; j >= 0 && j >= i - FIGURE_REACH && a === undefined; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number)) return;
    if (state[j] === 1 && entries[j]?.direction) return; // "rose to 9 from 6": the verb already spoke
    a = figureAt(lower, kind, j);
    aPos = j;
  }
  if (a === undefined) return;
  let b: number | undefined;
  let bPos = -1;
  for (let j = i + 1; j < lower.length && j <= i + 6 && b === undefined; j++) {
    // "profit of 3.2 mn compared to a loss of 1.2 mn": another quantity, not comparable
    if (isBoundary(lower[j] as string, kind[j] as number) || entries[j]?.metric !== undefined) return;
    b = figureAt(lower, kind, j);
    bPos = j;
  }
  if (b === undefined) return;
  let ua = unitAt(lower, kind, aPos);
  let ub = unitAt(lower, kind, bPos);
  if (ua === 1 && ub >= SHARED_UNIT) ua = ub;
  else if (ub === 1 && ua >= SHARED_UNIT) ub = ua;
  a *= ua;
  b *= ub;
  if (a === b) return;
  let m0 = -1;
  for (let j = aPos - 1; j >= 0 && j >= aPos - 12; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number)) break;
    // "lowered its sales guidance to 95 from 105": the verb already spoke for the figures, also inside
    // a phrase ("price target raised to $12 from $9").
    if (state[j] !== 0 && entries[j]?.direction) return;
    if (m0 < 0 && entries[j]?.metric !== undefined && state[j] === 0) m0 = j;
  }
  if (m0 < 0) return;
  val[i] = (a > b ? 1 : -1) * metricPolarity(lower, entries, m0) * 1.6;
  state[i] = 1;
  state[m0] = 2;
}

/** Comparisons of figures at each free comparator ("compared", "versus", "against", "from"). */
export function figureComparisons(s: ScoringState): void {
  const { lower, state, src } = s;
  const n = lower.length;
  for (let i = 1; i < n - 1; i++) {
    if (state[i] !== 0 || !COMPARATORS.has(lower[i] as string)) continue;
    compareFigures(s, i);
    if (state[i] === 1) src[i] = SRC_FIGURE;
  }
}

// What introduces the figure compared against ("compared with/to" too), and the words between it and
// the metric.
const BASE_MARKERS = new Set(['from', 'against', 'versus', 'vs']);
const BOTTOM_LINE = new Set(['profit', 'profits', 'income', 'earnings', 'ebit', 'ebitda', 'eps', 'result']);
const SWING = 1.6;
const BASE_FILLERS = new Set([
  'a',
  'an',
  'the',
  'net',
  'operating',
  'pre',
  'tax',
  'pretax',
  'underlying',
  'adjusted',
]);

/**
 * A loss introduced by "from/against/compared with (a)" is the base of a comparison: no news itself,
 * or a swing to profit when a profit figure came before it in the clause.
 */
export function lossAsBase(s: ScoringState): void {
  const { lower, kind, entries, state, val } = s;
  for (let i = 1; i < lower.length; i++) {
    const m = entries[i]?.metric;
    if (m === undefined || m >= 0 || state[i] !== 1 || (val[i] as number) >= 0) continue;
    let j = i - 1;
    while (j > 0 && BASE_FILLERS.has(lower[j] as string)) j--;
    const w = lower[j] as string;
    if (!BASE_MARKERS.has(w) && !((w === 'with' || w === 'to') && lower[j - 1] === 'compared')) continue;
    val[i] = 0;
    // A profit now against a loss then is a swing to profit.
    for (let k = j - 1; k >= 0 && k >= j - 12; k--) {
      if (isBoundary(lower[k] as string, kind[k] as number)) break;
      if (state[k] === 0 && BOTTOM_LINE.has(lower[k] as string)) {
        val[i] = SWING;
        state[k] = 2;
        break;
      }
    }
  }
}

// A result stated as it stands: "the pre-tax result was a loss of EUR 4 mn", "diluted EPS stood at a
// loss of EUR 0.31", "the group's loss for the year totalled EUR 7.5 mn". A figure with no comparison is a level,
// not a move: readers of company releases call it neutral (the comparison, when there is one, speaks:
// figureComparisons, lossAsBase, swings and the directions bind first).
const STATED = new Set(['was', 'were', 'is', 'amounted', 'totalled', 'totaled', 'stood']);
// "amounted to", "stood at": the word between the verb and the amount or the loss.
const STATED_LINKS = new Set(['to', 'at']);
// Words that make the sentence a comparison after all: "was a loss of 2 mn, compared with ...".
const COMPARISON_WORDS = new Set([...COMPARATORS, 'than', 'previous', 'last']);
// How far after the loss its verb may come: "the net loss for the first half of the year was ...".
const STATED_REACH = 8;

/** The first number within three tokens after j (a currency word between: "EUR 1.26"), or -1. */
function amountAfter(lower: string[], kind: Uint8Array, j: number): number {
  for (let k = j + 1; k <= j + 3 && k < lower.length; k++) {
    if (kind[k] === NUMBER) return figureAt(lower, kind, k) === undefined ? -1 : k;
    if (isBoundary(lower[k] as string, kind[k] as number)) return -1;
  }
  return -1;
}

/**
 * The year-before figure follows the amount at a, the releases' way (the tokenizer drops brackets):
 * "a loss of EUR 0.6 (+0.6) mn", "amounted to SEK 22 mn (profit SEK 5 mn)": a second figure just
 * after it, or a result named again in its clause.
 */
function baseFollows(s: ScoringState, a: number): boolean {
  const { lower, kind, entries } = s;
  if (kind[a + 1] === NUMBER) return true;
  for (let k = a + 1; k < lower.length && !isBoundary(lower[k] as string, kind[k] as number); k++) {
    const m = entries[k]?.metric;
    if (BOTTOM_LINE.has(lower[k] as string) || (m !== undefined && m < 0)) return true;
  }
  return false;
}

/**
 * A loss stated as an amount with a copula and no comparison ("was a loss of", "loss ... was EUR 5
 * mn"), or reported on the period's sales ("a loss of EUR 1 mn on net sales of EUR 12 mn"), weighs
 * nothing: a level, not news of a change.
 */
export function lossStated(s: ScoringState): void {
  const { lower, kind, entries, state, val } = s;
  const n = lower.length;
  // whether the text compares, looked up once and only when a loss is found (most texts have none)
  let compared: boolean | undefined;
  for (let i = 1; i < n; i++) {
    const m = entries[i]?.metric;
    if (m === undefined || m >= 0 || state[i] !== 1 || (val[i] as number) >= 0) continue;
    compared ??= lower.some((w) => COMPARISON_WORDS.has(w));
    if (compared) return;
    // "<stated> (to) a (net) loss of <amount>"
    let j = i - 1;
    while (j > 0 && BASE_FILLERS.has(lower[j] as string)) j--;
    if (STATED_LINKS.has(lower[j] as string)) j--;
    let a = STATED.has(lower[j] as string) && lower[i + 1] === 'of' ? amountAfter(lower, kind, i + 1) : -1;
    // "<loss> ... <stated> (at) <amount>"
    for (let k = i + 1; a < 0 && k < n && k <= i + STATED_REACH; k++) {
      if (isBoundary(lower[k] as string, kind[k] as number) || (state[k] === 1 && val[k] !== 0)) break;
      if (!STATED.has(lower[k] as string)) continue;
      a = amountAfter(lower, kind, STATED_LINKS.has(lower[k + 1] as string) ? k + 1 : k);
      break;
    }
    if (a > 0 && !baseFollows(s, a)) val[i] = 0;
    // "a loss of EUR 1.3 mn on net sales of EUR 12 mn": the period's two figures, reported
    else if (a < 0 && lower[i + 1] === 'of' && onSales(s, amountAfter(lower, kind, i + 1))) val[i] = 0;
  }
}

// The top line a result is reported on: "a loss of EUR 1.3 mn on net sales of EUR 12 mn".
const TOP_LINE = new Set(['sales', 'revenue', 'revenues', 'turnover']);

/** "on (net) sales/revenue/turnover of <amount>" follows the amount at a (its unit between). */
function onSales(s: ScoringState, a: number): boolean {
  const { lower, kind } = s;
  if (a < 0) return false;
  let k = a + 1;
  if (UNITS.has(lower[k] as string)) k++;
  if (lower[k] !== 'on') return false;
  k++;
  if (lower[k] === 'net') k++;
  return TOP_LINE.has(lower[k] as string) && lower[k + 1] === 'of' && amountAfter(lower, kind, k + 1) > 0;
}

const SWING_VERBS = new Set([
  'turn',
  'turns',
  'turned',
  'return',
  'returns',
  'returned',
  'swing',
  'swings',
  'swung',
  'slip',
  'slips',
  'slipped',
  'fell',
  'falls',
  'moved',
  'moves',
  'back',
]);

/** "returned to an operating profit", "swung into a net loss": the result changed sign. */
export function swings(s: ScoringState): void {
  const { lower, entries, state, val, src } = s;
  for (let i = 0; i < lower.length - 2; i++) {
    if (state[i] !== 0 || !SWING_VERBS.has(lower[i] as string)) continue;
    const to = lower[i + 1];
    if (to !== 'to' && to !== 'into') continue;
    let j = i + 2;
    while (j < lower.length - 1 && BASE_FILLERS.has(lower[j] as string)) j++;
    const m = entries[j]?.metric;
    if (m === undefined || m === 0 || state[j] !== 0) continue;
    val[i] = m > 0 ? SWING : -SWING;
    state[i] = 1;
    src[i] = SRC_BOUND;
    state[j] = 2;
  }
}

// A signed percentage is a move written the wire's way: "Acme +4% after results", "(-2.7% pre)",
// "DAX +0.5%". It weighs like "up"/"down" bound to what moved.
const SIGNED_MOVE = 1.7;
// How far back a signed move looks for the metric it moves ("Q4 revenue +12%", "costs +3%").
const SIGNED_MOVE_REACH = 2;

const LEVEL_MARKERS = new Set(['at', 'to', 'from', 'is', 'was', 'near', 'around', 'below', 'above']);

/** The sign of a signed percentage token ("+4%", "-2.7%", or "+4" before "%"), else 0. */
function signedPercent(lower: string[], kind: Uint8Array, i: number): number {
  if (kind[i] !== NUMBER) return 0;
  const t = lower[i] as string;
  const c = t.charCodeAt(0);
  if (c !== 43 && c !== 45) return 0;
  if (!t.endsWith('%') && lower[i + 1] !== '%') return 0;
  // A signed level, not a move: "keeps its deposit rate at -0.5%" ("a change of -5%" is a move).
  if (LEVEL_MARKERS.has(lower[i - 1] as string)) return 0;
  return c === 43 ? 1 : -1;
}

/**
 * A signed percentage moves the metric just before it ("revenue -5%" is bad, "costs -5%" good), else
 * what the text is about: a stock or an index ("Acme +4% after deal").
 */
export function signedMoves(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  for (let i = 0; i < lower.length; i++) {
    if (state[i] !== 0) continue;
    const sign = signedPercent(lower, kind, i);
    if (sign === 0) continue;
    let polarity = 1;
    for (let j = i - 1; j >= 0 && j >= i - SIGNED_MOVE_REACH; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] === 0 && entries[j]?.metric !== undefined) {
        polarity = metricPolarity(lower, entries, j);
        state[j] = 2;
        break;
      }
    }
    val[i] = sign * polarity * SIGNED_MOVE;
    state[i] = 1;
    src[i] = SRC_BOUND;
  }
}
