/**
 * Fits the sentiment combiner (bench/sentiment-combiner/combiner.ts): a three-class multinomial
 * logistic regression with L2 over the rule scorer's evidence, on the EVEN rows of the Financial
 * PhraseBank dev set only. The odd rows are never read here: they stay the held-out estimate that
 * bench/sentiment.bench.ts reports.
 *
 * Settings (feature set, L2 strength) are chosen by repeated k-fold cross-validation
 * within the even rows, by macro-F1 of the product's own decision rule (score = P(positive) −
 * P(negative) through the API's ±0.2 thresholds, texts without evidence at 0); among the settings
 * within one standard error of the best, the simplest (fewest features, then strongest L2) wins.
 * Then the chosen setting is refitted on all even rows.
 *
 * Run: npx tsx bench/sentiment-calibrate.ts [--write]
 * Reads ../shared/data/sentiment-dev.csv (beside the repository; never copied into it: its licence
 * forbids it). Prints the CV table and the weights; --write writes them, with their provenance, to
 * bench/sentiment-combiner/combiner-weights.ts (an experiment's
 * artefact: wiring it into scoring means moving combiner.ts and the weights into the sentiment core).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  classOf,
  evaluate,
  labelFor,
  parseLabelledCsv,
  type SentimentClass,
} from '../subgraphs/sentiment/core';
import {
  calibratedScore,
  featureVector,
  SHARE_FEATURES,
  type CombinerModel,
  type FeatureName,
} from './sentiment-combiner/combiner';
import { evidenceOf, type Evidence } from '../subgraphs/sentiment/core/scorer';

const REPO = path.resolve(__dirname, '..');
const DEV = path.resolve(REPO, '../shared/data/sentiment-dev.csv');
const OUT = path.join(REPO, 'bench/sentiment-combiner/combiner-weights.ts');

// Nested feature sets: the rules' score alone; plus the evidence by source; plus structure and counts.
const SETS: Record<string, FeatureName[]> = {};
SETS.score = ['compound'];
SETS.sources = [
  ...SETS.score,
  'generalPos',
  'generalNeg',
  'newsPos',
  'newsNeg',
  'boundPos',
  'boundNeg',
  'directionPos',
  'directionNeg',
  'undone',
];
SETS.full = [
  ...SETS.sources,
  'maxPos',
  'maxNeg',
  'positives',
  'negatives',
  'negated',
  'hedges',
  'clauses',
  'logWords',
  'logNumbers',
  'emphasis',
];
SETS.shares = [...SHARE_FEATURES];
const LAMBDAS = [1e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
// Prior shifts tried on the two biases (see shiftPriors).
const SHIFTS = Array.from({ length: 21 }, (_, i) => -2 + i * 0.2);
const FOLDS = 5;
const REPEATS = 3;

// Class indices of the fit: the two modelled classes against neutral as reference.
const POS = 0;
const NEG = 1;
const classIndex = (c: SentimentClass): number => (c === 'positive' ? POS : c === 'negative' ? NEG : 2);

interface Row {
  evidence: Evidence;
  label: SentimentClass;
}

/**
 * Minimises the mean cross-entropy + λ·|w|² (biases unpenalised) over standardised
 * features by Newton's method (the problem is convex and has at most a few dozen parameters), then
 * folds the standardisation back into weights on the raw features.
 */
function fitModel(rows: Row[], names: FeatureName[], lambda: number): CombinerModel {
  const d = names.length;
  const n = rows.length;
  const X = rows.map((r) => featureVector(r.evidence, names));
  const y = rows.map((r) => classIndex(r.label));
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const x of X) for (let k = 0; k < d; k++) mean[k] = (mean[k] as number) + (x[k] as number) / n;
  for (const x of X)
    for (let k = 0; k < d; k++) sd[k] = (sd[k] as number) + ((x[k] as number) - (mean[k] as number)) ** 2 / n;
  for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k] as number) || 1;
  const Z = X.map((x) => {
    const z = new Float64Array(d + 1);
    z[0] = 1;
    for (let k = 0; k < d; k++) z[k + 1] = ((x[k] as number) - (mean[k] as number)) / (sd[k] as number);
    return z;
  });

  const p = d + 1; // parameters per modelled class (bias first)
  const P = 2 * p;
  const theta = new Float64Array(P);
  for (let iter = 0; iter < 50; iter++) {
    const grad = new Float64Array(P);
    const H = Array.from({ length: P }, () => new Float64Array(P));
    for (let i = 0; i < n; i++) {
      const z = Z[i] as Float64Array;
      let a = 0;
      let b = 0;
      for (let k = 0; k < p; k++) {
        a += (theta[k] as number) * (z[k] as number);
        b += (theta[p + k] as number) * (z[k] as number);
      }
      const m = Math.max(a, b, 0);
      const ea = Math.exp(a - m);
      const eb = Math.exp(b - m);
      const s = ea + eb + Math.exp(-m);
      const pr = [ea / s, eb / s];
      const wi = 1 / n;
      for (let c = 0; c < 2; c++) {
        const r = (pr[c] as number) - (y[i] === c ? 1 : 0);
        for (let k = 0; k < p; k++) grad[c * p + k] = (grad[c * p + k] as number) + wi * r * (z[k] as number);
        for (let c2 = 0; c2 < 2; c2++) {
          const h = wi * (pr[c] as number) * ((c === c2 ? 1 : 0) - (pr[c2] as number));
          for (let k = 0; k < p; k++) {
            const Hk = H[c * p + k] as Float64Array;
            const hz = h * (z[k] as number);
            for (let l = 0; l < p; l++) Hk[c2 * p + l] = (Hk[c2 * p + l] as number) + hz * (z[l] as number);
          }
        }
      }
    }
    for (let c = 0; c < 2; c++)
      for (let k = 1; k < p; k++) {
        const j = c * p + k;
        grad[j] = (grad[j] as number) + 2 * lambda * (theta[j] as number);
        (H[j] as Float64Array)[j] = ((H[j] as Float64Array)[j] as number) + 2 * lambda;
      }
    const step = solve(H, grad);
    let norm = 0;
    for (let j = 0; j < P; j++) {
      theta[j] = (theta[j] as number) - (step[j] as number);
      norm = Math.max(norm, Math.abs(step[j] as number));
    }
    if (norm < 1e-10) break;
  }
  const unstandardise = (c: number) => {
    const weights = names.map((_, k) => (theta[c * p + k + 1] as number) / (sd[k] as number));
    const bias = (theta[c * p] as number) - weights.reduce((s, wk, k) => s + wk * (mean[k] as number), 0);
    return { bias, weights };
  };
  return { features: names, positive: unstandardise(POS), negative: unstandardise(NEG) };
}

/** Solves A x = b by Gaussian elimination with partial pivoting (A is small and positive definite). */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++)
      if (Math.abs((M[r] as number[])[c] as number) > Math.abs((M[piv] as number[])[c] as number)) piv = r;
    [M[c], M[piv]] = [M[piv] as number[], M[c] as number[]];
    const pr = M[c] as number[];
    for (let r = c + 1; r < n; r++) {
      const row = M[r] as number[];
      const f = (row[c] as number) / (pr[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    const row = M[r] as number[];
    let s = row[n] as number;
    for (let k = r + 1; k < n; k++) s -= (row[k] as number) * (x[k] as number);
    x[r] = s / (row[r] as number);
  }
  return x;
}

/**
 * Log-likelihood gives calibrated probabilities, not the best macro-F1 under fixed thresholds: the
 * minority classes (negative is 12 % of the rows) need their prior raised. Adds to each of the two
 * biases the shift (from SHIFTS) that maximises macro-F1 on the rows given, under the API rule, the
 * way the ±0.2 band itself was chosen. Two numbers; chosen on the training rows only.
 */
function shiftPriors(model: CombinerModel, rows: Row[]): CombinerModel {
  const X = rows.map((r) => featureVector(r.evidence, model.features));
  const y = rows.map((r) => classIndex(r.label));
  const none = rows.map((r) => r.evidence.positives + r.evidence.negatives === 0);
  const dot = (w: readonly number[], x: Float64Array) => w.reduce((s, wk, k) => s + wk * (x[k] as number), 0);
  const zp = X.map((x) => model.positive.bias + dot(model.positive.weights, x));
  const zn = X.map((x) => model.negative.bias + dot(model.negative.weights, x));
  let best = { f1: -1, dp: 0, dn: 0 };
  for (const dp of SHIFTS)
    for (const dn of SHIFTS) {
      const conf = new Float64Array(9);
      for (let i = 0; i < rows.length; i++) {
        let pred = 2;
        if (!none[i]) {
          const a = Math.exp((zp[i] as number) + dp);
          const b = Math.exp((zn[i] as number) + dn);
          const s = (a - b) / (a + b + 1);
          pred = s >= 0.2 ? POS : s <= -0.2 ? NEG : 2;
        }
        const k = (y[i] as number) * 3 + pred;
        conf[k] = (conf[k] as number) + 1;
      }
      const f1 = confusionMacroF1(conf);
      // Ties go to the smaller shift, so that an uninformative grid leaves the fit as it is.
      if (
        f1 > best.f1 + 1e-12 ||
        (f1 > best.f1 - 1e-12 && Math.abs(dp) + Math.abs(dn) < Math.abs(best.dp) + Math.abs(best.dn))
      )
        best = { f1, dp, dn };
    }
  return {
    features: model.features,
    positive: { bias: model.positive.bias + best.dp, weights: model.positive.weights },
    negative: { bias: model.negative.bias + best.dn, weights: model.negative.weights },
  };
}

/** Macro-F1 of a 3x3 confusion matrix (row = actual, column = predicted). */
function confusionMacroF1(conf: Float64Array): number {
  let sum = 0;
  for (let c = 0; c < 3; c++) {
    let actual = 0;
    let predicted = 0;
    for (let k = 0; k < 3; k++) {
      actual += conf[c * 3 + k] as number;
      predicted += conf[k * 3 + c] as number;
    }
    const tp = conf[c * 3 + c] as number;
    sum += tp === 0 ? 0 : (2 * tp) / (actual + predicted);
  }
  return sum / 3;
}

/** The product's decision: the calibrated score through the API thresholds. */
const predict = (model: CombinerModel, e: Evidence): SentimentClass =>
  classOf(labelFor(calibratedScore(model, e)));
const rulesPredict = (e: Evidence): SentimentClass => classOf(labelFor(e.compound));

const macroF1 = (rows: Row[], f: (e: Evidence) => SentimentClass): number =>
  evaluate(
    rows.map((r) => r.label),
    rows.map((r) => f(r.evidence)),
  ).macroF1;

/** A seeded shuffle (mulberry32), so that every run draws the same folds. */
function shuffled(n: number, seed: number): number[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
  }
  return idx;
}

interface CvResult {
  set: string;
  lambda: number;
  mean: number;
  se: number;
  params: number;
}

function crossValidate(rows: Row[]): { results: CvResult[]; rules: { mean: number; se: number } } {
  const splits: { train: Row[]; test: Row[] }[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const idx = shuffled(rows.length, 1000 + r);
    for (let k = 0; k < FOLDS; k++) {
      const test = idx.filter((_, i) => i % FOLDS === k).map((i) => rows[i] as Row);
      const train = idx.filter((_, i) => i % FOLDS !== k).map((i) => rows[i] as Row);
      splits.push({ train, test });
    }
  }
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    // Standard error over the folds of one repeat (repeats share rows, so do not divide by all).
    return { mean: m, se: Math.sqrt(v / FOLDS) };
  };
  const rules = stats(splits.map((s) => macroF1(s.test, rulesPredict)));
  const results: CvResult[] = [];
  for (const [set, names] of Object.entries(SETS))
    for (const lambda of LAMBDAS) {
      const scores = splits.map((s) => {
        const model = shiftPriors(fitModel(s.train, names, lambda), s.train);
        return macroF1(s.test, (e) => predict(model, e));
      });
      results.push({ set, lambda, ...stats(scores), params: 2 * (names.length + 1) });
    }
  return { results, rules };
}

function main(): void {
  const all = parseLabelledCsv(readFileSync(DEV, 'utf8'));
  const even = all.filter((_, i) => i % 2 === 0);
  const rows: Row[] = even.map((r) => ({ evidence: evidenceOf(r.text), label: r.label }));
  console.log(`even rows of ${path.basename(DEV)}: ${rows.length} (odd rows not read)`);

  const t0 = Date.now();
  const { results, rules } = crossValidate(rows);
  console.log(
    `\n${FOLDS}-fold CV x${REPEATS} on the even rows, macro-F1 (API rule: P+ - P- through ±0.2), ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(`rules alone (no fit): ${rules.mean.toFixed(4)} ± ${rules.se.toFixed(4)}`);
  console.log('set       lambda   params  CV macro-F1');
  for (const r of results)
    console.log(
      `${r.set.padEnd(10)}${String(r.lambda).padEnd(9)}${String(r.params).padEnd(8)}${r.mean.toFixed(4)} ± ${r.se.toFixed(4)}`,
    );
  const best = results.reduce((a, b) => (b.mean > a.mean ? b : a));
  // One-standard-error rule: the simplest setting not clearly worse than the best.
  const chosen = results
    .filter((r) => r.mean >= best.mean - best.se)
    .sort(
      (a, b) => (SETS[a.set]?.length ?? 0) - (SETS[b.set]?.length ?? 0) || b.lambda - a.lambda,
    )[0] as CvResult;
  console.log(`\nbest: ${best.set} λ=${best.lambda} ${best.mean.toFixed(4)} ± ${best.se.toFixed(4)}`);
  console.log(`chosen (simplest within one SE): ${chosen.set} λ=${chosen.lambda} ${chosen.mean.toFixed(4)}`);

  const model = shiftPriors(fitModel(rows, SETS[chosen.set] as FeatureName[], chosen.lambda), rows);
  const inSample = macroF1(rows, (e) => predict(model, e));
  console.log(`refitted on all even rows: in-sample macro-F1 ${inSample.toFixed(4)}`);
  console.log(JSON.stringify(model, null, 2));

  if (process.argv.includes('--write')) {
    const date = new Date().toISOString().slice(0, 10);
    const round = (x: number) => Number(x.toPrecision(6));
    const body = {
      features: model.features,
      positive: { bias: round(model.positive.bias), weights: model.positive.weights.map(round) },
      negative: { bias: round(model.negative.bias), weights: model.negative.weights.map(round) },
    };
    const text = `/**
 * Weights of the sentiment combiner (combiner.ts), generated by \`npx tsx bench/sentiment-calibrate.ts --write\`
 * on ${date}: fitted on the EVEN rows of the Financial PhraseBank dev set (${rows.length} rows, read from
 * ../shared/data at run time; no row is in the repository) as a multinomial logistic regression with L2.
 * Setting chosen by ${FOLDS}-fold cross-validation x${REPEATS} within the even rows: feature set "${chosen.set}",
 * λ = ${chosen.lambda}, biases shifted for macro-F1 under the ±0.2 thresholds; CV macro-F1 ${chosen.mean.toFixed(3)} ± ${chosen.se.toFixed(3)}
 * (rules alone on the same folds ${rules.mean.toFixed(3)} ± ${rules.se.toFixed(3)}); in-sample ${inSample.toFixed(3)}.
 * ${2 * (model.features.length + 1)} numbers, of the same nature as the label thresholds: not data. Do not edit by hand.
 */
import type { CombinerModel } from './combiner';

export const COMBINER_MODEL: CombinerModel = ${JSON.stringify(body, null, 2)};
`;
    writeFileSync(OUT, text);
    console.log(`wrote ${path.relative(REPO, OUT)}`);
  }
}

main();
