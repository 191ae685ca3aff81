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

// Numbers (with thousands separators, decimals, a leading $ and a trailing %; a sign written at the
// start of a word, as wires and tweets write moves: "Acme +4%", "(-2.7% pre)"), words (letters then
// letters, digits and apostrophes, an optional leading $ for cashtags), runs of ! or ?, and the
// punctuation that ends clauses. Hyphens and everything else separate tokens ("2019-20": two numbers).
const CURRENCY_GLUE = /\b(EUR|USD|GBP|SEK|NOK|DKK|JPY|CHF|LVL|EEK|RUB|euro|eur|usd)(?=\d)/g;
const LINE_BREAK = /\s*\n\s*/g;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
// What follows a headline to promote the article or the site says nothing about the news: "Read more
// and sign up for updates", "Subscribe to Seeking Alpha for more", "Get more info on ...".
const PROMO_RE =
  /\b(?:Read more\b|Sign up for updates|Subscribe to \S+(?: \S+){0,3} for more|Get more (?:info|updates)\b)[\s\S]*$/i;
// Neither do the hashtags and credits that close a post ("#Stock #MarketScreener", "via @desk"): their
// words would be read as part of the headline.
const TAGS_RE = /(?:\s*\(?(?:(?:via|by)\s+)?[#@][\p{L}\p{N}_.]+\)?)+[\s\u2026.]*$/u;
const TOKEN_RE = /(?:(?<![^\s(])[+-])?\$?\d+(?:[.,]\d+)*%?|\$?\p{L}[\p{L}\p{N}']*|[!?]+|[.,;:%]/gu;

// Abbreviations of wire-service figures whose period ends no sentence.
const ABBREVIATIONS = new Set(['vs', 'adj']);

function isAbbreviation(prev: string | undefined, prevKind: number | undefined): boolean {
  return prev !== undefined && prevKind === WORD && (prev.length === 1 || ABBREVIATIONS.has(prev));
}

/** Splits text into tokens in one regular-expression pass. */
export function tokenize(text: string): Tokens {
  let source = text.includes('\u2019') ? text.replace(/\u2019/g, "'") : text;
  // Links say nothing about the news, and their slugs would be read as words ("/bitcoin-crash-fears").
  if (source.includes('://') || source.includes('www.')) source = source.replace(URL_RE, ' ');
  source = stripTrailer(source);
  // Wire-service figures: "EUR4 .5 m", "USD125.4m" → "EUR 4.5 m", "USD 125.4 m".
  if (/\d \.\d/.test(source)) source = source.replace(/(\d) \.(\d)/g, '$1.$2');
  source = source.replace(CURRENCY_GLUE, '$1 ');
  // A line break ends a clause: tweets list figures one a line ("Net sales: $1.38 billion\nLoss ...").
  if (source.includes('\n')) source = source.replace(LINE_BREAK, ' . ');
  const lower: string[] = [];
  const raw: string[] = [];
  const kinds: number[] = [];
  for (const m of source.matchAll(TOKEN_RE)) {
    let t = m[0];
    const c = t.charCodeAt(0);
    let kind = WORD;
    if (isDigit(c) || ((c === 36 || c === 43 || c === 45) && t.length > 1 && isNumberStart(t, 1)))
      kind = NUMBER;
    else if (t.length <= 3 && !isLetterish(c)) kind = PUNCT;
    if (kind === WORD && t.endsWith("'s")) t = t.slice(0, -2);
    else if (kind === WORD && t.endsWith("'")) t = t.slice(0, -1);
    // "vs." and "adj." are abbreviations, not the end of a sentence: "EPS $1.02 vs. $0.95"; so are
    // initials: "U.S. crude stocks", "J.P. Morgan".
    if (t === '.' && isAbbreviation(lower[lower.length - 1], kinds[kinds.length - 1])) continue;
    raw.push(t);
    lower.push(t.toLowerCase());
    kinds.push(kind);
  }
  return { lower, raw, kind: Uint8Array.from(kinds) };
}

/** The text without a closing promotion (PROMO_RE) or run of tags (TAGS_RE), unless nothing is left. */
function stripTrailer(text: string): string {
  let t = text;
  // Plain substring tests first: most texts have no trailer, and then no regular expression runs.
  const promo = t.includes('more') || t.includes('More') || t.includes('pdates') ? PROMO_RE.exec(t) : null;
  if (promo && promo.index > 0) t = t.slice(0, promo.index);
  if (t.includes('#') || t.includes('@')) {
    const tags = TAGS_RE.exec(t);
    if (tags && tags.index > 0) t = t.slice(0, tags.index);
  }
  return t;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A digit at k, or "$" and a digit ("+$5", "$70,000"). */
function isNumberStart(t: string, k: number): boolean {
  const c = t.charCodeAt(k);
  return isDigit(c) || (c === 36 && isDigit(t.charCodeAt(k + 1)));
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

/** Parses a number token ("$70,000", "13.1", "5%", "-2.7%") to a float; thousands separators dropped. */
export function numberValue(token: string): number {
  return Number(token.replace(/[$,%]/g, ''));
}
