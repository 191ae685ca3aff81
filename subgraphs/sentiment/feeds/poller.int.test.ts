/**
 * The poller against local fake feed servers (node:http on an ephemeral port) that speak HTTP the way
 * news sites do: ETag and Last-Modified validators, 304 Not Modified, 5xx outages, 429 with Retry-After.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { DEFAULT_POLL_POLICY, initialFeedState, pollFeed, type FeedState } from './poller';

const RSS = readFileSync(path.join(__dirname, 'fixtures/markets-rss.xml'), 'utf8');
const ATOM = readFileSync(path.join(__dirname, 'fixtures/news-atom.xml'), 'utf8');
const ETAG = '"rss-v1"';
const LAST_MODIFIED = 'Tue, 12 Mar 2024 14:05:11 GMT';

type Handler = (req: { url: string; headers: IncomingHttpHeaders }) => {
  status: number;
  headers?: Record<string, string>;
  body?: string;
};

let server: Server;
let base = '';
let handler: Handler = () => ({ status: 500 });
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.headers);
    const r = handler({ url: req.url ?? '/', headers: req.headers });
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
});

/** Serves the RSS fixture with validators and answers conditional requests with 304. */
const conditionalRss: Handler = ({ headers }) =>
  headers['if-none-match'] === ETAG || headers['if-modified-since'] === LAST_MODIFIED
    ? { status: 304, headers: { etag: ETAG } as Record<string, string> }
    : {
        status: 200,
        headers: {
          'content-type': 'application/rss+xml; charset=utf-8',
          etag: ETAG,
          'last-modified': LAST_MODIFIED,
        },
        body: RSS,
      };

const P = { ...DEFAULT_POLL_POLICY, intervalMs: 300_000, backoffBaseMs: 60_000, timeoutMs: 5_000 };

describe('pollFeed against a fake feed server', () => {
  it('fetches and parses RSS, then gets 304 for a conditional request', async () => {
    handler = conditionalRss;
    let now = 1_000_000;
    const clock = () => now;
    const first = await pollFeed(initialFeedState(`${base}/rss`, now), { now: clock, policy: P });
    expect(first.outcome).toBe('updated');
    if (first.outcome !== 'updated') throw new Error('unreachable');
    expect(first.feed.items).toHaveLength(4);
    expect(first.feed.skipped).toHaveLength(2);
    expect(first.state).toMatchObject({
      etag: ETAG,
      lastModified: LAST_MODIFIED,
      failures: 0,
      nextPollAt: now + 300_000,
    });
    expect(seen[0]!['if-none-match']).toBeUndefined();
    expect(seen[0]!['user-agent']).toMatch(/feed reader/);

    now += 300_000;
    const second = await pollFeed(first.state, { now: clock, policy: P });
    expect(second.outcome).toBe('not-modified');
    expect(seen[1]!['if-none-match']).toBe(ETAG);
    expect(seen[1]!['if-modified-since']).toBe(LAST_MODIFIED);
    expect(second.state).toMatchObject({ etag: ETAG, lastStatus: 304, nextPollAt: now + 300_000 });
  });

  it('fetches Atom and resolves relative links against the feed', async () => {
    handler = () => ({ status: 200, headers: { 'content-type': 'application/atom+xml' }, body: ATOM });
    const r = await pollFeed(initialFeedState(`${base}/atom`, 0), { now: () => 0, policy: P });
    if (r.outcome !== 'updated') throw new Error(`expected updated, got ${r.outcome}`);
    expect(r.feed.format).toBe('atom');
    expect(r.feed.items[0]!.link).toBe('https://chain.example.org/2024/03/sec-sues-exchange');
    expect(r.state.etag).toBeUndefined();
  });

  it('backs off on 5xx, keeps validators, and recovers', async () => {
    let now = 0;
    const clock = () => now;
    handler = conditionalRss;
    let state: FeedState = (await pollFeed(initialFeedState(`${base}/rss`, now), { now: clock, policy: P }))
      .state;
    handler = () => ({ status: 503, body: 'upstream down' });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      now = state.nextPollAt;
      const r = await pollFeed(state, { now: clock, policy: P });
      expect(r.outcome).toBe('failed');
      if (r.outcome === 'failed') expect(r.status).toBe(503);
      delays.push(r.state.nextPollAt - now);
      state = r.state;
    }
    expect(delays).toEqual([60_000, 120_000, 240_000]);
    expect(state.etag).toBe(ETAG);
    handler = conditionalRss;
    now = state.nextPollAt;
    const back = await pollFeed(state, { now: clock, policy: P });
    expect(back.outcome).toBe('not-modified');
    expect(back.state.failures).toBe(0);
  });

  it('waits as long as a 429 Retry-After asks', async () => {
    handler = () => ({ status: 429, headers: { 'retry-after': '900' } });
    const r = await pollFeed(initialFeedState(`${base}/rss`, 0), { now: () => 0, policy: P });
    expect(r.outcome).toBe('failed');
    expect(r.state.nextPollAt).toBe(900_000);
  });

  it('treats a body that is not a feed as a failure and keeps no validators from it', async () => {
    handler = () => ({
      status: 200,
      headers: { etag: '"html"' },
      body: '<html><body>Maintenance</body></html>',
    });
    const r = await pollFeed(initialFeedState(`${base}/rss`, 0), { now: () => 0, policy: P });
    expect(r.outcome).toBe('failed');
    if (r.outcome === 'failed') expect(r.error).toMatch(/neither/);
    expect(r.state.etag).toBeUndefined();
    expect(r.state.failures).toBe(1);
  });

  it('decodes a feed declared in ISO-8859-1', async () => {
    const latin = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title><item><title>Bitcoin gagne 5\xa0% \xe0 Paris</title><link>https://x.test/a</link></item></channel></rss>',
      'latin1',
    );
    const latinServer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(latin);
    });
    await new Promise<void>((resolve) => latinServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(latinServer.address() as AddressInfo).port}/`;
      const r = await pollFeed(initialFeedState(url, 0), { now: () => 0, policy: P });
      if (r.outcome !== 'updated') throw new Error(`expected updated, got ${r.outcome}`);
      expect(r.feed.title).toBe('Café');
      expect(r.feed.items[0]!.title).toBe('Bitcoin gagne 5 % à Paris');
    } finally {
      await new Promise<void>((resolve) => latinServer.close(() => resolve()));
    }
  });

  it('fails fast on an unreachable host and on a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await pollFeed(initialFeedState(`http://127.0.0.1:${port}/`, 0), {
      now: () => 0,
      policy: P,
    });
    expect(down.outcome).toBe('failed');

    const hanging = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`;
      const slow = await pollFeed(initialFeedState(url, 0), {
        now: () => 0,
        policy: { ...P, timeoutMs: 200 },
      });
      expect(slow.outcome).toBe('failed');
      if (slow.outcome === 'failed') expect(slow.error).toMatch(/Timeout|abort/i);
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });

  it('refuses a body over the size limit', async () => {
    handler = () => ({ status: 200, body: RSS });
    const r = await pollFeed(initialFeedState(`${base}/rss`, 0), {
      now: () => 0,
      policy: { ...P, maxBytes: 1000 },
    });
    expect(r.outcome).toBe('failed');
    if (r.outcome === 'failed') expect(r.error).toMatch(/larger than 1000 bytes/);
  });
});
