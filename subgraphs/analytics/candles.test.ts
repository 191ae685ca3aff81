import {
  ascending,
  float8Array,
  RequestCandles,
  withWarmup,
  type CandleSource,
  type LoadedCandles,
} from './candles';

/** PostgreSQL's array_send of a float8[] (what the reader gets), built by hand. */
function pgFloat8Array(values: number[], { oid = 701, nullAt = -1 } = {}): string {
  const buf = Buffer.alloc(20 + 12 * values.length);
  buf.writeInt32BE(1, 0);
  buf.writeInt32BE(nullAt >= 0 ? 1 : 0, 4);
  buf.writeInt32BE(oid, 8);
  buf.writeInt32BE(values.length, 12);
  buf.writeInt32BE(1, 16);
  values.forEach((v, i) => {
    buf.writeInt32BE(i === nullAt ? -1 : 8, 20 + 12 * i);
    buf.writeDoubleBE(v, 24 + 12 * i);
  });
  return buf.toString('base64');
}

describe('float8Array', () => {
  it("decodes PostgreSQL's binary float8[]", () => {
    const values = [1, 2.5, 1e-5, -3, 1783720920000, 64123.55];
    expect([...float8Array(pgFloat8Array(values), 6)]).toEqual(values);
    expect(float8Array(null, 0)).toHaveLength(0);
  });

  it('refuses another shape, element type, a NULL or a non-finite value', () => {
    expect(() => float8Array(pgFloat8Array([1, 2]), 3)).toThrow(/unexpected candle column/);
    expect(() => float8Array(pgFloat8Array([1, 2], { oid: 700 }), 2)).toThrow(/unexpected candle column/);
    expect(() => float8Array(pgFloat8Array([1, 2], { nullAt: 1 }), 2)).toThrow(/not finite/);
    expect(() => float8Array(pgFloat8Array([1, NaN]), 2)).toThrow(/not finite/);
    expect(() => float8Array(pgFloat8Array([Infinity]), 1)).toThrow(/not finite/);
  });
});

describe('ascending', () => {
  it('keeps sorted columns as they are and sorts the others by open time', () => {
    const sorted = {
      t: Float64Array.of(1, 2, 3),
      open: Float64Array.of(1, 2, 3),
      high: Float64Array.of(1, 2, 3),
      low: Float64Array.of(1, 2, 3),
      close: Float64Array.of(10, 20, 30),
      volume: Float64Array.of(1, 2, 3),
    };
    expect(ascending(sorted)).toBe(sorted);
    const shuffled = { ...sorted, t: Float64Array.of(3, 1, 2), close: Float64Array.of(30, 10, 20) };
    const fixed = ascending(shuffled);
    expect([...fixed.t]).toEqual([1, 2, 3]);
    expect([...fixed.close]).toEqual([10, 20, 30]);
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
