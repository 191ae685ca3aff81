import { evaluate, parseLabelledCsv } from './evaluate';

describe('evaluate', () => {
  it('computes accuracy, per-class F1, macro-F1 and the confusion matrix', () => {
    const actual = ['positive', 'positive', 'negative', 'neutral', 'neutral', 'neutral'] as const;
    const predicted = ['positive', 'neutral', 'negative', 'neutral', 'positive', 'neutral'] as const;
    const e = evaluate(actual, predicted);
    expect(e.n).toBe(6);
    expect(e.accuracy).toBeCloseTo(4 / 6, 12);
    expect(e.confusion.positive).toEqual({ negative: 0, neutral: 1, positive: 1 });
    expect(e.confusion.neutral).toEqual({ negative: 0, neutral: 2, positive: 1 });
    // positive: P 1/2, R 1/2 -> F1 0.5; negative: 1; neutral: P 2/3, R 2/3 -> 2/3
    expect(e.perClass.positive.f1).toBeCloseTo(0.5, 12);
    expect(e.perClass.negative.f1).toBeCloseTo(1, 12);
    expect(e.perClass.neutral.f1).toBeCloseTo(2 / 3, 12);
    expect(e.macroF1).toBeCloseTo((0.5 + 1 + 2 / 3) / 3, 12);
  });

  it('parses text,label CSV with quoting and extra columns, and rejects unknown labels', () => {
    const rows = parseLabelledCsv(
      'text,label,agreement_pct\n"Profit rose, again",Positive,75\nFlat day,neutral,66\n',
    );
    expect(rows).toEqual([
      { text: 'Profit rose, again', label: 'positive' },
      { text: 'Flat day', label: 'neutral' },
    ]);
    expect(() => parseLabelledCsv('text,label\nx,great\n')).toThrow(/row 2/);
  });

  it('maps other label spellings through labelNames (numbered or bullish/bearish datasets)', () => {
    const csv = 'text,label\r\nRate cut lifts banks,1\r\nMiner halts output,0\r\nFed speaks at noon,2\r\n';
    const names = { '0': 'negative', '1': 'positive', '2': 'neutral' } as const;
    expect(parseLabelledCsv(csv, names).map((r) => r.label)).toEqual(['positive', 'negative', 'neutral']);
    expect(() => parseLabelledCsv(csv)).toThrow(/row 2/);
    expect(() => parseLabelledCsv('text,label\nx,constructor\n', names)).toThrow(/row 2/);
  });
});
