/**
 * The per-text scoring state that run() in ../scorer.ts builds once per text and hands to each rule
 * family: one slot per token in every array (index i is the i-th token of the text). The rules read
 * the tokens and their lexicon entries, and write the binding state, valences and valence sources.
 * Rules destructure the arrays they use once, at the top of the call, not per token.
 */
import type { Entry } from './lexicon';

export interface ScoringState {
  /** The tokens in lowercase (what the lexicon and the rules' word sets are keyed on). */
  readonly lower: string[];
  /** The tokens as written (capitals for names, ALL-CAPS emphasis, "$" tickers). */
  readonly raw: string[];
  /** Each token's kind: WORD, NUMBER or PUNCT (../tokenize). */
  readonly kind: Uint8Array;
  /** Each token's lexicon entry (lookUp in ./lexicon), undefined for unknown words, numbers and punctuation. */
  readonly entries: (Entry | undefined)[];
  /**
   * Binding state: 0 = free (no rule has taken it yet), 1 = scored (has a valence, possibly 0 after a
   * later rule cancelled it), 2 = consumed (the rest of a phrase, a metric bound to a direction or a
   * figure comparison, the result of a swing, a metric inside a name): it is never scored itself.
   */
  readonly state: Uint8Array;
  /** Each token's valence, as the rules set and adjust it; the text's score is built from their sum. */
  readonly val: Float64Array;
  /** Where each token's valence came from (SRC_* in ./sources), 0 when it has none. */
  readonly src: Uint8Array;
  /** True when the text is crypto news (a crypto word of ./adoption is in it: isCryptoText), found once. */
  readonly crypto: boolean;
}
