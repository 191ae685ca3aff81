import { aggregateByCoin, type AggregateScore, type SentimentWindow } from './core';
import { cachedScores, planScoreChanges, SCORE_EPSILON, type ScoreRow } from './scores';

const NOW = new Date('2024-03-12T12:00:00Z');
const EARLIER = new Date('2024-03-12T11:00:00Z');
const row = (
  coinId: string,
  window: SentimentWindow,
  score: number,
  documents: number,
  label: ScoreRow['label'] = 'NEUTRAL',
): ScoreRow => ({
  coinId,
  window,
  score,
  label,
  documents,
  updatedAt: EARLIER,
});
const agg = (
  window: SentimentWindow,
  score: number,
  documents: number,
  label: AggregateScore['label'],
): AggregateScore => ({
  window,
  score,
  label,
  documents,
  weight: documents,
  updatedAt: EARLIER.getTime(),
});

describe('planScoreChanges', () => {
  it('writes every window of a coin seen for the first time, scores rounded to 4 decimals', () => {
    const next = aggregateByCoin(
      [{ coinIds: ['bitcoin'], score: 0.123456, publishedAt: NOW.getTime() - 60_000, source: 'a' }],
      { now: NOW.getTime() },
    );
    expect(planScoreChanges(['bitcoin'], [], next, NOW)).toEqual(
      (['1h', '24h', '7d'] as const).map((window) => ({
        coinId: 'bitcoin',
        window,
        score: 0.1235,
        label: 'NEUTRAL',
        documents: 1,
        updatedAt: NOW,
      })),
    );
  });

  it('leaves a score alone when only decay moved it a little', () => {
    const previous = [row('bitcoin', '24h', 0.3, 4, 'POSITIVE')];
    const drift = new Map([['bitcoin', { '24h': agg('24h', 0.3 + SCORE_EPSILON * 0.9, 4, 'POSITIVE') }]]);
    expect(planScoreChanges(['bitcoin'], previous, drift, NOW, ['24h'])).toEqual([]);
    const moved = new Map([['bitcoin', { '24h': agg('24h', 0.3 + SCORE_EPSILON, 4, 'POSITIVE') }]]);
    expect(planScoreChanges(['bitcoin'], previous, moved, NOW, ['24h'])).toHaveLength(1);
  });

  it('replaces a score when its document count or label changes, however small the move', () => {
    const previous = [row('bitcoin', '24h', 0.1999, 4, 'NEUTRAL')];
    const more = new Map([['bitcoin', { '24h': agg('24h', 0.1999, 5, 'NEUTRAL') }]]);
    expect(planScoreChanges(['bitcoin'], previous, more, NOW, ['24h'])).toEqual([
      { coinId: 'bitcoin', window: '24h', score: 0.1999, label: 'NEUTRAL', documents: 5, updatedAt: NOW },
    ]);
    const label = new Map([['bitcoin', { '24h': agg('24h', 0.2, 4, 'POSITIVE') }]]);
    expect(planScoreChanges(['bitcoin'], previous, label, NOW, ['24h'])).toMatchObject([
      { label: 'POSITIVE', score: 0.2 },
    ]);
  });

  it('turns a window that went quiet into a neutral score of 0 documents, once', () => {
    const previous = [row('solana', '1h', -0.5, 2, 'NEGATIVE'), row('solana', '24h', -0.4, 3, 'NEGATIVE')];
    const next = new Map([['solana', { '24h': agg('24h', -0.4, 3, 'NEGATIVE') }]]);
    expect(planScoreChanges(['solana'], previous, next, NOW, ['1h', '24h'])).toEqual([
      { coinId: 'solana', window: '1h', score: 0, label: 'NEUTRAL', documents: 0, updatedAt: NOW },
    ]);
    const quiet = [row('solana', '1h', 0, 0, 'NEUTRAL')];
    expect(planScoreChanges(['solana'], quiet, new Map(), NOW, ['1h'])).toEqual([]);
  });

  it('writes nothing for a coin that has neither a score nor documents', () => {
    expect(planScoreChanges(['dogecoin'], [], new Map(), NOW)).toEqual([]);
  });

  it('only plans the coins asked for', () => {
    const next = new Map([
      ['bitcoin', { '24h': agg('24h', 0.5, 1, 'POSITIVE') }],
      ['ethereum', { '24h': agg('24h', 0.5, 1, 'POSITIVE') }],
    ]);
    expect(planScoreChanges(['ethereum'], [], next, NOW, ['24h']).map((r) => r.coinId)).toEqual(['ethereum']);
  });
});

describe('cachedScores', () => {
  it('holds every window of the coin, keyed by window', () => {
    expect(cachedScores([row('bitcoin', '24h', 0.3, 4, 'POSITIVE'), row('bitcoin', '7d', -0.1, 9)])).toEqual({
      '24h': { score: 0.3, label: 'POSITIVE', documents: 4, window: '24h', updatedAt: EARLIER.toISOString() },
      '7d': { score: -0.1, label: 'NEUTRAL', documents: 9, window: '7d', updatedAt: EARLIER.toISOString() },
    });
  });
});

describe('planScoreChanges labels', () => {
  it('labels the rounded score, so a stored score and its label always agree', () => {
    const next = new Map([['bitcoin', { '24h': agg('24h', 0.19999999, 2, 'NEUTRAL') }]]);
    expect(planScoreChanges(['bitcoin'], [], next, NOW, ['24h'])).toMatchObject([
      { score: 0.2, label: 'POSITIVE' },
    ]);
  });
});
