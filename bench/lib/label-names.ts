import { CLASSES, type SentimentClass } from '../../subgraphs/sentiment/core';

/**
 * A `--labels` argument, `0=negative,1=positive,2=neutral`, as the label map parseLabelledCsv takes
 * (for datasets that do not write positive/negative/neutral); throws on anything else.
 */
export function labelNamesFrom(spec: string): Record<string, SentimentClass> {
  const pairs = spec.split(',').map((pair) => pair.split('=').map((part) => part.trim().toLowerCase()));
  for (const [written, meant] of pairs) {
    if (!written || !CLASSES.includes((meant ?? '') as SentimentClass)) {
      throw new Error(`--labels: expected name=negative|neutral|positive pairs, got "${spec}"`);
    }
  }
  return Object.fromEntries(pairs) as Record<string, SentimentClass>;
}

/** Removes `--labels <spec>` from `args` (in place) and returns its map, or {} when absent. */
export function takeLabelNames(args: string[]): Record<string, SentimentClass> {
  const at = args.indexOf('--labels');
  return at >= 0 ? labelNamesFrom(args.splice(at, 2)[1] ?? '') : {};
}
