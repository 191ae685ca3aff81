/**
 * Prizes are no business news: "wins Software of the Year award", "receives engineering award",
 * "announces winners of the industry awards", "wins first place at the hackathon" say nothing about
 * sales or profit. The prize and the win of it weigh nothing; a contract award ("contract award",
 * "awarded a $3 mn contract") is business won and stays.
 */
import { isBoundary } from './clauses';
import { wordSet } from './lexicon';
import type { ScoringState } from './state';

// (and competitions held for a community: "Win up to 1,000 USDT in the trading contest", "announces
// the winners of its hackathon")
const PRIZES = wordSet(
  'award awards prize prizes medal medals trophy accolade accolades hackathon hackathons contest contests',
);
// Who wins or gets a prize ("wins", "receives", "named winner of", "was awarded a gold medal").
const WINNING = wordSet(
  'win wins won winning winner winners receive receives received receiving gets got scoops scooped awarded ' +
    'honoured honored',
);
// A prize named after business won is the business: "contract award", "order award"; a proxy contest
// is a fight for control of a company.
const BUSINESS = wordSet('contract contracts order orders tender proxy');
const PRIZE_REACH = 8;

/** True when the prize word at i is named after business ("contract award", "proxy contests"). */
export function isBusinessPrize(lower: string[], i: number): boolean {
  return BUSINESS.has(lower[i - 1] as string);
}

/** Takes the weight off prizes and their wins (see the module comment). */
export function prizesAreNoNews(s: ScoringState): void {
  const { lower, kind, state, val } = s;
  for (let i = 0; i < lower.length; i++) {
    if (!PRIZES.has(lower[i] as string) || isBusinessPrize(lower, i)) continue;
    if (state[i] === 1) val[i] = 0;
    for (let j = i - 1; j >= 0 && j >= i - PRIZE_REACH; j--) {
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      if (WINNING.has(lower[j] as string) && state[j] === 1 && (val[j] as number) > 0) val[j] = 0;
    }
  }
}
