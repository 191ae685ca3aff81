/**
 * Coin linking: which coins a document talks about, from names ("Chainlink", "Shiba Inu"), tickers
 * ("BTC") and cashtags ("$SOL").
 *
 * Many tickers and some names are ordinary words (ONE, LINK, SOL, NEAR, "Stellar", "Polygon"), so:
 * - a cashtag always counts;
 * - an unambiguous name counts in any case ("bitcoin", "Ethereum"); an unambiguous ticker of three or
 *   more characters counts in capitals or in lower case ("BTC", "btc");
 * - an ambiguous ticker counts only in capitals within text that is not all capitals ("SOL drops",
 *   not "sol" or "Sol") and with crypto context within five words (token, price, network, %, ...);
 * - an ambiguous name counts only when capitalised and with crypto context within five words, or when
 *   the coin's ticker or cashtag is also in the document ("Harmony bridge hack" but not "in harmony").
 * A ticker or name is ambiguous when it is an English word (a built-in list plus every word of the
 * sentiment lexicon) or has fewer than three characters.
 */
import { NEWS_LEXICON } from './lexicon/finance';
import { VADER_LEXICON_TSV } from './lexicon/vader-lexicon.generated';

/** One catalog entry (market-data's Coin): `id` is the CoinGecko-style slug. */
export interface CatalogCoin {
  readonly id: string;
  readonly symbol: string;
  readonly name: string;
}

export type MatchKind = 'cashtag' | 'ticker' | 'name';

export interface CoinMention {
  readonly coinId: string;
  /** How many times the coin is mentioned. */
  readonly count: number;
  /** Character offset of the first mention. */
  readonly firstIndex: number;
  /** The kinds of evidence found, e.g. ["name", "ticker"]. */
  readonly matchedBy: MatchKind[];
}

export interface CoinLinker {
  /** The coins the text mentions, in order of first mention. */
  link(text: string): CoinMention[];
}

export interface LinkerOptions {
  /** Extra names per coin id, e.g. { ethereum: ["Ether"] }. Defaults to DEFAULT_ALIASES. */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /** Extra words to treat as ambiguous. */
  readonly ambiguousWords?: Iterable<string>;
}

/** Common alternative names. */
export const DEFAULT_ALIASES: Readonly<Record<string, readonly string[]>> = {
  ethereum: ['Ether'],
  binancecoin: ['Binance Coin'],
  'avalanche-2': ['Avalanche'],
  'matic-network': ['Polygon'],
  'polygon-ecosystem-token': ['Polygon'],
  'the-open-network': ['Toncoin'],
  'shiba-inu': ['Shiba'],
  cosmos: ['Cosmos'],
  'theta-token': ['Theta'],
  ripple: ['Ripple'],
  'crypto-com-chain': ['Cronos'],
};

/** A space-separated word list (kept as one string so that the formatter keeps it compact). */
function wordList(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

// English words that are also tickers or coin names (beyond the sentiment lexicon, which covers the
// words with feeling: "moon", "safe", "win", "stellar", ...).
const COMMON_WORDS = wordList(
  'one link sol near flow dash gas ant ape key art mask cake rune bat ocean band ray rose sand ' +
    'gala hot ice time life pay ark amp audio dent elf farm for forth front hive id joe keep lit ' +
    'loom math mana nest om pond power pro prom quick rad rare spell sun super sushi tribe uni ' +
    'vet zen polygon harmony maker compound graph render cosmos avalanche waves status origin ' +
    'sandbox immutable optimism quant curve stacks mantle osmosis blur helium jupiter beam flare ' +
    'core oasis wormhole the all any are can get go has new now out say see she via was way who ' +
    'why yes big box bit top fun gold just like more most open real step trust wing wave well ' +
    'edge energy light fire storm matter metal pixel tree space swarm ton dot eos ren req ctk ' +
    'aero bonk pepe floki degen brett mog turbo moon safe win ai ar op ox us it is an at be by ' +
    'do if in me my no of on or so to up we ceo sec etf usa eu uk fed cpi gdp ipo api nft dex ' +
    'stellar celo axs etc apt algo atom theta ada leo cat dog frog bear bull cash coin token ' +
    'chain bitcoin ethereum',
);

const CONTEXT = new Set(
  wordList(
    'token tokens coin coins price prices crypto cryptocurrency network chain blockchain ' +
      'protocol mainnet testnet bridge staking holders whales validators defi dex exchange listing ' +
      'listed airdrop ecosystem foundation dao wallet wallets tvl rally rallies rallied surge ' +
      'surges surged jumps jumped drops dropped slides slid falls fell rises rose gains sinks ' +
      'plunges soars tumbles usd usdt usdc btc eth layer labs developers upgrade fork ticker ' +
      'traders bullish bearish pump dump perpetuals futures etf memecoin altcoin altcoins hack ' +
      'exploit rollup nft nfts trading market cap supply burn unlock hard chains % fees ' +
      'transaction transactions founder zkevm subnet adoption partnership developer outage node ' +
      'nodes sharding parachain smart contracts dapp dapps web3 stablecoin outperforms',
  ),
);

interface NameEntry {
  coinId: string;
  tokens: string[];
  ambiguous: boolean;
}

interface Token {
  raw: string;
  lower: string;
  index: number;
}

const WORD_RE = /[\p{L}\p{N}]+|%/gu;
const CASHTAG_RE = /(?<![A-Za-z0-9$])\$([A-Za-z][A-Za-z0-9]{0,11})\b/g;
const CONTEXT_WINDOW = 5;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;

let lexiconWords: Set<string> | undefined;
function englishWords(): Set<string> {
  if (!lexiconWords) {
    lexiconWords = new Set(COMMON_WORDS);
    for (const line of VADER_LEXICON_TSV.split('\n')) lexiconWords.add(line.slice(0, line.indexOf('\t')));
    for (const w of Object.keys(NEWS_LEXICON)) lexiconWords.add(w);
    for (const w of ['bitcoin', 'ethereum']) lexiconWords.delete(w);
  }
  return lexiconWords;
}

function words(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD_RE)) out.push({ raw: m[0], lower: m[0].toLowerCase(), index: m.index });
  return out;
}

function isCapitals(s: string): boolean {
  return s === s.toUpperCase() && s !== s.toLowerCase();
}

/**
 * Builds a linker for a catalog. Order matters: when coins share a ticker or a name, the first one in
 * the catalog wins, so pass the catalog sorted by market-cap rank.
 */
export function buildCoinLinker(catalog: readonly CatalogCoin[], options: LinkerOptions = {}): CoinLinker {
  const english = new Set(englishWords());
  for (const w of options.ambiguousWords ?? []) english.add(w.toLowerCase());
  const aliases = options.aliases ?? DEFAULT_ALIASES;
  const known = new Set(catalog.map((c) => c.id));

  const bySymbol = new Map<string, { coinId: string; ambiguous: boolean }>();
  const byFirstWord = new Map<string, NameEntry[]>();
  const addName = (coinId: string, name: string) => {
    const tokens = words(name).map((t) => t.lower);
    const first = tokens[0];
    if (!first) return;
    const list = byFirstWord.get(first) ?? [];
    if (list.some((e) => e.tokens.join(' ') === tokens.join(' '))) return; // first coin wins
    const ambiguous = tokens.length === 1 && (english.has(first) || first.length < 3);
    list.push({ coinId, tokens, ambiguous });
    list.sort((a, b) => b.tokens.length - a.tokens.length);
    byFirstWord.set(first, list);
  };
  for (const c of catalog) {
    const sym = c.symbol.toLowerCase();
    if (sym && !bySymbol.has(sym))
      bySymbol.set(sym, { coinId: c.id, ambiguous: english.has(sym) || sym.length < 3 });
    addName(c.id, c.name);
  }
  for (const [id, names] of Object.entries(aliases)) if (known.has(id)) for (const n of names) addName(id, n);

  return {
    link(input: string): CoinMention[] {
      // URLs are blanked (same length, so offsets hold): a slug such as "/solana-price" is no mention.
      const text =
        input.includes('://') || input.includes('www.')
          ? input.replace(URL_RE, (u) => ' '.repeat(u.length))
          : input;
      const toks = words(text);
      const allCaps = isCapitals(text);
      const hits = new Map<string, { count: number; firstIndex: number; kinds: Set<MatchKind> }>();
      const pending: { coinId: string; at: number; index: number }[] = []; // ambiguous names, decided last
      const hit = (coinId: string, index: number, kind: MatchKind) => {
        const h = hits.get(coinId);
        if (h) {
          h.count++;
          h.firstIndex = Math.min(h.firstIndex, index);
          h.kinds.add(kind);
        } else hits.set(coinId, { count: 1, firstIndex: index, kinds: new Set([kind]) });
      };
      const hasContext = (at: number, span: number) => {
        for (
          let j = Math.max(0, at - CONTEXT_WINDOW);
          j < Math.min(toks.length, at + span + CONTEXT_WINDOW);
          j++
        ) {
          if (j >= at && j < at + span) continue;
          if (CONTEXT.has((toks[j] as Token).lower)) return true;
        }
        return false;
      };

      for (const m of text.matchAll(CASHTAG_RE)) {
        const s = bySymbol.get((m[1] as string).toLowerCase());
        if (s) hit(s.coinId, m.index, 'cashtag');
      }
      const cashtagAt = new Set([...text.matchAll(CASHTAG_RE)].map((m) => m.index + 1));

      for (let i = 0; i < toks.length; i++) {
        const t = toks[i] as Token;
        if (cashtagAt.has(t.index)) continue;
        let matchedName = 0;
        for (const e of byFirstWord.get(t.lower) ?? []) {
          if (e.tokens.every((w, k) => toks[i + k]?.lower === w)) {
            if (!e.ambiguous) hit(e.coinId, t.index, 'name');
            else if (/^\p{Lu}/u.test(t.raw) && !allCaps)
              pending.push({ coinId: e.coinId, at: i, index: t.index });
            matchedName = e.tokens.length;
            break;
          }
        }
        if (matchedName > 1) {
          i += matchedName - 1;
          continue;
        }
        const s = bySymbol.get(t.lower);
        if (!s) continue;
        if (!s.ambiguous) {
          if (t.raw === t.raw.toUpperCase() || t.raw === t.lower) hit(s.coinId, t.index, 'ticker');
        } else if (!allCaps && isCapitals(t.raw) && hasContext(i, 1)) {
          hit(s.coinId, t.index, 'ticker');
        }
      }
      for (const p of pending) {
        if (hits.has(p.coinId) || hasContext(p.at, 1)) hit(p.coinId, p.index, 'name');
      }
      return [...hits]
        .map(([coinId, h]) => ({ coinId, count: h.count, firstIndex: h.firstIndex, matchedBy: [...h.kinds] }))
        .sort((a, b) => a.firstIndex - b.firstIndex);
    },
  };
}
