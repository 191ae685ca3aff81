/**
 * Where a token's valence came from (SRC_*, kept per token in a Uint8Array): the rules tag what they
 * score so that evidenceOf can break a text's score down by kind, and so that later rules (levels
 * reached, bad subjects, results as expected) can find what an earlier rule bound.
 */

export const SRC_GENERAL = 1;
export const SRC_NEWS = 2;
export const SRC_PHRASE = 3;
export const SRC_BOUND = 4;
export const SRC_DIRECTION = 5;
export const SRC_FIGURE = 6;
export const SRC_UNDONE = 7;
