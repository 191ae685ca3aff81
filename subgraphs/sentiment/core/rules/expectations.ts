/**
 * Results against expectations. The news is the gap, not the move: "fell less than feared" is good
 * news, "grew less than expected" bad (the fear or forecast itself weighs nothing); "below/above
 * <figure> <expectation>" and "beat/missed <expectation>" are a miss or a beat (BEAT) whatever the
 * figure did, and "ahead of <its> <target/plan/expectations>" is a beat; a move "in line with expectations", "as expected" or that "met forecasts" had been
 * priced in and keeps only MATCHED of its weight.
 */
import { PUNCT } from '../tokenize';
import { CLAUSE_WORDS, isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { SRC_BOUND, SRC_DIRECTION, SRC_FIGURE, SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

const EXPECTATIONS = new Set([
  'expected',
  'expectations',
  'estimates',
  'estimate',
  'estimated',
  'forecast',
  'forecasts',
  'anticipated',
  'consensus',
  'predicted',
  'projected',
  'analysts',
  'analyst',
  'guidance',
]);

// What is left of a move that was expected: investors had priced it in.
const MATCHED = 0.3;
const MET = new Set(['met', 'meets', 'meet', 'matched', 'matches', 'match']);
const AS_PLANNED = new Set(['expected', 'forecast', 'anticipated', 'predicted', 'guided', 'projected']);

/** "in line with (analysts') expectations", "as expected", "met forecasts": where it is, or -1. */
function matchesExpectations(lower: string[]): number {
  for (let i = 0; i < lower.length - 1; i++) {
    const w = lower[i] as string;
    const next = lower[i + 1] as string;
    if (w === 'as' && AS_PLANNED.has(next) && lower[i - 1] !== 'same') return i;
    if (MET.has(w) && (EXPECTATIONS.has(next) || EXPECTATIONS.has(lower[i + 2] as string))) return i;
    if (w === 'line' && lower[i - 1] === 'in' && next === 'with') {
      for (let j = i + 2; j <= i + 4 && j < lower.length; j++)
        if (EXPECTATIONS.has(lower[j] as string)) return i;
    }
  }
  return -1;
}

/**
 * Results that match expectations are no news: directions and figures keep MATCHED of their weight,
 * in the match's own clause only: "the stock falls despite results in line with estimates" is a fall.
 */
export function pricedIn(s: ScoringState): void {
  const { lower, src, val } = s;
  const n = lower.length;
  const m = matchesExpectations(lower);
  if (m < 0) return;
  let from = m;
  while (from > 0 && !CLAUSE_WORDS.has(lower[from - 1] as string)) from--;
  let to = m;
  while (to < n - 1 && !CLAUSE_WORDS.has(lower[to + 1] as string)) to++;
  for (let i = from; i <= to; i++) {
    const k = src[i];
    if (k === SRC_BOUND || k === SRC_DIRECTION || k === SRC_FIGURE) val[i] = (val[i] as number) * MATCHED;
  }
}

// What a result is measured against: "than feared", "than analysts had pencilled in".
// (with EXPECTATIONS: "than analysts had predicted", "than the estimate")
const FEARED = new Set(['feared', 'hoped', 'thought', 'pencilled', 'penciled']);
const SMALLER = new Set(['less', 'smaller', 'milder', 'slower', 'fewer']);
// How far after "than" the expectation may come, and how far back the flipped news may be.
const EXPECTATION_REACH = 8;
const SMALLER_REACH = 6;
// "below/above the 2 % analysts had forecast": a miss or a beat, whatever the figure did.
const MEASURED = new Set(['below', 'above']);
const BEAT = 1.6;
// How far back, over commas, the move that was measured may be ("grew 2 %, below the ... forecast").
const MEASURED_REACH = 8;
// "ahead of its year-end target": a goal beaten. ("ahead of the vote" is only time; "behind" is left
// to phrases: "the team behind the plan" is no miss.)
const GOALS = new Set(['target', 'targets', 'plan', 'schedule', 'budget', 'goal']);
const GOAL_REACH = 5;
const BEATERS = wordSet(
  'beat beats beating beaten exceeded exceeds exceeding tops topping topped surpassed surpasses ' +
    // "smashes estimates", "crushed expectations"
    'smash smashes smashed smashing crush crushes crushed crushing',
);
const MISSERS = wordSet('miss misses missed missing trail trails trailed trailing lag lags lagged lagging');

function isExpectation(w: string): boolean {
  return EXPECTATIONS.has(w) || FEARED.has(w);
}

/**
 * "below/above <figure> <expectation>" is a miss or a beat; the move it measures ("grew 0.3 %", "dipped
 * 5 %": whatever scored before it, back over commas) and the words up to the expectation then say
 * nothing more.
 */
function measuredAgainst(s: ScoringState, i: number): void {
  const { lower, kind, entries, state, val, src } = s;
  const n = lower.length;
  let e = -1;
  for (let j = i + 1; j < n && j <= i + EXPECTATION_REACH && e < 0; j++) {
    if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') return;
    if (isExpectation(lower[j] as string)) e = j;
  }
  if (e < 0) return;
  for (let j = i + 1; j <= e; j++) val[j] = 0;
  val[i] = (entries[i]?.direction?.dir ?? 1) * BEAT;
  state[i] = 1;
  src[i] = SRC_BOUND;
  for (let j = i - 1; j >= 0 && j >= i - MEASURED_REACH; j--) {
    if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') break;
    if (state[j] === 1) val[j] = 0;
  }
}

/** "ahead of its year-end target" is a beat; the words between say nothing. */
function aheadOfGoal(s: ScoringState, i: number): void {
  const { lower, kind, state, val, src } = s;
  if (src[i] === SRC_PHRASE) return; // a phrase has spoken: "ahead of schedule"
  for (let j = i + 1; j < lower.length && j <= i + GOAL_REACH; j++) {
    if (kind[j] === PUNCT) return;
    const w = lower[j] as string;
    if (!GOALS.has(w) && !isExpectation(w)) continue;
    for (let k = i + 1; k <= j; k++) val[k] = 0;
    val[i] = BEAT;
    state[i] = 1;
    src[i] = SRC_BOUND;
    return;
  }
}

/** "beat forecasts", "missed analysts' estimates": a beat or a miss is the news, not the move before. */
function beatOrMiss(s: ScoringState, i: number): void {
  const { lower, kind, state, val, src } = s;
  const w = lower[i] as string;
  for (let j = i + 1; j < lower.length && j <= i + 4; j++) {
    if (kind[j] === PUNCT && lower[j] !== '%') return;
    if (!isExpectation(lower[j] as string)) continue;
    val[i] = MISSERS.has(w) ? -BEAT : BEAT;
    state[i] = 1;
    src[i] = SRC_BOUND;
    // "output rose 0.1 %, missing the consensus": the miss is the news, not the move.
    if (lower[i - 1] === ',')
      for (let k = i - 2; k >= 0 && k >= i - 1 - MEASURED_REACH; k--) {
        if (kind[k] === PUNCT && lower[k] !== '%' && lower[k] !== ',') break;
        val[k] = 0;
      }
    return;
  }
}

/**
 * "X less than feared/expected": the news is the gap, so what X says turns around ("fell less than
 * feared", "the impairment was smaller than analysts had pencilled in" are good news). After "than",
 * the words of the expectation ("feared", "forecast") weigh nothing. Also "below/above" and
 * "beat/missed" an expectation (measuredAgainst, beatOrMiss).
 */
export function againstExpectations(s: ScoringState): void {
  const { lower, kind, state, val } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    const w = lower[i] as string;
    if (MEASURED.has(w)) {
      measuredAgainst(s, i);
      continue;
    }
    // "top" is a beat only after what beat: "sales top estimates" (not "top estimates for 2026").
    if (BEATERS.has(w) || MISSERS.has(w) || (w === 'top' && s.entries[i - 1]?.metric !== undefined)) {
      beatOrMiss(s, i);
      continue;
    }
    if (w === 'ahead' && lower[i + 1] === 'of') {
      aheadOfGoal(s, i);
      continue;
    }
    if (w !== 'than') continue;
    let e = -1;
    for (let j = i + 1; j < n && j <= i + EXPECTATION_REACH; j++) {
      if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') break;
      if (isExpectation(lower[j] as string)) {
        e = j;
        val[j] = 0;
      }
    }
    if (e < 0) continue;
    // "less than feared", "less severe than feared"; in "fewer jobs than feared" the bound metric
    // says what was cut, and the cut is still news.
    const smaller = SMALLER.has(lower[i - 1] as string)
      ? i - 1
      : SMALLER.has(lower[i - 2] as string) && state[i - 1] !== 2
        ? i - 2
        : -1;
    if (smaller < 0) continue;
    for (let j = smaller + 1; j < i; j++) val[j] = 0;
    let turned = false;
    for (let j = smaller - 1; j >= 0 && j >= smaller - SMALLER_REACH; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] !== 1) continue;
      val[j] = -(val[j] as number);
      turned = true;
    }
    // The turn says the gap: "smaller than predicted" is then no beat or miss of its own ("the
    // writedown was smaller than analysts had predicted"; "the loss was smaller" stays bound).
    if (turned) val[smaller] = 0;
  }
}

export function beatsExpectations(lower: string[], i: number): boolean {
  if (lower[i + 1] !== 'than') return false;
  for (let j = i + 2; j <= i + 4 && j < lower.length; j++)
    if (EXPECTATIONS.has(lower[j] as string)) return true;
  return false;
}
