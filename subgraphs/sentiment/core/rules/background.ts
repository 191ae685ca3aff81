/**
 * General news as background: a text about politics, war, the weather, entertainment, holidays or
 * society (a general-news topic word: "senate", "troops", "hurricane", "movie", "prize", "students")
 * with no finance anchor at all (no company word, ticker or cashtag, no money or percentage figure,
 * no market, asset, price, business or economy word) is not market news. Its coloured words ("killed",
 * "love", "furious", "thrilling", "sues", "strike") colour the story, not a market or a company, and
 * readers of market news label such texts neutral: the single words, everyday (VADER) and news
 * vocabulary alike, weigh BACKGROUND_WEIGHT there. A text with an anchor ("Acme Corp", "$40M",
 * "profit", "bitcoin", "economy", or any crypto word of ./adoption: "Polygon", "web3") keeps every
 * word's weight, and so does one without a topic word:
 * company releases use everyday words for real news ("the new line will improve quality"). Violent
 * crime and prison are topics; fraud, arrests, police, courts, trials and health are not: a fraud, a
 * police raid, a ruling or a drug trial is often a company's news. A former holder of public office
 * ("former president", "ex-finance minister") makes a text background whatever its anchors: their
 * trial or their words are politics, except in crypto news (./adoption.ts), where officials' words and
 * moves, serving or former, are the market's news.
 */
import { NUMBER, WORD } from '../tokenize';
import { UNITS } from './figures';
import { hasAnyWord, wordSet } from './lexicon';
import { SRC_GENERAL, SRC_NEWS } from './sources';
import type { ScoringState } from './state';

// What single words weigh in general news with no finance anchor.
const BACKGROUND_WEIGHT = 0.25;

// Words that tie a text to a market, an asset, a company or its accounts.
const ANCHORS = wordSet(
  // markets and instruments
  'market markets stock stocks share shares equity equities bond bonds treasuries yields yield futures ' +
    'index indices indexes dow nasdaq nyse ftse dax nikkei investor investors investing investment ' +
    'investments traders trading trader fund funds etf etfs ipo ipos valuation price prices priced ' +
    'pricing rally selloff portfolio asset assets commodities commodity oil crude gold silver ' +
    'copper brent wti gas currency currencies dollar euro yen yuan sterling forex ' +
    // crypto venues and mining (the crypto words themselves, ./adoption's isCryptoText, end the
    // search before the anchors are looked for)
    'exchange exchanges miners mining ' +
    // companies and business
    'company companies firm firms inc corp corporation co ltd plc llc ag sa nv asa ab oyj oy group ' +
    'holdings bank banks banking lender lenders insurer insurers brand retailer retailers maker makers ' +
    'producer producers operator airline airlines carrier carriers startup startups business businesses ' +
    'ceo cfo chairman executive executives board shareholders shareholder analyst analysts broker ' +
    'brokers deal deals merger mergers acquisition acquisitions acquire acquires acquired takeover buyout ' +
    'contract contracts order orders customer customers client clients supplier suppliers product ' +
    'products launch launches plant factory store stores project projects permit permits licence license ' +
    // accounts and metrics
    'profit profits earnings income ebit ebitda eps margin margins sales revenue revenues turnover ' +
    'dividend dividends buyback guidance forecast outlook quarter quarterly q1 q2 q3 q4 results ' +
    'costs cost debt loss losses cash capital growth demand supply output production deliveries ' +
    'shipments jobs layoffs workforce staff employees wages ' +
    // the economy and its institutions
    'economy economic economies gdp inflation deflation recession fed ecb boj rates rate tariff tariffs ' +
    'tax taxes unemployment payrolls housing mortgage mortgages loans credit spending consumer consumers',
);

// Words of general news: politics, war and unrest, violent crime and prison, weather and disasters,
// entertainment and sport, holidays and prizes, schools, families and society.
const TOPICS = wordSet(
  'lawmakers congress senate senator minister government governor mayor parliament election elections ' +
    'vote voters democrats republicans impeachment democratic democracy poll polls candidate candidates ' +
    'presidential politicians politics political caucus ' +
    'protest protests protesters war military troops army soldiers terror terrorist refugees migrants ' +
    'murder murdered murdering murders homicide rape terrorism terrorists prison jail prisoners inmates ' +
    'storm hurricane flood floods wildfire wildfires earthquake weather temperature snow rain ' +
    'film movie movies music actor actress celebrity league championship podcast olympic olympics grammy ' +
    'singer artist artwork ' +
    'museum festival holiday holidays christmas valentine wedding prize love ' +
    'women men children kids students school schools teachers village residents citizens americans ' +
    'millennials marriage wife husband friend friends mother father daughter son girlfriend divorce',
);

/** True when some token ties the text to a market, an asset, a company or its accounts. */
function hasFinanceAnchor(s: ScoringState): boolean {
  const { lower, raw, kind } = s;
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    const w = lower[i] as string;
    const k = kind[i];
    if (k === WORD) {
      if (ANCHORS.has(w)) return true;
      // a cashtag ("$ACME")
      if ((raw[i] as string).charCodeAt(0) === 36) return true;
    } else if (k === NUMBER) {
      // a money or percentage figure ("$40M", "5%", "5 %", "12 million", "3 percent")
      const r = raw[i] as string;
      if (r.charCodeAt(0) === 36 || r.endsWith('%') || lower[i + 1] === '%') return true;
      if (UNITS.has(lower[i + 1] as string) || lower[i + 1] === 'percent') return true;
    }
  }
  return false;
}

// A former holder of public office: "former president", "ex-finance minister", "former campaign
// aide". What happens to them (a trial, a sentence, a new post) or what they say is politics, not a
// market's news: the text is background whatever its anchors ("Bank", "finance"). Former executives
// and staff stay out: a former finance chief jailed is still the company's news.
const FORMER = wordSet('former ex');
const PUBLIC_OFFICES = wordSet(
  'president minister secretary deputy governor official officials adviser advisor advisers advisors ' +
    'aide aides senator congressman congresswoman lawmaker ambassador mayor chancellor premier',
);
// How far after "former" the office may be named: "former Trump campaign deputy chairman".
const PERSON_REACH = 4;

/** True when the text speaks of a former holder of public office (see FORMER). */
function formerOfficial(lower: string[]): boolean {
  const n = lower.length;
  for (let i = 0; i < n; i++) {
    if (!FORMER.has(lower[i] as string)) continue;
    for (let j = i + 1; j < n && j <= i + PERSON_REACH; j++)
      if (PUBLIC_OFFICES.has(lower[j] as string)) return true;
  }
  return false;
}

/** Single words weigh BACKGROUND_WEIGHT in general news with no finance anchor. */
export function generalBackground(s: ScoringState): void {
  // Crypto news is never background: a crypto word anchors it, and there officials, serving or
  // former, move the market ("former SEC official joins Ripple" is a hire).
  if (s.crypto) return;
  const { lower, val, src } = s;
  const n = val.length;
  let words = false;
  for (let i = 0; i < n && !words; i++)
    words = (src[i] === SRC_GENERAL || src[i] === SRC_NEWS) && val[i] !== 0;
  if (!words) return;
  if (!formerOfficial(lower) && (!hasAnyWord(lower, TOPICS) || hasFinanceAnchor(s))) return;
  for (let i = 0; i < n; i++)
    if (src[i] === SRC_GENERAL || src[i] === SRC_NEWS) val[i] = (val[i] as number) * BACKGROUND_WEIGHT;
}
