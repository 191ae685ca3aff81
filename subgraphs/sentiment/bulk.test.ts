import { GraphQLError } from 'graphql';
import { BULK_LIMITS, validateBulkInput, type NewsDocumentInput } from './bulk';

const NOW = Date.parse('2024-03-12T12:00:00Z');
const ok: NewsDocumentInput = {
  source: 'Wire.Example',
  title: ' Bitcoin rallies ',
  body: 'Up.',
  url: 'https://w.example/1',
};

function errorOf(docs: NewsDocumentInput[]): GraphQLError {
  try {
    validateBulkInput(docs, NOW);
  } catch (err) {
    return err as GraphQLError;
  }
  throw new Error('expected a validation error');
}

describe('validateBulkInput', () => {
  it('normalises valid documents: source in lower case, trimmed text, publication time now by default', () => {
    expect(
      validateBulkInput(
        [ok, { source: 's', title: '', body: 'Only a body', guid: 'g', publishedAt: new Date(NOW - 1000) }],
        NOW,
      ),
    ).toEqual([
      {
        source: 'wire.example',
        title: 'Bitcoin rallies',
        body: 'Up.',
        url: 'https://w.example/1',
        guid: undefined,
        publishedAt: new Date(NOW),
      },
      {
        source: 's',
        title: '',
        body: 'Only a body',
        url: undefined,
        guid: 'g',
        publishedAt: new Date(NOW - 1000),
      },
    ]);
  });

  it('refuses an empty or oversized batch', () => {
    expect(errorOf([]).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'documents' });
    const many = Array.from({ length: BULK_LIMITS.documents + 1 }, () => ok);
    expect(errorOf(many).message).toMatch(/at most 500 documents/);
    expect(() => validateBulkInput(many.slice(1), NOW)).not.toThrow();
  });

  it.each<[string, Partial<NewsDocumentInput>, string]>([
    ['a non-http URL', { url: 'javascript:alert(1)' }, 'documents.1.url'],
    ['a relative URL', { url: '/news/1' }, 'documents.1.url'],
    ['neither title nor body', { title: '  ', body: null }, 'documents.1.title'],
    ['an empty source', { source: ' ' }, 'documents.1.source'],
    ['a source with spaces', { source: 'my feed' }, 'documents.1.source'],
    ['a title over the limit', { title: 'x'.repeat(BULK_LIMITS.titleChars + 1) }, 'documents.1.title'],
    ['a body over the limit', { body: 'x'.repeat(BULK_LIMITS.bodyChars + 1) }, 'documents.1.body'],
    ['a guid over the limit', { guid: 'x'.repeat(BULK_LIMITS.guidChars + 1) }, 'documents.1.guid'],
    [
      'a publication time in the future',
      { publishedAt: new Date(NOW + 10 * 60_000) },
      'documents.1.publishedAt',
    ],
  ])('refuses %s, naming the field', (_what, change, field) => {
    const e = errorOf([ok, { ...ok, ...change }]);
    expect(e).toBeInstanceOf(GraphQLError);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts sizes at the limits and a little clock skew', () => {
    expect(() =>
      validateBulkInput(
        [
          {
            ...ok,
            title: 'x'.repeat(BULK_LIMITS.titleChars),
            body: 'y'.repeat(BULK_LIMITS.bodyChars),
            publishedAt: new Date(NOW + 60_000),
          },
        ],
        NOW,
      ),
    ).not.toThrow();
  });

  it('reports several problems at once', () => {
    const e = errorOf([{ ...ok, url: 'ftp://x' }, ok, { ...ok, source: '' }]);
    expect((e.extensions.problems as { field: string }[]).map((p) => p.field)).toEqual([
      'documents.0.url',
      'documents.2.source',
    ]);
  });
});
