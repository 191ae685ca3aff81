import fc from 'fast-check';
import { classOf, labelFor, LABEL_THRESHOLDS } from './labels';
import { compound, explainText, scoreDocument, scoreText, TITLE_WEIGHT } from './scorer';

const s = (text: string) => compound(text);

describe('scorer: lexicon', () => {
  it('scores crypto vocabulary with the right sign', () => {
    for (const t of [
      'Traders get rekt',
      'Rug pull on a memecoin',
      'Exchange hacked',
      'Bridge exploit',
      'FUD spreads',
    ]) {
      expect(s(t)).toBeLessThan(-LABEL_THRESHOLDS.neutral);
    }
    for (const t of [
      'Bitcoin hits a new ATH',
      'Analysts turn bullish',
      'Solana to the moon',
      'ETF approval lands',
    ]) {
      expect(s(t)).toBeGreaterThan(LABEL_THRESHOLDS.neutral);
    }
    expect(s('Analysts turn bearish')).toBeLessThan(-LABEL_THRESHOLDS.neutral);
  });

  it('matches multi-word expressions before their words ("pump" is positive, "pump and dump" is not)', () => {
    expect(s('Memecoin pump')).toBeGreaterThan(0);
    expect(s('Memecoin pump and dump')).toBeLessThan(-LABEL_THRESHOLDS.neutral);
    expect(s('Bitcoin price near all-time high')).toBeGreaterThan(LABEL_THRESHOLDS.neutral);
  });

  it('leaves plain factual news neutral', () => {
    for (const t of [
      'Bitcoin trades at $64,000 ahead of US inflation data',
      'Coinbase will report third-quarter earnings on November 2',
      'The company has 1,300 employees in the Nordic countries',
      'Shares of the exchange are listed in New York',
    ]) {
      expect(scoreText(t).label).toBe('NEUTRAL');
    }
  });

  it('reads finance words in their finance sense ("shares", "interest", "fine paper")', () => {
    expect(s('The shares carry interest')).toBe(0);
    expect(s('The mill makes fine paper')).toBe(0);
    expect(s('Exchange to pay $30 million fine')).toBeLessThan(-LABEL_THRESHOLDS.neutral);
  });
});

describe('scorer: directions bound to metrics', () => {
  it.each([
    ['Operating profit rose to EUR 13.1 mn', 'positive'],
    ['Operating profit fell to EUR 3.1 mn', 'negative'],
    ['The net loss narrowed to EUR 2 mn', 'positive'],
    ['The net loss widened to EUR 9 mn', 'negative'],
    ['Costs rose sharply in the quarter', 'negative'],
    ['Operating costs decreased by 12 %', 'positive'],
    ['The company will cut costs', 'positive'],
    ['The company will cut 120 jobs', 'negative'],
    ['It raised its full-year guidance', 'positive'],
    ['It lowered its full-year guidance', 'negative'],
    ['Net sales growth slowed', 'negative'],
    ['Regulators drop investigation into the foundation', 'positive'],
    ['Court dismisses lawsuit against the exchange', 'positive'],
  ])('%s -> %s', (text, expected) => {
    expect(scoreText(text).sentiment).toBe(expected);
  });

  it('weighs profit over sales: "profit fell while sales grew" is negative', () => {
    expect(scoreText('Operating profit decreased while net sales increased').sentiment).toBe('negative');
    expect(scoreText('Operating profit increased while net sales decreased').sentiment).toBe('positive');
  });

  it('compares figures: "profit EUR 9.0 mn compared to EUR 6.3 mn"', () => {
    expect(
      scoreText('Operating profit totalled EUR 9.0 mn , compared to EUR 6.3 mn a year earlier').sentiment,
    ).toBe('positive');
    expect(
      scoreText('Operating profit totalled EUR 6.3 mn , compared to EUR 9.0 mn a year earlier').sentiment,
    ).toBe('negative');
    expect(
      scoreText('Operating loss totalled EUR 9.0 mn , compared to EUR 6.3 mn a year earlier').sentiment,
    ).toBe('negative');
    // Years are dates, not figures.
    expect(s('Net sales in 2009 compared to 2008 were reported in euros')).toBe(0);
  });

  it('lets "up"/"down" move only as directions, not as particles', () => {
    expect(scoreText('Shares were up 5 % on Tuesday').sentiment).toBe('positive');
    expect(scoreText('Shares were down 5 % on Tuesday').sentiment).toBe('negative');
    expect(s('The firm will set up an office')).toBe(0);
    expect(s('The order is worth up to EUR 10 mn')).toBe(0);
  });
});

describe('scorer: rules', () => {
  it('negation flips and dampens (x -0.74)', () => {
    const pos = s('The ETF was approved');
    const neg = s('The ETF was not approved');
    expect(pos).toBeGreaterThan(LABEL_THRESHOLDS.neutral);
    expect(neg).toBeLessThan(0);
    expect(Math.abs(neg)).toBeLessThan(Math.abs(pos));
    expect(scoreText("Bitcoin isn't recovering").sentiment).toBe('negative');
    expect(scoreText('Audit finds no vulnerabilities').score).toBeGreaterThan(0);
    expect(scoreText('Solana has not suffered an outage in a year').sentiment).toBe('positive');
  });

  it('negation stays inside its clause', () => {
    expect(s('Not now. Bitcoin rallies')).toBeCloseTo(s('Bitcoin rallies'), 10);
  });

  it('"but" weights the clause after it (x1.5) over the one before (x0.5)', () => {
    expect(
      scoreText('The upgrade went live but fees remain painfully high and users are angry').sentiment,
    ).toBe('negative');
    expect(scoreText('Fees were awful but the upgrade is a huge success').sentiment).toBe('positive');
    // Same words, contrast swapped: the sign follows the second clause.
    expect(s('Bitcoin rallied but the gains evaporated')).toBeLessThan(0);
    expect(s('The gains evaporated but Bitcoin rallied')).toBeGreaterThan(0);
  });

  it('"despite" concedes: the conceded clause weighs 0.3', () => {
    expect(s('Bitcoin holds strong despite hack fears')).toBeGreaterThan(0);
  });

  it('boosters raise and dampeners lower intensity', () => {
    const base = s('Analysts are bullish');
    expect(s('Analysts are extremely bullish')).toBeGreaterThan(base);
    expect(s('Analysts are slightly bullish')).toBeLessThan(base);
    expect(s('Profit rose sharply')).toBeGreaterThan(s('Profit rose'));
    expect(s('Profit rose slightly')).toBeLessThan(s('Profit rose'));
  });

  it('capitals emphasise a sentiment word, unless the text is all capitals or the word an acronym', () => {
    expect(s('Bitcoin is BULLISH now')).toBeGreaterThan(s('Bitcoin is bullish now'));
    expect(s('BITCOIN IS BULLISH NOW')).toBeCloseTo(s('bitcoin is bullish now'), 10);
    expect(s('Bitcoin FUD spreads')).toBeCloseTo(s('Bitcoin fud spreads'), 10);
  });

  it('exclamation marks amplify (up to four) in the direction of the text, never create sentiment', () => {
    const one = s('Bitcoin rallies!');
    expect(s('Bitcoin rallies')).toBeLessThan(one);
    expect(one).toBeLessThan(s('Bitcoin rallies!!!'));
    expect(s('Bitcoin rallies!!!!')).toBeCloseTo(s('Bitcoin rallies!!!!!!!!'), 10);
    expect(s('Bitcoin crashes!!!')).toBeLessThan(s('Bitcoin crashes'));
    expect(s('Bitcoin trades sideways!!!')).toBe(0);
  });

  it('explains every token', () => {
    const e = explainText('Profit rose but costs rose');
    expect(e.score).toBeCloseTo(s('Profit rose but costs rose'), 10);
    expect(e.tokens.map((t) => t.token)).toEqual(['Profit', 'rose', 'but', 'costs', 'rose']);
    expect(e.tokens[1]!.valence).toBeGreaterThan(0);
    expect(e.tokens[4]!.valence).toBeLessThan(0);
    expect(e.tokens[0]!.valence).toBe(0); // a bound metric gives its sign to the direction
  });

  it('is bounded in [-1, 1], deterministic and total on any input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const a = compound(text);
        expect(a).toBeGreaterThanOrEqual(-1);
        expect(a).toBeLessThanOrEqual(1);
        expect(compound(text)).toBe(a);
      }),
      { numRuns: 300 },
    );
    expect(compound('')).toBe(0);
    expect(s('great great great great great great great great great great!!!!')).toBeLessThanOrEqual(1);
  });
});

describe('scorer: events and their reversal', () => {
  const T = LABEL_THRESHOLDS.neutral;

  it('counts bad news undone for the better, but less than the bad news itself', () => {
    expect(s('Exchange recovers stolen funds')).toBeGreaterThan(T);
    expect(s('Exchange recovers stolen funds')).toBeLessThan(-s('Exchange loses stolen funds'));
    expect(s('Regulator lifts ban on crypto trading')).toBeGreaterThan(T);
    expect(s('Regulator imposes ban on crypto trading')).toBeLessThan(-T);
    expect(s('Lender avoids bankruptcy')).toBeGreaterThan(T);
    // The undoer's own sense of loss is spent on what it undid: "avoids" weighs nothing here.
    const avoids = explainText('Lender avoids bankruptcy').tokens.find((t) => t.token === 'avoids');
    expect(avoids?.valence).toBe(0);
    expect(s('Developers release a patch that fixes the bug')).toBeGreaterThan(0);
    // Only bad news is undone: good news after an undoer stays good.
    expect(s('Exchange recovers strong growth')).toBeGreaterThan(s('Exchange recovers'));
  });

  it('binds what loses steam to the rally it stops', () => {
    expect(s('Bitcoin rally stalls')).toBeLessThan(-T);
    expect(s('Recovery falters as demand weakens')).toBeLessThan(-T);
    expect(s('Bitcoin rally continues')).toBeGreaterThan(T);
  });

  it('reads "record" as good news alone and as an intensifier of bad news', () => {
    expect(s('Exchange posts record quarter')).toBeGreaterThan(0);
    expect(s('Crypto funds see record outflows')).toBeLessThan(s('Crypto funds see outflows'));
    expect(s('Crypto funds see record outflows')).toBeLessThan(-T);
  });

  it('reads "fine" after an amount as a penalty', () => {
    expect(s('Exchange pays $175K fine')).toBeLessThan(-T);
    expect(s('Exchange pays 5 million fine')).toBeLessThan(-T);
    expect(s('The weather is fine')).toBe(0);
  });

  it('lets "fail" negate what fails to happen, on top of its own weight', () => {
    expect(s('Upgrade fails to attract new users')).toBeLessThan(s('Upgrade fails'));
  });

  it('halves a reason clause that pulls against the main clause', () => {
    // "after a selloff" explains a rebound: the rebound is the news.
    expect(s('Bitcoin rebounds after selloff')).toBeGreaterThan(0);
    expect(s('Bitcoin rebounds after selloff')).toBeGreaterThan(s('Bitcoin rebounds') + s('selloff'));
    // Reasons that agree are kept whole.
    expect(s('Bitcoin plunges after exchange hack')).toBeLessThan(s('Bitcoin plunges'));
    // "such as" introduces no reason.
    expect(s('Tokens surge, such as those hit by the hack')).toBeLessThan(
      s('Tokens surge, as those hit by the hack'),
    );
  });

  it('gives business events their usual sense', () => {
    for (const t of [
      'Exchange partners with payments giant',
      'Mainnet goes live',
      'Wallet adds support for new tokens',
      'Firm plans to hire 1,000 engineers',
      'Goldman names bank stock its top pick',
      'Company to buy back $3 billion of shares',
    ])
      expect({ t, positive: s(t) >= T }).toEqual({ t, positive: true });
    for (const t of [
      'Crypto lender to wind down operations',
      'Founder pleads guilty to fraud',
      'Automaker recalls cars',
    ])
      expect({ t, negative: s(t) <= -T }).toEqual({ t, negative: true });
    expect(scoreText('Exchange hires former regulator as policy chief').label).toBe('NEUTRAL');
  });

  it('ignores links and their slugs', () => {
    expect(s('Read more at https://news.example.com/bitcoin-crash-fears-grow')).toBe(0);
    expect(s('Bitcoin rallies https://t.co/AbC')).toBe(s('Bitcoin rallies'));
  });
});

describe('scoreDocument', () => {
  it('weighs the headline 0.6 and the body 0.4', () => {
    const title = 'Bitcoin rallies to a record high';
    const body = 'Analysts warn that the rally could reverse after a hack.';
    expect(scoreDocument(title, body).score).toBeCloseTo(
      TITLE_WEIGHT * compound(title) + (1 - TITLE_WEIGHT) * compound(body),
      12,
    );
  });

  it('uses the part that says something when the other is empty or neutral', () => {
    expect(scoreDocument('Exchange hacked').score).toBeCloseTo(compound('Exchange hacked'), 12);
    expect(scoreDocument('Weekly roundup', 'Hackers drained the bridge').score).toBeCloseTo(
      compound('Hackers drained the bridge'),
      12,
    );
    expect(scoreDocument('', '').label).toBe('NEUTRAL');
  });
});

describe('labels', () => {
  it('uses the documented thresholds, inclusive away from zero', () => {
    expect(labelFor(-1)).toBe('VERY_NEGATIVE');
    expect(labelFor(-0.6)).toBe('VERY_NEGATIVE');
    expect(labelFor(-0.5999)).toBe('NEGATIVE');
    expect(labelFor(-0.2)).toBe('NEGATIVE');
    expect(labelFor(-0.1999)).toBe('NEUTRAL');
    expect(labelFor(0)).toBe('NEUTRAL');
    expect(labelFor(0.1999)).toBe('NEUTRAL');
    expect(labelFor(0.2)).toBe('POSITIVE');
    expect(labelFor(0.5999)).toBe('POSITIVE');
    expect(labelFor(0.6)).toBe('VERY_POSITIVE');
    expect(labelFor(1)).toBe('VERY_POSITIVE');
  });

  it('maps five labels to three classes', () => {
    expect(classOf('VERY_NEGATIVE')).toBe('negative');
    expect(classOf('NEGATIVE')).toBe('negative');
    expect(classOf('NEUTRAL')).toBe('neutral');
    expect(classOf('POSITIVE')).toBe('positive');
    expect(classOf('VERY_POSITIVE')).toBe('positive');
  });

  it('labels scored text consistently with its score', () => {
    const r = scoreText('Exchange hacked, $200 million stolen; users furious');
    expect(r.label).toBe(labelFor(r.score));
    expect(r.label).toBe('VERY_NEGATIVE');
  });
});

describe('words that name JavaScript object properties', () => {
  // Lexicon lookups must not find Object.prototype members: "constructor" is a plain word.
  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'reads %s like any unknown word',
    (word) => {
      for (const text of [
        'The WORD fine print was signed',
        'Shares of the WORD up on Monday',
        'Revenue rose to 12 WORD from 9 WORD',
      ])
        expect(compound(text.replaceAll('WORD', word))).toBe(compound(text.replaceAll('WORD', 'builder')));
    },
  );
});
