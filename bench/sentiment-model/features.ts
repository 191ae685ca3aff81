/**
 * Experiment only (bench/sentiment-model/experiment.ts, QUALITY.md round 5): not used in scoring.
 * The words a text is made of, as the learned model sees them (pure; no I/O):
 * - every word, lowercased; numbers become "#n" and percentages "#pct" (the figure does not matter,
 *   that there is one does: "rose to #n from #n");
 * - every pair of neighbouring words ("operating profit", "profit rose", "rose to"), so a direction
 *   is read with what it moves;
 * - words within three after a negator carry a "not:" mark ("did not affect" ≠ "affect").
 * Clause punctuation breaks pairs and negation; "!" and "?" count as words.
 */
import { NEGATORS } from '../../subgraphs/sentiment/core/lexicon/finance';
import { NUMBER, PUNCT, tokenize } from '../../subgraphs/sentiment/core/tokenize';

const NEGATION_REACH = 3;
const BREAKS = new Set(['.', ',', ';', ':']);

/** The text's features (with repeats: a word said twice counts twice). */
export function textFeatures(text: string): string[] {
  const { lower, kind } = tokenize(text);
  const out: string[] = [];
  let previous = '';
  let negation = 0;
  for (let i = 0; i < lower.length; i++) {
    const t = lower[i] as string;
    if (kind[i] === PUNCT && BREAKS.has(t)) {
      previous = '';
      negation = 0;
      continue;
    }
    const word = kind[i] === NUMBER ? (t.endsWith('%') ? '#pct' : '#n') : t === '%' ? '#pct' : t;
    out.push(negation > 0 ? `not:${word}` : word);
    if (previous) out.push(`${previous} ${word}`);
    previous = word;
    if (NEGATORS.has(word) || word.endsWith("n't")) negation = NEGATION_REACH;
    else if (negation > 0) negation--;
  }
  return out;
}
