import { loadConfig, ConfigError } from '../../lib/config';
import { generateKeyPairPem } from '../../lib/auth';
import { parseFeedList, parseSourceWeights, sentimentEnvSchema, sourceOfFeed } from './settings';

describe('parseFeedList', () => {
  it('splits, trims, drops empties and repeats', () => {
    expect(
      parseFeedList(' https://a.example/rss , ,http://b.example/atom.xml,https://a.example/rss'),
    ).toEqual(['https://a.example/rss', 'http://b.example/atom.xml']);
    expect(parseFeedList(undefined)).toEqual([]);
    expect(parseFeedList('')).toEqual([]);
  });

  it('refuses what is not an http(s) URL', () => {
    expect(() => parseFeedList('https://ok.example/rss,ftp://x.example/feed')).toThrow(/ftp:\/\/x.example/);
    expect(() => parseFeedList('news.example.com/rss')).toThrow(/not an http/);
  });
});

describe('parseSourceWeights', () => {
  it('reads source=weight pairs, sources in lower case', () => {
    expect(parseSourceWeights('CoinDesk.com=1.5, reddit.com=0.25,bulk=0')).toEqual({
      'coindesk.com': 1.5,
      'reddit.com': 0.25,
      bulk: 0,
    });
    expect(parseSourceWeights(undefined)).toEqual({});
  });

  it.each(['coindesk.com', '=1', 'a=', 'a=-1', 'a=11', 'a=x'])('refuses "%s"', (v) => {
    expect(() => parseSourceWeights(v)).toThrow(/source=weight/);
  });
});

describe('sourceOfFeed', () => {
  it('is the host without www', () => {
    expect(sourceOfFeed('https://www.CoinDesk.com/arc/outboundfeeds/rss/')).toBe('coindesk.com');
    expect(sourceOfFeed('http://127.0.0.1:8080/feed.xml')).toBe('127.0.0.1');
  });
});

describe('sentimentEnvSchema', () => {
  const base = {
    DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db',
    REDIS_URL: 'redis://127.0.0.1:6379',
    KAFKA_BROKERS: '127.0.0.1:9092',
    JWT_PUBLIC_KEY: generateKeyPairPem().publicKey,
  };

  it('has no feeds and neutral weights by default', () => {
    const c = loadConfig(sentimentEnvSchema, base);
    expect(c).toMatchObject({
      PORT: 4004,
      NEWS_FEEDS: [],
      SENTIMENT_SOURCE_WEIGHTS: {},
      NEWS_POLL_INTERVAL_MINUTES: 5,
      SENTIMENT_REFRESH_SECONDS: 60,
    });
  });

  it('reads NEWS_FEEDS and SENTIMENT_SOURCE_WEIGHTS', () => {
    const c = loadConfig(sentimentEnvSchema, {
      ...base,
      NEWS_FEEDS: 'https://a.example/rss,https://b.example/atom',
      SENTIMENT_SOURCE_WEIGHTS: 'a.example=2',
    });
    expect(c.NEWS_FEEDS).toEqual(['https://a.example/rss', 'https://b.example/atom']);
    expect(c.SENTIMENT_SOURCE_WEIGHTS).toEqual({ 'a.example': 2 });
  });

  it('names every bad variable', () => {
    let error: unknown;
    try {
      loadConfig(sentimentEnvSchema, { ...base, NEWS_FEEDS: 'gopher://x', SENTIMENT_SOURCE_WEIGHTS: 'a' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual([
      'NEWS_FEEDS',
      'SENTIMENT_SOURCE_WEIGHTS',
    ]);
  });
});
