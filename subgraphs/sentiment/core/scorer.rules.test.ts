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

  it('counts bad news that ended as good news, but not a session that closed lower', () => {
    expect(s('The railway strike ended on Thursday night')).toBeGreaterThan(0);
    expect(s('The ferry operator ended its losing streak in the summer quarter')).toBeGreaterThan(0);
    expect(s('Gold ended a four-week slide on Friday')).toBeGreaterThan(N);
    expect(s('Oil ended the session lower on Friday')).toBeLessThan(-N);
    expect(s('The bond fund took in money on Monday, breaking a six-week outflow streak')).toBeGreaterThan(0);
    expect(s('The bond fund saw withdrawals, breaking a streak of nine strong weeks')).toBeLessThan(0);
  });

  it('undoes bad news in the passive and what something restarted after', () => {
    expect(s('The sanctions on the shipping firm were lifted by Washington on Monday')).toBeGreaterThan(0);
    expect(s('The payment outage at the bank has been resolved')).toBeGreaterThan(N);
    expect(s('The export ban on the group was finally lifted')).toBeGreaterThan(N);
    expect(s('The stolen tokens have been fully recovered')).toBeGreaterThan(N);
    expect(s('The exploit was patched within hours')).toBeGreaterThan(0);
    expect(s('Deliveries from the mine restarted after a strike by its drivers')).toBeGreaterThan(0);
    expect(s('Deliveries from the mine stopped after a strike by its drivers')).toBeLessThan(0);
  });

  it('counts what someone is shielded or protected from as bad news undone', () => {
    expect(s('The state bill shields token holders from seizure')).toBeGreaterThan(N);
    expect(s('A new fund protects depositors from exchange failures')).toBeGreaterThan(N);
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
    expect(scoreText('Kelto Bio stockholders approve the reverse stock split').sentiment).toBe('neutral');
    expect(scoreText('The agency might approve the new vaccine in the autumn').sentiment).toBe('neutral');
    expect(scoreText('The regulator may approve the merger by the end of June').sentiment).toBe('neutral');
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

  it("takes the denial only from the harm word's own clause", () => {
    expect(s('Talks went nowhere; strikes hurt output')).toBeLessThan(-N);
    expect(s('The board said no. Strikes hurt output')).toBeLessThan(-N);
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

  it("reads a plant's energy or fuel consumption as a cost, households' consumption as demand", () => {
    expect(s('The new kiln will cut energy consumption by a third')).toBeGreaterThan(N);
    expect(s('Fuel consumption of the fleet rose 12 % last year')).toBeLessThan(-N);
    expect(s('Private consumption fell 2 % in the third quarter')).toBeLessThan(-N);
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

  it('reads exploiting an opportunity or resources as making use of them, an exploit as an attack', () => {
    expect(
      scoreText('The new owner intends to exploit the synergies between the two sawmills').sentiment,
    ).not.toBe('negative');
    expect(scoreText("The mine's mineral resources will be exploited in stages").sentiment).toBe('neutral');
    expect(s('Attackers exploited a flaw in the lending contract')).toBeLessThan(-N);
    expect(s('The bridge lost USD 8 mn in an exploit on Sunday')).toBeLessThan(-N);
  });

  it('keeps an exploit an attack when the opportunity word belongs to something else', () => {
    // "potential" before a noun hedges the noun; it is no opportunity being used.
    expect(s('The attacker exploited the potential flaw in the vault')).toBeLessThan(-N);
    // The object of another verb, or a subject that is no resource, is not what was exploited.
    expect(s('Attackers exploit user deposits on the lending protocol')).toBeLessThan(-N);
    expect(s('The deposit contract was exploited overnight')).toBeLessThan(-N);
    expect(scoreText('The group aims to exploit the full potential of its brands').sentiment).toBe('neutral');
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

describe('scorer rules: company events vocabulary', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('reads "lift" as raising results, and still as undoing a ban', () => {
    expect(cls('The paper maker lifted its quarterly operating profit by a fifth')).toBe('positive');
    expect(cls('The retailer lifts its full-year outlook')).toBe('positive');
    expect(cls('The regulator lifts the ban on the lender')).toBe('positive');
    expect(cls('The elevator maker will deliver 40 lifts to the hospital')).toBe('neutral');
  });

  it('counts hiring staff as growth, not hiring an adviser', () => {
    expect(cls('The carmaker is hiring 500 engineers for its new design centre')).toBe('positive');
    expect(cls('The bank hired a law firm to review the contract')).toBe('neutral');
  });

  it('binds "smaller" and "ballooned" to what they qualify', () => {
    expect(cls('The shipping line reported a smaller loss for the quarter')).toBe('positive');
    expect(cls('The refinery project was shelved after its costs ballooned')).toBe('negative');
    expect(cls('The second-quarter loss was smaller than first feared')).toBe('positive');
  });

  it('knows projects started, resumed, or on time, and operations ceased', () => {
    expect(cls('The utility broke ground on its new wind farm')).toBe('positive');
    expect(cls('The smelter resumed production after the repair')).toBe('positive');
    expect(cls('The new terminal was completed ahead of schedule')).toBe('positive');
    expect(cls('The budget carrier ceased operations on Monday')).toBe('negative');
  });

  it('knows profits regained, extra payouts and demand for an issue', () => {
    expect(cls('The chain returned to profit in the second half')).toBe('positive');
    expect(cls('The miner will pay a special dividend to its holders')).toBe('positive');
    expect(cls('The bond sale was oversubscribed three times')).toBe('positive');
    expect(cls('The shipowner received a repeat order from its largest client')).toBe('positive');
  });

  it('knows financing stress, liability and sanctions', () => {
    expect(cls('The developer missed an interest payment on its notes')).toBe('negative');
    expect(cls('The builder was found liable for the collapse of the roof')).toBe('negative');
    expect(cls('The contractor was barred from public tenders for two years')).toBe('negative');
    expect(cls('The broadcaster will not renew the licence of the studio')).toBe('negative');
  });

  it('keeps units, proportions, disposal gains and dates neutral', () => {
    expect(cls('Gross margin was 38 % in the period')).toBe('neutral');
    expect(cls('Exports made up 61 % of group sales')).toBe('neutral');
    expect(cls('The figure includes a gain on the sale of a warehouse')).toBe('neutral');
    expect(cls('The new pricing is effective immediately for all customers')).toBe('neutral');
    expect(cls('Net loss per share widened to 0.40 dollars from 0.22 dollars')).toBe('negative');
  });
});

describe('scorer rules: binding metrics in company figures', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('binds a direction to the head of a compound noun', () => {
    expect(cls('The new kiln will cut production costs by a tenth')).toBe('positive');
    expect(cls('The toolmaker lowered its sales guidance for the year')).toBe('negative');
  });

  it('does not bind a loss named as the starting point', () => {
    expect(cls('Operating profit was 3 million dollars, up from a loss of 1 million')).toBe('positive');
  });

  it('reads a loss stated as an amount with no comparison as a level, not news', () => {
    expect(cls("The toolmaker's pre-tax result was a loss of EUR 4.2 million")).toBe('neutral');
    expect(cls('Diluted earnings per share stood at a loss of EUR 0.31')).toBe('neutral');
    expect(cls("The group's loss for the first half of 2011 totalled 7.5 million dollars")).toBe('neutral');
    // the year-before figure or a comparison keeps the news
    expect(cls('The operating loss totalled SEK 9.1 mn (profit SEK 2.0 mn)')).toBe('negative');
    expect(cls('The pre-tax result was a loss of EUR 1.4 mn compared with a profit a year earlier')).not.toBe(
      'neutral',
    );
    expect(cls('The mill posted a loss of EUR 3 mn')).toBe('negative');
  });

  it("reads a loss reported on the period's sales, with no comparison, as the period's figures", () => {
    expect(cls('The sawmill reported a pre-tax loss of EUR 2.4 mn on net sales of EUR 61 mn for 2009')).toBe(
      'neutral',
    );
    expect(cls('The sawmill swung to a pre-tax loss of EUR 2.4 mn on net sales of EUR 61 mn')).toBe(
      'negative',
    );
  });

  it('reads a holding crossing a share of a company as a notification, not a move or a beat', () => {
    expect(
      cls("After the share swap, Lindqvist Invest's holding in Ostbo Foods rose to 27.4 % of the shares"),
    ).toBe('neutral');
    expect(cls('Its stake in the ferry operator has exceeded 10 %')).toBe('neutral');
    expect(cls("The pension fund's shareholding in Ostbo will exceed one third of the votes")).toBe(
      'neutral',
    );
    // what moved is still read before "% of", and a beat with no holding stays a beat
    expect(cls('Operating profit rose to 12 % of net sales')).toBe('positive');
    expect(cls('Quarterly deliveries exceeded 900 units for the first time')).toBe('positive');
  });

  it('reads the number of shares as a count, and a headcount that grows as a figure, one reduced as cuts', () => {
    expect(cls('After the reverse split the number of shares in issue fell to 4.1 million')).toBe('neutral');
    expect(cls('Option exercises increased the number of Vireo shares by 35,000')).toBe('neutral');
    expect(cls('The number of employees at the Gdansk office grew to 240 during the year')).toBe('neutral');
    expect(cls('The mill will reduce the number of employees by 120')).toBe('negative');
    expect(cls('The share price fell 6 % on Monday')).toBe('negative');
  });

  it('does not bind the yardstick of a "than" comparison', () => {
    expect(cls('Costs rose faster than turnover in the quarter')).toBe('negative');
    expect(cls('The mill will cut more than 80 jobs')).toBe('negative');
  });

  it('reads "after tax" as a line of the accounts, not a clause', () => {
    expect(cls('Loss after tax narrowed to 2 million pounds')).toBe('positive');
  });

  it('leaves figures alone when a verb already spoke for them', () => {
    expect(cls('The brewer cut its volume forecast to 9 million hectolitres from 10 million')).toBe(
      'negative',
    );
  });
});

describe('scorer rules: bad news reversed or without effect', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('counts a reversed write-down and a dismissed suit as good news', () => {
    expect(cls('The insurer reversed an impairment on its office portfolio')).toBe('positive');
    expect(cls('A federal judge dismissed the lawsuit against the chipmaker')).toBe('positive');
  });

  it('cancels bad news that has no effect', () => {
    expect(cls('The insolvency of the distributor has no effect on the results of the group')).toBe(
      'neutral',
    );
  });
});

describe('scorer rules: a loss as the comparison base', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it("reads last year's loss as the base, not as news", () => {
    expect(cls('The airline posted a net profit of 40 million euros against a loss of 25 million')).toBe(
      'positive',
    );
    expect(cls('Operating profit came to 7 million, compared with a loss of 2 million')).not.toBe('negative');
  });
});

describe('scorer rules: balance-sheet metrics and guidance', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('reads a ratio by what it measures', () => {
    expect(cls('The insurer said its combined ratio rose to 104 %')).toBe('negative');
    expect(cls('The equity ratio strengthened to 48 % at year end')).not.toBe('negative');
    expect(cls('The solvency ratio rose to 210 %')).toBe('positive');
    expect(cls('Net debt to EBITDA climbed to 3.8 times')).toBe('negative');
    expect(cls('The bank said its cost to income ratio fell to 51 %')).toBe('positive');
  });

  it('reads interest before "rate" as a cost of borrowing', () => {
    expect(cls('The shipowner refinanced its bonds at a lower interest rate')).toBe('positive');
    expect(cls('Investor interest in the new fund rose sharply')).toBe('positive');
  });

  it('places a result in its guided range', () => {
    expect(cls('The retailer expects margins at the upper end of its range')).toBe('positive');
    expect(cls('The group now sees sales at the lower end of its range')).toBe('negative');
  });

  it('compares figures a few words apart', () => {
    expect(
      cls('The order backlog was 30 million at the end of the quarter, against 45 million a year earlier'),
    ).toBe('negative');
  });

  it('counts Finnish co-operation negotiations as lay-off talks', () => {
    expect(cls('The sawmill operator starts co-operation negotiations at two mills')).toBe('negative');
  });

  it('keeps a plain partnership description neutral', () => {
    expect(cls('The partnership runs for an initial period of four years')).toBe('neutral');
  });
});

describe('scorer rules: results in line with expectations', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('damps moves that matched expectations', () => {
    expect(cls('Revenue rose 6 % in the quarter')).toBe('positive');
    expect(cls("Revenue rose 6 % in the quarter, in line with analysts' expectations")).toBe('neutral');
    expect(cls('Quarterly revenue grew 6 % as expected')).toBe('neutral');
  });

  it('damps only the moves of the clause that matched, not a move the concession sets against it', () => {
    expect(cls('Harbourline Foods shares fall despite results in line with estimates')).toBe('negative');
    expect(cls('Quarterly revenue grew 6 % as expected, but the shares jumped 9 %')).toBe('positive');
  });
});

describe('scorer rules: deals cleared, permits won, results that change sign', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('knows competition authorities clearing or blocking a deal', () => {
    expect(cls('Brussels cleared the merger of the two cable operators')).toBe('positive');
    expect(cls('The watchdog blocked the proposed tie-up of the two grocers')).toBe('negative');
    expect(cls('The brewer got the nod from regulators for its purchase')).toBe('positive');
  });

  it('counts permits and licences obtained like orders won', () => {
    expect(cls('The wind farm developer obtained its building permit')).toBe('positive');
    expect(cls('The fintech was granted a full banking licence')).toBe('positive');
  });

  it('knows sites starting up, and property sales signed', () => {
    expect(cls('The new cathode factory began production in May')).toBe('positive');
    expect(cls('The developer said contracted sales for the month amounted to 2 billion yuan')).toBe(
      'neutral',
    );
  });

  it('binds a swing to profit or into loss', () => {
    expect(cls('The ferry operator returned to an operating profit in the summer quarter')).toBe('positive');
    expect(cls('The toy maker slipped into a net loss as holiday demand faded')).toBe('negative');
    expect(cls('The token fell to 3 dollars on Friday')).toBe('negative');
  });

  it('counts removing a risk as good news', () => {
    expect(cls('The settlement removes the threat of a lengthy lawsuit')).toBe('positive');
  });
});

describe('scorer rules: market entry, write-downs, administration, breaches', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('counts entering a market as growth, not entering into an agreement', () => {
    expect(cls('The discount grocer enters the Czech market')).toBe('positive');
    expect(cls('The two firms entered into a standstill arrangement')).toBe('neutral');
  });

  it('counts leaving a market as a retreat, not an exit from a stake or from bankruptcy', () => {
    expect(cls('Tallis Exchange will exit the Australian market in March')).toBe('negative');
    expect(cls('The payments firm is exiting the Turkish market')).toBe('negative');
    expect(cls('The pension fund exited its stake in the toll road')).toBe('neutral');
    expect(cls('The airline exits bankruptcy with new owners')).toBe('positive');
    // a direction that heads a bad-news phrase is that news, moved by the verb after it
    expect(cls('The validator exit queue has grown to twelve days')).toBe('negative');
  });

  it('counts shuttering a site as a closure, premises named or not', () => {
    expect(cls('Dovewing Mining shuttered its Quebec site')).toBe('negative');
    expect(cls('The startup shutters after failing to raise a new round')).toBe('negative');
  });

  it('knows write-downs, administration and breaches', () => {
    expect(cls('The chemicals group wrote down the value of its German unit')).toBe('negative');
    expect(cls('The fashion chain went into administration on Monday')).toBe('negative');
    expect(cls('The shipowner breached a covenant on its term loan')).toBe('negative');
  });
});

describe('scorer rules: accusations, regulators named, inventories', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('counts allegations as bad news and their denial as no news', () => {
    expect(cls('The lender faces allegations of mis-selling loans to pensioners')).toBe('negative');
    expect(cls('The lender denies the allegations made in the broadcast')).toBe('neutral');
    expect(cls('Nordvolt rejects unfair dumping allegations by a rival')).toBe('neutral');
    expect(cls('The insurer refuted claims that it hid losses')).toBe('neutral');
    expect(cls('Harbour Retail rejects the buyout offer')).toBe('negative');
  });

  it('does not read a regulator name as praise', () => {
    expect(cls('The prospectus was filed with the Swedish Financial Supervisory Authority on Monday')).toBe(
      'neutral',
    );
  });

  it('reads rising inventories as cash tied up', () => {
    expect(cls('Inventories rose by 40 million euros in the quarter')).toBe('negative');
    expect(cls('Inventories fell by 40 million euros in the quarter')).toBe('positive');
  });

  it('weighs a loss-making unit lightly as background', () => {
    expect(s('The loss-making bakery unit has been put up for sale')).toBeGreaterThan(
      s('The unit made a loss'),
    );
  });
});

describe('scorer rules: trouble counted as a metric, work restarted, budgets', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('reads falling counts of trouble as good news', () => {
    expect(cls('Default rates on the mortgage book declined in the spring')).toBe('positive');
    expect(cls('Customer complaints about the airline fell by half')).toBe('positive');
    expect(cls('Injuries at the mine rose sharply last year')).toBe('negative');
    expect(cls('Corporate insolvencies fell 10 % in May')).toBe('positive');
    expect(cls('The takeover threat receded after the bidder sold its stake')).toBe('positive');
  });

  it('knows work restarted and bids that lapsed', () => {
    expect(cls('The refinery restarted after the inspection')).toBe('positive');
    expect(cls('The buyer has resumed deliveries to the plant')).toBe('positive');
    expect(cls('The offer for the shipbuilder lapsed on Friday')).toBe('negative');
    expect(cls('The retailer emerged from bankruptcy with 200 stores')).toBe('positive');
  });

  it('knows budgets and timetables, and what insiders do', () => {
    expect(cls('The stadium was finished over budget')).toBe('negative');
    expect(cls('The tunnel was finished on schedule and under budget')).toBe('positive');
    expect(cls('Filings show insider buying at the chipmaker')).toBe('positive');
  });
});

describe('scorer rules: bank and telecom metrics, names, small moves', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('reads capital, lending and subscriber additions', () => {
    expect(cls('The bank said its core capital ratio rose to 16 %')).toBe('positive');
    expect(cls('Working capital increased by 12 million dollars')).toBe('negative');
    expect(cls('Non-performing loans declined to 2 % of the portfolio')).toBe('positive');
    expect(cls('The regulator raised capital requirements for the largest lenders')).toBe('negative');
    expect(cls('Net subscriber additions were 40,000, compared with 90,000 a year earlier')).toBe('negative');
  });

  it('does not bind a metric that is part of a name', () => {
    expect(cls('Following the deal, the holding of Redwood Capital in the company falls below 10 %')).toBe(
      'neutral',
    );
  });

  it('binds small moves of a metric', () => {
    expect(cls('Delinquencies on the credit card book edged up to 4 %')).toBe('negative');
    expect(cls('Quarterly revenue inched up 1 %')).toBe('positive');
  });
});

describe('scorer rules: chosen by name, equity, covenants', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('counts a company chosen by name as business won, not a purchase described', () => {
    expect(cls('The rail operator selected Kestrel Signalling to upgrade its northern lines')).toBe(
      'positive',
    );
    expect(cls('The hospital has selected a new booking system for its clinics')).toBe('neutral');
  });

  it('reads the equity ratio, not equity raised, as a metric', () => {
    expect(cls('The equity ratio rose to 52 % at the end of June')).toBe('positive');
    expect(cls('The shipping firm raised 30 million euros of new equity from its owners')).toBe('neutral');
  });

  it('counts covenants eased and headroom as relief', () => {
    expect(cls('The banks eased the covenants on the group term loan')).toBe('positive');
  });
});

describe('scorer rules: bad news undone in the passive', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('flips what the passive undoer follows', () => {
    expect(cls('The patent lawsuit brought by a rival chipmaker was dismissed')).toBe('positive');
    expect(cls('The export ban on the farm group was lifted on Tuesday')).toBe('positive');
    expect(cls('The planned job cuts at the paper mill have been cancelled')).toBe('positive');
  });

  it('leaves an offset alone', () => {
    expect(s('The lower freight costs were cancelled out by a stronger dollar')).toBeLessThan(
      s('The lower freight costs were reversed by a stronger dollar') + 1,
    );
    expect(cls('Higher prices were cancelled out by weaker volumes')).not.toBe('positive');
  });
});

describe('scorer rules: investigations opened and closed', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('reads closing an investigation as good news and opening one as bad', () => {
    expect(cls('The watchdog closed its inquiry into the insurer without further steps')).toBe('positive');
    expect(cls('Prosecutors opened an investigation into the chemicals group')).toBe('negative');
    expect(cls('The brewer will close two plants in Bavaria')).toBe('negative');
  });
});

describe('scorer rules: capacity removed, issues undersubscribed, suppliers chosen', () => {
  const cls = (text: string) => scoreText(text).sentiment;

  it('binds capacity and jobs removed, routes scrapped, production phased out', () => {
    expect(cls('The smelter is removing 60,000 tonnes of annual capacity')).toBe('negative');
    expect(cls('The airline scraps its Dublin route')).toBe('negative');
    expect(cls('The chemicals maker will phase out production at its oldest site')).toBe('negative');
  });

  it('knows weak demand for an issue and patents infringed', () => {
    expect(cls('The share sale was undersubscribed')).toBe('negative');
    expect(cls('A court found that the device maker infringed three patents')).toBe('negative');
  });

  it('knows bookings ahead of last year and a fully booked fleet', () => {
    expect(cls('Advance bookings for the summer are well ahead of last year')).toBe('positive');
    expect(cls('The drilling contractor said its rigs are fully booked for next year')).toBe('positive');
  });

  it('counts a supplier picked by name, and reads past target horizons', () => {
    expect(s('The city council picked Lindmark Bygg to renovate the town hall')).toBeGreaterThan(0);
    expect(s('The city council picked a new logo for the town')).toBe(0);
    expect(cls('The retailer raised its long-term margin target')).toBe('positive');
  });
});

describe('scorer rules: venture rounds', () => {
  it('counts a venture round closed as good news', () => {
    expect(scoreText('The robotics start-up closed a Series C round of 60 million dollars').sentiment).toBe(
      'positive',
    );
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

describe('scorer rules: sentence structure', () => {
  it('reads a direction after bad news as moving the bad news', () => {
    expect(s('Loan defaults at the regional lender declined in the spring')).toBeGreaterThan(N);
    expect(s('Lawsuit filings against the carmaker dropped this year')).toBeGreaterThan(N);
    expect(s('The lender said its loan defaults rose in the spring')).toBeLessThan(-N);
  });

  it('binds the quantity before "per" and reads small moves up or down', () => {
    expect(s('Loss per share narrowed to 3 cents in the quarter')).toBeGreaterThan(N);
    expect(s('Earnings per share declined to 40 cents')).toBeLessThan(-N);
    expect(s('Jobless claims edged up to 240,000 last week')).toBeLessThan(-N);
    expect(s('The cost of sales declined 6 % in the half')).toBeGreaterThan(N);
  });

  it('reads what came as expected or in line with forecasts as no news', () => {
    expect(scoreText('Orders fell 3 % in the quarter, as expected').sentiment).toBe('neutral');
    expect(scoreText('Quarterly revenue rose 5 %, in line with analyst forecasts').sentiment).toBe('neutral');
    expect(s('Orders fell 3 %, as expected, but the margin widened sharply')).toBeGreaterThan(N);
  });

  it('turns a result around when it is smaller than expected or feared', () => {
    expect(s('The retailer said sales fell less than feared over the holidays')).toBeGreaterThan(N);
    expect(s('The writedown on the property book was smaller than analysts had predicted')).toBeGreaterThan(
      N,
    );
    expect(s('Chip sales grew less than expected in the autumn')).toBeLessThan(-N);
    expect(s('The bank posted a profit that was higher than analysts had feared')).toBeGreaterThan(N);
  });

  it('reads beating or missing expectations as good or bad news', () => {
    expect(s('The brewer is beating analyst estimates for the third quarter running')).toBeGreaterThan(N);
    expect(s('Industrial output rose 0.1 %, missing the consensus of 0.6 %')).toBeLessThan(-N);
  });

  it('reads "below/above what was forecast" as a miss or a beat, whatever the figure did', () => {
    expect(s('Retail sales rose 0.2 % in May, below the 0.5 % economists had forecast')).toBeLessThan(-N);
    expect(
      s('Quarterly revenue dipped 2 %, above the 6 % decline the consensus had predicted'),
    ).toBeGreaterThan(N);
    expect(s('The index rose above its highest level of the year')).toBeGreaterThan(N);
  });
});

describe('scorer rules: coloured words in names', () => {
  it('ignores a direction used inside a name in sentence-case text', () => {
    expect(scoreText('The Asian Growth fund returned capital to its investors last month').sentiment).toBe(
      'neutral',
    );
    expect(s('Shares of the bank fell sharply on Monday after the report')).toBeLessThan(-N);
  });

  it('ignores a coloured word that opens a multi-word name', () => {
    expect(scoreText('Panic Button Studios is working on a new puzzle game for phones').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Copper Falls Mining operates two open-pit mines in the north of Chile').sentiment).toBe(
      'neutral',
    );
    expect(s('Panic selling hit the shares of the lender on Monday morning')).toBeLessThan(-N);
  });

  it('ignores a coloured word just before a company-form word, in Title Case too', () => {
    expect(scoreText('Shares Of Harbour Superior Holdings Unchanged Ahead Of Vote').sentiment).toBe(
      'neutral',
    );
    expect(s('Broker Upgrades Tallis Inc To Buy On Strong Outlook')).toBeGreaterThan(N);
    expect(scoreText('Brightwater Income Fund declares a monthly distribution of $0.05').sentiment).toBe(
      'neutral',
    );
    expect(s('Strong Demand Lifts Tallis Holdings To Record Sales')).toBeGreaterThan(N);
  });
});

describe('scorer rules: negation over a passive', () => {
  it('lets a negator reach the participle over the subject of a passive', () => {
    expect(s('The wallet provider said no client tokens were stolen')).toBeGreaterThan(N);
    expect(s('The wallet provider said client tokens were stolen')).toBeLessThan(-N);
  });
});

describe('scorer rules: reasons for a move', () => {
  it('does not bind a move to the reason given after "on"', () => {
    expect(s('Shipping stocks fell on fears of a trade war')).toBeLessThan(-N);
    expect(s('The token dropped 8 % on worries about an exchange probe')).toBeLessThan(-N);
    expect(s('Sales increased 6 % on last year')).toBeGreaterThan(N);
  });

  it('weighs a reason clause after "after the" at half when it pulls the other way', () => {
    expect(s('The stock rebounded strongly after the sharp selloff of last week')).toBeGreaterThan(N);
  });

  it('weighs the circumstance of an uncoloured main clause at half, and a move with its reason in full', () => {
    expect(scoreText('Harbour Retail names a new chief executive amid concerns about sales').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The airline reviews its fleet following a difficult winter').sentiment).toBe('neutral');
    expect(s('Concerns about sales at Harbour Retail')).toBeLessThan(-N);
    expect(s('Stocks slump amid concerns about sales')).toBeLessThan(-N);
  });
});

describe('scorer rules: concessions', () => {
  it('weighs a trailing "although" clause more than a leading one', () => {
    const leading = s('Although the dividend was cut, the bank posted a solid profit');
    const trailing = s('The bank posted a solid profit, although the dividend was cut');
    expect(leading).toBeGreaterThan(trailing + 0.1);
    expect(s('The bank posted a solid profit, despite a cut in its dividend')).toBeGreaterThan(0);
  });
});

describe('scorer rules: comparison bases', () => {
  it('reads a profit against a loss as a turnaround, and a loss base alone as no news', () => {
    expect(
      s('The retailer made a net profit of 3 million pounds, compared with a loss of 5 million'),
    ).toBeGreaterThan(N);
    expect(scoreText('Revenue reached 40 million dollars, against a loss of 2 million').sentiment).toBe(
      'neutral',
    );
    expect(
      s('The retailer made a net loss of 3 million pounds, compared with a profit of 5 million'),
    ).toBeLessThan(-N);
  });

  it('binds the head of a compound metric', () => {
    expect(s('The new kiln will cut production costs at the plant by a fifth')).toBeGreaterThan(N);
    expect(s('The shutdown cut production at the plant by a fifth')).toBeLessThan(-N);
  });

  it('binds the metric before a pace, not its yardstick', () => {
    expect(s('Staff costs climbed faster than sales in the spring')).toBeLessThan(-N);
    expect(s('Expenses dropped faster than revenue last year')).toBeGreaterThan(N);
  });

  it('binds a metric over "after tax"', () => {
    expect(s('Profit after tax climbed to 12 million euros')).toBeGreaterThan(N);
    expect(s('The loss after tax narrowed to 4 million euros')).toBeGreaterThan(N);
  });
});

describe('scorer rules: figure ranges', () => {
  it('reads the unit of a range after its second number', () => {
    expect(
      s('The outlook calls for profit of USD 40-45 mn in 2027 compared to USD 60-65 mn this year'),
    ).toBeLessThan(-N);
    expect(
      s('The outlook calls for profit of USD 60-65 mn in 2027 compared to USD 40-45 mn this year'),
    ).toBeGreaterThan(N);
  });
});

describe('scorer rules: "made up"', () => {
  it('reads "make up" as a share, not a move', () => {
    expect(scoreText('Exports made up 40 % of group sales last year').sentiment).toBe('neutral');
    expect(s('Exports were up 40 % last year')).toBeGreaterThan(N);
  });
});

describe('scorer rules: denials', () => {
  it('reads a denied rumour as no news', () => {
    expect(
      scoreText('The airline denied media reports that it plans to close two of its bases').sentiment,
    ).toBe('neutral');
    expect(scoreText('The miner denies the allegations of fraud made by a short seller').sentiment).toBe(
      'neutral',
    );
    expect(s('The regulator denied the exchange a licence to operate')).toBeLessThan(0);
  });
});

describe('scorer rules: payouts denied', () => {
  it('reads a dividend that will not be paid as bad news', () => {
    expect(s('The shipping group will not pay a dividend this spring')).toBeLessThan(-N);
    expect(s('No dividends are planned until the debt is refinanced')).toBeLessThan(0);
    expect(scoreText('The shipping group will pay a dividend in May').sentiment).toBe('neutral');
  });
});

describe('scorer rules: explanations and open questions', () => {
  it('reads the explanation of a term as no news', () => {
    expect(scoreText('A bank run is when depositors rush to withdraw their savings at once').sentiment).toBe(
      'neutral',
    );
    expect(
      scoreText('Impermanent loss refers to the drop in value a liquidity provider can suffer').sentiment,
    ).toBe('neutral');
    expect(s('Depositors rushed to withdraw their savings when the bank run began')).toBeLessThan(0);
  });

  it('reads an open question opening with "whether" as no news', () => {
    expect(scoreText('Whether the merger will win approval in Brussels remains to be seen').sentiment).toBe(
      'neutral',
    );
  });

  it('reads a question opening with an auxiliary or "why" as no news', () => {
    expect(
      scoreText('Will the central bank approve the merger of the two lenders? Few expect it.').sentiment,
    ).toBe('neutral');
    expect(
      scoreText('Why do bond yields surge before an auction? Dealers make room for new paper.').sentiment,
    ).toBe('neutral');
    expect(s('The central bank approved the merger of the two lenders.')).toBeGreaterThan(N);
  });

  it('reads a question past an abbreviation or a ticker, or opening with a question word, as no news', () => {
    expect(scoreText('Is Brightwater Foods, Inc. (NASDAQ:BWF) A Strong Buy Today?').sentiment).toBe(
      'neutral',
    );
    expect(scoreText("Has The Housing Slowdown Hurt Tallis Corp.'s Margins?").sentiment).toBe('neutral');
    expect(
      scoreText("How Does Orlen Mining's (TSX:ORM) P/E Compare After Its Share Price Drop?").sentiment,
    ).toBe('neutral');
    expect(scoreText('Were Hedge Funds Wise To Pile Into Tallis Corp. (TLS)?').sentiment).toBe('neutral');
    expect(s('Tallis Corp. shares soar after the regulator approves its new drug')).toBeGreaterThan(N);
    // A rhetorical "who" question takes a side.
    expect(s('Who would still buy this token after a 70% collapse and a hack?')).toBeLessThan(-N);
  });

  it('reads a listicle or a ranking of picks as no news, but not a count of what moved', () => {
    expect(scoreText('4 Top Dividend Stocks to Buy Before They Soar').sentiment).toBe('neutral');
    expect(scoreText('$XYZ - 5 Reasons Tallis Corp. Is the Best Retailer to Own').sentiment).toBe('neutral');
    expect(scoreText('These Are the 6 Best Bank Stocks of the Year').sentiment).toBe('neutral');
    expect(scoreText('7 Smart Ways to Grow Your Emergency Savings').sentiment).toBe('neutral');
    expect(scoreText('The Best Mining Funds to Own for Strong Gains').sentiment).toBe('neutral');
    expect(s('3 regional banks collapse as depositors flee')).toBeLessThan(-N);
    expect(s('400 jobs cut as the mill closes')).toBeLessThan(-N);
    expect(s('2.5 million shares sold as the stock slumps')).toBeLessThan(-N);
  });

  it('reads a ranking of the best or worst companies, employers or IPOs as no news, but not the big ones', () => {
    expect(scoreText('The Best Small Employers of the Year, Ranked').sentiment).toBe('neutral');
    expect(scoreText('These were the best performing IPOs of the decade').sentiment).toBe('neutral');
    expect(s('Top companies slash hiring as orders dry up')).toBeLessThan(-N);
  });

  it('reads past the promotion, hashtags and credits that close a post', () => {
    const headline = 'Orlen Mining: Strong Growth Continues';
    const plain = s(headline);
    expect(plain).toBeGreaterThan(N);
    expect(
      s(`$ORM - ${headline}. Read more and sign up for updates! #investing #stocks #markets`),
    ).toBeCloseTo(plain, 5);
    expect(s(`${headline}. Subscribe to Market Weekly for more: #business`)).toBeCloseTo(plain, 5);
    expect(s(`${headline} via @marketsdesk`)).toBeCloseTo(plain, 5);
    expect(s(`${headline}. Read More: #Dividends #Income`)).toBeCloseTo(plain, 5);
    expect(s('Bitcoin slumps 12% as liquidations mount #BTC #crypto')).toBeLessThan(-N);
  });

  it('reads advice and hypotheticals addressed to the reader as no news', () => {
    expect(scoreText('How to Protect Your Savings From a Market Crash').sentiment).toBe('neutral');
    expect(scoreText('How to Profit From a Market Crash').sentiment).toBe('neutral');
    expect(
      scoreText('If you put $5,000 into Orlen Mining in 2015, you would have lost 60% by now').sentiment,
    ).toBe('neutral');
    expect(scoreText("$ORM - If You're Bullish on Gold, Check Out This Strong Miner").sentiment).toBe(
      'neutral',
    );
    expect(s('If the merger fails, the shares could crash')).toBeLessThan(-N);
    expect(
      scoreText('Imagine Holding Orlen Mining (WSE:ORM) Through Its 55% Share Price Collapse').sentiment,
    ).toBe('neutral');
    expect(s('Investors imagine the worst as Orlen Mining shares collapse 55%')).toBeLessThan(-N);
  });

  it("reads an editor's correction notice as no news, and a market correction as bad news", () => {
    expect(scoreText('$NRD CORRECTION: Nordvolt opens its Gdansk plant').sentiment).toBe(
      scoreText('$NRD Nordvolt opens its Gdansk plant').sentiment,
    );
    expect(s('CORRECTION: Harbour Retail names a new finance chief')).toBeCloseTo(
      s('Harbour Retail names a new finance chief'),
      5,
    );
    expect(scoreText('Correction to Risky Lending Rises Story').sentiment).toBe('neutral');
    expect(s('Tech stocks slide into a correction')).toBeLessThan(-N);
  });

  it('reads a feature under its section label as no news, and an opinion as weighing little', () => {
    expect(scoreText('Profile: the trader who lost it all in the Marlow crash').sentiment).toBe('neutral');
    expect(scoreText('Book review: a thrilling tale of the ICO boom').sentiment).toBe('neutral');
    expect(scoreText('Q&A: Fenwick Labs chief on the bear market and what comes after').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Op-ed: Crypto deserves fair and smart rules').sentiment).toBe('neutral');
    expect(scoreText('Opinion: Memecoins are a risky bet for retail traders').sentiment).toBe('neutral');
    expect(s('Memecoins are a risky bet for retail traders')).toBeLessThan(-N);
    // a verdict in strong words still speaks
    expect(s('Opinion: DeFi has a serious fraud problem and a hacking epidemic')).toBeLessThan(-N);
    // the same words as news, and a label that is no section ("Markets:"), keep their weight
    expect(s('Fenwick Labs hit by serious fraud problem')).toBeLessThan(-N);
    expect(s('Markets: Bitcoin crashes 9% as liquidations mount')).toBeLessThan(-N);
  });

  it('reads an election won as politics, not as good news, but keeps a contract won', () => {
    expect(scoreText('The opposition wins the election by a wide margin').sentiment).toBe('neutral');
    expect(scoreText('Labour wins the election, shares of utilities are steady').sentiment).toBe('neutral');
    expect(s('Nordvolt wins a $40 million order from the navy')).toBeGreaterThan(N);
    expect(s('After the election win, the currency jumped 2%')).toBeGreaterThan(N);
  });

  it('reads a sentence addressed to the reader as no news, but keeps the news beside it', () => {
    expect(scoreText("Don't let a terrible crash ruin your retirement plan").sentiment).toBe('neutral');
    expect(scoreText('Worried about your pension after the crash? Many savers are.').sentiment).toBe(
      'neutral',
    );
    expect(s('Copper prices soared to a record this week. What is your next trade?')).toBeGreaterThan(N);
    expect(scoreText("You don't need a fortune to start investing, and it can be fun").sentiment).toBe(
      'neutral',
    );
    expect(s('Bank shares crashed on Friday. Here is what you should know.')).toBeLessThan(-N);
  });

  it('compares against a single estimate too', () => {
    expect(scoreText('Exports grew 1.1 %, in line with the flash estimate').sentiment).toBe('neutral');
  });
});

describe('scorer rules: deliberation', () => {
  it('reads what is only discussed or considered as no news', () => {
    expect(scoreText('Token holders will vote on slashing the staking rewards next week').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The airline is considering a share buyback later in the year').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The board discussed closing two loss-making stores').sentiment).toBe('neutral');
    expect(s('The board decided to close two loss-making stores')).toBeLessThan(-N);
  });

  it('reads what the proceeds of a sale or an issue will pay for as a plan', () => {
    expect(
      scoreText('The ferry line will use the proceeds of the bond to improve its liquidity').sentiment,
    ).toBe('neutral');
    expect(scoreText('The proceeds are to be used for strengthening the capital base').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The quarry owner sold its harbour and booked a strong gain').sentiment).toBe(
      'positive',
    );
  });

  it('reads what someone should do as advice, and what a quantity or a deal should do as a forecast', () => {
    expect(scoreText('The central bank should cut rates by spring, a strategist says').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Why Harbour Retail Should Suspend Its Dividend').sentiment).toBe('neutral');
    expect(scoreText('Lenders should stop closing rural branches, a report argues').sentiment).toBe(
      'neutral',
    );
    expect(s('Margins should recover strongly next year')).toBeGreaterThan(N);
    expect(s('The merger should lift earnings sharply')).toBeGreaterThan(N);
    expect(s('Harbour Retail should remain weak through the winter')).toBeLessThan(-N);
  });
});

describe('scorer rules: crypto vocabulary', () => {
  it('reads crypto reassurance, accumulation and staking exits', () => {
    expect(s('The lender insists deposits are SAFU after the glitch')).toBeGreaterThan(N);
    expect(s('A mining company bought another 800 BTC in October')).toBeGreaterThan(N);
    expect(s('The staking exit queue is now nine days long')).toBeLessThan(0);
    expect(s('Token holders approved turning on the fee switch')).toBeGreaterThan(N);
  });

  it('reads limited downside as good news and a move to the sidelines as bad', () => {
    expect(s('Strategists see limited downside for ether from here')).toBeGreaterThan(N);
    expect(s('The broker sees limited upside for the miner shares')).toBeLessThan(-N);
    expect(s('The fund manager moved to the sidelines on altcoins')).toBeLessThan(-N);
  });
});

describe('scorer rules: a direction reaching over "most of those"', () => {
  it('binds a move to the quantity pointed back to', () => {
    expect(s('The miner trimmed most of its losses in late trade')).toBeGreaterThan(N);
    expect(s('The token erased all of those gains by the close')).toBeLessThan(-N);
  });
});

describe('scorer rules: licences issued and charters obtained', () => {
  it('counts a licence issued to a firm like one obtained, but not an order issued', () => {
    expect(s('The watchdog issued a payments licence to the wallet provider')).toBeGreaterThan(N);
    expect(s('The custody start-up received a state charter in March')).toBeGreaterThan(N);
    expect(scoreText('The judge issued an order on the documents').sentiment).toBe('neutral');
  });
});

describe('scorer rules: an amount lost', () => {
  it('reads money lost as a loss, not as less of the bad news before it', () => {
    expect(s('Phishing victims lost 40 million dollars to fake wallet apps')).toBeLessThan(-N);
    expect(s('Lawsuits against the exchange fell 30% last year')).toBeGreaterThan(N);
  });
});

describe('scorer rules: money raised', () => {
  it('reads an amount raised as funding, not as a rise of what follows it', () => {
    expect(scoreText('Harbor Infra Partners raises $2bn of capital for its third fund').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Kelto Bio raised EUR 30 mn in a directed share issue').sentiment).toBe('neutral');
    expect(scoreText('The bank could raise as much as $800 million by selling bonds').sentiment).toBe(
      'neutral',
    );
  });

  it('keeps a raise of a price, a payout or a forecast as a rise', () => {
    expect(s('Nordic Freight raised its dividend to $1.20 a share')).toBeGreaterThan(N);
    expect(s('Brightwater Foods raises its sales forecast to $3 billion')).toBeGreaterThan(N);
  });
});

describe('scorer rules: consumer offers', () => {
  it('reads a discount or giveaway offered to customers as a promotion, not news', () => {
    expect(scoreText('Limited Offer: Save 40% on our premium stock research this week').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Take 25% off all annual plans - a great gift for investors').sentiment).toBe('neutral');
    expect(scoreText('The best Cyber Monday deals on smart speakers, with free giveaways').sentiment).toBe(
      'neutral',
    );
  });

  it('keeps savings made and payments skipped as news', () => {
    expect(s('The merger will save 10% of annual costs, the company said')).toBeGreaterThan(N);
    expect(s('Harbor Mutual skipped a coupon payment on its bonds')).toBeLessThan(-N);
  });
});

describe('scorer rules: S&P 500 inclusion', () => {
  it('reads joining the S&P 500 as good news and leaving it as bad', () => {
    expect(s('The payments group joins the S&P 500 next week')).toBeGreaterThan(N);
    expect(s('The retailer will be removed from the S&P 500 on Friday')).toBeLessThan(-N);
  });
});

describe('scorer rules: year-end targets', () => {
  it('binds a direction to a target over "year-end"', () => {
    expect(s('The broker raised its year-end target for the token')).toBeGreaterThan(N);
    expect(s('The bank cut its year-end target for ether')).toBeLessThan(-N);
  });
});

describe('scorer rules: fund inflows and pilots', () => {
  it('reads money a fund took in and a service piloted as good news', () => {
    expect(s('The solana fund took in 40 million dollars on its first day')).toBeGreaterThan(N);
    expect(s('The lender will pilot tokenised deposits with corporate clients')).toBeGreaterThan(N);
    expect(scoreText('The pilot flew the plane to Oslo').sentiment).toBe('neutral');
  });
});

describe('scorer rules: approval still pending over a qualifier', () => {
  it('reads "subject to regulatory approval" as no news yet', () => {
    expect(scoreText('The sale of the custody unit is subject to regulatory approval').sentiment).toBe(
      'neutral',
    );
    expect(s('The regulator gave its approval to the custody unit sale')).toBeGreaterThan(N);
  });
});

describe('scorer rules: regulators warning the public', () => {
  it('reads a warning to consumers as no news', () => {
    expect(scoreText('The watchdog warned consumers about a cloned investment website').sentiment).toBe(
      'neutral',
    );
    expect(s('The miner warned of lower output this year')).toBeLessThan(-N);
  });
});

describe('scorer rules: ahead of a target', () => {
  it('reads a result ahead of its goal as a beat, but not a move ahead of an event', () => {
    expect(s('Deliveries of new rigs came in ahead of the full-year target')).toBeGreaterThan(N);
    expect(scoreText('The trust sold some of its coins ahead of the hearing').sentiment).toBe('neutral');
  });
});

describe('scorer rules: analysts ratings', () => {
  it('reads a rating change by its verb, whatever ratings it names', () => {
    expect(
      s('Brightwater Foods upgraded to sector weight from underweight at Halden Securities'),
    ).toBeGreaterThan(N);
    expect(s('Brightwater Foods downgraded to peer perform from outperform at Halden')).toBeLessThan(-N);
    expect(s('Halden ups Norrvik Steel to Overweight')).toBeGreaterThan(N);
    expect(s('Norrvik Steel cut to Sell at Halden on valuation')).toBeLessThan(-N);
    expect(s('Norrvik Steel moved from hold to buy by Halden')).toBeLessThan(N); // no rating verb
    expect(s('Norrvik Steel upgraded from hold to buy by Halden')).toBeGreaterThan(N);
  });

  it('reads a change to a rating of its own side as stronger than a change to a hold', () => {
    expect(s('Norrvik Steel downgraded to sell at Halden')).toBeLessThan(
      s('Norrvik Steel downgraded to neutral at Halden'),
    );
    expect(s('Norrvik Steel upgraded to buy at Halden')).toBeGreaterThan(
      s('Norrvik Steel upgraded to neutral at Halden'),
    );
  });

  it('reads a buy or sell rating started, kept or stated as good or bad news, and a hold as none', () => {
    expect(s('Halden starts Ostra Mining at Buy')).toBeGreaterThan(N);
    expect(s('Ostra Mining initiated as outperform with a $20 price target at Halden')).toBeGreaterThan(N);
    expect(s('Ostra Mining maintained as buy at Halden')).toBeGreaterThan(N);
    expect(s('Ostra Mining reiterated as underperform at Halden')).toBeLessThan(-N);
    expect(scoreText('Halden initiates coverage of Ostra Mining at equal weight').sentiment).toBe('neutral');
    expect(s('After the pullback the stock is a strong buy')).toBeGreaterThan(N);
    expect(s('After the pullback the stock is still not a buy')).toBeLessThan(0);
  });

  it('reads a named broker call given as the reason for a move as a rating change', () => {
    expect(s('Brightwater Foods +3% after Halden bump')).toBeGreaterThan(N);
    expect(s('Ostra Mining edges lower on Halden Securities downgrade')).toBeLessThan(-N);
    expect(s('Shares of the retailer fell after the Fed cut')).toBeLessThan(0); // a rate cut, no call
  });

  it('does not read "buy" or "sell" as a rating when they take an object', () => {
    expect(scoreText('The brewer raised 40 million dollars to buy a rival').sentiment).toBe('neutral');
    expect(scoreText('The group started talks to sell its paper unit').sentiment).toBe('neutral');
  });

  it('reads a call given in the imperative, held, or stated without its verb as a rating', () => {
    expect(s('Buy Harbour Paints, target 640, says the desk')).toBeGreaterThan(N);
    expect(s('Chartist view: sell Ostra Mining, says the desk')).toBeLessThan(-N);
    expect(s('Traders can buy Kestrel Motors for the medium term')).toBeGreaterThan(N);
    expect(s('Kestrel Motors a buy at these prices, says one strategist')).toBeGreaterThan(N);
    expect(s('The brokerage has a buy on Harbour Paints')).toBeGreaterThan(N);
    expect(s('Harbour Paints is a buy call for the coming quarter')).toBeGreaterThan(N);
  });

  it('reads calls that name the company after a preposition, and picks and avoids, as ratings', () => {
    expect(s('Bet on Harbour Paints, says the fund manager')).toBeGreaterThan(N);
    expect(s('Invest in Kestrel Motors with a two-year view, says the strategist')).toBeGreaterThan(N);
    expect(s('Positive on Ostra Mining after the results: broker')).toBeGreaterThan(N);
    expect(s('Pick Brightwell Foods for the festive season, says the desk')).toBeGreaterThan(N);
    expect(s('Avoid Ostra Mining for now, says the analyst')).toBeLessThan(-N);
  });

  it('does not read an idiom or a purchase opening with "buy" as a call', () => {
    expect(scoreText('Pick Up The Pace, Says The Union').sentiment).toBe('neutral');
    expect(scoreText('Buy now, pay later lenders face new rules').sentiment).toBe('neutral');
    expect(scoreText('Buy More Shoes Ltd names a new auditor').sentiment).toBe('neutral');
  });

  it('does not read a price target move twice through the figures after it', () => {
    expect(s('Ostra Mining price target raised to $1.20 from 90 cents at Halden')).toBeGreaterThan(N);
  });
});

describe('scorer rules: analysts and investors taking sides', () => {
  it('reads a bull or bear gained or lost by what it does to the stock', () => {
    expect(s('Ostra Mining gains a bull at Halden')).toBeGreaterThan(N);
    expect(s('Ostra Mining loses a bull')).toBeLessThan(-N);
    expect(s('Ostra Mining gains a bear on pricing worries')).toBeLessThan(-N);
    expect(s('Ostra Mining loses a bear')).toBeGreaterThan(N);
    expect(s('Halden joins the regional bank bulls')).toBeGreaterThan(N);
    expect(s('Halden joins the bears on Ostra Mining')).toBeLessThan(-N);
  });

  it('reads an investor cooling or souring on a company as bad news, warming to it as good', () => {
    expect(s('Halden cools on Brightwater Foods')).toBeLessThan(-N);
    expect(s('Pension funds are souring on Brightwater Foods')).toBeLessThan(-N);
    expect(s('Pension funds are warming up to Brightwater Foods')).toBeGreaterThan(N);
    expect(s('Inflation cools on cheaper heating fuel')).toBeGreaterThan(0);
  });

  it('reads an analyst liking a company, or naming it a top pick in its field, as good news', () => {
    expect(s('Halden likes Brightwater Foods ahead of earnings')).toBeGreaterThan(N);
    expect(s('Analyst: Ostra Mining is the top copper pick for next year')).toBeGreaterThan(N);
    expect(s('The senator likes to boast about the state budget')).toBeLessThan(N);
  });

  it('reads "a clear sell" and "an avoid" stated as sell-side ratings', () => {
    expect(s('Ostra Mining is a clear sell at these levels')).toBeLessThan(-N);
    expect(s('Brightwater Cables stays an avoid, says the desk')).toBeLessThan(-N);
    expect(s('Harbourline Foods is an outperform')).toBeGreaterThan(N);
    // "to avoid" with an object is no rating
    expect(s('The grocer cut costs to avoid layoffs')).toBeGreaterThan(N);
  });

  it('reads "Exit <company>" and "Avoid <company>" opening a sentence as advice against it', () => {
    expect(s('Exit Ostra Mining at current levels: a chartist')).toBeLessThan(-N);
    expect(s('Avoid Harbourline Foods IPO, says the broker')).toBeLessThan(-N);
    expect(Math.abs(s('Exit Polls Show A Close Race'))).toBeLessThan(N);
  });

  it('reads an order with a price target that opens the sentence as a buy or sell call', () => {
    expect(s('Sell Harbourline Foods Ltd with a target of Rs 212: a chartist')).toBeLessThan(-N);
    expect(s('Desk view: SELL Ostra Mining, target price 48')).toBeLessThan(-N);
    expect(s('Buy Brightwater Cables with target price of Rs 640')).toBeGreaterThan(N);
    // no target, or the order is not the sentence's: no call
    expect(Math.abs(s('Buy Now Pay Later lenders post quarterly figures'))).toBeLessThan(N);
    expect(Math.abs(s('Shoppers can buy Harbourline cards in a target range'))).toBeLessThan(N);
  });

  it('reads "never been this/so/more" as a superlative, not a denial', () => {
    expect(s('Fund managers have never been this bullish on Brightwater Foods')).toBeGreaterThan(N);
    expect(s('Fund managers have never been more bearish on Brightwater Foods')).toBeLessThan(-N);
    expect(s('Brightwater Foods has never been profitable')).toBeLessThan(0);
  });
});

describe('scorer rules: funds and insiders buying or selling', () => {
  it('reads holders buying a company as good news and selling it as bad', () => {
    expect(s('Pension funds are buying Brightwater Foods')).toBeGreaterThan(N);
    expect(s('Insiders have been snapping up Ostra Mining shares')).toBeGreaterThan(N);
    expect(s('Hedge funds are dumping Ostra Mining')).toBeLessThan(-N);
    expect(s('Investors are cashing out of Brightwater Foods')).toBeLessThan(-N);
    expect(s('Insiders are not selling')).toBeGreaterThan(0);
  });

  it('counts promoters (controlling holders) and founders as holders', () => {
    expect(s('Harbourline Foods promoters sell 30 lakh shares')).toBeLessThan(-N);
    expect(s('A Harbourline Foods promoter sold shares worth Rs 40 crore')).toBeLessThan(-N);
    expect(s('The Ostra Mining founder is buying more stock')).toBeGreaterThan(N);
  });

  it('reads "not done buying" as buying that goes on, and leaves buyers that are not holders alone', () => {
    expect(s("Pension funds aren't done buying Brightwater Foods")).toBeGreaterThan(N);
    expect(s('Insiders are not done selling Ostra Mining')).toBeLessThan(-N);
    expect(scoreText('The brewer is buying a maltings plant in Latvia').sentiment).toBe('neutral');
  });
});

describe("scorer rules: a market's close up or down", () => {
  it('reads "ends down" and "closes up" as moves, and "ends up doing" or "ended up with" as none', () => {
    expect(s('Wall Street ends down after weak retail data')).toBeLessThan(-N);
    expect(s('Regional bank shares close up on rate hopes')).toBeGreaterThan(N);
    expect(s('Gold closes down 1% in thin trade')).toBeLessThan(-N);
    expect(Math.abs(s('The grocer ends up paying more for the site'))).toBeLessThan(N);
  });
});

describe('scorer rules: signed moves', () => {
  it('reads a percentage written with its sign as a move of what it follows', () => {
    expect(s('Harbourline Freight +6% after it wins a port contract')).toBeGreaterThan(N);
    expect(s('(-3.1% premarket) Tallow Mining names a new finance chief')).toBeLessThan(-N);
    expect(s('European close: CAC +0.4%, Euro Stoxx +0.6%')).toBeGreaterThan(N);
    expect(s('Quarterly freight revenue +8% on the year')).toBeGreaterThan(N);
    expect(s('Quarterly handling costs +8% on the year')).toBeLessThan(-N);
  });

  it('reads a signed level as no move, and a signed move as no bad news for a later verb to move', () => {
    expect(scoreText('The central bank held its deposit rate at -0.25%').sentiment).toBe('neutral');
    expect(s('(-5.2% pre) Kestrel Air loses its licence to fly to Lagos')).toBeLessThan(-N);
  });

  it('keeps hyphens between numbers and unsigned percentages as they were', () => {
    expect(scoreText('The plan covers the years 2027-2029').sentiment).toBe('neutral');
    expect(scoreText('The fund holds 6% of the shares').sentiment).toBe('neutral');
  });
});

describe('scorer rules: figures the wire way', () => {
  it('compares figures across "vs." and wire units (bln, cents), a unit written once for both', () => {
    expect(s('Dunmore Foods Q2 sales $4.41 bln vs. $4.02 bln a year earlier')).toBeGreaterThan(N);
    expect(s('Dunmore Foods Q2 adj. EPS 35 cents vs. $0.52 a year earlier')).toBeLessThan(-N);
    expect(s('Dunmore Foods Q2 EPS $1.10 vs. 80 cents')).toBeGreaterThan(N);
    expect(s('Dunmore Foods Q2 revenue $2.95 vs. $3.10 bln')).toBeLessThan(-N);
  });

  it('reads a guidance range against the prior one', () => {
    expect(s('Dunmore Foods now sees 2027 EPS $3.10 to $3.30 vs. prior $3.40 to $3.60')).toBeLessThan(-N);
    expect(s('Dunmore Foods now sees 2027 EPS $3.70 to $3.90 vs. prior $3.40 to $3.60')).toBeGreaterThan(N);
  });
});

describe('scorer rules: the size of a move', () => {
  it('reads a direction weak alone as a market move when its size follows', () => {
    expect(s('The Hang Seng adds 210 points in early trade')).toBeGreaterThan(N);
    expect(s('Brent eases 1.5% in Asian trade')).toBeLessThan(-N);
    expect(scoreText('The retailer adds a garden range to its stores').sentiment).toBe('neutral');
  });

  it('leaves levels and rate rises alone', () => {
    expect(scoreText("The pension fund's holding in the miner is now below 5 %").sentiment).toBe('neutral');
    expect(s('The central bank hiked by 0.5 percentage points')).toBeLessThanOrEqual(0);
  });
});

describe('scorer vocabulary: market levels and retreats', () => {
  it('reads new highs, peaks and records set by a market as good news, lows as bad', () => {
    expect(s('Tokyo stocks set fresh highs on Thursday')).toBeGreaterThan(N);
    expect(s('Copper scales a five-month peak')).toBeGreaterThan(N);
    expect(s('The Kospi touches an intraday high of 2,900')).toBeGreaterThan(N);
    expect(s('European bourses notch records as bank shares climb')).toBeGreaterThan(N);
    expect(s('Regional lenders slump to new lows')).toBeLessThan(-N);
    expect(s('Jobless claims rose to a four-month peak')).toBeLessThan(-N);
  });

  it('reads a retreat of a market as a fall', () => {
    expect(s('The Stoxx 600 retreats 0.8% in early deals')).toBeLessThan(-N);
    expect(s('Sterling retreated against the euro on Tuesday')).toBeLessThan(-N);
  });

  it('reads a level a move started from as no news', () => {
    expect(s('Palladium slides from record highs')).toBeLessThan(-N);
    expect(s('The Kospi slips after touching a ten-year high')).toBeLessThan(-N);
    expect(s('The shipping stock rebounds off its 52-week low')).toBeGreaterThan(N);
  });
});

describe('scorer rules: estimates and approximate move sizes', () => {
  it('binds a direction to an estimate over the period it is for', () => {
    expect(s('The regional Fed raises its Q3 growth estimate')).toBeGreaterThan(N);
    expect(s('Brokers cut their FY earnings estimates for the airline')).toBeLessThan(-N);
  });

  it('reads an approximate size after a weak direction as a move', () => {
    expect(s('The FTSE 100 adds nearly 90 points by midday')).toBeGreaterThan(N);
  });
});

describe('scorer rules: results that top or trail expectations', () => {
  it('reads topping estimates as a beat and trailing or lagging them as a miss', () => {
    expect(s('The brewer tops third-quarter estimates')).toBeGreaterThan(N);
    expect(s('Freight volumes top forecasts in March')).toBeGreaterThan(N);
    expect(s('The chipmaker trails revenue estimates')).toBeLessThan(-N);
    expect(s('Card spending lags expectations in the holiday quarter')).toBeLessThan(-N);
  });

  it('reads "top" before an expectation as an adjective when nothing beat it', () => {
    expect(scoreText('Top estimates for the coffee harvest are due on Friday').sentiment).toBe('neutral');
  });
});

describe('scorer rules: "off" as a fall', () => {
  it('reads "off" before a size as a fall, and as a particle otherwise', () => {
    expect(s('Copper off 0.4% at $9,100 a tonne')).toBeLessThan(-N);
    expect(s('Store sales were off by about 6% on the year')).toBeLessThan(-N);
    expect(s('Handling costs were off 5% on the year')).toBeGreaterThan(N);
    expect(scoreText('The bond was paid off in March').sentiment).toBe('neutral');
    expect(scoreText('The merger is off the table for now').sentiment).toBe('neutral');
  });
});

describe('scorer rules: "up"/"down" after what markets report', () => {
  it('reads "up"/"down" after a market or sector as its move', () => {
    expect(s('Utilities Up As Bond Yields Retreat')).toBeGreaterThan(N);
    expect(s('Healthcare down on drug pricing worries')).toBeLessThan(-N);
    expect(s('Crude up in Asian trade')).toBeGreaterThan(N);
    expect(scoreText('Gold up for auction at the estate sale').sentiment).toBe('neutral');
  });
});

describe('scorer rules: supply of a commodity', () => {
  it('reads less supply as good news in a text about the commodity itself', () => {
    expect(s('Nickel climbs as Indonesian smelters cut output')).toBeGreaterThan(N);
    expect(s('Brent slides as producers boost supply')).toBeLessThan(-N);
    expect(s('$CL:COM - Crude set to gain as the cartel trims production')).toBeGreaterThan(N);
  });

  it('reads supply as a result in a text about a producer', () => {
    expect(s('The Andean miner said its copper output fell 8% in the quarter')).toBeLessThan(-N);
    expect(s('Gold miners cut output as costs soar')).toBeLessThan(-N);
  });

  it('reads a glut as bad news', () => {
    expect(s('A cocoa glut is building in West African ports')).toBeLessThan(-N);
  });
});

describe('scorer rules: levels hit by a quantity where less is better', () => {
  it('reads a low hit by a cost or a gauge of trouble as good news, a high as bad', () => {
    expect(s('Weekly jobless claims hit a five-decade low')).toBeGreaterThan(N);
    expect(s('Youth unemployment hits record low in the region')).toBeGreaterThan(N);
    expect(s('Core inflation at a two-year high')).toBeLessThan(-N);
  });

  it('leaves levels of quantities where more is better as they were', () => {
    expect(s('Quarterly profit hits a record high')).toBeGreaterThan(N);
    expect(s('The shares hit a 52-week low')).toBeLessThan(-N);
  });
});

describe('scorer rules: reasons after "over", stored stocks, initials', () => {
  it('never binds a move to the reason after "over", but reads "over" before a count', () => {
    expect(s('Airline shares slip over fuel price worries')).toBeLessThan(-N);
    expect(s('The carmaker cut over 300 jobs at the plant')).toBeLessThan(-N);
  });

  it('reads crude and gasoline stocks as stored barrels, where more is bad news', () => {
    expect(s('Weekly data show a rise in U.S. crude stocks')).toBeLessThan(-N);
    expect(s('Gasoline stocks fell by 3 million barrels last week')).toBeGreaterThan(N);
  });

  it('reads initials as no end of a sentence', () => {
    expect(s('Exports to the U.K. rose 9% in May')).toBeGreaterThan(N);
  });
});

describe('scorer rules: line breaks', () => {
  it('ends a clause at a line break, so a move never binds the next line', () => {
    expect(s('Quarterly update: store visits up 4%\nLosses at the card unit narrowed')).toBeGreaterThan(N);
    expect(s('Quarterly update: revenue down 9%\nNet loss widened')).toBeLessThan(-N);
  });
});

describe('scorer rules: "up"/"down" after small moves and cashtags', () => {
  it('reads "inch up", "move up" and a cashtag\'s "up" as moves', () => {
    expect(s('Silver prices inch up in quiet trade')).toBeGreaterThan(N);
    expect(s('Palladium prices move up as supply worries ease')).toBeGreaterThan(N);
    expect(s('$ACME down in early trade')).toBeLessThan(-N);
  });

  it('reads a base-form verb before an object as moving the object', () => {
    expect(scoreText('The board will move up the vote to May').sentiment).toBe('neutral');
  });
});

describe('scorer rules: legal matters settled', () => {
  it('reads a lawsuit or probe settled as bad news undone', () => {
    expect(s('Brightwater Foods settles shareholder lawsuit over labelling')).toBeGreaterThan(N);
    expect(s('Ostra Mining agrees to pay $90 million to settle bribery probes')).toBeGreaterThan(N);
    expect(s('The patent lawsuit against Kelto Bio was settled out of court')).toBeGreaterThan(N);
  });

  it('keeps "cancelled out" an offset and settling trades no news', () => {
    expect(s('The currency loss was cancelled out by stronger volumes')).toBeGreaterThan(N);
    expect(s('Bond trades settle two days after the trade date')).toBe(0);
  });

  it('reads a suit, a tax issue or a dispute settled as good news, even with no bad word to undo', () => {
    expect(s('Two lenders settle a bond-rigging suit for $90 million')).toBeGreaterThan(N);
    expect(s('The carmaker settles its tax issue with the state')).toBeGreaterThan(N);
    expect(s('The regulator settles with Harbor Lane over the merger')).toBeGreaterThan(N);
  });

  it('leaves a trade or a price that settles alone', () => {
    expect(scoreText('The trade settles on Tuesday').sentiment).toBe('neutral');
    expect(scoreText('Wheat futures settled at $6.10 a bushel').sentiment).toBe('neutral');
  });
});

describe('scorer rules: initialisms with periods', () => {
  it('reads "U.S." and "U.K." as one word whose periods end no clause', () => {
    expect(s('Forecasters see no U.S. recession next year')).toBeGreaterThan(N);
    expect(s('Ostra Mining pays $40 million to resolve U.K. bribery probe')).toBeGreaterThan(N);
    expect(s('Brightwater Foods opens its first U.S. plant')).toBeGreaterThan(N);
  });
});

describe('scorer rules: a restructuring', () => {
  it('reads cost cuts made by closing sites or cutting jobs as the bad news they come with', () => {
    expect(s('Nordbank to shut 40 branches, slash costs under new chief')).toBeLessThan(-N);
    expect(s('Ostra Mining will cut 300 jobs and reduce costs at its smelter')).toBeLessThan(-N);
  });

  it('leaves a cost cut alone, or in another sentence than the closure, good news', () => {
    expect(s('Brightwater Foods slashes costs')).toBeGreaterThan(N);
    expect(s('Brightwater Foods cut costs sharply. Two depots were closed last year.')).toBeGreaterThan(0);
  });
});

describe('scorer rules: levels that a quantity where less is better reaches', () => {
  it('reads a low reached by a bad quantity as good news and a high as bad', () => {
    expect(s('Weekly jobless claims hit a five-year low')).toBeGreaterThan(N);
    expect(s('Unemployment hits record low in Finland')).toBeGreaterThan(N);
    expect(s('Market volatility is at a record low')).toBeGreaterThan(N);
    expect(s('Inflation hits record high in Sweden')).toBeLessThan(-N);
    expect(s('Factory layoffs hit a record')).toBeLessThan(-N);
  });

  it('leaves a level reached by a good quantity as it was', () => {
    expect(s('Brightwater Foods sales hit record high')).toBeGreaterThan(N);
    expect(s('Ostra Mining shares hit a multi-year low')).toBeLessThan(-N);
  });
});

describe('scorer rules: prizes', () => {
  it('reads a prize won or received as no business news', () => {
    expect(s('Kelto Bio wins design award for its inhaler packaging')).toBe(0);
    expect(s('Nordic Freight receives a sustainability prize from the city')).toBe(0);
    expect(s('The founder of Kelto Bio was awarded a gold medal for engineering')).toBe(0);
  });

  it('keeps contracts awarded and contract awards as business won', () => {
    expect(s('Ostra Mining wins $40 million contract award')).toBeGreaterThan(N);
    expect(s('Nordic Freight awarded a three-year haulage contract')).toBeGreaterThan(N);
  });
});

describe('scorer rules: general news as background', () => {
  it('reads coloured words in politics, war, weather and entertainment news without a market as background', () => {
    expect(scoreText('Furious protesters clashed with police outside the parliament').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Fans love the new movie, and the festival crowd cheered').sentiment).toBe('neutral');
    expect(scoreText('Troops killed in an attack near the border, the minister said').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Hurricane leaves thousands without power as the storm weakens').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Candidates trade bitter attacks in the last presidential debate').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Polls show the opposition candidate with a strong lead').sentiment).toBe('neutral');
    expect(scoreText('My husband and I had a terrible fight about the wedding').sentiment).toBe('neutral');
    expect(scoreText('The murder of a shopkeeper shocked the village').sentiment).toBe('neutral');
  });

  it('keeps every word when the text names a company, an asset, a figure or a business word', () => {
    expect(s("Protests hurt sales at the retailer's city-centre stores")).toBeLessThan(-N);
    expect(s("The storm destroyed the company's main plant")).toBeLessThan(-N);
    expect(s('Troops seized the oil field')).toBeLessThan(-N);
    expect(s('Hackers stole $40 million from the exchange during the holiday')).toBeLessThan(-N);
    expect(s('Students won a prize for a great science project')).toBeGreaterThan(N);
    expect(s('The former chief executive of Brightwater Foods was arrested for fraud')).toBeLessThan(-N);
  });

  it('reads the story of a former holder of public office as background, anchors or not', () => {
    expect(scoreText('Former finance minister goes on trial over the collapse of a bank').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Former ambassador accuses the bank of a cover-up').sentiment).toBe('neutral');
    expect(s('Finance minister goes on trial over the collapse of a bank')).toBeLessThan(-N);
    expect(s('Former Brightwater Foods chief financial officer charged with fraud')).toBeLessThan(-N);
  });
});

describe('scorer rules: a market mixed or flat as a whole', () => {
  it('reads the moves inside a mixed or flat market as details', () => {
    expect(scoreText('Shares mixed in Tokyo, miners slip').sentiment).toBe('neutral');
    expect(scoreText('European stocks end little changed; banks slip').sentiment).toBe('neutral');
    expect(scoreText('Stock market flat at midday as chipmakers lose ground').sentiment).toBe('neutral');
  });

  it('keeps a mixed thing that is not the market, and a market that moves', () => {
    expect(s('Unit volumes stayed flat and the shares sank 12%')).toBeLessThan(-N);
    expect(s('Stocks tumble as chipmakers lose ground')).toBeLessThan(-N);
    expect(s('Harbour Retail posts mixed results, cuts its outlook')).toBeLessThan(-N);
  });
});

describe('scorer rules: what a move leaves behind', () => {
  it('reads a move away from bad or good news by the move', () => {
    expect(s('Harbor Lane shares bounce back from their summer slump')).toBeGreaterThan(N);
    expect(s('Copper rebounds from steep losses')).toBeGreaterThan(N);
    expect(s('The euro retreats from its strong gains of the week')).toBeLessThan(-N);
    // what a company gains from is not left behind
    expect(s('Fenwick Foods benefits from lower costs')).toBeGreaterThan(N);
  });

  it('reads a comeback after bad news by the comeback, unless it is denied', () => {
    expect(s('Bank shares recover after an early selloff')).toBeGreaterThan(N);
    expect(s('Copper rebounds following heavy losses')).toBeGreaterThan(N);
    expect(s('The token is not recovering after the exploit')).toBeLessThan(-N);
    expect(s('Tin prices did not bounce back from the slump')).toBeLessThan(-N);
  });

  it('reads a run named with its length after "after" as background to the move', () => {
    expect(s('Bank shares pull back after a five-day rally')).toBeLessThan(-N);
    expect(s('The dollar slips following a three-week winning streak')).toBeLessThan(-N);
    expect(s('Wheat futures edge higher after a four-day slide')).toBeGreaterThan(N);
  });
});

describe('scorer rules: likelihoods take the polarity of what may happen', () => {
  it('reads a risk, odds or a probability moved by what it is the likelihood of', () => {
    expect(s('The bank lowered its global recession probability')).toBeGreaterThan(N);
    expect(s('The risk of a downturn in housing has receded')).toBeGreaterThan(N);
    expect(s('Default risk at the regional lenders climbed')).toBeLessThan(-N);
    expect(s('The odds of a recovery this year shrink')).toBeLessThan(-N);
    // the bad word is spent in the likelihood, not read twice
    expect(s('Recession odds fell sharply this month')).toBeGreaterThan(N);
  });

  it('leaves the odds of a move to the move', () => {
    expect(s('Odds of a rate cut in June rise')).toBeGreaterThan(N);
  });
});

describe('scorer rules: bad news taken in stride, and strong bad news', () => {
  it('reads bad news shrugged off, brushed off or weathered as good news', () => {
    expect(s('Markets shrugged off the weak factory figures')).toBeGreaterThan(N);
    expect(s('The retailer weathered the slowdown better than its rivals')).toBeGreaterThan(N);
    expect(s('Cocoa is snapping out of its slump')).toBeGreaterThan(N);
    expect(s('For the lenders the worst is over, the central bank says')).toBeGreaterThan(N);
  });

  it('reads "strong" just before bad news as its intensifier, and alone as good news', () => {
    expect(s('Carmakers face strong headwinds next year')).toBeLessThan(-N);
    expect(s('Glimmer Tech reports strong demand for its chips')).toBeGreaterThan(N);
  });
});

describe('scorer rules: good news that ends, and what comes to an end', () => {
  it('reads a good run that ended as bad news, and bad news that came to an end as good', () => {
    expect(s('The housing boom ended abruptly')).toBeLessThan(-N);
    expect(s('The copper rally is coming to an end')).toBeLessThan(-N);
    expect(s('The long slump in freight came to an end')).toBeGreaterThan(N);
    // a close is no end of anything
    expect(s('Bank shares ended higher on Friday')).toBeGreaterThan(N);
  });

  it('reads a reversal by what is reversed just before it', () => {
    expect(s('Chart watchers warn of a rally reversal in bank stocks')).toBeLessThan(-N);
    expect(s('Traders bet on a selloff reversal in copper')).toBeGreaterThan(N);
    expect(s('A reversal of last year losses lifted the insurer')).toBeGreaterThan(N);
  });

  it('reads good news that runs out of steam by the loss of steam', () => {
    expect(s('The tech rally is running out of steam')).toBeLessThan(-N);
    expect(s('The construction boom is losing steam')).toBeLessThan(-N);
  });

  it('reads good news that will not last or is not sustainable as bad, bad news that fades as good', () => {
    expect(s('Strategists say the bond rally will not last')).toBeLessThan(-N);
    expect(s("The airline's return to profit is not sustainable")).toBeLessThan(-N);
    expect(s('The payout looks unsustainable')).toBeLessThan(-N);
    expect(s('The selloff in chip stocks is losing steam')).toBeGreaterThan(N);
  });
});

describe('scorer rules: the oil cartel supply', () => {
  it('reads OPEC output cut as good news and raised as bad, whoever the text opens with', () => {
    expect(s('Saudi Arabia and OPEC partners agree to deeper output cuts')).toBeGreaterThan(N);
    expect(s('OPEC+ will raise production from next month')).toBeLessThan(-N);
    // a producer's own output stays a result
    expect(s('The refiner cut production at its coastal plant')).toBeLessThan(-N);
  });

  it('reads a cut by OPEC with no metric named as a supply cut, and its forecasts as forecasts', () => {
    expect(s('Traders expect another OPEC cut in June')).toBeGreaterThan(N);
    expect(s('OPEC delivers a bigger cut than expected')).toBeGreaterThan(N);
    expect(s('OPEC cuts its oil demand forecast again')).toBeLessThan(-N);
  });
});

describe('scorer rules: less and fewer', () => {
  it('reads less of a quantity as a move down of it', () => {
    expect(s('Builders report fewer layoffs this spring')).toBeGreaterThan(N);
    expect(s('Markets face less policy uncertainty after the vote')).toBeGreaterThan(N);
    expect(s('Mills expect less demand for steel next year')).toBeLessThan(-N);
    expect(s('The yard reported fewer new orders in May')).toBeLessThan(-N);
  });

  it('leaves counts and comparisons with "than" alone', () => {
    expect(s('The mill cut less than 20 jobs')).toBeLessThan(-N);
    expect(scoreText('The index moved less than 1 point').sentiment).toBe('neutral');
  });
});

describe('scorer rules: a negator inside a phrase', () => {
  it('spends the negator of a phrase on the phrase, not on the words after it', () => {
    expect(s("Don't buy into the stretched valuation of the chipmaker")).toBeLessThan(-N);
    expect(s('Harbor Lane is a no brainer, a great business at a fair price')).toBeGreaterThan(N);
    expect(s("Investors don't expect the rally to last")).toBeLessThan(N);
  });
});

describe('scorer rules: causative verbs', () => {
  it('reads the move after "send"/"push"/"drive" as its object\'s, not as the bad news before it moving', () => {
    expect(s('Hack fears send the token tumbling')).toBeLessThan(-N);
    expect(s('War fears push bitcoin lower')).toBeLessThan(-N);
    expect(s('Rate-cut hopes send bitcoin soaring')).toBeGreaterThan(N);
    // without a causative the bad news still moves: fewer complaints is good news
    expect(s('Customer complaints dropped sharply')).toBeGreaterThan(N);
  });
});

describe('scorer rules: a lift with its size', () => {
  it('reads a lift sized after what it lifts as a market move up', () => {
    expect(s('Festive buying lifts the cotton contract 1.4%')).toBeGreaterThan(N);
    expect(s('Bank stocks lifted the benchmark 250 points in late trade')).toBeGreaterThan(N);
  });

  it('still reads an unsized lift only through what it lifts', () => {
    expect(scoreText('The crane lifted the turbine onto the barge').sentiment).toBe('neutral');
    expect(s('The regulator lifted the export ban on rice')).toBeGreaterThan(N);
  });
});

describe('scorer rules: a reason given with "on"', () => {
  it('weighs a reason after "on" that pulls against the move at half', () => {
    expect(s("Harbour Paints gains 3% on a reply to the regulator's warning")).toBeGreaterThan(N);
  });

  it('reads a contrast after "on" as a contrast', () => {
    expect(s('The fund is focused on steel but losses mount')).toBeLessThan(-N);
    expect(s('Kestrel Motors rises on hopes of a deal, but the sector slumps')).toBeLessThan(0);
  });
});

describe('scorer rules: up and down after Indian markets and press shorthand', () => {
  it('reads "up"/"down" after the Sensex, the rupee, "stk", a future or reserves as a move', () => {
    expect(s('Sensex up 300 points in early deals')).toBeGreaterThan(N);
    expect(s('Rupee down against the dollar on oil demand')).toBeLessThan(-N);
    expect(s('Harbour Paints wins export order; stk up')).toBeGreaterThan(N);
    expect(s('The cotton future closed marginally up')).toBeGreaterThan(N);
    expect(s('Central bank reserves up 2% in May')).toBeGreaterThan(N);
  });

  it('does not read "up" as a move after an unrelated word', () => {
    expect(scoreText('The insurer will set up a future fund for staff').sentiment).toBe('neutral');
  });
});

describe('scorer rules: a quantity that is or stays high or low', () => {
  it('reads a level held through the polarity of what holds it', () => {
    expect(s('The refining margin has remained high through the winter')).toBeGreaterThan(N);
    expect(s('Hotel occupancy stayed high in August')).toBeGreaterThan(N);
    expect(s('Freight costs remained high for the packaging maker')).toBeLessThan(-N);
    expect(s('Margins were low in the tissue business last year')).toBeLessThan(-N);
    expect(s('Operating costs are low at the new mill')).toBeGreaterThan(N);
  });

  it('leaves "high" and "low" without a quantity before them alone', () => {
    expect(Math.abs(s('The tower is high and the bridge is low'))).toBeLessThan(N);
  });
});

describe('scorer rules: crypto adoption', () => {
  it('reads launches, listings, integrations and partnerships in crypto news as good news', () => {
    expect(s('Harbourline bank debuts a custody wallet for ether')).toBeGreaterThan(N);
    expect(s('Crestmark exchange lists the Quill token with a euro pair')).toBeGreaterThan(N);
    expect(s('Tollgate Foods teams up with Cardano on supply-chain tokens')).toBeGreaterThan(N);
    expect(s('Orchard Mobile joins forces with an NFT platform for fan passes')).toBeGreaterThan(N);
    expect(s('A furniture chain accepts bitcoin in its Lisbon stores')).toBeGreaterThan(N);
    expect(s('Wavecrest brokerage adds staking for polkadot holders')).toBeGreaterThan(N);
    expect(s('The Quill testnet is now live for developers')).toBeGreaterThan(N);
    expect(s('Brightfield Apparel drops its first NFT collection')).toBeGreaterThan(N);
    expect(s('Daily transactions on the Quill blockchain top 3 million')).toBeGreaterThan(N);
  });

  it('reads a network upgrade completed or activated, and a coin accepted from now on, as good news', () => {
    expect(s('Quill blockchain completes its Harrow upgrade')).toBeGreaterThan(N);
    expect(s('The Harrow hard fork activated on the Quill blockchain')).toBeGreaterThan(N);
    expect(s('Staking pools are rolling out the Harrow client')).toBeGreaterThan(N);
    expect(s('A ski resort chain starts accepting dogecoin for lift passes')).toBeGreaterThan(N);
    expect(s('Tollgate Foods can now accept USDC at its checkouts')).toBeGreaterThan(N);
    expect(scoreText('A ski resort chain refuses to accept dogecoin').sentiment).not.toBe('positive');
  });

  it('takes a crypto exchange named as crypto news, and a mark surpassed or crossed', () => {
    expect(s('Bithumb lists Harrow and Quill')).toBeGreaterThan(N);
    expect(s('Monthly sales of Quill NFTs surpass $90 million')).toBeGreaterThan(N);
    expect(s('Quill wallet users cross 2 million')).toBeGreaterThan(N);
    expect(scoreText('Harrow Bank lists Quill Foods shares').sentiment).toBe('neutral');
  });

  it('reads a coin or a crypto service brought somewhere as adoption', () => {
    expect(s('Quill Pay brings staking to its app')).toBeGreaterThan(N);
    expect(s('Harbourline brings bitcoin trading to Chile')).toBeGreaterThan(N);
    expect(s('The hack brings losses at the bitcoin lender to $50 million')).toBeLessThan(-N);
  });

  it('keeps a crypto text about music, film or sport at full weight (no general-news background)', () => {
    expect(s('Orchard Music joins forces with Polygon on fan passes')).toBeGreaterThan(N);
  });

  it('leaves the same verbs alone outside crypto news, and crypto words that only describe', () => {
    expect(scoreText('Harbourline bank debuts a travel card for students').sentiment).toBe('neutral');
    expect(scoreText('Tollgate Foods teams up with a logistics group').sentiment).toBe('neutral');
    expect(scoreText('The Quill wallet supports more than 3,000 tokens').sentiment).toBe('neutral');
    expect(scoreText('The custody unit will be integrated into the buyer, a blockchain firm').sentiment).toBe(
      'neutral',
    );
  });

  it('keeps a delayed launch, a token drop and a negated listing as what they are', () => {
    expect(s('Crestmark delays its crypto wallet launch again')).toBeLessThan(0);
    expect(s('The Quill token drops 12% after the unlock')).toBeLessThan(-N);
    expect(s('Crestmark has not launched its Quill wallet yet')).toBeLessThan(N);
  });
});

describe('scorer rules: crypto adoption of bad news', () => {
  it('reads a launch, shipment or bill whose object is bad news as that bad news', () => {
    expect(s('Senator introduces bill to bar banks from holding bitcoin')).toBeLessThan(-N);
    expect(s('The Quill wallet ships with a critical flaw')).toBeLessThan(-N);
    expect(s('Vaultline unveils bitcoin vault')).toBeGreaterThan(N);
  });

  it('leaves what product adoption declined to capital adoption neither', () => {
    expect(scoreText('Crypto exchange Harrow adopts a token migration plan').sentiment).toBe('neutral');
    expect(s('Crypto exchange Harrow embraces layoffs')).toBeLessThan(-0.4);
  });

  it('reads a crypto law whose content is bad news as that bad news, no law passed for crypto', () => {
    // -0.46 as the ban alone; the law read as adoption (+1.0) had halved it
    expect(s('The assembly passes a bill to ban bitcoin ATMs')).toBeLessThan(-0.4);
  });
});

describe('scorer rules: crypto taken away from users', () => {
  it('reads a coin, a crypto service or a partnership removed, pulled, blocked or ended as bad news', () => {
    expect(s('Harrow Mobile pulls the Quill wallet from its phones')).toBeLessThan(-N);
    expect(s('A Lisbon lender blocks card payments to crypto platforms')).toBeLessThan(-N);
    expect(s('Lawmaker asks app stores to remove crypto apps')).toBeLessThan(-N);
    expect(s('Tidewell Pay ends partnership with bitcoin broker Norvale')).toBeLessThan(-N);
    expect(s('Brokerage Caravel drops support for dogecoin deposits')).toBeLessThan(-N);
  });

  it('leaves removals that are no such thing, and the same verbs outside crypto news', () => {
    expect(scoreText('Bitcoin ends the month near $70,000').sentiment).toBe('neutral');
    // outside crypto news "ends its partnership" is no withdrawal (it read -0.38 without the gate)
    expect(scoreText('Tidewell Pay ends its partnership talks with a logistics group').sentiment).toBe(
      'neutral',
    );
    expect(s('Crestmark exchange removes withdrawal limits for ether holders')).toBeGreaterThan(-N);
  });
});

describe('scorer rules: good news put off', () => {
  it('reads a launch or an upgrade delayed, postponed or pushed back as bad news', () => {
    expect(s('Quill Labs delays token launch until the autumn')).toBeLessThan(-N);
    expect(s('Harrow chain developers push back the Osprey upgrade')).toBeLessThan(-N);
    expect(s('Tidewell postpones the debut of its payments app')).toBeLessThan(-N);
  });

  it('leaves pushing back against someone as resistance, not a delay', () => {
    expect(s('Crypto lobby pushes back against strong new rules')).toBeGreaterThan(-N);
  });

  it('reads a deadline pushed back as relief, not as good news put off', () => {
    expect(s('The Harrow estate pushed back the creditor repayment deadline to June')).toBeGreaterThan(0);
  });
});

describe('scorer rules: money poured in or pulled out by holders', () => {
  it('reads holders pouring money in as good news, offloading or pulling it out as bad news', () => {
    expect(s('Pension funds poured $2 billion into ether products last month')).toBeGreaterThan(N);
    expect(s('Whales offloaded 90,000 ETH over the weekend')).toBeLessThan(-N);
    expect(s('Investors pulled $700 million from Harrow bond funds')).toBeLessThan(-N);
  });

  it('reads miners and long-term holders selling, distributing or sending coins to exchanges as bad news', () => {
    expect(s('Bitcoin miners moved 12,000 BTC to exchanges on Tuesday')).toBeLessThan(-N);
    expect(s('Long-term ether holders are distributing again')).toBeLessThan(-N);
    expect(s('Quill miners sold most of their March output')).toBeLessThan(-N);
  });

  it('reads cold water poured and coins pulled off exchanges as no sale or purchase', () => {
    expect(scoreText('Bitcoin miners pour cold water on the merger plan').sentiment).toBe('neutral');
    expect(scoreText('Long-term holders pulled 30,000 BTC off exchanges').sentiment).toBe('neutral');
  });
});

describe('scorer rules: a legal matter dismissed', () => {
  it('reads a case or a suit dismissed as good news for the defendant, a dismissal of staff as none', () => {
    expect(s('A Delaware judge dismisses the CFTC case against Quill Markets')).toBeGreaterThan(N);
    expect(s('Appeals panel dismissed the suit over the Harrow token sale')).toBeGreaterThan(N);
    expect(s('Tidewell dismissed its head of marketing')).toBeLessThan(N);
  });
});

describe('scorer rules: crypto adoption, capital', () => {
  it('reads money, institutions and people coming into crypto as good news', () => {
    expect(s('Pension manager Harrowgate invests in two ether funds')).toBeGreaterThan(N);
    expect(s('Lisbon lender Caravel adds bitcoin custody for its clients')).toBeGreaterThan(N);
    expect(s('Brokerage Tidewell acquires a stablecoin payments startup')).toBeGreaterThan(N);
    expect(s('Asset manager Quarrow files for a spot dogecoin ETF')).toBeGreaterThan(N);
    expect(s('Norvale submits paperwork for an XRP exchange-traded fund')).toBeGreaterThan(N);
    expect(s('Former central bank economist joins Kraken as chief strategist')).toBeGreaterThan(N);
    expect(s('Ski resort lets its instructors take wages in bitcoin')).toBeGreaterThan(N);
    expect(s('The club will pay player salaries in bitcoin')).toBeGreaterThan(N);
    expect(s('Staking startup Kelpwise closes $18 million round for its ether vaults')).toBeGreaterThan(N);
    expect(s('Node operator Brightfen raises $9M to build on Solana')).toBeGreaterThan(N);
  });

  it('keeps the same verbs routine outside crypto news, and routine hires and filings in it', () => {
    expect(scoreText('Pension manager Harrowgate invests in two property funds').sentiment).toBe('neutral');
    expect(scoreText('Tidewell acquires a payments startup in Leeds').sentiment).toBe('neutral');
    expect(scoreText('Crypto lender Tallis appoints new head of investor relations').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Bitcoin miner Corvane files its annual report').sentiment).toBe('neutral');
  });

  it('reads a crypto reserve and crypto accepted as good news, holdings stated as no news', () => {
    expect(scoreText('The carmaker holds $90 million in ether').sentiment).toBe('neutral');
    expect(scoreText('The coin is backed one-to-one by dollars held by a custodian').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The miner keeps 900 BTC, bought at an average price of $58,000').sentiment).toBe(
      'neutral',
    );
    expect(s('Province of Valmora plans a provincial bitcoin reserve')).toBeGreaterThan(N);
    expect(s('The harbour authority will accept stablecoins for berth fees')).toBeGreaterThan(N);
    // a central bank holding rates, a price holding a level: no holdings
    expect(scoreText('The central bank holds rates as ether trades sideways').sentiment).toBe('neutral');
  });

  it('reads a stake taken or disclosed in crypto as good news, staking as none', () => {
    expect(s('A Gulf pension fund took a 9% stake in blockchain lender Corvel')).toBeGreaterThan(N);
    expect(s('The endowment revealed a $75 million position in ether funds')).toBeGreaterThan(N);
    expect(scoreText('Validators must stake 32 ETH to join the network').sentiment).toBe('neutral');
  });

  it('reads a former official hired in crypto news as a hire, not as politics', () => {
    expect(s('Former Treasury official joins bitcoin custodian Vaultline as adviser')).toBeGreaterThan(N);
    expect(s('Stablecoin issuer Paxlo appoints ex-deputy governor to its board')).toBeGreaterThan(N);
    // outside crypto news a former official stays politics
    expect(scoreText('Former senator joins the campaign of a mayor after a triumphant rally').sentiment).toBe(
      'neutral',
    );
  });

  it('reads a verb of entering with a particle of leaving as no entry', () => {
    expect(s('Crypto exchange Vaultline backs out of the bank deal')).toBeLessThanOrEqual(N);
    expect(s('Kraken backs away from the Harrow listing plan')).toBeLessThanOrEqual(N);
  });

  it('lets negation and events already read speak', () => {
    expect(s('The broker will not offer bitcoin funds to its clients')).toBeLessThan(0);
    // a verb of entering an earlier rule already read keeps that reading: "added" binds to the losses
    expect(s('The crypto lender added losses of $40 million')).toBeLessThan(-N);
  });
});

describe('scorer rules: crypto news that is no news', () => {
  it('reads sponsored pieces, calendars and crypto products described as no news', () => {
    expect(
      scoreText('Sponsored: Orvella token presale offers great rewards to early buyers!').sentiment,
    ).toBe('neutral');
    expect(scoreText('Calendar: Mainnet Launches and New Listings Coming in June').sentiment).toBe('neutral');
    expect(
      scoreText('Say hello to Pellio, an app that lets families save together in bitcoin').sentiment,
    ).toBe('neutral');
    expect(scoreText("Harwick's marketplace offers collectors verified NFT provenance").sentiment).toBe(
      'neutral',
    );
    // a launch stays one
    expect(s('Harwick launches an NFT marketplace for collectors')).toBeGreaterThan(N);
  });

  it('reads a service stopped for routine work as operations, an incident as bad news', () => {
    expect(scoreText('Bitvale will suspend withdrawals for scheduled maintenance on Sunday').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Dorrin exchange halts ether deposits ahead of the network upgrade').sentiment).toBe(
      'neutral',
    );
    expect(s('Dorrin exchange halts ether deposits after a botched upgrade')).toBeLessThan(-N);
    expect(s('Bitvale pauses withdrawals as reserves run short')).toBeLessThan(-N);
  });

  it('reads routine work on a network or token as operations, not adoption', () => {
    expect(scoreText('Kelvaro DAO completes migration of its token to a new chain').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Mirelle exchange launches token swap portal for MRL holders').sentiment).toBe(
      'neutral',
    );
    // an upgrade completed and a product launched stay adoption
    expect(s('Kelvaro DAO completes its network upgrade')).toBeGreaterThan(N);
    expect(s('Mirelle exchange launches a staking app for MRL holders')).toBeGreaterThan(N);
  });

  it('reads hackathons and contests won, and prizes offered to readers, as no news', () => {
    expect(scoreText('Team Quorra wins first place at the Sevrin hackathon').sentiment).toBe('neutral');
    expect(scoreText('Halvo names the winners of its DOGE trading contest').sentiment).toBe('neutral');
    expect(scoreText('Win up to $2,000 in ether by trading on Halvo this week').sentiment).toBe('neutral');
    // a proxy contest is a fight for control, and a win as a noun is no offer
    expect(s('Orsted Holdings wins proxy contest against an activist investor')).toBeGreaterThan(N);
    expect(s('Win for Corbel as the court rules in its favour')).toBeGreaterThan(N);
  });

  it('reads deals praised to customers as a promotion', () => {
    expect(scoreText('Ravex rolls out attractive staking deals for the new year').sentiment).toBe('neutral');
    expect(scoreText('Hot deals: Orbin exchange cuts trading fees for the weekend').sentiment).toBe(
      'neutral',
    );
  });

  it('reads an explanation of how something works as no news', () => {
    expect(scoreText('Tarnow Labs explains how its new staking rewards would boost yields').sentiment).toBe(
      'neutral',
    );
    expect(s('Tarnow Labs boosts staking rewards for ether holders')).toBeGreaterThan(N);
  });

  it('reads a title closed by a feature label as a feature', () => {
    expect(scoreText('The boom in tokenized treasuries: a deep dive').sentiment).toBe('neutral');
    expect(scoreText('Liquid staking soars in popularity: a primer').sentiment).toBe('neutral');
    // without the article the closing word labels nothing
    expect(s('Liquid staking tokens soar: review')).toBeGreaterThan(N);
  });

  it("reads a press release's 'to the next level' as a promotion", () => {
    expect(scoreText('Velmont Card takes cashback rewards to the next level!').sentiment).toBe('neutral');
    expect(s('Velmont Card doubles cashback rewards for bitcoin buyers')).toBeGreaterThan(N);
  });
});

describe('scorer rules: restitution after a crypto incident', () => {
  it('reads users reimbursed, refunded or repaid and funds returned after an incident as good news', () => {
    expect(s('Wrenfield exchange will reimburse every account hit by the March breach')).toBeGreaterThan(N);
    expect(s('Lending app Corvale refunds depositors caught in the phishing wave')).toBeGreaterThan(N);
    expect(s('Drained bridge Saltmere recovers $20 million of the loot')).toBeGreaterThan(N);
    expect(s('The attacker returned 3,000 ETH to the Pellow protocol')).toBeGreaterThan(N);
    expect(s('Insolvent bitcoin lender Marrow starts repaying its customers')).toBeGreaterThan(N);
    expect(s('Tallis Swap announces a compensation plan for users of the exploited pool')).toBeGreaterThan(N);
  });

  it('reads depositors made whole, funds given back and payouts or airdrops distributed as good news', () => {
    expect(s('Saltmere vault makes every saver whole after the oracle exploit')).toBeGreaterThan(N);
    expect(s('The exploiter of the Pellow pool gives back the stolen ether')).toBeGreaterThan(N);
    expect(s('Bankrupt token lender Marrow sends its first payouts to savers')).toBeGreaterThan(N);
    expect(s('Quill distributes its token airdrop to 300,000 wallets')).toBeGreaterThan(N);
  });

  it('reads a restitution still awaited as no good news', () => {
    expect(scoreText('Marrow token lender savers still waiting for repayments').sentiment).not.toBe(
      'positive',
    );
    expect(s('Ether gives back 4% after the exploit news')).toBeLessThan(-N);
  });

  it('keeps a restitution delayed, denied or feared, and a market recovering, as what they are', () => {
    expect(s('Insolvent bitcoin lender Marrow delays repayments to customers')).toBeLessThan(0);
    expect(s('Holders of the exploited token left without any compensation')).toBeLessThan(0);
    expect(s('Creditor repayment fears spark a bitcoin selloff')).toBeLessThan(-N);
    expect(s('Dogecoin is not recovering after the crash')).toBeLessThan(-N);
    expect(s('The token returns to $2 after the selloff')).toBeLessThan(N);
  });

  it('leaves a company refunding its customers alone outside crypto news', () => {
    expect(scoreText('The airline refunds passengers hit by the strike').sentiment).not.toBe('positive');
  });
});

describe('scorer rules: crypto adoption, rewards announced', () => {
  it('reads an airdrop, a buyback or a burn announced as good news, an airdrop described as none', () => {
    expect(s('Saltmere network confirms an airdrop for its early testers')).toBeGreaterThan(N);
    expect(s('The Pellow DAO announced a token buyback worth $5 million')).toBeGreaterThan(N);
    expect(scoreText('The airdrop snapshot covers wallets active before May').sentiment).toBe('neutral');
    expect(scoreText('Harrow Foods announced a share buyback').sentiment).not.toBe('negative');
  });
});

describe('scorer rules: legal matters dropped or won, laws for crypto passed', () => {
  it('reads a case withdrawn, dropped or overturned, or a ruling for someone, as good news', () => {
    expect(s('State prosecutors withdraw their case against the Quill founders')).toBeGreaterThan(N);
    expect(s('The regulator drops its probe into Harrow Markets')).toBeGreaterThan(N);
    expect(s('Higher court overturns the ruling against the wallet maker')).toBeGreaterThan(N);
    expect(s('Judge rules in favor of the token issuer in its dispute with the agency')).toBeGreaterThan(N);
  });

  it('reads a suit tossed, a probe ended, a tax scrapped and a court siding with someone as good news', () => {
    expect(s('Appeals panel tosses the class action against the Quill exchange')).toBeGreaterThan(N);
    expect(s('The attorney general closes its probe into the wallet maker')).toBeGreaterThan(N);
    expect(s('Parliament scraps the planned levy on token trades')).toBeGreaterThan(N);
    expect(s('The tribunal sides with the miner in its row with the utility')).toBeGreaterThan(N);
    // a ban ended or overturned ("drops 5% on ban fears" stays a fall)
    expect(s('The province ends its crypto mining ban')).toBeGreaterThan(N);
    expect(s('Court overturns the bitcoin ATM ban')).toBeGreaterThan(N);
    expect(s('The assembly votes to end the crypto mining ban')).toBeGreaterThan(N);
    expect(s('Bitcoin drops 5% on ban fears')).toBeLessThan(-N);
  });

  it('reads a court siding with the authorities as bad news for the one they pursue', () => {
    expect(s('The court sides with the SEC in its case against the Quill exchange')).toBeLessThan(-N);
    expect(s('Judge rules in favor of regulators against the token issuer')).toBeLessThan(-N);
  });

  it('keeps a fall, and a favor that is no ruling, as what they are', () => {
    expect(s('The Quill token drops 9% on lawsuit fears')).toBeLessThan(-N);
    expect(scoreText('Analysts favor the case for the merger').sentiment).not.toBe('positive');
  });

  it('reads a crypto law passed or enacted as good news, and a ban passed as bad', () => {
    expect(s('The assembly passes a stablecoin bill after a long debate')).toBeGreaterThan(N);
    expect(s('The state senate passed the bitcoin custody bill on Friday')).toBeGreaterThan(N);
    expect(s('Parliament passes a bill to ban crypto mining')).toBeLessThan(0);
    expect(scoreText('The assembly passes a farm bill after a long debate').sentiment).toBe('neutral');
  });
});

describe('scorer rules: crypto adoption, burns, endorsements and partners tapped', () => {
  it('reads supply burned, a coin endorsed or bought and a partner tapped as good news', () => {
    expect(s('The Quill network burned 2 million tokens in its first month')).toBeGreaterThan(N);
    expect(s('Veteran fund manager endorses ether for long-term savers')).toBeGreaterThan(N);
    expect(s('The pension fund says it is buying bitcoin for the first time')).toBeGreaterThan(N);
    expect(s('Harbourline Bank taps Chainlink for its tokenized deposits')).toBeGreaterThan(N);
  });

  it('keeps cash burned, buying stopped and a hire as what they are', () => {
    expect(scoreText('The NFT startup burns through its cash').sentiment).not.toBe('positive');
    // a burn that ends the text has no size
    expect(scoreText('Token mints and burns').sentiment).toBe('neutral');
    expect(scoreText('The protocol burns over').sentiment).toBe('neutral');
    expect(scoreText('Retail traders stopped buying bitcoin in May').sentiment).not.toBe('positive');
    expect(scoreText('The Quill token exchange taps its finance head as chief executive').sentiment).toBe(
      'neutral',
    );
  });
});

describe('scorer rules: taxes on crypto', () => {
  it('reads a new crypto tax as bad news and its taxed base as no news', () => {
    expect(s('The ministry proposes a 25% tax on token staking gains')).toBeLessThan(-N);
    expect(s('Seoul imposes a levy on bitcoin withdrawals')).toBeLessThan(-N);
    // the taxing verb is the tax's even where another rule read it as good news (a launch, a rise)
    expect(s('Hanoi introduces a tax on token trading profits')).toBeLessThan(-N);
    expect(s('The treasury raises the levy on bitcoin transfers')).toBeLessThan(-N);
    expect(s('Lawmakers approve a new tax on crypto staking income')).toBeLessThan(-N);
  });

  it('reads a crypto tax cut or abolished as good news, and leaves company results alone', () => {
    expect(s('Lisbon lowers the tax on crypto profits')).toBeGreaterThan(N);
    // (a tax scrapped is legalEnded's: see "legal matters dropped or won")
    expect(s('The ministry abolishes the tax on bitcoin mining')).toBeGreaterThan(N);
    expect(s('Acme reports gains on its property sales')).toBeGreaterThan(N);
  });
});

describe('scorer rules: crypto services stopped or shut, taxes levied, giveaway scams, things auctioned off', () => {
  it('reads a coin or a crypto service stopped, shut or disabled for users as bad news', () => {
    expect(compound('Furniture chain stops taking bitcoin at its stores')).toBeLessThan(-N);
    expect(compound('Crypto broker Quill shuts futures trading for Canadian clients')).toBeLessThan(-N);
    expect(compound('The Harrow crypto exchange is shutting down in March')).toBeLessThan(-N);
  });

  it('reads what is done with a coin or a crypto firm no longer as taken away', () => {
    expect(compound('The chip maker will no longer sell bitcoin mining rigs in Asia')).toBeLessThan(-N);
    expect(compound('Clients of the bank can no longer wire money to crypto exchanges')).toBeLessThan(-N);
    expect(compound('The ferry line no longer accepts dogecoin')).toBeLessThan(-N);
    // bad news no longer done is negation's, and a state names no coin
    expect(compound('The province no longer bans bitcoin mining')).toBeGreaterThan(N);
    expect(scoreText('The token is no longer a security, the court says').sentiment).toBe('neutral');
  });

  it('reads a tax levied on crypto as bad news, its base as no gain', () => {
    expect(compound('Ministry to levy a tax on crypto trading gains')).toBeLessThan(-N);
  });

  it('reads a giveaway scam as an incident, not a promotion', () => {
    expect(compound('Fake ether giveaway scam drains wallets of victims')).toBeLessThan(-N);
    // a giveaway stays a promotion
    expect(scoreText('Join our bitcoin giveaway and win big!').sentiment).toBe('neutral');
  });

  it('reads "off" after auction or pay as the verb particle, no fall', () => {
    expect(scoreText('The marshals will auction off 40 BTC next week').sentiment).toBe('neutral');
    expect(scoreText('The miner paid off $20 million of loans').sentiment).not.toBe('negative');
  });
});

describe("scorer rules: buyers' guides and failed attacks", () => {
  it('reads a coin bought or sold somewhere or somehow as a guide, not a call', () => {
    expect(scoreText('Buy Bitcoin in Portugal').sentiment).toBe('neutral');
    expect(scoreText('Sell Ether with a prepaid card').sentiment).toBe('neutral');
    // a call on a coin stays a call
    expect(s('Buy Bitcoin, target $90,000')).toBeGreaterThan(N);
    // a coin to buy at a price is a call, at a shop a guide
    expect(s('Buy Bitcoin at $60,000, target $80,000')).toBeGreaterThan(N);
    expect(scoreText('Buy Bitcoin at a kiosk near you').sentiment).toBe('neutral');
    expect(s('Analyst: sell Dogecoin now')).toBeLessThan(-N);
  });

  it('reads an attack that failed as no harm, and a failed plan as a failure', () => {
    expect(scoreText('An unsuccessful attack on the Quill network fooled two validators').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Foiled hack on the bridge, say its developers').sentiment).toBe('neutral');
    expect(s('Acme abandons its failed attempt to buy a rival')).toBeLessThan(-N);
    expect(s('Hackers attack the Quill bridge')).toBeLessThan(-N);
  });
});

describe('scorer rules: elliptical questions, harm spared', () => {
  it('reads any question as asking, not telling, but a rhetorical "who"', () => {
    expect(scoreText('Looking for big gains? A guide to token staking').sentiment).toBe('neutral');
    expect(scoreText('Wallet hacks? A hardware key maker has an answer.').sentiment).toBe('neutral');
    expect(s('Who still trusts this exchange after the hack?')).toBeLessThan(-N);
  });

  it('reads bad news that spared something as no harm to it', () => {
    expect(scoreText('The market crash spared the stablecoin holders').sentiment).toBe('neutral');
    expect(scoreText('A sharp selloff spared bank stocks').sentiment).toBe('neutral');
    expect(s('A sharp selloff hit bank stocks')).toBeLessThan(-N);
  });
});

describe('scorer rules: contests and invitations are promotions', () => {
  it('reads trading contests and an invitation opening a sentence as a promotion', () => {
    expect(
      scoreText('Harbour Exchange celebrates its anniversary with rewards, prizes and trading contests')
        .sentiment,
    ).toBe('neutral');
    expect(scoreText('Join the Quill presale and get the best rewards!').sentiment).toBe('neutral');
    expect(scoreText('Earn great rewards by staking Quill tokens').sentiment).toBe('neutral');
    // not an invitation inside a sentence, nor a verb that only looks like one
    expect(s('Analysts say miners earn great rewards')).toBeGreaterThan(N);
    // proxy contests are fights for control of a company, no promotion that silences the text
    expect(s('Activist funds win proxy contests at two lenders, shares jump 8%')).toBeGreaterThan(N);
  });
});

describe('scorer rules: crypto adoption to come, announced, signed and bought', () => {
  it('reads adoption in the progressive or after "to"/"will" as good news', () => {
    expect(s('The Quill exchange is launching a staking desk for NFT collectors')).toBeGreaterThan(N);
    expect(s('Harbourline Bank to integrate a stablecoin wallet next quarter')).toBeGreaterThan(N);
    expect(s('The marketplace will list three new tokens on Monday')).toBeGreaterThan(N);
    expect(s('The exchange is bringing staking to Europe')).toBeGreaterThan(N);
  });

  it('reads a launch or support announced, a deal signed and coins purchased as good news', () => {
    expect(s('The Quill wallet announces the launch of its token bridge')).toBeGreaterThan(N);
    expect(s('The exchange announces support for a euro stablecoin')).toBeGreaterThan(N);
    expect(s('The token project signs a shirt deal with a cycling team')).toBeGreaterThan(N);
    expect(s('The software maker purchases more bitcoin for its treasury')).toBeGreaterThan(N);
  });

  it('leaves refusals, contests and company releases alone', () => {
    expect(scoreText('The Quill exchange refuses to list the new memecoin').sentiment).not.toBe('positive');
    expect(scoreText('The race to launch a bitcoin fund in Europe').sentiment).toBe('neutral');
    // one refusal check for every verb after "to": buying, testing and accepting too
    expect(scoreText('The pension fund refuses to buy bitcoin').sentiment).toBe('neutral');
    expect(scoreText('The exchange refuses to test the new token').sentiment).toBe('neutral');
    expect(s('The pension fund plans to buy bitcoin')).toBeGreaterThan(N);
    expect(scoreText('Acme is launching a new range of garden tools').sentiment).toBe('neutral');
    expect(scoreText('Acme signs a supply agreement with a utility').sentiment).not.toBe('negative');
  });
});

describe('scorer rules: crypto income earned, coins to be accepted, purchases announced', () => {
  it('reads crypto income stated as an amount as good news', () => {
    expect(s('Ether stakers earned $40 million in fees last week')).toBeGreaterThan(N);
    expect(s('The token marketplace generated $12 million in revenue in its first year')).toBeGreaterThan(N);
  });

  it('reads a coin to be accepted and a coin purchase announced as good news', () => {
    expect(s('The museum to accept bitcoin for its tickets')).toBeGreaterThan(N);
    expect(s('The fund announces a purchase of 900 bitcoin')).toBeGreaterThan(N);
  });

  it('leaves company results, losses and refusals alone', () => {
    expect(scoreText('The brewer earned $40 million in revenue last quarter').sentiment).toBe('neutral');
    expect(s('The crypto lender posted $50 million in losses')).toBeLessThan(-N);
    expect(scoreText('The shop refuses to accept bitcoin from tourists').sentiment).not.toBe('positive');
  });
});

describe('scorer rules: digital currencies and products trialled', () => {
  it('reads central-bank digital currencies and dapps as crypto, and their trials as adoption', () => {
    expect(s('The central bank trials a wholesale CBDC with two lenders')).toBeGreaterThan(N);
    expect(s('Beijing to test the digital yuan in two more cities')).toBeGreaterThan(N);
    expect(s('The studio launches its second dapp on the network')).toBeGreaterThan(N);
    expect(s('The exchange tests a new staking product')).toBeGreaterThan(N);
  });

  it('leaves a price level tested, and a test or pilot named, as no adoption', () => {
    expect(scoreText('Bitcoin tests support at $30,000').sentiment).toBe('neutral');
    expect(scoreText('Ether is testing key support').sentiment).toBe('neutral');
    expect(scoreText('The CBDC pilot ends in May').sentiment).toBe('neutral');
    expect(s('A test of the digital yuan failed')).toBeLessThan(-N);
  });
});

describe('scorer rules: crypto usage stated as a figure', () => {
  it('reads trading volume or market value reaching a figure as good news', () => {
    expect(s('Weekly NFT trading volume neared $2 billion in August')).toBeGreaterThan(N);
    expect(s('Monthly stablecoin transfer volumes broke $900 billion')).toBeGreaterThan(N);
    expect(s('The total crypto market cap hits $3 trillion')).toBeGreaterThan(N);
  });

  it('leaves bad news counted and a price level in another clause alone', () => {
    expect(s('Crypto phishing volume hit $9 billion in 2023')).toBeLessThan(-N);
    expect(scoreText('Trading volume thinned and bitcoin reached $30,000').sentiment).not.toBe('positive');
    expect(scoreText('The bitcoin price reached $30,000 as trading volume thinned').sentiment).not.toBe(
      'positive',
    );
    // a comma closes the clause before the verb
    expect(scoreText('As trading volume thinned, the bitcoin price reached $30,000').sentiment).not.toBe(
      'positive',
    );
  });
});

describe('scorer rules: what a crypto product does now', () => {
  it('reads a capability that is new ("now supports", "can now mint") as adoption', () => {
    expect(s('The Quill wallet now supports two more stablecoins')).toBeGreaterThan(N);
    expect(s('Holders can now stake their tokens from the mobile app')).toBeGreaterThan(N);
    expect(s('The sports club now pays part of its staff in bitcoin')).toBeGreaterThan(N);
  });

  it('leaves a plain description as no news', () => {
    expect(scoreText('The Quill wallet supports two stablecoins').sentiment).toBe('neutral');
  });
});

describe('scorer rules: a comeback since a fall', () => {
  it('reads what a comeback came back from "since" as behind it', () => {
    expect(s('The network hash rate has recovered by 35% since the summer crash')).toBeGreaterThan(N);
    expect(s('The index has rebounded 12% since the October selloff')).toBeGreaterThan(N);
  });

  it('keeps a fall since a date a fall', () => {
    expect(s('The index has plunged 12% since the October results')).toBeLessThan(-N);
  });
});

describe('scorer rules: a crypto team or unit set up', () => {
  it('reads a team, desk or unit formed for crypto as adoption', () => {
    expect(s('The carmaker forms a new blockchain team in Berlin')).toBeGreaterThan(N);
    expect(s('The insurer is creating a digital asset desk for its clients')).toBeGreaterThan(N);
  });

  it('leaves a unit that polices crypto as no adoption', () => {
    expect(scoreText('The regulator creates a crypto enforcement unit').sentiment).not.toBe('positive');
  });
});

describe('scorer rules: crypto mining capacity bought or set up', () => {
  it('reads mining machines ordered, hosted or a mine set up as adoption', () => {
    expect(s('The bitcoin miner orders 8,000 more machines from its supplier')).toBeGreaterThan(N);
    expect(s('The utility will host 15,000 bitcoin miners at its plant')).toBeGreaterThan(N);
    expect(s('The company is setting up a new bitcoin mine in Kentucky')).toBeGreaterThan(N);
  });

  it('leaves an order given to a miner as no purchase', () => {
    expect(scoreText('The court ordered the bitcoin miner to move its machines').sentiment).toBe('neutral');
  });
});

describe('scorer rules: the setting of a move', () => {
  it('never binds a move to the selloff or downtrend it happens in', () => {
    expect(s('Regional lender shares tumbled in a broad selloff on Wednesday')).toBeLessThan(-N);
    expect(s('Mining stocks slid in the downtrend that followed the report')).toBeLessThan(-N);
    expect(s('Airline shares sank during a selloff in travel names')).toBeLessThan(-N);
    // what moved is still bound when it is no setting
    expect(s('The company cut costs in its shipping unit')).toBeGreaterThan(N);
  });

  it('does not read a move inside a "during" phrase as the bad news before it moving', () => {
    expect(s('Several lending tokens crash during the overnight drop')).toBeLessThan(-N);
    expect(s('A wallet outage during the sudden plunge angered traders')).toBeLessThan(-N);
    expect(s('Complaints about the exchange dropped sharply')).toBeGreaterThan(N);
  });
});

describe('scorer rules: business listed is no coin listed', () => {
  it('does not read a bill, a law or an agenda item listed as a coin listing', () => {
    expect(s('Lawmakers will list the token regulation bill for a second reading')).toBeLessThan(N);
    expect(s('The assembly lists a crypto tax amendment on next week’s agenda')).toBeLessThan(N);
    // a token listed stays adoption
    expect(s('The exchange lists two new gaming tokens this week')).toBeGreaterThan(N);
  });
});

describe('scorer rules: a taxed base that is a list', () => {
  it('reads every item of the taxed base as the base, none as good news', () => {
    expect(s('The ministry wants to levy taxes on token trading and gains from staking')).toBeLessThan(-N);
    expect(s('The state will impose a tax on bitcoin sales and mining rewards')).toBeLessThan(-N);
  });
});

describe('scorer rules: a chain or project named after "to"/"with" in crypto news', () => {
  it('reads a capitalised word after "to" or "with" in sentence-case crypto news as a name', () => {
    expect(s('Several lending apps are moving their tokens to Optimism this quarter')).toBeLessThan(N);
    expect(
      s('The wallet team said its token bridge now works with Optimism and two other chains'),
    ).toBeLessThan(N);
  });

  it('keeps the word when a noun follows it or the text is no crypto news', () => {
    expect(s('The analyst compared the token to Ponzi schemes of the past')).toBeLessThan(-N);
    expect(s('The survey points to optimism among small retailers')).toBeGreaterThan(N);
  });
});

// Conditions inside rules that no earlier test reached (each sentence crosses the neutral band the
// other way with its condition removed; found by the final review of sessions 5 and 6).
describe('scorer rules: conditions inside rules', () => {
  it('reads an incident after an upgrade as an incident, routine work only when scheduled', () => {
    expect(s('Dorrin exchange halts ether deposits after the network upgrade')).toBeLessThan(-N);
  });

  it('takes a selloff as the setting of a move only after "in"', () => {
    expect(s('Bargain hunters halted the selloff in bank stocks')).toBeGreaterThan(N);
  });

  it('reads a capitalised word after "to" as a project name only in crypto news', () => {
    expect(s('Household surveys point to Optimism this spring')).toBeGreaterThan(N);
  });

  it('leaves an explainer of why something will happen its words', () => {
    expect(s('Analyst explains why the token will crash')).toBeLessThan(-N);
  });

  it("keeps a coin sold at a place a buyer's guide", () => {
    expect(scoreText('Sell Ether at an ATM in Toronto').sentiment).toBe('neutral');
  });

  it('reads a motion to dismiss as a filing, no legal matter ended', () => {
    expect(s('Quill Markets files a motion to dismiss the lawsuit')).toBeLessThan(-N);
  });

  it('reads a burn of a size as supply burned, a price level tested as no trial, a hire "as" routine', () => {
    expect(s('Harrow burns over 10,000 ETH')).toBeGreaterThan(N);
    expect(scoreText('Bitcoin tests $30,000 again').sentiment).toBe('neutral');
    expect(scoreText('Bitcoin exchange Quill taps Lee as chief for its wallet arm').sentiment).toBe(
      'neutral',
    );
  });
});
