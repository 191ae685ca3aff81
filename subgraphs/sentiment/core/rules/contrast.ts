/**
 * Clause weights: contrastive "but"/"however" (the text before weighs 0.5, after 1.5), concessive
 * "despite/although/though" clauses (CONCEDED, or TRAILING after a comma), and a reason clause
 * ("after/as/amid/following/on ...") that pulls against the main clause, or is the circumstance
 * ("amid/following") of an uncoloured one (REASON_WEIGHT). Returns which structures applied (STRUCT_*
 * bits) for evidenceOf.
 */
import { PUNCT, WORD } from '../tokenize';
import { TAX } from './clauses';
import type { ScoringState } from './state';

const CONTRAST = new Set(['but', 'however']);
// What "despite/although" concedes barely counts: the main clause says how things stand.
const CONCEDED = 0.3;
// "X, although Y": a concession after a comma qualifies the news more than one leading it does.
const TRAILING = 0.6;
const CONCESSIVE = new Set(['despite', 'although', 'though', 'notwithstanding']);

export const STRUCT_CONTRAST = 1;
export const STRUCT_CONCESSION = 2;
export const STRUCT_REASON = 4;

// "X falls after/as/amid Y": the main clause is the news and Y its reason. When the two pull in
// opposite directions ("rebounds after selloff", "slides as rival rallies"), the reason weighs half;
// so does a circumstance ("amid/following ...") of a main clause that says nothing coloured itself:
// in "Acme names a new chief amid turmoil" the news is the new chief. Not "after": an uncoloured
// clause before it is often the news it caused ("pauses withdrawals after a hack").
const CIRCUMSTANCES = new Set(['amid', 'following']);
// "on" gives the reason of a move in headlines ("surges on reports the court declined the probe"), but
// is so common ("bets on", "focus on") that when the two sides do not pull apart the rest of its
// clause is read on (a "but" in it too).
const REASONS = new Set(['after', 'amid', 'following', 'as', 'on']);
const REASON_WEIGHT = 0.5;
// "such as", "as well as", "the following": not a reason.
const NOT_REASON_BEFORE = new Set(['the', 'a', 'such', 'well', 'as', 'so', 'same']);
const NOT_REASON_AFTER = new Set([
  'well',
  'part',
  'a',
  'the',
  'of',
  'such',
  'much',
  'many',
  'long',
  'soon',
  'tax',
  'taxes',
]);
/** Reweights clauses; returns which structures applied (STRUCT_* bits). */
export function applyContrast(s: ScoringState): number {
  const { lower, kind, val } = s;
  const n = lower.length;
  let flags = 0;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WORD) continue;
    const w = lower[i] as string;
    if (CONTRAST.has(w) && i > 0) {
      for (let j = 0; j < n; j++) if (j !== i) val[j] = (val[j] as number) * (j < i ? 0.5 : 1.5);
      return flags | STRUCT_CONTRAST;
    }
    if (
      REASONS.has(w) &&
      i > 0 &&
      !NOT_REASON_BEFORE.has(lower[i - 1] as string) &&
      // "as the largest", "as part of" are no reasons; "after the", "amid the" are ("after tax" is not)
      !(w === 'as' ? NOT_REASON_AFTER : TAX).has(lower[i + 1] as string)
    ) {
      let before = 0;
      for (let j = i - 1; j >= 0 && !(kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ','); j--)
        before += val[j] as number;
      let j = i + 1;
      let after = 0;
      // the reason ends at a contrast, which is read next ("rises on hopes, but ...", "... but losses mount")
      for (; j < n && !(kind[j] === PUNCT && lower[j] !== '%') && !CONTRAST.has(lower[j] as string); j++)
        after += val[j] as number;
      if (before * after < 0 || (before === 0 && CIRCUMSTANCES.has(w))) {
        flags |= STRUCT_REASON;
        for (let k = i + 1; k < j; k++) val[k] = (val[k] as number) * REASON_WEIGHT;
      } else if (w === 'on') continue;
      i = j - 1;
      continue;
    }
    if (CONCESSIVE.has(w) && w !== 'despite' && i > 0 && lower[i - 1] === ',') {
      // "X, although Y": the afterthought qualifies the news at TRAILING ("despite" always concedes).
      let j = i + 1;
      for (; j < n && !(kind[j] === PUNCT && lower[j] !== '%'); j++) val[j] = (val[j] as number) * TRAILING;
      flags |= STRUCT_CONCESSION;
      i = j;
      continue;
    }
    if (CONCESSIVE.has(w) || (w === 'even' && lower[i + 1] === 'though')) {
      // The concessive clause runs to the next comma or clause end; what it concedes weighs less.
      let j = i + 1;
      for (; j < n && !(kind[j] === PUNCT && lower[j] !== '%'); j++) val[j] = (val[j] as number) * CONCEDED;
      flags |= STRUCT_CONCESSION;
      i = j;
    }
  }
  return flags;
}
