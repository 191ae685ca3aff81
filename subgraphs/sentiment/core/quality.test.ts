/**
 * Regression guard on our own labelled crypto headlines (fixtures/crypto-headlines.csv, written and
 * labelled by meaning for this project). The full report, with Financial PhraseBank and
 * vader-sentiment side by side, is bench/sentiment.bench.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { evaluate, parseLabelledCsv } from './evaluate';
import { scoreText } from './scorer';

const rows = parseLabelledCsv(readFileSync(path.join(__dirname, 'fixtures/crypto-headlines.csv'), 'utf8'));

describe('quality on the crypto headlines set', () => {
  it('is a varied set of at least 200 labelled headlines', () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(new Set(rows.map((r) => r.text)).size).toBe(rows.length);
    for (const c of ['positive', 'negative', 'neutral'] as const) {
      expect(rows.filter((r) => r.label === c).length).toBeGreaterThanOrEqual(50);
    }
  });

  it('reaches macro-F1 >= 0.70', () => {
    const e = evaluate(
      rows.map((r) => r.label),
      rows.map((r) => scoreText(r.text).sentiment),
    );
    expect(e.macroF1).toBeGreaterThanOrEqual(0.7);
    for (const c of ['positive', 'negative', 'neutral'] as const)
      expect(e.perClass[c].f1).toBeGreaterThan(0.6);
  });
});
