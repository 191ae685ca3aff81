/**
 * Ingestion, shared by the feed poller and the bulk mutation: prepare (score, link, keys), store
 * what is new, then recompute the scores of the coins the new documents talk about.
 */
import type { Db } from '../../lib/db';
import type { Logger } from '../../lib/logger';
import { buildCoinLinker, type CoinLinker } from './core';
import type { DocumentStore, InsertResult } from './documents';
import { prepareDocument, type RawDocument } from './prepare';
import type { ScoreRow, ScoreUpdater } from './scores';

export interface IngestSummary {
  received: number;
  inserted: InsertResult['inserted'];
  duplicates: number;
  /** Score rows (coin and window) that changed because of the new documents. */
  scoresUpdated: ScoreRow[];
}

/**
 * The coin catalog for linking. It is market-data's Coin table, read here directly (read-only): the
 * linker needs every coin's symbol and name for each batch, which a graph query per batch would
 * only slow down. The linker is rebuilt only when the catalog changes.
 */
export class CatalogLinker {
  private cached?: { fingerprint: string; linker: CoinLinker };

  constructor(private readonly db: Db) {}

  async linker(): Promise<CoinLinker> {
    const coins = await this.db.coin.findMany({
      select: { id: true, symbol: true, name: true },
      // Shared tickers and names go to the larger coin (see buildCoinLinker).
      orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
    });
    const fingerprint = coins.map((c) => `${c.id}\t${c.symbol}\t${c.name}`).join('\n');
    if (this.cached?.fingerprint !== fingerprint)
      this.cached = { fingerprint, linker: buildCoinLinker(coins) };
    return this.cached.linker;
  }
}

export class Ingestor {
  constructor(
    private readonly catalog: CatalogLinker,
    private readonly store: DocumentStore,
    private readonly scores: ScoreUpdater,
    private readonly log: Logger,
  ) {}

  async ingest(raw: readonly RawDocument[]): Promise<IngestSummary> {
    if (!raw.length) return { received: 0, inserted: [], duplicates: 0, scoresUpdated: [] };
    const linker = await this.catalog.linker();
    const prepared = raw.map((r) => prepareDocument(r, linker));
    const { inserted, duplicates } = await this.store.insertNew(prepared);
    const coins = new Set(inserted.flatMap((d) => d.coinIds));
    const scoresUpdated = coins.size ? await this.scores.recompute(coins) : [];
    if (inserted.length)
      this.log.info(
        {
          received: raw.length,
          inserted: inserted.length,
          duplicates,
          coins: coins.size,
          scores: scoresUpdated.length,
        },
        'ingested news documents',
      );
    return { received: raw.length, inserted, duplicates, scoresUpdated };
  }
}
