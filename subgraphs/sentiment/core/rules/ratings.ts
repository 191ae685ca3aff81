/**
 * Analysts' ratings: a rating changed ("upgraded to buy", "cut to Sell", "downgraded to neutral from
 * outperform"), given or kept ("starts at Buy", "initiated as outperform", "maintained as buy",
 * "reiterates sell", "rated buy"), stated ("is a buy", "remains a strong buy", "has a buy on", a
 * headline's "Acme a buy"), or given in the imperative ("Buy Acme, target 640", "Bet on Acme",
 * "Avoid Acme").
 *
 * A change speaks through its verb, whatever rating it lands on: "upgraded to sector weight from
 * underweight" is an upgrade, and the ratings named ("from underweight", "to sector weight") weigh
 * nothing themselves. A rating given or kept speaks through the rating: buy-side ratings are good
 * news, sell-side ones bad, hold-side ones ("neutral", "equal weight", "peer perform") none.
 *
 * An analyst taking a side: a stock that gains or adds a bull (or loses a bear) has one more backer,
 * one that loses a bull or gains a bear one fewer; a bank that joins the bulls ("joins the chip
 * sector bulls") takes the bullish side. "bull" alone is a bull market's word and keeps its own sense.
 * An investor who cools or sours on a company turns against it, one who warms to it for it ("cools on
 * Acme", "warming up to Acme"); with no company named the verb is something else ("inflation cools on
 * cheaper fuel"). An analyst who likes a company ("Halden likes Acme") backs it, and a "top telecom
 * pick" is a top pick.
 *
 * An analyst's call given in the imperative ("Buy Acme with a target of Rs 500", "Exit Acme", "Bet on
 * Acme"): the verb opens the sentence (or follows "can": "traders can buy Acme") and a company follows
 * it, with or without a target; it is a buy or sell rating given. Title Case idioms are no call ("Buy
 * Now, Pay Later", "Buy The Dip", "Exit Polls"), nor is a buyer's guide to a coin ("Buy Bitcoin in
 * Canada": its verb weighs nothing).
 */
import { NUMBER, PUNCT, WORD } from '../tokenize';
import { isCryptoWord } from './adoption';
import { BE_FORMS, isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { opensWithCapital } from './names';
import { SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// An upgrade or a downgrade to a named rating (the verb's weight, like "upgraded"/"downgraded").
const RATING_CHANGE = 1.8;
// A buy or sell rating started, kept or stated: an opinion, not a change (like "reiterates buy").
const RATING_STANCE = 1.4;

// Verbs that move a rating up or down when a rating follows "to" ("ups Acme to Buy", "cut to sell").
const RAISES = new Set([
  'upgrade',
  'upgrades',
  'upgraded',
  'ups',
  'upped',
  'raise',
  'raises',
  'raised',
  'lifts',
  'lifted',
  'boosts',
  'boosted',
  'bumps',
  'bumped',
]);
const LOWERS = new Set([
  'downgrade',
  'downgrades',
  'downgraded',
  'cut',
  'cuts',
  'lowers',
  'lowered',
  'slashes',
  'slashed',
]);
// Verbs that give or keep a rating ("starts at Buy", "initiated as outperform", "rated buy").
const STANCES = new Set([
  'start',
  'starts',
  'started',
  'initiate',
  'initiates',
  'initiated',
  'maintain',
  'maintains',
  'maintained',
  'reiterate',
  'reiterates',
  'reiterated',
  'resume',
  'resumes',
  'resumed',
  'assume',
  'assumes',
  'assumed',
  'reinstate',
  'reinstates',
  'reinstated',
  'keeps',
  'kept',
  'rated',
  'named',
  'coverage',
]);
// A rating stated: "is a buy", "remains a strong buy", "still a sell", "makes Acme a buy", and denied:
// "not a buy" (negated in step 5).
const STATES = new Set([
  ...BE_FORMS,
  'remains',
  'remain',
  'stays',
  'still',
  'yet',
  'looks',
  'makes',
  'make',
  'not',
  // a call held: "has a buy on Acme"
  'have',
  'has',
]);
// A broker's call named as the reason for a move: "+4% after Halden upgrade", "falls on BofA
// downgrade". ("after Fed cut" is a rate cut: "cut" is left out.)
const CALL_REASONS = new Set(['after', 'on', 'following']);
const CALLS: ReadonlyMap<string, number> = new Map([
  ['upgrade', 1],
  ['bump', 1],
  ['lift', 1],
  ['downgrade', -1],
]);
// What introduces the rating after a verb ("to Buy", "at outperform", "as buy") or the old one ("from").
const INTRO = new Set(['to', 'at', 'as', 'from']);
// How far a verb reaches for its rating ("initiates coverage of Acme Corp at buy").
const REACH = 7;

// Ratings by side: 1 buy, -1 sell, 0 hold. Multi-word ratings are keyed by their last word and
// list the words before it ("peer perform", "equal weight", "strong buy").
const SIDE: ReadonlyMap<string, number> = new Map([
  ['buy', 1],
  ['outperform', 1],
  ['overweight', 1],
  ['accumulate', 1],
  ['sell', -1],
  ['underperform', -1],
  ['underweight', -1],
  // "remains an avoid"
  ['avoid', -1],
  ['hold', 0],
  ['neutral', 0],
  ['perform', 0],
  ['weight', 0],
  ['line', 0],
]);
// Words that qualify a rating without changing its side: "strong buy", "market perform".
const QUALIFIERS = new Set([
  'strong',
  'clear',
  'conviction',
  'speculative',
  'market',
  'sector',
  'peer',
  'equal',
]);
// "weight" and "line" are ratings only as "equal/sector/market weight" and "in line".
const NEEDS_QUALIFIER: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['weight', new Set(['equal', 'sector', 'market'])],
  ['line', new Set(['in'])],
]);
// What may follow a rating: the end of the clause, the broker or the reason ("to Buy at Citi", "to
// sell on valuation"), never an object ("raised cash to buy a rival" is a purchase).
const AFTER_RATING = new Set([
  'at',
  'from',
  'by',
  'on',
  'after',
  'with',
  'following',
  'amid',
  'as',
  'citing',
  'rating',
  // the call itself: "rates Acme a buy call"
  'call',
  'calls',
  'in',
  'and',
  'ahead',
  'before',
  'over',
  'to',
]);

// Who takes a side, and what one more or one fewer backer means: "gains a bull", "loses a bear".
const SIDE_TAKEN = 1.6;
const GAINS = new Set(['gains', 'gained', 'adds', 'added', 'gets', 'got', 'wins', 'won']);
const LOSES = new Set(['loses', 'lost', 'losing']);
const JOINS = new Set(['join', 'joins', 'joined', 'joining']);
const CAMPS: ReadonlyMap<string, number> = new Map([
  ['bull', 1],
  ['bulls', 1],
  ['bear', -1],
  ['bears', -1],
]);
// How far "joins" reaches for its camp ("joins the mortgage sector bulls").
const JOIN_REACH = 4;

// Opinions that turn: "cools on Acme", "souring on Acme", "warms (up) to Acme".
const TURNS_AGAINST = new Set(['cools', 'cooled', 'cooling', 'sours', 'soured', 'souring']);
const TURNS_FOR = new Set(['warms', 'warmed', 'warming']);
const OPINION_TURN = 1.4;
// An analyst's liking, with a company named on either side: "Halden likes Acme" ("likes to boast" is a
// habit).
const LIKES: ReadonlyMap<string, number> = new Map([
  ['likes', 1],
  ['dislikes', -1],
]);
// "top telecom pick", "top sector picks": a favourite with its field between.
const PICKS = new Set(['pick', 'picks']);
const TOP_PICK = 1.6;

/** A company name or ticker at j: "Acme", "$ACME". */
function isCompany(raw: string[], kind: Uint8Array, j: number): boolean {
  return kind[j] === WORD && (opensWithCapital(raw, j) || (raw[j] as string).charCodeAt(0) === 36);
}

/**
 * "cools on Acme" (-), "warming up to Acme" (+), "Halden likes Acme" (+), "top sector pick" (+) at i:
 * the opinion, on its first word.
 */
function opinionTurns(s: ScoringState, i: number): boolean {
  const { lower, raw, kind, state, val, src } = s;
  const w = lower[i] as string;
  let j = -1;
  let turn = 0;
  const liking = LIKES.get(w);
  if (liking !== undefined) {
    if (lower[i + 1] === 'to' || (!isCompany(raw, kind, i - 1) && !isCompany(raw, kind, i + 1))) return false;
    j = i + 1;
    turn = liking;
  } else if (w === 'top' && PICKS.has(lower[i + 2] as string) && kind[i + 1] === WORD) {
    val[i] = TOP_PICK;
    state[i] = 1;
    src[i] = SRC_NEWS;
    state[i + 1] = 2;
    state[i + 2] = 2;
    return true;
  } else if (TURNS_AGAINST.has(w) && lower[i + 1] === 'on') {
    j = i + 2;
    turn = -1;
  } else if (TURNS_FOR.has(w)) {
    j = lower[i + 1] === 'up' ? i + 2 : i + 1;
    turn = 1;
    if (lower[j] !== 'to') return false;
    j++;
  }
  if (turn === 0 || (liking === undefined && !isCompany(raw, kind, j))) return false;
  val[i] = turn * OPINION_TURN;
  state[i] = 1;
  src[i] = SRC_NEWS;
  for (let k = i + 1; k < j; k++) state[k] = 2;
  return true;
}

/**
 * "gains a bull" (+), "loses a bull" (-), "gains a bear" (-), "loses a bear" (+), "joins the bulls"
 * (+) at i: the side taken times the camp, on the verb, with the camp consumed.
 */
function sideTaken(s: ScoringState, i: number): boolean {
  const { lower, kind, state, val, src } = s;
  const w = lower[i] as string;
  const verb = GAINS.has(w) ? 1 : LOSES.has(w) ? -1 : JOINS.has(w) ? 1 : 0;
  if (verb === 0) return false;
  let camp = -1;
  if (JOINS.has(w)) {
    for (let k = i + 1; k < lower.length && k <= i + JOIN_REACH; k++) {
      if (isBoundary(lower[k] as string, kind[k] as number)) break;
      if (lower[k] === 'bulls' || lower[k] === 'bears') camp = k;
    }
  } else if ((lower[i + 1] === 'a' || lower[i + 1] === 'another') && CAMPS.has(lower[i + 2] as string)) {
    camp = i + 2;
  }
  if (camp < 0) return false;
  val[i] = verb * (CAMPS.get(lower[camp] as string) as number) * SIDE_TAKEN;
  state[i] = 1;
  src[i] = SRC_NEWS;
  for (let k = i + 1; k <= camp; k++) state[k] = 2;
  val[camp] = 0;
  return true;
}

/**
 * The rating at j (after an optional "a"/"an" and qualifiers): its side and the index of its last
 * word, or undefined when none is there or the word is used otherwise ("to buy a rival").
 */
function ratingAt(s: ScoringState, j: number): { side: number; end: number } | undefined {
  const { lower, kind } = s;
  if (lower[j] === 'a' || lower[j] === 'an') j++;
  const start = j;
  while (QUALIFIERS.has(lower[j] as string) || lower[j] === 'in') j++;
  const w = lower[j] as string;
  const side = kind[j] === WORD ? SIDE.get(w) : undefined;
  if (side === undefined) return undefined;
  const needs = NEEDS_QUALIFIER.get(w);
  if (needs && (j === start || !needs.has(lower[j - 1] as string))) return undefined;
  const next = j + 1;
  if (next < lower.length && kind[next] !== PUNCT && !AFTER_RATING.has(lower[next] as string))
    return undefined;
  return { side, end: j };
}

/**
 * "after Halden upgrade", "on BofA bump": a call by a named broker (one or two capitalised words)
 * that moved the stock, at the call word i, as strong as a rating change.
 */
function brokerCall(s: ScoringState, i: number): boolean {
  const { lower, raw, kind, state, val, src } = s;
  const call = CALLS.get(lower[i] as string);
  if (call === undefined || !isCompany(raw, kind, i - 1)) return false;
  const reason = CALL_REASONS.has(lower[i - 2] as string)
    ? i - 2
    : isCompany(raw, kind, i - 2) && CALL_REASONS.has(lower[i - 3] as string)
      ? i - 3
      : -1;
  if (reason < 0) return false;
  val[i] = call * RATING_CHANGE;
  state[i] = 1;
  src[i] = SRC_NEWS;
  return true;
}

// A call given in the imperative, at the start of a sentence or after "can", with the company named
// right after it: "Buy Acme, target 640", "Analyst: sell Acme", "Can buy Acme", "Pick Acme", "Bet on
// Acme", "Invest in Acme", "Positive on Acme". Title Case idioms with a capitalised word after the
// verb are no call ("Buy The Dip", "Buy Now, Pay Later", "Pick Up The Pace").
const IMPERATIVES: ReadonlyMap<string, number> = new Map([
  ['buy', 1],
  ['accumulate', 1],
  ['pick', 1],
  ['bet', 1],
  ['invest', 1],
  ['positive', 1],
  ['sell', -1],
  ['avoid', -1],
  ['exit', -1],
  ['negative', -1],
]);
// Calls that name the company after a preposition: "Bet on Acme", "Invest in Acme", "Positive on Acme".
const CALL_PREPOSITIONS: ReadonlyMap<string, string> = new Map([
  ['bet', 'on'],
  ['invest', 'in'],
  ['positive', 'on'],
  ['negative', 'on'],
]);
// Words after the verb that make it an idiom or an order type, not a company: "Buy The Dip", "Sell Side".
const NOT_CALLED = new Set([
  'the',
  'now',
  'more',
  'this',
  'these',
  'those',
  'and',
  'or',
  'in',
  'into',
  'on',
  'when',
  'what',
  'low',
  'high',
  'signal',
  'signals',
  'rating',
  'side',
  'off',
  'up',
  'poll',
  'polls',
  'all',
  'any',
]);

// A coin bought or sold somewhere or somehow is a buyer's guide, no call: "Buy Bitcoin in Canada",
// "Sell ETH with a debit card", "Buy bitcoin using cash" (the verb weighs nothing); at a price it is
// a call: "Buy Bitcoin at $60,000, target $80,000".
const GUIDED = wordSet('in with using via through at from');
const AT = 'at';

// Who is told they can buy or sell: "Traders can buy Acme", "Investors can sell Acme".
const CALLED_ON = new Set(['traders', 'investors', 'one', 'you']);

/** "Buy Acme ...", "can sell Acme": a call given at i, as strong as a rating stated. */
function callGiven(s: ScoringState, i: number): boolean {
  const { lower, raw, kind, state, val, src } = s;
  const side = IMPERATIVES.get(lower[i] as string);
  if (side === undefined) return false;
  const prep = CALL_PREPOSITIONS.get(lower[i] as string);
  if (prep !== undefined && lower[i + 1] !== prep) return false;
  const c = prep === undefined ? i + 1 : i + 2;
  if (!isCompany(raw, kind, c) || NOT_CALLED.has(lower[c] as string)) return false;
  const p = lower[i - 1];
  // "Can buy Acme" and "traders can buy Acme" are calls; "shoppers can buy Acme cards" is none
  const opensAfterCan =
    p === 'can' && (i === 1 || kind[i - 2] === PUNCT || CALLED_ON.has(lower[i - 2] as string));
  const opens = i === 0 || (kind[i - 1] === PUNCT && p !== ',') || opensAfterCan;
  if (!opens) return false;
  // a buyer's guide is read too (as no news), so no later rule takes the verb as buying or selling
  const guide =
    isCryptoWord(lower[c]) &&
    GUIDED.has(lower[c + 1] as string) &&
    !(lower[c + 1] === AT && kind[c + 2] === NUMBER);
  val[i] = guide ? 0 : side * RATING_STANCE;
  state[i] = 1;
  src[i] = SRC_NEWS;
  return true;
}

/** Consumes the words of a rating from..end: they weigh nothing once the verb has spoken. */
function consume(s: ScoringState, from: number, end: number): void {
  for (let k = from; k <= end; k++) {
    s.state[k] = 2;
    s.val[k] = 0;
  }
}

// Every word that can open one of the patterns above: one Set lookup per token for the rest.
const TRIGGERS: ReadonlySet<string> = new Set([
  ...RAISES,
  ...LOWERS,
  ...STANCES,
  ...GAINS,
  ...LOSES,
  ...JOINS,
  ...TURNS_AGAINST,
  ...TURNS_FOR,
  ...LIKES.keys(),
  ...CALLS.keys(),
  ...IMPERATIVES.keys(),
  'top',
  'a',
  'an',
]);

/** Scores ratings changed, given, kept or stated (run after the phrases, before directions bind). */
export function analystRatings(s: ScoringState): void {
  const { lower, raw, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (state[i] === 2 || !TRIGGERS.has(w)) continue;
    if (sideTaken(s, i) || opinionTurns(s, i) || brokerCall(s, i) || callGiven(s, i)) continue;
    const dir = RAISES.has(w) ? 1 : LOWERS.has(w) ? -1 : 0;
    if (dir !== 0 || STANCES.has(w)) {
      let side: number | undefined;
      // "reiterates buy", "rated buy": the rating right after the verb.
      const first = dir === 0 ? ratingAt(s, i + 1) : undefined;
      if (first) {
        side = first.side;
        consume(s, i + 1, first.end);
      }
      for (let k = i + 1; k < n && k <= i + REACH && side === undefined; k++) {
        if (isBoundary(lower[k] as string, kind[k] as number)) break;
        const x = lower[k] as string;
        if (!INTRO.has(x) || (x === 'to' && dir === 0)) continue;
        const r = ratingAt(s, k + 1);
        if (!r) continue;
        consume(s, k + 1, r.end);
        if (x === 'from') continue; // the old rating says nothing ("from underweight")
        side = r.side;
        // "... to Buy from Hold": the old rating after the new one says nothing either.
        if (lower[r.end + 1] === 'from') {
          const old = ratingAt(s, r.end + 2);
          if (old) consume(s, r.end + 2, old.end);
        }
      }
      if (side === undefined) continue;
      // A change that lands on a rating of its own side says both: "downgraded to sell" is a
      // downgrade and a sell rating; "upgraded to neutral" only an upgrade.
      val[i] =
        dir === 0 ? side * RATING_STANCE : dir * RATING_CHANGE + (side === dir ? side * RATING_STANCE : 0);
      state[i] = 1;
      src[i] = SRC_NEWS;
    } else if (
      (w === 'a' || w === 'an') &&
      (STATES.has(lower[i - 1] as string) || isCompany(raw, kind, i - 1))
    ) {
      // "is a buy", "remains a strong sell", "stays an avoid": the rating itself speaks (so "not yet a
      // buy" is negated); a headline drops the verb: "Acme a buy at these levels".
      const r = ratingAt(s, i);
      if (!r || r.side === 0) continue;
      consume(s, i, r.end);
      val[r.end] = r.side * RATING_STANCE;
      state[r.end] = 1;
      src[r.end] = SRC_NEWS;
    }
  }
}
