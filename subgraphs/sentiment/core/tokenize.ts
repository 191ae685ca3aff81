/** Token kinds, kept as small integers so the scorer can hold them in a typed array. */
export const WORD = 0;
export const NUMBER = 1;
export const PUNCT = 2;

export interface Tokens {
  /** Lowercased token text; possessive "'s" removed; hyphenated words split. */
  readonly lower: string[];
  /** The token as written (for ALL-CAPS emphasis and cashtags). */
  readonly raw: string[];
  readonly kind: Uint8Array;
}

// Numbers (with thousands separators, decimals, a leading $ and a trailing %), words (letters then
// letters, digits and apostrophes, an optional leading $ for cashtags), runs of ! or ?, and the
// punctuation that ends clauses. Hyphens and everything else separate tokens. Initialisms with
// periods ("U.S.", "U.K.", "E.U.") are one word: their periods end no clause ("sees no U.S. recession").
const CURRENCY_GLUE = /\b(EUR|USD|GBP|SEK|NOK|DKK|JPY|CHF|LVL|EEK|RUB|euro|eur|usd)(?=\d)/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TOKEN_RE = /\$?\d+(?:[.,]\d+)*%?|\p{Lu}\.(?:\p{Lu}\.)+|\$?\p{L}[\p{L}\p{N}']*|[!?]+|[.,;:%]/gu;

/** Splits text into tokens in one regular-expression pass. */
export function tokenize(text: string): Tokens {
  let source = text.includes('\u2019') ? text.replace(/\u2019/g, "'") : text;
  // Links say nothing about the news, and their slugs would be read as words ("/bitcoin-crash-fears").
  if (source.includes('://') || source.includes('www.')) source = source.replace(URL_RE, ' ');
  // Wire-service figures: "EUR4 .5 m", "USD125.4m" → "EUR 4.5 m", "USD 125.4 m".
  if (/\d \.\d/.test(source)) source = source.replace(/(\d) \.(\d)/g, '$1.$2');
  source = source.replace(CURRENCY_GLUE, '$1 ');
  const lower: string[] = [];
  const raw: string[] = [];
  const kinds: number[] = [];
  for (const m of source.matchAll(TOKEN_RE)) {
    let t = m[0];
    const c = t.charCodeAt(0);
    let kind = WORD;
    if ((c >= 48 && c <= 57) || (c === 36 && t.length > 1 && isDigit(t.charCodeAt(1)))) kind = NUMBER;
    else if (t.length <= 3 && !isLetterish(c)) kind = PUNCT;
    if (kind === WORD && t.endsWith("'s")) t = t.slice(0, -2);
    else if (kind === WORD && t.endsWith("'")) t = t.slice(0, -1);
    raw.push(t);
    lower.push(t.toLowerCase());
    kinds.push(kind);
  }
  return { lower, raw, kind: Uint8Array.from(kinds) };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLetterish(c: number): boolean {
  // Anything that is not one of the punctuation characters the regexp can emit on its own.
  return c !== 33 && c !== 63 && c !== 46 && c !== 44 && c !== 59 && c !== 58 && c !== 37;
}

/** True when a word is written in capitals (at least two letters, no lowercase letter). */
export function isAllCaps(word: string): boolean {
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i] as string;
    if (ch !== ch.toUpperCase()) return false;
    if (ch !== ch.toLowerCase()) letters++;
  }
  return letters >= 2;
}

/** Parses a number token ("$70,000", "13.1", "5%") to a float; thousands separators dropped. */
export function numberValue(token: string): number {
  return Number(token.replace(/[$,%]/g, ''));
}
