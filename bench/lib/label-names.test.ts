import { labelNamesFrom, takeLabelNames } from './label-names';

describe('--labels', () => {
  it('reads name=class pairs and takes them out of the arguments', () => {
    const args = ['--labels', '0=negative, 1=Positive,2=neutral', 'a.csv'];
    expect(takeLabelNames(args)).toEqual({ '0': 'negative', '1': 'positive', '2': 'neutral' });
    expect(args).toEqual(['a.csv']);
    expect(takeLabelNames(['a.csv'])).toEqual({});
  });

  it('rejects a class that is not negative, neutral or positive, and a pair without a name', () => {
    expect(() => labelNamesFrom('0=bad')).toThrow(/--labels/);
    expect(() => labelNamesFrom('=positive')).toThrow(/--labels/);
    expect(() => labelNamesFrom('bullish')).toThrow(/--labels/);
  });
});
