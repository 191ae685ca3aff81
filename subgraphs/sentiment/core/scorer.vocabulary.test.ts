/**
 * Vocabulary groups added for company releases (orders, deliveries, capacity, workforce, results
 * wording), each with example sentences written for this test (none taken from any evaluation set).
 */
import { LABEL_THRESHOLDS } from './labels';
import { compound, scoreText } from './scorer';

const N = LABEL_THRESHOLDS.neutral;
const s = (text: string) => compound(text);

describe('scorer vocabulary: staff and work cut back', () => {
  it('reads redundancies, short-time work and shorter weeks as bad news', () => {
    expect(s('Forty office staff will be made redundant at the Oulu site')).toBeLessThan(-N);
    expect(s('The foundry will introduce short-time work for its 300 employees')).toBeLessThan(-N);
    expect(s('The sawmill moves to a four-day week from next month')).toBeLessThan(-N);
    expect(s('Output at the smelter will be run down over the winter')).toBeLessThan(-N);
  });

  it('reads demand that weakens as bad news', () => {
    expect(s('Orders for paper machines are expected to weaken next year')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: orders and deliveries won', () => {
  it('reads a customer ordering from the supplier, or a supplier agreeing to deliver, as good news', () => {
    expect(s('A Polish utility has ordered six transformers from Sähkömuuntaja Oy')).toBeGreaterThan(N);
    expect(
      s('Kivikone has agreed to supply four drilling rigs to a quarry operator in Norway'),
    ).toBeGreaterThan(N);
    expect(s('The yard will supply two ice-class tankers to a Russian shipowner')).toBeGreaterThan(N);
    expect(
      s('Insinööritoimisto Laakso has been commissioned to design a biomass power plant'),
    ).toBeGreaterThan(N);
  });

  it('reads record and full order books as good news, and a record loss as bad news', () => {
    expect(s('The contract is the largest ever order in the history of the shipyard')).toBeGreaterThan(N);
    expect(s("The foundry's order books are full until next autumn")).toBeGreaterThan(N);
    expect(s('Our order intake has never been stronger, the chief executive said')).toBeGreaterThan(N);
    expect(s('The airline reported its largest ever loss for the winter quarter')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: dividends skipped, first profits, drug trials', () => {
  it('reads a skipped dividend as bad news and a first profit as good news', () => {
    expect(s('The board will propose that no dividend be paid for last year')).toBeLessThan(-N);
    expect(s('The Swedish subsidiary made its first annual profit in 2006')).toBeGreaterThan(N);
  });

  it('reads a trial goal met or missed, and a licence to sell a drug, by their outcome', () => {
    expect(s('The vaccine study met its primary endpoint, the biotech group said')).toBeGreaterThan(N);
    expect(s('The asthma study missed its primary endpoint, the biotech group said')).toBeLessThan(-N);
    expect(
      s('Lääkekehitys has received marketing authorisation for its allergy tablet in Sweden'),
    ).toBeGreaterThan(N);
  });

  it('keeps a medical term neutral', () => {
    expect(scoreText('The device measures blood pressure at home').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: raw materials are a cost', () => {
  it('reads dearer raw materials as bad news and cheaper ones as good news', () => {
    expect(s('The supplier increased our raw material costs by eight per cent')).toBeLessThan(-N);
    expect(s('The bakery cut its raw material costs by a tenth')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: product and trade descriptions', () => {
  it('keeps descriptions of tools, machines, products, ships and trading neutral', () => {
    const cls = (t: string) => scoreText(t).sentiment;
    expect(cls('The group makes cutting tools and saw blades for the wood industry')).toBe('neutral');
    expect(cls('Its cut-to-length harvesters are sold in 30 countries')).toBe('neutral');
    expect(cls('The chain sells energy-efficient lighting and insulation')).toBe('neutral');
    expect(cls('The ferries are laid up in Turku during the winter months')).toBe('neutral');
    expect(cls('The shares were among the most actively traded in Stockholm')).toBe('neutral');
  });
});

describe('scorer vocabulary: sites of trade and service opened and closed', () => {
  it('reads service centres and hypermarkets opened as growth and closed as retreat', () => {
    expect(s('The forklift dealer opened a new service centre in Tampere')).toBeGreaterThan(N);
    expect(s('The grocer opened two hypermarkets in Riga this spring')).toBeGreaterThan(N);
    expect(s('The bank will close its call centre in Vaasa')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: capacity built and put to work', () => {
  it('reads construction started, new plants and investment programmes as growth', () => {
    expect(s('The developer started construction of 90 terraced houses in Espoo')).toBeGreaterThan(N);
    expect(s('The dairy will build a new cheese plant in Estonia')).toBeGreaterThan(N);
    expect(s('The brewery announced a three-year investment programme for its Lahti site')).toBeGreaterThan(
      N,
    );
    expect(s('The new recycling line reached full capacity in March')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: subscriptions, unsold stock, collusion, work kept', () => {
  it('reads more subscriptions as growth', () => {
    expect(s('Broadband subscriptions increased by 12,000 in the spring')).toBeGreaterThan(N);
  });

  it('reads unsold stock and price collusion as bad news', () => {
    expect(s('The builder is left with 300 unsold flats in Tallinn')).toBeLessThan(-N);
    expect(s('The regulator accused the two dairies of collusion')).toBeLessThan(-N);
  });

  it('reads a strike over, things back to normal and jobs secured as good news', () => {
    expect(s('Port workers ended their strike on Friday')).toBeGreaterThan(N);
    expect(s('Deliveries from the mill have returned to normal')).toBeGreaterThan(N);
    expect(s('The frigate contract will secure jobs at the yard for two years')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: successions, boilerplate and one-off items', () => {
  const cls = (t: string) => scoreText(t).sentiment;
  it('keeps a successor named and company self-descriptions neutral', () => {
    expect(cls('Anna Virtanen succeeds Mikko Salo as head of the paper division')).toBe('neutral');
    expect(cls('The group is a leading provider of elevator maintenance in the Baltics')).toBe('neutral');
    expect(cls('The new unit will be responsible for sales in Poland')).toBe('neutral');
    expect(cls('The retailer has relaunched its loyalty programme')).toBe('neutral');
  });

  it('keeps a one-off gain neutral and reads one-off costs as bad news', () => {
    expect(cls('The figure includes a non-recurring gain from the sale of a warehouse')).toBe('neutral');
    expect(s('The quarter was burdened by non-recurring costs from closing the Pori unit')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: postponements, money raised, penalties, costs passed on', () => {
  const cls = (t: string) => scoreText(t).sentiment;
  it('reads a launch postponed as bad news', () => {
    expect(s('The launch of the new ferry service has been postponed to next year')).toBeLessThan(-N);
  });

  it('keeps the proceeds of an issue neutral', () => {
    expect(cls('The directed issue will raise net proceeds of about 12 mn euros')).toBe('neutral');
  });

  it('reads a fine imposed as bad news and costs passed on to customers as good news', () => {
    expect(s('The court decided to impose a fine on the two cement makers')).toBeLessThan(-N);
    expect(s('The bakery said the dearer flour will be passed on to customers in full')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: takeover bids', () => {
  it('reads a takeover bid as good news for the holders of the target', () => {
    expect(s('A Swedish rival is preparing a takeover bid for the Tampere software house')).toBeGreaterThan(
      N,
    );
  });
});

describe('scorer vocabulary: shares taken up', () => {
  it('reads taking up shares as subscribing, not as a move up', () => {
    expect(scoreText('The two main owners will take up their pro rata share of the issue').sentiment).toBe(
      'neutral',
    );
    expect(s('The share issue was undersubscribed, and the guarantors took up the rest')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: analysts verdicts and advice', () => {
  it('reads doing better or worse than peers as good or bad news', () => {
    expect(s('Brightwater Foods keeps outperforming its rivals')).toBeGreaterThan(N);
    expect(s('Ostra Mining shares are underperforming the sector')).toBeLessThan(-N);
    expect(s('The fund posted another year of outperformance')).toBeGreaterThan(N);
  });

  it('reads a verdict or advice on a stock as good or bad news', () => {
    expect(s('Halden turns more constructive on Brightwater Foods')).toBeGreaterThan(N);
    expect(s('Regulators give a thumbs down to the Ostra Mining merger')).toBeLessThan(-N);
    expect(s('Strategist says it is time to sell chip stocks')).toBeLessThan(-N);
    expect(s('Four reasons to buy Brightwater Foods now')).toBeGreaterThan(N);
  });

  it('reads enthusiasm for a stock as good news and a nosedive as bad', () => {
    expect(s('Pension funds are crazy about Brightwater Foods')).toBeGreaterThan(N);
    expect(s("Pension funds aren't crazy about Brightwater Foods anymore")).toBeLessThan(-N);
    expect(s('Investor interest in Ostra Mining took a nosedive')).toBeLessThan(-N);
  });

  it('reads a short seller going short or publishing a short report as bad news', () => {
    expect(s('Activist fund goes short Brightwater Foods')).toBeLessThan(-N);
    expect(s('Ostra Mining slides after a short report')).toBeLessThan(-N);
    expect(s('Short squeeze lifts Ostra Mining')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: names, courts, sectors and rich lists', () => {
  it('reads company names, courts and sectors that are everyday words as no feeling', () => {
    expect(scoreText('Amazon opens a second warehouse near Lyon').sentiment).toBe('neutral');
    expect(scoreText('Wells Fargo names a new head of retail banking').sentiment).toBe('neutral');
    expect(scoreText('Liberty Media to spin off its radio unit').sentiment).toBe('neutral');
    expect(scoreText('The Supreme Court will hear the Justice Department appeal in March').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Beauty and fitness retailers report their quarterly sales next week').sentiment).toBe(
      'neutral',
    );
    expect(s('Amazon shares jump after strong holiday sales')).toBeGreaterThan(N);
    expect(scoreText("The world's richest woman buys a house in Monaco").sentiment).toBe('neutral');
    expect(scoreText('The wealthiest investors hold more cash than a year ago').sentiment).toBe('neutral');
  });
});

describe("scorer vocabulary: the day's movers", () => {
  it('balances a list of gainers and losers, and reads either alone by its side', () => {
    expect(scoreText('Energy - Top 5 Gainers / Losers').sentiment).toBe('neutral');
    expect(scoreText('Orlen Mining leads materials gainers; Brix and Tallis among losers').sentiment).toBe(
      'neutral',
    );
    expect(s('Orlen Mining among premarket gainers')).toBeGreaterThan(N);
    expect(s('Orlen Mining among premarket losers')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: initial public offerings', () => {
  it('reads an IPO filed or priced as no news, and how the shares trade after it by its move', () => {
    expect(scoreText('Acme Robotics files for an IPO on Nasdaq').sentiment).toBe('neutral');
    expect(scoreText('Brightwater Foods prices its IPO at $14 a share').sentiment).toBe('neutral');
    expect(s('Brightwater Foods shares jump 30% above their IPO price')).toBeGreaterThan(N);
    expect(s('Brightwater Foods postpones IPO')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: honours and celebrations', () => {
  it('reads honours, prizes and celebrations as human interest, and a contract awarded as business won', () => {
    expect(scoreText('The bank honors its volunteers at a gala dinner').sentiment).toBe('neutral');
    expect(scoreText('The brewer celebrates its 150th anniversary this weekend').sentiment).toBe('neutral');
    expect(scoreText("A local engineer wins this year's innovation prize").sentiment).toBe('neutral');
    expect(s('Nordvolt was awarded a EUR 40 mn contract to build the substation')).toBeGreaterThan(N);
  });
});
