import { classify } from './classifier';
import { textFeatures } from './features';
import { trainModel, type TrainingRow } from './train';

describe('textFeatures', () => {
  it('reads words, neighbouring pairs and figures as placeholders', () => {
    expect(textFeatures('Profit rose to EUR 9.1 mn, up 12%')).toEqual([
      'profit',
      'rose',
      'profit rose',
      'to',
      'rose to',
      'eur',
      'to eur',
      '#n',
      'eur #n',
      'mn',
      '#n mn',
      'up',
      '#pct',
      'up #pct',
    ]);
  });

  it('marks the three words after a negator and stops at clause punctuation', () => {
    const f = textFeatures("The outage didn't affect customer funds at all. Shares fell");
    expect(f).toContain('not:affect');
    expect(f).toContain('not:funds');
    expect(f).toContain('at');
    expect(f).not.toContain('affect');
    expect(f).toContain('shares'); // the full stop ended the negation
    expect(f).not.toContain('all shares');
  });
});

describe('trainModel and classify', () => {
  const rows: TrainingRow[] = [
    ...['sales up', 'profit up strongly', 'orders up again', 'margin up'].map((t) => row(t, 'positive')),
    ...['sales down', 'profit down sharply', 'orders down again', 'margin down'].map((t) =>
      row(t, 'negative'),
    ),
    ...['sales reported', 'profit reported today', 'orders reported again', 'margin reported'].map((t) =>
      row(t, 'neutral'),
    ),
  ];

  it('learns which words carry each class and generalises to unseen sentences', () => {
    const model = trainModel(rows, { lambda: 1e-3, minCount: 1 });
    const p = (t: string) => classify(model, textFeatures(t), 0);
    expect(p('costs up').positive).toBeGreaterThan(0.6);
    expect(p('costs down').negative).toBeGreaterThan(0.6);
    expect(p('costs reported').neutral).toBeGreaterThan(0.6);
    const q = p('costs up');
    expect(q.positive + q.negative + q.neutral).toBeCloseTo(1, 12);
  });

  it('is deterministic and drops features seen in fewer rows than minCount', () => {
    const a = trainModel(rows, { lambda: 1e-3, minCount: 2 });
    const b = trainModel(rows, { lambda: 1e-3, minCount: 2 });
    expect([...a.weights]).toEqual([...b.weights]);
    expect(a.weights.has('up')).toBe(true);
    expect(a.weights.has('strongly')).toBe(false);
  });

  it('learns a weight for the rules score', () => {
    const byRule: TrainingRow[] = [0.8, 0.6, 0.7, -0.8, -0.6, -0.7, 0, 0.05, -0.05].map((rule, i) => ({
      features: [],
      rule,
      label: i < 3 ? 'positive' : i < 6 ? 'negative' : 'neutral',
    }));
    const model = trainModel(byRule, { lambda: 1e-4, iterations: 500 });
    expect(model.rule[0]).toBeGreaterThan(1);
    expect(model.rule[1]).toBeLessThan(-1);
    expect(classify(model, [], 0.9).positive).toBeGreaterThan(0.5);
  });
});

function row(text: string, label: TrainingRow['label']): TrainingRow {
  return { features: textFeatures(text), rule: 0, label };
}
