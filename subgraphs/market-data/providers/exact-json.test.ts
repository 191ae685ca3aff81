import fc from 'fast-check';
import { parseExactJson } from './exact-json';

/** What parseExactJson must return: the same value with every number replaced by its JSON text. */
function numbersAsText(value: unknown): unknown {
  if (typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) return value.map(numbersAsText);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsText(v)]));
  }
  return value;
}

describe('parseExactJson', () => {
  it('keeps the exact digits of CoinGecko prices that doubles would round', () => {
    const body = '{"a": 67187.33589365661234567, "b": 1.234e-05, "c": -0, "d": 12345678901234567890}';
    expect(parseExactJson(body)).toEqual({
      a: '67187.33589365661234567',
      b: '1.234e-05',
      c: '-0',
      d: '12345678901234567890',
    });
  });

  it('leaves numbers inside strings alone, including after escaped quotes', () => {
    expect(parseExactJson('{"s": "say \\"1.5\\" and 2", "n": [1, "3"]}')).toEqual({
      s: 'say "1.5" and 2',
      n: ['1', '3'],
    });
  });

  it('agrees with JSON.parse on structure for any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        expect(parseExactJson(text)).toEqual(numbersAsText(JSON.parse(text)));
      }),
    );
  });

  it('rejects what JSON rejects', () => {
    for (const bad of ['{"a": 01}', '{"a": 1.}', '{"a": -}', '{"a": 1e}', '[1,]', '{"a": 1']) {
      expect(() => parseExactJson(bad)).toThrow(SyntaxError);
    }
  });
});
