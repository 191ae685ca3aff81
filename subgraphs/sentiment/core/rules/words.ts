/**
 * Single words, scored from the lexicon where no phrase, direction or figure took them, in context:
 * "fine" after an amount is a penalty; "record" after "will"/"to" is the verb; being selected or
 * chosen is news only in the passive or with a company named; who "succeeds" a person named is a
 * change of people, not success; a holding or stake that exceeds a share of a company crosses a
 * disclosure threshold, no beat; in sentence-case text a coloured word in a name says nothing (and in
 * crypto news a capitalised word after "to"/"with": "apps move to Optimism"); an
 * opportunity or resources exploited are put to use, no attack. "record" is good news alone and
 * intensifies bad news ("record outflows").
 */
import { NUMBER, PUNCT } from '../tokenize';
import { BE_FORMS } from './clauses';
import { UNITS } from './figures';
import { wordSet } from './lexicon';
import { beforeNameTail, inName, isProperNoun, opensName, opensWithCapital } from './names';
import { SRC_GENERAL, SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// Prepositions before a chain or project named in crypto news: "bridges to Optimism", "integrates
// with Harmony". Not "on": in a headline capitalised in part, what follows it is often the reason for
// a move ("rises on Optimism over the vote").
const NAME_PREPOSITIONS = wordSet('to with');
// What may follow such a name: the end of the clause or a function word ("to Optimism and Base", "to
// Harmony this week"), never a noun it qualifies ("compared to Ponzi schemes").
const AFTER_NAME = wordSet('and or as in for this after amid from to with via by while at');

// "a $5 million fine": a penalty, bad news.
const PENALTY = -1.8;
// What "record" adds to the bad news it intensifies (a booster's weight).
const RECORD_BOOST = 0.293;

// "will record", "to record": the verb, not a record result.
const MODAL_TO = new Set(['will', 'would', 'to', 'may', 'might', 'could', 'shall', 'should', 'must']);
// Being selected or chosen is news in the passive or with the company named.
const CHOSEN = new Set(['selected', 'chosen', 'chose', 'picked']);

/** "The utility selected Nordvolt to build the plant": a company chosen by name wins the business. */
function namesWinner(raw: string[], i: number): boolean {
  return opensWithCapital(raw, i + 1);
}

// "appointed to succeed Jane Roe", "succeeded him as chief": a change of people, not success
// ("succeed in", "the plan succeeded", "succeeds in raising" keep their valence).
const SUCCEED = new Set(['succeed', 'succeeds', 'succeeded', 'succeeding']);
const SUCCEEDED_PEOPLE = new Set(['him', 'her', 'them']);

/** "succeed <Name>", "succeeded him": a successor named. */
function namesPredecessor(raw: string[], lower: string[], i: number): boolean {
  return (
    SUCCEED.has(lower[i] as string) && (namesWinner(raw, i) || SUCCEEDED_PEOPLE.has(lower[i + 1] as string))
  );
}

// A holding that exceeds a share of a company crosses a disclosure threshold: "its holding in Acme has
// exceeded 5 %" is a notification, not a beat (holdings are metrics of no polarity in the lexicon).
const EXCEED = new Set(['exceed', 'exceeds', 'exceeded']);
const HOLDINGS = new Set(['stake', 'stakes', 'holding', 'holdings', 'shareholding', 'ownership']);
// How far back the holding may stand: "Birch Oy's shareholding in Acme Tools Oyj will exceed".
const HOLDING_REACH = 7;

/** "exceed(ed)" with a holding as its subject, within HOLDING_REACH words back. */
function holdingExceeds(lower: string[], i: number): boolean {
  if (!EXCEED.has(lower[i] as string)) return false;
  for (let j = i - 1; j >= 0 && j >= i - HOLDING_REACH; j--)
    if (HOLDINGS.has(lower[j] as string)) return true;
  return false;
}

/** "was selected", or a headline's passive without its auxiliary ("Nokia selected as supplier"). */
function isPassive(lower: string[], i: number): boolean {
  const prev = lower[i - 1] as string;
  const next = lower[i + 1] as string;
  // A headline drops the auxiliary: "Nokia selected as supplier", "chosen to build the bridge".
  return BE_FORMS.has(prev) || next === 'as' || next === 'by' || next === 'to' || next === 'for';
}

// "exploit" is an attack in crypto news ("a flash-loan exploit"), but a company that exploits an
// opportunity or its resources makes use of them: no harm done ("to exploit the synergies", "its
// resources will be exploited effectively").
const EXPLOIT = new Set(['exploit', 'exploits', 'exploited', 'exploiting']);
const USED_TO_ADVANTAGE = new Set([
  'opportunity',
  'opportunities',
  'potential',
  'synergy',
  'synergies',
  'resource',
  'resources',
  'deposit',
  'deposits',
  'reserves',
  'expertise',
  'capacity',
  'strengths',
  'advantage',
  'advantages',
]);
// How far the object may stand from the verb: "exploit the full potential", "resources will be exploited".
const EXPLOIT_REACH = 3;
// What may stand between the verb and its object: determiners and the adjectives of such objects.
// Anything else ("an exploit drained user deposits") means the object belongs to another verb.
const OBJECT_FILLERS = wordSet(
  'the a an its their our this these those all any full new existing available untapped vast large ' +
    'huge significant considerable great growing own further market business growth cost commercial ' +
    'mineral natural technical strong',
);
// Between a subject and its passive "exploited": "resources will be / can be / have been exploited".
const PASSIVE_GAP: ReadonlySet<string> = new Set([
  ...BE_FORMS,
  ...wordSet('will can could would should may might must has have had not fully also now'),
]);
// "the potential of the brand" is an opportunity, "the potential flaw" a hedge on the noun after it.
const POTENTIAL_AS_NOUN = wordSet('of for in and to through with by');

function usedToAdvantage(lower: string[], j: number): boolean {
  const word = lower[j] as string;
  if (!USED_TO_ADVANTAGE.has(word)) return false;
  if (word !== 'potential') return true;
  const next = lower[j + 1];
  return next === undefined || !/^[a-z]/.test(next) || POTENTIAL_AS_NOUN.has(next);
}

/** "exploit the opportunities", "the resources will be exploited": making use, not an attack. */
function exploitsToAdvantage(lower: string[], i: number): boolean {
  if (!EXPLOIT.has(lower[i] as string)) return false;
  for (let d = 1; d <= EXPLOIT_REACH; d++) {
    if (usedToAdvantage(lower, i + d)) return true;
    if (!OBJECT_FILLERS.has(lower[i + d] as string)) break;
  }
  if (lower[i] !== 'exploited') return false;
  for (let d = 1; d <= EXPLOIT_REACH; d++) {
    // Only over an auxiliary: a bare "deposits exploited" reads as a headline of an attack.
    if (usedToAdvantage(lower, i - d)) return d > 1;
    if (!PASSIVE_GAP.has(lower[i - d] as string)) return false;
  }
  return false;
}

/**
 * Scores the free single words. In sentence-case text a capitalised everyday word inside the sentence
 * is a name ("A.M. Best", "Friend Group", "F-Secure"), not a feeling.
 */
export function singleWords(s: ScoringState, sentenceCase: boolean): void {
  const { lower, raw, kind, entries, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (state[i] !== 0) continue;
    const e = entries[i];
    // "fine" is a penalty after an amount ("a $5 million fine"), else a quality ("fine paper").
    if (lower[i] === 'fine' && i > 0 && (kind[i - 1] === NUMBER || UNITS.has(lower[i - 1] as string))) {
      val[i] = PENALTY;
      state[i] = 1;
      src[i] = SRC_NEWS;
      continue;
    }
    if (!e || e.valence === 0 || e.booster !== undefined) continue;
    // "will record a gain", "to record": the verb, not a record result.
    if (lower[i] === 'record' && MODAL_TO.has(lower[i - 1] as string)) continue;
    if (exploitsToAdvantage(lower, i)) continue;
    // Being selected is the news ("was selected as supplier"); "has selected a system", "on selected
    // books" describe a purchase or a range.
    if (CHOSEN.has(lower[i] as string) && !isPassive(lower, i) && !namesWinner(raw, i)) continue;
    if (namesPredecessor(raw, lower, i)) continue;
    if (holdingExceeds(lower, i)) continue;
    if (sentenceCase && isProperNoun(raw, kind, i) && (e.general || inName(raw, kind, i))) continue;
    // In crypto news a capitalised word after "to"/"with" is a chain or project's name: "apps move to
    // Optimism" (sentence case only: in Title Case every word is capitalised).
    if (
      sentenceCase &&
      s.crypto &&
      NAME_PREPOSITIONS.has(lower[i - 1] as string) &&
      isProperNoun(raw, kind, i) &&
      (i + 1 >= n || kind[i + 1] === PUNCT || AFTER_NAME.has(lower[i + 1] as string))
    )
      continue;
    // A word of a company's or fund's name, whatever the case style: "Canopy Growth Corporation".
    if (beforeNameTail(raw, lower, kind, i)) continue;
    // A sentence that opens with a multi-word name: "Bear Creek Mining holds ...".
    if (sentenceCase && opensName(raw, kind, i)) continue;
    val[i] = e.valence;
    state[i] = 1;
    src[i] = e.general ? SRC_GENERAL : SRC_NEWS;
  }
}

// "strong" is good news alone ("strong sales") but intensifies the bad news it qualifies directly
// ("strong headwinds").
const STRONG = new Set(['strong', 'stronger']);

/**
 * "record" is good news alone ("record quarter") but intensifies bad news ("record outflows", "record
 * $900 million in outflows"), and so does "strong" just before it ("strong headwinds").
 */
export function recordIntensifies(s: ScoringState): void {
  const { lower, kind, state, val } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    const strong = STRONG.has(lower[i] as string);
    if ((lower[i] !== 'record' && !strong) || state[i] !== 1) continue;
    // the record's size does not count towards its reach: "record $900 million in outflows"
    let end = i + (strong ? 1 : 3);
    if (!strong)
      for (let j = i + 1; j < n && j <= end; j++)
        if (kind[j] === NUMBER || lower[j] === '$' || UNITS.has(lower[j] as string)) end++;
    for (let j = i + 1; j <= end && j < n; j++) {
      if (state[j] === 1 && (val[j] as number) < 0) {
        val[i] = 0;
        val[j] = (val[j] as number) - RECORD_BOOST;
        break;
      }
    }
  }
}
