/**
 * Statements that are no news either way, whatever their words: what is only discussed, debated or
 * voted on; open questions ("Will the regulator approve the fund?"); explanations of terms ("a bank
 * run is when ...", "refers to", "is defined as"); denials of reports and rumours; marketing
 * descriptions of what a product does ("our solutions enable ...", "a wallet that lets ..."); advice
 * on what someone "should" do ("the Fed should cut rates"); listicles ("5 Stocks to Buy Now") and
 * advice or hypotheticals addressed to the reader ("How to ...", "If you invested ...", "your
 * pension"); consumer offers ("Save 33% on ...", "Black Friday deals"); services stopped for routine
 * work ("suspends deposits during a scheduled upgrade"); elections won; an editor's
 * "CORRECTION:" notice; a feature's section label ("Profile:", "Book review:"; an "Opinion:" weighs
 * little).
 */
import { NUMBER, PUNCT, WORD } from '../tokenize';
import { isBoundary } from './clauses';
import { wordSet } from './lexicon';
import { opensWithCapital } from './names';
import { isBusinessPrize } from './prizes';
import { SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

// Deliberation: what follows is a proposal, not an event.
const DELIBERATE = wordSet(
  'discuss discusses discussed discussing debate debates debated debating consider considers considering ' +
    'explore explores exploring mull mulls mulling',
);

// An explanation of how something works: "explains how its fee switch proposal would work" (not
// "explains why", which mostly gives a verdict: "explains why the token will crash").
const EXPLAINS = wordSet('explains explained explaining');
const HOW = 'how';

// "should be", "should remain": a forecast of a state ("results should be better"), not advice.
const FORECAST_AFTER_SHOULD = wordSet('be remain continue stay');
// Who is advised: a name (capitalised) or one of these.
const ADVISED = wordSet(
  'investors traders savers bank banks lenders regulators government governments policymakers officials ' +
    'companies firms businesses we you they',
);

/**
 * What someone says a company, bank or person "should" do is advice or an opinion, not an event: "the
 * Fed should cut rates", "Why Acme should cut its dividend". Not what a quantity "should" do, a
 * forecast ("sales should recover next year"; the word before is then a metric), nor what a thing
 * should do ("the deal should lift margins"): the one advised is named (capitalised) or is one of
 * ADVISED; and "should be/remain" forecasts a state.
 */
function recommended(s: ScoringState, i: number): boolean {
  return (
    s.lower[i] === 'should' &&
    s.entries[i - 1]?.metric === undefined &&
    (ADVISED.has(s.lower[i - 1] as string) || opensWithCapital(s.raw, i - 1)) &&
    !FORECAST_AFTER_SHOULD.has(s.lower[i + 1] as string)
  );
}

// What money raised will pay for is a plan: "will use the proceeds to strengthen its balance sheet",
// "plans to spend the proceeds on ...", "the proceeds will be used for ...".
const SPEND = wordSet('use uses used using spend spends spent spending');

/** "use/spend the proceeds", "proceeds are to be used": the rest of the clause says what they are for. */
function useOfProceeds(lower: string[], i: number): boolean {
  if (lower[i] !== 'proceeds') return false;
  if (SPEND.has(lower[i - 1] as string) || SPEND.has(lower[i - 2] as string)) return true;
  for (let j = i + 1; j <= i + 4; j++) if (SPEND.has(lower[j] as string)) return true;
  return false;
}

/**
 * What is only discussed, explained or recommended has not happened: the rest of the clause after
 * DELIBERATE, "vote on", "explains how", an advising "should" or the use of proceeds weighs nothing.
 */
export function onlyDiscussed(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (
      !DELIBERATE.has(w) &&
      !(w === 'vote' && lower[i + 1] === 'on') &&
      !(EXPLAINS.has(w) && lower[i + 1] === HOW) &&
      !recommended(s, i) &&
      !useOfProceeds(lower, i)
    )
      continue;
    for (let j = i + 1; j < n && !isBoundary(lower[j] as string, kind[j] as number); j++) val[j] = 0;
  }
}

// A question asks, it does not tell: "Will the SEC approve ...?", "How does its P/E compare?", and the
// elliptical questions of teasers and advertorials ("Looking for steady yield?", "Exchange
// outages?"). Not one opening with "who": mostly rhetorical, it takes a side ("Who still trusts this
// exchange?").
const RHETORICAL = 'who';
// A full stop after these is an abbreviation, not the end of a sentence: "Acme Inc.'s margin", "Dr. Ng".
// (The tokenizer already drops the full stop of an initial, "U.S.", "T. Rowe Price", and of "vs."/"adj.".)
const ABBREVIATIONS = wordSet('inc corp co ltd plc llc lp jr sr mr mrs ms dr st no');
// Exchange prefixes of a ticker: the colon in "(NASDAQ:ACME)" ends nothing.
const EXCHANGES = wordSet(
  'nasdaq nasdaqgs nasdaqgm nasdaqcm nyse nysemkt nysearca amex otc otcpk tse tsx tsxv cve lon lse aim hkg hkse ' +
    'asx nse bse sgx etr fra epa ams bit bme six sto hel cph osl jse krx tyo',
);

/** The punctuation token at i ends a sentence: not ",", "%", an abbreviation's "." or a ticker's ":". */
function endsSentence(lower: string[], kind: Uint8Array, i: number): boolean {
  const t = lower[i] as string;
  if (kind[i] !== PUNCT || t === ',' || t === '%') return false;
  const prev = i > 0 ? (lower[i - 1] as string) : '';
  if (t === '.') return !ABBREVIATIONS.has(prev);
  return !(t === ':' && EXCHANGES.has(prev));
}

/** The index of the first token after the cashtags that open a text ("$ACME $BETA - ..."). */
function afterCashtags(raw: string[], kind: Uint8Array): number {
  let i = 0;
  while (i < raw.length && kind[i] === WORD && (raw[i] as string)[0] === '$') i++;
  return i;
}

/** Zeroes each sentence that ends with a question mark, but for a rhetorical one (RHETORICAL). */
export function openQuestions(s: ScoringState): void {
  const { lower, kind, val } = s;
  let start = 0;
  for (let i = 0; i < lower.length; i++) {
    if (!endsSentence(lower, kind, i)) continue;
    if ((lower[i] as string).includes('?') && lower[start] !== RHETORICAL)
      for (let j = start; j < i; j++) val[j] = 0;
    start = i + 1;
  }
}

// "X is when ...", "X happens when ...", "X refers to ...": a definition, not an event.
const DEFINING_BEFORE_WHEN = wordSet('is are happens happen occurs occur');
const DEFINING = wordSet('refers defined');

/** The text explains a term: "is/happens/occurs when", "refers to", "is defined as". */
export function isDefinition(lower: string[]): boolean {
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

// Denying, rejecting or refuting what is reported or alleged ("rejects the allegations").
const DENIALS = wordSet(
  'deny denies denied denying reject rejects rejected rejecting refute refutes refuted',
);
const RUMOURS = wordSet(
  'report reports rumour rumours rumor rumors speculation allegations allegation claims media',
);

/**
 * A denial (or rejection) of reports, rumours or allegations says nothing either way: the denial and what it denies,
 * to the end of the sentence, weigh nothing ("denied reports that it plans to cut jobs").
 */
export function rumourDenied(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (!DENIALS.has(lower[i] as string)) continue;
    let rumour = false;
    for (let j = i + 1; j < n && j <= i + 3 && !rumour; j++) rumour = RUMOURS.has(lower[j] as string);
    if (!rumour) continue;
    for (let j = i; j < n && !(kind[j] === PUNCT && lower[j] !== ',' && lower[j] !== '%'); j++) val[j] = 0;
  }
}

const PRODUCT_NOUNS = new Set(
  (
    'solution solutions product products system systems software technology technologies service services ' +
    'platform platforms device devices equipment tool tools application applications concept ' +
    // crypto products described ("a wallet that lets users pay friends in stablecoins")
    'wallet wallets app apps marketplace marketplaces'
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
export function productClaims(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  for (let i = 1; i < n; i++) {
    if (!CAPABILITIES.has(lower[i] as string)) continue;
    let subject = lower[i - 1] as string;
    if ((subject === 'that' || subject === 'which') && i > 1) subject = lower[i - 2] as string;
    if (!PRODUCT_NOUNS.has(subject)) continue;
    for (let j = i; j < n && !(kind[j] === PUNCT && lower[j] !== ',' && lower[j] !== '%'); j++) val[j] = 0;
  }
}

// A service stopped for routine work is operations, not an incident: "will suspend deposits for two
// hours during a scheduled upgrade", "pauses withdrawals for wallet maintenance". The stop weighs
// nothing when its sentence names the work (ROUTINE_WORK) within ROUTINE_REACH words after
// "during", "for", "ahead of", "scheduled" or "planned" ("halts withdrawals after a failed upgrade"
// and "extends outage past maintenance window" stay incidents).
const STOPS = wordSet(
  'suspend suspends suspended suspending pause pauses paused pausing halt halts halted halting',
);
const ROUTINE_WORK = wordSet('maintenance upgrade upgrades migration fork swap');
const ROUTINE_LEADS = wordSet('during for ahead scheduled planned');
const ROUTINE_REACH = 4;

/** True when a ROUTINE_WORK word led by ROUTINE_LEADS is in the sentence from start to end. */
function routineWork(lower: string[], start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (!ROUTINE_WORK.has(lower[i] as string)) continue;
    for (let j = i - 1; j >= start && j >= i - ROUTINE_REACH; j--)
      if (ROUTINE_LEADS.has(lower[j] as string)) return true;
  }
  return false;
}

/** Zeroes the STOPS of each sentence that names routine work (see routineWork). */
export function routineStops(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && !endsSentence(lower, kind, i)) continue;
    let routine = -1;
    for (let j = start; j < i; j++) {
      if (!STOPS.has(lower[j] as string) || val[j] === 0) continue;
      if (routine === -1) routine = routineWork(lower, start, i) ? 1 : 0;
      if (routine === 1) val[j] = 0;
    }
    start = i + 1;
  }
}

// Listicles and advice rank or recommend, they report no move: "5 Stocks to Buy Now", "3 Reasons the
// Roth IRA Is the Best Tool", "6 Ways to Boost Your Savings", "The Best Funds of the Decade", "The
// Best-Managed Companies of the Year".
// Words that may come before the count or the superlative ("These Were the 5 Best ...", "Here are 7 ...").
const LIST_LEADS = wordSet('the these those here are were');
// What a listicle counts.
const LIST_NOUNS = wordSet(
  'reasons ways things tips stocks funds etfs cefs reits picks ideas moves rules lessons mistakes signs steps ' +
    'habits questions charts takeaways trends states cities books places investments strategies secrets facts ' +
    'myths tricks options winners losers gainers decliners',
);
// What a listicle advises: "stocks to buy", "funds to own".
const LIST_ADVICE = wordSet('buy own sell avoid watch consider hold');
const SUPERLATIVES = wordSet('best top worst biggest');
// What only a ranking's "best"/"worst" counts: "The Best-Managed Companies of 2019", "These are the best
// performing IPOs" (after "top" or "biggest" these are the big ones, with news: "Top companies cut hiring").
const RANKINGS = wordSet('best worst');
const RANKED_NOUNS = wordSet('companies employers managers performers ipos deals brands');
// A list of reasons to buy or sell one stock keeps its verdict ("5 Reasons To Sell Acme": the phrase
// "reasons to sell" of the vocabulary), though the rest of the listicle weighs nothing.
const REASONS_TO = wordSet('reasons');
// A count in a listicle is small; a larger number is a figure ("2019 profit", "250 jobs").
const MAX_LIST_COUNT = 99;
// How far after the count or superlative the counted noun may come ("3 Top Growth Stocks").
const LIST_REACH = 5;

/**
 * A text opening (after cashtags and LIST_LEADS) with a small count or a superlative, then within
 * LIST_REACH words a LIST_NOUN or "to <advice>", is a listicle: its first sentence weighs nothing.
 */
export function listicle(s: ScoringState): void {
  const { lower, raw, kind, val, src } = s;
  const n = lower.length;
  let i = afterCashtags(raw, kind);
  for (let k = 0; k < 3 && i < n && LIST_LEADS.has(lower[i] as string); k++) i++;
  if (i >= n) return;
  // Number() is NaN for "$5", "5%" and "2,000", and not an integer for "2.5": none is a count.
  const c = kind[i] === NUMBER ? Number(raw[i]) : NaN;
  const count = Number.isInteger(c) && c >= 2 && c <= MAX_LIST_COUNT;
  if (!count && !SUPERLATIVES.has(lower[i] as string)) return;
  let list = false;
  for (let j = i + 1; j < n && j <= i + LIST_REACH && !list && !endsSentence(lower, kind, j); j++)
    list =
      LIST_NOUNS.has(lower[j] as string) ||
      (RANKINGS.has(lower[i] as string) && RANKED_NOUNS.has(lower[j] as string)) ||
      (lower[j] === 'to' && LIST_ADVICE.has(lower[j + 1] as string)) ||
      (j === i + 1 && !count && kind[j] === NUMBER);
  if (!list) return;
  for (let j = 0; j < n && !endsSentence(lower, kind, j); j++)
    if (!(src[j] === SRC_PHRASE && REASONS_TO.has(lower[j] as string))) val[j] = 0;
}

// Consumer offers advertise, they report nothing: "Special Holiday Offer: Save 33% on ...", "Take 25%
// off", "Win up to 1,000 USDT", "Black Friday deals", "free giveaways", "trading contests", "use promo
// code ...", "takes rewards to the next level!", "Join the presale!". A discount to customers is a
// seller's promotion, not a company's or a market's news.
const OFFER_VERBS = wordSet('save take get');
const WIN = 'win';
// An invitation opening a sentence: "Join the presale and earn double rewards!", "Join us at the
// summit", "Earn great rewards by staking" ("miners earn more" is no invitation).
const INVITATIONS = wordSet('join earn');
const OFFER_KINDS = wordSet('special holiday limited exclusive');
// (not "coupon": a bond's interest payment)
const OFFER_WORDS = wordSet('giveaway giveaways promo contests sweepstakes');
// A giveaway that is a fraud is an incident, no offer: "a fake giveaway scam".
const FRAUDS = wordSet('scam scams fraud frauds scheme schemes hoax');
const SALE_DAYS = wordSet('friday monday day');
// Deals praised to customers: "announces attractive trading deals", "hot deals for new users" (one
// word may come between: "attractive trading deals"; not "exclusive", which a business deal can be).
const DEAL_PRAISE = wordSet('attractive special unbeatable amazing hot');
/** True at a marker of a consumer offer (see above). */
function offerAt(lower: string[], kind: Uint8Array, i: number): boolean {
  const w = lower[i] as string;
  // (a proxy contest is a fight for control, no promotion)
  if (OFFER_WORDS.has(w)) return !FRAUDS.has(lower[i + 1] as string) && !isBusinessPrize(lower, i);
  // the press release's cliché: "takes rewards to the next level!"
  if (w === 'level') return lower[i - 1] === 'next' && lower[i - 2] === 'the' && lower[i - 3] === 'to';
  if (w === 'offer' || w === 'offers') return OFFER_KINDS.has(lower[i - 1] as string);
  if (w === 'deals')
    return (
      SALE_DAYS.has(lower[i - 1] as string) ||
      DEAL_PRAISE.has(lower[i - 1] as string) ||
      DEAL_PRAISE.has(lower[i - 2] as string)
    );
  // an imperative opening a sentence: "Save 33%", "Save up to 50%", "Take 25% off" (not "the company
  // could save 10% of its costs", "shares take a 5% hit"), an invitation ("Join the presale!")
  if (i > 0 && kind[i - 1] !== PUNCT) return false;
  if (INVITATIONS.has(w)) return true;
  if (!OFFER_VERBS.has(w) && w !== WIN) return false;
  const k = lower[i + 1] === 'up' && lower[i + 2] === 'to' ? i + 3 : i + 1;
  // a prize offered: "Win up to 1,000 USDT in the trading contest", "Win $500 in bitcoin"
  if (w === WIN) return kind[k] === NUMBER;
  if (kind[k] !== NUMBER || !(lower[k] as string).endsWith('%')) return false;
  return w === 'save' || lower[k + 1] === 'off';
}

/** A text with a consumer offer (offerAt) is a promotion: it weighs nothing. */
export function consumerOffers(s: ScoringState): void {
  const { lower, kind, val } = s;
  for (let i = 0; i < lower.length; i++)
    if (offerAt(lower, kind, i)) {
      val.fill(0);
      return;
    }
}

// Advice and hypotheticals addressed to the reader: "How to Save for a House", "If you invested $1,000
// ten years ago ...", "If you like dividend growth, check out ...", "Imagine owning Acme when its
// shares fell 40%": what happens in them is not news.
const IF_YOU = wordSet("you you're you've you'd");

/**
 * The text (after cashtags) opens with "how to", "if you" or "imagine": it advises or supposes, it
 * tells nothing.
 */
export function isAdvice(lower: string[], raw: string[], kind: Uint8Array): boolean {
  const i = afterCashtags(raw, kind);
  const next = lower[i + 1] as string;
  return (
    (lower[i] === 'how' && next === 'to') || (lower[i] === 'if' && IF_YOU.has(next)) || lower[i] === 'imagine'
  );
}

// An editor's notice, not a market correction: "CORRECTION: Acme opens a plant" (the notice word), "Correction
// to Warning Signs for Lenders Article" (a correction of a story: all of it).
const NOTICES = wordSet('correction corrected');
const STORIES = wordSet('article articles story report item');

// A section label before a colon says what kind of piece follows: a feature ("Profile: ...", "Book
// review: ...", "Q&A: ...", "Explainer: ...", "Calendar: ...", "Sponsored: ...") tells no news,
// whatever its words; an opinion ("Opinion: ...", "Op-ed: ...") weighs OPINION_WEIGHT, as a
// concession does (a verdict in strong words still speaks). Labels of one or two words; a news
// section ("Markets: ...", "Analysis: ...") is none.
const FEATURE_LABELS = new Set([
  'profile',
  'interview',
  'q a',
  'review',
  'book review',
  'podcast',
  'explainer',
  'explained',
  'primer',
  'guide',
  'video',
  'feature',
  // an advertiser's piece or a list of dates: "Sponsored: Join the airdrop today!", "Calendar: Token
  // Unlocks, Mainnet Launches and Court Dates"
  'sponsored',
  'advertorial',
  'promoted',
  'calendar',
  'deep dive',
]);
const OPINION_LABELS = new Set(['opinion', 'op ed', 'column', 'commentary', 'editorial']);
const OPINION_WEIGHT = 0.3;

// A feature label may also close a title, after its colon and an article: "The rise of restaking: a
// deep dive", "Bitcoin halving: a primer" (without the article, "...: review" may be a news section).
const ARTICLES = wordSet('a an');

/** The label closing the text after ": a/an" ("...: a deep dive" gives "deep dive"), or undefined. */
function closingLabel(lower: string[], kind: Uint8Array): string | undefined {
  let n = lower.length;
  while (n > 0 && kind[n - 1] === PUNCT) n--;
  if (lower[n - 3] === ':' && ARTICLES.has(lower[n - 2] as string)) return lower[n - 1];
  if (lower[n - 4] === ':' && ARTICLES.has(lower[n - 3] as string)) return `${lower[n - 2]} ${lower[n - 1]}`;
  return undefined;
}

/** The section label opening the text at i ("book review" for "Book review:"), or undefined. */
function sectionLabel(lower: string[], i: number): string | undefined {
  if (lower[i + 1] === ':') return lower[i];
  if (lower[i + 2] === ':') return `${lower[i]} ${lower[i + 1]}`;
  return undefined;
}

/**
 * Takes the weight off a feature (a FEATURE_LABELS label opening the text, or closing it after ": a")
 * and weighs an opinion (OPINION_LABELS) at OPINION_WEIGHT.
 */
export function sectionLabels(s: ScoringState): void {
  const { lower, raw, kind, val } = s;
  const label = sectionLabel(lower, afterCashtags(raw, kind));
  const closing = closingLabel(lower, kind);
  if (
    (label !== undefined && FEATURE_LABELS.has(label)) ||
    (closing !== undefined && FEATURE_LABELS.has(closing))
  )
    val.fill(0);
  else if (label !== undefined && OPINION_LABELS.has(label))
    for (let j = 0; j < val.length; j++) val[j] = (val[j] as number) * OPINION_WEIGHT;
}

/** Takes the weight off a leading editor's notice (see NOTICES). */
export function editorsNotice(s: ScoringState): void {
  const { lower, raw, kind, val } = s;
  const n = lower.length;
  const i = afterCashtags(raw, kind);
  if (!NOTICES.has(lower[i] as string)) return;
  if (lower[i + 1] === ':') {
    val[i] = 0;
    return;
  }
  if (lower[i + 1] !== 'to') return;
  for (let j = i + 2; j < n; j++) {
    if (!STORIES.has(lower[j] as string)) continue;
    val.fill(0);
    return;
  }
}

// An election won is politics, not news of a business or a market: "wins the election", "after the
// Tory win", "the candidate who won the primary".
const WINS = wordSet('win wins won winning winner winners victory victories landslide triumph');
const ELECTORAL = wordSet(
  'election elections electoral voters poll polls primary primaries caucus caucuses candidate candidates ' +
    'tory tories labour democrats republicans democrat republican presidency presidential mayoral referendum',
);
// How many words either side of the win an electoral word may be.
const ELECTION_REACH = 4;

/** A WINS word with an ELECTORAL word within ELECTION_REACH words of its clause weighs nothing. */
export function electionWins(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (val[i] === 0 || !WINS.has(lower[i] as string)) continue;
    let electoral = false;
    for (let j = i - 1; j >= 0 && j >= i - ELECTION_REACH && !electoral; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      electoral = ELECTORAL.has(lower[j] as string);
    }
    for (let j = i + 1; j < n && j <= i + ELECTION_REACH && !electoral; j++) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      electoral = ELECTORAL.has(lower[j] as string);
    }
    if (electoral) val[i] = 0;
  }
}

// A sentence addressed to the reader gives advice, a personal story or a teaser, not market news:
// "Don't let your savings shrink", "Disappointed by the size of your pension?", "What you should know".
const YOURS = wordSet("you you're you've you'd you'll your yours yourself");

/** Zeroes each sentence that speaks to the reader (contains YOURS). */
export function addressedToReader(s: ScoringState): void {
  const { lower, kind, val } = s;
  const n = lower.length;
  let start = 0;
  let yours = false;
  for (let i = 0; i <= n; i++) {
    if (i < n && !endsSentence(lower, kind, i)) {
      if (YOURS.has(lower[i] as string)) yours = true;
      continue;
    }
    if (yours) for (let j = start; j < i; j++) val[j] = 0;
    start = i + 1;
    yours = false;
  }
}
