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
