import {
  aggregateByCoin,
  aggregateWindow,
  isSentimentWindow,
  WINDOWS,
  type ScoredDocument,
} from './aggregate';

const NOW = Date.UTC(2024, 2, 12, 12, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;
const doc = (score: number, ageMs: number, source = 'rss', relevance?: number): ScoredDocument => ({
  score,
  publishedAt: NOW - ageMs,
  source,
  relevance,
});

describe('aggregateWindow', () => {
  it('is the plain mean when documents are equally fresh and weighted', () => {
    const a = aggregateWindow([doc(0.8, 0), doc(-0.2, 0), doc(0.3, 0)], '24h', { now: NOW })!;
    expect(a.score).toBeCloseTo(0.3, 12);
    expect(a.documents).toBe(3);
    expect(a.weight).toBeCloseTo(3, 12);
    expect(a.label).toBe('POSITIVE');
    expect(a.updatedAt).toBe(NOW);
  });

  it('halves a document weight per half-life (6 h in the 24h window)', () => {
    // fresh +1 (w 1) and 6h-old -1 (w 0.5): (1 - 0.5) / 1.5
    const a = aggregateWindow([doc(1, 0), doc(-1, 6 * HOUR)], '24h', { now: NOW })!;
    expect(a.score).toBeCloseTo(1 / 3, 12);
    expect(a.weight).toBeCloseTo(1.5, 12);
    // 12 h old: a quarter
    const b = aggregateWindow([doc(1, 0), doc(-1, 12 * HOUR)], '24h', { now: NOW })!;
    expect(b.score).toBeCloseTo(0.75 / 1.25, 12);
  });

  it('uses each window its own length and half-life', () => {
    const docs = [doc(1, 10 * MIN), doc(-1, 3 * HOUR), doc(-1, 3 * 24 * HOUR)];
    expect(aggregateWindow(docs, '1h', { now: NOW })!.documents).toBe(1);
    expect(aggregateWindow(docs, '24h', { now: NOW })!.documents).toBe(2);
    expect(aggregateWindow(docs, '7d', { now: NOW })!.documents).toBe(3);
    const h = WINDOWS['7d'].halfLifeMs;
    const w = [2 ** (-(10 * MIN) / h), 2 ** (-(3 * HOUR) / h), 2 ** (-(3 * 24 * HOUR) / h)];
    expect(aggregateWindow(docs, '7d', { now: NOW })!.score).toBeCloseTo(
      (w[0]! - w[1]! - w[2]!) / (w[0]! + w[1]! + w[2]!),
      12,
    );
  });

  it('excludes documents at or beyond the window edge and far in the future, keeps small clock skew', () => {
    expect(aggregateWindow([doc(1, HOUR)], '1h', { now: NOW })).toBeNull();
    expect(aggregateWindow([doc(1, HOUR - 1)], '1h', { now: NOW })).not.toBeNull();
    expect(aggregateWindow([doc(1, -10 * MIN)], '1h', { now: NOW })).toBeNull();
    const skew = aggregateWindow([doc(1, -2 * MIN), doc(0, 0)], '1h', { now: NOW })!;
    expect(skew.score).toBeCloseTo(0.5, 12); // counted as fresh, not heavier than fresh
  });

  it('applies per-source weights, a default weight, and relevance', () => {
    const docs = [doc(1, 0, 'wire'), doc(-1, 0, 'forum')];
    expect(
      aggregateWindow(docs, '24h', { now: NOW, sourceWeights: { wire: 3, forum: 1 } })!.score,
    ).toBeCloseTo(0.5, 12);
    expect(
      aggregateWindow(docs, '24h', { now: NOW, sourceWeights: { wire: 3 }, defaultSourceWeight: 3 })!.score,
    ).toBeCloseTo(0, 12);
    const ignored = aggregateWindow(docs, '24h', { now: NOW, sourceWeights: { forum: 0 } })!;
    expect(ignored.score).toBe(1);
    expect(ignored.documents).toBe(1);
    expect(aggregateWindow([doc(1, 0, 'x', 3), doc(-1, 0)], '24h', { now: NOW })!.score).toBeCloseTo(0.5, 12);
  });

  it('returns null without documents and stays within [-1, 1]', () => {
    expect(aggregateWindow([], '24h', { now: NOW })).toBeNull();
    const a = aggregateWindow([doc(5, 0), doc(1, HOUR)], '24h', { now: NOW })!;
    expect(a.score).toBeLessThanOrEqual(1);
  });

  it('knows its windows', () => {
    expect(isSentimentWindow('24h')).toBe(true);
    expect(isSentimentWindow('2h')).toBe(false);
    expect(isSentimentWindow('toString')).toBe(false);
  });
});

describe('aggregateByCoin', () => {
  it('counts a document for each linked coin and fills only windows that have documents', () => {
    const out = aggregateByCoin(
      [
        { ...doc(0.6, 10 * MIN), coinIds: ['bitcoin', 'ethereum'] },
        { ...doc(-0.4, 5 * HOUR), coinIds: ['ethereum', 'ethereum'] },
        { ...doc(0.2, 2 * 24 * HOUR), coinIds: ['solana'] },
      ],
      { now: NOW },
    );
    expect([...out.keys()].sort()).toEqual(['bitcoin', 'ethereum', 'solana']);
    expect(out.get('bitcoin')!['1h']!.score).toBeCloseTo(0.6, 12);
    expect(out.get('ethereum')!['1h']!.documents).toBe(1);
    expect(out.get('ethereum')!['24h']!.documents).toBe(2); // the duplicate id counts once
    expect(out.get('solana')!['24h']).toBeUndefined();
    expect(out.get('solana')!['7d']!.score).toBeCloseTo(0.2, 12);
  });
});
