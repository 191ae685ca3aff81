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

  it('reads the Nordic labour-law talks that precede lay-offs as bad news, under each of their names', () => {
    expect(s('The printing house will open personnel negotiations covering its 45 staff')).toBeLessThan(-N);
    expect(s('Talvikka Oy has begun employer-employee negotiations at its Lahti bakery')).toBeLessThan(-N);
    expect(s('The employer-employee talks cover all 120 workers of the sawmill')).toBeLessThan(-N);
    expect(s('The retailer launched change negotiations concerning its head office')).toBeLessThan(-N);
    expect(s('The mill starts co-determination negotiations in Sweden')).toBeLessThan(-N);
  });

  it('reads staff a company will no longer need as a cut announced mildly', () => {
    expect(s('After the merger about 60 office roles will no longer be needed')).toBeLessThan(-N);
    expect(s('Twelve drivers will no longer be needed once the depot moves to Vantaa')).toBeLessThan(-N);
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

  it('keeps what a drug or a food lowers, its use, out of the news', () => {
    const cls = (t: string) => scoreText(t).sentiment;
    expect(cls('The dairy and a Swedish partner will develop its cholesterol-lowering spread')).toBe(
      'neutral',
    );
    expect(cls('Sales of its blood pressure lowering drug are handled by a partner')).toBe('neutral');
  });

  it('reads trades named after contracts as descriptions, a contract won and an economy contracting as news', () => {
    const cls = (t: string) => scoreText(t).sentiment;
    expect(cls("The builder's general contracting arm has 900 employees in Tampere")).toBe('neutral');
    expect(cls('The Danish unit is a contract manufacturer of hearing aid parts')).toBe('neutral');
    expect(cls('The economy is contracting for a third quarter')).toBe('negative');
    expect(cls('The builder won a contract from the city of Oulu')).toBe('positive');
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

  it('reads every form of "succeed" before a person as a succession, "succeed in" as success', () => {
    expect(cls('Lena Berg was named finance director of the shipyard to succeed Olli Rask')).toBe('neutral');
    // 'succeeded' alone stays under the neutral band (VADER's 0.72 at general weight): compare with 0
    expect(s('The former plant manager succeeded her as chief operating officer')).toBeCloseTo(0, 1);
    expect(cls('The brewer succeeded in winning back market share')).toBe('positive');
    expect(cls('The brewer succeeds in its bid for the rival')).toBe('positive');
    expect(cls('She will be succeeding Olli Rask at the shipyard')).toBe('neutral');
  });

  it('reads a restructuring of operations as a plan and one of debts as distress', () => {
    expect(cls('The warehouse restructuring was agreed in March')).toBe('neutral');
    expect(cls('The budget for the restructuring is set at EUR 2.1 mn')).toBe('neutral');
    expect(cls('The shipowner has hired restructuring advisers')).toBe('negative');
    expect(cls('The developer filed for restructuring proceedings in the district court')).toBe('negative');
    expect(cls('The retailer is negotiating a debt restructuring with its lenders')).toBe('negative');
  });

  it('keeps a one-off gain neutral and reads one-off costs as bad news', () => {
    expect(cls('The figure includes a non-recurring gain from the sale of a warehouse')).toBe('neutral');
    expect(s('The quarter was burdened by non-recurring costs from closing the Pori unit')).toBeLessThan(-N);
  });

  it('reads "positive one-offs" and one-off gains as items of the accounts, no verdict', () => {
    expect(cls('Third-quarter EBIT included EUR 4 mn of positive one-offs')).toBe('neutral');
    expect(cls('The result contains a positive one-off of SEK 30 mn from a land sale')).toBe('neutral');
    expect(cls('Net profit contains one-time gains from two disposals')).toBe('neutral');
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

describe('scorer vocabulary: market moves the trading desk way', () => {
  it('reads levels broken, gaps and colours of the board as moves', () => {
    expect(s('The Nikkei breaks through 40,000 for the first time')).toBeGreaterThan(N);
    expect(s('Silver broke below $20 an ounce')).toBeLessThan(-N);
    expect(s('The chip designer gapped up at the open')).toBeGreaterThan(N);
    expect(s('The airline is gapping down before the bell')).toBeLessThan(-N);
    expect(s('Asian markets are in the green this morning')).toBeGreaterThan(N);
  });

  it('reads what a market gives back as a retreat, but not giving back to a town', () => {
    expect(s('Brent gives back 2% after the inventory data')).toBeLessThan(-N);
    expect(s('The Dax gave back its early gains by noon')).toBeLessThan(-N);
    expect(scoreText('The founder gives back to the town of her birth').sentiment).toBe('neutral');
  });

  it('reads a stock among the gainers or losers as a move, and a list of both as none', () => {
    expect(s('Two regional banks among midday gainers')).toBeGreaterThan(N);
    expect(s('The toymaker among the session losers')).toBeLessThan(-N);
    expect(scoreText('Retail gainers and losers of the week on the Oslo exchange').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: retreats and sizes', () => {
  it('reads pulling back, backing off, giving up gains and being weighed down as bad news', () => {
    expect(s('Mining stocks pull back from their April peak')).toBeLessThan(-N);
    expect(s('Treasury futures back off in late trade')).toBeLessThan(-N);
    expect(s('The Hang Seng gives up its morning gains')).toBeLessThan(-N);
    expect(s('The retailer is weighed down by its store leases')).toBeLessThan(-N);
    expect(scoreText('The striker gave up the captaincy in May').sentiment).toBe('neutral');
  });

  it('reads a market that perks up as good news', () => {
    expect(s('Euro zone bond markets perk up after the auction')).toBeGreaterThan(N);
  });

  it('reads double- and triple-digit as a size, and record heights as a level', () => {
    expect(s('The biotech posts a double-digit drop after the trial data')).toBeLessThan(-N);
    expect(s('Index futures point to a triple-digit fall from record heights')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: corporate, legal and regulatory events as wires write them', () => {
  it('reads authorities looking into a company, legal action and sentences as bad news', () => {
    expect(s('Competition watchdog probing the Ostra Mining tie-up')).toBeLessThan(-N);
    expect(s('State attorneys prepare legal action against Brightwater Foods')).toBeLessThan(-N);
    expect(s('Former Ostra Mining finance chief handed jail term')).toBeLessThan(-N);
    expect(s('Brightwater Foods named in bribery report, implicated in kickbacks')).toBeLessThan(-N);
  });

  it('reads supply running dry or flooding a market, and planes kept on the ground, as bad news', () => {
    expect(s('Freight bookings for Nordic hauliers are drying up')).toBeLessThan(-N);
    expect(s('A copper glut weighs on smelters')).toBeLessThan(-N);
    expect(s('The grounding of its jets costs the carrier its summer schedule')).toBeLessThan(-N);
  });

  it('reads a hit taken or foreseen and guidance pulled as bad news', () => {
    expect(s('Brightwater Foods sees hit to annual earnings from the drought')).toBeLessThan(-N);
    expect(s('Ski resorts take a hit from the mild winter')).toBeLessThan(-N);
    expect(s('Ostra Mining pulls guidance as the mine floods')).toBeLessThan(-N);
  });

  it('reads a regulator saying no as bad news, and endpoints met, a find and deals inked as good', () => {
    expect(s('Advisory panel votes against the Kelto Bio asthma drug')).toBeLessThan(-N);
    expect(s('Agency declines to approve Kelto Bio inhaler')).toBeLessThan(-N);
    expect(s('Kelto Bio study met all secondary endpoints')).toBeGreaterThan(N);
    expect(s('Kelto Bio trial misses primary endpoint')).toBeLessThan(-N);
    expect(s('Ostra Energy reports an oil discovery in the North Sea')).toBeGreaterThan(N);
    expect(s('Brightwater Foods inks distribution deal with a Danish grocer')).toBeGreaterThan(N);
    expect(s('Beijing rolls out fresh stimulus for builders')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: trials held, charges taken, suits filed, guidance suspended', () => {
  it('reads a hold on a trial, a sized charge, a suit filed and guidance suspended as bad news', () => {
    expect(s('Regulator places Kelto Bio gene therapy on clinical hold')).toBeLessThan(-N);
    expect(s('Drug agency puts hold on Kelto Bio study')).toBeLessThan(-N);
    expect(s('Brightwater Foods to book a $60 million charge on its Asian brands')).toBeLessThan(-N);
    expect(s('Ostra Mining files suit against its former partner')).toBeLessThan(-N);
    expect(s('Nordic Freight is suspending its full-year guidance')).toBeLessThan(-N);
    expect(s('Carmakers extend plant shutdowns into March')).toBeLessThan(-N);
  });

  it('reads taking charge of a unit as no charge against earnings', () => {
    expect(s('The new chief takes charge of the Asian unit in May')).toBeGreaterThanOrEqual(0);
  });
});

describe('scorer vocabulary: reviews sped up, markets on the skids, investors burned', () => {
  it('reads a drug review sped up by the regulator as good news', () => {
    expect(s('Kelto Bio wins priority review for its lupus drug')).toBeGreaterThan(N);
    expect(s('Kelto Bio antibody gets breakthrough therapy status')).toBeGreaterThan(N);
  });

  it('reads skids, bites and burns as bad news', () => {
    expect(s('Lumber prices hit the skids as housing cools')).toBeLessThan(-N);
    expect(s('The pilot strike bites into airline bookings')).toBeLessThan(-N);
    expect(s('Retail traders are getting burned on meme stocks')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: blows taken and operational trouble', () => {
  it('reads a blow taken, braced for or a listing rule broken as bad news', () => {
    expect(s('Ski makers expect a sales hit from the warm winter')).toBeLessThan(-N);
    expect(s('Nordic Freight hit with $12 million fine over emissions')).toBeLessThan(-N);
    expect(s('Shipping lines are bracing for the new port fees')).toBeLessThan(-N);
    expect(s('Kelto Bio gets a non-compliance notice from the exchange')).toBeLessThan(-N);
  });

  it('reads what hampers sales, a backlash and vanishing jobs as bad news', () => {
    expect(s('Port congestion will hamper deliveries this spring')).toBeLessThan(-N);
    expect(s('Brightwater Foods faces backlash over its new recipe')).toBeLessThan(-N);
    expect(s('Factory jobs vanished across the region last year')).toBeLessThan(-N);
  });

  it('reads a company or its operations in trouble as bad news', () => {
    expect(s('Two of the new dredgers ran into trouble off the coast of Oulu')).toBeLessThan(-N);
    expect(s('The troubled lender will report its results on Friday')).toBeLessThan(-N);
    expect(s('Supply troubles at the Tampere mill continued into June')).toBeLessThan(-N);
  });

  it('reads customers, staff or investors upset with the company as bad news', () => {
    expect(s('Dock workers are upset that the night shift moves to Gdansk')).toBeLessThan(-N);
    expect(s('Many subscribers were upset by the new tariff plan')).toBeLessThan(-N);
    expect(s('The new tariff plan upsets many subscribers')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: a rating agency and investing styles', () => {
  it('reads AM Best as a name and growth stocks or funds as a style, not as good news', () => {
    expect(scoreText('AM Best affirms the credit ratings of Harbor Mutual').sentiment).toBe('neutral');
    expect(scoreText('Growth stocks and value stocks traded flat on Monday').sentiment).toBe('neutral');
    expect(scoreText('The pension plan moves money into a growth fund').sentiment).toBe('neutral');
    expect(s('Growth stocks rallied after the inflation report')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: dates of effect and stages of talks', () => {
  it('reads "effective <date>" as a date and "advanced talks" as a stage, not as good news', () => {
    expect(scoreText('Nordic Freight appoints a new finance chief effective March 1').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The new fee schedule becomes effective on the first trading day').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('Kelto Bio is in advanced talks to sell its diagnostics unit').sentiment).toBe(
      'neutral',
    );
    expect(s('Shares advanced 3% in early trade')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: the moon', () => {
  it('reads the moon itself as no news and the slang as bullish', () => {
    expect(
      scoreText('The space agency plans a crewed mission to the lunar surface and the moon').sentiment,
    ).toBe('neutral');
    expect(s('Dogecoin is mooning again')).toBeGreaterThan(N);
    expect(s('Holders say this coin is going to the moon')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: tie-ups', () => {
  it('weighs a tie-up like a partnership: mild alone, good news with what it wins', () => {
    expect(scoreText('Kelto Bio teams up with a university lab on enzyme research').sentiment).toBe(
      'neutral',
    );
    expect(s('Kelto Bio teams up with Harbor Mutual in a deal that lifts sales 20%')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: secured debt', () => {
  it('reads secured notes and loans as a kind of debt, and a loan secured as financing won', () => {
    expect(scoreText('Ostra Mining prices $500 million of senior secured notes due 2030').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('The utility will repay its secured term loan with the proceeds').sentiment).toBe(
      'neutral',
    );
    expect(s('Kelto Bio secures a $25 million loan to build its plant')).toBeGreaterThan(N);
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

  it('reads a celebration in the passive or as a noun as human interest too', () => {
    expect(
      scoreText("The plant's twentieth year will be celebrated with a concert for the staff").sentiment,
    ).toBe('neutral');
    expect(scoreText('Staff and customers joined the anniversary celebrations in Vaasa').sentiment).toBe(
      'neutral',
    );
  });
});

describe('scorer vocabulary: trading halts, negative and low rates', () => {
  it('reads a trading halt or a voluntary suspension as market procedure, a halt of work as bad news', () => {
    expect(scoreText('Trading halt requested by Kestrel Minerals').sentiment).toBe('neutral');
    expect(scoreText('Orbital Bio shares halted ahead of trial news').sentiment).toBe('neutral');
    expect(scoreText('Harbour Gold asks for a voluntary suspension of its shares').sentiment).toBe('neutral');
    expect(s('The carmaker halts production at its Ohio plant')).toBeLessThan(-N);
  });

  it('reads negative rates as a policy regime, and the harm said of them as bad news', () => {
    expect(scoreText('The central bank keeps negative rates for another year').sentiment).toBe('neutral');
    expect(scoreText('Savers in Denmark live with negative interest rates').sentiment).toBe('neutral');
    expect(s('Lenders say negative rates hurt their margins badly')).toBeLessThan(-N);
  });

  it('reads "low" naming a kind or a regime as no fall, and what low rates do as news', () => {
    expect(scoreText('The fund lends to low-income households in rural Kenya').sentiment).toBe('neutral');
    expect(scoreText('Insurers adapt to a long era of low interest rates').sentiment).toBe('neutral');
    expect(scoreText('The mill will make low-carbon steel from 2026').sentiment).toBe('neutral');
    expect(s('Low rates hurt the bank badly in the second quarter')).toBeLessThan(-N);
    expect(s('Bond yields fell to a record low')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: steep moves, comebacks and flops', () => {
  it('reads steep moves by what moved: shares that skyrocket or pop are good news, costs that skyrocket bad', () => {
    expect(s('Harbor Lane shares skyrocketed after the buyout offer')).toBeGreaterThan(N);
    expect(s('Glimmer Tech stock popped on the new product line')).toBeGreaterThan(N);
    expect(s('The little miner zoomed 60% this quarter')).toBeGreaterThan(N);
    expect(s('Insurance costs for shippers skyrocketed this year')).toBeLessThan(-N);
    expect(s('Retail shares sagged in afternoon trade')).toBeLessThan(-N);
  });

  it('reads comebacks, beats blown past and a turn to green as good news, flops and lost steam as bad', () => {
    expect(s('Carmaker stocks are bouncing back')).toBeGreaterThan(N);
    expect(s('Small caps are roaring back this week')).toBeGreaterThan(N);
    expect(s('Fenwick Foods blows past profit estimates')).toBeGreaterThan(N);
    expect(s('$HRBL went red to green in the first hour')).toBeGreaterThan(N);
    expect(s('The toy maker stages a comeback')).toBeGreaterThan(N);
    expect(s('Quarterly results underwhelm at the department stores')).toBeLessThan(-N);
    expect(s('Emerging market bonds performed poorly last month')).toBeLessThan(-N);
    expect(s('Factory orders are losing steam')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: halts, ascents and smashed estimates', () => {
  it('reads a halt by what it stops', () => {
    expect(s('Nordvolt halted production at its northern plant')).toBeLessThan(-N);
    expect(s('The copper rally was halted on Tuesday')).toBeLessThan(-N);
    expect(s('The airline halts its planned layoffs')).toBeGreaterThan(N);
  });

  it('reads shares that ascend or are buoyed, and estimates smashed or crushed, as good news', () => {
    expect(s('Harbor Lane shares ascend toward a yearly high')).toBeGreaterThan(N);
    expect(s('Bank stocks were buoyed by the rate outlook')).toBeGreaterThan(N);
    expect(s('Glimmer Tech smashes quarterly estimates')).toBeGreaterThan(N);
    expect(s('The chipmaker crushed profit expectations')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: advice and a trader stance on one stock', () => {
  it('keeps the verdict of a numbered list of reasons to buy or sell one stock', () => {
    expect(s('7 Reasons To Sell Harbor Lane Shipping')).toBeLessThan(-N);
    expect(s('3 reasons to buy Glimmer Tech before earnings')).toBeGreaterThan(N);
    // a list of picks is still no news
    expect(scoreText('6 Bank Stocks to Buy for Strong Gains').sentiment).toBe('neutral');
  });

  it('reads advice to buy or sell and a trader buying or selling as a stance', () => {
    expect(s('Why income investors should buy Fenwick Foods')).toBeGreaterThan(N);
    expect(s("$HRBL looks cheap here, I'm buying")).toBeGreaterThan(N);
    expect(s('Short sellers say sell short the overpriced miner')).toBeLessThan(-N);
    expect(scoreText('Should you buy Fenwick Foods?').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: a market mood and an economy jobs as metrics', () => {
  it('reads optimism, pessimism and payrolls by their move', () => {
    expect(s('Consumer optimism faded through the autumn')).toBeLessThan(-N);
    expect(s('Pessimism among fund managers eased in May')).toBeGreaterThan(N);
    expect(s('The economy adds 180,000 payrolls in March')).toBeGreaterThan(N);
    expect(s('Factory payrolls shrank again')).toBeLessThan(-N);
    expect(s('Optimism is back on the trading floor')).toBeGreaterThan(N);
  });
});

describe("scorer vocabulary: a trader's shorthand for moves and levels", () => {
  it('reads sized rockets, big moves, bounces and levels reclaimed or lost', () => {
    expect(s('The biotech rockets 180% on trial data')).toBeGreaterThan(N);
    expect(scoreText('The space agency tested two rockets this week').sentiment).toBe('neutral');
    expect(s('$HRBL up big after the earnings call')).toBeGreaterThan(N);
    expect(s('$HRBL down big in early trade')).toBeLessThan(-N);
    expect(s('Silver is back above its 200-day average')).toBeGreaterThan(N);
    expect(s('The pound fell back below 1.20')).toBeLessThan(-N);
    expect(s('Small caps bouncing hard this morning')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: what hangs over a market, and what diminishes', () => {
  it('reads worries hanging or looming over a market, and a long shadow, as bad news', () => {
    expect(s('Trade uncertainty hangs over the chip sector')).toBeLessThan(-N);
    expect(s('The debt ceiling fight looms over Treasury markets')).toBeLessThan(-N);
    expect(s("The bank's losses will cast a long shadow on the region")).toBeLessThan(-N);
  });

  it('reads diminish as a direction on what it moves', () => {
    expect(s('Operating margins diminished in the quarter')).toBeLessThan(-N);
    expect(s('Supply chain costs are diminishing')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: what is suspended, postponed or delayed', () => {
  it('reads a suspension, postponement or delay by what it puts off', () => {
    expect(s('Harbor Lane suspends its quarterly dividend')).toBeLessThan(-N);
    expect(s('Shipments of the new phone were delayed again')).toBeLessThan(-N);
    expect(s('The government suspends the planned tariffs on steel')).toBeGreaterThan(N);
    expect(s('The steel tariff cut lifted carmakers')).toBeGreaterThan(N);
    expect(s('The regulator postponed the probe into the lender')).toBeGreaterThan(N);
    expect(s('Fenwick Foods postpones its listing')).toBeLessThan(-N);
    // the noun stays a setback, never a move of a loss before it
    expect(s('Growers face crop losses due to labour delays')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: valuations and investments judged', () => {
  it('reads a stock judged undervalued, attractive or a bargain as good news and overvalued as bad', () => {
    expect(s('Analysts call Harbor Lane undervalued')).toBeGreaterThan(N);
    expect(s('Glimmer Tech shares look attractive after the pullback')).toBeGreaterThan(N);
    expect(s('At this price the miner is a bargain')).toBeGreaterThan(N);
    expect(s('Many strategists think chip stocks are overvalued')).toBeLessThan(-N);
    expect(s('After the run the stock is no longer attractive')).toBeLessThan(-N);
  });

  it('reads a buying opportunity, a no-brainer and a good investment as good news', () => {
    expect(s('Fund managers see a buying opportunity in Fenwick Foods')).toBeGreaterThan(N);
    expect(s('Why the utility is a no-brainer for income investors')).toBeGreaterThan(N);
    expect(s('The bank still has investment appeal')).toBeGreaterThan(N);
    expect(s('The insurer is in a good position to grow')).toBeGreaterThan(N);
  });
});

describe("scorer vocabulary: a stock's prospects judged bad", () => {
  it('reads grim, risky, perilous and vulnerable prospects, overpricing and a value trap as bad news', () => {
    expect(s('The outlook for the regional airline looks grim')).toBeLessThan(-N);
    expect(s('Strategists say the small lender is too risky')).toBeLessThan(-N);
    expect(s("The retailer's road back is perilous")).toBeLessThan(-N);
    expect(s('The carmaker looks vulnerable to a price war')).toBeLessThan(-N);
    expect(s('Glimmer Tech shares are overpriced')).toBeLessThan(-N);
    expect(s('The cheap miner may be a value trap')).toBeLessThan(-N);
    expect(s("The buyer's offer makes no sense for holders")).toBeLessThan(-N);
    expect(s('Rising rates are a headwind for builders')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: what carries a market', () => {
  it('reads a bright spot, a saving grace, room to run and a good position as good news', () => {
    expect(s('Cloud sales were the bright spot of the quarter')).toBeGreaterThan(N);
    expect(s('Tourists could be a saving grace for the hotel chain')).toBeGreaterThan(N);
    expect(s('Strategists think the bank rally has room to run')).toBeGreaterThan(N);
    expect(s('It is full steam ahead for the shipyard')).toBeGreaterThan(N);
    expect(s('The grocer is well positioned for the holiday season')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: companies sued, criticised or blamed; news called good or bad', () => {
  it('reads a company sued, criticised or blamed as bad news', () => {
    expect(s('Three states are suing the vaping firm')).toBeLessThan(-N);
    expect(s('The drugmaker was sued by its former partner')).toBeLessThan(-N);
    expect(s('The regulator criticised the bank over its controls')).toBeLessThan(-N);
    expect(s('Investors blamed the carmaker for the recall')).toBeLessThan(-N);
  });

  it('reads news called good or bad as such, and "for good reason" as no praise', () => {
    expect(s('The new levy is bad news for lenders')).toBeLessThan(-N);
    expect(s('The rate cut is good news for home builders')).toBeGreaterThan(N);
    expect(s('The rally is fading, and for good reason')).toBeLessThan(-N);
    expect(s('Trade tensions cap upside for chipmakers')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: stocks recommended as bets or picks', () => {
  it('reads a good or safe bet, a good or hot pick, good returns and going long as good news', () => {
    expect(s('Marlow Cables looks a safe bet in the wires space, says one fund manager')).toBeGreaterThan(N);
    expect(s('Brightwell Foods is a good long-term buy at these prices: broker')).toBeGreaterThan(N);
    expect(s('Frostline is a hot pick among appliance makers, says one broker')).toBeGreaterThan(N);
    expect(s('Small lenders offer good returns, says the fund')).toBeGreaterThan(N);
    expect(s('The desk tells clients to go long steel names')).toBeGreaterThan(N);
  });

  it('reads a bet denied as no recommendation', () => {
    expect(s('Marlow Cables is not a good bet right now')).toBeLessThan(N);
  });
});

describe('scorer vocabulary: closing and lifetime records, issues taken up', () => {
  it('reads closing and lifetime highs (and short period forms) as good news, their lows as bad', () => {
    expect(s('The benchmark index ended at a new closing high on Friday')).toBeGreaterThan(N);
    expect(s('Kestrel Motors climbs to a lifetime high')).toBeGreaterThan(N);
    expect(s('The rupee trades near a 4-mth high')).toBeGreaterThan(N);
    expect(s('Harbour Paints sinks to a 3-yr low')).toBeLessThan(-N);
    expect(s('The small-cap gauge marked its lowest closing low in a decade')).toBeLessThan(-N);
  });

  it('reads an issue fully or over-subscribed as good news', () => {
    expect(s('The lender said its bond sale was fully subscribed on the first day')).toBeGreaterThan(N);
    expect(s('The tractor maker offering was over-subscribed within hours')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: short forms of the bottom line', () => {
  it('reads "net" and "PAT" (profit after tax) moved as the profit moved', () => {
    expect(s('Harbour Paints Q2 net up 18% on festive demand')).toBeGreaterThan(N);
    expect(s('Kestrel Motors Q4 net falls 12% as steel costs bite')).toBeLessThan(-N);
    expect(s('Brightwell Foods reports a 30% jump in PAT for the quarter')).toBeGreaterThan(N);
  });

  it('still binds the head of a compound after "net"', () => {
    expect(s('The lender said its net debt rose sharply')).toBeLessThan(-N);
    expect(s('Net loss narrowed in the third quarter')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: market commentary on what may rise', () => {
  it('reads a multibagger, an upmove, a turnaround and a stellar quarter as good news', () => {
    expect(
      s('This small chemicals maker could turn into a multibagger, says a fund manager'),
    ).toBeGreaterThan(N);
    expect(s('Chartists see room for an upmove in Kestrel Motors')).toBeGreaterThan(N);
    expect(s('The retailer is in the middle of a turnaround')).toBeGreaterThan(N);
    expect(s('Harbour Paints delivers a stellar set of numbers')).toBeGreaterThan(N);
  });

  it('reads an uptick as a move up of what it names', () => {
    expect(s('An uptick in rural demand helped the tractor maker')).toBeGreaterThan(N);
    expect(s('Economists flagged an uptick in unemployment')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: "good" as a verdict', () => {
  it('reads a business or a stock called good as good news, and denied as not', () => {
    expect(s('Order volumes at Kestrel Motors look good, says the analyst')).toBeGreaterThan(N);
    expect(s('Not a good quarter for the cement maker')).toBeLessThan(N);
  });
});

describe('scorer vocabulary: doing well', () => {
  it('reads a company or a sector that does or will do well as good news, and denied as not', () => {
    expect(s('Rural lenders can do well over the next year, says a strategist')).toBeGreaterThan(N);
    expect(s('The tyre maker is doing very well in export markets')).toBeGreaterThan(N);
    expect(s('Mid-sized IT firms may perform well this quarter')).toBeGreaterThan(N);
    expect(s('The airline did not do well in the holiday season')).toBeLessThan(N);
  });
});

describe('scorer vocabulary: leaps, trends, outperformers and what bodes well', () => {
  it('reads a leap or a spurt as a move up of what it moves', () => {
    expect(s('Shares of the shipbuilder leapt 9% in early trade')).toBeGreaterThan(N);
    expect(s('Freight costs spurted in the second half')).toBeLessThan(-N);
  });

  it('reads a trend named alone, an outperformer, and what bodes well or fires up as such', () => {
    expect(s('The banking index is in an uptrend, says the chartist')).toBeGreaterThan(N);
    expect(s('Sugar stocks are stuck in a downtrend')).toBeLessThan(-N);
    expect(s('Kestrel Motors has been a steady outperformer this year')).toBeGreaterThan(N);
    expect(s('The monsoon forecast bodes well for tractor makers')).toBeGreaterThan(N);
    expect(s('Strong monsoon data fired up the fertiliser pack')).toBeGreaterThan(N);
    expect(s('The cost programme is paying off for the cement maker')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: "better" as a verdict', () => {
  it('reads a business in better shape as good news', () => {
    expect(s('The cement maker is in better shape after the refinancing')).toBeGreaterThan(N);
    expect(s('Things will not get better for the airline soon')).toBeLessThan(N);
  });
});

describe('scorer vocabulary: index names', () => {
  it('reads "Nifty" as the index, not the adjective', () => {
    expect(scoreText('Nifty closes the week at 8,115').sentiment).toBe('neutral');
    expect(s('Nifty slumps 2% as bank stocks tumble')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: eager buyers, props and short covering', () => {
  it('reads an issue lapped up, a market propped up and short covering as good news', () => {
    expect(s("Retail buyers lapped up the utility's notes")).toBeGreaterThan(N);
    expect(s('Bank shares prop up the index')).toBeGreaterThan(N);
    expect(s('Kestrel Motors climbs on short covering')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: the Indian and London press on dull and falling markets', () => {
  it('reads shares that tank or soften as falling, and a dull or choppy market as bad news', () => {
    expect(s('Brightwater Cables shares tank 7% after the audit')).toBeLessThan(-N);
    expect(s('Brightwater Cables tanked on the regulator order')).toBeLessThan(-N);
    expect(s('Lead futures soften on weak overseas cues')).toBeLessThan(-N);
    expect(s('Silver closes flat on lacklustre buying')).toBeLessThan(-N);
    expect(s('The cement maker reported a muted quarter')).toBeLessThan(-N);
  });

  it("reads an analyst's caution as a warning, and the Nifty index as a name", () => {
    expect(s('Stay cautious on Harbourline Foods: a broker')).toBeLessThan(-N);
    expect(s('Caution advised on small lenders at these levels')).toBeLessThan(-N);
    expect(Math.abs(s('Nifty opens at 21000'))).toBeLessThan(N);
  });

  it("reads an analyst's advice against a stock and a chartist's warnings as bad news", () => {
    expect(s('Stay away from Ostra Mining this quarter, says a fund manager')).toBeLessThan(-N);
    expect(s('We have a sell call on Brightwater Cables')).toBeLessThan(-N);
    expect(s('Book profits in cement stocks, says a broker')).toBeLessThan(-N);
    expect(s('Copper slips on profit-booking')).toBeLessThan(-N);
    expect(s('The index faces resistance near 24000')).toBeLessThan(-N);
    expect(s('Harbourline Foods remains in a downtrend')).toBeLessThan(-N);
    expect(s('Valuations of small caps look stretched')).toBeLessThan(-N);
  });

  it('reads what drags or pulls a market down, a bleak outlook and skidding shares as bad news', () => {
    expect(s('Bank stocks drag the index lower')).toBeLessThan(-N);
    expect(s('Weak exports pulled down quarterly revenue')).toBeLessThan(-N);
    expect(s('The outlook for shipbuilders looks bleak')).toBeLessThan(-N);
    expect(s('Harbourline Foods shares skid 8% after the results')).toBeLessThan(-N);
    expect(s('The rupee wilts against the dollar')).toBeLessThan(-N);
  });

  it('reads a recommendation withheld, a stock nobody wants, a market on edge and "ends in red" as bad news', () => {
    expect(s("We don't recommend Ostra Mining at this price")).toBeLessThan(-N);
    expect(s('Do not prefer cement makers for the next year: a strategist')).toBeLessThan(-N);
    expect(s('The rights issue of Harbourline Foods found no takers')).toBeLessThan(-N);
    expect(s('Bond traders on edge before the budget')).toBeLessThan(-N);
    expect(s('Brightwater Cables ends in red after a volatile session')).toBeLessThan(-N);
    expect(s('Small lenders may feel the heat of tighter rules')).toBeLessThan(-N);
  });

  it('reads fresh selling, a rout and buying that peters out as bad news', () => {
    expect(s('Steel futures extend losses on fresh selling')).toBeLessThan(-N);
    expect(s('Selling pressure returns to bank stocks')).toBeLessThan(-N);
    expect(s('A bond rout hits emerging markets')).toBeLessThan(-N);
    expect(s('Buying in small caps petered out by noon')).toBeLessThan(-N);
    expect(s('Renewed buying lifts sugar futures')).toBeGreaterThan(N);
  });

  it('reads a market spooked, a botched sale, a defaulter, a liquidator, dimmed appeal and resistance ahead as bad news', () => {
    expect(s('Soft factory data spooks bond traders')).toBeLessThan(-N);
    expect(s('The lender botched its first share sale')).toBeLessThan(-N);
    expect(s('The exchange names the broker a defaulter')).toBeLessThan(-N);
    expect(s('A court appoints a liquidator for the trading firm')).toBeLessThan(-N);
    expect(s("Silver's appeal dims as yields climb")).toBeLessThan(-N);
    expect(s('The index faces stiff resistance near 24000')).toBeLessThan(-N);
    expect(s('Bank shares peg back the FTSE')).toBeLessThan(-N);
  });

  it('reads a shaky market, wary investors, a snub and fresh uncertainties as bad news', () => {
    expect(s('Shaky markets weigh on the rupee')).toBeLessThan(-N);
    expect(s('Investors stay wary of mid-cap lenders')).toBeLessThan(-N);
    expect(s('The board snubbed the bid for Ostra Mining')).toBeLessThan(-N);
    expect(s('New uncertainties cloud the outlook for refiners')).toBeLessThan(-N);
  });

  it('reads "dips" as a direction bound to what dips', () => {
    expect(s('Harbourline Foods Q2 net profit dips 14%')).toBeLessThan(-N);
    expect(s('Freight costs dipped 6% in the quarter')).toBeGreaterThan(N);
    expect(s('Jobless claims dip to a three-month low')).toBeGreaterThan(N);
  });

  it('reads "unlikely to" as a negator of what follows', () => {
    expect(s('Cement stocks unlikely to rally before the monsoon')).toBeLessThan(-N);
    expect(s('Harbourline Foods losses unlikely to widen further')).toBeGreaterThan(N);
  });

  it('reads a lifetime high or low as an all-time one', () => {
    expect(s('Brightwater Cables hits a lifetime high')).toBeGreaterThan(N);
    expect(s('The rupee slides to a lifetime low')).toBeLessThan(-N);
  });

  it('reads shares that crack by a size as falling, and PAT as profit after tax', () => {
    expect(s('Refiners crack over 4% after the duty hike')).toBeLessThan(-N);
    expect(s('The token cracks $3,000 for the first time')).toBeGreaterThan(-N);
    expect(s('Harbourline Foods Q1 PAT rises 11%')).toBeGreaterThan(N);
    expect(s('Harbourline Foods Q1 PAT falls 9%')).toBeLessThan(-N);
  });

  it('reads "safe haven", "VIP" and "Hero" as no praise', () => {
    expect(Math.abs(s('Investors hold safe haven assets'))).toBeLessThan(N);
    expect(s('A flight to safety lifts gold prices')).toBeGreaterThan(N);
    expect(Math.abs(s('Hero Cycles names a new chief'))).toBeLessThan(N);
    expect(Math.abs(s('VIP lounges open at the new terminal'))).toBeLessThan(N);
  });

  it('reads "net" written alone as net profit, and a compound\'s head when another metric follows', () => {
    expect(s('Harbourline Foods Q3 net down 12%, sales up 9%')).toBeLessThan(-N);
    expect(s('Harbourline Foods Q3 net up 15% on festive demand')).toBeGreaterThan(N);
    expect(s('Harbourline Foods Q3 net loss widens')).toBeLessThan(-N);
    expect(s('Harbourline Foods cut its net debt by half')).toBeGreaterThan(N);
    // before an amount, "net" is "in net terms"
    expect(Math.abs(s('The central bank added net $2 billion in forwards'))).toBeLessThan(N);
  });
});

describe('scorer vocabulary: a boom in every tense', () => {
  it('reads "booms" and "boomed" like "boom" and "booming"', () => {
    expect(s('Trade with the Gulf states boomed after the new route opened')).toBeGreaterThan(N);
    expect(s('Demand for heat pumps booms across the region')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: progress named as important', () => {
  it('reads "an important/significant/major/key step" as good news, a plain step as none', () => {
    expect(s('Opening the Tartu terminal is an important step for the logistics group')).toBeGreaterThan(N);
    expect(s('The Polish order marks a significant step in our export strategy')).toBeGreaterThan(N);
    expect(s('Listing in Stockholm is a major step for the software maker')).toBeGreaterThan(N);
    expect(Math.abs(s('The next step is a vote by the city council'))).toBeLessThan(N);
  });
});

describe('scorer vocabulary: a deal judged sound', () => {
  it('reads a deal that "makes (strategic) sense" as good news, and one that does not as bad', () => {
    expect(s('Buying the Latvian dairy makes strategic sense for the cooperative')).toBeGreaterThan(N);
    expect(s('Analysts said the merger makes sense for both utilities')).toBeGreaterThan(N);
    expect(s('The tie-up does not make sense for shareholders, the fund said')).toBeLessThan(0);
  });
});

describe('scorer vocabulary: hostile lawmakers and regulators, flaws and critics', () => {
  it("reads a push to outlaw, restrictions, a veto and a regulator's overreach as bad news", () => {
    expect(s('Two senators want to outlaw self-custody wallets')).toBeLessThan(-N);
    expect(s('The central bank proposed new restrictions on stablecoin issuers')).toBeLessThan(-N);
    expect(s('Ministers move to restrict crypto advertising on television')).toBeLessThan(-N);
    expect(s('The governor vetoed a bill on Bitcoin mining zones')).toBeLessThan(-N);
    expect(s('The exchange lobby calls the staking case an overreach by the watchdog')).toBeLessThan(-N);
    expect(s('The watchdog overstepped in its staking case, the exchange lobby says')).toBeLessThan(-N);
  });

  it('reads a flaw found and critics who speak as bad news', () => {
    expect(s('Researchers disclose a flaw in the Marlow rollup sequencer')).toBeLessThan(-N);
    expect(s('Critics take aim at the Fenwick sidechain design')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: customers cut off, smart contracts, powers exceeded', () => {
  it('reads accounts closed, withdrawals blocked and missing funds as bad news', () => {
    expect(s('A German bank closed the accounts of two stablecoin issuers')).toBeLessThan(-N);
    expect(s('Holders unable to withdraw from Brisk Finance for a third day')).toBeLessThan(-N);
    expect(s('Traders flag missing funds in Oaken vault deposits')).toBeLessThan(-N);
    // bookkeeping is no closure
    expect(Math.abs(s('Oaken Mining closed its accounts for the year in June'))).toBeLessThan(N);
  });

  it('reads smart contracts as code, not as orders won', () => {
    expect(Math.abs(s('Developers can deploy smart contracts on the Marlow testnet'))).toBeLessThan(N);
  });

  it('reads a regulator that exceeded its authority as bad news', () => {
    expect(s('Court rules the watchdog exceeded its authority with staking order')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: officials shutting crypto out, savings accounts', () => {
  it('reads barring and "has no place in" as bad news, and a bar of gold as none', () => {
    expect(s('A new rule would bar pension funds from buying Bitcoin ETFs')).toBeLessThan(-N);
    expect(s('Tallis Exchange barred in Ontario over licensing gaps')).toBeLessThan(-N);
    expect(s('The central bank chief says stablecoins have no place in retail payments')).toBeLessThan(-N);
    expect(Math.abs(s('The vault holds a 400-ounce gold bar'))).toBeLessThan(N);
    expect(s('The state passes a law banning bitcoin mining')).toBeLessThan(-N);
  });

  it('reads a savings account as a bank product, not as cost savings', () => {
    expect(Math.abs(s('The neobank offers savings accounts in euros and francs'))).toBeLessThan(N);
    expect(s('The merger will bring annual savings of EUR 20 million')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: buying the dip and down rounds', () => {
  it('reads someone who buys the dip as buying, not as a fall', () => {
    expect(s('Retail traders bought the dip in ether over the weekend')).toBeGreaterThan(0);
    expect(s('The island nation buys the dip again')).toBeGreaterThan(0);
  });

  it('reads a down round as bad news for the company valued', () => {
    expect(s('Payments app Zelvo agrees a down round with its backers')).toBeLessThan(-N);
    expect(s('NFT marketplace Glint raised $20M in a down round')).toBeLessThan(0);
  });
});

describe('scorer vocabulary: extradition, overstepping, fretting holders and a verdict of worthlessness', () => {
  it('reads an extradition, a regulator that oversteps and fretting holders as bad news', () => {
    expect(s('Lisbon court orders extradition of the Quill exchange founder')).toBeLessThan(-N);
    expect(s('Lobby group says the markets watchdog may overstep its remit on staking')).toBeLessThan(-N);
    expect(s('Harrow token holders fret about the treasury sale')).toBeLessThan(-N);
  });

  it('reads an asset called worthless or said to be going to zero as bad news', () => {
    expect(s('Fund veteran calls the Quill coin worthless')).toBeLessThan(-N);
    expect(s('Strategist says most memecoins are headed to zero')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: motions to dismiss and damages', () => {
  it('reads damages to pay as bad news and a motion to dismiss as a filing', () => {
    expect(s('Jury orders the Harrow exchange to pay $30 million in damages')).toBeLessThan(-N);
    expect(scoreText('Quill Markets files a motion to dismiss the CFTC complaint').sentiment).not.toBe(
      'positive',
    );
  });
});

describe('scorer vocabulary: moving-average crossings, digital gold and bubbles', () => {
  it('reads a golden cross as good news and a death cross as bad', () => {
    expect(s('The Quill token prints a golden cross on the daily chart')).toBeGreaterThan(N);
    expect(s('Litecoin prints a death cross on the daily chart')).toBeLessThan(-N);
  });

  it('reads a coin called digital gold as endorsed, and one called a bubble as warned against', () => {
    expect(s('The fund manager calls ether digital gold for a new generation')).toBeGreaterThan(N);
    expect(s('The finance minister calls dogecoin a bubble')).toBeLessThan(-N);
    expect(s('The bank chairman calls token settlement a game changer')).toBeGreaterThan(N);
    // a question about it stays open
    expect(scoreText('Is ether the new digital gold?').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: a stance softened or toughened', () => {
  it('reads a softer stance as good news and a tougher one as bad', () => {
    expect(s('The watchdog signals a softer stance on token listings')).toBeGreaterThan(N);
    expect(s('The watchdog toughens stance on token listings')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: accounts closed, a record outflow with its size', () => {
  it('reads customers shut out by their bank as bad news', () => {
    expect(s('Two lenders close accounts of stablecoin issuers')).toBeLessThan(-N);
  });

  it('lets "record" intensify bad news with its size in between', () => {
    expect(s('Ether funds post record $400 million in redemptions outflows')).toBeLessThan(-N);
    expect(s('Quill token funds log record $80 million of outflows')).toBeLessThan(-N);
    expect(s('Quill token funds log record $80 million of inflows')).toBeGreaterThan(N);
  });
});

describe('scorer vocabulary: enforcement, rules made stricter and hostility spoken', () => {
  it('reads authorities investigating, seizing or blacklisting as bad news', () => {
    expect(s('The markets watchdog is investigating the Harrow exchange')).toBeLessThan(-N);
    expect(s('Dutch police seize $3 million in bitcoin from a dealer')).toBeLessThan(-N);
    expect(s('Four Quill token addresses were blacklisted overnight')).toBeLessThan(-N);
    expect(s('The lending desk faces scrutiny from state regulators')).toBeLessThan(-N);
  });

  it('reads stricter rules, enforcement threatened and a founder giving himself up as bad news', () => {
    expect(s('Central bank pushes for tighter crypto rules')).toBeLessThan(-N);
    expect(s('The Harrow exchange adopts stricter KYC checks for withdrawals')).toBeLessThan(-N);
    expect(s('Agency chief hints at enforcement actions against token lenders')).toBeLessThan(-N);
    expect(s('Quill exchange founder surrenders to federal authorities')).toBeLessThan(-N);
    expect(s('The ministry announces new regulations for token advertising')).toBeLessThan(-N);
    expect(s('Lawmakers schedule an oversight hearing on stablecoin issuers')).toBeLessThan(-N);
    expect(s('The province adopts tougher rules for token brokers')).toBeLessThan(-N);
    // tighter costs or spreads are no rules
    expect(s('Tighter cost control lifted the margin')).toBeGreaterThan(N);
  });

  it('reads criticism and doubt spoken as bad news', () => {
    expect(s('Lawmaker critiques stablecoin issuers over reserves')).toBeLessThan(-N);
    expect(s('Commissioner comes out against the custody proposal')).toBeLessThan(-N);
    expect(s('Developers are raising questions about the bridge audit')).toBeLessThan(-N);
    expect(s('Many token desks fall short of AML standards')).toBeLessThan(-N);
    expect(s('Senator calls out token lenders over hidden fees')).toBeLessThan(-N);
    expect(s('Exchange chief fires back at the finance ministry')).toBeLessThan(-N);
    expect(s('The audit raises doubts about the Quill bridge')).toBeLessThan(-N);
  });

  it('reads AML as anti-money-laundering, no feeling', () => {
    expect(scoreText('The bank updates its AML manual').sentiment).toBe('neutral');
  });
});

describe('scorer vocabulary: thefts, threats, complaints and legal proceedings', () => {
  it('reads funds stolen, a market threatened and an asset called unfit to own as bad news', () => {
    // theft weighs as much as funds stolen, not as a mild feeling
    expect(s('A contractor steals $900,000 in tokens from the Quill treasury')).toBeLessThan(-0.4);
    expect(s('Stablecoin runs threaten payment systems, says the central bank')).toBeLessThan(-N);
    expect(s('Pension consultant calls the token uninvestable')).toBeLessThan(-N);
    expect(s('The new Quill wallet struggles in its first week')).toBeLessThan(-N);
    expect(s('Governor attacks stablecoins in a speech to bankers')).toBeLessThan(-N);
  });

  it('reads a safe harbor as a legal provision, no safety', () => {
    expect(s('Commissioner comes out against a token safe harbor')).toBeLessThan(-N);
  });

  it('reads complaints, proceedings and orders to stop as bad news', () => {
    expect(s('The agency files a complaint against the Harrow token issuer')).toBeLessThan(-N);
    expect(s('Fund starts arbitration proceedings against the Quill exchange')).toBeLessThan(-N);
    expect(s('The Harrow lender was ordered to stop signing up clients in Ohio')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: crypto terms, genres and registers', () => {
  it('reads crypto technical terms with coloured words as no news of their own', () => {
    expect(scoreText('Optimistic rollups in three charts').sentiment).toBe('neutral');
    expect(scoreText('Traders place stop-loss orders on the pair').sentiment).toBe('neutral');
    expect(scoreText('Stop losses and limit orders arrive on the Quill DEX').sentiment).toBe('neutral');
    expect(scoreText('Popular Lending Protocol Moves To Harbour Smart Chain').sentiment).toBe('neutral');
    expect(scoreText('Researchers describe a double-spend in an old wallet client').sentiment).toBe(
      'neutral',
    );
  });

  it('reads a horror film as a genre, not bad news', () => {
    expect(scoreText('The director will sell his next horror movie as NFTs').sentiment).toBe('neutral');
  });

  it('reads a firm outside the register as bad news', () => {
    expect(s('The watchdog names five unregistered token brokers')).toBeLessThan(-N);
    expect(
      s('The regulator adds the Quill exchange to its sweep of unregistered crypto platforms'),
    ).not.toBeGreaterThan(N);
  });
});

describe("scorer vocabulary: a release's courtesy, access gained", () => {
  it("reads the announcer's own mood as formula", () => {
    expect(scoreText('Acme is delighted to announce the appointment of a new finance chief').sentiment).toBe(
      'neutral',
    );
    expect(scoreText('We are proud to announce the opening of our Oslo office').sentiment).toBe('neutral');
    expect(scoreText('Harrow Pay proudly announces the opening of its Riga office').sentiment).toBe(
      'neutral',
    );
  });

  it('reads access gained through who gained it, not as a market gain', () => {
    expect(scoreText('Token holders gain access to new governance features').sentiment).toBe('neutral');
    expect(s('Attackers gained access to customer data at the broker')).toBeLessThan(-N);
  });
});

describe('scorer vocabulary: an investment plunge taken, a wall of worry climbed', () => {
  it('reads "takes the plunge" as a commitment, not a fall', () => {
    expect(s('The endowment takes the plunge into ether')).toBeGreaterThan(N);
    expect(s('A family office took the plunge with a small bitcoin position')).toBeGreaterThan(N);
    // a headline drops the article
    expect(s('Pension fund takes plunge into bitcoin')).toBeGreaterThan(N);
  });

  it('reads the wall of worry a market climbs as no bad news', () => {
    expect(s('Equities keep climbing a wall of worry')).toBeGreaterThan(N);
  });
});
