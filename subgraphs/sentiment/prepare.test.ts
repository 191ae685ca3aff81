import { buildCoinLinker, scoreDocument } from './core';
import { hashText, parseFeed } from './feeds';
import { feedItemToRaw, MAX_STORED_BODY, newDocuments, prepareDocument, type RawDocument } from './prepare';

const linker = buildCoinLinker([
  { id: 'bitcoin', symbol: 'BTC', name: 'Bitcoin' },
  { id: 'ethereum', symbol: 'ETH', name: 'Ethereum' },
  { id: 'solana', symbol: 'SOL', name: 'Solana' },
  { id: 'chainlink', symbol: 'LINK', name: 'Chainlink' },
  { id: 'harmony', symbol: 'ONE', name: 'Harmony' },
]);
const at = new Date('2024-03-12T10:00:00Z');
const raw = (over: Partial<RawDocument> = {}): RawDocument => ({
  source: 'wire.example',
  title: 'Bitcoin surges past $70,000 as ETF inflows accelerate',
  body: 'Ethereum followed, while $SOL lagged.',
  publishedAt: at,
  ...over,
});

describe('prepareDocument', () => {
  it('scores the headline and body as the core does and links every coin mentioned', () => {
    const d = prepareDocument(raw(), linker);
    const expected = scoreDocument(raw().title, raw().body);
    expect(d.score).toBe(expected.score);
    expect(d.label).toBe(expected.label);
    expect(d.score).toBeGreaterThan(0.2);
    expect(d.coinIds).toEqual(['bitcoin', 'ethereum', 'solana']);
  });

  it('does not link tickers used as plain words', () => {
    const d = prepareDocument(
      raw({ title: 'One way to link your savings plan', body: 'Stay near the sol; it is one of many.' }),
      linker,
    );
    expect(d.coinIds).toEqual([]);
  });

  it('keys a document by content, normalised URL and guid within its source', () => {
    const d = prepareDocument(
      raw({ url: 'HTTPS://News.Example.com/a/1/?utm_source=rss#top', guid: ' abc-1 ' }),
      linker,
    );
    expect(d.url).toBe('https://news.example.com/a/1');
    expect(d.guid).toBe('abc-1');
    expect(d.contentHash).toBe(hashText(raw().title, raw().body));
    expect(d.dedupKeys).toEqual([
      `sha256:${d.contentHash}`,
      'link:https://news.example.com/a/1',
      'guid:wire.example\nabc-1',
    ]);
    // The same story with other spacing and case is the same content.
    const twin = prepareDocument(raw({ title: `  ${raw().title.toUpperCase()} `, source: 'other' }), linker);
    expect(twin.contentHash).toBe(d.contentHash);
  });

  it('scores and links the whole body but stores at most MAX_STORED_BODY characters', () => {
    const body = `${'Plain filler text. '.repeat(MAX_STORED_BODY / 10)} Solana network halted after an exploit.`;
    const d = prepareDocument(raw({ title: 'Weekly digest', body }), linker);
    expect(d.body).toHaveLength(MAX_STORED_BODY);
    expect(d.coinIds).toEqual(['solana']);
    expect(d.score).toBe(scoreDocument('Weekly digest', body).score);
    expect(d.contentHash).toBe(hashText('Weekly digest', body.trim()));
  });
});

describe('feedItemToRaw', () => {
  const rss = (pubDate: string) =>
    parseFeed(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item><title>Bitcoin rallies</title>` +
        `<link>https://n.example/1</link><guid>g1</guid><description>&lt;p&gt;Up &amp;amp; away&lt;/p&gt;</description>` +
        `${pubDate ? `<pubDate>${pubDate}</pubDate>` : ''}</item></channel></rss>`,
    ).items[0]!;
  const fetchedAt = Date.parse('2024-03-12T12:00:00Z');

  it('keeps the item date, text, link and guid', () => {
    expect(feedItemToRaw(rss('Tue, 12 Mar 2024 09:30:00 GMT'), 'n.example', fetchedAt)).toEqual({
      source: 'n.example',
      title: 'Bitcoin rallies',
      body: 'Up & away',
      url: 'https://n.example/1',
      guid: 'g1',
      publishedAt: new Date('2024-03-12T09:30:00Z'),
    });
  });

  it('dates an undated item at the fetch time and clamps future dates to it', () => {
    expect(feedItemToRaw(rss(''), 's', fetchedAt).publishedAt.getTime()).toBe(fetchedAt);
    expect(feedItemToRaw(rss('Wed, 13 Mar 2024 09:30:00 GMT'), 's', fetchedAt).publishedAt.getTime()).toBe(
      fetchedAt,
    );
  });
});

describe('newDocuments', () => {
  it('drops documents seen under any key, including earlier in the same list', () => {
    const docs = [
      { id: 1, dedupKeys: ['sha256:a', 'link:u1'] },
      { id: 2, dedupKeys: ['sha256:b', 'link:u1'] }, // same link as 1
      { id: 3, dedupKeys: ['sha256:c', 'guid:s\ng'] },
      { id: 4, dedupKeys: ['sha256:d'] },
    ];
    const seen = new Set(['sha256:d']);
    expect(newDocuments(docs, seen).map((d) => d.id)).toEqual([1, 3]);
    expect(seen.has('guid:s\ng')).toBe(true);
  });
});
