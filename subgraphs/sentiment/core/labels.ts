/** The API's five-level label (API.md `SentimentLabel`). */
export type SentimentLabel = 'VERY_NEGATIVE' | 'NEGATIVE' | 'NEUTRAL' | 'POSITIVE' | 'VERY_POSITIVE';

/** Three classes, as in human-labelled evaluation sets (Financial PhraseBank and ours). */
export type SentimentClass = 'positive' | 'negative' | 'neutral';

/**
 * Label thresholds on a score in [-1, 1] (inclusive at the threshold, away from zero):
 * - VERY_NEGATIVE: score <= -0.6
 * - NEGATIVE: -0.6 < score <= -0.2
 * - NEUTRAL: -0.2 < score < 0.2
 * - POSITIVE: 0.2 <= score < 0.6
 * - VERY_POSITIVE: score >= 0.6
 *
 * The neutral band is wider than VADER's ±0.05 because most market news is factual: a single mildly
 * coloured word ("launch", "deal") should not make a report positive. A score of 0.2 is what one
 * clearly positive word (valence ~0.8 on VADER's -4..4 scale) yields alone.
 */
export const LABEL_THRESHOLDS = { neutral: 0.2, very: 0.6 } as const;

/** Maps a score in [-1, 1] to the API's five-level label (see LABEL_THRESHOLDS). */
export function labelFor(score: number): SentimentLabel {
  if (score <= -LABEL_THRESHOLDS.very) return 'VERY_NEGATIVE';
  if (score <= -LABEL_THRESHOLDS.neutral) return 'NEGATIVE';
  if (score >= LABEL_THRESHOLDS.very) return 'VERY_POSITIVE';
  if (score >= LABEL_THRESHOLDS.neutral) return 'POSITIVE';
  return 'NEUTRAL';
}

/** Collapses the five labels to three classes: VERY_x and x both map to x. */
export function classOf(label: SentimentLabel): SentimentClass {
  switch (label) {
    case 'VERY_NEGATIVE':
    case 'NEGATIVE':
      return 'negative';
    case 'VERY_POSITIVE':
    case 'POSITIVE':
      return 'positive';
    default:
      return 'neutral';
  }
}
