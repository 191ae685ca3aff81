/**
 * The lexicon index: one Entry per known word, built once at load from VADER's general lexicon (at
 * GENERAL_WEIGHT) and the finance/crypto vocabulary of ../lexicon/finance.ts (at full weight, with
 * directions, metrics, negators, boosters and the multi-word phrases each word opens). lookUp gives
 * each token its entry: one Map lookup per token, no per-text dictionaries.
 */
import {
  BOOSTERS,
  DIRECTIONS,
  METRICS,
  NEGATORS,
  NEWS_LEXICON,
  PHRASES,
  type Direction,
} from '../lexicon/finance';
import { VADER_LEXICON_TSV } from '../lexicon/vader-lexicon.generated';
import { WORD } from '../tokenize';

export interface Entry {
  valence: number;
  /** The valence comes from VADER's general lexicon, not from the news vocabulary. */
  general?: boolean;
  direction?: Direction;
  /** Polarity and weight of a quantity (see METRICS). */
  metric?: number;
  negator?: boolean;
  booster?: number;
  /** Phrases starting with this word, as token arrays (rest after the first), longest first. */
  phrases?: { rest: string[]; valence: number }[];
}

// VADER's everyday words count 0.4: in market news, events carry the sentiment and adjectives are
// often description ("a dedicated team", "a natural fit").
const GENERAL_WEIGHT = 0.4;

/** A set of the space-separated words of a string. */
export function wordSet(words: string): ReadonlySet<string> {
  return new Set(words.split(' '));
}

/** True when some word of the set is in the text. */
export function hasAnyWord(lower: readonly string[], set: ReadonlySet<string>): boolean {
  for (let i = 0; i < lower.length; i++) if (set.has(lower[i] as string)) return true;
  return false;
}

function buildLexicon(): Map<string, Entry> {
  const lex = new Map<string, Entry>();
  const get = (w: string): Entry => {
    let e = lex.get(w);
    if (!e) lex.set(w, (e = { valence: 0 }));
    return e;
  };
  for (const line of VADER_LEXICON_TSV.split('\n')) {
    const tab = line.indexOf('\t');
    const e = get(line.slice(0, tab));
    e.valence = Number(line.slice(tab + 1)) * GENERAL_WEIGHT;
    e.general = true;
  }
  for (const [w, v] of Object.entries(NEWS_LEXICON)) {
    const e = get(w);
    e.valence = v;
    e.general = false;
  }
  for (const [w, d] of Object.entries(DIRECTIONS)) get(w).direction = d;
  for (const [w, m] of Object.entries(METRICS)) get(w).metric = m;
  for (const w of NEGATORS) {
    const e = get(w);
    e.negator = true;
  }
  for (const [w, b] of Object.entries(BOOSTERS)) {
    const e = get(w);
    if (e.valence === 0) e.booster = b; // VADER: a sentiment word is never also a booster
  }
  for (const [p, v] of Object.entries(PHRASES)) {
    const [first, ...rest] = p.split(' ');
    const e = get(first as string);
    (e.phrases ??= []).push({ rest, valence: v });
    e.phrases.sort((a, b) => b.rest.length - a.rest.length);
  }
  return lex;
}

const LEX = buildLexicon();

/** Each token's entry (words of two letters or more): one Map lookup per token. */
export function lookUp(lower: string[], kind: Uint8Array): (Entry | undefined)[] {
  const n = lower.length;
  const entries: (Entry | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    entries[i] = kind[i] === WORD && w.length > 1 ? LEX.get(w) : undefined;
  }
  return entries;
}
