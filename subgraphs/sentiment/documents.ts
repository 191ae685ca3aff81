/**
 * SentimentDocument and DocumentCoin rows: idempotent inserts and paged reads. The sentiment
 * subgraph is the only writer of these tables.
 */
import type { Prisma, SentimentDocument } from '@prisma/client';
import type { Db } from '../../lib/db';
import { badInput } from '../../lib/errors';
import { newDocuments, type PreparedDocument } from './prepare';

export const MAX_PAGE = 100;

export interface InsertResult {
  /** The rows written, with the coins each was linked to. */
  inserted: (SentimentDocument & { coinIds: string[] })[];
  /** Documents not written because they were already stored or repeated in the batch. */
  duplicates: number;
}

export interface DocumentPage {
  edges: { cursor: string; node: SentimentDocument }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  /** Resolved only when asked for (graphql-js calls a function-valued field). */
  totalCount: () => Promise<number>;
}

const encodeCursor = (d: { publishedAt: Date; id: string }) =>
  Buffer.from(`${d.publishedAt.toISOString()}|${d.id}`, 'utf8').toString('base64url');

function decodeCursor(cursor: string): { publishedAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const publishedAt = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(publishedAt.getTime()))
    throw badInput('Invalid pagination cursor', { field: 'after' });
  return { publishedAt, id };
}

export class DocumentStore {
  constructor(private readonly db: Db) {}

  /**
   * Writes the documents that are new: not stored under any of their keys (content hash, normalised
   * URL, or guid within the same source) and not repeated earlier in the batch. Safe to run
   * concurrently with itself: the unique content hash turns a racing twin into a skipped row.
   */
  async insertNew(docs: readonly PreparedDocument[]): Promise<InsertResult> {
    const unique = newDocuments(docs, new Set());
    const seen = await this.storedKeys(unique);
    const fresh = newDocuments(unique, seen);
    if (!fresh.length) return { inserted: [], duplicates: docs.length };
    const coinsByHash = new Map(fresh.map((d) => [d.contentHash, d.coinIds]));
    const inserted = await this.db.$transaction(async (tx) => {
      const rows = await tx.sentimentDocument.createManyAndReturn({
        data: fresh.map((d) => ({
          source: d.source,
          url: d.url ?? null,
          guid: d.guid ?? null,
          title: d.title,
          body: d.body,
          publishedAt: d.publishedAt,
          contentHash: d.contentHash,
          score: d.score,
          label: d.label,
        })),
        skipDuplicates: true,
      });
      const links = rows.flatMap((r) =>
        (coinsByHash.get(r.contentHash) ?? []).map((coinId) => ({ documentId: r.id, coinId })),
      );
      if (links.length) await tx.documentCoin.createMany({ data: links, skipDuplicates: true });
      return rows;
    });
    return {
      inserted: inserted.map((r) => ({ ...r, coinIds: coinsByHash.get(r.contentHash) ?? [] })),
      duplicates: docs.length - inserted.length,
    };
  }

  /** The keys (as in PreparedDocument.dedupKeys) under which any of these documents is already stored. */
  private async storedKeys(docs: readonly PreparedDocument[]): Promise<Set<string>> {
    const keys = new Set<string>();
    if (!docs.length) return keys;
    const urls = docs.flatMap((d) => (d.url ? [d.url] : []));
    const guidsBySource = new Map<string, string[]>();
    for (const d of docs)
      if (d.guid) guidsBySource.set(d.source, [...(guidsBySource.get(d.source) ?? []), d.guid]);
    const or: Prisma.SentimentDocumentWhereInput[] = [
      { contentHash: { in: docs.map((d) => d.contentHash) } },
    ];
    if (urls.length) or.push({ url: { in: urls } });
    for (const [source, guids] of guidsBySource) or.push({ source, guid: { in: guids } });
    const rows = await this.db.sentimentDocument.findMany({
      where: { OR: or },
      select: { contentHash: true, url: true, guid: true, source: true },
    });
    for (const r of rows) {
      keys.add(`sha256:${r.contentHash}`);
      if (r.url) keys.add(`link:${r.url}`);
      if (r.guid) keys.add(`guid:${r.source}\n${r.guid}`);
    }
    return keys;
  }

  /** Newest first (publication time, then id); `coinIds` narrows to documents about those coins. */
  async page(args: {
    first?: number | null;
    after?: string | null;
    coinIds?: readonly string[] | null;
  }): Promise<DocumentPage> {
    const first = args.first ?? 20;
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw badInput(`first must be between 1 and ${MAX_PAGE}`, { field: 'first' });
    if (args.coinIds && args.coinIds.length > MAX_PAGE)
      throw badInput(`coinIds may name at most ${MAX_PAGE} coins`, { field: 'coinIds' });
    const about: Prisma.SentimentDocumentWhereInput = args.coinIds?.length
      ? { coins: { some: { coinId: { in: [...args.coinIds] } } } }
      : {};
    const where: Prisma.SentimentDocumentWhereInput = { ...about };
    if (args.after) {
      const c = decodeCursor(args.after);
      where.OR = [{ publishedAt: { lt: c.publishedAt } }, { publishedAt: c.publishedAt, id: { lt: c.id } }];
    }
    const rows = await this.db.sentimentDocument.findMany({
      where,
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: first + 1,
    });
    const page = rows.slice(0, first);
    const last = page[page.length - 1];
    return {
      edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last) : null },
      totalCount: () => this.db.sentimentDocument.count({ where: about }),
    };
  }

  async byId(id: string): Promise<SentimentDocument | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return this.db.sentimentDocument.findUnique({ where: { id } });
  }

  /** The coins each document is linked to, for many documents in one query. */
  async coinsOf(documentIds: readonly string[]): Promise<string[][]> {
    const rows = await this.db.documentCoin.findMany({ where: { documentId: { in: [...documentIds] } } });
    const by = new Map<string, string[]>();
    for (const r of rows) by.set(r.documentId, [...(by.get(r.documentId) ?? []), r.coinId]);
    return documentIds.map((id) => by.get(id) ?? []);
  }
}
