import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeEntities, htmlToText } from './html';
import { dedupe, FeedParseError, hashText, normaliseUrl, parseFeed } from './parse';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');

describe('htmlToText', () => {
  it('strips tags, scripts, styles and comments, and decodes entities once', () => {
    expect(
      htmlToText(
        '<p>BTC <b>rallied</b>&nbsp;&amp; ETH&#8217;s <a href="x">gains</a></p><script>x()</script><!-- c --><style>p{}</style>',
      ),
    ).toBe('BTC rallied & ETH’s gains');
    expect(htmlToText('a<br/>b<div>c</div>')).toBe('a b c');
    expect(htmlToText('&amp;lt;b&amp;gt; is text')).toBe('&lt;b&gt; is text');
    expect(htmlToText('price < 5 and > 3')).toBe('price < 5 and > 3');
  });

  it('decodes decimal, hex and named references and leaves unknown or invalid ones', () => {
    expect(decodeEntities('&#36;&#x20AC;&euro;&hellip;&bogus;&#0;&#xD800;')).toBe('$€€…&bogus;&#0;&#xD800;');
  });
});

describe('parseFeed: RSS 2.0', () => {
  const feed = parseFeed(fixture('markets-rss.xml'));

  it('reads the channel and the well-formed items', () => {
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Example Crypto Desk: Markets');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Bitcoin Surges Past $72K as Spot ETF Inflows Hit Record',
      'Harmony’s ONE Token Sinks After Bridge Exploit Drains $100M',
      'What Is a Bitcoin Halving and When Is the Next One?',
      'Bitcoin Surges Past $72K as Spot ETF Inflows Hit Record',
    ]);
  });

  it('turns CDATA HTML and escaped HTML into plain text, preferring the fuller content', () => {
    const [btc, harmony] = feed.items;
    expect(btc!.summary).toBe(
      'BTC rallied to a fresh all-time high on Tuesday as U.S. spot bitcoin ETFs drew more than $1 billion in a single day & analysts turned bullish. “Demand is outstripping new supply,” one trader said.',
    );
    expect(btc!.summary).not.toMatch(/trackView|<|&amp;/);
    expect(harmony!.summary).toBe(
      'Attackers drained the Horizon bridge; Harmony paused the bridge & froze deposits.',
    );
    expect(btc!.text.startsWith(`${btc!.title}. BTC rallied`)).toBe(true);
  });

  it('reads guid, link, author, categories and the date as ISO UTC', () => {
    const btc = feed.items[0]!;
    expect(btc.guid).toBe('5f0c1a6e-8f0a-4a77-9d2b-3a3c0f6f1b11');
    expect(btc.link).toBe(
      'https://news.example.com/markets/2024/03/12/bitcoin-surges-past-72k/?utm_source=rss&utm_medium=feed',
    );
    expect(btc.author).toBe('Jane Doe');
    expect(btc.categories).toEqual(['Markets', 'Bitcoin']);
    expect(btc.publishedAt).toBe('2024-03-12T13:45:02.000Z');
    expect(feed.items[1]!.publishedAt).toBe('2024-03-12T12:10:00.000Z');
  });

  it('skips and reports malformed items, keeping the rest', () => {
    expect(feed.skipped).toEqual([
      { index: 2, reason: 'no title and no text', ref: '0000-broken-item' },
      { index: 3, reason: 'link is not an http(s) URL: javascript:alert(1)', ref: 'javascript:alert(1)' },
    ]);
  });

  it('keeps an item with an unreadable date, without a date, and warns', () => {
    const halving = feed.items[2]!;
    expect(halving.publishedAt).toBeUndefined();
    expect(feed.warnings).toEqual([
      'unreadable date "sometime last week" on https://news.example.com/learn/what-is-bitcoin-halving',
    ]);
  });

  it('reads a date before 1970 (such as the year 1, a feed default) as no date, and warns', () => {
    const item = (pubDate: string) =>
      `<item><title>Bitcoin rallies</title><link>https://news.example.com/a</link><pubDate>${pubDate}</pubDate></item>`;
    const odd = parseFeed(
      `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>${item('0001-01-01T00:00:00Z')}${item('Wed, 31 Dec 1969 23:59:59 GMT')}${item('Thu, 01 Jan 1970 00:00:00 GMT')}</channel></rss>`,
    );
    expect(odd.items.map((i) => i.publishedAt)).toEqual([undefined, undefined, '1970-01-01T00:00:00.000Z']);
    expect(odd.warnings).toHaveLength(2);
    expect(odd.warnings[0]).toMatch(/^unreadable date "0001-01-01T00:00:00Z"/);
  });

  it('gives de-duplication keys by guid, normalised link and content hash', () => {
    const [btc, , , syndicated] = feed.items;
    expect(btc!.dedupKeys).toEqual([
      'guid:5f0c1a6e-8f0a-4a77-9d2b-3a3c0f6f1b11',
      'link:https://news.example.com/markets/2024/03/12/bitcoin-surges-past-72k',
      `sha256:${btc!.contentHash}`,
    ]);
    expect(btc!.contentHash).toMatch(/^[0-9a-f]{64}$/);
    // Another guid, the same page (tracking parameters and fragment differ): a duplicate by link.
    expect(syndicated!.dedupKeys).toContain(
      'link:https://news.example.com/markets/2024/03/12/bitcoin-surges-past-72k',
    );
    const seen = new Set<string>();
    expect(dedupe(feed.items, seen).map((i) => i.title)).toHaveLength(3);
    expect(dedupe(feed.items, seen)).toEqual([]); // everything is known on the next poll
  });
});

describe('parseFeed: Atom', () => {
  const feed = parseFeed(fixture('news-atom.xml'));

  it('reads entries with html titles, xhtml content, relative links and dates', () => {
    expect(feed.format).toBe('atom');
    expect(feed.title).toBe('Example Chain News');
    const [sec, sol] = feed.items;
    expect(sec!.title).toBe('SEC Sues Exchange Over Unregistered Staking Program');
    expect(sec!.summary).toBe(
      'The regulator alleges the staking program is an unregistered security and seeks penalties. Shares of the exchange fell 4%.',
    );
    expect(sec!.link).toBe('https://chain.example.org/2024/03/sec-sues-exchange');
    expect(sec!.guid).toBe('tag:chain.example.org,2024:post-4411');
    expect(sec!.publishedAt).toBe('2024-03-12T08:30:00.000Z');
    expect(sec!.author).toBe('A. Writer');
    expect(sec!.categories).toEqual(['Regulation']);
    expect(sol!.publishedAt).toBe('2024-03-12T08:00:00.000Z'); // falls back to <updated>
    expect(sol!.summary).toBe('Validators adopted the new client release without downtime.');
  });

  it('skips an empty entry', () => {
    expect(feed.skipped).toEqual([
      { index: 2, reason: 'no title and no text', ref: 'tag:chain.example.org,2024:post-empty' },
    ]);
  });
});

describe('parseFeed: broken documents', () => {
  it('throws FeedParseError on XML that is not well-formed', () => {
    expect(() => parseFeed(fixture('not-well-formed.xml'))).toThrow(FeedParseError);
  });

  it('throws FeedParseError on XML that is neither RSS nor Atom', () => {
    expect(() => parseFeed('<?xml version="1.0"?><html><body>Not a feed</body></html>')).toThrow(/neither/);
  });

  it('accepts an empty channel', () => {
    const f = parseFeed('<rss version="2.0"><channel><title>Quiet</title></channel></rss>');
    expect(f.items).toEqual([]);
    expect(f.skipped).toEqual([]);
  });
});

describe('normaliseUrl and hashText', () => {
  it('drops fragments, tracking parameters and trailing slashes; lower-cases the host', () => {
    expect(normaliseUrl('HTTPS://News.Example.com/a/b/?utm_source=x&id=2&fbclid=z#top')).toBe(
      'https://news.example.com/a/b?id=2',
    );
    expect(normaliseUrl('not a url')).toBe('not a url');
  });

  it('hashes normalised text: case and whitespace do not matter, words do', () => {
    expect(hashText('Bitcoin  Rises', 'Up 5%')).toBe(hashText('bitcoin rises', 'up   5%'));
    expect(hashText('Bitcoin rises', 'Up 5%')).not.toBe(hashText('Bitcoin falls', 'Up 5%'));
  });
});
