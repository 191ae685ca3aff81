/**
 * The calibrated combiner: a three-class multinomial logistic regression over the rule scorer's
 * evidence (subgraphs/sentiment/core/scorer.ts `evidenceOf`). The rules say what each word and structure means; the combiner
 * says how much each kind of evidence is worth against the others (everyday words against finance
 * vocabulary, bare directions against directions bound to a metric, hedged against plain statements).
 * Its few dozen weights are fitted by bench/sentiment-calibrate.ts the way the label thresholds were
 * chosen; they are numbers of the same nature as the ±0.2 band, not data (see subgraphs/sentiment/core/QUALITY.md).
 *
 * Its score is P(positive) − P(negative), in [-1, 1]: the expected polarity of a human reader's
 * label. Its label would be that score through the API thresholds (labels.ts), so `label` and `score`
 * could never disagree; the fit chooses its settings by macro-F1 under exactly that mapping.
 *
 * NOT wired into scoreText/scoreDocument: fitted on the even PhraseBank rows it did not beat the
 * rules' own compound in cross-validation (0.744 against 0.752) nor on the held-out odd rows
 * (0.678 against 0.675, within noise) and it cost our crypto-headlines-c set 0.015 (QUALITY.md,
 * round 4). It stays as the tool to test a new kind of evidence: add a feature here, run the fit.
 */
import type { Evidence } from '../../subgraphs/sentiment/core/scorer';
import { threeClassSoftmax } from '../lib/softmax';

/** A fitted model: weights per class over FEATURES (by name), neutral being the reference class. */
export interface CombinerModel {
  readonly features: readonly FeatureName[];
  /** Bias and weights for the positive and the negative class; neutral's are 0. */
  readonly positive: { readonly bias: number; readonly weights: readonly number[] };
  readonly negative: { readonly bias: number; readonly weights: readonly number[] };
}

// Valence sums are squashed by sign(x)·ln(1 + |x|): a third strong word adds less than the first.
const squash = (x: number): number => (x >= 0 ? Math.log1p(x) : -Math.log1p(-x));

// A source's share of the compound score: its valence sum, scaled for length like the rules' sum,
// over the compound's normaliser sqrt(S² + 15) = sqrt(15 / (1 − compound²)). The shares and the
// punctuation emphasis add up to the compound, so equal weights reproduce the rules' score.
const share = (e: Evidence, v: number): number =>
  (v * (e.words > 20 ? Math.sqrt(20 / e.words) : 1) * Math.sqrt(Math.max(1 - e.compound * e.compound, 0))) /
  Math.sqrt(15);

/** Every feature the combiner may use, computed from a text's evidence. */
export const FEATURES = {
  /** The rules' compound score in [-1, 1]. */
  compound: (e: Evidence) => e.compound,
  generalPos: (e: Evidence) => squash(e.generalPos),
  generalNeg: (e: Evidence) => squash(e.generalNeg),
  /** Finance/crypto lexicon words, events and phrases. */
  newsPos: (e: Evidence) => squash(e.newsPos + e.phrasePos),
  newsNeg: (e: Evidence) => squash(e.newsNeg + e.phraseNeg),
  /** Directions bound to a metric, and figure comparisons. */
  boundPos: (e: Evidence) => squash(e.boundPos + Math.max(e.figure, 0)),
  boundNeg: (e: Evidence) => squash(e.boundNeg + Math.min(e.figure, 0)),
  directionPos: (e: Evidence) => squash(e.directionPos),
  directionNeg: (e: Evidence) => squash(e.directionNeg),
  undone: (e: Evidence) => squash(e.undone),
  shareGeneralPos: (e: Evidence) => share(e, e.generalPos),
  shareGeneralNeg: (e: Evidence) => share(e, e.generalNeg),
  shareNewsPos: (e: Evidence) => share(e, e.newsPos + e.phrasePos),
  shareNewsNeg: (e: Evidence) => share(e, e.newsNeg + e.phraseNeg),
  shareBound: (e: Evidence) => share(e, e.boundPos + e.boundNeg + e.figure + e.undone),
  shareDirection: (e: Evidence) => share(e, e.directionPos + e.directionNeg),
  maxPos: (e: Evidence) => e.maxPos,
  maxNeg: (e: Evidence) => e.maxNeg,
  positives: (e: Evidence) => Math.min(e.positives, 5),
  negatives: (e: Evidence) => Math.min(e.negatives, 5),
  absCompound: (e: Evidence) => Math.abs(e.compound),
  negated: (e: Evidence) => Math.min(e.negated, 3),
  hedges: (e: Evidence) => Math.min(e.hedges, 3),
  /** Clauses reweighted: contrast, concession, reason (0..3). */
  clauses: (e: Evidence) => e.contrast + e.concession + e.reason,
  logWords: (e: Evidence) => Math.log1p(e.words),
  logNumbers: (e: Evidence) => Math.log1p(e.numbers),
  emphasis: (e: Evidence) => e.caps + e.punctuation,
} as const satisfies Record<string, (e: Evidence) => number>;

export type FeatureName = keyof typeof FEATURES;

/** The compound split into each source's additive share of it: equal weights give the rules' score. */
export const SHARE_FEATURES: readonly FeatureName[] = [
  'shareGeneralPos',
  'shareGeneralNeg',
  'shareNewsPos',
  'shareNewsNeg',
  'shareBound',
  'shareDirection',
];

/** The feature vector of one text for a model's feature list. */
export function featureVector(e: Evidence, names: readonly FeatureName[]): Float64Array {
  const x = new Float64Array(names.length);
  for (let k = 0; k < names.length; k++) x[k] = FEATURES[names[k] as FeatureName](e);
  return x;
}

/** Class probabilities of one feature vector (softmax over positive, negative and neutral = 0). */
export function probabilities(
  model: CombinerModel,
  x: ArrayLike<number>,
): { positive: number; negative: number; neutral: number } {
  let zp = model.positive.bias;
  let zn = model.negative.bias;
  for (let k = 0; k < x.length; k++) {
    const v = x[k] as number;
    zp += (model.positive.weights[k] as number) * v;
    zn += (model.negative.weights[k] as number) * v;
  }
  return threeClassSoftmax(zp, zn);
}

/**
 * The calibrated score in [-1, 1] of a text's evidence: P(positive) − P(negative). A text with no
 * evidence at all (no word, phrase or figure carried valence) scores exactly 0: the model's output
 * there would only restate the class mix of the data it was fitted on, not anything the text says.
 */
export function calibratedScore(model: CombinerModel, e: Evidence): number {
  if (e.positives + e.negatives === 0) return 0;
  const p = probabilities(model, featureVector(e, model.features));
  const s = p.positive - p.negative;
  return s > 1 ? 1 : s < -1 ? -1 : s;
}
