/** Classification metrics for three-class sentiment evaluation (used by the benchmark and tests). */
import { parse } from 'csv-parse/sync';
import type { SentimentClass } from './labels';

export const CLASSES: readonly SentimentClass[] = ['negative', 'neutral', 'positive'];

export interface LabelledText {
  readonly text: string;
  readonly label: SentimentClass;
}

export interface Evaluation {
  readonly n: number;
  readonly accuracy: number;
  /** Unweighted mean of the per-class F1 scores (a class with no support and no prediction counts 0). */
  readonly macroF1: number;
  readonly perClass: Record<
    SentimentClass,
    { precision: number; recall: number; f1: number; support: number }
  >;
  /** confusion[actual][predicted] = count. */
  readonly confusion: Record<SentimentClass, Record<SentimentClass, number>>;
}

function isClass(s: string): s is SentimentClass {
  return s === 'positive' || s === 'negative' || s === 'neutral';
}

/**
 * Parses a CSV with a header containing `text` and `label` columns (other columns ignored); labels
 * must be positive, negative or neutral (case-insensitive), or a key of `labelNames` (for datasets
 * that write them otherwise, e.g. `{ '0': 'negative', '1': 'positive', '2': 'neutral' }` or
 * bearish/bullish). Throws on an unknown label.
 */
export function parseLabelledCsv(
  csv: string,
  labelNames: Readonly<Record<string, SentimentClass>> = {},
): LabelledText[] {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const written = (r.label ?? '').toLowerCase();
    const label = Object.hasOwn(labelNames, written) ? labelNames[written]! : written;
    if (typeof r.text !== 'string' || !isClass(label)) {
      throw new Error(`row ${i + 2}: expected text and a label of positive|negative|neutral`);
    }
    return { text: r.text, label };
  });
}

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix. */
export function evaluate(
  actual: readonly SentimentClass[],
  predicted: readonly SentimentClass[],
): Evaluation {
  if (actual.length !== predicted.length) throw new Error('actual and predicted differ in length');
  const confusion = Object.fromEntries(
    CLASSES.map((a) => [a, Object.fromEntries(CLASSES.map((p) => [p, 0]))]),
  ) as Record<SentimentClass, Record<SentimentClass, number>>;
  let correct = 0;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as SentimentClass;
    const p = predicted[i] as SentimentClass;
    confusion[a][p]++;
    if (a === p) correct++;
  }
  const perClass = {} as Evaluation['perClass'];
  let f1Sum = 0;
  for (const c of CLASSES) {
    const tp = confusion[c][c];
    const support = CLASSES.reduce((s, p) => s + confusion[c][p], 0);
    const predictedC = CLASSES.reduce((s, a) => s + confusion[a][c], 0);
    const precision = predictedC === 0 ? 0 : tp / predictedC;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[c] = { precision, recall, f1, support };
    f1Sum += f1;
  }
  return {
    n: actual.length,
    accuracy: actual.length === 0 ? 0 : correct / actual.length,
    macroF1: f1Sum / CLASSES.length,
    perClass,
    confusion,
  };
}
