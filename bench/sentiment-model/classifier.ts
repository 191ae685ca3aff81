/**
 * Experiment only (bench/sentiment-model/experiment.ts, QUALITY.md round 5): not used in scoring.
 * A linear three-class model over a text's words (./features.ts) and the rules' score: softmax over
 * positive, negative and neutral, neutral as the reference class (its weights are zero).
 */
import { threeClassSoftmax } from '../lib/softmax';

export interface LinearModel {
  /** Weight of the rules' compound score for [positive, negative]. */
  readonly rule: readonly [number, number];
  readonly bias: readonly [number, number];
  /** Per feature, weights for [positive, negative]. */
  readonly weights: ReadonlyMap<string, readonly [number, number]>;
}

export interface ClassProbabilities {
  readonly positive: number;
  readonly negative: number;
  readonly neutral: number;
}

/** Class probabilities for one text's features and rule score. */
export function classify(model: LinearModel, features: readonly string[], rule: number): ClassProbabilities {
  let a = model.bias[0] + model.rule[0] * rule;
  let b = model.bias[1] + model.rule[1] * rule;
  for (const f of features) {
    const w = model.weights.get(f);
    if (w === undefined) continue;
    a += w[0];
    b += w[1];
  }
  return threeClassSoftmax(a, b);
}
