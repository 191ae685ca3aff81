/**
 * Validation of the bulk-ingest mutation's input. Limits keep one request cheap to score and store
 * (the HTTP layer also refuses bodies over 1 MB).
 */
import { z } from 'zod';
import { badInput } from '../../lib/errors';
import type { RawDocument } from './prepare';

export const BULK_LIMITS = {
  documents: 500,
  sourceChars: 100,
  titleChars: 1_000,
  bodyChars: 20_000,
  urlChars: 2_048,
  guidChars: 1_024,
  /** How far ahead of the server clock a publication time may be. */
  futureSkewMs: 5 * 60_000,
} as const;

/** The GraphQL input of one document (DateTime already parsed by the scalar). */
export interface NewsDocumentInput {
  source: string;
  title: string;
  body?: string | null;
  url?: string | null;
  guid?: string | null;
  publishedAt?: Date | null;
}

const httpUrl = z
  .string()
  .max(BULK_LIMITS.urlChars)
  .refine((s) => {
    try {
      const p = new URL(s).protocol;
      return p === 'http:' || p === 'https:';
    } catch {
      return false;
    }
  }, 'must be an absolute http(s) URL');

const documentSchema = z
  .object({
    source: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(BULK_LIMITS.sourceChars)
      .regex(/^([A-Za-z0-9][A-Za-z0-9._:/-]*)?$/, 'may hold letters, digits and . _ : / - only')
      .transform((s) => s.toLowerCase()),
    title: z.string().trim().max(BULK_LIMITS.titleChars),
    body: z.string().trim().max(BULK_LIMITS.bodyChars).nullish(),
    url: httpUrl.nullish(),
    guid: z.string().trim().min(1, 'must not be empty').max(BULK_LIMITS.guidChars).nullish(),
    publishedAt: z.date().nullish(),
  })
  .refine((d) => d.title.length > 0 || (d.body ?? '').length > 0, {
    message: 'a document needs a title or a body',
    path: ['title'],
  });

/**
 * Validates every document and returns raw documents (publication time defaults to `now`).
 * Throws BAD_USER_INPUT naming the first problems (`extensions.field` such as `documents.3.url`).
 */
export function validateBulkInput(documents: readonly NewsDocumentInput[], now: number): RawDocument[] {
  if (documents.length === 0) throw badInput('documents must not be empty', { field: 'documents' });
  if (documents.length > BULK_LIMITS.documents)
    throw badInput(`at most ${BULK_LIMITS.documents} documents per request`, { field: 'documents' });
  const out: RawDocument[] = [];
  const problems: { field: string; message: string }[] = [];
  documents.forEach((input, i) => {
    const parsed = documentSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push({ field: ['documents', i, ...issue.path].join('.'), message: issue.message });
      return;
    }
    const d = parsed.data;
    const publishedAt = d.publishedAt ?? new Date(now);
    if (publishedAt.getTime() > now + BULK_LIMITS.futureSkewMs) {
      problems.push({ field: `documents.${i}.publishedAt`, message: 'must not be in the future' });
      return;
    }
    out.push({
      source: d.source,
      title: d.title,
      body: d.body ?? '',
      url: d.url ?? undefined,
      guid: d.guid ?? undefined,
      publishedAt,
    });
  });
  if (problems.length) {
    const first = problems[0] as { field: string; message: string };
    throw badInput(
      `Invalid document input: ${problems
        .slice(0, 5)
        .map((p) => `${p.field} ${p.message}`)
        .join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      { field: first.field, problems: problems.slice(0, 20) },
    );
  }
  return out;
}
