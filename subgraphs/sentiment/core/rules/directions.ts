/**
 * Directions bound to the metric they move: "loss narrowed" is good news, "costs rose" bad, "cut
 * jobs" bad, "cut costs" good (the sign is the direction's times the metric's polarity).
 * "up"/"down" are directions only next to a figure, a move or a market that moves ("Energy Up On
 * OPEC Hopes"); "added" that reports speech is none; a direction weak alone is a move when its size
 * follows ("the Dow adds 300 points"), and so is a lift with its size after what it lifts ("bids
 * lift the copper contract by 2%"). A level reached by a move where less is better echoes the
 * move ("unemployment fell to a record low"); a direction with no metric moves the bad news just
 * before it ("lawsuit filings dropped"), except an amount lost ("scam victims lost $2 million");
 * money raised ("raises $1bn", "raise up to EUR 20 mn") is funding, not a rise of what follows it.
 */
import { DIRECTION_METRICS, LIFTABLE, METRICS, NOUN_MARKERS } from '../lexicon/finance';
import { NUMBER, PUNCT } from '../tokenize';
import { endsSearch } from './clauses';
import { beatsExpectations } from './expectations';
import { wordSet } from './lexicon';
import { CAUSATIVES, DURING, findMetric } from './metrics';
import { inName, isProperNoun, opensName } from './names';
import { cartelBefore, headcountGrows, isRateOfMetric, likelihoodOf, metricPolarity } from './polarity';
import { SRC_BOUND, SRC_DIRECTION, SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

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
  'trading',
  'traded',
  'trades',
  'sharply',
  'slightly',
  'marginally',
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
  'move',
  'moved',
  'moves',
  // small moves of a metric: "delinquencies edged up", "costs crept up"
  'edge',
  'edged',
  'edges',
  'inch',
  'inched',
  'inches',
  'tick',
  'ticked',
  'ticks',
  'crept',
  'creeps',
]);

// What markets report moving: "Energy Up On OPEC Hopes", "Tech down as yields climb", "Oil up".
const MARKET_SUBJECTS = new Set([
  'markets',
  'equities',
  'futures',
  'index',
  'indexes',
  'indices',
  'energy',
  'materials',
  'industrials',
  'financials',
  'utilities',
  'tech',
  'healthcare',
  'oil',
  'crude',
  'gold',
  'silver',
  'copper',
  'dollar',
  'bitcoin',
  'dow',
  'nasdaq',
  // India's indices, currency and press shorthand: "Sensex up 200 pts", "rupee down", "stk up";
  // a single futures contract ("castor seed future up") and a central bank's reserves
  'sensex',
  'nifty',
  'rupee',
  'stk',
  'future',
  'reserves',
]);

// A market's close: "Wall Street ends down", "shares end up 1%", "the index closes down", never "ends
// up paying more" or "ended up with a loss" (what one finally does or gets).
const CLOSES = new Set([
  'end',
  'ends',
  'ended',
  'close',
  'closes',
  'closed',
  'finish',
  'finishes',
  'finished',
]);
const ENDS_UP_WITH = new Set(['with', 'as', 'in', 'being', 'the', 'a', 'an', 'to']);

const BASE_FORMS = new Set(['move', 'edge', 'inch', 'tick']);
const OBJECT_OPENERS = new Set(['the', 'a', 'an', 'its', 'their', 'our', 'his', 'her', 'this']);

function upDownIsDirection(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  if (next !== undefined && (kind[i + 1] === NUMBER || UPDOWN_NEXT.has(next))) return true;
  // "up for sale", "up for re-election": not a move
  if (next === 'for') return false;
  const prev = lower[i - 1];
  if (prev === undefined) return next === undefined || kind[i + 1] === PUNCT;
  // a cashtag's move: "$ACME up after hours"
  if (prev.startsWith('$') && kind[i - 1] !== NUMBER) return true;
  // "ends down", "closes up" (a close, unless what follows makes it "ends up doing/with")
  if (CLOSES.has(prev))
    return (
      next === undefined ||
      kind[i + 1] === PUNCT ||
      !((next.endsWith('ing') && next !== 'following') || ENDS_UP_WITH.has(next))
    );
  // a base-form verb before an object moves that object: "move up the meeting", not a price
  if (BASE_FORMS.has(prev) && OBJECT_OPENERS.has(next as string)) return false;
  return (
    kind[i - 1] === NUMBER ||
    UPDOWN_PREV.has(prev) ||
    MARKET_SUBJECTS.has(prev) ||
    Object.hasOwn(METRICS, prev)
  );
}

// A move's size right after a direction with no metric: "adds 300 points", "eases 1%", "sheds 2 pts".
const MOVE_SIZE_UNITS = new Set(['%', 'points', 'pts', 'percent']);
const SIZED_MOVE = 1.4;
const APPROXIMATE = new Set(['over', 'about', 'nearly', 'almost', 'around', 'some', 'roughly']);
// Levels, not moves: "its holding fell below 5 %".
const LEVEL_WORDS = new Set(['above', 'below']);
/**
 * A direction that is weak alone ("adds", "eases", "widened") is a market move when its size follows:
 * "the Dow adds 300 points" is a rise of the index, "oil eases 1%" a fall. A rise that is bad news
 * alone ("hiked" a rate) keeps its own valence.
 */
function sizedAlone(lower: string[], kind: Uint8Array, i: number, dir: 1 | -1, alone: number): number {
  if (Math.abs(alone) >= SIZED_MOVE || (dir > 0 && alone < 0) || LEVEL_WORDS.has(lower[i] as string))
    return alone;
  // an approximate size: "adds over 1,600 points", "sheds about 2%"
  const k = APPROXIMATE.has(lower[i + 1] as string) ? i + 2 : i + 1;
  if (kind[k] !== NUMBER) return alone;
  const t = lower[k] as string;
  return t.endsWith('%') || MOVE_SIZE_UNITS.has(lower[k + 1] as string) ? dir * SIZED_MOVE : alone;
}

// How far a lift's size may stand after the verb: "bids lift the copper contract by 2%".
const LIFT_SIZE_REACH = 5;
/**
 * "bids lift the copper contract by 2%", "lifted the index 300 points": a lift with its size after
 * what it lifts is a market move of that thing (a lift with no size binds only what it lifts: "lifts
 * ban", "lifted its outlook").
 */
function liftSized(lower: string[], kind: Uint8Array, i: number): boolean {
  for (let k = i + 1; k < lower.length && k <= i + LIFT_SIZE_REACH; k++) {
    if (kind[k] === NUMBER) {
      const t = lower[k] as string;
      return k > i + 1 && (t.endsWith('%') || MOVE_SIZE_UNITS.has(lower[k + 1] as string));
    }
    if (endsSearch(lower[k] as string, kind[k] as number)) return false;
  }
  return false;
}

// Money raised: "raises $1bn of capital", "raise up to EUR 20 mn in a share issue", "Raise Over $380,000
// for Charity" is funding (the raiser's alone valence), not a rise of the capital or the shares after
// it. The words that may stand between the verb and the amount, and currency codes written apart.
const RAISES = wordSet('raise raises raised raising');
const FUNDING_FILLERS = wordSet(
  'over about nearly almost around some roughly up to as much more than another additional an',
);
const CURRENCY_CODES = wordSet('eur usd us gbp sek nok dkk jpy chf rub euro');
const FUNDING_REACH = 4;
/** True when a money amount follows the verb at i (a raise, a close) over at most a few filler words. */
export function moneyFollows(lower: string[], raw: string[], kind: Uint8Array, i: number): boolean {
  for (let k = i + 1; k < lower.length && k <= i + FUNDING_REACH; k++) {
    if (kind[k] === NUMBER) {
      const c = (raw[k] as string).charCodeAt(0);
      // "$", "£", "€", or a code before the figure ("EUR 20 mn", "US$30m" is "us" + "$30")
      return c === 36 || c === 163 || c === 8364 || CURRENCY_CODES.has(lower[k - 1] as string);
    }
    if (!FUNDING_FILLERS.has(lower[k] as string) && !CURRENCY_CODES.has(lower[k] as string)) return false;
  }
  return false;
}

// "off" after these is the verb's particle, no fall: "to auction off $34 million in bitcoin", "paid
// off $2 million of debt".
const OFF_PARTICLE_VERBS = wordSet('auction auctions auctioned auctioning pay pays paid paying');
/**
 * "off" is a fall only before its size: "gold off 0.1%", "off by about 5%" (not "off the table", nor
 * after a verb it is the particle of: OFF_PARTICLE_VERBS).
 */
function offIsMove(lower: string[], kind: Uint8Array, i: number): boolean {
  if (OFF_PARTICLE_VERBS.has(lower[i - 1] as string)) return false;
  let k = lower[i + 1] === 'by' ? i + 2 : i + 1;
  if (APPROXIMATE.has(lower[k] as string)) k++;
  return kind[k] === NUMBER;
}

// A cut the oil cartel makes, with no metric named, is of its output (good news for oil).
const SUPPLY_CUTS = wordSet('cut cuts cutting');
const CARTEL_CUT_REACH = 4;

// "added" reports speech when nothing follows it or it introduces a clause: "..., the company added."
const REPORTING = new Set(['added', 'adds', 'adding']);
function isReporting(lower: string[], kind: Uint8Array, i: number): boolean {
  const next = lower[i + 1];
  return next === undefined || next === 'that' || (kind[i + 1] === PUNCT && next !== '%');
}

/**
 * Binds each free direction to its metric (findMetric): plain verbs first, then words that are also
 * metrics ("growth"), so that "growth slowed" binds "slowed" to "growth" before "growth" looks for a
 * metric of its own. A direction with no metric weighs its own "alone" valence, or BEAT-like 1.6 when
 * it is "higher than analysts expected".
 */
export function bindDirections(s: ScoringState, sentenceCase: boolean): void {
  const { lower, raw, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < n; i++) {
      const d = entries[i]?.direction;
      if (!d || state[i] !== 0) continue;
      const w = lower[i] as string;
      if (DIRECTION_METRICS.has(w) !== (pass === 1)) continue;
      if ((w === 'up' || w === 'down') && !upDownIsDirection(lower, kind, i)) continue;
      if (w === 'off' && !offIsMove(lower, kind, i)) continue;
      // Part of a name in sentence-case text: "the Growth segment", "Sharp Decline Records".
      if (sentenceCase && ((isProperNoun(raw, kind, i) && inName(raw, kind, i)) || opensName(raw, kind, i)))
        continue;
      if (REPORTING.has(w) && isReporting(lower, kind, i)) continue;
      // "the gains evaporated": a noun that is also a metric waits to be bound by a verb.
      if (entries[i]?.metric !== undefined && NOUN_MARKERS.has(lower[i - 1] as string)) continue;
      if (RAISES.has(w) && moneyFollows(lower, raw, kind, i)) {
        val[i] = d.alone;
        src[i] = SRC_DIRECTION;
        state[i] = 1;
        continue;
      }
      const m = findMetric(s, i, d.objects);
      if (m >= 0) {
        // An object that is also a metric keeps its polarity ("closed its investigation" is good).
        val[i] = headcountGrows(lower, m, d.dir)
          ? 0
          : d.dir * (d.objects ? (entries[m]?.metric ?? 1) : metricPolarity(lower, entries, m)) * d.strength;
        state[m] = 2;
        val[m] = 0;
        // the metric counted by a rate is part of what was bound ("Default rates declined"), and so
        // is what a likelihood is the likelihood of ("recession risk rose")
        if (isRateOfMetric(lower, entries, m)) {
          state[m - 1] = 2;
          val[m - 1] = 0;
        }
        const q = likelihoodOf(lower, entries, m);
        if (q >= 0) {
          state[q] = 2;
          val[q] = 0;
        }
        src[i] = SRC_BOUND;
      } else {
        // "higher than analysts expected" is a beat even when the figure is out of reach.
        const beat = beatsExpectations(lower, i);
        val[i] = beat
          ? d.dir * 1.6
          : d.objects === LIFTABLE && liftSized(lower, kind, i)
            ? SIZED_MOVE
            : d.objects
              ? d.alone
              : sizedAlone(lower, kind, i, d.dir, d.alone);
        src[i] = beat ? SRC_BOUND : SRC_DIRECTION;
        // "OPEC delivers a bigger cut", "more OPEC cuts": the cartel's cut is of its supply
        // ("a bigger cut than expected" is more of it)
        if (SUPPLY_CUTS.has(w) && cartelBefore(lower, i, CARTEL_CUT_REACH)) {
          val[i] = beat ? 1.6 : d.strength;
          src[i] = SRC_BOUND;
        }
      }
      state[i] = 1;
    }
  }
}

// Levels that a move reaches ("its lowest since 2022", "a record high", "multi-year lows").
const EXTREME_REACH = 12;
const EXTREMES = new Set(['lowest', 'highest', 'lows', 'highs']);
const EXTREME_ENDS = new Set(['low', 'high', 'lows', 'highs', 'peak', 'heights']);
/** A superlative level word, or a phrase ending in one ("record low", "all time high"). */
export function isExtreme(lower: string[], state: Uint8Array, j: number): boolean {
  if (EXTREMES.has(lower[j] as string)) return true;
  let k = j + 1;
  while (k < lower.length && state[k] === 2) k++;
  return k > j + 1 && EXTREME_ENDS.has(lower[k - 1] as string);
}

/**
 * A level reached by a move of a quantity where less is better (or that is no news) echoes the move:
 * in "unemployment fell to a record low" or "yields dropped to their lowest in months" the extreme
 * says how far the move went, not which way the news goes.
 */
export function echoLevels(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const d = entries[i]?.direction;
    if (src[i] !== SRC_BOUND || !d) continue;
    const sign = Math.sign(val[i] as number);
    if (sign === d.dir) continue; // more is better: "profit rose to a record high" already agrees
    for (let j = i + 1; j < n && j <= i + EXTREME_REACH; j++) {
      const w = lower[j] as string;
      if (endsSearch(w, kind[j] as number)) break;
      if (state[j] !== 1 || !isExtreme(lower, state, j)) continue;
      val[j] = sign * Math.abs(val[j] as number);
      break;
    }
  }
}

// Where a move started: "slipped from record highs", "fell 9% off its three-week peak".
const STARTING_POINT = new Set(['from', 'off']);
// What may stand between "from" and the level: "from its mid-month peak", "off 12-week highs".
const LEVEL_FILLERS = wordSet(
  'a an the its their this last recent mid more than two three four five six seven eight nine ten',
);
const LEVEL_REACHED = new Set(['hitting', 'touching', 'reaching', 'setting']);

/**
 * A level named as where a move started is no news itself: in "futures slip from record highs" or
 * "gold dips after hitting a six-year high" the move is the news, the highs are behind.
 */
export function levelsLeft(s: ScoringState): void {
  const { lower, kind, state, val } = s;
  for (let j = 1; j < lower.length; j++) {
    if (state[j] !== 1 || val[j] === 0 || !isExtreme(lower, state, j)) continue;
    let k = j - 1;
    while (k > 0 && (kind[k] === NUMBER || LEVEL_FILLERS.has(lower[k] as string))) k--;
    const w = lower[k] as string;
    // "slips after hitting a six-year high": the level came before the move too.
    if (STARTING_POINT.has(w) || (LEVEL_REACHED.has(w) && lower[k - 1] === 'after')) val[j] = 0;
  }
}

// A move away from something leaves it behind: "bounces back from last week's weakness", "rebounds
// from heavy losses", "retreats from strong gains". Movers are directions, phrases and bound moves,
// and the market's rebound words; what follows "from" and pulls the other way weighs nothing.
const BOUNCES = 'rebound rebounds rebounded rebounding bounce bounces bounced bouncing';
const REBOUNDS = wordSet(`${BOUNCES} rally rallies rallied rallying`);
const AWAY_FROM_REACH = 4;
// A comeback: the rebound words, recovery and a bounce back.
const COMEBACKS = wordSet(`${BOUNCES} recover recovers recovered recovering`);
// A run before the move is its background: "pulls back after a four-day rally", "slips after a
// three-week winning streak", "steady after a two-day drop" (the move is the news); "since" too, for
// a comeback ("recovered since the crash").
const RUN_AFTER = wordSet('after following since');
const RUN_FILLERS = wordSet('a an its their the');
const RUN_COUNTS = wordSet('two three four five six seven eight nine ten several multi');
const RUN_PERIODS = wordSet('day session week month');
const RUN_REACH = 3;

/** A negator within the three words before k: the move at k did not happen. */
function denied(s: ScoringState, k: number): boolean {
  const { entries } = s;
  return !!(entries[k - 1]?.negator || entries[k - 2]?.negator || entries[k - 3]?.negator);
}

/**
 * What a move leaves behind is no news: the bad (or good) news after "from" that a move pulls away
 * from, the bad news a comeback follows ("recovers after an early selloff", "recovered by 40% since
 * the crash"), and a run named with its length after "after"/"following"/"since" ("after a four-day
 * rally").
 */
export function movesAwayFrom(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let j = 1; j < n - 1; j++) {
    const w = lower[j] as string;
    if (w === 'from') {
      let k = j - 1;
      while (k > 0 && (state[k] === 2 || kind[k] === NUMBER)) k--;
      const v = val[k] as number;
      if (state[k] !== 1 || v === 0) continue;
      if (!entries[k]?.direction && src[k] !== SRC_PHRASE && !REBOUNDS.has(lower[k] as string)) continue;
      // "did not bounce back from the losses": no move away, the losses stay
      if (denied(s, k)) continue;
      for (let t = j + 1; t < n && t <= j + AWAY_FROM_REACH; t++) {
        if (endsSearch(lower[t] as string, kind[t] as number)) break;
        if (state[t] === 1 && (val[t] as number) * v < 0) val[t] = 0;
      }
    } else if (RUN_AFTER.has(w)) {
      // "recovers after an early selloff", "bounces back following losses", "recovered by 40% since
      // the crash": what a comeback follows is what it left behind
      let b = j - 1;
      while (b > 0 && (state[b] === 2 || kind[b] === NUMBER || lower[b] === 'by' || lower[b] === '%')) b--;
      // ("is not recovering after the dump": no comeback, the dump stays)
      if (state[b] === 1 && (val[b] as number) > 0 && COMEBACKS.has(lower[b] as string) && !denied(s, b)) {
        for (let t = j + 1; t < n && t <= j + AWAY_FROM_REACH; t++) {
          if (endsSearch(lower[t] as string, kind[t] as number)) break;
          if (state[t] === 1 && (val[t] as number) < 0) val[t] = 0;
        }
        continue;
      }
      let k = j + 1;
      if (RUN_FILLERS.has(lower[k] as string)) k++;
      if (!(kind[k] === NUMBER || RUN_COUNTS.has(lower[k] as string))) continue;
      if (!RUN_PERIODS.has(lower[k + 1] as string)) continue;
      for (let t = k + 2; t < n && t <= k + 1 + RUN_REACH; t++) {
        if (endsSearch(lower[t] as string, kind[t] as number)) break;
        if (state[t] === 1) val[t] = 0;
      }
    }
  }
}

// "less uncertainty", "fewer layoffs", "less demand": less of a quantity is a move down of it; less
// of bad news (a word, not a metric) is that news undone at FEWER_SCALE. "less than" is a count.
const FEWER = wordSet('less fewer');
const FEWER_MOVE = 1.4;
const FEWER_SCALE = 0.6;

/**
 * "fewer layoffs" and "less uncertainty" are good news, "less demand" bad: "less"/"fewer" just before a
 * free metric (over one adjective) moves it down, and just before scored bad news undoes it.
 */
export function fewerOf(s: ScoringState): void {
  const { lower, entries, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    if (!FEWER.has(lower[i] as string) || state[i] !== 0 || lower[i + 1] === 'than') continue;
    let j = i + 1;
    // over one word that says nothing itself: "fewer new orders"
    const e = entries[j];
    if (e?.metric === undefined && !e?.direction && val[j] === 0 && entries[j + 1]?.metric !== undefined) j++;
    if (entries[j]?.metric !== undefined && state[j] !== 2 && !entries[j]?.direction) {
      const polarity = metricPolarity(lower, entries, j);
      if (polarity === 0) continue;
      val[i] = -polarity * FEWER_MOVE;
      state[i] = 1;
      src[i] = SRC_BOUND;
      val[j] = 0;
      state[j] = 2;
    } else if (state[j] === 1 && (val[j] as number) < 0) {
      val[j] = -(val[j] as number) * FEWER_SCALE;
    }
  }
}

// How far back a direction with no metric looks for the bad news it moves.
const BAD_SUBJECT_REACH = 5;
// Losing an amount is a loss suffered, not less of the bad news before it: "fraud victims lost $3
// million" is bad news (whereas "complaints fell 20 %" moves the complaints).
const LOSS_VERBS = new Set(['lose', 'loses', 'lost', 'losing']);

/**
 * A direction that found no metric ("declined" alone) moves the bad news just before it in the clause
 * ("lawsuit filings dropped", "complaints rose"): it reads as a bound direction on a metric of
 * negative polarity, and the bad word itself is no longer news.
 */
export function badSubjects(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  for (let i = 1; i < lower.length; i++) {
    const d = entries[i]?.direction;
    if (!d || d.objects || src[i] !== SRC_DIRECTION) continue;
    if (LOSS_VERBS.has(lower[i] as string) && kind[i + 1] === NUMBER) continue;
    for (let j = i - 1; j >= 0 && j >= i - BAD_SUBJECT_REACH; j--) {
      const w = lower[j] as string;
      // nor over "during": a move inside the setting is not the bad news's ("crashes during a drop")
      if (endsSearch(w, kind[j] as number) || CAUSATIVES.has(w) || w === DURING) break;
      const e = entries[j];
      // another direction ends the search, unless it heads a phrase that is bad news itself: "the
      // exit queue grew"
      if (e?.negator || (e?.direction && src[j] !== SRC_PHRASE)) break;
      // a move written as a signed figure ("-4% pre") is not bad news that a later verb moves
      if (state[j] === 1 && (val[j] as number) < 0 && !e?.general && kind[j] !== NUMBER) {
        val[i] = -d.dir * d.strength;
        src[i] = SRC_BOUND;
        val[j] = 0;
        break;
      }
    }
  }
}
