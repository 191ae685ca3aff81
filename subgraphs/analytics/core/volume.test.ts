import fc from 'fast-check';
import { maxRelDiff } from './testing/expect-close';
import { obv, rollingVwap, vwap } from './volume';

describe('obv', () => {
  it("starts at the first bar's volume and follows the close's direction (TA-Lib)", () => {
    // 100; up → +200 = 300; unchanged → 300; down → −400 = −100; up → +500 = 400
    const o = obv([10, 11, 11, 9, 12], [100, 200, 300, 400, 500]);
    expect(o.begin).toBe(0);
    expect(Array.from(o.values)).toEqual([100, 300, 300, -100, 400]);
    expect(obv([], []).values).toHaveLength(0);
  });
});

describe('vwap', () => {
  // bars (high, low, close, volume) → typical price: (12, 8, 10, 100) → 10; (13, 10, 13, 300) → 12;
  // (11, 8, 8, 0) → 9; (16, 12, 14, 100) → 14
  const high = [12, 13, 11, 16];
  const low = [8, 10, 8, 12];
  const close = [10, 13, 8, 14];
  const volume = [100, 300, 0, 100];

  it('cumulative: Σ typical·volume / Σ volume from the first bar', () => {
    // 1000/100 = 10; (1000 + 3600)/400 = 11.5; unchanged by a bar without volume; (4600 + 1400)/500 = 12
    expect(Array.from(vwap(high, low, close, volume).values)).toEqual([10, 11.5, 11.5, 12]);
  });

  it('rolling: the same ratio over the last `period` bars', () => {
    // period 2: (1000 + 3600)/400 = 11.5; (3600 + 0)/300 = 12; (0 + 1400)/100 = 14
    const r = rollingVwap(high, low, close, volume, 2);
    expect(r.begin).toBe(1);
    expect(Array.from(r.values)).toEqual([11.5, 12, 14]);
  });

  it('falls back to the mean typical price while there is no volume (never NaN)', () => {
    const none = [0, 0, 0, 0];
    expect(Array.from(vwap(high, low, close, none).values)).toEqual([10, 11, 31 / 3, 11.25]);
    // rolling over bars 1..2: volumes 300 then 0, 0 then 100; window of bars 2,3 with none → mean
    const r = rollingVwap(high, low, close, [100, 300, 0, 0], 2);
    expect(Array.from(r.values)).toEqual([11.5, 12, (9 + 14) / 2]);
  });

  it('rolling matches the windowed ratio computed from scratch (property)', () => {
    const bar = fc
      .tuple(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true })),
      )
      .map(([l, range, v]) => ({ high: l + range, low: l, close: l + range / 2, volume: v }));
    fc.assert(
      fc.property(fc.array(bar, { maxLength: 60 }), fc.integer({ min: 2, max: 15 }), (bars, period) => {
        const h = bars.map((b) => b.high);
        const l = bars.map((b) => b.low);
        const c = bars.map((b) => b.close);
        const v = bars.map((b) => b.volume);
        const ref: number[] = [];
        for (let i = period - 1; i < bars.length; i++) {
          let pv = 0;
          let vol = 0;
          let tp = 0;
          for (let t = i - period + 1; t <= i; t++) {
            const typical = (h[t]! + l[t]! + c[t]!) / 3;
            pv += typical * v[t]!;
            vol += v[t]!;
            tp += typical;
          }
          ref.push(vol > 0 ? pv / vol : tp / period);
        }
        expect(maxRelDiff(rollingVwap(h, l, c, v, period).values, ref)).toBeLessThan(1e-9);
      }),
    );
  });
});
