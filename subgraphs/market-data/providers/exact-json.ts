/**
 * JSON.parse that keeps every number as its exact source text (a string),
 * so a price such as 67187.3358936566 or 1.234e-05 never passes through a
 * float. CoinGecko sends prices as JSON numbers; plain JSON.parse would round
 * them to doubles.
 *
 * Why not a reviver: the reviver `context.source` argument (TC39 "JSON.parse
 * source text access") only exists from Node 21 onwards, and this project
 * supports Node 20. The lossless-json package would be the library choice;
 * until it is a dependency, this scanner quotes number tokens outside
 * strings and lets the built-in JSON.parse do the rest, so structure
 * validation stays the platform's.
 */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function isNumberChar(c: number): boolean {
  // 0-9 . e E + -
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

export function parseExactJson(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (!NUMBER.test(token))
        throw new SyntaxError(`Invalid number ${JSON.stringify(token)} at position ${i}`);
      out += text.slice(last, i) + '"' + token + '"';
      last = j;
      i = j - 1;
    }
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}
