import { isWellFormedJson } from './http';

describe('isWellFormedJson', () => {
  it('accepts ordinary text, pairs of surrogates (emoji) and non-strings', () => {
    expect(
      isWellFormedJson(JSON.parse('{"query":"{ me { id } }","variables":{"s":"🚀 é ✓","n":[1,null,true]}}')),
    ).toBe(true);
    expect(isWellFormedJson(JSON.parse('"\\ud83d\\ude80"'))).toBe(true);
  });

  it('refuses an unpaired surrogate anywhere: value, nested value or key', () => {
    expect(isWellFormedJson(JSON.parse('{"query":"\\ud800"}'))).toBe(false);
    expect(isWellFormedJson(JSON.parse('{"variables":{"a":[{"b":"x\\udfff"}]}}'))).toBe(false);
    expect(isWellFormedJson(JSON.parse('{"variables":{"\\ud800":1}}'))).toBe(false);
    expect(isWellFormedJson(JSON.parse('["\\ude80\\ud83d"]'))).toBe(false);
  });

  it('walks huge and deeply nested bodies without overflowing the stack', () => {
    expect(isWellFormedJson(new Array(600_000).fill(0))).toBe(true);
    const deep = JSON.parse(`${'['.repeat(5000)}"\\ud800"${']'.repeat(5000)}`) as unknown;
    expect(isWellFormedJson(deep)).toBe(false);
  });
});
