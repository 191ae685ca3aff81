import fc from 'fast-check';
import {
  calibratedScore,
  FEATURES,
  featureVector,
  probabilities,
  SHARE_FEATURES,
  type CombinerModel,
} from './combiner';
import { compound, evidenceOf } from '../../subgraphs/sentiment/core/scorer';

// Sentences written for this test (none from any evaluation set).
describe('evidenceOf: the evidence behind a rule score', () => {
  it('returns the same compound as compound()', () => {
    for (const t of [
      'Operating profit rose to EUR 13.1 mn',
      'Hackers drained the bridge and stole $40 million',
      'Great team, nice office',
      'The index closed at 4,100 points',
      '',
    ])
      expect(evidenceOf(t).compound).toBe(compound(t));
  });

  it('files valence under its source', () => {
    const bound = evidenceOf('Operating profit rose to EUR 13.1 mn');
    expect(bound.boundPos).toBeGreaterThan(0);
    expect(bound.generalPos + bound.newsPos + bound.directionPos).toBe(0);

    const news = evidenceOf('Hackers drained the bridge and stole $40 million');
    expect(news.newsNeg).toBeLessThan(0);
    expect(news.negatives).toBe(2);
    expect(news.numbers).toBe(1);

    expect(evidenceOf('Great team, nice office').generalPos).toBeGreaterThan(0);
    expect(evidenceOf('Bitcoin hits a new all time high').phrasePos).toBeGreaterThan(0);
    expect(evidenceOf('Net sales EUR 9.0 mn compared to EUR 6.3 mn').figure).toBeGreaterThan(0);
    expect(evidenceOf('Exchange lifts ban on withdrawals').undone).toBeGreaterThan(0);
    expect(evidenceOf('Prices fell').directionNeg + evidenceOf('Prices fell').boundNeg).toBeLessThan(0);
  });

  it('counts negations, hedges, clauses and emphasis', () => {
    expect(evidenceOf('The token did not rally').negated).toBe(1);
    expect(evidenceOf('The token rallied').negated).toBe(0);
    expect(evidenceOf('Sales may rise next year, the company expects').hedges).toBe(2);
    expect(evidenceOf('Revenue grew, but costs rose sharply').contrast).toBe(1);
    expect(evidenceOf('Despite the hack, the token rallied').concession).toBe(1);
    expect(evidenceOf('Record outflows hit bitcoin funds!!!').punctuation).toBeGreaterThan(0);
    expect(evidenceOf('Bitcoin funds have a TERRIBLE week').caps).toBe(1);
  });
});

describe('combiner', () => {
  const words = [
    'profit',
    'rose',
    'fell',
    'loss',
    'narrowed',
    'great',
    'hack',
    'not',
    'but',
    'despite',
    'shares',
    'sales',
    'EUR',
    '5.2',
    'mn',
    'will',
    'bullish',
    'lawsuit',
    'ban',
    'lifts',
    'the',
    'and',
    ',',
    'sharply',
    'record',
    'compared',
    'to',
    '3.1',
  ];
  const sentence = fc
    .array(fc.constantFrom(...words), { minLength: 1, maxLength: 40 })
    .map((w) => w.join(' '));

  it('splits the compound into source shares that add back up to it (no "!" emphasis)', () => {
    fc.assert(
      fc.property(sentence, (t) => {
        const e = evidenceOf(t);
        const sum = featureVector(e, SHARE_FEATURES).reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(e.compound, 9);
      }),
    );
  });

  const finite = fc.double({ min: -5, max: 5, noNaN: true });
  const model = fc.record({
    pb: finite,
    pw: finite,
    nb: finite,
    nw: finite,
  });
  const asModel = (m: { pb: number; pw: number; nb: number; nw: number }): CombinerModel => ({
    features: ['compound', 'hedges'],
    positive: { bias: m.pb, weights: [m.pw, -m.pw / 2] },
    negative: { bias: m.nb, weights: [m.nw, m.nw / 3] },
  });

  it('gives probabilities that sum to 1 and a score in [-1, 1]', () => {
    fc.assert(
      fc.property(model, sentence, (m, t) => {
        const e = evidenceOf(t);
        const p = probabilities(asModel(m), featureVector(e, ['compound', 'hedges']));
        expect(p.positive + p.negative + p.neutral).toBeCloseTo(1, 12);
        const s = calibratedScore(asModel(m), e);
        expect(s).toBeGreaterThanOrEqual(-1);
        expect(s).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('scores a text without evidence 0 whatever the biases', () => {
    const m = asModel({ pb: 3, pw: 1, nb: -2, nw: -1 });
    expect(calibratedScore(m, evidenceOf('The company has 1,300 employees'))).toBe(0);
    expect(calibratedScore(m, evidenceOf('Great results'))).toBeGreaterThan(0.5);
  });

  it('rises with the rules score when positive weighs it up and negative down', () => {
    const m: CombinerModel = {
      features: ['compound'],
      positive: { bias: -0.5, weights: [2.3] },
      negative: { bias: -0.4, weights: [-2.2] },
    };
    const texts = ['Costs rose sharply', 'The token did not rally', 'Shares rose', 'Profit rose to a record'];
    const pairs = texts.map((t) => [compound(t), calibratedScore(m, evidenceOf(t))] as const);
    pairs.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < pairs.length; i++) expect(pairs[i]![1]).toBeGreaterThan(pairs[i - 1]![1]);
  });

  it('defines every feature for every text', () => {
    const e = evidenceOf('Loss narrowed, but the lawsuit will not go away!!');
    for (const f of Object.values(FEATURES)) expect(Number.isFinite(f(e))).toBe(true);
  });
});
