/**
 * Negation beyond VADER's look-back (which the scorer applies itself): a harm denied after the bad
 * news ("the hack did not affect customer funds", "the selloff spared tech stocks") cancels it, and
 * so does an attack that failed ("an unsuccessful attack on the network", "a foiled hack"); a payout
 * a negator denies ("will not propose a dividend", "no dividends") is scored PAYOUT so that negation
 * turns it into bad news.
 */
import { isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// A payout that a negator denies is bad news; the payout counts PAYOUT before negation flips it.
const PAYOUTS = wordSet('dividend dividends payout payouts');
const PAYOUT = 1.6;

/** A payout with a negator up to three words before it in the clause (negated in step 5). */
export function payoutDenied(s: ScoringState): void {
  const { lower, kind, entries, state, val, src } = s;
  const n = lower.length;
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
}

const HARMS = new Set(
  'affect affects affected impact impacts impacted hurt hurts harm harmed disrupt disrupted touch touched effect'.split(
    ' ',
  ),
);

// Harm denied in one word: "the selloff spared tech stocks", "a crypto plunge spares NFT prices" (the
// base form is left out: "spare parts", "spare capacity").
const SPARES = wordSet('spares spared');

/**
 * Negation reaches forward over what it denies: in "the hack did not affect customer funds" the
 * negator follows the bad word, so VADER's look-back misses it. The clause's bad news before a denied
 * harm verb, or before a verb of sparing (SPARES), is cancelled (to neutral, not flipped: nothing good
 * happened either).
 */
export function harmDenied(s: ScoringState): void {
  const { lower, kind, entries, state, val } = s;
  for (let i = 1; i < lower.length; i++) {
    const spared = SPARES.has(lower[i] as string);
    if (!spared && !HARMS.has(lower[i] as string)) continue;
    let denied = spared;
    // the negator must be in the same clause ("did not close, affecting staff" denies nothing)
    for (let k = 1; k <= 3 && i - k >= 0 && !denied; k++) {
      if (isBoundary(lower[i - k] as string, kind[i - k] as number)) break;
      denied = entries[i - k]?.negator === true;
    }
    if (!denied) continue;
    if (state[i] === 1) val[i] = 0;
    for (let j = i - 1; j >= 0; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (state[j] === 1 && (val[j] as number) < 0 && !entries[j]?.negator) val[j] = 0;
    }
  }
}

// An attack named as failed did no harm: "an unsuccessful attack on the network", "a failed hack
// attempt", "a foiled exploit". The failure and the attack weigh nothing (neither happened as harm).
const FAILED = wordSet('unsuccessful failed foiled thwarted botched');
const ATTACKS = wordSet('attack attacks hack hacks hacking exploit exploits heist breach');
const FAILED_REACH = 2;

/** "an unsuccessful attack": a failure word just before an attack cancels both (see FAILED). */
export function attackFailed(s: ScoringState): void {
  const { lower, state, val } = s;
  for (let i = 0; i < lower.length - 1; i++) {
    if (!FAILED.has(lower[i] as string)) continue;
    let attack = -1;
    for (let j = i + 1; j < lower.length && j <= i + FAILED_REACH && attack < 0; j++)
      if (ATTACKS.has(lower[j] as string)) attack = j;
    if (attack < 0) continue;
    for (let j = i; j <= attack; j++) {
      if (state[j] === 2) continue;
      val[j] = 0;
      state[j] = 1;
    }
  }
}
