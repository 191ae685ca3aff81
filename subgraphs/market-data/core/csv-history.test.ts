import { parseOhlcvCsv } from './csv-history';

describe('parseOhlcvCsv', () => {
  it('parses daily rows into DAY_1 candles, exactly, sorted by date', () => {
    const csv = [
      'date,open,high,low,close,volume',
      '2024-01-02,42283.58,44796.52,42198.98,44179.55,27174.3',
      '2024-01-01,42280.23,44184.1,42180.77,42283.58,18426.8000',
    ].join('\n');
    const r = parseOhlcvCsv(csv, { coinId: 'bitcoin' });
    expect(r.errors).toEqual([]);
    expect(r.interval).toBe('DAY_1');
    expect(r.candles).toEqual([
      {
        coinId: 'bitcoin',
        interval: 'DAY_1',
        openTime: Date.UTC(2024, 0, 1),
        open: '42280.23',
        high: '44184.1',
        low: '42180.77',
        close: '42283.58',
        volume: '18426.8',
      },
      {
        coinId: 'bitcoin',
        interval: 'DAY_1',
        openTime: Date.UTC(2024, 0, 2),
        open: '42283.58',
        high: '44796.52',
        low: '42198.98',
        close: '44179.55',
        volume: '27174.3',
      },
    ]);
  });

  it('infers an intraday interval from ISO timestamps, and accepts any column order and extra columns', () => {
    const csv = [
      'Volume,Close,Low,High,Open,Date,Note',
      '10,2,1,3,1.5,2024-01-01T00:15:00Z,x',
      '11,2.5,1.8,2.6,2,2024-01-01T01:30:00+01:00,y',
    ].join('\n');
    const r = parseOhlcvCsv(csv, { coinId: 'ethereum' });
    expect(r.errors).toEqual([]);
    expect(r.interval).toBe('MINUTE_15');
    expect(r.candles.map((c) => c.openTime)).toEqual([
      Date.UTC(2024, 0, 1, 0, 15),
      Date.UTC(2024, 0, 1, 0, 30),
    ]);
  });

  it('reports every bad row with its line number', () => {
    const csv = [
      'date,open,high,low,close,volume',
      '2024-01-01,1,2,0.5,1.5,100', // line 2 ok
      '2024-02-30,1,2,0.5,1.5,100', // 3: no such day
      '2024-01-03,1,0.9,0.5,1.5,100', // 4: high below open
      '2024-01-04,1,2,0.5,1.5,-1', // 5: negative volume
      '2024-01-05,1.2.3,2,0.5,1.5,1', // 6: not a decimal
      '', // empty lines are skipped but still counted
      '2024-01-01,1,2,0.5,1.5,100', // 8: duplicate of line 2
      '2024-01-06T00:00:00,1,2,0.5,1.5,1', // 9: timestamp without zone
      '2024-01-07,1,2,1.2,1.5,1', // 10: low above open
    ].join('\n');
    const r = parseOhlcvCsv(csv, { coinId: 'bitcoin' });
    expect(r.errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 8, 9, 10]);
    expect(r.errors.find((e) => e.line === 8)?.message).toMatch(/duplicate date \(already on line 2\)/);
    expect(r.candles).toHaveLength(1);
  });

  it('refuses rows off the interval boundary and unknown spacings', () => {
    const off = parseOhlcvCsv('date,open,high,low,close,volume\n2024-01-01T00:07:00Z,1,1,1,1,1\n', {
      coinId: 'b',
      interval: 'MINUTE_5',
    });
    expect(off.errors).toEqual([{ line: 2, message: 'date is not on a UTC MINUTE_5 boundary' }]);
    const odd = parseOhlcvCsv(
      'date,open,high,low,close,volume\n2024-01-01T00:00:00Z,1,1,1,1,1\n2024-01-01T00:07:00Z,1,1,1,1,1\n',
      { coinId: 'b' },
    );
    expect(odd.errors[0]?.message).toMatch(/420000 ms apart/);
  });

  it('names missing columns and unparsable CSV', () => {
    expect(parseOhlcvCsv('date,open,high,low,close\n2024-01-01,1,1,1,1\n', { coinId: 'b' }).errors).toEqual([
      { line: 1, message: 'missing column(s): volume' },
    ]);
    expect(
      parseOhlcvCsv('date,open,high,low,close,volume\n"2024-01-01,1,1,1,1,1\n', { coinId: 'b' }).errors[0]
        ?.line,
    ).toBe(2);
  });
});
