/**
 * The sentiment service's own settings: which feeds to poll, how often, and how much each source
 * counts. Parsed from the environment by main.ts and passed in by the embedded launcher and tests.
 */
import { z } from 'zod';
import { subgraphEnvSchema } from '../../lib/config';

export const SENTIMENT_PORT = 4004;

/** Comma-separated feed URLs; only http(s). */
export function parseFeedList(value: string | undefined): string[] {
  const urls = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const u of urls) {
    let ok = false;
    try {
      const p = new URL(u).protocol;
      ok = p === 'http:' || p === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`not an http(s) URL: ${u}`);
  }
  return [...new Set(urls)];
}

/**
 * Per-source weights as `source=weight` pairs separated by commas, e.g.
 * `coindesk.com=1.2,bulk=0.5`. A weight is a number from 0 (ignore the source) to 10.
 */
export function parseSourceWeights(value: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const pair of (value ?? '').split(',')) {
    if (!pair.trim()) continue;
    const eq = pair.lastIndexOf('=');
    const source = pair.slice(0, eq).trim().toLowerCase();
    const weight = Number(pair.slice(eq + 1).trim());
    if (
      eq <= 0 ||
      !source ||
      !pair.slice(eq + 1).trim() ||
      !Number.isFinite(weight) ||
      weight < 0 ||
      weight > 10
    )
      throw new Error(`expected source=weight with a weight in [0, 10]: "${pair.trim()}"`);
    out[source] = weight;
  }
  return out;
}

const fromParser = <T>(parse: (v: string | undefined) => T) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parse(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    });

/** Cluster-mode environment of the sentiment service. */
export const sentimentEnvSchema = subgraphEnvSchema(SENTIMENT_PORT).extend({
  /** Feeds to poll (none by default). */
  NEWS_FEEDS: fromParser(parseFeedList),
  /** Minutes between polls of one feed (default 5). */
  NEWS_POLL_INTERVAL_MINUTES: z.coerce
    .number()
    .min(0.1)
    .max(24 * 60)
    .default(5),
  /** Weights per source (feed host without "www.", or the bulk input's `source`); default 1. */
  SENTIMENT_SOURCE_WEIGHTS: fromParser(parseSourceWeights),
  /** Seconds between recomputations of every coin's windows, so that they slide (default 60). */
  SENTIMENT_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
});
export type SentimentEnv = z.infer<typeof sentimentEnvSchema>;

/** The source name of a feed: its host without a leading "www.", lower case. */
export function sourceOfFeed(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return url;
  }
}
