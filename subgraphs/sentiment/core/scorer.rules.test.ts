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
