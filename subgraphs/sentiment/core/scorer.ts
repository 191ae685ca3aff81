/**
 * A lexicon-and-rules sentiment scorer in the VADER tradition (Hutto & Gilbert, ICWSM-14), rewritten
 * for market news:
 * - VADER's word valences (-4..4) at 0.4 weight, with the finance/crypto vocabulary of
 *   ./lexicon/finance.ts on top at full weight;
 * - multi-word expressions ("all time high", "rug pull", "worse than expected"), market moves the
 *   trading desk's way among them ("breaks through 30,000", "gapped up", "in the green", "pulls
 *   back", "gives back/up 1%" or its gains, never to a town; "double-digit" is a size, no move);
 *   gainers and losers weigh alike, so a list of both is no news;
 * - direction words bound to the metric they move: "loss narrowed" is positive, "costs rose"
 *   negative, "cut jobs" negative, "cut costs" positive; "profit EUR 9 mn compared to EUR 6 mn"
 *   too, and the wire's "sales $7.7 bln vs. $7.5 bln" ("vs.", "adj." and initials such as "U.S."
 *   end no sentence; bln and cents are units, a unit written once serves both figures); crude and
 *   gasoline stocks are stored barrels (bad up); prices of inputs, and consumer/producer prices
 *   (inflation), read as costs: "consumer prices rose" is bad news; a qualified rate ("key rate",
 *   "policy rate", "mortgage rate") is the price of money: "cut its key rate" is good news, "raised
 *   its policy rate" bad, while charter, freight and room rates are revenue ("tanker rates jumped"
 *   is good); a commodity's supply weighs on its price in a text about the commodity itself ("Oil
 *   rises on OPEC output cuts") or after OPEC ("OPEC and its allies agreed to deeper production
 *   cuts", and a cut by OPEC with no metric: "another OPEC cut"), never about its producers ("gold
 *   miners cut output"); a glut is bad news; a plant's energy or fuel consumption is a cost ("cut
 *   energy consumption" is good news), households' consumption is demand ("private consumption
 *   fell" is bad news);
 * - a level reached by a move of a quantity where less is better echoes the move: "unemployment fell
 *   to a record low" and "yields dropped to their lowest" are good news, "costs hit a record high" bad;
 * - a level hit or held by a quantity where less is better reads the other way: "jobless claims hit
 *   a multi-year low" and "volatility is at a record low" are good news, "inflation hits a record
 *   high" and "layoffs hit a record" bad; a quantity that is or stays plainly high or low reads through
 *   its polarity: "the margin has remained high" is good news, "costs stayed high" bad;
 * - a level a move started from is no news: "futures slip from record highs", "dips after hitting a
 *   six-year high" (plural highs and lows, peaks and records set by a market are levels too); nor is
 *   what a move pulls away from ("bounces back from last week's weakness", "retreats from strong
 *   gains") or what a comeback follows or came back since ("recovers after an early selloff",
 *   "recovered 40% since the crash"; a denied one leaves it) or a run named with its length that it
 *   follows ("pulls back after a four-day rally");
 * - a restructuring: cost cuts in the same sentence as closures or job cuts ("to close 80 branches,
 *   slash costs") weigh nothing, the closures speak;
 * - what loses steam: "rally stalls", "recovery falters" bind like directions on metrics; good news
 *   "running out of steam", "losing steam", that "won't last" or is "not sustainable" is spent, the
 *   phrase speaks (bad news that fades so is undone: "the selloff is losing steam");
 * - metrics read in context: interest before "rate" is a cost, "working capital" and
 *   "non-performing loans" are bad up, a ratio takes the polarity of what it measures, and a
 *   capitalised metric inside a name ("Aldermoor Capital") is never bound; a likelihood (risk, odds,
 *   probability, chances) takes the polarity of what may happen, which it spends: "recession risk
 *   rose" and "the odds of a recovery shrank" are bad news, "cut its recession probability" good;
 * - a direction binds the head of a compound ("cut production costs") and the quantity before
 *   "per"/"of" ("loss per share narrowed", "cost of sales fell"), never the yardstick after "than"
 *   ("costs rose faster than sales"), a loss after "from" or the reason after "on" or "over" ("fell
 *   on fears of ...", "slip over security concerns"; "cut over 200 jobs" is a count), nor the
 *   selloff or downtrend a move happens in or what follows "during" ("fell in a sharp selloff"); "loss after
 *   tax" is one line of the accounts; a range shares its unit ("EUR 105-115 mn"); "edged/inched up"
 *   is a small move, "made up 40 %" a share, no move; a loss named as the comparison base ("against
 *   a loss of 2 mn") is not news itself (a swing to profit after a profit figure); a loss
 *   stated as an amount with no comparison ("the pre-tax result was a loss of EUR 4 mn", "the
 *   group's loss for the year totalled EUR 7.5 mn", "a loss of EUR 2 mn on net sales of EUR 60
 *   mn"; no year-before figure after it) is a level, no news; figures compared after a direction
 *   has spoken ("lowered guidance to 9 from 11") are not read twice;
 * - "off" is a fall only before its size ("gold off 0.1%", "revenues were off by about 5%"; never
 *   after auction or pay: "to auction off 40 BTC"); "up" and "down" move a market or sector or
 *   cashtag named before them ("Energy Up On OPEC Hopes", "tech down", "$ACME up after hours",
 *   India's "Sensex up", "rupee down", "stk up", "reserves up"), and follow small moves ("prices
 *   inch up", "marginally up", "move up"; never "move up the meeting") and a close ("Wall Street
 *   ends down", "shares closed up"; never "ends up paying");
 * - a direction weak alone ("adds", "eases") is a market move when its size follows: "the Dow adds
 *   300 points", "oil eases 1%" (never a level: "below 5 %"; nor a rise that is bad alone: "hiked"),
 *   and so is a lift with its size after what it lifts ("bids lift the copper contract by 2%");
 * - a direction with no metric moves the bad news just before it: "lawsuit filings dropped" is good
 *   news, "worries grew" bad, "the exit queue grew" bad (a phrase headed by a direction is such news;
 *   never across "during": "crashes during a drop" is two pieces of bad news);
 *   a market entered is growth, one exited a retreat ("to exit the Canadian market"), a site
 *   shuttered a closure; "less"/"fewer" just before a metric moves it down ("fewer layoffs",
 *   "less uncertainty" good, "less demand" bad) and before bad news undoes it ("less than" is a
 *   count); an amount lost is a loss suffered ("fraud victims lost $2 million"), an amount raised is
 *   funding ("raises $1bn of capital", "raise up to EUR 20 mn": raise's weak alone valence), not a
 *   rise of the capital or shares after it;
 * - results against expectations: "fell less than feared", "smaller than analysts had predicted"
 *   turn what they qualify around (the fear or forecast weighs nothing); "below/above <figure>
 *   <expectation>" is a miss or a beat whatever the figure did, and so are "beat/topped/missed/trails
 *   <expectation>" (1.6; "top" only after what beat: "sales top estimates") and "ahead of <its>
 *   <target/plan/expectations>" (a beat; "ahead of the vote" is only time);
 * - bad news undone counts for the better at 0.6: "lifts ban", "recovers stolen funds", "avoids
 *   bankruptcy", "shielding miners from local bans", "reversed an impairment", "removes the
 *   threat", "settles class action lawsuit", "shrugged off weak data", "weathered the downturn", a
 *   legal matter settled with no bad word to undo ("settle bond-rigging suit for $337M", "settles
 *   with the state": 1.0) (the undoer's own negative sense is then spent), in the passive too ("the
 *   lawsuit was withdrawn", "the ban was finally lifted", "was settled out of court"); a legal
 *   matter dropped, withdrawn, dismissed, tossed, closed, scrapped, overturned or decided for someone
 *   (against someone when the court sides with the SEC) ("judge dismisses the SEC case", "overturns
 *   the ruling", "rules in favor of the exchange in its dispute with"; not a move: "drops 9% on
 *   lawsuit fears"; "motion to dismiss" is a filing, no news); restitution after a crypto incident
 *   undoes the bad words of its clause ("to fully reimburse users hit by the breach", "Hacked bridge
 *   recovers $45 million", "returns stolen funds to investors", "makes depositors whole"; in crypto
 *   news or with the incident named; not when delayed, awaited or denied: "delays repayments",
 *   "still waiting for repayments", "repayment fears"); bad news that ends too ("the strike ended",
 *   "ended a four-week slide", "breaking a six-week outflow streak", "the slump came to an end"; a
 *   good run broken or ended turns bad: "the boom is coming to an end", and so does a good run
 *   reversed: "a rally reversal") and what work resumed or restarted after; good news put off is no
 *   good news yet, the delay speaks ("delays mainnet launch", "pushed back the upgrade"; "pushes back
 *   against the SEC" is resistance); bad news that "did not affect" or "has no effect on" anything,
 *   or that "spared" it, is cancelled, and so is an attack that failed ("an unsuccessful attack on
 *   the network", "a foiled hack"); "record" intensifies bad news ("record outflows", "record $900
 *   million in outflows") and is good news alone, as "strong" does just before it ("strong
 *   headwinds"); "fine" after an amount is a penalty; an opportunity, synergies or resources
 *   exploited are put to use, no attack ("to exploit the synergies"; "a flash-loan exploit" stays
 *   one);
 * - a percentage written with its sign is a move, the wire's way: "Acme +4% after results", "(-2.7%
 *   pre)", "DAX +0.5%"; it moves the metric just before it ("costs +5%" is bad news);
 * - a result that changes sign binds like a direction: "returned to an operating profit", "slipped
 *   into a net loss"; permits, licences, charters and concessions obtained, granted or issued (a
 *   licence, not an order: "the court issued an order" is no business won) count like orders won, and
 *   so does a company selected or chosen by name ("the city selected Nordvolt to build ...");
 * - prizes are no business news: "wins Software of the Year award" and "wins first place at the
 *   hackathon" weigh nothing, a contract award stays business won (and a proxy contest a fight for
 *   control);
 * - crypto adoption: in a text about crypto (a coin, chain, token, wallet, NFT, dapp, crypto firm or a
 *   central bank's digital currency named: "CBDC", "digital yuan"), what brings a coin or a product to
 *   users is good news, as crypto investors read it: a launch, a listing (not of a bill or an agenda
 *   item: "lists a crypto bill for debate"), an integration, a partnership
 *   ("teams up with", "joins forces", a deal signed), the same to come ("is launching", "to integrate",
 *   "will list"; not "refuses to list", "the race to launch") or announced ("announces support for
 *   USDT", "announces purchase of 400 bitcoin"), a product or a digital currency tested, trialled or
 *   piloted ("trials a wholesale CBDC"; not a price level tested: "tests support at $30,000"), what a
 *   product does "now" ("now supports SOL", "users can now mint NFTs"; "supports 5,000 tokens" is a
 *   description), a coin accepted ("starts accepting bitcoin", "to accept bitcoin") or support for it
 *   added, a network going live or its upgrade completed, mining capacity ordered, hosted or set up
 *   ("orders 10,000 more machines", "setting up a new bitcoin mine"; not an order given: "ordered the
 *   miner to ..."), a crypto team, desk or unit set up ("forms a new crypto team"; not one that
 *   polices: "creates a crypto enforcement unit"), an NFT collection dropped, supply burned ("burns
 *   over 10,000 ETH"), a partner tapped for something, an airdrop, buyback or burn announced, a usage
 *   mark passed or a usage figure reached ("daily transactions top 2 million", "monthly volumes broke
 *   $1 trillion", "market cap hits $2 trillion"; not bad news counted: "scam volume hit $9 billion";
 *   routine work is none: "completes token migration"); and so is what brings money, institutions and
 *   people in: plain verbs of entering, buying ("purchases more bitcoin"), offering, backing and
 *   endorsing ("adds bitcoin trading for clients"), a filing for an ETF, a hire from a name elsewhere
 *   ("ex-Goldman banker named CEO"; a new finance chief is routine), a stake taken or disclosed, a
 *   crypto law passed or enacted ("Senate passes stablecoin bill"), a crypto reserve, pay taken in
 *   crypto, income earned ("miners earned $900 million in revenue") and money raised or closed ("closes
 *   $40M round"); what takes a coin, a crypto service or a partnership away from users is the reverse,
 *   bad news ("App store pulls the Quill wallet", "bank blocks payments to crypto exchanges", "ends
 *   partnership with", "drops support for", "stops taking bitcoin", "shuts futures trading", "will no
 *   longer ship bitcoin miners"); outside crypto the same verbs stay plain announcements; a tax on
 *   crypto imposed, levied, proposed or raised is bad news and one cut or scrapped good news, what it is
 *   levied on no news ("proposes 30% tax on crypto gains", a list too: "taxes on crypto trading and
 *   gains");
 * - counts: "the number of shares (in issue)" changes with an issue or a split, no news; "the number of
 *   employees/personnel/staff" that grows is a figure, one reduced stays job cuts;
 * - a holding that changes or crosses a share of a company is a notification: "holding in Acme rose to
 *   27 % of the shares" (what follows "% of" is the whole, never what moved: "profit rose to 12 % of
 *   sales" is the profit's move), "its stake has exceeded 10 %" (no beat);
 * - a successor named is a change of people, not success: "appointed to succeed Jane Roe", "succeeded
 *   him as chief" ("succeeded in cutting costs" stays success);
 * - analysts' ratings: a change speaks through its verb whatever ratings it names ("upgraded to sector
 *   weight from underweight" is an upgrade, "cut to Sell" a downgrade), and one that lands on a rating
 *   of its own side says both ("downgraded to sell"); a buy or sell rating started, kept or stated
 *   ("starts at Buy", "maintained as buy", "is a buy", "has a buy on", "a buy call", and a headline's
 *   "Acme a buy") is good or bad news, a hold none, and so is a call in the imperative ("Buy Acme,
 *   target 640", "Analyst: sell Acme", "can buy Acme", "Pick/Avoid Acme", "Bet on Acme",
 *   "Invest in Acme", "Positive on Acme", "Exit Acme", "Sell Acme Ltd with a target of Rs 113"; never
 *   "Buy The Dip", "Exit Polls", "Avoid These 3 Funds"), "is a clear sell", "stays an avoid"; "buy"/"sell"
 *   with an object ("raised cash to buy a rival") is no rating, nor is a coin bought or sold
 *   somewhere or somehow, a buyer's guide ("Buy Bitcoin in Canada", "Sell Ether with a card"); a
 *   named broker's call given as the reason for a move ("+4% after Halden upgrade", "on BofA bump")
 *   is a rating change; a price target moved inside a phrase ("price target raised to $12 from $9")
 *   is not read again through its figures; sides taken: "gains a bull" and "loses a bear" are good
 *   news, "loses a bull" and "gains a bear" bad, "joins the bulls" good; an investor who "cools
 *   on"/"sours on" a named company turns against it, one "warming (up) to" it for it; an analyst who
 *   "likes" a named company backs it, and a "top telecom pick" is a top pick;
 * - funds, insiders and institutions buying a company ("hedge funds are buying", "aren't done buying",
 *   "piling into"; promoters and founders too) is good news, selling it ("dumping", "cashing out of") bad;
 *   so is money they pour in or pull out ("investors poured $1B into bitcoin funds", "whales offload
 *   40,000 BTC", "investors pulled $500M from ether funds"); crypto miners and long-term holders
 *   selling, distributing or sending coins to exchanges ("miners sent 9,400 BTC to exchanges") too;
 * - moves of results "in line with expectations", "as expected" or that "met forecasts" weigh 0.3
 *   (investors had priced them in), in their own clause only ("falls despite results in line with
 *   estimates" is a fall);
 * - negation (a negator, "unlikely" among them, within the three preceding words of the same clause
 *   scales by -0.74, five before a passive: "no client tokens were stolen"; "unlikely to rally" is
 *   bad news; a negator inside a phrase is spent on it: "don't
 *   buy", "no brainer", "won't last"; "fail" both weighs and negates: "fails to
 *   attract users"; "never been this/so/more" is a superlative, not a denial: "have never been this
 *   bullish"); a payout denied is bad news ("will not pay a dividend", "no dividends");
 * - boosters and dampeners (±0.293, fading with distance, as in VADER);
 * - contrastive "but"/"however" (the clause before weighs 0.5, after 1.5) and concessive
 *   "despite/although/though" clauses (weigh 0.3, or 0.6 trailing after a comma: "X, although Y"); a
 *   reason clause ("after/as/amid/following ...", "after the ...", a headline's "on ...": "gains on a
 *   reply to the regulator's warning") that pulls against the main clause weighs 0.5 ("rebounds
 *   after selloff"; it ends at a "but"), and so does the circumstance ("amid/following ...")
 *   of a main clause with no coloured word ("Acme names a new chief amid turmoil");
 * - no news: a denial of reports, rumours or allegations (and what it denies; "rejects the
 *   allegations" too); what is only discussed, debated, considered, explored, mulled, voted on or
 *   explained ("explains how the new fee model would work"), or what someone named "should" do
 *   ("the Fed should cut rates", "Why Acme Should Cut Its Dividend"; never a quantity or a thing:
 *   "sales should recover", "the deal should lift margins", nor "should be/remain"); what the
 *   proceeds of a sale or issue will be used or spent for ("will use the proceeds to strengthen its
 *   balance sheet"); explanations ("a bank run is when ...", "refers to", "is defined as"), texts
 *   opening with "whether", and questions, elliptical ones too ("Will the regulator approve the
 *   fund?", "How does Acme's (NASDAQ:ACME) P/E compare?", "Looking for steady yield?"; not a
 *   rhetorical "Who ...?"; an abbreviation's full stop and a ticker's colon end no sentence);
 *   listicles and rankings of picks ("5 Stocks to Buy Now", "6 Ways to Boost Your Savings", "The
 *   Best Funds of the Decade", "The Best-Managed Companies of the Year": the first sentence weighs
 *   nothing, but for the verdict of reasons to buy or sell one stock: "5 Reasons To Sell Acme");
 *   advice and hypotheticals addressed to the reader ("How to protect your savings ...", "If you
 *   invested $1,000 ...", "Imagine owning ..."); an editor's notice ("CORRECTION: ...", "Correction
 *   to ... Article"); a feature under its section label ("Profile: ...", "Book review: ...", "Q&A:
 *   ...", "Explainer: ...", "Calendar: ...", an advertiser's "Sponsored: ...", or closing a title:
 *   "...: a deep dive"; an "Opinion:" or "Op-ed:" weighs 0.3, its verdict speaks only in strong
 *   words); a product described ("solutions that enable ...", "a wallet that lets users pay in
 *   stablecoins", "the marketplace offers ..."); a service stopped for routine work ("will suspend
 *   deposits during a scheduled upgrade", "pauses withdrawals for maintenance"; "halts withdrawals
 *   after a failed upgrade" stays an incident); an election won ("wins the election", "the Tory
 *   win") is politics, not good news; a consumer offer ("Special Offer: Save 33% on ...", "Take 25%
 *   off", "Win up to 1,000 USDT", "Black Friday deals", "attractive trading deals", "giveaways",
 *   "trading contests", "takes rewards to the next level!", an invitation opening a sentence: "Join
 *   the presale!", "Earn great rewards by staking") is a promotion and weighs nothing (a "giveaway
 *   scam" is an incident); a release's courtesy ("we are pleased to announce", "proudly announces")
 *   is formula, no news; a sentence that speaks to the reader ("Don't let a bad month ruin your
 *   retirement plan", "What you should know") is advice or a teaser;
 * - general news as background: in a text about politics, war, the weather, entertainment, holidays
 *   or society ("senate", "troops", "hurricane", "movie", "students") with no finance anchor at all (no
 *   company, market, asset, price, business, economy or crypto word, no cashtag, no money or percentage
 *   figure) the single words weigh 0.25: "Furious protesters clashed with police" is no market news;
 *   so do they in a text about a former holder of public office, anchors or not ("Ex-finance minister
 *   charged after the bank's collapse"), but in crypto news, where officials serving or former move the
 *   market ("former SEC official joins Ripple" is a hire);
 * - a market mixed or flat as a whole ("Stocks mixed, energy lower", "Stock market opens little
 *   changed, energy stocks remain weak"): the moves inside it are details, the text weighs 0.4; a
 *   mixed thing that is not the market ("mixed results") is no such report;
 * - in sentence-case text (also with several names, when most content words are lowercase), coloured
 *   words in names say nothing: inside a multi-word name or opening one ("Panic Button Studios is
 *   ..."), directions included, and in crypto news a capitalised word after "to"/"with" before a
 *   function word or the end of the clause ("apps move to Optimism this week"; not after "on", often
 *   a reason); in any case style, Title Case too, nor does the capitalised word just
 *   before a company-form word ("Canopy Growth Corporation", "Supreme Court", "Income Fund");
 * - ALL-CAPS emphasis (±0.733, only when the text is not all in capitals, never for acronyms);
 * - "!" (+0.292 each, up to 4) and "??" emphasis.
 * The sum of valences is scaled by sqrt(20 / words) for texts longer than 20 words (long sentences
 * gather incidental words), then normalised like VADER's compound: s / sqrt(s² + 15), in [-1, 1].
 *
 * URLs are dropped before tokenizing, and so is what closes a post: the promotion of the article or
 * site ("Read more and sign up for updates", "Subscribe to ... for more") and a run of hashtags or
 * credits ("#Stock #MarketScreener", "via @desk"), whose words would otherwise be read as the
 * headline's (and make a Title Case headline look like sentence case, its words like names). A line
 * break ends a clause (tweets list figures one a line); an initialism's periods ("U.S.") end none.
 * One pass to tokenize, one Map lookup per token, typed arrays: no per-text dictionaries.
 *
 * The rule families live in ./rules/, one module each (this file is the pipeline, run(), and the
 * public API):
 * - lexicon.ts: the word index (VADER + finance vocabulary, phrases, directions, metrics, negators)
 *   and each token's entry;
 * - phrases.ts: multi-word expressions (step 1);
 * - figures.ts: swings of a result's sign (1b), comparisons of figures (3), signed moves (3b), a loss
 *   as comparison base (4c'), a loss stated with no comparison (4c'');
 * - names.ts: sentence case and names (metrics, directions and coloured words in names);
 * - directions.ts, metrics.ts, polarity.ts: directions bound to metrics (2; counts of shares and of
 *   staff), levels reached (4a) and left and what a move leaves behind, bad news moved by a
 *   metric-less direction and less/fewer of a quantity (4a'); finding the metric; its polarity in
 *   context (likelihoods, a commodity's supply, consumption);
 * - restructuring.ts: cost cuts that come with closures or job cuts (2b);
 * - levels.ts: levels a quantity where less is better hits or sits at (4a, after echoLevels), and a
 *   quantity that is or stays high or low (levelsHeld);
 * - words.ts: single words in context (4), successions, holdings that exceed a threshold, "record",
 *   "exploit" put to use;
 * - expectations.ts: results against expectations (4a'', and as expected: 5b);
 * - undone.ts: bad news undone, in the passive too (4b), ended or resumed after, good news put off
 *   (4b'), made good by restitution in crypto news (4b'');
 * - procedure.ts: routine approvals (by shareholders, stockholders or the board) and approvals not
 *   given yet ("seeks approval", "could approve"), orders and permits won (4c);
 * - adoption.ts: crypto adoption, products (4, after the single words; with crypto taken away from
 *   users) and capital (4c, after the procedure rules, with taxes on crypto), and what makes a text
 *   crypto news;
 * - prizes.ts: prizes and their wins weigh nothing (4c);
 * - ratings.ts: analysts' ratings changed, given, kept or stated, calls in the imperative, sides
 *   taken, opinions turned (1a);
 * - investors.ts: funds, insiders and institutions buying or selling (1a);
 * - negation.ts: harm denied and attacks that failed (4d), payouts denied (4g); VADER's negation
 *   itself is step 5 here;
 * - no-news.ts: product claims (4e), services stopped for routine work (4e'), denied rumours (4f),
 *   what is only discussed or advised and what proceeds will pay for (5c), definitions, open
 *   questions, listicles, advice, consumer offers, election wins, editors' notices, features and
 *   opinions under a section label and what is addressed to the reader (5d);
 * - background.ts: general news with no finance anchor, its single words as background (5e);
 * - mixed.ts: a market mixed or flat as a whole, its moves as details (5f);
 * - contrast.ts: contrast, concession and reason clauses (6);
 * - emphasis.ts: ALL-CAPS and "!"/"??" emphasis;
 * - clauses.ts, sources.ts: clause boundaries and passives; where a valence came from (SRC_*).
 * - state.ts: ScoringState, the per-text arrays (tokens, kinds, entries, binding state, valences,
 *   sources) that run() builds once and passes to each rule family.
 */
import { classOf, labelFor, type SentimentClass, type SentimentLabel } from './labels';
import { ACRONYMS } from './lexicon/finance';
import { capitalAdoption, cryptoTaxed, isCryptoText, productAdoption } from './rules/adoption';
import { generalBackground } from './rules/background';
import { BE_FORMS, isBoundary } from './rules/clauses';
import { applyContrast, STRUCT_CONCESSION, STRUCT_CONTRAST, STRUCT_REASON } from './rules/contrast';
import {
  badSubjects,
  bindDirections,
  echoLevels,
  fewerOf,
  levelsLeft,
  movesAwayFrom,
} from './rules/directions';
import { levelsHeld, levelsOfBadQuantities } from './rules/levels';
import { hasCapsDifferential, punctuationEmphasis } from './rules/emphasis';
import { againstExpectations, pricedIn } from './rules/expectations';
import { figureComparisons, lossAsBase, lossStated, signedMoves, swings } from './rules/figures';
import { lookUp, wordSet } from './rules/lexicon';
import { isSentenceCase, namedMetrics } from './rules/names';
import { attackFailed, harmDenied, payoutDenied } from './rules/negation';
import {
  addressedToReader,
  consumerOffers,
  editorsNotice,
  electionWins,
  isAdvice,
  isDefinition,
  listicle,
  onlyDiscussed,
  openQuestions,
  productClaims,
  routineStops,
  rumourDenied,
  sectionLabels,
} from './rules/no-news';
import { mixedMarket } from './rules/mixed';
import { matchPhrases } from './rules/phrases';
import { prizesAreNoNews } from './rules/prizes';
import { procedureAndOrders } from './rules/procedure';
import { investorFlows } from './rules/investors';
import { analystRatings } from './rules/ratings';
import { restructuring } from './rules/restructuring';
import {
  SRC_BOUND,
  SRC_DIRECTION,
  SRC_FIGURE,
  SRC_GENERAL,
  SRC_NEWS,
  SRC_PHRASE,
  SRC_UNDONE,
} from './rules/sources';
import type { ScoringState } from './rules/state';
import { badNewsEnded, goodNewsPutOff, restitution, undoBadNews } from './rules/undone';
import { recordIntensifies, singleWords } from './rules/words';
import { isAllCaps, NUMBER, tokenize, WORD } from './tokenize';

export interface SentimentResult {
  /** Compound score in [-1, 1]. */
  readonly score: number;
  readonly label: SentimentLabel;
  /** Three-class view of the label, for evaluation against human labels. */
  readonly sentiment: SentimentClass;
}

// VADER's constants for step 5 and the compound: ALL-CAPS emphasis, the negation scalar, the
// normaliser; and the length beyond which the sum is scaled down.
const B_CAPS = 0.733;
const N_SCALAR = -0.74;
const ALPHA = 15;
const LONG_TEXT = 20;
// How far back a negator reaches over a passive's subject ("no user funds were lost").
const PASSIVE_NEGATION_REACH = 5;
// "never been this bullish", "never so cheap", "never more confident": a superlative, not a denial
// (VADER's "never so/this" check).
const NEVER_DEGREES = wordSet('this so more as');

/** "never (been) this/so/more ...": "never" at j intensifies what follows instead of denying it. */
function neverIntensifies(lower: string[], j: number): boolean {
  if (lower[j] !== 'never') return false;
  const k = lower[j + 1] === 'been' || lower[j + 1] === 'be' ? j + 2 : j + 1;
  return NEVER_DEGREES.has(lower[k] as string);
}

// What has not happened yet: plans, forecasts, guesses. News about the future is often labelled
// neutral by readers even when its words are coloured ("expects sales to grow").
const HEDGES = wordSet(
  'will would may might could should expect expects expected expecting plan plans planned aim aims ' +
    'intend intends target targets forecast forecasts outlook estimate estimates estimated likely ' +
    'anticipate anticipates guidance potential possible',
);

/**
 * The evidence behind one text's rule score, for the calibrated combiner experiment (bench/sentiment-combiner/combiner.ts): valence
 * summed by where it came from, after negation, boosters, caps and contrast were applied (before
 * length scaling), plus counts. Positive sums are >= 0, negative sums <= 0.
 */
export interface Evidence {
  /** The rules' compound score in [-1, 1] (compound()). */
  readonly compound: number;
  /** VADER's everyday words (at their 0.4 weight). */
  readonly generalPos: number;
  readonly generalNeg: number;
  /** Finance/crypto lexicon words and events (hack, lawsuit, approval, orders won, penalties). */
  readonly newsPos: number;
  readonly newsNeg: number;
  /** Multi-word expressions ("all time high", "rug pull", "worse than expected"). */
  readonly phrasePos: number;
  readonly phraseNeg: number;
  /** Directions bound to a metric ("loss narrowed", "costs rose") and beats of expectations. */
  readonly boundPos: number;
  readonly boundNeg: number;
  /** Directions with no metric found ("shares rose", "fell"). */
  readonly directionPos: number;
  readonly directionNeg: number;
  /** Figure comparisons ("profit EUR 9 mn compared to EUR 6 mn"). */
  readonly figure: number;
  /** Bad news undone ("lifts ban"), always >= 0. */
  readonly undone: number;
  /** Tokens carrying valence, by sign. */
  readonly positives: number;
  readonly negatives: number;
  /** The strongest single positive and negative valence (0 when none). */
  readonly maxPos: number;
  readonly maxNeg: number;
  /** Valences flipped by a negator. */
  readonly negated: number;
  /** Hedges and forward-looking words (will, expects, forecast, ...). */
  readonly hedges: number;
  /** "but"/"however", a concessive clause, a reason clause pulling the other way (0 or 1 each). */
  readonly contrast: number;
  readonly concession: number;
  readonly reason: number;
  readonly words: number;
  readonly numbers: number;
  /** Words emphasised by ALL CAPS, and VADER's "!"/"??" emphasis. */
  readonly caps: number;
  readonly punctuation: number;
}

/** The evidence breakdown of one text (see Evidence); the same pass as compound(). */
export function evidenceOf(text: string): Evidence {
  const r = run(text);
  const sums = new Float64Array(16);
  let positives = 0;
  let negatives = 0;
  let hedges = 0;
  let maxPos = 0;
  let maxNeg = 0;
  const { val, src, lower } = r;
  for (let i = 0; i < val.length; i++) {
    if (HEDGES.has(lower[i] as string)) hedges++;
    const v = val[i] as number;
    if (v === 0 || src[i] === 0) continue;
    if (v > 0) {
      positives++;
      if (v > maxPos) maxPos = v;
    } else {
      negatives++;
      if (v < maxNeg) maxNeg = v;
    }
    const k = (src[i] as number) * 2 + (v > 0 ? 0 : 1);
    sums[k] = (sums[k] as number) + v;
  }
  const at = (k: number, neg: 0 | 1) => sums[k * 2 + neg] as number;
  return {
    compound: r.score,
    generalPos: at(SRC_GENERAL, 0),
    generalNeg: at(SRC_GENERAL, 1),
    newsPos: at(SRC_NEWS, 0),
    newsNeg: at(SRC_NEWS, 1),
    phrasePos: at(SRC_PHRASE, 0),
    phraseNeg: at(SRC_PHRASE, 1),
    boundPos: at(SRC_BOUND, 0),
    boundNeg: at(SRC_BOUND, 1),
    directionPos: at(SRC_DIRECTION, 0),
    directionNeg: at(SRC_DIRECTION, 1),
    figure: at(SRC_FIGURE, 0) + at(SRC_FIGURE, 1),
    undone: at(SRC_UNDONE, 0) + at(SRC_UNDONE, 1),
    positives,
    negatives,
    maxPos,
    maxNeg,
    negated: r.negated,
    hedges,
    contrast: r.structure & STRUCT_CONTRAST ? 1 : 0,
    concession: r.structure & STRUCT_CONCESSION ? 1 : 0,
    reason: r.structure & STRUCT_REASON ? 1 : 0,
    words: r.words,
    numbers: r.numbers,
    caps: r.capsEmphasis,
    punctuation: r.punctEmphasis,
  };
}

/** Scores one text. Pure; about a microsecond per word. */
export function scoreText(text: string): SentimentResult {
  const score = compound(text);
  const label = labelFor(score);
  return { score, label, sentiment: classOf(label) };
}

/** Weight of the headline in scoreDocument: headlines state the news, bodies add context. */
export const TITLE_WEIGHT = 0.6;

/**
 * Scores a document with a headline and an optional body (feed description, article text):
 * score = 0.6 × compound(title) + 0.4 × compound(body), or the score of whichever part is present
 * alone when the other is empty or scores exactly 0 (says nothing either way).
 */
export function scoreDocument(title: string, body = ''): SentimentResult {
  const t = title.trim() ? compound(title) : 0;
  const b = body.trim() ? compound(body) : 0;
  const score = t === 0 ? b : b === 0 ? t : TITLE_WEIGHT * t + (1 - TITLE_WEIGHT) * b;
  const label = labelFor(score);
  return { score, label, sentiment: classOf(label) };
}

/** The compound score in [-1, 1] of one text (see the module comment for the rules). */
export function compound(text: string): number {
  return run(text).score;
}

/** Each token with the valence it finally contributed: shows why a text scored as it did. */
export function explainText(text: string): { score: number; tokens: { token: string; valence: number }[] } {
  const { score, raw, val } = run(text);
  return {
    score,
    tokens: raw.map((token, i) => ({ token, valence: Math.round((val[i] as number) * 1000) / 1000 })),
  };
}

interface Run {
  score: number;
  raw: string[];
  val: Float64Array;
  /** Where each token's valence came from (SRC_*), 0 when it has none. */
  src: Uint8Array;
  words: number;
  numbers: number;
  negated: number;
  capsEmphasis: number;
  punctEmphasis: number;
  structure: number;
  /** The valence sum after length scaling, before punctuation emphasis and normalisation. */
  sum: number;
  lower: string[];
}

function run(text: string): Run {
  const { lower, raw, kind } = tokenize(text);
  const n = lower.length;
  const src = new Uint8Array(n);
  let negatedCount = 0;
  let capsCount = 0;
  const entries = lookUp(lower, kind);

  const val = new Float64Array(n);
  // 0 = free, 1 = scored (has a valence), 2 = consumed (part of a phrase or a bound metric): see ScoringState
  const state = new Uint8Array(n);
  // The arrays every rule family reads and writes (see ScoringState), built once per text.
  const s: ScoringState = { lower, raw, kind, entries, state, val, src, crypto: isCryptoText(lower) };

  // 1. Multi-word expressions, longest first.
  matchPhrases(s);

  // 1a. Analysts' ratings: "upgraded to sector weight from underweight" is an upgrade (the verb
  // speaks, the ratings named weigh nothing), "starts at Buy" and "is a buy" good news.
  analystRatings(s);
  // Funds, insiders and institutions buying or selling: "hedge funds are buying Acme" is good news.
  investorFlows(s);

  // 1b. Swings: "returned to an operating profit", "turned to a net loss", "swung into profit".
  swings(s);

  // In sentence-case text a capitalised metric inside a multi-word name is part of the name
  // ("Aldermoor Capital's holding"), not a quantity: it is never bound.
  const sentenceCase = isSentenceCase(raw, kind);
  if (sentenceCase) namedMetrics(s);

  // 2. Directions bound to metrics: plain verbs first, then words that are also metrics ("growth"),
  // so that "growth slowed" binds "slowed" to "growth" before "growth" looks for a metric of its own.
  bindDirections(s, sentenceCase);
  // 2b. A restructuring: cost cuts made by closing sites or cutting jobs are no extra good news
  // ("to close 80 branches, slash costs").
  restructuring(s);

  // 3. Comparisons of figures: "<metric> ... EUR 9.0 mn compared to EUR 6.3 mn".
  figureComparisons(s);
  // 3b. Signed moves, the wire's way: "Acme +4% after results", "revenue -5%", "DAX +0.5%".
  signedMoves(s);

  // 4. Single words. In sentence-case text a capitalised everyday word inside the sentence is a name
  // ("A.M. Best", "Friend Group", "F-Secure"), not a feeling.
  singleWords(s, sentenceCase);
  // "record" is good news alone ("record quarter") but intensifies bad news ("record outflows"), and
  // so does "strong" just before it ("strong headwinds").
  recordIntensifies(s);
  // Crypto adoption: in a crypto text a launch, listing, integration or partnership, a network going
  // live or a usage mark passed is good news ("Acme debuts NFT loyalty program on Polygon"); a coin
  // or a crypto service taken away from users bad news ("stops taking bitcoin", "no longer accepts").
  productAdoption(s);

  // 4a. A level reached by a move of a quantity where less is better (or that is no news) echoes the
  // move: in "unemployment fell to a record low" or "yields dropped to their lowest in months" the
  // extreme says how far the move went, not which way the news goes.
  echoLevels(s);
  // A level a move started from is no news itself: "futures slip from record highs".
  levelsLeft(s);
  // What a move leaves behind is no news either: "bounces back from last week's weakness", "pulls
  // back after a four-day rally".
  movesAwayFrom(s);
  // A level a quantity where less is better reaches or sits at: "jobless claims hit a multi-year
  // low" is good news, "inflation hits a record high" bad.
  levelsOfBadQuantities(s);
  // A quantity that is or stays plainly high or low: "the margin has remained high" is good news,
  // "costs stayed high" bad.
  levelsHeld(s);

  // 4a'. A direction with no metric moves the bad news just before it: "complaints dropped" is good
  // news, "fears grew" bad. The direction then says it all.
  badSubjects(s);
  // Less of a quantity is a move down of it, less bad news good news: "fewer layoffs", "less
  // uncertainty" are good news, "less demand" bad.
  fewerOf(s);

  // 4a''. Measured against expectations: "fell less than feared" is good news, "grew less than
  // expected" bad, "below the 0.5 % economists had forecast" a miss, "beat estimates" a beat; the fear
  // or forecast itself says nothing.
  againstExpectations(s);

  const undone = new Uint8Array(n);
  // 4b. Undoing bad news: what is lifted, fixed, recovered or avoided counts for the better
  // ("lifts ban", "fix for the bug", "recovers stolen funds", "avoids bankruptcy").
  undoBadNews(s, undone);

  // 4b'. Bad news that ends or that work resumed after: "ended a losing streak", "the strike ended on
  // Friday", "breaking a five-day outflow streak", "deliveries restarted after a strike".
  badNewsEnded(s, undone);
  // Good news put off is no good news yet: "delays mainnet launch", "pushed back the upgrade".
  goodNewsPutOff(s);
  // 4b''. Restitution in crypto news: "to fully reimburse users hit by the breach", "returns stolen
  // funds to their owners": the incident's bad words in the clause are undone.
  restitution(s, undone);

  // 4c. Corporate procedure and business won.
  procedureAndOrders(s);

  // Prizes are no business news: "wins Software of the Year award" weighs nothing.
  prizesAreNoNews(s);

  // Crypto adoption (4c, with the procedure and prizes): in crypto news, plain verbs of entering,
  // filing for an ETF, a hire of note, a crypto law passed, pay in crypto, income earned and money
  // raised are good news ("BlackRock files for a spot ether ETF"). After the procedure rules, which
  // read appointments and approvals first.
  capitalAdoption(s);
  // A tax on crypto: the taxed base is no news, a new tax bad news ("proposes 30% tax on crypto gains").
  cryptoTaxed(s);

  // 4c'. A loss named as the comparison base is last year's figure: "profit of 3 mn against a loss of 1 mn".
  lossAsBase(s);
  // 4c''. A loss stated as an amount, with no comparison: "the pre-tax result was a loss of EUR 4 mn".
  lossStated(s);

  // 4d. Harm denied: "the outage did not affect user funds" says the bad news before it did no harm.
  harmDenied(s);
  // "an unsuccessful attack on the network": an attack that failed did no harm.
  attackFailed(s);

  // 4e. What a product does is a description, not news: "our solutions enable companies to gain
  // visibility", "software that makes processes more effective".
  productClaims(s);
  // 4e'. A service stopped for routine work is operations: "suspends deposits during a scheduled upgrade".
  routineStops(s);
  // 4f. A denied rumour is no news either way: "denied reports that it would cut jobs".
  rumourDenied(s);
  // Undone bad news (4b) now counts for the better: its own evidence kind.
  for (let i = 0; i < n; i++) if (state[i] === 1 && val[i] !== 0 && undone[i]) src[i] = SRC_UNDONE;

  // 4g. A payout denied: "will not propose a dividend", "no dividend" (negated in step 5).
  payoutDenied(s);

  // 5. Modifiers: caps, boosters, negation.
  const capsDiff = hasCapsDifferential(raw, kind);
  for (let i = 0; i < n; i++) {
    if (state[i] !== 1 || val[i] === 0) continue;
    let v = val[i] as number;
    const sign = v > 0 ? 1 : -1;
    const r = raw[i] as string;
    if (capsDiff && isAllCaps(r) && !ACRONYMS.has(lower[i] as string) && r[0] !== '$') {
      v += sign * B_CAPS;
      capsCount++;
    }
    let negated = false;
    // A passive reaches back further to its negated subject: "no customer funds were lost".
    const reach = BE_FORMS.has(lower[i - 1] as string) ? PASSIVE_NEGATION_REACH : 3;
    for (let k = 1; k <= reach && i - k >= 0; k++) {
      const j = i - k;
      if (isBoundary(lower[j] as string, kind[j] as number)) break;
      const e = entries[j];
      // VADER: a sentiment word is not a modifier; but "fail" both weighs and negates what it fails
      // to do ("fails to attract users").
      if (state[j] === 1 && !(e?.negator && val[j] !== 0)) continue;
      if (e?.booster !== undefined && lower[j + 1] !== 'than') {
        const b = sign * e.booster * (k === 1 ? 1 : k === 2 ? 0.95 : 0.9);
        v += capsDiff && isAllCaps(raw[j] as string) ? b + sign * B_CAPS : b;
      }
      // a negator inside a phrase ("don't buy", "no brainer", "won't last") is spent on the phrase
      const inPhrase = state[j] === 2 || src[j] === SRC_PHRASE;
      if (e?.negator && !inPhrase && !negated && lower[j + 1] !== 'only' && !neverIntensifies(lower, j))
        negated = true;
    }
    // Trailing degree adverb on a direction: "rose sharply", "fell slightly".
    if (entries[i]?.direction && i + 1 < n) {
      const b = entries[i + 1]?.booster;
      if (b !== undefined) v += sign * b;
    }
    val[i] = negated ? v * N_SCALAR : v;
    if (negated) negatedCount++;
  }

  // 5b. Results that match expectations are no news: "sales grew 4 %, in line with expectations".
  pricedIn(s);

  // 5c. What is only discussed or advised has not happened: "will vote on cutting the rate", "discussed
  // raising the cap", "considering an IPO", "the Fed should cut", "will use the proceeds to ...": the
  // rest of the clause weighs nothing.
  onlyDiscussed(s);

  // 5d. Explanations, open questions and listicles are not news: "a margin call is when ...",
  // "whether the deal will win approval is unclear", "5 stocks to buy now".
  if (isDefinition(lower) || lower[0] === 'whether' || isAdvice(lower, raw, kind)) val.fill(0);
  openQuestions(s);
  listicle(s);
  consumerOffers(s);
  electionWins(s);
  addressedToReader(s);
  editorsNotice(s);
  sectionLabels(s);
  // 5e. General news with no finance anchor: "Troops killed in an attack near the border" colours a
  // story, not a market; its single words weigh 0.25.
  generalBackground(s);
  // 5f. A market mixed or flat as a whole: "Stocks mixed, energy lower" reports a market that went
  // nowhere; the moves inside it weigh 0.4.
  mixedMarket(s);

  // 6. Contrast ("but" reweights the whole text around its first occurrence) and concession.
  const structure = applyContrast(s);

  let sum = 0;
  let words = 0;
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    sum += val[i] as number;
    if (kind[i] === WORD) words++;
    else if (kind[i] === NUMBER) numbers++;
  }
  const out: Run = {
    score: 0,
    raw,
    val,
    src,
    words,
    numbers,
    negated: negatedCount,
    capsEmphasis: capsCount,
    punctEmphasis: 0,
    structure,
    sum: 0,
    lower,
  };
  if (sum === 0) return out;
  // A long sentence collects incidental words ("a leading supplier ... dedicated team") that a
  // headline does not: beyond LONG_TEXT words the sum shrinks with the square root of the length.
  if (words > LONG_TEXT) sum *= Math.sqrt(LONG_TEXT / words);
  out.sum = sum;
  out.punctEmphasis = punctuationEmphasis(lower, kind);
  sum += Math.sign(sum) * out.punctEmphasis;
  const c = sum / Math.sqrt(sum * sum + ALPHA);
  out.score = c > 1 ? 1 : c < -1 ? -1 : c;
  return out;
}
