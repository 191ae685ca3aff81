import { floatArray, RequestCandles, withWarmup, type CandleSource, type LoadedCandles } from './candles';

describe('floatArray', () => {
  it("parses PostgreSQL's float8[] text form", () => {
    expect([...floatArray('{1,2.5,1e-05,-3,1783720920000}', 5)]).toEqual([1, 2.5, 1e-5, -3, 1783720920000]);
    expect(floatArray(null, 0)).toHaveLength(0);
  });

  it('refuses a column of the wrong length or with a non-finite value', () => {
    expect(() => floatArray('{1,2}', 3)).toThrow(/2 values, expected 3/);
    expect(() => floatArray('{1,NaN}', 2)).toThrow(/non-finite/);
    expect(() => floatArray('{Infinity}', 1)).toThrow(/non-finite/);
  });
});

const cols = (n: number) => {
  const a = () => Float64Array.from({ length: n }, (_, i) => i);
  return { t: a(), open: a(), high: a(), low: a(), close: a(), volume: a() };
};

describe('withWarmup', () => {
  it('keeps the last `warmup` candles before the window', () => {
    const loaded: LoadedCandles = { cols: cols(10), windowStart: 6 };
    const w = withWarmup(loaded, 2);
    expect([...w.cols.close]).toEqual([4, 5, 6, 7, 8, 9]);
    expect(w.windowStart).toBe(2);
    expect(withWarmup(loaded, 50)).toBe(loaded);
    expect(withWarmup(loaded, 0).windowStart).toBe(0);
  });
});

describe('RequestCandles', () => {
  it('shares one read between concurrent requests for the same window', async () => {
    const calls: number[] = [];
    const source: CandleSource = {
      load: async (_c, _i, _f, warmup) => {
        calls.push(warmup);
        return { cols: cols(1000), windowStart: 900 };
      },
    };
    const rc = new RequestCandles(source);
    const [a, b] = await Promise.all([rc.get('x', 'DAY_1', 0, 10), rc.get('x', 'DAY_1', 0, 20)]);
    expect(calls).toHaveLength(1);
    expect(a.windowStart).toBe(10);
    expect(b.windowStart).toBe(20);
    await rc.get('x', 'HOUR_1', 0, 10);
    await rc.get('x', 'DAY_1', 1, 10);
    expect(calls).toHaveLength(3);
  });
});
