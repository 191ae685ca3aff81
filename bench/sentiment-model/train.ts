/**
 * Experiment only (bench/sentiment-model/experiment.ts, QUALITY.md round 5): not used in scoring.
 * Fits a LinearModel (./classifier.ts) by multinomial logistic regression with L2: full-batch Adam
 * on the mean cross-entropy, deterministic (no sampling), so the same corpus gives the same weights.
 * Pure: rows in, model out.
 */
import type { SentimentClass } from '../../subgraphs/sentiment/core/labels';
import type { LinearModel } from './classifier';

export interface TrainingRow {
  readonly features: readonly string[];
  /** The rules' compound score of the text. */
  readonly rule: number;
  readonly label: SentimentClass;
}

export interface TrainOptions {
  /** L2 strength on the feature and rule weights (not on the biases). */
  readonly lambda: number;
  /** Features seen in fewer rows are dropped. */
  readonly minCount?: number;
  readonly iterations?: number;
  readonly learningRate?: number;
  /** Weigh classes inversely to their frequency, so a rarer class is not drowned. */
  readonly balance?: boolean;
}

const CLASS_INDEX: Record<SentimentClass, number> = { positive: 0, negative: 1, neutral: 2 };

export function trainModel(rows: readonly TrainingRow[], options: TrainOptions): LinearModel {
  const { lambda, minCount = 2, iterations = 300, learningRate = 0.05, balance = true } = options;
  const seen = new Map<string, number>();
  for (const r of rows) for (const f of new Set(r.features)) seen.set(f, (seen.get(f) ?? 0) + 1);
  const names = [...seen].filter(([, n]) => n >= minCount).map(([f]) => f);
  const index = new Map(names.map((f, i) => [f, i]));
  const encoded = rows.map((r) => {
    const ids: number[] = [];
    for (const f of r.features) {
      const i = index.get(f);
      if (i !== undefined) ids.push(i);
    }
    return Int32Array.from(ids);
  });

  const counts = [0, 0, 0];
  for (const r of rows) counts[CLASS_INDEX[r.label]]! += 1;
  const classWeight = counts.map((c) => (balance && c > 0 ? rows.length / (3 * c) : 1));
  const rowWeight = rows.map((r) => (classWeight[CLASS_INDEX[r.label]] as number) / rows.length);

  // Parameters: [bias+, bias−, rule+, rule−, then per feature (w+, w−)].
  const P = 4 + 2 * names.length;
  const theta = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  const grad = new Float64Array(P);
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as TrainingRow;
      const ids = encoded[i] as Int32Array;
      let a = (theta[0] as number) + (theta[2] as number) * row.rule;
      let b = (theta[1] as number) + (theta[3] as number) * row.rule;
      for (const id of ids) {
        a += theta[4 + 2 * id] as number;
        b += theta[5 + 2 * id] as number;
      }
      const m = Math.max(a, b, 0);
      const ea = Math.exp(a - m);
      const eb = Math.exp(b - m);
      const s = ea + eb + Math.exp(-m);
      const y = CLASS_INDEX[row.label];
      const w = rowWeight[i] as number;
      const ra = w * (ea / s - (y === 0 ? 1 : 0));
      const rb = w * (eb / s - (y === 1 ? 1 : 0));
      grad[0] = (grad[0] as number) + ra;
      grad[1] = (grad[1] as number) + rb;
      grad[2] = (grad[2] as number) + ra * row.rule;
      grad[3] = (grad[3] as number) + rb * row.rule;
      for (const id of ids) {
        grad[4 + 2 * id] = (grad[4 + 2 * id] as number) + ra;
        grad[5 + 2 * id] = (grad[5 + 2 * id] as number) + rb;
      }
    }
    for (let j = 2; j < P; j++) grad[j] = (grad[j] as number) + lambda * (theta[j] as number);
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    for (let j = 0; j < P; j++) {
      const g = grad[j] as number;
      m1[j] = beta1 * (m1[j] as number) + (1 - beta1) * g;
      m2[j] = beta2 * (m2[j] as number) + (1 - beta2) * g * g;
      theta[j] =
        (theta[j] as number) -
        (learningRate * ((m1[j] as number) / c1)) / (Math.sqrt((m2[j] as number) / c2) + 1e-8);
    }
  }
  const weights = new Map<string, readonly [number, number]>();
  names.forEach((f, i) => weights.set(f, [theta[4 + 2 * i] as number, theta[5 + 2 * i] as number]));
  return {
    bias: [theta[0] as number, theta[1] as number],
    rule: [theta[2] as number, theta[3] as number],
    weights,
  };
}
