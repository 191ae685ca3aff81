import { AnalyticsInputError, isAnalyticsInputError, validatePeriod } from './errors';
import { sma } from './moving-averages';
import { lastValue, toFloat64Array } from './series';

describe('series helpers', () => {
  it('toFloat64Array accepts numbers, decimal strings and Decimal-like objects', () => {
    const decimal = { toNumber: () => 64123.55 };
    expect(Array.from(toFloat64Array([1, '2.5', decimal]))).toEqual([1, 2.5, 64123.55]);
  });

  it('toFloat64Array refuses anything that would become NaN or Infinity', () => {
    expect(() => toFloat64Array(['abc'])).toThrow(AnalyticsInputError);
    expect(() => toFloat64Array([''])).toThrow(/values\[0\]/);
    expect(() => toFloat64Array([1, Number.POSITIVE_INFINITY], 'close')).toThrow(/close\[1\]/);
  });

  it('lastValue is the latest point, or null for an empty series', () => {
    expect(lastValue(sma([1, 2, 3, 4], 2))).toBe(3.5);
    expect(lastValue(sma([1], 2))).toBeNull();
  });

  it('validatePeriod returns valid periods and throws a typed BAD_USER_INPUT error otherwise', () => {
    expect(validatePeriod('days', 90, 1, 3650)).toBe(90);
    try {
      validatePeriod('days', 0, 1, 3650);
      throw new Error('no error thrown');
    } catch (e) {
      expect(isAnalyticsInputError(e)).toBe(true);
      expect(e).toMatchObject({
        code: 'BAD_USER_INPUT',
        argument: 'days',
        message: 'days must be an integer from 1 to 3650, got 0',
      });
    }
  });
});
