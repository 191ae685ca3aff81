/**
 * Crypto adoption: in a text about crypto (a coin, chain, token, wallet, NFT or other crypto word,
 * CRYPTO_WORDS), what a company does to bring a coin or a product to users is good news for it, as a
 * crypto investor reads it: launching a wallet or an NFT collection ("Acme debuts NFT loyalty
 * program on Polygon"), completing or activating a network upgrade, listing a token, adding support
 * for a coin, integrating, partnering ("teams up with", "joins forces"), accepting a coin as payment,
 * deploying on a chain, expanding to a country, a network going live, a device shipping; and a usage
 * figure crossing a mark ("daily transactions top 2 million", "crosses 1 million users"). Outside
 * crypto these are plain announcements (company releases read "launches" as routine): the words keep
 * their lexicon valence there. A verb that a direction or a figure took ("Bitcoin adds 3%") is left
 * alone, and negation, open questions and what is only discussed apply afterwards as to any word
 * ("has not launched", "Can Acme win at payments?").
 */
import { NUMBER, WORD } from '../tokenize';
import { wordSet } from './lexicon';
import { SRC_DIRECTION, SRC_GENERAL, SRC_NEWS, SRC_PHRASE } from './sources';
import type { ScoringState } from './state';

// What an adoption verb weighs in a crypto text (an order won weighs 1.4-1.8).
const ADOPTION = 1.6;

// Words that make a text crypto news: the asset class, its instruments and venues (crypto exchanges
// by name among them), major chains and coins (lowercase; ambiguous short tickers such as "sol",
// "ton", "op" and "ada" are left out).
const CRYPTO_WORDS = wordSet(
  'bitcoin btc crypto cryptocurrency cryptocurrencies ether ethereum eth token tokens coin coins ' +
    'altcoin altcoins memecoin memecoins blockchain blockchains defi nft nfts stablecoin stablecoins ' +
    'wallet wallets web3 metaverse mainnet testnet staking dex dao onchain rollup rollups ordinals ' +
    'solana cardano polygon arbitrum avalanche polkadot dogecoin litecoin xrp tron usdc usdt tether ' +
    'zkevm zksync starknet chainlink uniswap aave binance coinbase kraken okx bybit kucoin upbit ' +
    'bithumb coinone bitstamp bitfinex bitget huobi',
);

// Verbs of adoption, in the forms headlines use (present and past; no base forms, which are also
// nouns: "delays crypto launch" is no launch). Forms that mostly describe are left out: "US-listed
// funds", "will be integrated into the buyer", "the wallet supports 5,000 tokens", "a bill introduced".
const ADOPTION_VERBS = wordSet(
  'launches launched debuts debuted unveils unveiled introduces lists integrates deploys deployed ' +
    'rolls rolled accepts enables enabled adopts adopted embraces embraced partners partnered ' +
    'collaborates relaunches relaunched arrives arrived expands expanded ships shipping completes ' +
    'completed activates activated',
);
// Verbs of adoption only with the word that follows: "teams up/with", "joins forces", "opens to
// developers/in Spain", "rolling out".
const WITH_NEXT: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['teams', wordSet('up with')],
  ['teamed', wordSet('up with')],
  ['joins', wordSet('forces')],
  ['opens', wordSet('to in up')],
  ['rolling', wordSet('out')],
]);
// "starts accepting bitcoin", "can now accept USDC": payments in a coin taken from now on (the bare
// forms: "refuses to accept" is no adoption).
const ACCEPT = wordSet('accept accepting');
const BEFORE_ACCEPT = wordSet('now starts started begins began');
// "adds support for", "adds Bitcoin Ordinals trading": a coin or a service added, with what is added
// within ADD_REACH words and no figure before it ("adds 3%" is a move, "adds 500 BTC" a purchase).
const ADDS = wordSet('adds added');
const ADDED_THINGS = wordSet('support trading staking payments payouts');
const ADD_REACH = 3;
// "brings crypto payouts to 70 countries", "brings native USDC to Polkadot": a coin or a crypto
// service brought, named within BRING_REACH words ("brings losses to $50 million" is no adoption).
const BRINGS = wordSet('brings brought');
const BRING_REACH = 2;
// "goes live", "is live", "now live", "becomes available": a network or product in service.
const IN_SERVICE = wordSet('live available');
const BEFORE_IN_SERVICE = wordSet('goes went go is are now becomes');
// "drops NFT collection": a release, not a fall, with its object within DROP_REACH words.
const DROPS = wordSet('drops dropped');
const DROPPED_THINGS = wordSet('nft nfts collection collectibles');
const DROP_REACH = 3;
// "daily transactions top 2 million", "crosses 1 million users": a usage or price mark passed.
const MARK_VERBS = wordSet('cross crosses crossed tops topped top passes passed surpass surpasses surpassed');

// Coins named "<name>coin" ("ApeCoin", "memecoins"), beyond the ones CRYPTO_WORDS lists.
const COIN = 'coin';
const COINS = 'coins';

/** A word of CRYPTO_WORDS, or a coin's name ending in "coin". */
function isCryptoWord(w: string): boolean {
  return CRYPTO_WORDS.has(w) || w.endsWith(COIN) || w.endsWith(COINS);
}

/** True when a crypto word (isCryptoWord) is in the text. */
export function isCryptoText(lower: string[]): boolean {
  for (let i = 0; i < lower.length; i++) if (isCryptoWord(lower[i] as string)) return true;
  return false;
}

/** True when token i is a verb of adoption in its context (see ADOPTION_VERBS and the sets after it). */
function adopts(lower: string[], kind: Uint8Array, i: number): boolean {
  const w = lower[i] as string;
  if (ADOPTION_VERBS.has(w)) return true;
  const next = WITH_NEXT.get(w);
  if (next) return next.has(lower[i + 1] as string);
  if (IN_SERVICE.has(w)) return BEFORE_IN_SERVICE.has(lower[i - 1] as string);
  if (ACCEPT.has(w)) return BEFORE_ACCEPT.has(lower[i - 1] as string);
  if (MARK_VERBS.has(w)) return kind[i + 1] === NUMBER;
  if (ADDS.has(w)) return objectWithin(lower, kind, i, ADD_REACH, ADDED_THINGS, true);
  if (BRINGS.has(w)) return objectWithin(lower, kind, i, BRING_REACH, ADDED_THINGS, true);
  if (DROPS.has(w)) return objectWithin(lower, kind, i, DROP_REACH, DROPPED_THINGS, false);
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

/**
 * Adoption verbs in a crypto text weigh ADOPTION: free words, words and phrases scored weaker from
 * the lexicon ("launches" 0.4, "lists" 0.6, "teams up" 0.6), directions that found nothing to move
 * ("opens to developers"), and "drops" read as a fall with no metric before an NFT collection.
 */
export function cryptoAdoption(s: ScoringState): void {
  const { lower, kind, state, val, src } = s;
  if (!isCryptoText(lower)) return;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (kind[i] !== WORD || !adopts(lower, kind, i)) continue;
    const free = state[i] === 0;
    const weak =
      state[i] === 1 &&
      (src[i] === SRC_GENERAL || src[i] === SRC_NEWS || src[i] === SRC_PHRASE) &&
      (val[i] as number) >= 0 &&
      (val[i] as number) < ADOPTION;
    // a direction with no metric and no size: "opens to developers"; and "drops" as a fall
    const direction =
      state[i] === 1 && src[i] === SRC_DIRECTION && (val[i] === 0 || DROPS.has(lower[i] as string));
    if (!free && !weak && !direction) continue;
    val[i] = ADOPTION;
    state[i] = 1;
    src[i] = SRC_NEWS;
  }
}
