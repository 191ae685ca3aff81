/**
 * Crypto adoption: in crypto news, money, institutions and people coming in are good news for the
 * asset, the firm or the sector concerned, as a crypto investor reads it, even when the verb is plain
 * ("BlackRock files for a spot ether ETF", "Acme Bank adds bitcoin trading for clients", "the city
 * now holds bitcoin", "ex-Treasury official joins a crypto exchange's board", "closes $40M round").
 * A company release says the same things as routine announcements (readers of PhraseBank label them
 * neutral), so the reading holds only in a text about crypto: one naming a crypto asset or its
 * technology (CRYPTO_WORDS). It takes only words the earlier rules left without a valence of their
 * own (free, or a direction that had nothing to bind, or one of VADER's everyday words), so that
 * events already read ("rejects", "sells", "bankruptcy") keep their reading; negation (step 5)
 * then turns "will not offer bitcoin funds" against it.
 * - entering, buying, holding and offering: acquires, buys, adds, holds, invests, offers, lets,
 *   allows, enters, adopts, embraces, accepts, backs, supports (ENTERING; never the passive "backed
 *   by", which describes a token);
 * - filing for an exchange-traded fund, in a text naming one (FILING, ETF_WORDS);
 * - a hire of note: an appointment verb in a text naming a former or senior post, a board or an
 *   adviser ("ex-Goldman banker named CEO", "adds former regulator to board"; a new head of
 *   communications is no news) (APPOINTING, NOTABLE);
 * - a stake or position taken or disclosed ("took a minority stake in a blockchain firm", STAKES)
 *   and a crypto reserve ("a state bitcoin reserve", RESERVE); holdings stated ("the treasury holds
 *   $340M in stablecoins") are a description, no act;
 * - pay in crypto: "takes his salary in bitcoin" (PAY, "in" and a crypto word);
 * - money raised or closed: "raises $60M", "closes $400 million fund", "nets $30 million" (raise's
 *   weak alone valence becomes FUNDING's weight: in crypto news a round is adoption).
 */
import { moneyFollows } from './directions';
import { wordSet } from './lexicon';
import { SRC_DIRECTION, SRC_GENERAL, SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// What an act of adoption weighs: like a partnership (1.0) in the vocabulary.
const ADOPTION = 1.0;

/** Words that make a text crypto news: the assets, their technology and tickers, and crypto firms. */
export const CRYPTO_WORDS = wordSet(
  'bitcoin bitcoins btc crypto cryptocurrency cryptocurrencies ether ethereum eth token tokens ' +
    'blockchain blockchains defi nft nfts stablecoin stablecoins web3 altcoin altcoins solana sol ' +
    'xrp litecoin ltc dogecoin doge usdc usdt cardano ada polkadot tokenized tokenization satoshi ' +
    // firms whose name says crypto
    'coinbase binance kraken ripple tether okx bybit bitfinex bitstamp bitmex kucoin huobi opensea ' +
    'uniswap metamask consensys chainalysis microstrategy grayscale ftx',
);

const ENTERING = wordSet(
  'acquires acquired acquire buys bought adds added invests invested invest offers offer ' +
    'lets allows allowed enters entered adopts adopted embraces embraced accept accepts accepted ' +
    'backs supports',
);
// A participle before these describes, it reports no act: "BTC bought at an average price of ...",
// "a fund backed by ...", "the startup acquired by Acme".
const DESCRIBED = wordSet('at by');
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
const PAY = wordSet('salary salaries paycheck paychecks wages wage payroll');
const RAISED = wordSet('raise raises raised raising closes closed nets netted bags bagged');

/** True when a word of CRYPTO_WORDS is in the text. */
export function isCryptoText(lower: string[]): boolean {
  for (let i = 0; i < lower.length; i++) if (CRYPTO_WORDS.has(lower[i] as string)) return true;
  return false;
}

/** True when some word of the set is in the text. */
function hasAny(lower: string[], set: ReadonlySet<string>): boolean {
  for (let i = 0; i < lower.length; i++) if (set.has(lower[i] as string)) return true;
  return false;
}

/** True when the text names an exchange-traded fund ("ETF", "exchange-traded fund"). */
function namesEtf(lower: string[]): boolean {
  for (let i = 0; i < lower.length; i++)
    if (ETF_WORDS.has(lower[i] as string) || (lower[i] === 'exchange' && lower[i + 1] === 'traded')) return true;
  return false;
}

/** Scores acts of adoption in crypto news (see the module comment). */
export function cryptoAdoption(s: ScoringState): void {
  const { lower, raw, kind, state, val, src } = s;
  if (!isCryptoText(lower)) return;
  const n = lower.length;
  let etf = -1;
  let notable = -1;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    if (state[i] === 2) continue;
    // only what the earlier rules left without a reading of its own
    const open =
      src[i] === 0 || src[i] === SRC_GENERAL || (src[i] === SRC_DIRECTION && (val[i] === 0 || RAISED.has(w)));
    if (!open) continue;
    let take = ENTERING.has(w) && !DESCRIBED.has(lower[i + 1] as string);
    if (!take && FILING.has(w)) take = etf === 1 || (etf === -1 && (etf = namesEtf(lower) ? 1 : 0) === 1);
    if (!take && APPOINTING.has(w))
      take = notable === 1 || (notable === -1 && (notable = hasAny(lower, NOTABLE) ? 1 : 0) === 1);
    if (!take && PAY.has(w)) take = lower[i + 1] === 'in' && CRYPTO_WORDS.has(lower[i + 2] as string);
    if (!take && STAKES.has(w))
      for (let k = i - 1; k >= 0 && k >= i - STAKE_REACH && !take; k--) take = STAKE_VERBS.has(lower[k] as string);
    if (!take && w === RESERVE) take = CRYPTO_WORDS.has(lower[i - 1] as string);
    if (!take && RAISED.has(w)) take = moneyFollows(lower, raw, kind, i);
    if (!take) continue;
    val[i] = ADOPTION;
    state[i] = 1;
    src[i] = SRC_NEWS;
  }
}
