/**
 * Clause boundaries, shared by every rule that looks a few words back or ahead: punctuation that ends
 * a clause (not "," or "%") and clause words ("but", "while", "although"); the subordinating words a
 * direction never reaches back over for its metric ("a loss as donations shrink"); and the forms of
 * "be"/"get" that make a passive ("was lifted", "were lost").
 */
import { PUNCT } from '../tokenize';

export const CLAUSE_WORDS: ReadonlySet<string> = new Set([
  'but',
  'however',
  'while',
  'whereas',
  'although',
  'though',
  'despite',
]);

/** Ends a clause: punctuation other than "," and "%", or a clause word. */
export function isBoundary(lower: string, kind: number): boolean {
  return kind === PUNCT ? lower !== ',' && lower !== '%' : CLAUSE_WORDS.has(lower);
}

// A direction never reaches back over a subordinating word for its metric: in "a loss as donations
// shrink", what shrinks is the donations, not the loss.
const SEARCH_BOUNDARY = new Set(['as', 'amid', 'after', 'because', 'since', 'when', 'which', 'and']);
/** Ends a search for what a word acts on: a clause boundary or a subordinating word. */
export function endsSearch(lower: string, kind: number): boolean {
  return isBoundary(lower, kind) || SEARCH_BOUNDARY.has(lower);
}
// "loss after tax", "profit before tax": a line of the income statement, not a clause.
export const TAX = new Set(['tax', 'taxes', 'taxation']);
export function isSearchBoundary(lower: string[], j: number): boolean {
  return SEARCH_BOUNDARY.has(lower[j] as string) && !TAX.has(lower[j + 1] as string);
}

// The auxiliaries of a passive: "the ban was lifted", "no funds were lost", "got cancelled".
export const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'be', 'been', 'being', 'get', 'gets', 'got']);
