/** The document store on the real PostgreSQL: racing inserts, de-duplication keys, keyset pages. */
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import { DATABASE_URL } from '../../test/support/servers';
import { buildCoinLinker } from './core';
import { DocumentStore } from './documents';
import { prepareDocument, type RawDocument } from './prepare';

const sfx = randomBytes(6).toString('hex');
const linker = buildCoinLinker([{ id: 'bitcoin', symbol: 'BTC', name: 'Bitcoin' }]);
const T = new Date('2024-03-12T12:00:00Z');
const doc = (k: number, over: Partial<RawDocument> = {}) =>
  prepareDocument(
    { source: `src-${sfx}`, title: `Story ${k} about Bitcoin (${sfx})`, body: '', publishedAt: T, ...over },
    linker,
  );

let db: Db;
let store: DocumentStore;

beforeAll(() => {
  db = createDb(DATABASE_URL, 4);
  store = new DocumentStore(db);
});

afterAll(async () => {
  await db.sentimentDocument.deleteMany({ where: { title: { contains: sfx } } });
  await db.$disconnect();
});

describe('DocumentStore', () => {
  it('stores each document once when the same batch races itself', async () => {
    const batch = [1, 2, 3, 4, 5].map((k) => doc(k));
    const results = await Promise.all([
      store.insertNew(batch),
      store.insertNew(batch),
      store.insertNew(batch),
    ]);
    expect(results.reduce((n, r) => n + r.inserted.length, 0)).toBe(5);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(10);
    expect(await db.sentimentDocument.count({ where: { title: { contains: sfx } } })).toBe(5);
    expect(await db.documentCoin.count({ where: { document: { title: { contains: sfx } } } })).toBe(5);
  });

  it('recognises a stored document by URL or by guid within the same source', async () => {
    const first = await store.insertNew([
      doc(10, { url: `https://n.example/${sfx}/10?utm_source=x`, guid: `g10-${sfx}` }),
    ]);
    expect(first.inserted).toHaveLength(1);
    expect(first.inserted[0]!.url).toBe(`https://n.example/${sfx}/10`);
    const again = await store.insertNew([
      doc(11, { url: `https://n.example/${sfx}/10#comments` }), // same page
      doc(12, { guid: `g10-${sfx}` }), // same guid, same source
      doc(13, { guid: `g10-${sfx}`, source: `other-${sfx}` }), // same guid, another source: new
    ]);
    expect(again.duplicates).toBe(2);
    expect(again.inserted.map((d) => d.title)).toEqual([`Story 13 about Bitcoin (${sfx})`]);
    expect(again.inserted[0]!.coinIds).toEqual(['bitcoin']);
  });

  it('pages newest first with stable cursors across equal publication times', async () => {
    const times = [0, 1, 1, 1, 2, 3].map((h) => new Date(T.getTime() + 86_400_000 + h * 3_600_000));
    await store.insertNew(
      times.map((publishedAt, k) => doc(100 + k, { publishedAt, source: `page-${sfx}` })),
    );
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await store.page({ first: 4, after, coinIds: ['bitcoin'] });
      seen.push(...page.edges.map((e) => e.node.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const ours = await db.sentimentDocument.findMany({
      where: { coins: { some: { coinId: 'bitcoin' } } },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    expect(seen).toEqual(ours.map((d) => d.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil(ours.length / 4));
    const total = await (await store.page({ first: 1, coinIds: ['bitcoin'] })).totalCount();
    expect(total).toBe(ours.length);
    await expect(store.page({ first: 101 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
    });
    await expect(store.page({ after: 'bm9wZQ' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  });
});
