/**
 * The sentiment subgraph end to end on the real PostgreSQL, Redis and Kafka: a local fake RSS server
 * → feed polling (conditional requests, backoff, de-duplication, malformed items) → scored and linked
 * documents → per-coin scores in the database and in Redis → `sentiment_scores` on Kafka → the
 * gateway's `Coin.sentiment`, `Coin.news` and a graphql-ws `sentimentUpdated` subscriber; the admin
 * bulk-ingest mutation; and the market index through the gateway.
 *
 * The test creates two coins of its own (names and tickers no catalog has), so that the expected
 * scores depend on this test's documents only, and removes them afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairPem } from '../../lib/auth';
import { CacheKey } from '../../lib/cache';
import { KafkaBus, type ConsumerHandle, type SentimentScoreUpdate } from '../../lib/events';
import { createLogger } from '../../lib/logger';
import type { Platform } from '../../scripts/platform';
import { startTestPlatform } from '../support/platform';
import { marketSentimentIndex, scoreDocument } from '../../subgraphs/sentiment/core';
import { collect, gql, gqlData, uniqueEmail, wsClient } from '../support/client';
import { KAFKA_BROKERS, waitFor } from '../support/servers';

jest.setTimeout(120_000);

const log = createLogger('e2e', 'silent');
const sfx = Array.from(randomBytes(6), (b) => String.fromCharCode(97 + (b % 26))).join('');
const SYM = sfx.slice(0, 3).toUpperCase();
const A = { id: `e2e-a-${sfx}`, symbol: `ZA${SYM}`, name: `Zarqon${sfx}` };
const B = { id: `e2e-b-${sfx}`, symbol: `ZB${SYM}`, name: `Zelvar${sfx}` };
const adminEmail = uniqueEmail('sentiment-admin');
const startedAt = Date.now();
// One publication time for every document: equal decay weights, so a window's score is the plain
// mean of its documents' scores whenever it is recomputed.
const PUB = new Date(Math.floor((startedAt - 10 * 60_000) / 1000) * 1000);

// ---- the fake feed: RSS 2.0 as news sites serve it --------------------------------------------
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
interface Item {
  guid?: string;
  link?: string;
  title?: string;
  description?: string;
}
const item = (i: Item) =>
  `<item>${i.title !== undefined ? `<title>${esc(i.title)}</title>` : ''}${i.link ? `<link>${esc(i.link)}</link>` : ''}` +
  `${i.description !== undefined ? `<description><![CDATA[${i.description}]]></description>` : ''}` +
  `${i.guid ? `<guid isPermaLink="false">${i.guid}</guid>` : ''}<pubDate>${PUB.toUTCString()}</pubDate></item>`;
const rss = (items: Item[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
  `<channel><title>E2E crypto wire</title><link>https://news.example.com/</link><description>test</description>` +
  `${items.map(item).join('\n')}</channel></rss>`;

const FEED1: Item[] = [
  {
    guid: `g1-${sfx}`,
    link: `https://news.example.com/a/${sfx}/1`,
    title: `${A.name} soars 20% as exchange listing draws strong demand`,
    description: `<p>Traders cheered the <b>listing</b> of ${A.name}.</p>`,
  },
  {
    guid: `g2-${sfx}`,
    link: `https://news.example.com/a/${sfx}/2`,
    title: `$${A.symbol} plunges after bridge hack drains $50 million; ${B.name} also hit`,
    description: 'Investors fear further losses.',
  },
  {
    guid: `g3-${sfx}`,
    link: `https://news.example.com/a/${sfx}/3`,
    title: 'One way to link your travel plans: stay near the beach for the sol',
    description: `Holiday tips, part ${sfx}. It is one of those summers.`,
  },
  { guid: `bad1-${sfx}` }, // no title, no text: skipped
  { guid: `bad2-${sfx}`, link: 'javascript:alert(1)', title: `Broken link ${sfx}` }, // skipped
];
const FEED2: Item[] = [
  ...FEED1,
  // The same story again, syndicated under another guid with tracking parameters: same link.
  { ...FEED1[0]!, guid: `g1-syndicated-${sfx}`, link: `${FEED1[0]!.link}?utm_source=rss&utm_medium=feed` },
  {
    guid: `g5-${sfx}`,
    link: `https://news.example.com/a/${sfx}/5`,
    title: `${A.name} developers ship network upgrade on schedule`,
    description: 'The release went live without problems.',
  },
];

let feedServer: Server;
let feedUrl = '';
let feedMode: 'down' | 'up' = 'down';
const feedRequests: IncomingHttpHeaders[] = [];

function feedHandler(headers: IncomingHttpHeaders): {
  status: number;
  headers: Record<string, string>;
  body?: string;
} {
  if (feedMode === 'down') return { status: 503, headers: { 'retry-after': '0' } };
  const served = feedRequests.filter((h) => h['x-served'] === 'yes').length;
  const xml = { 'content-type': 'application/rss+xml; charset=utf-8' };
  if (served === 0) return { status: 200, headers: { ...xml, etag: '"v1"' }, body: rss(FEED1) };
  // The second full fetch ignores the validators on purpose (a feed that changed): the items it
  // repeats must not be stored twice. After that, validators are honoured with 304.
  if (served === 1 || headers['if-none-match'] !== '"v2"')
    return { status: 200, headers: { ...xml, etag: '"v2"' }, body: rss(FEED2) };
  return { status: 304, headers: { etag: '"v2"' } };
}

// ---- platform ---------------------------------------------------------------------------------
let platform: Platform;
let url = '';
let bus: KafkaBus;
let consumer: ConsumerHandle;
const kafkaEvents: SentimentScoreUpdate[] = [];

const closesOf = (i: number) => 100 + 4 * Math.sin(i) + 0.6 * i; // deterministic daily closes
const DAY = 86_400_000;
const today = Math.floor(startedAt / DAY) * DAY;

beforeAll(async () => {
  feedServer = createServer((req, res) => {
    const r = feedHandler(req.headers);
    feedRequests.push({
      ...req.headers,
      'x-served': r.status === 200 ? 'yes' : 'no',
      'x-status': String(r.status),
    });
    res.writeHead(r.status, r.headers);
    res.end(r.body);
  });
  await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}/feed.xml`;

  bus = new KafkaBus({ brokers: KAFKA_BROKERS, clientId: `e2e-sentiment-${sfx}`, log });
  consumer = await bus.subscribe({
    topic: 'sentiment_scores',
    mode: 'broadcast',
    group: `e2e-sentiment-${sfx}`,
    fromBeginning: true,
    handler: async (e) => {
      if (e.coinId === A.id || e.coinId === B.id) kafkaEvents.push(e);
    },
  });

  const pair = generateKeyPairPem();
  platform = await startTestPlatform({
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    adminEmails: [adminEmail],
    sentiment: {
      feeds: [feedUrl],
      polling: {
        tickMs: 100,
        policy: { intervalMs: 300, backoffBaseMs: 200, maxBackoffMs: 400, timeoutMs: 5000 },
      },
      marketBasket: [A.id, B.id],
      // Scores here are recomputed by ingestion; the sliding refresh is another replica's business.
      refreshIntervalMs: 0,
    },
    log,
  });
  url = platform.url;
  const db = platform.runtime.db;
  for (const c of [A, B]) await db.coin.create({ data: { ...c, rank: null } });
  // A month of DAY_1 candles for the basket (the market index reads them), same closes for both.
  const candles = [];
  for (let k = 0; k <= 30; k++) {
    const close = closesOf(k).toFixed(8);
    for (const c of [A, B])
      candles.push({
        coinId: c.id,
        interval: 'DAY_1' as const,
        openTime: new Date(today - (30 - k) * DAY),
        open: close,
        high: close,
        low: close,
        close,
        volume: '1',
      });
  }
  await db.candle.createMany({ data: candles });
});

afterAll(async () => {
  const db = platform?.runtime.db;
  if (db) {
    await db.sentimentDocument.deleteMany({
      where: { OR: [{ title: { contains: sfx } }, { body: { contains: sfx } }, { guid: { contains: sfx } }] },
    });
    await db.coin.deleteMany({ where: { id: { in: [A.id, B.id] } } }); // cascades links, scores, candles
    await db.feedState.deleteMany({ where: { url: feedUrl } });
    await platform.runtime.cache.del(CacheKey.sentiment(A.id), CacheKey.sentiment(B.id));
  }
  await consumer?.stop();
  await bus?.close();
  await platform?.close();
  await new Promise<void>((resolve) => feedServer?.close(() => resolve()));
});

async function token(email: string) {
  const password = 'correct horse battery staple';
  await gqlData(url, 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }', {
    i: { email, password },
  });
  const { login } = await gqlData<{ login: { accessToken: string; user: { role: string } } }>(
    url,
    'mutation($i: LoginInput!) { login(input: $i) { accessToken user { role } } }',
    { i: { email, password } },
  );
  return login;
}

const docsOf = (coinId: string) =>
  platform.runtime.db.sentimentDocument.findMany({
    where: { coins: { some: { coinId } } },
    orderBy: { title: 'asc' },
  });
const scoreRow = (coinId: string, window: string) =>
  platform.runtime.db.sentimentScore.findUnique({ where: { coinId_window: { coinId, window } } });
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('sentiment end to end', () => {
  it('polls a feed, stores each document once, scores coins, caches, publishes and pushes to subscribers', async () => {
    const db = platform.runtime.db;
    // 1. The feed is down at first: the failure and its backoff are persisted.
    const failing = await waitFor(
      async () => {
        const s = await db.feedState.findUnique({ where: { url: feedUrl } });
        return s && s.failures > 0 ? s : undefined;
      },
      15_000,
      'a failed poll recorded in FeedState',
    );
    expect(failing.lastError).toBe('HTTP 503');
    expect(failing.nextPollAt.getTime()).toBeGreaterThan(failing.lastPolledAt!.getTime());
    // Every feed failing in a row degrades readiness; the service still serves (200).
    const ready = () => fetch(new URL('/ready', platform.subgraphs.sentiment.url));
    await waitFor(
      async () =>
        (await db.feedState.findUnique({ where: { url: feedUrl } }))!.failures >= 3 ? true : undefined,
      15_000,
      'three failed polls',
    );
    const degraded = await ready();
    expect(degraded.status).toBe(200);
    expect(await degraded.json()).toMatchObject({
      status: 'degraded',
      checks: { feeds: false, database: true },
    });

    // 2. A graphql-ws subscriber, live once a warm-up event published to Kafka reaches it.
    const client = wsClient(url);
    const sub = collect<{
      sentimentUpdated: {
        coinId: string;
        score: number;
        label: string;
        window: string;
        ts: string;
        coin: { name: string };
      };
    }>(
      client,
      `subscription($ids: [ID!]) { sentimentUpdated(coinIds: $ids, window: "24h") { coinId score label window ts coin { name } } }`,
      { ids: [A.id] },
    );
    try {
      await waitFor(
        async () => {
          if (sub.results.length) return true;
          await bus.publish('sentiment_scores', {
            v: 1,
            id: randomUUID(),
            coinId: A.id,
            score: 0,
            label: 'NEUTRAL',
            documents: 0,
            window: '24h',
            ts: '2000-01-01T00:00:00.000Z',
          });
          await new Promise((r) => setTimeout(r, 300));
          return undefined;
        },
        30_000,
        'the subscription to go live',
      );
      expect(sub.results[0]!.data!.sentimentUpdated.coin.name).toBe(A.name);

      // 3. The feed comes up: two full fetches (the second repeating items), then 304s.
      feedMode = 'up';
      await waitFor(
        () => (feedRequests.some((h) => h['x-status'] === '304') ? true : undefined),
        20_000,
        'a 304',
      );
      expect(((await (await ready()).json()) as { checks: { feeds: boolean } }).checks.feeds).toBe(true);
      const served = feedRequests.filter((h) => h['x-status'] !== '503');
      expect(served[1]!['if-none-match']).toBe('"v1"');
      expect(served[2]!['if-none-match']).toBe('"v2"');

      const stored = await db.sentimentDocument.findMany({
        where: { OR: [{ guid: { contains: sfx } }, { body: { contains: sfx } }] },
        include: { coins: true },
      });
      const byGuid = new Map(stored.map((d) => [d.guid, d]));
      // Each story once: the syndicated copy (same link) and the malformed items are not stored.
      expect([...byGuid.keys()].sort()).toEqual([`g1-${sfx}`, `g2-${sfx}`, `g3-${sfx}`, `g5-${sfx}`]);
      expect(stored).toHaveLength(4);
      const coinsOf = (g: string) =>
        byGuid
          .get(`${g}-${sfx}`)!
          .coins.map((c) => c.coinId)
          .sort();
      expect(coinsOf('g1')).toEqual([A.id]);
      expect(coinsOf('g2')).toEqual([A.id, B.id].sort());
      expect(coinsOf('g5')).toEqual([A.id]);
      // ONE, LINK, NEAR and SOL as plain words: no coin.
      expect(coinsOf('g3')).toEqual([]);
      const g1 = byGuid.get(`g1-${sfx}`)!;
      expect(g1).toMatchObject({ source: '127.0.0.1', url: FEED1[0]!.link, publishedAt: PUB });
      expect(g1.body).toBe(`Traders cheered the listing of ${A.name}.`); // HTML stripped
      expect(g1.score).toBeCloseTo(scoreDocument(g1.title, g1.body).score, 10);
      expect(g1.label).toBe(scoreDocument(g1.title, g1.body).label);
      expect(g1.score).toBeGreaterThan(0.2);
      expect(byGuid.get(`g2-${sfx}`)!.score).toBeLessThan(-0.2);

      // 4. Scores: the 24h window of A is the mean of its three documents (equal decay weights).
      const aDocs = await docsOf(A.id);
      expect(aDocs).toHaveLength(3);
      const expected = round4(mean(aDocs.map((d) => d.score)));
      const row = await waitFor(async () => {
        const r = await scoreRow(A.id, '24h');
        return r && r.documents === 3 ? r : undefined;
      });
      expect(row.score).toBeCloseTo(expected, 4);
      for (const w of ['1h', '7d'])
        expect(await scoreRow(A.id, w)).toMatchObject({ documents: 3, score: row.score });
      expect(await scoreRow(B.id, '24h')).toMatchObject({
        documents: 1,
        score: round4(byGuid.get(`g2-${sfx}`)!.score),
      });

      // 5. The cache holds every window of the coin, as stored.
      const cached = JSON.parse((await platform.runtime.rawCache.get(CacheKey.sentiment(A.id)))!) as Record<
        string,
        { score: number; documents: number; label: string }
      >;
      expect(Object.keys(cached).sort()).toEqual(['1h', '24h', '7d']);
      expect(cached['24h']).toMatchObject({ score: row.score, documents: 3, label: row.label });
      expect(await platform.runtime.rawCache.pttl(CacheKey.sentiment(A.id))).toBeGreaterThan(3_500_000);

      // 6. Kafka carries one event per changed coin and window; the latest 24h one is the stored score.
      const latest = await waitFor(() => {
        const e = kafkaEvents.filter(
          (x) => x.coinId === A.id && x.window === '24h' && Date.parse(x.ts) >= startedAt,
        );
        const last = e[e.length - 1];
        return last && last.documents === 3 ? last : undefined;
      }, 15_000);
      expect(latest).toMatchObject({
        v: 1,
        score: row.score,
        label: row.label,
        ts: row.updatedAt.toISOString(),
      });
      expect(new Set(kafkaEvents.filter((x) => x.coinId === A.id).map((x) => x.window))).toEqual(
        new Set(['1h', '24h', '7d']),
      );

      // 7. The subscriber got it, hydrated with the coin's name from market-data.
      const pushed = await waitFor(() =>
        sub.results.map((r) => r.data!.sentimentUpdated).find((u) => u.ts === row.updatedAt.toISOString()),
      );
      expect(pushed).toMatchObject({
        coinId: A.id,
        score: row.score,
        label: row.label,
        window: '24h',
        coin: { name: A.name },
      });
      expect(sub.results.every((r) => r.data!.sentimentUpdated.window === '24h')).toBe(true);
    } finally {
      sub.dispose();
      await client.dispose();
    }

    // 8. Through the gateway: the score and the coin's news, paginated.
    const q = await gqlData<{
      coin: {
        sentiment: { score: number; label: string; documents: number; window: string };
        week: { documents: number };
        news: {
          totalCount: number;
          edges: {
            cursor: string;
            node: { title: string; score: number; coins: { id: string; symbol: string }[] };
          }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    }>(
      url,
      `query($id: ID!) { coin(id: $id) { sentiment { score label documents window } week: sentiment(window: "7d") { documents }
         news(first: 2) { totalCount edges { cursor node { title score coins { id symbol } } } pageInfo { hasNextPage endCursor } } } }`,
      { id: A.id },
    );
    const row = (await scoreRow(A.id, '24h'))!;
    expect(q.coin.sentiment).toEqual({ score: row.score, label: row.label, documents: 3, window: '24h' });
    expect(q.coin.week.documents).toBe(3);
    expect(q.coin.news.totalCount).toBe(3);
    expect(q.coin.news.edges).toHaveLength(2);
    expect(q.coin.news.pageInfo.hasNextPage).toBe(true);
    const two = q.coin.news.edges.find((e) => e.node.coins.length === 2);
    if (two) expect(two.node.coins.map((c) => c.symbol).sort()).toEqual([A.symbol, B.symbol].sort());
    const rest = await gqlData<{
      coin: { news: { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean } } };
    }>(
      url,
      'query($id: ID!, $after: String) { coin(id: $id) { news(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage } } } }',
      { id: A.id, after: q.coin.news.pageInfo.endCursor },
    );
    expect(rest.coin.news.edges).toHaveLength(1);
    expect(rest.coin.news.pageInfo.hasNextPage).toBe(false);
    const titles = [
      ...q.coin.news.edges.map((e) => e.node.title),
      rest.coin.news.edges[0]!.node.title,
    ].sort();
    expect(titles).toEqual((await docsOf(A.id)).map((d) => d.title).sort());

    // Several coins in one request (one cache MGET for all of them), one without any score.
    await platform.runtime.cache.del(CacheKey.sentiment(B.id)); // B from the database, A from the cache
    const many = await gqlData<{
      a: { sentiment: { score: number } };
      b: { sentiment: { score: number; documents: number } };
    }>(
      url,
      `query($a: ID!, $b: ID!) { a: coin(id: $a) { sentiment { score } } b: coin(id: $b) { sentiment { score documents } } }`,
      { a: A.id, b: B.id },
    );
    const bRow = (await scoreRow(B.id, '24h'))!;
    expect(many).toEqual({
      a: { sentiment: { score: row.score } },
      b: { sentiment: { score: bRow.score, documents: bRow.documents } },
    });
    expect(JSON.parse((await platform.runtime.rawCache.get(CacheKey.sentiment(B.id)))!)['24h'].score).toBe(
      bRow.score,
    );

    const bad = await gql(url, 'query($id: ID!) { coin(id: $id) { sentiment(window: "2w") { score } } }', {
      id: A.id,
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('ingests documents in bulk for admins only, idempotently, with validation', async () => {
    const db = platform.runtime.db;
    const mutation = `mutation($i: IngestNewsDocumentsInput!) { ingestNewsDocuments(input: $i) {
      received inserted duplicates scoresUpdated documents { id title score label coins { id } } } }`;
    const documents = [
      {
        source: 'Wire.Example',
        title: `${B.name} rallies after record quarterly revenue`,
        body: `Strong growth, ref ${sfx}.`,
        url: `https://wire.example.com/${sfx}/1`,
        guid: `bulk-1-${sfx}`,
        publishedAt: PUB.toISOString(),
      },
      {
        source: 'wire.example',
        title: `Lawsuit against ${B.name} founders dismissed, ${B.symbol} holders relieved`,
        publishedAt: PUB.toISOString(),
      },
      // The first story again from another source and URL: a duplicate by content.
      {
        source: 'other.example',
        title: `${B.name} rallies after record quarterly revenue`,
        body: `Strong growth, ref ${sfx}.`,
        url: `https://other.example.com/${sfx}/copy`,
        publishedAt: PUB.toISOString(),
      },
    ];
    const before = (await docsOf(B.id)).length;
    const countOurs = () =>
      db.sentimentDocument.count({
        where: { OR: [{ title: { contains: sfx } }, { body: { contains: sfx } }] },
      });

    const anonymous = await gql(url, mutation, { i: { documents } });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const user = await token(uniqueEmail('sentiment-user'));
    const forbidden = await gql(url, mutation, { i: { documents } }, { token: user.accessToken });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await docsOf(B.id)).toHaveLength(before);

    const admin = await token(adminEmail);
    expect(admin.user.role).toBe('ADMIN');
    const invalid = await gql(
      url,
      mutation,
      { i: { documents: [{ ...documents[0], url: 'ftp://files.example.com/x' }] } },
      { token: admin.accessToken },
    );
    expect(invalid.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'documents.0.url',
    });
    const tooMany = await gql(
      url,
      mutation,
      { i: { documents: Array.from({ length: 501 }, (_, k) => ({ source: 's', title: `t${k}` })) } },
      { token: admin.accessToken },
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    type Result = {
      ingestNewsDocuments: {
        received: number;
        inserted: number;
        duplicates: number;
        scoresUpdated: number;
        documents: { id: string; title: string; score: number; label: string; coins: { id: string }[] }[];
      };
    };
    const first = await gqlData<Result>(url, mutation, { i: { documents } }, admin.accessToken);
    expect(first.ingestNewsDocuments).toMatchObject({ received: 3, inserted: 2, duplicates: 1 });
    expect(first.ingestNewsDocuments.scoresUpdated).toBeGreaterThanOrEqual(3); // B in 1h, 24h, 7d
    for (const d of first.ingestNewsDocuments.documents) {
      expect(d.coins).toEqual([{ id: B.id }]);
      const src = documents.find((x) => x.title === d.title)!;
      expect(d.score).toBeCloseTo(scoreDocument(src.title, src.body ?? '').score, 10);
    }
    const bDocs = await docsOf(B.id);
    expect(bDocs).toHaveLength(before + 2);
    expect(bDocs.filter((d) => d.source === 'wire.example')).toHaveLength(2); // stored in lower case
    const bRow = (await scoreRow(B.id, '24h'))!;
    expect(bRow).toMatchObject({ documents: before + 2, score: round4(mean(bDocs.map((d) => d.score))) });
    const stored = await countOurs();

    // Sending the same documents again writes nothing: no document, no score, no event.
    const eventsBefore = kafkaEvents.filter((e) => e.coinId === B.id).length;
    const again = await gqlData<Result>(url, mutation, { i: { documents } }, admin.accessToken);
    expect(again.ingestNewsDocuments).toEqual({
      received: 3,
      inserted: 0,
      duplicates: 3,
      scoresUpdated: 0,
      documents: [],
    });
    expect(await docsOf(B.id)).toHaveLength(before + 2);
    expect((await scoreRow(B.id, '24h'))!.updatedAt).toEqual(bRow.updatedAt);
    expect(await countOurs()).toBe(stored);
    await new Promise((r) => setTimeout(r, 1000));
    expect(kafkaEvents.filter((e) => e.coinId === B.id)).toHaveLength(eventsBefore);
  });

  it('serves the market sentiment index from news, momentum and volatility', async () => {
    const res = await gqlData<{
      marketSentiment: {
        index: number;
        label: string;
        newsSentiment: number | null;
        newsDocuments: number;
        momentum: number;
        volatility: number;
        components: { news: number | null; momentum: number; volatility: number };
        basket: string[];
        updatedAt: string;
      };
    }>(
      url,
      '{ marketSentiment { index label newsSentiment newsDocuments momentum volatility components { news momentum volatility } basket updatedAt } }',
    );
    const m = res.marketSentiment;
    expect(m.basket).toEqual([A.id, B.id]);
    // Both coins have the same closes, so the basket moves like either of them.
    const closes = Array.from({ length: 31 }, (_, k) => Number(closesOf(k).toFixed(8)));
    expect(m.momentum).toBeCloseTo((closes[30]! / closes[23]! - 1) * 100, 8);
    const r = closes.slice(1).map((c, k) => c / closes[k]! - 1);
    const avg = mean(r);
    const sd = Math.sqrt(r.reduce((s, x) => s + (x - avg) ** 2, 0) / (r.length - 1));
    expect(m.volatility).toBeCloseTo(sd * Math.sqrt(365), 8);
    const now = Date.parse(m.updatedAt);
    expect(m.newsDocuments).toBe(
      await platform.runtime.db.sentimentDocument.count({
        where: { publishedAt: { gt: new Date(now - DAY), lte: new Date(now + 5 * 60_000) } },
      }),
    );
    const expected = marketSentimentIndex({
      newsSentiment: m.newsSentiment,
      momentumPct: m.momentum,
      volatility: m.volatility,
    })!;
    expect(m.index).toBe(expected.index);
    expect(m.label).toBe(expected.label);
    expect(m.components.momentum).toBeCloseTo(expected.components.momentum!, 8);
  });
});
