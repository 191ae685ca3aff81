/**
 * Names in sentence-case text: in a sentence where most words are lowercase, a capitalised word inside
 * the sentence next to another one is part of a name ("Aldermoor Capital", "Panic Button Studios"),
 * and so are the first words of a sentence opening with a multi-word name. Coloured words, directions
 * and metrics in names say nothing. A headline in Title Case is not sentence case; in it, as anywhere,
 * only the capitalised word just before a company-form word ("Canopy Growth Corporation") is a name.
 */
import { isAllCaps, PUNCT, WORD } from '../tokenize';
import type { ScoringState } from './state';

// Lowercase content words that make a sentence with several names ("Bear Creek Mining holds
// exploration licences in northern Norway") sentence case all the same.
const LOWER_CONTENT = 3;
/**
 * Fewer than a third of the words start with a capital, or at least half of the content words and
 * three of them are in lowercase: not a headline in Title Case.
 */
export function isSentenceCase(raw: string[], kind: Uint8Array): boolean {
  let words = 0;
  let caps = 0;
  // Content words (four letters or more): Title Case capitalises them all, sentence case few.
  let content = 0;
  let lowerContent = 0;
  for (let i = 0; i < raw.length; i++) {
    if (kind[i] !== WORD) continue;
    words++;
    const capital = opensWithCapital(raw, i);
    if (capital) caps++;
    if ((raw[i] as string).length >= 4) {
      content++;
      if (!capital) lowerContent++;
    }
  }
  return words >= 6 && (caps * 3 < words || (lowerContent >= LOWER_CONTENT && lowerContent * 2 >= content));
}

/**
 * The first word of a sentence followed by a capitalised word (not an acronym) of a name: "Bear Creek
 * Mining", "Loss Control Ltd". A headline in Title Case never gets here (see isSentenceCase).
 */
export function opensName(raw: string[], kind: Uint8Array, i: number): boolean {
  const starts = i === 0 || (kind[i - 1] === PUNCT && raw[i - 1] !== ',' && raw[i - 1] !== '%');
  return starts && isCapitalised(raw, kind, i) && isCapitalised(raw, kind, i + 1);
}

/**
 * The token at j opens with a capital A-Z: a word ("Acme", "BTC"; never a number or punctuation);
 * false out of range. (isCapitalised below also wants lowercase after it.)
 */
export function opensWithCapital(raw: string[], j: number): boolean {
  const c = (raw[j] ?? '').charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** Capitalised (not all-caps) and not the first word of a sentence. */
export function isProperNoun(raw: string[], kind: Uint8Array, i: number): boolean {
  const r = raw[i] as string;
  if (!opensWithCapital(raw, i) || isAllCaps(r) || i === 0) return false;
  const prev = raw[i - 1] as string;
  return !(kind[i - 1] === PUNCT && prev !== ',' && prev !== '%');
}

/** Next to another capitalised word: part of a multi-word name ("Big Bear Group"). */
export function inName(raw: string[], kind: Uint8Array, i: number): boolean {
  return isCapitalised(raw, kind, i - 1) || isCapitalised(raw, kind, i + 1);
}

// The last word of a company's, fund's or court's name: the capitalised word just before it is part of
// the name in any case style, Title Case headlines included ("Canopy Growth Corporation", "Supreme
// Court", "Income Opportunities Fund"). Only that one word: two back may already be a verb in Title
// Case ("Broker Upgrades Snap Inc").
const NAME_TAILS = new Set(
  (
    'inc incorporated corp corporation co ltd limited plc llc group holdings bancorp therapeutics ' +
    'pharmaceuticals fund trust court'
  ).split(' '),
);

/**
 * A capitalised word just before a capitalised NAME_TAILS word. The Set lookup goes first: called for
 * every scored word, it keeps isCapitalised's regular expression off most tokens.
 */
export function beforeNameTail(raw: string[], lower: string[], kind: Uint8Array, i: number): boolean {
  return (
    NAME_TAILS.has(lower[i + 1] as string) && isCapitalised(raw, kind, i + 1) && isCapitalised(raw, kind, i)
  );
}

/** A word written with a capital then lowercase ("Bear"; not "BTC", not a number); false out of range. */
function isCapitalised(raw: string[], kind: Uint8Array, j: number): boolean {
  return kind[j] === WORD && /^[A-Z][a-z]/.test(raw[j] as string);
}

/**
 * In sentence-case text a capitalised metric inside a multi-word name is part of the name
 * ("Aldermoor Capital's holding"), not a quantity: it is consumed, never bound.
 */
export function namedMetrics(s: ScoringState): void {
  const { raw, kind, entries, state } = s;
  const n = raw.length;
  for (let i = 1; i < n; i++)
    if (entries[i]?.metric !== undefined && isProperNoun(raw, kind, i) && inName(raw, kind, i)) state[i] = 2;
}
