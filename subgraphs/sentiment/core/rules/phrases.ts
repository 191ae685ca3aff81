/**
 * Multi-word expressions ("all time high", "rug pull", "worse than expected"), longest first: the
 * first word carries the phrase's valence and the rest is consumed. "picked up" a stake or shares is a
 * purchase, not a rebound; a market "gives back" a figure or its gains, not to the community.
 */
import { NUMBER, WORD } from '../tokenize';
import { SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

const PICK = new Set(['pick', 'picks', 'picked', 'picking']);
/** "picked up 2 million shares", "picked up a stake": a purchase, not a rebound. */
function isPurchase(s: ScoringState, j: number): boolean {
  const { lower, raw, kind } = s;
  const w = lower[j];
  if (w === undefined) return false;
  if (kind[j] === NUMBER || w === 'a' || w === 'an' || w === 'the' || w === 'shares' || w === 'stake')
    return true;
  return kind[j] === WORD && /^[A-Z]/.test(raw[j] as string);
}

const GIVE = new Set(['give', 'gives', 'gave']);
// What a market gives back or up: "gave back 1%", "gives up its early gains" (not "gives back to the
// community", "gave up the fight").
const GIVEN_BACK = new Set([
  'some',
  'most',
  'all',
  'much',
  'part',
  'its',
  'early',
  'earlier',
  'gains',
  'ground',
]);
/** "gives back 1%", "gave back early gains": a market's retreat, the gains given back included. */
function givesBackGains(s: ScoringState, j: number): boolean {
  const { lower, kind, state, val } = s;
  if (kind[j] !== NUMBER && !GIVEN_BACK.has(lower[j] as string)) return false;
  for (let k = j; k < lower.length && k <= j + 2; k++) {
    if (lower[k] !== 'gains' || state[k] !== 0) continue;
    state[k] = 2;
    val[k] = 0;
  }
  return true;
}

/** Scores the multi-word expressions of a text (step 1 of the scorer). */
export function matchPhrases(s: ScoringState): void {
  const { lower, entries, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const phrases = entries[i]?.phrases;
    if (!phrases) continue;
    for (const p of phrases) {
      if (i + p.rest.length >= n) continue;
      let ok = true;
      for (let k = 0; k < p.rest.length && ok; k++) ok = lower[i + 1 + k] === p.rest[k];
      if (!ok) continue;
      val[i] = p.valence;
      state[i] = 1;
      src[i] = SRC_PHRASE;
      for (let k = 1; k <= p.rest.length; k++) state[i + k] = 2;
      if (p.rest[0] === 'up' && PICK.has(lower[i] as string) && isPurchase(s, i + 2)) val[i] = 0;
      if (
        (p.rest[0] === 'back' || p.rest[0] === 'up') &&
        GIVE.has(lower[i] as string) &&
        !givesBackGains(s, i + 2)
      )
        val[i] = 0;
      i += p.rest.length;
      break;
    }
  }
}
