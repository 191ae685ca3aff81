/**
 * The feed poller on the real PostgreSQL, against a local fake feed server speaking RSS over HTTP
 * (validators, 304, outages): malformed items are skipped and logged, state survives a change of
 * poller (another replica taking over), failures back off, and nothing is stored twice.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { MemoryCache } from '../../lib/cache';
import { createDb, type Db } from '../../lib/db';
import { MemoryBus } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import { DATABASE_URL } from '../../test/support/servers';
import { DocumentStore } from './documents';
import { FeedPoller } from './feed-polling';
import { CatalogLinker, Ingestor } from './ingest';
import { ScoreUpdater } from './scores';

const sfx = randomBytes(6).toString('hex');
const lines: Record<string, unknown>[] = [];
const log = createLogger(
  'feed-test',
  'info',
  new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  }),
);

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
<item><title>Bitcoin climbs as ETF inflows grow (${sfx})</title><link>https://wire.example/${sfx}/1</link><guid>a-${sfx}</guid></item>
<item><guid>empty-${sfx}</guid></item>
<item><title>Bad link ${sfx}</title><link>mailto:desk@wire.example</link><guid>b-${sfx}</guid></item>
<item><title>Ethereum fees fall to a yearly low (${sfx})</title><link>/${sfx}/2</link><guid>c-${sfx}</guid><pubDate>not a date</pubDate></item>
</channel></rss>`;

let server: Server;
let base = '';
let respond: (h: IncomingHttpHeaders) => { status: number; headers?: Record<string, string>; body?: string };
const requests: IncomingHttpHeaders[] = [];
let db: Db;
let ingestor: Ingestor;
let scores: ScoreUpdater;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.headers);
    const r = respond(req.headers);
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  db = createDb(DATABASE_URL, 2);
  const bus = new MemoryBus(log);
  const store = new DocumentStore(db);
  scores = new ScoreUpdater(db, new MemoryCache(), bus, log);
  ingestor = new Ingestor(new CatalogLinker(db), store, scores, log);
});

afterAll(async () => {
  await db.sentimentDocument.deleteMany({ where: { title: { contains: sfx } } });
  await scores.recompute(['bitcoin', 'ethereum']); // their scores without this test's documents
  await db.feedState.deleteMany({ where: { url: { startsWith: base } } });
  await db.$disconnect();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const policy = { intervalMs: 60_000, backoffBaseMs: 10_000, maxBackoffMs: 40_000, timeoutMs: 5_000 };

describe('FeedPoller', () => {
  it('stores valid items, skips and logs malformed ones, and continues from the stored state', async () => {
    const url = `${base}/ok.xml`;
    respond = (h) =>
      h['if-none-match'] === '"e1"'
        ? { status: 304 }
        : { status: 200, headers: { 'content-type': 'application/rss+xml', etag: '"e1"' }, body: RSS };
    let now = Date.now();
    const first = new FeedPoller([url], db, ingestor, log, { policy, now: () => now });
    await first.pollDue();

    const stored = await db.sentimentDocument.findMany({
      where: { title: { contains: sfx } },
      include: { coins: true },
    });
    expect(stored.map((d) => d.guid).sort()).toEqual([`a-${sfx}`, `c-${sfx}`]);
    const c = stored.find((d) => d.guid === `c-${sfx}`)!;
    expect(c.url).toBe(`https://wire.example/${sfx}/2`); // resolved against the channel link
    expect(c.publishedAt.getTime()).toBe(now); // unreadable date: the fetch time
    expect(c.coins.map((l) => l.coinId)).toEqual(['ethereum']);
    const skipped = lines.filter((l) => l.msg === 'skipped a malformed feed item' && l.feed === url);
    expect(skipped.map((l) => l.ref).sort()).toEqual([`b-${sfx}`, `empty-${sfx}`]);
    expect(skipped.every((l) => l.level === 40 && typeof l.reason === 'string')).toBe(true);
    expect(lines.some((l) => l.msg === 'feed oddity' && String(l.warning).includes('not a date'))).toBe(true);

    const state = await db.feedState.findUniqueOrThrow({ where: { url } });
    expect(state).toMatchObject({ etag: '"e1"', failures: 0, lastError: null });
    expect(state.nextPollAt.getTime()).toBe(now + policy.intervalMs);

    // Not due yet: no request.
    requests.length = 0;
    await first.pollDue();
    expect(requests).toHaveLength(0);

    // Another poller (a replica taking over) picks up the stored validators: 304, nothing stored.
    now += policy.intervalMs;
    await new FeedPoller([url], db, ingestor, log, { policy, now: () => now }).pollDue();
    expect(requests).toHaveLength(1);
    expect(requests[0]!['if-none-match']).toBe('"e1"');
    expect(await db.sentimentDocument.count({ where: { title: { contains: sfx } } })).toBe(2);

    // The full feed again (validators ignored by the server): still stored once.
    respond = () => ({ status: 200, headers: { etag: '"e2"' }, body: RSS });
    now += policy.intervalMs;
    await new FeedPoller([url], db, ingestor, log, { policy, now: () => now }).pollDue();
    expect(await db.sentimentDocument.count({ where: { title: { contains: sfx } } })).toBe(2);
    expect((await db.feedState.findUniqueOrThrow({ where: { url } })).etag).toBe('"e2"');
  });

  it('backs off a failing feed, persisting failures, and resets after a success', async () => {
    const url = `${base}/down.xml`;
    respond = () => ({ status: 502 });
    let now = Date.now();
    const poller = new FeedPoller([url], db, ingestor, log, { policy, now: () => now });
    requests.length = 0;
    await poller.pollDue();
    let state = await db.feedState.findUniqueOrThrow({ where: { url } });
    expect(state).toMatchObject({ failures: 1, lastError: 'HTTP 502' });
    expect(state.nextPollAt.getTime()).toBe(now + 10_000);

    now += 5_000; // not due
    await poller.pollDue();
    expect(requests).toHaveLength(1);
    now += 5_000;
    await poller.pollDue();
    state = await db.feedState.findUniqueOrThrow({ where: { url } });
    expect(state.failures).toBe(2);
    expect(state.nextPollAt.getTime()).toBe(now + 20_000);
    expect(
      lines.some((l) => l.msg === 'feed poll failed; backing off' && l.feed === url && l.status === 502),
    ).toBe(true);

    // A body that is not a feed is a failure too (and keeps no validators).
    respond = () => ({
      status: 200,
      headers: { etag: '"x"' },
      body: '<html><body>Maintenance</body></html>',
    });
    now += 20_000;
    await poller.pollDue();
    state = await db.feedState.findUniqueOrThrow({ where: { url } });
    expect(state).toMatchObject({ failures: 3, etag: null });
    expect(state.nextPollAt.getTime()).toBe(now + 40_000);

    respond = () => ({ status: 200, headers: { etag: '"ok"' }, body: RSS });
    now += 40_000;
    await poller.pollDue();
    state = await db.feedState.findUniqueOrThrow({ where: { url } });
    expect(state).toMatchObject({ failures: 0, etag: '"ok"', lastError: null });
  });
});
