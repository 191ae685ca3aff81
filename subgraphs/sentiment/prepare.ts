/**
 * From a raw document (a feed item or a bulk-ingest input) to what gets stored: scored with the
 * core's scoreDocument (headline 0.6, body 0.4), linked to coins, and given its de-duplication keys.
 * Pure: the linker is passed in.
 */
import { scoreDocument, type CoinLinker, type SentimentLabel } from './core';
import { hashText, normaliseUrl, type FeedItem } from './feeds';

/** Stored bodies are cut here: the score and the links are taken from the whole text first. */
export const MAX_STORED_BODY = 20_000;

export interface RawDocument {
  /** Lower-case source name: a feed's host ("coindesk.com") or the bulk input's `source`. */
  readonly source: string;
  readonly title: string;
  readonly body: string;
  readonly url?: string;
  readonly guid?: string;
  readonly publishedAt: Date;
}

export interface PreparedDocument extends RawDocument {
  /** sha256 of the normalised title and body: equal for the same story from a feed or a bulk input. */
  readonly contentHash: string;
  readonly score: number;
  readonly label: SentimentLabel;
  /** The coins the document talks about, in order of first mention. */
  readonly coinIds: string[];
  /** Keys under which the document is a duplicate: `sha256:`, `link:` (normalised URL), `guid:` (per source). */
  readonly dedupKeys: string[];
}

export function prepareDocument(raw: RawDocument, linker: CoinLinker): PreparedDocument {
  const title = raw.title.trim();
  const body = raw.body.trim();
  const { score, label } = scoreDocument(title, body);
  const coinIds = linker.link(title && body ? `${title}. ${body}` : title || body).map((m) => m.coinId);
  const url = raw.url ? normaliseUrl(raw.url) : undefined;
  const guid = raw.guid?.trim() || undefined;
  const contentHash = hashText(title, body);
  return {
    source: raw.source,
    title,
    body: body.length > MAX_STORED_BODY ? body.slice(0, MAX_STORED_BODY) : body,
    url,
    guid,
    publishedAt: raw.publishedAt,
    contentHash,
    score,
    label,
    coinIds,
    dedupKeys: [
      `sha256:${contentHash}`,
      ...(url ? [`link:${url}`] : []),
      ...(guid ? [`guid:${raw.source}\n${guid}`] : []),
    ],
  };
}

/**
 * A feed item as a raw document. Items without a date take the fetch time; dates in the future
 * (wrong clocks, time zones mislabelled) are clamped to the fetch time so that they do not
 * outweigh real news in the decayed aggregates.
 */
export function feedItemToRaw(item: FeedItem, source: string, fetchedAt: number): RawDocument {
  const t = item.publishedAt ? Date.parse(item.publishedAt) : NaN;
  return {
    source,
    title: item.title,
    body: item.summary,
    url: item.link,
    guid: item.guid,
    publishedAt: new Date(Number.isFinite(t) ? Math.min(t, fetchedAt) : fetchedAt),
  };
}

/** Documents whose keys were not seen before (in `seen` or earlier in the list), in order. */
export function newDocuments<T extends { dedupKeys: readonly string[] }>(
  docs: readonly T[],
  seen: Set<string>,
): T[] {
  const out: T[] = [];
  for (const d of docs) {
    if (d.dedupKeys.some((k) => seen.has(k))) continue;
    for (const k of d.dedupKeys) seen.add(k);
    out.push(d);
  }
  return out;
}
