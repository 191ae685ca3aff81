/**
 * RSS 2.0 and Atom 1.0 feeds to plain items (fast-xml-parser). Pure: no I/O.
 *
 * - Text is plain: HTML in titles, descriptions and content (CDATA, escaped or XHTML) is stripped and
 *   entities decoded.
 * - Each item carries de-duplication keys: `guid:<guid or Atom id>`, `link:<normalised URL>` and
 *   `sha256:<hash of the normalised title and text>`; an item already seen under any key is a
 *   duplicate (see dedupe()).
 * - A malformed item is skipped and reported in `skipped` with its position and reason (no title and
 *   no text; a link that is not an http(s) URL); the caller logs them. A malformed document (not
 *   XML, or neither RSS nor Atom) throws FeedParseError.
 * - Dates (RSS pubDate / dc:date, Atom published / updated) become ISO 8601 UTC strings; an unreadable
 *   date, or one outside lib/instants.ts's range (before 1970 or after 9999), leaves `publishedAt`
 *   undefined (the caller then uses the fetch time) and adds a warning.
 */
import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { htmlToText } from './html';
import { isWithinInstantRange } from '../../../lib/instants';

export interface FeedItem {
  /** RSS guid or Atom id, as written. */
  readonly guid?: string;
  /** The item's web page (absolute http(s) URL). */
  readonly link?: string;
  readonly title: string;
  /** Plain text of the description / summary / content (the longest of them). */
  readonly summary: string;
  /** Title and summary joined: what gets scored and linked to coins. */
  readonly text: string;
  /** ISO 8601 UTC. */
  readonly publishedAt?: string;
  readonly author?: string;
  readonly categories: readonly string[];
  /** sha256 (hex) of the normalised title and summary. */
  readonly contentHash: string;
  /** `guid:...`, `link:...`, `sha256:...`: the keys under which this item is a duplicate. */
  readonly dedupKeys: readonly string[];
}

export interface SkippedItem {
  /** Position of the item in the feed (0-based). */
  readonly index: number;
  readonly reason: string;
  /** Guid, link or title, whatever identifies it best, for the log. */
  readonly ref?: string;
}

export interface ParsedFeed {
  readonly format: 'rss' | 'atom';
  readonly title?: string;
  readonly link?: string;
  readonly items: FeedItem[];
  readonly skipped: SkippedItem[];
  /** Non-fatal oddities (e.g. an unreadable date), for the log. */
  readonly warnings: string[];
}

export class FeedParseError extends Error {
  override readonly name = 'FeedParseError';
}

type Node = Record<string, unknown>;

const CONTENT_NODES = ['description', 'content:encoded', 'content', 'summary'];
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'category' || name === 'link',
  // Content is kept raw so that CDATA, escaped HTML and XHTML can be told apart and stripped in order.
  stopNodes: CONTENT_NODES.map((n) => `*.${n}`),
});

/** Parses an RSS 2.0 or Atom document. Throws FeedParseError when it is neither. */
export function parseFeed(xml: string, baseUrl?: string): ParsedFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FeedParseError(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc = parser.parse(xml) as Node;
  const warnings: string[] = [];
  if (isNode(doc.rss) || isNode(doc['rdf:RDF'])) {
    const root = (isNode(doc.rss) ? doc.rss : doc['rdf:RDF']) as Node;
    const channel = isNode(root.channel) ? root.channel : {};
    const rawItems = asArray(root.item ?? channel.item);
    const feedLink = textOf(asArray(channel.link)[0]);
    const base = absoluteUrl(feedLink, baseUrl) ?? baseUrl;
    const { items, skipped } = collect(rawItems, (n) => rssItem(n, base, warnings));
    return { format: 'rss', title: titleOf(channel.title), link: base, items, skipped, warnings };
  }
  if (isNode(doc.feed)) {
    const feed = doc.feed;
    const base = absoluteUrl(atomLink(feed.link), baseUrl) ?? baseUrl;
    const { items, skipped } = collect(asArray(feed.entry), (n) => atomEntry(n, base, warnings));
    return { format: 'atom', title: titleOf(feed.title), link: base, items, skipped, warnings };
  }
  throw new FeedParseError('neither an RSS <rss> nor an Atom <feed> document');
}

type Built = FeedItem | { skip: string; ref?: string };

function collect(raw: unknown[], build: (n: Node) => Built): { items: FeedItem[]; skipped: SkippedItem[] } {
  const items: FeedItem[] = [];
  const skipped: SkippedItem[] = [];
  raw.forEach((n, index) => {
    if (!isNode(n)) {
      skipped.push({ index, reason: 'not an element with children' });
      return;
    }
    const b = build(n);
    if ('skip' in b) skipped.push({ index, reason: b.skip, ref: b.ref });
    else items.push(b);
  });
  return { items, skipped };
}

function rssItem(n: Node, base: string | undefined, warnings: string[]): Built {
  const guid = textOf(n.guid) || undefined;
  const rawLink = textOf(asArray(n.link)[0]);
  const summary = longest([contentText(n['content:encoded']), contentText(n.description)]);
  const date = textOf(n.pubDate) || textOf(n['dc:date']);
  return finish(
    {
      guid,
      rawLink,
      title: titleOf(n.title),
      summary,
      date,
      author: textOf(n['dc:creator']) || textOf(n.author) || undefined,
      categories: asArray(n.category).map(textOf).filter(Boolean),
    },
    base,
    warnings,
  );
}

function atomEntry(n: Node, base: string | undefined, warnings: string[]): Built {
  const author = asArray(n.author)[0];
  return finish(
    {
      guid: textOf(n.id) || undefined,
      rawLink: atomLink(n.link),
      title: titleOf(n.title),
      summary: longest([contentText(n.content), contentText(n.summary)]),
      date: textOf(n.published) || textOf(n.updated),
      author: isNode(author) ? textOf(author.name) || undefined : undefined,
      categories: asArray(n.category)
        .map((c) => (isNode(c) ? String(c['@_label'] ?? c['@_term'] ?? '') : textOf(c)))
        .filter(Boolean),
    },
    base,
    warnings,
  );
}

interface Draft {
  guid?: string;
  rawLink: string;
  title: string;
  summary: string;
  date: string;
  author?: string;
  categories: string[];
}

function finish(d: Draft, base: string | undefined, warnings: string[]): Built {
  const ref = d.guid || d.rawLink || d.title || undefined;
  if (!d.title && !d.summary) return { skip: 'no title and no text', ref };
  let link: string | undefined;
  if (d.rawLink) {
    link = absoluteUrl(d.rawLink, base);
    if (!link) return { skip: `link is not an http(s) URL: ${d.rawLink.slice(0, 200)}`, ref };
  }
  let publishedAt: string | undefined;
  if (d.date) {
    const t = Date.parse(d.date);
    if (!isWithinInstantRange(t))
      warnings.push(`unreadable date "${d.date.slice(0, 100)}" on ${ref ?? 'an item'}`);
    else publishedAt = new Date(t).toISOString();
  }
  const text = d.title && d.summary ? `${d.title}. ${d.summary}` : d.title || d.summary;
  const contentHash = hashText(d.title, d.summary);
  const dedupKeys = [
    ...(d.guid ? [`guid:${d.guid}`] : []),
    ...(link ? [`link:${normaliseUrl(link)}`] : []),
    `sha256:${contentHash}`,
  ];
  return {
    guid: d.guid,
    link,
    title: d.title,
    summary: d.summary,
    text,
    publishedAt,
    author: d.author,
    categories: d.categories,
    contentHash,
    dedupKeys,
  };
}

/** sha256 of the title and text, after Unicode NFKC, lower-casing and whitespace collapsing. */
export function hashText(title: string, summary: string): string {
  const norm = `${title}\n${summary}`.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  return createHash('sha256').update(norm).digest('hex');
}

const TRACKING = /^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid)$/i;

/**
 * The form of a URL used as a de-duplication key: lower-case scheme and host, no fragment, no
 * tracking parameters (utm_*, fbclid, ...), no trailing slash.
 */
export function normaliseUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (TRACKING.test(k)) u.searchParams.delete(k);
    u.searchParams.sort();
    let s = u.toString();
    if (s.endsWith('/') && u.pathname !== '/') s = s.slice(0, -1);
    return s.replace(/\/\?/, '?');
  } catch {
    return url;
  }
}

/** Items whose keys are not in `seen`, in order; their keys are added to `seen` (so repeats within a feed go too). */
export function dedupe(items: readonly FeedItem[], seen: Set<string>): FeedItem[] {
  const out: FeedItem[] = [];
  for (const item of items) {
    if (item.dedupKeys.some((k) => seen.has(k))) continue;
    for (const k of item.dedupKeys) seen.add(k);
    out.push(item);
  }
  return out;
}

function absoluteUrl(raw: string, base: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

function atomLink(links: unknown): string {
  const all = asArray(links).filter(isNode);
  const pick = all.find((l) => (l['@_rel'] ?? 'alternate') === 'alternate') ?? all[0];
  return pick ? String(pick['@_href'] ?? '').trim() : '';
}

function isNode(x: unknown): x is Node {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function asArray(x: unknown): unknown[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}

/** The text of a parsed (non-raw) element: a string, or the `#text` of an element with attributes. */
function textOf(x: unknown): string {
  if (typeof x === 'string') return x.trim();
  if (typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (isNode(x) && x['#text'] !== undefined) return String(x['#text']).trim();
  return '';
}

/** Titles may carry HTML (CDATA or Atom type="html"); the parser has already decoded XML entities. */
function titleOf(x: unknown): string {
  return htmlToText(textOf(x));
}

/**
 * Raw content (a stop node): CDATA sections hold HTML as written; outside CDATA, markup is either real
 * XHTML elements or HTML escaped as entities, so strip, decode, and strip again what decoding revealed.
 */
function contentText(x: unknown): string {
  const raw = typeof x === 'string' ? x : isNode(x) && typeof x['#text'] === 'string' ? x['#text'] : '';
  if (!raw) return '';
  const parts: string[] = [];
  let last = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    parts.push(fromMarkup(raw.slice(last, m.index)), htmlToText(m[1] as string));
    last = m.index + m[0].length;
  }
  parts.push(fromMarkup(raw.slice(last)));
  return parts.filter(Boolean).join(' ').trim();
}

function fromMarkup(s: string): string {
  const once = htmlToText(s);
  return /<\/?[A-Za-z]/.test(once) ? htmlToText(once) : once;
}

function longest(texts: string[]): string {
  return texts.reduce((a, b) => (b.length > a.length ? b : a), '');
}
