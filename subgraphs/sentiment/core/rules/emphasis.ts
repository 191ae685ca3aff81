/**
 * Emphasis, as in VADER: ALL-CAPS words count only when the text is not all in capitals (the scorer
 * adds B_CAPS to them), and "!" (0.292 each, up to 4) and "??" add to the final sum.
 */
import { isAllCaps, PUNCT, WORD } from '../tokenize';

/** Some words, not all, are in ALL CAPS: only then is capitalisation emphasis. */
export function hasCapsDifferential(raw: string[], kind: Uint8Array): boolean {
  let words = 0;
  let caps = 0;
  for (let i = 0; i < raw.length; i++) {
    if (kind[i] !== WORD) continue;
    words++;
    if (isAllCaps(raw[i] as string)) caps++;
  }
  return caps > 0 && caps < words;
}

/** VADER's punctuation emphasis: 0.292 per "!" (up to 4), and for two or more "?" 0.18 each (0.96 past 3). */
export function punctuationEmphasis(lower: string[], kind: Uint8Array): number {
  let ep = 0;
  let qm = 0;
  for (let i = 0; i < lower.length; i++) {
    if (kind[i] !== PUNCT) continue;
    const t = lower[i] as string;
    for (let k = 0; k < t.length; k++) {
      if (t[k] === '!') ep++;
      else if (t[k] === '?') qm++;
    }
  }
  const e = Math.min(ep, 4) * 0.292;
  const q = qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0;
  return e + q;
}
