/**
 * Crypto adoption: in a text about crypto (a coin, chain, token, wallet, NFT, crypto firm or other
 * crypto word, isCryptoWord, or a central bank's digital currency: "digital yuan"), what brings a coin,
 * a product, money, institutions or people to crypto is good news for the asset, the firm or the
 * sector, as a crypto investor reads it. Company releases say the same things as routine announcements
 * (readers of PhraseBank label them neutral), so outside crypto the words keep their lexicon valence.
 * Two steps of the pipeline, one reading:
 * - productAdoption (step 4, with the single words; ADOPTION 1.6): launching a wallet or an NFT
 *   collection ("Acme debuts NFT loyalty program on Polygon"), completing or activating a network
 *   upgrade, listing a token (a bill or an agenda item listed is none), adding support for a coin,
 *   integrating, partnering ("teams up with", "joins forces", "signs NFT deal"), and the same to
 *   come ("is launching", "to integrate", "will list"; not after a refusal or "the race to"), or
 *   announced ("announces support for USDT",
 *   "announces purchase of 400 bitcoin"), a capability that is new ("now supports SOL", "users can now
 *   mint NFTs"), accepting a coin as payment (also to come: "to accept bitcoin"), a product or a
 *   digital currency tested, trialled or piloted ("trials a wholesale CBDC"; a price level tested is
 *   none: "tests support at $30,000"), mining capacity ordered, hosted or set up ("orders 10,000 more
 *   machines", "setting up a new bitcoin mine"), a team, desk or unit set up for crypto ("forms a new
 *   crypto team"; not one that polices it: "a crypto enforcement unit"), deploying on a chain,
 *   expanding to a country, a network going live, a device shipping; supply burned ("burns over 10,000
 *   ETH"); a partner tapped for something ("taps Chainlink for payments"); an airdrop, a buyback or a
 *   burn announced ("confirms an airdrop for early users"); a usage figure crossing a mark or reached
 *   ("daily transactions top 2 million", "monthly volumes broke $1 trillion", "market cap hits $2
 *   trillion"; bad news counted is none: "scam volume hit $9 billion"). A verb that a direction or a
 *   figure took ("Bitcoin adds 3%") is left alone, and so is one whose object is routine work
 *   ("completes token migration", "launches token swap portal") or bad news ("introduces bill to bar
 *   banks from ...", "ships with a critical flaw"). The reverse, a coin, service or partnership
 *   removed, pulled, blocked, dropped, scrapped, shut, stopped, disabled or ended ("stops taking
 *   bitcoin"), or what is done with a coin "no longer" ("will no longer ship bitcoin miners"), is bad
 *   news (withdrawn and noLonger, WITHDRAWN -1.6, adoption's reverse; a delisting is -2.0 in the
 *   vocabulary).
 * - capitalAdoption (step 4c, after the procedure rules have read appointments and approvals; CAPITAL
 *   1.0, like a partnership in the vocabulary): entering, buying and offering (acquires, buys,
 *   purchases, adds, invests, offers, lets, allows, enters, adopts, embraces, accepts, backs, supports,
 *   endorses, "is buying" but not "stopped buying"; never a participle before "at"/"by", which
 *   describes, nor a verb before out/away/off/down: "backs out of the deal"); filing for an
 *   exchange-traded fund in a text naming one; a hire of note (an appointment in a text naming a former
 *   post or a veteran: "ex-Goldman banker named CEO"; a new finance chief is routine); a stake or
 *   position taken or disclosed; a crypto law passed or enacted ("Senate passes stablecoin bill"); a
 *   crypto reserve ("a state bitcoin reserve"); pay taken in crypto; income earned, stated as an amount
 *   ("miners earned $900 million in revenue"); money raised or closed ("closes $40M round"). Holdings
 *   stated ("the treasury holds $340M in stablecoins") are a description.
 * Both take only words the earlier rules left without a reading of their own (or a weaker one), so
 * that events already read ("rejects", "sells", "bankruptcy") keep it; negation, open questions and
 * what is only discussed apply afterwards ("has not launched", "will not offer bitcoin funds").
 * A third step, cryptoTaxed (right after capitalAdoption), reads a tax on crypto the other way: the
 * taxed base is no news, a new tax bad news, a tax cut good news ("proposes a 30% tax on crypto gains").
 */
import { NUMBER, WORD } from '../tokenize';
import { endsSearch } from './clauses';
import { moneyFollows } from './directions';
import { hasAnyWord, wordSet } from './lexicon';
import { SRC_DIRECTION, SRC_GENERAL, SRC_NEWS, SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

// What a product brought to users weighs (an order won weighs 1.4-1.8) and what money, institutions
// or people coming in weigh (like a partnership, 1.0).
const ADOPTION = 1.6;
const CAPITAL = 1.0;

// Words that make a text crypto news: the asset class, its instruments, technology and venues, major
// chains and coins, and firms whose name says crypto (lowercase; ambiguous short tickers such as
// "sol", "ton", "op" and "ada" are left out). Words ending in "coin" or "coins" ("bitcoin",
// "stablecoins", "KuCoin") are crypto words by that ending (isCryptoWord) and are not listed.
const CRYPTO_WORDS = wordSet(
  'btc crypto cryptocurrency cryptocurrencies ether ethereum eth token tokens blockchain blockchains ' +
    'defi nft nfts wallet wallets web3 metaverse mainnet testnet staking dex dao onchain rollup rollups ' +
    'ordinals tokenized tokenization satoshi airdrop airdrops solana cardano polygon arbitrum avalanche ' +
    'polkadot doge ltc xrp tron usdc usdt tether zkevm zksync starknet chainlink uniswap aave binance ' +
    'coinbase kraken okx bybit upbit bithumb coinone bitstamp bitfinex bitget huobi bitmex ripple ' +
    'opensea metamask consensys chainalysis microstrategy grayscale ftx cbdc cbdcs dapp dapps gbtc ' +
    'hodlers daos',
);
// "digital currency", "digital yuan", "digital assets": a central bank's coin or crypto assets by
// their generic name (the word after "digital").
const DIGITAL = 'digital';
const DIGITAL_MONEY = wordSet('currency currencies asset assets yuan dollar euro ruble rupee pound');

// Verbs of adoption, in the forms headlines use (present, past and progressive; no base forms, which
// are also nouns: "delays crypto launch" is no launch; BASE_FORMS takes them after "to" or "will").
// Forms that mostly describe are left out: "US-listed funds", "will be integrated into the buyer", "the
// wallet supports 5,000 tokens", "a bill introduced".
const ADOPTION_VERBS = wordSet(
  'launches launched debuts debuted unveils unveiled introduces lists integrates deploys deployed ' +
    'rolls rolled accepts enables enabled adopts adopted embraces embraced partners partnered ' +
    'collaborates relaunches relaunched arrives arrived expands expanded ships shipping completes ' +
    'completed activates activated launching integrating partnering deploying unveiling debuting ' +
    'introducing relaunching activating',
);
// Base forms are verbs after "to" or "will" ("plans to launch", "Acme to integrate", "will list"):
// adoption to come, as the progressive is ("is launching"); not after a refusal or a contest, which
// is no act ("refuses to list", "the race to launch"; delays are read by their own words).
const BASE_FORMS = wordSet(
  'launch debut unveil introduce list integrate deploy adopt embrace enable partner relaunch expand activate',
);
const BEFORE_BASE = wordSet('to will');
const NO_ACT = wordSet('refuses refused refuse declines declined decline rejects rejected race');

/** A verb after a refusal or a contest is no act: "refuses to list", "declines to buy bitcoin". */
function refused(lower: string[], i: number): boolean {
  return lower[i - 1] === 'to' && NO_ACT.has(lower[i - 2] as string);
}
// Verbs of adoption only with the word that follows: "teams up/with", "joins forces", "opens to
// developers/in Spain", "rolling out".
const WITH_NEXT: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['teams', wordSet('up with')],
  ['teamed', wordSet('up with')],
  ['joins', wordSet('forces')],
  ['opens', wordSet('to in up')],
  ['rolling', wordSet('out')],
]);
// What a product or firm does "now" is new: "the protocol now supports SOL", "now lets users mint",
// "now pays its board in bitcoin", "is now serving as liquidity provider", "users can now mint NFTs"
// (the verb right after "now"; a description without "now" stays one: "the wallet supports 5,000
// tokens").
const NOW = 'now';
const NOW_VERBS = wordSet(
  'supports lets allows offers pays serves serving backs backing mint stake earn trade buy pay use',
);
// "starts accepting bitcoin", "can now accept USDC", "will accept stablecoins", "to accept bitcoin":
// payments in a coin taken from now on (the bare forms are not, nor after a refusal, NO_ACT: "refuses
// to accept" is no adoption).
const ACCEPT = wordSet('accept accepting');
const BEFORE_ACCEPT = wordSet('now will starts started begins began to');
// "adds support for", "adds Bitcoin Ordinals trading": a coin or a service added, with what is added
// within ADD_REACH words and no figure before it ("adds 3%" is a move, "adds 500 BTC" a purchase).
const ADDS = wordSet('adds added');
const ADDED_THINGS = wordSet('support trading staking payments payouts');
const ADD_REACH = 3;
// "brings crypto payouts to 70 countries", "brings native USDC to Polkadot": a coin or a crypto
// service brought, named within BRING_REACH words ("brings losses to $50 million" is no adoption).
const BRINGS = wordSet('brings brought bringing');
const BRING_REACH = 2;
// A product or a central bank's digital currency tested, trialled or piloted ("trials a wholesale CBDC",
// "to test the digital yuan", "tests a new staking product"), not a price level a market tests ("tests
// support at $30,000", "testing the 200-day average"): no figure or chart level within TRIAL_REACH words.
// The base forms are verbs only after "to" or "will" (BEFORE_BASE), as BASE_FORMS are: "to test the
// digital yuan"; "the CBDC pilot", "a test of the network" are nouns.
const TRIALS = wordSet('tests tested testing trials trialed trialing trialling pilots piloted piloting');
const TRIAL_BASES = wordSet('test trial pilot');
const CHART_LEVELS = wordSet(
  'support resistance level levels high highs low lows average averages mark floor ceiling bottom top',
);
const TRIAL_REACH = 4;
// A team, unit or desk set up for crypto: "forms a new crypto team", "is creating a crypto-focused
// engineering team", "establish a new taskforce to explore digital currency", "hiring for its digital
// currency team" (the verb, with the unit within UNIT_REACH words).
const FORMING = wordSet(
  'forms formed forming form creates created creating create establishes established establish establishing ' +
    'hiring builds building',
);
const UNITS = wordSet('team teams unit units division desk council taskforce subsidiary arm');
const UNIT_REACH = 5;
// A unit that polices crypto is none: "creates a crypto enforcement unit", "a fraud task force".
const POLICING = wordSet('enforcement fraud crime crimes investigations investigative compliance');
// Mining capacity bought, hosted or set up: "orders 10,000 more machines", "ordered $900 million worth
// of new mining rigs", "to spend $155 million on bitcoin mining hardware", "will host 20,000 bitcoin
// miners", "is setting up a new bitcoin mine" (the verb, or "up" after a form of "set", with the
// machines within MACHINE_REACH words in its clause).
const ORDERING = wordSet('orders ordered ordering spend spends spending host hosts hosting');
const UP = 'up';
const SETTING = wordSet('set sets setting');
const ORDERS = wordSet('orders ordered ordering');
const MACHINES = wordSet('machines miners rigs hardware asics mine');
const MACHINE_REACH = 10;
// "signs NFT deal with a club", "inks partnership with": a deal signed, its noun within DEAL_REACH words.
const SIGNS = wordSet('signs signed inks inked strikes struck seals sealed');
const DEALS = wordSet('deal deals agreement agreements partnership pact');
const DEAL_REACH = 3;
// "goes live", "is live", "now live", "becomes available": a network or product in service.
const IN_SERVICE = wordSet('live available');
const BEFORE_IN_SERVICE = wordSet('goes went go is are now becomes');
// "drops NFT collection": a release, not a fall, with its object within DROP_REACH words.
const DROPS = wordSet('drops dropped');
const DROPPED_THINGS = wordSet('nft nfts collection collectibles');
const DROP_REACH = 3;
// "announces second airdrop for early users", "confirms token buyback": tokens or value handed to
// holders, announced (an airdrop described, "the snapshot for the airdrop", keeps its lexicon valence);
// and a launch, support for a coin, a partnership, an integration or a purchase announced, which counts
// as the act itself ("announces the launch of its NFT platform", "announces support for USDT",
// "announces purchase of 400 bitcoin").
const ANNOUNCES = wordSet('announces announced confirms confirmed');
const ANNOUNCED_THINGS = wordSet(
  'airdrop airdrops buyback buybacks burn burns rewards launch support partnership integration purchase',
);
const ANNOUNCE_REACH = 3;
// "burns over 10,000 ETH", "burned 400 million tokens": supply destroyed, with its size or a crypto
// word just after ("burns through cash" is spending).
const BURNS = wordSet('burns burned burnt');
const SIZE_WORDS = wordSet('over more nearly almost about another some');
// "taps Chainlink for cross-border payments": a partner engaged for something, "for" within TAP_REACH
// words (a hire tapped "as" chief stays a hire, read by capitalAdoption).
const TAPS = wordSet('taps tapped');
const TAP_REACH = 4;
// "daily transactions top 2 million", "crosses 1 million users": a usage or price mark passed.
const MARK_VERBS = wordSet('cross crosses crossed tops topped top passes passed surpass surpasses surpassed');
// Usage stated as a figure: "decentralized exchanges saw $1 trillion in trading volume", "monthly
// volumes broke $1 trillion", "market cap hits $2 trillion": crypto in use, a verb of reaching with a
// figure within USAGE_FIGURE_REACH words and a usage word within USAGE_REACH words either side.
const REACHING = wordSet(
  'saw sees hit hits near nears neared reach reaches reached broke breaks generates generated pass',
);
const USAGE = wordSet('volume volumes cap capitalization transactions users');
const USAGE_FIGURE_REACH = 2;
const USAGE_REACH = 6;

// Routine work on a network or token is operations, not a product brought to users: "completes token
// migration to Sonic", "launches token swap portal", "rolls out scheduled maintenance" (an upgrade
// completed stays adoption). Looked for within ROUTINE_REACH words after the verb.
const ROUTINE_OBJECTS = wordSet(
  'migration migrations swap swaps maintenance snapshot snapshots rebrand rebranding',
);
const ROUTINE_REACH = 3;
// A bill, law or item of an agenda listed is business put before a parliament or a board, no coin
// listed: "the government lists a crypto bill for debate" (within LISTED_REACH words after the verb).
const LISTING = wordSet('lists list');
const LISTED_BUSINESS = wordSet(
  'bill bills law laws legislation act amendment amendments motion motions proposal proposals ' +
    'resolution resolutions regulation regulations agenda item items hearing hearings',
);
const LISTED_REACH = 4;

/**
 * True when bad news follows the verb at i within ROUTINE_REACH words, over words only: what is
 * launched, completed or expanded is then the bad news ("completes layoffs", "expands layoffs",
 * "launches probe into the hack", "ships with a critical bug"), no product brought to users; and
 * after a law passed, what the law does ("passes a bill to ban crypto mining").
 */
function badObject(s: ScoringState, i: number): boolean {
  const { lower, kind, state, val, src } = s;
  // words and phrases, not directions: one may be a name's word ("unveils Mic Drop NFT collection")
  for (let j = i + 1; j <= i + ROUTINE_REACH && j < lower.length && kind[j] === WORD; j++) {
    // what the verb acts on ends at a subordinating word: "launches amid a fraud probe"
    if (endsSearch(lower[j] as string, kind[j] as number)) return false;
    if (
      state[j] === 1 &&
      (val[j] as number) < 0 &&
      (src[j] === SRC_NEWS || src[j] === SRC_PHRASE || src[j] === SRC_GENERAL)
    )
      return true;
  }
  return false;
}

// Coins named "<name>coin" ("bitcoin", "ApeCoin", "memecoins"): crypto words by their ending.
const COIN = 'coin';
const COINS = 'coins';

/** A word of CRYPTO_WORDS, or a coin's name ending in "coin" (false past the end of the text). */
export function isCryptoWord(w: string | undefined): boolean {
  return w !== undefined && (CRYPTO_WORDS.has(w) || w.endsWith(COIN) || w.endsWith(COINS));
}

/** True when a crypto word (isCryptoWord) or a digital currency is in the text. */
export function isCryptoText(lower: string[]): boolean {
  for (let i = 0; i < lower.length; i++) {
    if (isCryptoWord(lower[i] as string)) return true;
    if (lower[i] === DIGITAL && DIGITAL_MONEY.has(lower[i + 1] as string)) return true;
  }
  return false;
}

/** True when token i is a verb of adoption in its context (see ADOPTION_VERBS and the sets after it). */
function adopts(lower: string[], kind: Uint8Array, i: number): boolean {
  const w = lower[i] as string;
  if (ADOPTION_VERBS.has(w)) return true;
  if (NOW_VERBS.has(w) && lower[i - 1] === NOW) return true;
  if (refused(lower, i)) return false;
  if (BASE_FORMS.has(w)) return BEFORE_BASE.has(lower[i - 1] as string);
  const next = WITH_NEXT.get(w);
  if (next) return next.has(lower[i + 1] as string);
  if (IN_SERVICE.has(w)) return BEFORE_IN_SERVICE.has(lower[i - 1] as string);
  if (ACCEPT.has(w)) return BEFORE_ACCEPT.has(lower[i - 1] as string);
  if (MARK_VERBS.has(w)) return kind[i + 1] === NUMBER;
  if (REACHING.has(w)) return usageFigure(lower, kind, i);
  if (ADDS.has(w)) return objectWithin(lower, kind, i, ADD_REACH, ADDED_THINGS, true);
  if (TRIALS.has(w) || (TRIAL_BASES.has(w) && BEFORE_BASE.has(lower[i - 1] as string))) {
    for (let j = i + 1; j < lower.length && j <= i + TRIAL_REACH; j++)
      if (kind[j] === NUMBER || CHART_LEVELS.has(lower[j] as string)) return false;
    return true;
  }
  if (FORMING.has(w)) {
    for (let j = i + 1; j < lower.length && j <= i + UNIT_REACH; j++) {
      const u = lower[j] as string;
      if (endsSearch(u, kind[j] as number) || POLICING.has(u)) return false;
      if (UNITS.has(u)) return true;
    }
    return false;
  }
  if (ORDERING.has(w) || (w === UP && SETTING.has(lower[i - 1] as string))) {
    for (let j = i + 1; j < lower.length && j <= i + MACHINE_REACH; j++) {
      const u = lower[j] as string;
      // an order given to someone is no purchase: "the court ordered the miner to sell its rigs"
      if (endsSearch(u, kind[j] as number) || (u === 'to' && ORDERS.has(w))) return false;
      if (MACHINES.has(u)) return true;
    }
    return false;
  }
  if (SIGNS.has(w)) return objectWithin(lower, kind, i, DEAL_REACH, DEALS, false);
  if (BRINGS.has(w)) return objectWithin(lower, kind, i, BRING_REACH, ADDED_THINGS, true);
  if (DROPS.has(w)) return objectWithin(lower, kind, i, DROP_REACH, DROPPED_THINGS, false);
  if (ANNOUNCES.has(w)) return objectWithin(lower, kind, i, ANNOUNCE_REACH, ANNOUNCED_THINGS, false);
  if (BURNS.has(w)) {
    const j = SIZE_WORDS.has(lower[i + 1] as string) ? i + 2 : i + 1;
    return j < lower.length && (kind[j] === NUMBER || isCryptoWord(lower[j] as string));
  }
  if (TAPS.has(w))
    for (let j = i + 1; j < lower.length && j <= i + TAP_REACH && kind[j] === WORD; j++) {
      if (lower[j] === 'as') return false;
      if (lower[j] === 'for') return true;
    }
  return false;
}

/** A figure just after the verb at i and a usage word near it, in the same clause (see REACHING). */
function usageFigure(lower: string[], kind: Uint8Array, i: number): boolean {
  let figure = false;
  for (let j = i + 1; j < lower.length && j <= i + USAGE_FIGURE_REACH && !figure; j++)
    figure = kind[j] === NUMBER;
  if (!figure) return false;
  // a comma closes the clause before the verb too: "As volume thinned, the price reached $30,000"
  for (let j = i - 1; j >= 0 && j >= i - USAGE_REACH; j--) {
    if (endsSearch(lower[j] as string, kind[j] as number) || lower[j] === ',') break;
    if (USAGE.has(lower[j] as string)) return true;
  }
  for (let j = i + 1; j < lower.length && j <= i + USAGE_REACH; j++) {
    if (endsSearch(lower[j] as string, kind[j] as number)) return false;
    if (USAGE.has(lower[j] as string)) return true;
  }
  return false;
}

/** Bad news in the clause before the usage verb at i: "scam volume hit $9 billion". */
function badUsage(s: ScoringState, i: number): boolean {
  const { lower, kind, state, val } = s;
  for (let j = i - 1; j >= 0 && j >= i - USAGE_REACH; j--) {
    if (endsSearch(lower[j] as string, kind[j] as number)) return false;
    if (state[j] === 1 && (val[j] as number) < 0) return true;
  }
  return false;
}

/** A word of things (or, with crypto, a crypto word) within reach words after i, over words only. */
function objectWithin(
  lower: string[],
  kind: Uint8Array,
  i: number,
  reach: number,
  things: ReadonlySet<string>,
  crypto: boolean,
): boolean {
  for (let j = i + 1; j <= i + reach && j < lower.length; j++) {
    if (kind[j] !== WORD) return false;
    const w = lower[j] as string;
    if (things.has(w) || (crypto && isCryptoWord(w))) return true;
  }
  return false;
}

// The reverse of adoption: a coin, a crypto product or service, or a partnership taken away from users
// ("App store pulls the Quill wallet", "bank blocks payments to crypto exchanges", "urges Apple to
// remove crypto wallets", "ends partnership with an exchange", "drops support for Monero"), with what is
// taken named within WITHDRAWN_REACH words, over words only ("removes fees on bitcoin trades" is no such
// thing: "fees" and "on" come first). It weighs as adoption does, the other way (a delisting, -2.0 in
// the vocabulary, weighs more).
const WITHDRAWN = -1.6;
const WITHDRAWING = wordSet(
  'remove removes removed removing pull pulls pulled block blocks blocked blocking end ends ended ' +
    'drop drops dropped scrap scraps scrapped shut shuts stop stops stopped disable disables disabled',
);
const WITHDRAWN_THINGS = wordSet(
  'support trading staking payments payouts partnership partnerships integration integrations',
);
const WITHDRAWN_REACH = 2;
const DETERMINERS = wordSet('the a an its their');
// "will no longer ship bitcoin miners", "can no longer send funds to Binance": what is done with a coin
// or a crypto firm no more, named within NO_LONGER_REACH words, is taken away too (not bad news no
// longer done: "no longer bans crypto"; not a state: "is no longer a security" names no coin).
const NO_LONGER = 'longer';
const NO_LONGER_REACH = 4;

/**
 * Adoption verbs in a crypto text weigh ADOPTION: free words, words and phrases scored weaker from
 * the lexicon ("launches" 0.4, "lists" 0.6, "teams up" 0.6), directions that found nothing to move
 * ("opens to developers"), "drops" read as a fall with no metric before an NFT collection, and a
 * usage mark "broke" (penniless in the general lexicon). Not a usage figure of bad news (badUsage).
 */
export function productAdoption(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  if (!s.crypto) return;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WORD || !adopts(lower, kind, i)) continue;
    if (objectWithin(lower, kind, i, ROUTINE_REACH, ROUTINE_OBJECTS, false)) continue;
    if (LISTING.has(lower[i] as string) && objectWithin(lower, kind, i, LISTED_REACH, LISTED_BUSINESS, false))
      continue;
    if (badObject(s, i)) continue;
    if (REACHING.has(lower[i] as string) && badUsage(s, i)) continue;
    const free = state[i] === 0;
    const weak =
      state[i] === 1 &&
      (src[i] === SRC_GENERAL || src[i] === SRC_NEWS || src[i] === SRC_PHRASE) &&
      (val[i] as number) >= 0 &&
      (val[i] as number) < ADOPTION;
    // a direction with no metric and no size: "opens to developers"; and "drops" as a fall
    const direction =
      state[i] === 1 && src[i] === SRC_DIRECTION && (val[i] === 0 || DROPS.has(lower[i] as string));
    // a usage mark broken: "volumes broke $1 trillion" (broke alone is penniless)
    const broke = state[i] === 1 && src[i] === SRC_GENERAL && REACHING.has(lower[i] as string);
    if (!free && !weak && !direction && !broke) continue;
    val[i] = ADOPTION;
    state[i] = 1;
    src[i] = SRC_NEWS;
  }
  withdrawn(s);
}

/**
 * What is taken away from users in a crypto text weighs WITHDRAWN (see WITHDRAWING): only verbs the
 * earlier rules left free or scored weakly, or read as a direction with nothing to move ("drops
 * support"); the good word taken away ("partnership", "support") is spent on it.
 */
function withdrawn(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    if (kind[i] !== WORD || !WITHDRAWING.has(lower[i] as string)) continue;
    // a direction that found no metric keeps its fall ("drops support for Monero"), at least WITHDRAWN
    const v = val[i] as number;
    const open =
      state[i] === 0 ||
      (state[i] === 1 && (src[i] === SRC_GENERAL || src[i] === SRC_NEWS) && Math.abs(v) < -WITHDRAWN) ||
      (state[i] === 1 && src[i] === SRC_DIRECTION && v <= 0);
    // over a determiner: "pulls the Quill wallet"
    const from = DETERMINERS.has(lower[i + 1] as string) ? i + 1 : i;
    if (!open || !objectWithin(lower, kind, from, WITHDRAWN_REACH, WITHDRAWN_THINGS, true)) continue;
    val[i] = Math.min(v, WITHDRAWN);
    state[i] = 1;
    src[i] = SRC_NEWS;
    for (let j = i + 1; j <= from + WITHDRAWN_REACH && j < n; j++)
      if (state[j] === 1 && (val[j] as number) > 0) val[j] = 0;
  }
  noLonger(s);
}

/**
 * "no longer" before a coin, a crypto firm or a service (WITHDRAWN_THINGS) named within
 * NO_LONGER_REACH words (over words only) weighs WITHDRAWN on "longer"; "no" is spent on it (state 2:
 * it negates nothing else) and so is the good word it ends ("no longer accepts bitcoin"). Bad news
 * ended ("no longer bans") is left to negation.
 */
function noLonger(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  const n = lower.length;
  for (let i = 1; i < n - 1; i++) {
    if (lower[i] !== NO_LONGER || lower[i - 1] !== 'no' || state[i] !== 0) continue;
    if (!objectWithin(lower, kind, i, NO_LONGER_REACH, WITHDRAWN_THINGS, true)) continue;
    let bad = false;
    for (let j = i + 1; j <= i + NO_LONGER_REACH && j < n && kind[j] === WORD; j++)
      bad ||= state[j] === 1 && (val[j] as number) < 0;
    if (bad) continue;
    val[i] = WITHDRAWN;
    state[i] = 1;
    src[i] = SRC_NEWS;
    state[i - 1] = 2;
    for (let j = i + 1; j <= i + NO_LONGER_REACH && j < n && kind[j] === WORD; j++)
      if (state[j] === 1 && (val[j] as number) > 0) val[j] = 0;
  }
}

// (adopts, embraces and accepts are productAdoption's ADOPTION_VERBS: what it declined, routine work
// or bad news, is not taken here either)
const ENTERING = wordSet(
  'acquires acquired acquire buys bought adds added invests invested invest offers offer ' +
    'lets allows allowed enters entered accepted backs supports buying endorses endorsed ' +
    'purchases purchased buy',
);
// "is buying more bitcoin" is buying; "stopped buying bitcoin" is its end and "bar funds from buying
// bitcoin" its prevention (no adoption).
const BUYING = 'buying';
const STOPS = wordSet('stop stops stopped halt halts halted pause pauses paused quit quits from');
// A participle before these describes, it reports no act: "BTC bought at an average price of ...",
// "a fund backed by ...", "the startup acquired by Acme".
const DESCRIBED = wordSet('at by');
// A verb with a particle of leaving is a retreat, no entry: "backs out of the deal", "backs away
// from the listing plan", "lets down its users".
const LEAVING = wordSet('out away off down');
const FILING = wordSet('files filed submits submitted applies applied');
const ETF_WORDS = wordSet('etf etfs etp etps');
const APPOINTING = wordSet(
  'joins joined appoints appointed hires hired names named taps tapped elects elected',
);
// A hire of note comes from a name elsewhere ("former SEC official", "ex-Goldman banker", "a Citi
// veteran"); a new finance chief or board chair named is routine.
const NOTABLE = wordSet('former ex veteran');
// A position taken or disclosed: "took a minority stake in a blockchain firm", "disclosed a $340
// million position in spot bitcoin ETFs" (the noun, with its verb a few words before it).
const STAKES = wordSet('stake stakes position positions');
const STAKE_VERBS = wordSet('took takes taking disclosed discloses disclosing revealed reveals built builds');
const STAKE_REACH = 5;
// A reserve of crypto set up or added to: "a state bitcoin reserve".
const RESERVE = 'reserve';
// A law for crypto passed or enacted: "Senate passes stablecoin bill" (the verb, with the law within
// LAW_REACH words after it). "signs"/"signed" are not here: the vocabulary already weighs them (0.5),
// and a rule only takes words no earlier reading took, so "governor signs the bill" stays at 0.5.
const PASSING = wordSet('passes passed enacts enacted');
const LAWS = wordSet('bill bills law laws legislation act framework');
const LAW_REACH = 4;
// Income taken in, stated as an amount: "miners earned $900 million in revenue in May", "the exchange
// reports $2 billion in net revenue" (a crypto business earning is adoption paying off, as crypto
// investors read it; company releases state such figures as plain results). The verb, a money
// amount right after it and a word of income within INCOME_REACH words.
const EARNING = wordSet('earned earns generated generates reports reported posts posted made makes');
const INCOME = wordSet('revenue revenues income fees profit profits sales');
const INCOME_REACH = 6;
const PAY = wordSet('salary salaries paycheck paychecks wages wage payroll');
const RAISED = wordSet('raise raises raised raising closes closed nets netted bags bagged');

/** True when the text names an exchange-traded fund ("ETF", "exchange-traded fund"). */
function namesEtf(lower: string[]): boolean {
  for (let i = 0; i < lower.length; i++)
    if (ETF_WORDS.has(lower[i] as string) || (lower[i] === 'exchange' && lower[i + 1] === 'traded'))
      return true;
  return false;
}

/** Money, institutions and people coming into crypto weigh CAPITAL (see the module comment). */
export function capitalAdoption(s: ScoringState): void {
  const { lower, raw, kind, state, val, src } = s;
  if (!s.crypto) return;
  const n = lower.length;
  // whole-text facts, looked for once and only when a filing or an appointment needs them
  let etf: boolean | undefined;
  let notable: boolean | undefined;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (state[i] === 2) continue;
    // only what the earlier rules left without a reading of its own
    const open =
      src[i] === 0 || src[i] === SRC_GENERAL || (src[i] === SRC_DIRECTION && (val[i] === 0 || RAISED.has(w)));
    if (!open) continue;
    let take =
      ENTERING.has(w) &&
      !refused(lower, i) &&
      !DESCRIBED.has(lower[i + 1] as string) &&
      !LEAVING.has(lower[i + 1] as string) &&
      !(w === BUYING && STOPS.has(lower[i - 1] as string));
    if (!take && FILING.has(w)) take = etf ??= namesEtf(lower);
    if (!take && APPOINTING.has(w)) take = notable ??= hasAnyWord(lower, NOTABLE);
    if (!take && PASSING.has(w))
      for (let k = i + 1; k < n && k <= i + LAW_REACH && !take && kind[k] === WORD; k++)
        // a law whose content is bad news is none: "passes a bill to ban crypto mining"
        take = LAWS.has(lower[k] as string) && !badObject(s, k);
    if (!take && EARNING.has(w) && moneyFollows(lower, raw, kind, i))
      for (let k = i + 2; k < n && k <= i + INCOME_REACH && !take; k++) take = INCOME.has(lower[k] as string);
    if (!take && PAY.has(w)) take = lower[i + 1] === 'in' && isCryptoWord(lower[i + 2] as string);
    if (!take && STAKES.has(w))
      for (let k = i - 1; k >= 0 && k >= i - STAKE_REACH && !take; k--)
        take = STAKE_VERBS.has(lower[k] as string);
    if (!take && w === RESERVE) take = isCryptoWord(lower[i - 1] as string);
    if (!take && RAISED.has(w)) take = moneyFollows(lower, raw, kind, i);
    if (!take) continue;
    val[i] = CAPITAL;
    state[i] = 1;
    src[i] = SRC_NEWS;
  }
}

// A tax on crypto: what follows "tax on" is the taxed base, no news ("a 30% tax on crypto trading
// gains" taxes gains, nothing gained; a list too: "taxes on crypto trading and gains"); a tax imposed,
// proposed or raised is bad news for holders (TAXED), one cut, waived or abolished good news (a tax
// scrapped or dropped is read by legalEnded).
const TAXES = wordSet('tax taxes levy levies duty duties');
const TAXING = wordSet(
  'impose imposes imposed imposing levy levies levied levying propose proposes proposed proposing ' +
    'introduce introduces introduced plan plans planned new hike hikes hiked raise raises raised ' +
    'approve approves approved',
);
const UNTAXING = wordSet(
  'cut cuts cutting slash slashes slashed lower lowers lowered reduce reduces reduced waive waives ' +
    'waived abolish abolishes abolished exempt exempts exempted',
);
const TAXING_REACH = 4;
const AND = 'and';
const TAXED = -1.2;

/** "proposes a 30% tax on crypto gains": the taxed base weighs nothing, the new tax TAXED. */
export function cryptoTaxed(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  if (!s.crypto) return;
  const n = lower.length;
  for (let i = 0; i < n - 1; i++) {
    if (!TAXES.has(lower[i] as string) || lower[i + 1] !== 'on') continue;
    // the base may be a list: "a tax on crypto trading and gains"
    for (let j = i + 2; j < n; j++) {
      if (lower[j] !== AND && endsSearch(lower[j] as string, kind[j] as number)) break;
      if (state[j] === 1 && (val[j] as number) > 0) val[j] = 0;
    }
    if (state[i] === 2 || val[i] !== 0) continue;
    // relief wins over the tax's own words: "scraps the planned levy", "cuts the new tax"
    let taxing = -1;
    let relief = -1;
    for (let k = i - 1; k >= 0 && k >= i - TAXING_REACH && relief < 0; k--) {
      const w = lower[k] as string;
      if (endsSearch(w, kind[k] as number)) break;
      // a taxing verb is the tax's whatever an earlier rule read in it ("introduces" as a launch,
      // "raises" as a rise); another word already read as good news is relief (legalEnded's "scraps")
      if (TAXING.has(w)) taxing = k;
      else if ((val[k] as number) > 0 || UNTAXING.has(w)) relief = k;
    }
    if (relief >= 0 && (val[relief] as number) > 0) continue;
    if (relief < 0 && taxing < 0) continue;
    if (relief >= 0)
      val[relief] = 0; // the cut is the tax's, not a fall of its own
    else if ((val[taxing] as number) > 0) val[taxing] = 0; // the tax's verb, no good news of its own
    val[i] = relief >= 0 ? -TAXED : TAXED;
    state[i] = 1;
    src[i] = SRC_NEWS;
  }
}
