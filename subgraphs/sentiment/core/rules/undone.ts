/**
 * Bad news undone counts for the better at UNDO_SCALE: what is lifted, fixed, recovered or avoided
 * ("lifts ban", "recovers stolen funds", "avoids bankruptcy"), also in the passive ("the lawsuit was
 * withdrawn"); bad news that ended ("the strike ended", "ended a four-week slide", "breaking a
 * six-week outflow streak"; a good run broken or ended turns bad, and good news running out of steam
 * is spent) and what work resumed after; good news put off ("delays mainnet launch") is spent, the
 * delay speaks; in crypto news, restitution after an incident (users reimbursed, stolen funds
 * returned) undoes the incident's bad words. Undone news weighs less than bad news itself: good, not
 * great.
 */
import { NUMBER, PUNCT, WORD } from '../tokenize';
import { BE_FORMS, endsSearch, isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { SRC_NEWS } from './sources';
import type { ScoringState } from './state';

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
    'remove removes removed removing eliminate eliminates eliminated eliminating ' +
    // "settles class action lawsuit", "agreed to pay $4 billion to settle bribery probes": a
    // settlement ends the legal threat and its uncertainty
    'settle settles settled settling ' +
    // bad news taken in stride: "investors shrug off weak data", "brushes off the downgrade",
    // "weathered the downturn", "snapping out of a slump" (the noun "weather" is left out)
    'shrug shrugs shrugged shrugging brushes brushed brushing weathers weathered weathering snapping ' +
    // what someone is kept safe from: "a law shielding bitcoin miners from local bans", "rules that
    // protect investors from fraud"
    'shield shields shielding shielded protect protects protecting',
);
// A legal matter settled is good news like bad news undone ("Banks settle bond-rigging suit").
const SETTLES = wordSet('settle settles settled settling');
const LEGAL_MATTERS = wordSet(
  'suit suits lawsuit lawsuits case cases charges claims dispute disputes issue issues probe probes ' +
    'investigation investigations litigation allegations',
);
const SETTLED = 1.0;
// A legal matter dropped, withdrawn, tossed, ended or won is over too: "prosecutors withdraw the case
// against the developer", "SEC drops case against Kraken", "tosses the class action", "closes its
// probe", "overturns the ruling", "court rules in favor of the exchange in its dispute with the
// state" (these verbs undo only with the legal matter within reach: "drops 5% on hack fears" is a
// fall). A ruling or verdict is a legal matter only to them.
const LEGAL_ENDERS = wordSet(
  'withdraw withdraws withdrew drop drops dropped overturn overturns overturned quash quashes quashed ' +
    'dismiss dismisses dismissed toss tosses tossed ends ended closes closed scrap scraps scrapped ' +
    'favor favour sides',
);
// "end" ends a legal matter only as a verb to come ("votes to end the mining ban", "will end the
// probe"); the noun is mostly a date ("suspended until the end of the investigation").
const END = 'end';
const BEFORE_END = wordSet('to will would could must');
// Legal matters only to these verbs: a ruling, verdict or (class) action, a tax ("scraps proposed
// tax on crypto") and a ban ("ends the crypto mining ban", "overturns the bitcoin mining ban").
const RULINGS = wordSet('ruling rulings verdict verdicts action actions tax taxes levy levies ban bans');
// "rules/ruled in favor of", "sides with": a court's finding for someone; for the authorities
// ("sides with the SEC in its case against the exchange") it goes against the one they pursue.
const IN = 'in';
const WITH = 'with';
const AUTHORITIES = wordSet(
  'sec cftc doj irs ftc regulator regulators prosecutors government authorities agency watchdog',
);
const AUTHORITY_REACH = 3;
const ON = 'on';
// Past participles that undo what they follow in the passive, over a subject's modifiers.
const PASSIVE_UNDOERS = wordSet(
  'lifted dismissed withdrawn dropped overturned cancelled canceled rejected revoked quashed scrapped ' +
    'reversed waived removed resolved averted settled',
);
const PASSIVE_REACH = 12;

/** News at j of either sign, not yet undone, turns around at UNDO_SCALE; true when it did. */
function turnAround(j: number, state: Uint8Array, val: Float64Array, undone: Uint8Array): boolean {
  if (state[j] !== 1 || val[j] === 0 || undone[j]) return false;
  val[j] = -(val[j] as number) * UNDO_SCALE;
  undone[j] = 1;
  return true;
}

/** Bad news at j, not yet undone, counts for the better at UNDO_SCALE; true when it was undone. */
function undoAt(j: number, state: Uint8Array, val: Float64Array, undone: Uint8Array): boolean {
  return (val[j] as number) < 0 && turnAround(j, state, val, undone);
}

/**
 * Undoes the bad news an undoer is followed by ("lifts ban", "fix for the bug") and, in the passive,
 * preceded by ("the lawsuit was withdrawn", "the ban was lifted"); the undoer's own negative sense is
 * then spent. Marks what it undid in `undone`.
 */
export function undoBadNews(s: ScoringState, undone: Uint8Array): void {
  const { lower, kind, state, val } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    const w = lower[i] as string;
    // a phrase's inner word ("motion to dismiss" is a filing) ends no legal matter
    const ender = LEGAL_ENDERS.has(w) || (w === END && BEFORE_END.has(lower[i - 1] as string));
    if (ender && state[i] !== 2 && legalEnded(s, undone, i)) continue;
    if (!UNDOERS.has(w)) continue;
    let any = false;
    const settles = SETTLES.has(w);
    let legal = settles && lower[i + 1] === 'with';
    for (let j = i + 1; j < n && j <= i + UNDO_REACH; j++) {
      if (endsSearch(lower[j] as string, kind[j] as number)) break;
      if (LEGAL_MATTERS.has(lower[j] as string)) legal = true;
      // The undoer's own sense of loss is spent on what it undid ("dismissed the lawsuit").
      if (undoAt(j, state, val, undone)) {
        any = true;
        if ((val[i] as number) < 0) val[i] = 0;
      }
    }
    // A legal matter settled with no bad word to undo: "settle bond-rigging suit for $337M", "settles
    // tax issue", "settles with the state" (one dismissed, dropped or tossed: legalEnded).
    if (!any && legal && settles && state[i] === 0) {
      val[i] = SETTLED;
      state[i] = 1;
      undone[i] = 1;
    }
  }
  // ... and in the passive, what was undone comes first: "the lawsuit was withdrawn", "the lay-offs
  // have been cancelled", "the ban was lifted".
  for (let i = 2; i < n; i++) {
    if (!PASSIVE_UNDOERS.has(lower[i] as string) && !UNDOERS.has(lower[i] as string)) continue;
    // An adverb may sit between: "was finally lifted", "have been fully resolved".
    const be = (lower[i - 1] as string).endsWith('ly') ? i - 2 : i - 1;
    if (!BE_FORMS.has(lower[be] as string)) continue;
    // "was cancelled out by": offset, not undone ("was settled out of court" is undone)
    if (lower[i + 1] === 'out' && lower[i + 2] !== 'of') continue;
    for (let j = be - 1; j >= 0 && j >= i - PASSIVE_REACH; j--) {
      if (endsSearch(lower[j] as string, kind[j] as number)) break;
      if (undoAt(j, state, val, undone) && (val[i] as number) < 0) val[i] = 0;
    }
  }
}

/**
 * A legal matter (LEGAL_MATTERS or RULINGS) dropped, withdrawn, dismissed, tossed, ended, closed,
 * scrapped or overturned at i: the bad words up to it are undone, and the verb weighs SETTLED when none
 * were (its own negative sense is spent). A court's finding for someone ("in favor of", "sides with")
 * is a legal matter itself and weighs SETTLED, or -SETTLED for the authorities. False when no legal
 * matter is within reach.
 */
function legalEnded(s: ScoringState, undone: Uint8Array, i: number): boolean {
  const { lower, kind, state, val, src } = s;
  const w = lower[i] as string;
  const favor = w === 'favor' || w === 'favour' || w === 'sides';
  if (favor && (w === 'sides' ? lower[i + 1] !== WITH : lower[i - 1] !== IN)) return false;
  if (favor)
    for (let j = i + 1; j < lower.length && j <= i + AUTHORITY_REACH; j++)
      if (AUTHORITIES.has(lower[j] as string)) {
        val[i] = -SETTLED;
        state[i] = 1;
        src[i] = SRC_NEWS;
        return true;
      }
  let matter = -1;
  let j = i + 1;
  for (; j < lower.length && j <= i + UNDO_REACH && matter < 0; j++) {
    if (
      isBoundary(lower[j] as string, kind[j] as number) ||
      (!favor && endsSearch(lower[j] as string, kind[j] as number))
    )
      break;
    // a size or a reason: a market move ("drops 9% on lawsuit fears")
    if (kind[j] === NUMBER || lower[j] === '%' || lower[j] === ON) break;
    if (LEGAL_MATTERS.has(lower[j] as string) || RULINGS.has(lower[j] as string)) matter = j;
  }
  // a finding for someone is a legal matter itself: what it was about is over ("in fight over")
  if (matter < 0 && favor) matter = j - 1;
  if (matter < 0) return false;
  let any = false;
  for (let k = i + 1; k <= matter; k++) any = undoAt(k, state, val, undone) || any;
  // a finding for someone weighs as a settlement whatever it undid
  if ((!any || favor) && !((val[i] as number) >= SETTLED)) {
    val[i] = SETTLED;
    state[i] = 1;
    src[i] = SRC_NEWS;
    undone[i] = 1;
  } else if ((val[i] as number) < 0) val[i] = 0;
  return true;
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
// "is coming to an end", "came to an end"
const COMES = wordSet('come comes came coming');
const REVERSALS = wordSet('reversal reversals');
// The last words of phrases of good news fading: "out of steam", "won't last", "not sustainable".
const FADES = wordSet('steam last sustainable');

/**
 * Bad news that ended, or that work resumed after, counts for the better at UNDO_SCALE, as bad news
 * undone (4b); a good run broken turns around ("breaking a streak of nine strong weeks").
 */
export function badNewsEnded(s: ScoringState, undone: Uint8Array): void {
  const { lower, kind, state, val } = s;
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
          turnAround(j, state, val, undone);
        }
      continue;
    }
    // "the rally is running out of steam", "the recovery is losing steam", "the rally won't last":
    // the phrase says it, the good news that fades is no news (bad news that fades is undone).
    if (FADES.has(w) && state[i] === 2) {
      let h = i - 1;
      while (h > 0 && state[h] === 2) h--;
      if ((val[h] as number) < 0)
        for (let j = h - 1; j >= 0 && j >= h - ENDED_REACH; j--) {
          if (endsSearch(lower[j] as string, kind[j] as number)) break;
          if (state[j] === 1 && (val[j] as number) > 0) {
            val[j] = 0;
            break;
          }
          // bad news that fades is undone: "the selloff is losing steam", "the strike won't last"
          if (undoAt(j, state, val, undone)) {
            val[h] = 0;
            break;
          }
        }
      continue;
    }
    // "a rally reversal", "the selloff's reversal": what is reversed is just before (a reversal "of"
    // bad news is undone ahead, by UNDOERS)
    if (REVERSALS.has(w) && lower[i + 1] !== 'of') {
      turnAround(i - 1, state, val, undone);
      continue;
    }
    if (!ENDED.has(w)) {
      // "the slump is coming to an end", "the boom came to an end": intransitive, like "ended."
      if (w === END && lower[i - 1] === 'an' && lower[i - 2] === 'to' && COMES.has(lower[i - 3] as string))
        subjectEnded(s, undone, i - 3);
      continue;
    }
    const next = lower[i + 1];
    if (next !== undefined && ENDED_OBJECT.has(next)) {
      for (let j = i + 2; j < n && j <= i + 1 + ENDED_REACH; j++) {
        if (endsSearch(lower[j] as string, kind[j] as number)) break;
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
      subjectEnded(s, undone, i);
    }
  }
}

/**
 * What ended intransitively at i ("the strike ended", "the boom came to an end") is the head of its
 * subject, the nearest scored word before: bad news over counts for the better, good news over ("the
 * rally ended") for the worse, both at UNDO_SCALE.
 */
function subjectEnded(s: ScoringState, undone: Uint8Array, i: number): void {
  const { lower, kind, state, val } = s;
  // a phrase took the end already ("strike ended")
  if (state[i] === 2) return;
  for (let j = i - 1; j >= 0 && j >= i - ENDED_REACH; j--) {
    if (endsSearch(lower[j] as string, kind[j] as number)) break;
    if (turnAround(j, state, val, undone)) break;
  }
}

// Good news put off is no good news yet: "delays mainnet launch", "postpones the Harrow upgrade",
// "pushed back the network upgrade" (the delay speaks; a delay of bad news is read by the directions:
// "postponed the lawsuits"). "push back" puts off only what follows it directly ("pushes back against
// the regulator" is resistance) and then weighs like "delays".
const PUTS_OFF = wordSet('delay delays delayed delaying postpone postpones postponed postponing');
const PUSH = wordSet('push pushes pushed pushing');
const PUT_OFF_REACH = 3;
const PUSHED_BACK = -1.1;
// a deadline put off is relief for whoever faces it ("pushed back the repayment deadline")
const DEADLINES = wordSet('deadline deadlines');
// "pushes back against/on/at the SEC": resistance, nothing put off
const PUSHED_AGAINST = wordSet('against on at from to in');

/** Spends the good news a delay puts off (see PUTS_OFF); "push back" before good news is a delay. */
export function goodNewsPutOff(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    const w = lower[i] as string;
    const push =
      PUSH.has(w) &&
      lower[i + 1] === 'back' &&
      !PUSHED_AGAINST.has(lower[i + 2] as string) &&
      state[i] !== 2 &&
      state[i + 1] !== 2;
    if (!push && !(PUTS_OFF.has(w) && state[i] === 1 && (val[i] as number) < 0)) continue;
    const start = push ? i + 2 : i + 1;
    let deadline = false;
    for (let j = start; j < n && j < start + PUT_OFF_REACH + 1 && !deadline; j++)
      deadline = DEADLINES.has(lower[j] as string);
    if (deadline) continue;
    for (let j = start; j < n && j < start + PUT_OFF_REACH; j++) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] !== 1 || !((val[j] as number) > 0)) continue;
      val[j] = 0;
      if (push) {
        val[i] = PUSHED_BACK;
        state[i] = 1;
        src[i] = SRC_NEWS;
        state[i + 1] = 2;
      }
    }
  }
}

// Restitution after an incident, in crypto news: users reimbursed, refunded, compensated, repaid,
// paid out or made whole, stolen funds given back, returned or distributed to their owners ("to
// fully reimburse users hit by the breach", "Hacked bridge recovers $45 million in stolen funds",
// "begins repaying creditors"). A crypto investor reads the incident as over: the bad words of the
// clause, before the verb and after it, are undone, and the verb weighs at least RESTITUTION.
// Outside crypto news (no crypto word, and no security incident named in the clause: crypto firms'
// names say nothing) a company refunding its customers is a cost to it, and the words keep their
// lexicon reading.
const RESTITUTION = 1.4;
const INCIDENTS = wordSet(
  'hack hacks hacked hacker hackers exploit exploits exploited exploiter exploiters breach breaches ' +
    'stolen theft thefts drained drain phishing heist',
);
const MAKES_GOOD = wordSet(
  'reimburse reimburses reimbursed reimbursing reimbursement reimbursements refund refunds refunded ' +
    'refunding compensate compensates compensated compensating repay repays repaid repaying ' +
    'repayment repayments payout payouts',
);
// "makes depositors whole", "users to be made whole": losses covered in full.
const WHOLE = 'whole';
const MAKES = wordSet('make makes made making');
const WHOLE_REACH = 3;
// "the hacker gives back the funds" (a market that "gives back" its gains is read as a retreat first).
const GIVES = wordSet('give gives gave giving');
const BACK = 'back';
// Funds recovered are restitution only with the incident named in the clause ("Hacked bridge recovers
// $45 million"): a price "recovering" is a market move.
const RECOVERS = wordSet('recover recovers recovered recovering');
// "returns $12 million to the protocol", "distributes $2.5 billion to creditors": a transfer back to
// its owners, with something between the verb and "to" ("Bitcoin returns to $60,000" is a level).
const HANDS_BACK = wordSet('return returns returned returning distributes distributed distributing');
// What is distributed may go to a number of holders ("airdrop to 2 million wallets"); what returns to
// a figure is a price level.
const DISTRIBUTES = wordSet('distributes distributed distributing');
const HAND_BACK_REACH = 6;
// "a compensation plan for victims": the noun only with a scheme after it ("compensation package"
// is executive pay).
const COMPENSATION = 'compensation';
const SCHEMES = wordSet('plan plans fund scheme program programme');
// A restitution stalled, refused or denied just before it is no restitution ("delays creditor
// repayments", "is not recovering"), nor one that is the subject of bad news ("repayment fears").
const STALLED = wordSet(
  'delay delays delayed delaying halt halts halted pause pauses paused suspend suspends suspended ' +
    'stop stops stopped blocks blocked refuses refused without waiting awaiting await awaits',
);
const STALL_REACH = 3;
// The nouns, which may head bad news of their own ("repayment fears", "refund delays").
const RESTITUTION_NOUNS = wordSet('repayment repayments reimbursement reimbursements refund');

/** True when token i is a restitution in its context (see MAKES_GOOD, HANDS_BACK, COMPENSATION). */
function makesGood(lower: string[], kind: Uint8Array, i: number): boolean {
  const w = lower[i] as string;
  if (MAKES_GOOD.has(w) || RECOVERS.has(w)) return true;
  if (w === WHOLE)
    for (let k = i - 1; k >= 0 && k >= i - WHOLE_REACH; k--) if (MAKES.has(lower[k] as string)) return true;
  if (GIVES.has(w)) return lower[i + 1] === BACK;
  if (w === COMPENSATION) return SCHEMES.has(lower[i + 1] as string);
  if (!HANDS_BACK.has(w) || lower[i + 1] === 'to') return false;
  for (let j = i + 2; j < lower.length && j <= i + HAND_BACK_REACH; j++) {
    if (isBoundary(lower[j] as string, kind[j] as number)) return false;
    if (lower[j] === 'to') return DISTRIBUTES.has(w) || (kind[j + 1] !== NUMBER && lower[j + 1] !== '$');
  }
  return false;
}

/** Restitution in crypto news undoes the bad words of its clause (see RESTITUTION). */
export function restitution(s: ScoringState, undone: Uint8Array): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    // one already read as a fall stays one ("gives back 3%")
    if (kind[i] !== WORD || state[i] === 2 || (val[i] as number) < 0 || !makesGood(lower, kind, i)) continue;
    if (RESTITUTION_NOUNS.has(lower[i] as string) && (s.entries[i + 1]?.valence ?? 0) < 0) continue;
    // the clause around the verb
    let from = i;
    while (from > 0 && !isBoundary(lower[from - 1] as string, kind[from - 1] as number)) from--;
    let to = i;
    while (to + 1 < n && !isBoundary(lower[to + 1] as string, kind[to + 1] as number)) to++;
    let incident = s.crypto && !RECOVERS.has(lower[i] as string);
    for (let j = from; j <= to && !incident; j++) incident = INCIDENTS.has(lower[j] as string);
    if (!incident) continue;
    let stalled = false;
    for (let k = i - 1; k >= 0 && k >= i - STALL_REACH && !stalled; k--)
      stalled = STALLED.has(lower[k] as string) || s.entries[k]?.negator === true;
    // a restitution stalled or denied is no good news ("still waiting for repayments")
    if (stalled) {
      if ((val[i] as number) > 0) val[i] = 0;
      continue;
    }
    for (let j = from; j <= to; j++) if (j !== i) undoAt(j, state, val, undone);
    if (!((val[i] as number) >= RESTITUTION)) {
      val[i] = RESTITUTION;
      state[i] = 1;
      src[i] = SRC_NEWS;
    }
  }
}
