/**
 * Multi-word expressions ("all time high", "rug pull", "worse than expected"), longest first: the
 * first word carries the phrase's valence and the rest is consumed. "picked up" a stake or shares is a
 * purchase, not a rebound.
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
      i += p.rest.length;
      break;
    }
  }
}
