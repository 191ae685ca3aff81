/**
 * Rules added for the structure of financial news, each with example sentences written for this test
 * (none taken from any evaluation set).
 */
import { LABEL_THRESHOLDS } from './labels';
import { compound, scoreText } from './scorer';

const N = LABEL_THRESHOLDS.neutral;
const s = (text: string) => compound(text);

describe('scorer rules: bad news undone', () => {
  it('counts ending a losing run as good news', () => {
    expect(s('The index closed flat on Tuesday after a run of losses')).toBeLessThan(0);
    expect(s('The token gained on Tuesday, ending a three-day streak of losses')).toBeGreaterThan(N);
    expect(s('Solana snaps losing streak as traders return')).toBeGreaterThanOrEqual(N);
  });

  it('counts winning the dismissal of a lawsuit as good news', () => {
    expect(s('Exchange faces class action from its users')).toBeLessThan(-N);
    expect(s('Exchange wins dismissal of class action brought by users')).toBeGreaterThan(N);
  });
});

describe('scorer rules: corporate procedure and business won', () => {
  it('leaves routine approvals by shareholders or the board neutral', () => {
    expect(scoreText('The general meeting approved a dividend of 0.40 dollars per share').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The merger, approved by shareholders last month, closes in June').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The miner has applied for approval to list its shares in Toronto').sentiment).toBe(
      'neutral',
    );
  });

  it('keeps a regulator approval or an approval won as good news', () => {
    expect(s('Regulator approves the first spot ether funds')).toBeGreaterThan(N);
    expect(s('Drug maker wins approval from the board of its rival for the takeover')).toBeGreaterThan(N);
  });

  it('counts orders and contracts received as business won', () => {
    expect(s('The shipyard received an order for four ferries from a Norwegian operator')).toBeGreaterThan(N);
    expect(s('The engineering group booked new orders worth 30 million euros')).toBeGreaterThan(N);
    expect(scoreText('The shipyard builds ferries for Nordic operators').sentiment).toBe('neutral');
  });
});

describe('scorer rules: finance vocabulary', () => {
  it('reads "falls due" as a maturity date, not a fall', () => {
    expect(scoreText('The bond falls due in March 2031').sentiment).toBe('neutral');
    expect(s('The bond price falls 4% in March')).toBeLessThan(-N);
  });

  it('counts performing well and synergies as good news, weighing on as bad', () => {
    expect(s('Our stores performed well in every region this spring')).toBeGreaterThan(N);
    expect(s('The merger is expected to create synergies of 40 million dollars')).toBeGreaterThan(N);
    expect(s('Higher freight costs weighed on the retailer in the quarter')).toBeLessThan(-N);
  });

  it('binds a direction to its metric across a possessive written apart', () => {
    expect(s("The refinancing will sharply reduce the group 's indebtedness")).toBeGreaterThan(N);
    expect(s("Net sales rose while the group 's indebtedness increased")).toBeLessThan(N);
  });
});

describe('scorer rules: negation reaching forward', () => {
  it('cancels bad news whose harm is denied', () => {
    expect(s('The exchange outage affected customer withdrawals')).toBeLessThan(-N);
    expect(scoreText('The exchange outage did not affect customer funds').sentiment).toBe('neutral');
    expect(scoreText("The plant closure won't impact deliveries, the company said").sentiment).toBe(
      'neutral',
    );
  });
});

describe('scorer rules: reporting verbs and particles', () => {
  it('reads "added" at the end of a clause as speech, not a gain', () => {
    expect(scoreText('Boat sales were uneven in spring, the builder added.').sentiment).toBe('neutral');
    expect(s('The carrier added 40,000 subscribers in the quarter')).toBeGreaterThan(N);
  });

  it('reads "up for" as availability, not a rise', () => {
    expect(scoreText('The chairman will not be up for re-election next spring').sentiment).toBe('neutral');
    expect(scoreText('The headquarters building is up for sale').sentiment).toBe('neutral');
  });
});

describe('scorer rules: counts and amounts between a direction and its object', () => {
  it('binds over counts written out and over "less than"', () => {
    expect(s('The retailer closed nine loss-free outlet stores in Latvia')).toBeLessThan(-N);
    expect(s('The mill will cut fewer jobs than feared, less than 30 jobs in all')).toBeLessThan(-N);
    expect(s('The mill will cut less than 30 jobs')).toBeLessThan(-N);
  });

  it('stops production as bad news', () => {
    expect(s('The group will stop production at its oldest paper machine in May')).toBeLessThan(-N);
    expect(scoreText('Please stop by our stand at the fair').sentiment).toBe('neutral');
  });
});

describe('scorer rules: input prices are costs', () => {
  it('reads rising raw-material and energy prices as bad news, falling ones as good', () => {
    expect(s('Raw material prices rose steeply in the first half')).toBeLessThan(-N);
    expect(s('Energy prices eased during the autumn')).toBeGreaterThan(0);
    expect(s('Selling prices rose steeply in the first half')).toBeGreaterThan(N);
  });
});

describe('scorer rules: words that are not the news', () => {
  it('reads "picked up shares" as a purchase, "demand picked up" as a rebound', () => {
    expect(scoreText('A pension fund picked up 2 million shares in the insurer').sentiment).toBe('neutral');
    expect(s('Demand picked up in the second quarter')).toBeGreaterThan(N);
  });

  it('reads the record date and "will record" as neutral, a record year as good', () => {
    expect(scoreText('Shareholders on the record date of 12 May are entitled to the payout').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The group will record the sale in its third-quarter accounts').sentiment).toBe(
      'neutral',
    );
    expect(s('The chain had a record year')).toBeGreaterThan(N);
  });

  it('counts being selected as good news, selecting as a purchase', () => {
    expect(s('The engineering firm was selected as main contractor for the new terminal')).toBeGreaterThan(N);
    expect(scoreText('The grocer has selected a new warehouse system from a German vendor').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The shop offers a discount on selected garden tools').sentiment).toBe('neutral');
  });

  it('treats what a product does as description', () => {
    expect(
      scoreText('Our billing software helps utilities improve cash flow and serve customers better')
        .sentiment,
    ).toBe('neutral');
    expect(scoreText('The platform offers excellent tools for professional traders').sentiment).toBe(
      'neutral',
    );
    expect(s('The new platform attracted 50,000 excellent reviews in its first week')).toBeGreaterThan(N);
  });

  it('counts harm, instability and loss of value as bad news', () => {
    expect(s('The strike affected deliveries to customers in June')).toBeLessThan(-N);
    expect(s('A leak was found in the tailings pond of the mine')).toBeLessThan(-N);
    expect(s('The central bank devalued the currency overnight')).toBeLessThan(-N);
    expect(s('Demand for its chips quadrupled in two years')).toBeGreaterThan(N);
  });
});

describe('scorer rules: long sentences', () => {
  it('lets incidental words in a long sentence count less than in a headline', () => {
    const short = 'A leading maker of sailing boats';
    const long =
      'The yard, a leading maker of sailing boats, runs workshops in six towns and ships hulls, ' +
      'masts and fittings to dealers, clubs and private owners along the coast every spring';
    expect(scoreText(short).sentiment).toBe('positive');
    expect(s(long)).toBeGreaterThan(0);
    expect(s(long)).toBeLessThan(s(short));
    expect(scoreText(long).sentiment).toBe('neutral');
  });

  it('keeps strong news in a long sentence', () => {
    expect(
      s(
        'Operating profit for the nine months soared to 48 million euros from 12 million euros a year ' +
          'earlier, the packaging group said in its interim report published on Thursday morning',
      ),
    ).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: rates and yields (markets)', () => {
  it('reads cheaper money as good news and dearer money as bad news', () => {
    expect(s('Traders bet on two rate cuts before the summer')).toBeGreaterThan(N);
    expect(s('Another rate hike looms for the housing market')).toBeLessThan(-N);
    expect(s('The lender cut rates on its home loans')).toBeGreaterThan(N);
    expect(s('Mortgage rates climbed for a third week')).toBeLessThan(-N);
  });

  it('reads rising bond yields as bad news and falling ones as good news', () => {
    expect(s('Government bond yields jumped to a ten-year high')).toBeLessThan(-N);
    expect(s('Yields on short-dated notes dropped sharply')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: markets words', () => {
  it('does not read commodity, options and fund terms as feelings', () => {
    expect(scoreText('Crude oil is refined into diesel and jet fuel').sentiment).toBe('neutral');
    expect(scoreText('Each option has a strike price chosen by the buyer').sentiment).toBe('neutral');
    expect(scoreText('The sovereign wealth fund holds stakes in many ports').sentiment).toBe('neutral');
    expect(scoreText('Gross domestic product counts output at market prices').sentiment).toBe('neutral');
  });

  it('reads beating forecasts, index inclusion and eager buying as good news', () => {
    expect(s('The retailer posted sales beating forecasts')).toBeGreaterThan(N);
    expect(s('The chipmaker will be added to the index next month')).toBeGreaterThan(N);
    expect(s('The brewer was removed from the index after its slump')).toBeLessThan(-N);
    expect(s('Savers poured into money market funds last quarter')).toBeGreaterThan(N);
    expect(s('Pension funds snapped up the new 30-year bonds')).toBeGreaterThan(N);
    expect(s('Brokers named the miner among their top picks')).toBeGreaterThan(N);
  });

  it('binds the fear gauge and surpluses', () => {
    expect(s('The VIX jumped to its highest in a year')).toBeLessThan(-N);
    expect(s('The VIX sank as traders relaxed')).toBeGreaterThan(N);
    expect(s('The trade surplus widened in the spring')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: crypto events', () => {
  it('treats a network upgrade as a plain event, not as good news', () => {
    expect(scoreText('The chain went offline for an hour during a planned upgrade').sentiment).toBe(
      'neutral',
    );
  });

  it('reads users made good and charges dropped as good news', () => {
    expect(s('Customers hit by the breach were reimbursed in full')).toBeGreaterThan(
      s('Customers hit by the breach'),
    );
    expect(s('The former trader was acquitted by the jury')).toBeGreaterThan(N);
    expect(s('The stablecoin regained its peg after two days')).toBeGreaterThan(N);
    expect(s('The token issuer won a no-action letter from the agency')).toBeGreaterThan(N);
  });

  it('reads which side is liquidated and going-concern doubt', () => {
    expect(s('Short liquidations swept the market as ether ripped higher')).toBeGreaterThan(N);
    expect(s('Long liquidations topped $500 million as bitcoin slid')).toBeLessThan(-N);
    expect(s('The auditor flagged substantial doubt about the miner')).toBeLessThan(-N);
  });
});

describe('scorer rules: inflation gauges', () => {
  it('reads rising consumer and producer prices and CPI as bad news', () => {
    expect(s('Consumer prices climbed faster in the spring')).toBeLessThan(-N);
    expect(s('Producer prices dropped for a second month')).toBeGreaterThan(N);
    expect(s('The CPI jumped in the latest reading')).toBeLessThan(-N);
    // a company's own prices keep their usual reading
    expect(s('The drinks maker raised prices and its profit climbed')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: expansion and protocol figures', () => {
  it('reads a business expanding as mildly good news, and expanding costs as bad', () => {
    expect(s('The payments firm expanded into three Asian markets')).toBeGreaterThanOrEqual(N);
    expect(s('Costs expanded sharply in the quarter')).toBeLessThan(-N);
  });

  it('keeps a routine mining difficulty adjustment neutral', () => {
    expect(scoreText('The mining difficulty adjusted up 2% overnight').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: services stopped and restarted, composition', () => {
  it('reads paused services as bad news and resumed ones as good news', () => {
    expect(s('The exchange paused withdrawals for a day')).toBeLessThan(-N);
    expect(s('Deposits resumed on Monday morning')).toBeGreaterThan(N);
  });

  it('does not read "makes up" as a rise', () => {
    expect(scoreText('Energy makes up a tenth of the index').sentiment).toBe('neutral');
    expect(scoreText('Mobile games make up most of its sales').sentiment).toBe('neutral');
  });
});

describe('scorer rules: policy rates', () => {
  it('binds a qualified rate as the price of money', () => {
    expect(s('The central bank cut its key rate by half a point')).toBeGreaterThan(N);
    expect(s('The lender raised its mortgage rate again')).toBeLessThan(-N);
  });

  it('leaves other rates alone', () => {
    expect(s('The network hash rate rose to a record')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: market tone and venture rounds', () => {
  it('reads rattled markets as bad and a firmer close as good', () => {
    expect(s('The surprise tariff rattled bond traders')).toBeLessThan(-N);
    expect(s('The rand finished firmer against the dollar')).toBeGreaterThan(N);
  });

  it('reads a venture round as good news but not a share class', () => {
    expect(s('The wallet startup closed a Series B led by two funds')).toBeGreaterThan(N);
    expect(scoreText('The company has 2 million Series A shares outstanding').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: paths cleared, security, fees, rumours', () => {
  it('reads doubling, a cleared path and a return to profit as good news', () => {
    expect(s('Deposits at the lender are doubling every year')).toBeGreaterThan(N);
    expect(s('The ruling clears the way for the merger')).toBeGreaterThan(N);
    expect(s('The airline returned to profit in the spring')).toBeGreaterThan(N);
    expect(s('The app now lets users trade without fees')).toBeGreaterThan(N);
  });

  it('reads compromised systems and malicious code as bad news', () => {
    expect(s('Thieves compromised the signing keys of the bridge')).toBeLessThan(-N);
    expect(s('Users reported a malicious pop-up on the site')).toBeLessThan(-N);
  });

  it('keeps a non-answer to a rumour neutral', () => {
    expect(scoreText('The bank neither confirmed nor denied the report').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: emissions, defaults, audits, unwinding', () => {
  it('binds emissions as a cost', () => {
    expect(s('Token emissions will be halved next year')).toBeGreaterThan(N);
    expect(s('Carbon emissions at the plant rose sharply')).toBeLessThan(-N);
  });

  it('reads a default setting as neutral and a clean audit as good news', () => {
    expect(scoreText('The wallet uses the new chain by default').sentiment).toBe('neutral');
    expect(s('The lender came back with a clean audit')).toBeGreaterThan(N);
  });

  it('reads an unwinding of positions as bad news', () => {
    expect(s('A sudden unwinding of leveraged bets hit the market')).toBeLessThan(-N);
  });
});

describe('scorer rules: levels reached echo the move', () => {
  it('reads a record low of a bad quantity as good news', () => {
    expect(s('Unemployment in the region fell to a record low')).toBeGreaterThan(N);
  });

  it('keeps a holding at its lowest neutral and a falling price at its lowest bad', () => {
    expect(scoreText('The stake of the founder fell to its lowest in years').sentiment).toBe('neutral');
    expect(s('Bitcoin fell to its lowest in a month')).toBeLessThan(-N);
    expect(s('Profit rose to a record high')).toBeGreaterThan(N);
  });
});

describe('scorer rules: losses reversed or recouped', () => {
  it('reads reversed and recouped losses as good news', () => {
    expect(s('The index reversed early losses to close slightly firmer')).toBeGreaterThan(N);
    expect(s('The fund recouped its losses from the crash')).toBeGreaterThan(0);
  });
});

describe('scorer vocabulary: buying rushes, plans scaled back, bankruptcy exits, slang', () => {
  it('reads these market phrases by their news direction', () => {
    expect(s('Buyers piled into the new green bond')).toBeGreaterThan(N);
    expect(s('The carmaker scaled back its electric vehicle plans')).toBeLessThan(-N);
    expect(s('The lender emerged from bankruptcy after a year')).toBeGreaterThan(N);
    expect(s('A relief rally lifted stocks on Friday')).toBeGreaterThan(N);
    expect(s('Friday was a bloodbath for altcoins')).toBeLessThan(-N);
    expect(s('ngmi with these fees')).toBeLessThan(-N);
  });
});

describe('scorer rules: rates earned', () => {
  it('reads charter, freight and tanker rates as revenue', () => {
    expect(s('Tanker rates jumped as winter demand picked up')).toBeGreaterThan(N);
    expect(s('Mortgage rates jumped again this week')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: price pressures, coverage resumed, long clauses', () => {
  it('reads easing price pressures as good news and resumed coverage as neutral', () => {
    expect(s('Price pressures eased in the euro area')).toBeGreaterThan(N);
    expect(scoreText('The broker resumed coverage of the miner with a neutral rating').sentiment).toBe(
      'neutral',
    );
  });

  it('echoes the move on a level reached later in a long clause', () => {
    expect(
      s('Producer inflation slowed again in June, bringing it down to the lowest level in three years'),
    ).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: upside and downside', () => {
  it("reads analysts' upside as good and downside as bad", () => {
    expect(s('The broker sees 25% upside in the shares')).toBeGreaterThan(N);
    expect(s('Analysts warned of further downside for the token')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: period highs and lows', () => {
  it('reads a period high as good and a period low as bad, echoing a less-is-better move', () => {
    expect(s('Cocoa futures touched a 10-year high')).toBeGreaterThan(N);
    expect(s('The shares sank to a 52-week low')).toBeLessThan(-N);
    expect(s('Jobless claims fell to a six-month low')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: highest and lowest since', () => {
  it('reads a level compared with the past by its direction', () => {
    expect(s('Wallet downloads are at their highest since spring')).toBeGreaterThan(N);
    expect(s('The token traded at its lowest since March')).toBeLessThan(-N);
    expect(s('Mortgage rates dropped to their lowest since 2022')).toBeGreaterThan(N);
  });
});
