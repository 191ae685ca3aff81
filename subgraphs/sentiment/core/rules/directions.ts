/**
 * Directions bound to the metric they move: "loss narrowed" is good news, "costs rose" bad, "cut jobs"
 * bad, "cut costs" good (the sign is the direction's times the metric's polarity). "up"/"down" are
 * directions only next to a figure or a move; "added" that reports speech is none. A level reached by
 * a move where less is better echoes the move ("unemployment fell to a record low"); a direction with
 * no metric moves the bad news just before it ("lawsuit filings dropped"), except an amount lost
 * ("scam victims lost $2 million").
 */
import { DIRECTION_METRICS, METRICS, NOUN_MARKERS } from '../lexicon/finance';
import { NUMBER, PUNCT } from '../tokenize';
import { endsSearch } from './clauses';
import { beatsExpectations } from './expectations';
import { findMetric } from './metrics';
import { inName, isProperNoun, opensName } from './names';
import { isRateOfMetric, metricPolarity } from './polarity';
import { SRC_BOUND, SRC_DIRECTION } from './sources';
import type { ScoringState } from './state';

// "up"/"down" are directions only next to these (else they are particles: "set up", "up to").
const UPDOWN_NEXT = new Set([
  'from',
  'by',
  'sharply',
  'slightly',
  'significantly',
  'nearly',
  'almost',
  'about',
  'some',
  'over',
  'more',
  'strongly',
  'marginally',
  'steeply',
  'year',
  'against',
]);
const UPDOWN_PREV = new Set([
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'closed',
  'ended',
  'finished',
  'trading',
  'traded',
  'trades',
  'sharply',
  'slightly',
  'mn',
  'million',
  'bn',
  'billion',
  '%',
  'percent',
  'points',
  ',',
  'went',
  'go',
  'goes',
  'way',
  'moved',
  'moves',
  // small moves of a metric: "delinquencies edged up", "costs crept up"
  'edged',
  'edges',
  'inched',
  'inches',
  'ticked',
  'ticks',
  'crept',
  'creeps',
]);

function upDownIsDirection(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  if (next !== undefined && (kind[i + 1] === NUMBER || UPDOWN_NEXT.has(next))) return true;
  // "up for sale", "up for re-election": not a move
  if (next === 'for') return false;
  const prev = lower[i - 1];
  if (prev === undefined) return next === undefined || kind[i + 1] === PUNCT;
  return kind[i - 1] === NUMBER || UPDOWN_PREV.has(prev) || Object.hasOwn(METRICS, prev);
}

// "added" reports speech when nothing follows it or it introduces a clause: "..., the company added."
const REPORTING = new Set(['added', 'adds', 'adding']);
function isReporting(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  return next === undefined || next === 'that' || (kind[i + 1] === PUNCT && next !== '%');
}

/**
 * Binds each free direction to its metric (findMetric): plain verbs first, then words that are also
 * metrics ("growth"), so that "growth slowed" binds "slowed" to "growth" before "growth" looks for a
 * metric of its own. A direction with no metric weighs its own "alone" valence, or BEAT-like 1.6 when
 * it is "higher than analysts expected".
 */
export function bindDirections(s: ScoringState, sentenceCase: boolean): void {
  const { lower, raw, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const d = entries[i]?.direction;
      if (!d || state[i] !== 0) continue;
      const w = lower[i] as string;
      if (DIRECTION_METRICS.has(w) !== (pass === 1)) continue;
      if ((w === 'up' || w === 'down') && !upDownIsDirection(lower, kind, i)) continue;
      // Part of a name in sentence-case text: "the Growth segment", "Sharp Decline Records".
      if (sentenceCase && ((isProperNoun(raw, kind, i) && inName(raw, kind, i)) || opensName(raw, kind, i)))
        continue;
      if (REPORTING.has(w) && isReporting(lower, kind, i)) continue;
      // "the gains evaporated": a noun that is also a metric waits to be bound by a verb.
      if (entries[i]?.metric !== undefined && NOUN_MARKERS.has(lower[i - 1] as string)) continue;
      const m = findMetric(s, i, d.objects);
      if (m >= 0) {
        // An object that is also a metric keeps its polarity ("closed its investigation" is good).
        val[i] =
          d.dir * (d.objects ? (entries[m]?.metric ?? 1) : metricPolarity(lower, entries, m)) * d.strength;
        state[m] = 2;
        val[m] = 0;
        // the metric counted by a rate is part of what was bound ("Default rates declined")
        if (isRateOfMetric(lower, entries, m)) {
          state[m - 1] = 2;
          val[m - 1] = 0;
        }
        src[i] = SRC_BOUND;
      } else {
        // "higher than analysts expected" is a beat even when the figure is out of reach.
        const beat = beatsExpectations(lower, i);
        val[i] = beat ? d.dir * 1.6 : d.alone;
        src[i] = beat ? SRC_BOUND : SRC_DIRECTION;
      }
      state[i] = 1;
    }
  }
}

// Levels that a move reaches ("its lowest since 2022", "a record high", "multi-year lows").
const EXTREME_REACH = 12;
const EXTREMES = new Set(['lowest', 'highest', 'lows', 'highs']);
const EXTREME_ENDS = new Set(['low', 'high', 'lows', 'highs']);
/** A superlative level word, or a phrase ending in one ("record low", "all time high"). */
export function isExtreme(lower: string[], state: Uint8Array, j: number): boolean {
  if (EXTREMES.has(lower[j] as string)) return true;
  let k = j + 1;
  while (k < lower.length && state[k] === 2) k++;
  return k > j + 1 && EXTREME_ENDS.has(lower[k - 1] as string);
}

/**
 * A level reached by a move of a quantity where less is better (or that is no news) echoes the move:
 * in "unemployment fell to a record low" or "yields dropped to their lowest in months" the extreme
 * says how far the move went, not which way the news goes.
 */
export function echoLevels(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const d = entries[i]?.direction;
    if (src[i] !== SRC_BOUND || !d) continue;
    const sign = Math.sign(val[i] as number);
    if (sign === d.dir) continue; // more is better: "profit rose to a record high" already agrees
    for (let j = i + 1; j < n && j <= i + EXTREME_REACH; j++) {
      const w = lower[j] as string;
      if (endsSearch(w, kind[j] as number)) break;
      if (state[j] !== 1 || !isExtreme(lower, state, j)) continue;
      val[j] = sign * Math.abs(val[j] as number);
      break;
    }
  }
}

// How far back a direction with no metric looks for the bad news it moves.
const BAD_SUBJECT_REACH = 5;
// Losing an amount is a loss suffered, not less of the bad news before it: "fraud victims lost $3
// million" is bad news (whereas "complaints fell 20 %" moves the complaints).
const LOSS_VERBS = new Set(['lose', 'loses', 'lost', 'losing']);

/**
 * A direction that found no metric ("declined" alone) moves the bad news just before it in the clause
 * ("lawsuit filings dropped", "complaints rose"): it reads as a bound direction on a metric of
 * negative polarity, and the bad word itself is no longer news.
 */
export function badSubjects(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  for (let i = 1; i < lower.length; i++) {
    const d = entries[i]?.direction;
    if (!d || d.objects || src[i] !== SRC_DIRECTION) continue;
    if (LOSS_VERBS.has(lower[i] as string) && kind[i + 1] === NUMBER) continue;
    for (let j = i - 1; j >= 0 && j >= i - BAD_SUBJECT_REACH; j--) {
      const w = lower[j] as string;
      if (endsSearch(w, kind[j] as number)) break;
      const e = entries[j];
      if (e?.negator || e?.direction) break;
      if (state[j] === 1 && (val[j] as number) < 0 && !e?.general) {
        val[i] = -d.dir * d.strength;
        src[i] = SRC_BOUND;
        val[j] = 0;
        break;
      }
    }
  }
}
