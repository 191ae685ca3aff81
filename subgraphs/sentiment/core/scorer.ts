/**
 * A lexicon-and-rules sentiment scorer in the VADER tradition (Hutto & Gilbert, ICWSM-14), rewritten
 * for market news:
 * - VADER's word valences (-4..4) at 0.4 weight, with the finance/crypto vocabulary of
 *   ./lexicon/finance.ts on top at full weight;
 * - multi-word expressions ("all time high", "rug pull", "worse than expected");
 * - direction words bound to the metric they move: "loss narrowed" is positive, "costs rose"
 *   negative, "cut jobs" negative, "cut costs" positive; "profit EUR 9 mn compared to EUR 6 mn" too;
 *   prices of inputs, and consumer/producer prices (inflation), read as costs: "consumer prices rose"
 *   is bad news; a qualified rate ("key rate", "policy rate", "mortgage rate") is the price of money:
 *   "cut its key rate" is good news, "raised its policy rate" bad, while charter, freight and room
 *   rates are revenue ("tanker rates jumped" is good);
 * - a level reached by a move of a quantity where less is better echoes the move: "unemployment fell
 *   to a record low" and "yields dropped to their lowest" are good news, "costs hit a record high" bad;
 * - what loses steam: "rally stalls", "recovery falters" bind like directions on metrics;
 * - metrics read in context: interest before "rate" is a cost, "working capital" and
 *   "non-performing loans" are bad up, a ratio takes the polarity of what it measures, and a
 *   capitalised metric inside a name ("Aldermoor Capital") is never bound;
 * - a direction binds the head of a compound ("cut production costs") and the quantity before
 *   "per"/"of" ("loss per share narrowed", "cost of sales fell"), never the yardstick after "than"
 *   ("costs rose faster than sales"), a loss after "from" or the reason after "on" ("fell on fears
 *   of ..."); "loss after tax" is one line of the accounts; a range shares its unit ("EUR 105-115
 *   mn"); "edged/inched up" is a small move, "made up 40 %" a share, no move; a loss named as the
 *   comparison base ("against a loss of 2 mn") is not news itself (a swing to profit after a profit
 *   figure); figures compared after a direction has spoken ("lowered guidance to 9 from 11") are not
 *   read twice;
 * - a direction with no metric moves the bad news just before it: "lawsuit filings dropped" is good
 *   news, "worries grew" bad;
 * - results against expectations: "fell less than feared", "smaller than analysts had predicted"
 *   turn what they qualify around (the fear or forecast weighs nothing); "below/above <figure>
 *   <expectation>" is a miss or a beat whatever the figure did, and so are "beat/missed
 *   <expectation>" (1.6);
 * - bad news undone counts for the better at 0.6: "lifts ban", "recovers stolen funds", "avoids
 *   bankruptcy", "reversed an impairment", "removes the threat" (the undoer's own negative sense is
 *   then spent), in the passive too ("the lawsuit was withdrawn", "the ban was finally lifted");
 *   bad news that ends too ("the strike ended", "ended a four-week slide", "breaking a six-week
 *   outflow streak"; a good run broken turns bad) and what work resumed or restarted after; bad news
 *   that "did not affect" or "has no effect on" anything is cancelled; "record" intensifies bad news
 *   ("record outflows") and is good news alone; "fine" after an amount is a penalty;
 * - a result that changes sign binds like a direction: "returned to an operating profit", "slipped
 *   into a net loss"; permits, licences and concessions obtained or granted count like orders won, and
 *   so does a company selected or chosen by name ("the city selected Nordvolt to build ...");
 * - moves of results "in line with expectations", "as expected" or that "met forecasts" weigh 0.3
 *   (investors had priced them in);
 * - negation (a negator within the three preceding words of the same clause scales by -0.74, five
 *   before a passive: "no client tokens were stolen"; "fail" both weighs and negates: "fails to
 *   attract users"); a payout denied is bad news ("will not pay a dividend", "no dividends");
 * - boosters and dampeners (±0.293, fading with distance, as in VADER);
 * - contrastive "but"/"however" (the clause before weighs 0.5, after 1.5) and concessive
 *   "despite/although/though" clauses (weigh 0.3, or 0.6 trailing after a comma: "X, although Y"); a
 *   reason clause ("after/as/amid/following ...", "after the ...") that pulls against the main clause
 *   weighs 0.5 ("rebounds after selloff");
 * - no news: a denial of reports, rumours or allegations (and what it denies); what is only
 *   discussed, debated, considered, explored, mulled or voted on; explanations ("a bank run is when
 *   ...", "refers to", "is defined as"), texts opening with "whether", and questions opening with an
 *   auxiliary or "why" ("Will the regulator approve the fund?");
 * - in sentence-case text (also with several names, when most content words are lowercase), coloured
 *   words in names say nothing: inside a multi-word name or opening one ("Panic Button Studios is
 *   ..."), directions included;
 * - ALL-CAPS emphasis (±0.733, only when the text is not all in capitals, never for acronyms);
 * - "!" (+0.292 each, up to 4) and "??" emphasis.
 * The sum of valences is scaled by sqrt(20 / words) for texts longer than 20 words (long sentences
 * gather incidental words), then normalised like VADER's compound: s / sqrt(s² + 15), in [-1, 1].
 *
 * URLs are dropped before tokenizing. One pass to tokenize, one Map lookup per token, typed arrays:
 * no per-text dictionaries.
 */
import { classOf, labelFor, type SentimentClass, type SentimentLabel } from './labels';
import { ACRONYMS, DIRECTION_METRICS, METRICS, NOUN_MARKERS } from './lexicon/finance';
import { BE_FORMS, isBoundary, SEARCH_BOUNDARY } from './rules/clauses';
import { applyContrast, STRUCT_CONCESSION, STRUCT_CONTRAST, STRUCT_REASON } from './rules/contrast';
import { hasCapsDifferential, punctuationEmphasis } from './rules/emphasis';
import { LEX, wordSet, type Entry } from './rules/lexicon';
import { findMetric } from './rules/metrics';
import { isRateOfMetric, metricPolarity } from './rules/polarity';
import { procedureAndOrders } from './rules/procedure';
import {
  SRC_BOUND,
  SRC_DIRECTION,
  SRC_FIGURE,
  SRC_GENERAL,
  SRC_NEWS,
  SRC_PHRASE,
  SRC_UNDONE,
} from './rules/sources';
import { isAllCaps, NUMBER, numberValue, PUNCT, tokenize, WORD } from './tokenize';

export interface SentimentResult {
  /** Compound score in [-1, 1]. */
  readonly score: number;
  readonly label: SentimentLabel;
  /** Three-class view of the label, for evaluation against human labels. */
  readonly sentiment: SentimentClass;
}

const B_CAPS = 0.733;
const N_SCALAR = -0.74;
const ALPHA = 15;
const LONG_TEXT = 20;
const PENALTY = -1.8;
const RECORD_BOOST = 0.293;
// Bad news undone weighs less than bad news itself: "recovers stolen funds" is good, not great.
const UNDO_SCALE = 0.6;
const UNDO_REACH = 8;
// "ending a losing streak", "snaps losing streak", "wins dismissal of class action", "reversed an
// impairment", "removes the threat" undo bad news too.
// ("fixed" is left out: mostly an adjective, "fixed costs", "fixed-term".)
const UNDOERS = wordSet(
  'lift lifts lifted lifting fix fixes patch patches patched resolve resolves resolved recover ' +
    'recovers recovered recovering overturn overturns overturned avert averts averted avoid avoids ' +
    'avoided escape escapes escaped ending snaps snapped dismissal dismisses dismissed ' +
    // "reversed an impairment", "reversed early losses", "recouped the losses", "removes the threat"
    'reverse reverses reversed reversing reversal recoup recoups recouped ' +
    'remove removes removed removing eliminate eliminates eliminated eliminating',
);
// Past participles that undo what they follow in the passive, over a subject's modifiers.
const PASSIVE_UNDOERS = wordSet(
  'lifted dismissed withdrawn dropped overturned cancelled canceled rejected revoked quashed scrapped ' +
    'reversed waived removed resolved averted',
);
const PASSIVE_REACH = 12;
// "up"/"down" are directions only next to these (else they are particles: "set up", "up to").
const UPDOWN_NEXT = new Set([
  'from',
  'by',
  'sharply',
  'slightly',
  'significantly',
  'nearly',
  'almost',
  'about',
  'some',
  'over',
  'more',
  'strongly',
  'marginally',
  'steeply',
  'year',
  'against',
]);
const UPDOWN_PREV = new Set([
  'was',
  'were',
  'is',
  'are',
  'be',
  'been',
  'closed',
  'ended',
  'finished',
  'trading',
  'traded',
  'trades',
  'sharply',
  'slightly',
  'mn',
  'million',
  'bn',
  'billion',
  '%',
  'percent',
  'points',
  ',',
  'went',
  'go',
  'goes',
  'way',
  'moved',
  'moves',
  // small moves of a metric: "delinquencies edged up", "costs crept up"
  'edged',
  'edges',
  'inched',
  'inches',
  'ticked',
  'ticks',
  'crept',
  'creeps',
]);
const UNITS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mn: 1e6,
  mln: 1e6,
  million: 1e6,
  bn: 1e9,
  b: 1e9,
  billion: 1e9,
};
const COMPARATORS = new Set(['compared', 'versus', 'vs', 'against', 'from']);
// What has not happened yet: plans, forecasts, guesses. News about the future is often labelled
// neutral by readers even when its words are coloured ("expects sales to grow").
const HEDGES = wordSet(
  'will would may might could should expect expects expected expecting plan plans planned aim aims ' +
    'intend intends target targets forecast forecasts outlook estimate estimates estimated likely ' +
    'anticipate anticipates guidance potential possible',
);

/**
 * The evidence behind one text's rule score, for the calibrated combiner experiment (bench/sentiment-combiner/combiner.ts): valence
 * summed by where it came from, after negation, boosters, caps and contrast were applied (before
 * length scaling), plus counts. Positive sums are >= 0, negative sums <= 0.
 */
export interface Evidence {
  /** The rules' compound score in [-1, 1] (compound()). */
  readonly compound: number;
  /** VADER's everyday words (at their 0.4 weight). */
  readonly generalPos: number;
  readonly generalNeg: number;
  /** Finance/crypto lexicon words and events (hack, lawsuit, approval, orders won, penalties). */
  readonly newsPos: number;
  readonly newsNeg: number;
  /** Multi-word expressions ("all time high", "rug pull", "worse than expected"). */
  readonly phrasePos: number;
  readonly phraseNeg: number;
  /** Directions bound to a metric ("loss narrowed", "costs rose") and beats of expectations. */
  readonly boundPos: number;
  readonly boundNeg: number;
  /** Directions with no metric found ("shares rose", "fell"). */
  readonly directionPos: number;
  readonly directionNeg: number;
  /** Figure comparisons ("profit EUR 9 mn compared to EUR 6 mn"). */
  readonly figure: number;
  /** Bad news undone ("lifts ban"), always >= 0. */
  readonly undone: number;
  /** Tokens carrying valence, by sign. */
  readonly positives: number;
  readonly negatives: number;
  /** The strongest single positive and negative valence (0 when none). */
  readonly maxPos: number;
  readonly maxNeg: number;
  /** Valences flipped by a negator. */
  readonly negated: number;
  /** Hedges and forward-looking words (will, expects, forecast, ...). */
  readonly hedges: number;
  /** "but"/"however", a concessive clause, a reason clause pulling the other way (0 or 1 each). */
  readonly contrast: number;
  readonly concession: number;
  readonly reason: number;
  readonly words: number;
  readonly numbers: number;
  /** Words emphasised by ALL CAPS, and VADER's "!"/"??" emphasis. */
  readonly caps: number;
  readonly punctuation: number;
}

/** The evidence breakdown of one text (see Evidence); the same pass as compound(). */
export function evidenceOf(text: string): Evidence {
  const r = run(text);
  const sums = new Float64Array(16);
  let positives = 0;
  let negatives = 0;
  let hedges = 0;
  let maxPos = 0;
  let maxNeg = 0;
  const { val, src, lower } = r;
  for (let i = 0; i < val.length; i++) {
    if (HEDGES.has(lower[i] as string)) hedges++;
    const v = val[i] as number;
    if (v === 0 || src[i] === 0) continue;
    if (v > 0) {
      positives++;
      if (v > maxPos) maxPos = v;
    } else {
      negatives++;
      if (v < maxNeg) maxNeg = v;
    }
    const k = (src[i] as number) * 2 + (v > 0 ? 0 : 1);
    sums[k] = (sums[k] as number) + v;
  }
  const at = (k: number, neg: 0 | 1) => sums[k * 2 + neg] as number;
  return {
    compound: r.score,
    generalPos: at(SRC_GENERAL, 0),
    generalNeg: at(SRC_GENERAL, 1),
    newsPos: at(SRC_NEWS, 0),
    newsNeg: at(SRC_NEWS, 1),
    phrasePos: at(SRC_PHRASE, 0),
    phraseNeg: at(SRC_PHRASE, 1),
    boundPos: at(SRC_BOUND, 0),
    boundNeg: at(SRC_BOUND, 1),
    directionPos: at(SRC_DIRECTION, 0),
    directionNeg: at(SRC_DIRECTION, 1),
    figure: at(SRC_FIGURE, 0) + at(SRC_FIGURE, 1),
    undone: at(SRC_UNDONE, 0) + at(SRC_UNDONE, 1),
    positives,
    negatives,
    maxPos,
    maxNeg,
    negated: r.negated,
    hedges,
    contrast: r.structure & STRUCT_CONTRAST ? 1 : 0,
    concession: r.structure & STRUCT_CONCESSION ? 1 : 0,
    reason: r.structure & STRUCT_REASON ? 1 : 0,
    words: r.words,
    numbers: r.numbers,
    caps: r.capsEmphasis,
    punctuation: r.punctEmphasis,
  };
}

/** Scores one text. Pure; about a microsecond per word. */
export function scoreText(text: string): SentimentResult {
  const score = compound(text);
  const label = labelFor(score);
  return { score, label, sentiment: classOf(label) };
}

/** Weight of the headline in scoreDocument: headlines state the news, bodies add context. */
export const TITLE_WEIGHT = 0.6;

/**
 * Scores a document with a headline and an optional body (feed description, article text):
 * score = 0.6 × compound(title) + 0.4 × compound(body), or the score of whichever part is present
 * alone when the other is empty or scores exactly 0 (says nothing either way).
 */
export function scoreDocument(title: string, body = ''): SentimentResult {
  const t = title.trim() ? compound(title) : 0;
  const b = body.trim() ? compound(body) : 0;
  const score = t === 0 ? b : b === 0 ? t : TITLE_WEIGHT * t + (1 - TITLE_WEIGHT) * b;
  const label = labelFor(score);
  return { score, label, sentiment: classOf(label) };
}

/** The compound score in [-1, 1] of one text (see the module comment for the rules). */
export function compound(text: string): number {
  return run(text).score;
}

/** Each token with the valence it finally contributed: shows why a text scored as it did. */
export function explainText(text: string): { score: number; tokens: { token: string; valence: number }[] } {
  const { score, raw, val } = run(text);
  return {
    score,
    tokens: raw.map((token, i) => ({ token, valence: Math.round((val[i] as number) * 1000) / 1000 })),
  };
}

interface Run {
  score: number;
  raw: string[];
  val: Float64Array;
  /** Where each token's valence came from (SRC_*), 0 when it has none. */
  src: Uint8Array;
  words: number;
  numbers: number;
  negated: number;
  capsEmphasis: number;
  punctEmphasis: number;
  structure: number;
  /** The valence sum after length scaling, before punctuation emphasis and normalisation. */
  sum: number;
  lower: string[];
}

function run(text: string): Run {
  const { lower, raw, kind } = tokenize(text);
  const n = lower.length;
  const src = new Uint8Array(n);
  let negatedCount = 0;
  let capsCount = 0;
  const entries: (Entry | undefined)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    entries[i] = kind[i] === WORD && w.length > 1 ? LEX.get(w) : undefined;
  }

  const val = new Float64Array(n);
  // 0 = free, 1 = scored (has a valence), 2 = consumed (part of a phrase or a bound metric)
  const state = new Uint8Array(n);

  // 1. Multi-word expressions, longest first.
  for (let i = 0; i < n; i++) {
    const phrases = entries[i]?.phrases;
    if (!phrases) continue;
    for (const p of phrases) {
      if (i + p.rest.length >= n) continue;
      let ok = true;
      for (let k = 0; k < p.rest.length && ok; k++) ok = lower[i + 1 + k] === p.rest[k];
      if (!ok) continue;
      val[i] = p.valence;
      state[i] = 1;
      src[i] = SRC_PHRASE;
      for (let k = 1; k <= p.rest.length; k++) state[i + k] = 2;
      if (p.rest[0] === 'up' && PICK.has(lower[i] as string) && isPurchase(raw, kind, lower, i + 2))
        val[i] = 0;
      i += p.rest.length;
      break;
    }
  }

  // 1b. Swings: "returned to an operating profit", "turned to a net loss", "swung into profit".
  swings(lower, entries, state, val, src);

  // In sentence-case text a capitalised metric inside a multi-word name is part of the name
  // ("Aldermoor Capital's holding"), not a quantity: it is never bound.
  const sentenceCase = isSentenceCase(raw, kind);
  if (sentenceCase) {
    for (let i = 1; i < n; i++)
      if (entries[i]?.metric !== undefined && isProperNoun(raw, kind, i) && inName(raw, kind, i))
        state[i] = 2;
  }

  // 2. Directions bound to metrics: plain verbs first, then words that are also metrics ("growth"),
  // so that "growth slowed" binds "slowed" to "growth" before "growth" looks for a metric of its own.
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const d = entries[i]?.direction;
      if (!d || state[i] !== 0) continue;
      const w = lower[i] as string;
      if (DIRECTION_METRICS.has(w) !== (pass === 1)) continue;
      if ((w === 'up' || w === 'down') && !upDownIsDirection(lower, kind, i)) continue;
      // Part of a name in sentence-case text: "the Growth segment", "Sharp Decline Records".
      if (sentenceCase && ((isProperNoun(raw, kind, i) && inName(raw, kind, i)) || opensName(raw, kind, i)))
        continue;
      if (REPORTING.has(w) && isReporting(lower, kind, i)) continue;
      // "the gains evaporated": a noun that is also a metric waits to be bound by a verb.
      if (entries[i]?.metric !== undefined && NOUN_MARKERS.has(lower[i - 1] as string)) continue;
      const m = findMetric(lower, kind, entries, state, i, d.objects);
      if (m >= 0) {
        // An object that is also a metric keeps its polarity ("closed its investigation" is good).
        val[i] =
          d.dir * (d.objects ? (entries[m]?.metric ?? 1) : metricPolarity(lower, entries, m)) * d.strength;
        state[m] = 2;
        val[m] = 0;
        // the metric counted by a rate is part of what was bound ("Default rates declined")
        if (isRateOfMetric(lower, entries, m)) {
          state[m - 1] = 2;
          val[m - 1] = 0;
        }
        src[i] = SRC_BOUND;
      } else {
        // "higher than analysts expected" is a beat even when the figure is out of reach.
        const beat = beatsExpectations(lower, i);
        val[i] = beat ? d.dir * 1.6 : d.alone;
        src[i] = beat ? SRC_BOUND : SRC_DIRECTION;
      }
      state[i] = 1;
    }
  }

  // 3. Comparisons of figures: "<metric> ... EUR 9.0 mn compared to EUR 6.3 mn".
  for (let i = 1; i < n - 1; i++) {
    if (state[i] !== 0 || !COMPARATORS.has(lower[i] as string)) continue;
    compareFigures(lower, kind, entries, state, val, i);
    if (state[i] === 1) src[i] = SRC_FIGURE;
  }

  // 4. Single words. In sentence-case text a capitalised everyday word inside the sentence is a name
  // ("A.M. Best", "Friend Group", "F-Secure"), not a feeling.
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    const e = entries[i];
    // "fine" is a penalty after an amount ("a $5 million fine"), else a quality ("fine paper").
    if (
      lower[i] === 'fine' &&
      i > 0 &&
      (kind[i - 1] === NUMBER || UNITS[lower[i - 1] as string] !== undefined)
    ) {
      val[i] = PENALTY;
      state[i] = 1;
      src[i] = SRC_NEWS;
      continue;
    }
    if (!e || e.valence === 0 || e.booster !== undefined) continue;
    // "will record a gain", "to record": the verb, not a record result.
    if (lower[i] === 'record' && MODAL_TO.has(lower[i - 1] as string)) continue;
    // Being selected is the news ("was selected as supplier"); "has selected a system", "on selected
    // books" describe a purchase or a range.
    if (CHOSEN.has(lower[i] as string) && !isPassive(lower, i) && !namesWinner(raw, kind, i)) continue;
    if (sentenceCase && isProperNoun(raw, kind, i) && (e.general || inName(raw, kind, i))) continue;
    // A sentence that opens with a multi-word name: "Bear Creek Mining holds ...".
    if (sentenceCase && opensName(raw, kind, i)) continue;
    val[i] = e.valence;
    state[i] = 1;
    src[i] = e.general ? SRC_GENERAL : SRC_NEWS;
  }
  // "record" is good news alone ("record quarter") but intensifies bad news ("record outflows").
  for (let i = 0; i < n - 1; i++) {
    if (lower[i] !== 'record' || state[i] !== 1) continue;
    for (let j = i + 1; j <= i + 3 && j < n; j++) {
      if (state[j] === 1 && (val[j] as number) < 0) {
        val[i] = 0;
        val[j] = (val[j] as number) - RECORD_BOOST;
        break;
      }
    }
  }

  // 4a. A level reached by a move of a quantity where less is better (or that is no news) echoes the
  // move: in "unemployment fell to a record low" or "yields dropped to their lowest in months" the
  // extreme says how far the move went, not which way the news goes.
  for (let i = 0; i < n; i++) {
    const d = entries[i]?.direction;
    if (src[i] !== SRC_BOUND || !d) continue;
    const sign = Math.sign(val[i] as number);
    if (sign === d.dir) continue; // more is better: "profit rose to a record high" already agrees
    for (let j = i + 1; j < n && j <= i + EXTREME_REACH; j++) {
      const w = lower[j] as string;
      if (isBoundary(w, kind[j] as number) || SEARCH_BOUNDARY.has(w)) break;
      if (state[j] !== 1 || !isExtreme(lower, state, j)) continue;
      val[j] = sign * Math.abs(val[j] as number);
      break;
    }
  }

  // 4a''. A direction with no metric moves the bad news just before it: "complaints dropped" is good
  // news, "fears grew" bad. The direction then says it all.
  badSubjects(lower, kind, entries, state, val, src);

  // 4a'. Measured against expectations: "fell less than feared" is good news, "grew less than
  // expected" bad, "below the 0.5 % economists had forecast" a miss, "beat estimates" a beat; the fear
  // or forecast itself says nothing.
  againstExpectations(lower, kind, entries, state, val, src);

  const undone = new Uint8Array(n);
  // 4b. Undoing bad news: what is lifted, fixed, recovered or avoided counts for the better
  // ("lifts ban", "fix for the bug", "recovers stolen funds", "avoids bankruptcy").
  for (let i = 0; i < n - 1; i++) {
    if (!UNDOERS.has(lower[i] as string)) continue;
    for (let j = i + 1; j < n && j <= i + UNDO_REACH; j++) {
      if (isBoundary(lower[j] as string, kind[j] as number) || SEARCH_BOUNDARY.has(lower[j] as string)) break;
      if (state[j] === 1 && (val[j] as number) < 0) {
        val[j] = -(val[j] as number) * UNDO_SCALE;
        undone[j] = 1;
        // The undoer's own sense of loss is spent on what it undid ("dismissed the lawsuit").
        if ((val[i] as number) < 0) val[i] = 0;
      }
    }
  }
  // ... and in the passive, what was undone comes first: "the lawsuit was withdrawn", "the lay-offs
  // have been cancelled", "the ban was lifted".
  for (let i = 2; i < n; i++) {
    if (!PASSIVE_UNDOERS.has(lower[i] as string) && !UNDOERS.has(lower[i] as string)) continue;
    // An adverb may sit between: "was finally lifted", "have been fully resolved".
    const be = (lower[i - 1] as string).endsWith('ly') ? i - 2 : i - 1;
    if (!BE_FORMS.has(lower[be] as string)) continue;
    if (lower[i + 1] === 'out') continue; // "was cancelled out by": offset, not undone
    for (let j = be - 1; j >= 0 && j >= i - PASSIVE_REACH; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number) || SEARCH_BOUNDARY.has(lower[j] as string)) break;
      if (state[j] === 1 && (val[j] as number) < 0 && !undone[j]) {
        val[j] = -(val[j] as number) * UNDO_SCALE;
        undone[j] = 1;
        if ((val[i] as number) < 0) val[i] = 0;
      }
    }
  }

  // 4b'. Bad news that ends or that work resumed after: "ended a losing streak", "the strike ended on
  // Friday", "breaking a five-day outflow streak", "deliveries restarted after a strike".
  badNewsEnded(lower, kind, state, val, undone);

  // 4c. Corporate procedure and business won.
  procedureAndOrders(lower, kind, state, val, src);

  // 4c'. A loss named as the comparison base is last year's figure: "profit of 3 mn against a loss of 1 mn".
  lossAsBase(lower, kind, entries, state, val);

  // 4d. Harm denied: "the outage did not affect user funds" says the bad news before it did no harm.
  harmDenied(lower, kind, entries, state, val);

  // 4e. What a product does is a description, not news: "our solutions enable companies to gain
  // visibility", "software that makes processes more effective".
  productClaims(lower, kind, val);
  // 4f. A denied rumour is no news either way: "denied reports that it would cut jobs".
  rumourDenied(lower, kind, val);
  // Undone bad news (4b) now counts for the better: its own evidence kind.
  for (let i = 0; i < n; i++) if (state[i] === 1 && val[i] !== 0 && undone[i]) src[i] = SRC_UNDONE;

  // 4g. A payout denied: "will not propose a dividend", "no dividend" (negated in step 5).
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0 || !PAYOUTS.has(lower[i] as string)) continue;
    for (let k = 1; k <= 3 && i - k >= 0; k++) {
      if (isBoundary(lower[i - k] as string, kind[i - k] as number)) break;
      if (entries[i - k]?.negator) {
        val[i] = PAYOUT;
        state[i] = 1;
        src[i] = SRC_NEWS;
        break;
      }
    }
  }

  // 5. Modifiers: caps, boosters, negation.
  const capsDiff = hasCapsDifferential(raw, kind);
  for (let i = 0; i < n; i++) {
    if (state[i] !== 1 || val[i] === 0) continue;
    let v = val[i] as number;
    const sign = v > 0 ? 1 : -1;
    const r = raw[i] as string;
    if (capsDiff && isAllCaps(r) && !ACRONYMS.has(lower[i] as string) && r[0] !== '$') {
      v += sign * B_CAPS;
      capsCount++;
    }
    let negated = false;
    // A passive reaches back further to its negated subject: "no customer funds were lost".
    const reach = BE_FORMS.has(lower[i - 1] as string) ? PASSIVE_NEGATION_REACH : 3;
    for (let k = 1; k <= reach && i - k >= 0; k++) {
      const j = i - k;
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      const e = entries[j];
      // VADER: a sentiment word is not a modifier; but "fail" both weighs and negates what it fails
      // to do ("fails to attract users").
      if (state[j] === 1 && !(e?.negator && val[j] !== 0)) continue;
      if (e?.booster !== undefined && lower[j + 1] !== 'than') {
        const b = sign * e.booster * (k === 1 ? 1 : k === 2 ? 0.95 : 0.9);
        v += capsDiff && isAllCaps(raw[j] as string) ? b + sign * B_CAPS : b;
      }
      if (e?.negator && !negated && lower[j + 1] !== 'only') negated = true;
    }
    // Trailing degree adverb on a direction: "rose sharply", "fell slightly".
    if (entries[i]?.direction && i + 1 < n) {
      const b = entries[i + 1]?.booster;
      if (b !== undefined) v += sign * b;
    }
    val[i] = negated ? v * N_SCALAR : v;
    if (negated) negatedCount++;
  }

  // 5b. Results that match expectations are no news: "sales grew 4 %, in line with expectations".
  if (matchesExpectations(lower)) {
    for (let i = 0; i < n; i++) {
      const k = src[i];
      if (k === SRC_BOUND || k === SRC_DIRECTION || k === SRC_FIGURE) val[i] = (val[i] as number) * MATCHED;
    }
  }

  // 5c. What is only discussed has not happened: "will vote on cutting the rate", "discussed
  // raising the cap", "considering an IPO": the rest of the clause weighs nothing.
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (!DELIBERATE.has(w) && !(w === 'vote' && lower[i + 1] === 'on')) continue;
    for (let j = i + 1; j < n && !isBoundary(lower[j] as string, kind[j] as number); j++) val[j] = 0;
  }

  // 5d. Explanations and open questions are not news: "a margin call is when ...", "whether the
  // deal will win approval is unclear".
  if (isDefinition(lower) || lower[0] === 'whether') val.fill(0);
  openQuestions(lower, kind, val);

  // 6. Contrast ("but" reweights the whole text around its first occurrence) and concession.
  const structure = applyContrast(lower, kind, val);

  let sum = 0;
  let words = 0;
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    sum += val[i] as number;
    if (kind[i] === WORD) words++;
    else if (kind[i] === NUMBER) numbers++;
  }
  const out: Run = {
    score: 0,
    raw,
    val,
    src,
    words,
    numbers,
    negated: negatedCount,
    capsEmphasis: capsCount,
    punctEmphasis: 0,
    structure,
    sum: 0,
    lower,
  };
  if (sum === 0) return out;
  // A long sentence collects incidental words ("a leading supplier ... dedicated team") that a
  // headline does not: beyond LONG_TEXT words the sum shrinks with the square root of the length.
  if (words > LONG_TEXT) sum *= Math.sqrt(LONG_TEXT / words);
  out.sum = sum;
  out.punctEmphasis = punctuationEmphasis(lower, kind);
  sum += Math.sign(sum) * out.punctEmphasis;
  const c = sum / Math.sqrt(sum * sum + ALPHA);
  out.score = c > 1 ? 1 : c < -1 ? -1 : c;
  return out;
}

// How far back a direction with no metric looks for the bad news it moves.
const BAD_SUBJECT_REACH = 5;

/**
 * A direction that found no metric ("declined" alone) moves the bad news just before it in the clause
 * ("lawsuit filings dropped", "complaints rose"): it reads as a bound direction on a metric of
 * negative polarity, and the bad word itself is no longer news.
 */
function badSubjects(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
  src: Uint8Array,
): void {
  for (let i = 1; i < lower.length; i++) {
    const d = entries[i]?.direction;
    if (!d || d.objects || src[i] !== SRC_DIRECTION) continue;
    for (let j = i - 1; j >= 0 && j >= i - BAD_SUBJECT_REACH; j--) {
      const w = lower[j] as string;
      if (isBoundary(w, kind[j] as number) || SEARCH_BOUNDARY.has(w)) break;
      const e = entries[j];
      if (e?.negator || e?.direction) break;
      if (state[j] === 1 && (val[j] as number) < 0 && !e?.general) {
        val[i] = -d.dir * d.strength;
        src[i] = SRC_BOUND;
        val[j] = 0;
        break;
      }
    }
  }
}

/** Bad news at j, not yet undone, counts for the better at UNDO_SCALE. */
function undoAt(j: number, state: Uint8Array, val: Float64Array, undone: Uint8Array): void {
  if (state[j] === 1 && (val[j] as number) < 0 && !undone[j]) {
    val[j] = -(val[j] as number) * UNDO_SCALE;
    undone[j] = 1;
  }
}

// "ended a losing streak", "the strike ended on Friday": bad news over is good news (like UNDOERS).
const ENDED = new Set(['ended', 'ends']);
// "ended a/its ...": the object that ended ("ended the day lower" is a close, not an end).
const ENDED_OBJECT = new Set(['a', 'an', 'its', 'their']);
// "... ended after/on/with ...", "... ended.": intransitive, the subject is what ended.
const ENDED_INTRANSITIVE = new Set(['after', 'on', 'in', 'when', 'with', 'last', 'early', 'abruptly', 'and']);
const ENDED_REACH = 5;
const BREAKS = wordSet('break breaks broke breaking');
const STREAKS = wordSet('streak run');
const PERIODS = wordSet('day days session sessions week weeks month months quarter quarters year years');
const COUNTS = wordSet('two three four five six seven eight nine ten eleven twelve several multi');
// What starts again after a stop: "trading resumed after the halt" (only with "after").
const RESUMED = wordSet('resumed resumes restarted restarts reopened reopens');
const AFTER = wordSet('after following');

/**
 * Bad news that ended, or that work resumed after, counts for the better at UNDO_SCALE, as bad news
 * undone (4b); a good run broken turns around ("breaking a streak of nine strong weeks").
 */
function badNewsEnded(
  lower: string[],
  kind: Uint8Array,
  state: Uint8Array,
  val: Float64Array,
  undone: Uint8Array,
): void {
  const n = lower.length;
  for (let i = 1; i < n; i++) {
    const w = lower[i] as string;
    // "production restarted after a halt": what it restarted after is over.
    if (RESUMED.has(w) && AFTER.has(lower[i + 1] as string)) {
      for (let j = i + 2; j < n && j <= i + 1 + UNDO_REACH; j++) {
        if (isBoundary(lower[j] as string, kind[j] as number)) break;
        undoAt(j, state, val, undone);
      }
      continue;
    }
    // "breaking a five-day outflow streak" ends a run too (but "breaking the law" does not).
    if (BREAKS.has(w) && ENDED_OBJECT.has(lower[i + 1] as string)) {
      let streak = -1;
      for (let j = i + 2; j < n && j <= i + 1 + ENDED_REACH && streak < 0; j++)
        if (STREAKS.has(lower[j] as string)) streak = j;
      for (let j = i + 2; j < streak; j++) undoAt(j, state, val, undone);
      // "breaking a streak of 23 positive days": what the run was turns around, good or bad.
      if (streak > 0 && lower[streak + 1] === 'of')
        for (let j = streak + 2; j < n && j <= streak + 1 + ENDED_REACH; j++) {
          if (isBoundary(lower[j] as string, kind[j] as number)) break;
          if (state[j] === 1 && !undone[j] && val[j] !== 0) {
            val[j] = -(val[j] as number) * UNDO_SCALE;
            undone[j] = 1;
          }
        }
      continue;
    }
    if (!ENDED.has(w)) continue;
    const next = lower[i + 1];
    if (next !== undefined && ENDED_OBJECT.has(next)) {
      for (let j = i + 2; j < n && j <= i + 1 + ENDED_REACH; j++) {
        if (isBoundary(lower[j] as string, kind[j] as number) || SEARCH_BOUNDARY.has(lower[j] as string))
          break;
        // "ended a volatile week lower" closes a period; "ended a three-week slide" ends a run.
        if (
          PERIODS.has(lower[j] as string) &&
          !(kind[j - 1] === NUMBER || COUNTS.has(lower[j - 1] as string))
        )
          break;
        undoAt(j, state, val, undone);
      }
    } else if (
      next === undefined ||
      (kind[i + 1] === PUNCT && next !== '%') ||
      ENDED_INTRANSITIVE.has(next)
    ) {
      for (let j = i - 1; j >= 0 && j >= i - ENDED_REACH; j--) {
        if (isBoundary(lower[j] as string, kind[j] as number) || SEARCH_BOUNDARY.has(lower[j] as string))
          break;
        undoAt(j, state, val, undone);
      }
    }
  }
}

// Deliberation: what follows is a proposal, not an event.
const DELIBERATE = wordSet(
  'discuss discusses discussed discussing debate debates debated debating consider considers considering ' +
    'explore explores exploring mull mulls mulling',
);

// A question opening with an auxiliary or "why" asks, it does not tell: "Will the SEC approve ...?"
const QUESTION_OPENERS = wordSet('will would can could should is are does do did why');

/** Zeroes each sentence that opens with QUESTION_OPENERS and ends with a question mark. */
function openQuestions(lower: string[], kind: Uint8Array, val: Float64Array): void {
  let start = 0;
  for (let i = 0; i < lower.length; i++) {
    if (kind[i] !== PUNCT || lower[i] === ',' || lower[i] === '%') continue;
    if ((lower[i] as string).includes('?') && QUESTION_OPENERS.has(lower[start] as string))
      for (let j = start; j < i; j++) val[j] = 0;
    start = i + 1;
  }
}

// "X is when ...", "X happens when ...", "X refers to ...": a definition, not an event.
const DEFINING_BEFORE_WHEN = wordSet('is are happens happen occurs occur');
const DEFINING = wordSet('refers defined');

/** The text explains a term: "is/happens/occurs when", "refers to", "is defined as". */
function isDefinition(lower: string[]): boolean {
  for (let i = 1; i < lower.length - 1; i++) {
    const w = lower[i] as string;
    if (lower[i + 1] === 'when' && DEFINING_BEFORE_WHEN.has(w)) return true;
    if (
      DEFINING.has(w) &&
      (w !== 'refers' || lower[i + 1] === 'to') &&
      (w !== 'defined' || lower[i + 1] === 'as')
    )
      return true;
  }
  return false;
}

// A payout that a negator denies is bad news; the payout counts PAYOUT before negation flips it.
const PAYOUTS = wordSet('dividend dividends payout payouts');
const PAYOUT = 1.6;

const DENIALS = wordSet('deny denies denied denying');
const RUMOURS = wordSet(
  'report reports rumour rumours rumor rumors speculation allegations allegation claims media',
);

/**
 * A denial of reports, rumours or allegations says nothing either way: the denial and what it denies,
 * to the end of the sentence, weigh nothing ("denied reports that it plans to cut jobs").
 */
function rumourDenied(lower: string[], kind: Uint8Array, val: Float64Array): void {
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (!DENIALS.has(lower[i] as string)) continue;
    let rumour = false;
    for (let j = i + 1; j < n && j <= i + 3 && !rumour; j++) rumour = RUMOURS.has(lower[j] as string);
    if (!rumour) continue;
    for (let j = i; j < n && !(kind[j] === PUNCT && lower[j] !== ',' && lower[j] !== '%'); j++) val[j] = 0;
  }
}
// What introduces the figure compared against ("compared with/to" too), and the words between it and
// the metric.
const BASE_MARKERS = new Set(['from', 'against', 'versus', 'vs']);
const BOTTOM_LINE = new Set(['profit', 'profits', 'income', 'earnings', 'ebit', 'ebitda', 'eps', 'result']);
const SWING = 1.6;
const BASE_FILLERS = new Set([
  'a',
  'an',
  'the',
  'net',
  'operating',
  'pre',
  'tax',
  'pretax',
  'underlying',
  'adjusted',
]);

/**
 * A loss introduced by "from/against/compared with (a)" is the base of a comparison: no news itself,
 * or a swing to profit when a profit figure came before it in the clause.
 */
function lossAsBase(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
): void {
  for (let i = 1; i < lower.length; i++) {
    const m = entries[i]?.metric;
    if (m === undefined || m >= 0 || state[i] !== 1 || (val[i] as number) >= 0) continue;
    let j = i - 1;
    while (j > 0 && BASE_FILLERS.has(lower[j] as string)) j--;
    const w = lower[j] as string;
    if (!BASE_MARKERS.has(w) && !((w === 'with' || w === 'to') && lower[j - 1] === 'compared')) continue;
    val[i] = 0;
    // A profit now against a loss then is a swing to profit.
    for (let k = j - 1; k >= 0 && k >= j - 12; k--) {
      if (isBoundary(lower[k] as string, kind[k] as number)) break;
      if (state[k] === 0 && BOTTOM_LINE.has(lower[k] as string)) {
        val[i] = SWING;
        state[k] = 2;
        break;
      }
    }
  }
}

const SWING_VERBS = new Set([
  'turn',
  'turns',
  'turned',
  'return',
  'returns',
  'returned',
  'swing',
  'swings',
  'swung',
  'slip',
  'slips',
  'slipped',
  'fell',
  'falls',
  'moved',
  'moves',
  'back',
]);

/** "returned to an operating profit", "swung into a net loss": the result changed sign. */
function swings(
  lower: string[],
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
  src: Uint8Array,
): void {
  for (let i = 0; i < lower.length - 2; i++) {
    if (state[i] !== 0 || !SWING_VERBS.has(lower[i] as string)) continue;
    const to = lower[i + 1];
    if (to !== 'to' && to !== 'into') continue;
    let j = i + 2;
    while (j < lower.length - 1 && BASE_FILLERS.has(lower[j] as string)) j++;
    const m = entries[j]?.metric;
    if (m === undefined || m === 0 || state[j] !== 0) continue;
    val[i] = m > 0 ? SWING : -SWING;
    state[i] = 1;
    src[i] = SRC_BOUND;
    state[j] = 2;
  }
}

const HARMS = new Set(
  'affect affects affected impact impacts impacted hurt hurts harm harmed disrupt disrupted touch touched effect'.split(
    ' ',
  ),
);

/**
 * Negation reaches forward over what it denies: in "the hack did not affect customer funds" the
 * negator follows the bad word, so VADER's look-back misses it. The clause's bad news before a denied
 * harm verb is cancelled (to neutral, not flipped: nothing good happened either).
 */
function harmDenied(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
): void {
  for (let i = 1; i < lower.length; i++) {
    if (!HARMS.has(lower[i] as string)) continue;
    let denied = false;
    for (let k = 1; k <= 3 && i - k >= 0 && !denied; k++) denied = entries[i - k]?.negator === true;
    if (!denied) continue;
    if (state[i] === 1) val[i] = 0;
    for (let j = i - 1; j >= 0; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] === 1 && (val[j] as number) < 0 && !entries[j]?.negator) val[j] = 0;
    }
  }
}

// "added" reports speech when nothing follows it or it introduces a clause: "..., the company added."
const REPORTING = new Set(['added', 'adds', 'adding']);
function isReporting(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  return next === undefined || next === 'that' || (kind[i + 1] === PUNCT && next !== '%');
}

// Levels that a move reaches ("its lowest since 2022", "a record high", "multi-year lows").
const EXTREME_REACH = 12;
const EXTREMES = new Set(['lowest', 'highest', 'lows', 'highs']);
const EXTREME_ENDS = new Set(['low', 'high', 'lows', 'highs']);
/** A superlative level word, or a phrase ending in one ("record low", "all time high"). */
function isExtreme(lower: string[], state: Uint8Array, j: number): boolean {
  if (EXTREMES.has(lower[j] as string)) return true;
  let k = j + 1;
  while (k < lower.length && state[k] === 2) k++;
  return k > j + 1 && EXTREME_ENDS.has(lower[k - 1] as string);
}

const PICK = new Set(['pick', 'picks', 'picked', 'picking']);
/** "picked up 2 million shares", "picked up a stake": a purchase, not a rebound. */
function isPurchase(raw: string[], kind: Uint8Array, lower: string[], j: number): boolean {
  const w = lower[j];
  if (w === undefined) return false;
  if (kind[j] === NUMBER || w === 'a' || w === 'an' || w === 'the' || w === 'shares' || w === 'stake')
    return true;
  return kind[j] === WORD && /^[A-Z]/.test(raw[j] as string);
}

// How far back a negator reaches over a passive's subject ("no user funds were lost").
const PASSIVE_NEGATION_REACH = 5;
const MODAL_TO = new Set(['will', 'would', 'to', 'may', 'might', 'could', 'shall', 'should', 'must']);
const CHOSEN = new Set(['selected', 'chosen', 'chose', 'picked']);
/** "The utility selected Nordvolt to build the plant": a company chosen by name wins the business. */
function namesWinner(raw: string[], kind: Uint8Array, i: number): boolean {
  const c = (raw[i + 1] ?? '').charCodeAt(0);
  return kind[i + 1] === WORD && c >= 65 && c <= 90;
}

function isPassive(lower: string[], i: number): boolean {
  const prev = lower[i - 1] as string;
  const next = lower[i + 1] as string;
  // A headline drops the auxiliary: "Nokia selected as supplier", "chosen to build the bridge".
  return BE_FORMS.has(prev) || next === 'as' || next === 'by' || next === 'to' || next === 'for';
}

const PRODUCT_NOUNS = new Set(
  (
    'solution solutions product products system systems software technology technologies service services ' +
    'platform platforms device devices equipment tool tools application applications concept'
  ).split(' '),
);
const CAPABILITIES = new Set(
  (
    'enable enables provide provides help helps allow allows make makes improve improves enhance enhances ' +
    'offer offers let lets ensure ensures'
  ).split(' '),
);

/**
 * A product noun followed by a present-tense capability verb ("solutions that enable", "the device
 * offers") starts a marketing description: nothing to the end of the sentence is news.
 */
function productClaims(lower: string[], kind: Uint8Array, val: Float64Array): void {
  const n = lower.length;
  for (let i = 1; i < n; i++) {
    if (!CAPABILITIES.has(lower[i] as string)) continue;
    let subject = lower[i - 1] as string;
    if ((subject === 'that' || subject === 'which') && i > 1) subject = lower[i - 2] as string;
    if (!PRODUCT_NOUNS.has(subject)) continue;
    for (let j = i; j < n && !(kind[j] === PUNCT && lower[j] !== ',' && lower[j] !== '%'); j++) val[j] = 0;
  }
}

function upDownIsDirection(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  if (next !== undefined && (kind[i + 1] === NUMBER || UPDOWN_NEXT.has(next))) return true;
  // "up for sale", "up for re-election": not a move
  if (next === 'for') return false;
  const prev = lower[i - 1];
  if (prev === undefined) return next === undefined || kind[i + 1] === PUNCT;
  return kind[i - 1] === NUMBER || UPDOWN_PREV.has(prev) || METRICS[prev] !== undefined;
}

const EXPECTATIONS = new Set([
  'expected',
  'expectations',
  'estimates',
  'estimate',
  'estimated',
  'forecast',
  'forecasts',
  'anticipated',
  'consensus',
  'predicted',
  'projected',
  'analysts',
  'analyst',
  'guidance',
]);

// What is left of a move that was expected: investors had priced it in.
const MATCHED = 0.3;
const MET = new Set(['met', 'meets', 'meet', 'matched', 'matches', 'match']);
const AS_PLANNED = new Set(['expected', 'forecast', 'anticipated', 'predicted', 'guided', 'projected']);

/** "in line with (analysts') expectations", "as expected", "met forecasts". */
function matchesExpectations(lower: string[]): boolean {
  for (let i = 0; i < lower.length - 1; i++) {
    const w = lower[i] as string;
    const next = lower[i + 1] as string;
    if (w === 'as' && AS_PLANNED.has(next) && lower[i - 1] !== 'same') return true;
    if (MET.has(w) && (EXPECTATIONS.has(next) || EXPECTATIONS.has(lower[i + 2] as string))) return true;
    if (w === 'line' && lower[i - 1] === 'in' && next === 'with') {
      for (let j = i + 2; j <= i + 4 && j < lower.length; j++)
        if (EXPECTATIONS.has(lower[j] as string)) return true;
    }
  }
  return false;
}

// What a result is measured against: "than feared", "than analysts had pencilled in".
// (with EXPECTATIONS: "than analysts had predicted", "than the estimate")
const FEARED = new Set(['feared', 'hoped', 'thought', 'pencilled', 'penciled']);
const SMALLER = new Set(['less', 'smaller', 'milder', 'slower', 'fewer']);
// How far after "than" the expectation may come, and how far back the flipped news may be.
const EXPECTATION_REACH = 8;
const SMALLER_REACH = 6;
// "below/above the 2 % analysts had forecast": a miss or a beat, whatever the figure did.
const MEASURED = new Set(['below', 'above']);
const BEAT = 1.6;
// How far back, over commas, the move that was measured may be ("grew 2 %, below the ... forecast").
const MEASURED_REACH = 8;
const BEATERS = wordSet('beat beats beating beaten exceeded exceeds exceeding topped surpassed surpasses');
const MISSERS = wordSet('miss misses missed missing');

function isExpectation(w: string): boolean {
  return EXPECTATIONS.has(w) || FEARED.has(w);
}

/**
 * "below/above <figure> <expectation>" is a miss or a beat; the move it measures ("grew 0.3 %", "dipped
 * 5 %": whatever scored before it, back over commas) and the words up to the expectation then say
 * nothing more.
 */
function measuredAgainst(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
  src: Uint8Array,
  i: number,
): void {
  const n = lower.length;
  let e = -1;
  for (let j = i + 1; j < n && j <= i + EXPECTATION_REACH && e < 0; j++) {
    if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') return;
    if (isExpectation(lower[j] as string)) e = j;
  }
  if (e < 0) return;
  for (let j = i + 1; j <= e; j++) val[j] = 0;
  val[i] = (entries[i]?.direction?.dir ?? 1) * BEAT;
  state[i] = 1;
  src[i] = SRC_BOUND;
  for (let j = i - 1; j >= 0 && j >= i - MEASURED_REACH; j--) {
    if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') break;
    if (state[j] === 1) val[j] = 0;
  }
}

/** "beat forecasts", "missed analysts' estimates": a beat or a miss is the news, not the move before. */
function beatOrMiss(
  lower: string[],
  kind: Uint8Array,
  state: Uint8Array,
  val: Float64Array,
  src: Uint8Array,
  i: number,
): void {
  const w = lower[i] as string;
  for (let j = i + 1; j < lower.length && j <= i + 4; j++) {
    if (kind[j] === PUNCT && lower[j] !== '%') return;
    if (!isExpectation(lower[j] as string)) continue;
    val[i] = BEATERS.has(w) ? BEAT : -BEAT;
    state[i] = 1;
    src[i] = SRC_BOUND;
    // "output rose 0.1 %, missing the consensus": the miss is the news, not the move.
    if (lower[i - 1] === ',')
      for (let k = i - 2; k >= 0 && k >= i - 1 - MEASURED_REACH; k--) {
        if (kind[k] === PUNCT && lower[k] !== '%' && lower[k] !== ',') break;
        val[k] = 0;
      }
    return;
  }
}

/**
 * "X less than feared/expected": the news is the gap, so what X says turns around ("fell less than
 * feared", "the impairment was smaller than analysts had pencilled in" are good news). After "than",
 * the words of the expectation ("feared", "forecast") weigh nothing. Also "below/above" and
 * "beat/missed" an expectation (measuredAgainst, beatOrMiss).
 */
function againstExpectations(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
  src: Uint8Array,
): void {
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    const w = lower[i] as string;
    if (MEASURED.has(w)) {
      measuredAgainst(lower, kind, entries, state, val, src, i);
      continue;
    }
    if (BEATERS.has(w) || MISSERS.has(w)) {
      beatOrMiss(lower, kind, state, val, src, i);
      continue;
    }
    if (w !== 'than') continue;
    let e = -1;
    for (let j = i + 1; j < n && j <= i + EXPECTATION_REACH; j++) {
      if (kind[j] === PUNCT && lower[j] !== '%' && lower[j] !== ',') break;
      if (isExpectation(lower[j] as string)) {
        e = j;
        val[j] = 0;
      }
    }
    if (e < 0) continue;
    // "less than feared", "less severe than feared"; in "fewer jobs than feared" the bound metric
    // says what was cut, and the cut is still news.
    const s = SMALLER.has(lower[i - 1] as string)
      ? i - 1
      : SMALLER.has(lower[i - 2] as string) && state[i - 1] !== 2
        ? i - 2
        : -1;
    if (s < 0) continue;
    for (let j = s + 1; j < i; j++) val[j] = 0;
    let turned = false;
    for (let j = s - 1; j >= 0 && j >= s - SMALLER_REACH; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] !== 1) continue;
      val[j] = -(val[j] as number);
      turned = true;
    }
    // The turn says the gap: "smaller than predicted" is then no beat or miss of its own ("the
    // writedown was smaller than analysts had predicted"; "the loss was smaller" stays bound).
    if (turned) val[s] = 0;
  }
}

function beatsExpectations(lower: string[], i: number): boolean {
  if (lower[i + 1] !== 'than') return false;
  for (let j = i + 2; j <= i + 4 && j < lower.length; j++)
    if (EXPECTATIONS.has(lower[j] as string)) return true;
  return false;
}
const FIGURE_REACH = 10;

function figureAt(lower: string[], kind: Uint8Array, j: number): number | undefined {
  if (kind[j] !== NUMBER) return undefined;
  const t = lower[j] as string;
  const x = numberValue(t);
  // A bare year is a date, not a figure ("in 2009 compared to 2008").
  if (!t.includes('.') && !t.includes('%') && !t.includes(',') && x >= 1990 && x <= 2040) return undefined;
  // A range shares its unit: "EUR 105-115 mn".
  const u = kind[j + 1] === NUMBER ? j + 2 : j + 1;
  return x * (UNITS[lower[u] as string] ?? 1);
}

function compareFigures(
  lower: string[],
  kind: Uint8Array,
  entries: (Entry | undefined)[],
  state: Uint8Array,
  val: Float64Array,
  i: number,
): void {
  let a: number | undefined;
  let aPos = -1;
  // The first figure may stand a period away: "EUR 48 mn at the end of the year, against EUR 67 mn".
  for (let j = i - 1; j >= 0 && j >= i - FIGURE_REACH && a === undefined; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number)) return;
    if (state[j] === 1 && entries[j]?.direction) return; // "rose to 9 from 6": the verb already spoke
    a = figureAt(lower, kind, j);
    aPos = j;
  }
  if (a === undefined) return;
  let b: number | undefined;
  for (let j = i + 1; j < lower.length && j <= i + 6 && b === undefined; j++) {
    // "profit of 3.2 mn compared to a loss of 1.2 mn": another quantity, not comparable
    if (isBoundary(lower[j] as string, kind[j] as number) || entries[j]?.metric !== undefined) return;
    b = figureAt(lower, kind, j);
  }
  if (b === undefined || a === b) return;
  let m0 = -1;
  for (let j = aPos - 1; j >= 0 && j >= aPos - 12; j--) {
    if (isBoundary(lower[j] as string, kind[j] as number)) break;
    // "lowered its sales guidance to 95 from 105": the verb already spoke for the figures.
    if (state[j] === 1 && entries[j]?.direction) return;
    if (m0 < 0 && entries[j]?.metric !== undefined && state[j] === 0) m0 = j;
  }
  if (m0 < 0) return;
  val[i] = (a > b ? 1 : -1) * metricPolarity(lower, entries, m0) * 1.6;
  state[i] = 1;
  state[m0] = 2;
}

// Lowercase content words that make a sentence with several names ("Bear Creek Mining holds
// exploration licences in northern Norway") sentence case all the same.
const LOWER_CONTENT = 3;
/**
 * Fewer than a third of the words start with a capital, or at least half of the content words and
 * three of them are in lowercase: not a headline in Title Case.
 */
function isSentenceCase(raw: string[], kind: Uint8Array): boolean {
  let words = 0;
  let caps = 0;
  // Content words (four letters or more): Title Case capitalises them all, sentence case few.
  let content = 0;
  let lowerContent = 0;
  for (let i = 0; i < raw.length; i++) {
    if (kind[i] !== WORD) continue;
    words++;
    const r = raw[i] as string;
    const c = r.charCodeAt(0);
    const capital = c >= 65 && c <= 90;
    if (capital) caps++;
    if (r.length >= 4) {
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
function opensName(raw: string[], kind: Uint8Array, i: number): boolean {
  const starts = i === 0 || (kind[i - 1] === PUNCT && raw[i - 1] !== ',' && raw[i - 1] !== '%');
  return (
    starts &&
    /^[A-Z][a-z]/.test(raw[i] as string) &&
    kind[i + 1] === WORD &&
    /^[A-Z][a-z]/.test(raw[i + 1] as string)
  );
}

/** Capitalised (not all-caps) and not the first word of a sentence. */
function isProperNoun(raw: string[], kind: Uint8Array, i: number): boolean {
  const r = raw[i] as string;
  const c = r.charCodeAt(0);
  if (c < 65 || c > 90 || isAllCaps(r) || i === 0) return false;
  const prev = raw[i - 1] as string;
  return !(kind[i - 1] === PUNCT && prev !== ',' && prev !== '%');
}

/** Next to another capitalised word: part of a multi-word name ("Big Bear Group"). */
function inName(raw: string[], kind: Uint8Array, i: number): boolean {
  const cap = (j: number) => kind[j] === WORD && /^[A-Z][a-z]/.test(raw[j] as string);
  return cap(i - 1) || cap(i + 1);
}
