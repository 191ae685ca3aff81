import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createDb, type Db } from '../../lib/db';
import { CsvImportError, importCandlesCsv } from './csv-import';

// CSV history import on the real PostgreSQL: idempotent, all or nothing, rolled up.
jest.setTimeout(60_000);

const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
const root = path.resolve(__dirname, '../..');
const coinId = `csv-int-${randomUUID().slice(0, 8)}`;
let db: Db;
let dir: string;

beforeAll(async () => {
  db = createDb(DATABASE_URL, 3);
  await db.coin.create({ data: { id: coinId, symbol: 'CSVT', name: 'CSV test coin' } });
  dir = mkdtempSync(path.join(os.tmpdir(), 'csv-import-'));
});

afterAll(async () => {
  await db.coin.deleteMany({ where: { id: coinId } });
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const stored = async (interval: string) =>
  (
    await db.candle.findMany({
      where: { coinId, interval: interval as 'DAY_1' },
      orderBy: { openTime: 'asc' },
    })
  ).map((c) => [
    c.openTime.toISOString(),
    c.open.toFixed(),
    c.high.toFixed(),
    c.low.toFixed(),
    c.close.toFixed(),
    c.volume.toFixed(),
  ]);

const DAILY = `date,open,high,low,close,volume
2019-03-01,3800.5,3900,3750.25,3850,1200.123456789
2019-03-02,3850,3875.1,3810,3820.75,980
2019-03-03,3820.75,3830,3700,3710.5,1500.5
`;

// 2019-04-01 00:00 to 2019-04-02 01:00 UTC hourly: one whole day plus two hours of the next.
function hourly(): string {
  const lines = ['date,open,high,low,close,volume'];
  for (let h = 0; h < 26; h++) {
    const t = new Date(Date.UTC(2019, 3, 1, h)).toISOString();
    const open = 100 + h;
    lines.push(`${t},${open},${open + 1.5},${open - 0.25},${open + 1},${h + 1}.5`);
  }
  return lines.join('\n');
}

describe('CSV history import', () => {
  it('imports daily rows exactly, and importing the same file again changes nothing', async () => {
    const first = await importCandlesCsv(db, { coinId, interval: 'DAY_1', text: DAILY });
    expect(first).toMatchObject({ interval: 'DAY_1', candles: 3, rolledUp: 0 });
    const rows = await stored('DAY_1');
    expect(rows).toEqual([
      ['2019-03-01T00:00:00.000Z', '3800.5', '3900', '3750.25', '3850', '1200.123456789'],
      ['2019-03-02T00:00:00.000Z', '3850', '3875.1', '3810', '3820.75', '980'],
      ['2019-03-03T00:00:00.000Z', '3820.75', '3830', '3700', '3710.5', '1500.5'],
    ]);
    await importCandlesCsv(db, { coinId, interval: 'DAY_1', text: DAILY });
    expect(await stored('DAY_1')).toEqual(rows);
  });

  it('rolls intraday rows up into the buckets the file covers entirely', async () => {
    const result = await importCandlesCsv(db, { coinId, text: hourly() });
    expect(result).toMatchObject({ interval: 'HOUR_1', candles: 26 });
    // 2019-04-01 is whole: one daily candle; 2019-04-02 has two hours only, so no daily candle.
    const daily = (await stored('DAY_1')).filter(([t]) => t!.startsWith('2019-04'));
    const volume = Array.from({ length: 24 }, (_, h) => h + 1.5).reduce((a, b) => a + b, 0);
    expect(daily).toEqual([['2019-04-01T00:00:00.000Z', '100', '124.5', '99.75', '124', String(volume)]]);
    const fourHourly = await stored('HOUR_4');
    expect(fourHourly).toHaveLength(6);
    expect(fourHourly[1]).toEqual(['2019-04-01T04:00:00.000Z', '104', '108.5', '103.75', '108', '28']);
    expect(result.rolledUp).toBe(7);
    const again = await importCandlesCsv(db, { coinId, text: hourly() });
    expect(again).toEqual(result);
    expect((await stored('DAY_1')).filter(([t]) => t!.startsWith('2019-04'))).toEqual(daily);
  });

  it('refuses a file with bad lines as a whole, naming every line', async () => {
    const text = `date,open,high,low,close,volume
2019-05-01,10,11,9,10.5,100
2019-05-02,10.5,10,9,10.2,100
2019-05-03,10.2,abc,9,10,100
2019-05-04,10,11,9,10.5,-1
`;
    const error = await importCandlesCsv(db, { coinId, interval: 'DAY_1', text }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvImportError);
    expect((error as CsvImportError).errors.map((e) => e.line)).toEqual([3, 4, 5]);
    // Line 2 was fine, but nothing of a refused file is written.
    expect((await stored('DAY_1')).filter(([t]) => t!.startsWith('2019-05'))).toEqual([]);
    await expect(importCandlesCsv(db, { coinId: `${coinId}-missing`, text: DAILY })).rejects.toThrow(
      /unknown coin/,
    );
  });

  it('runs as `npm run import:candles -- --coin <id> --interval DAY_1 file.csv`', async () => {
    const good = path.join(dir, 'good.csv');
    writeFileSync(good, DAILY.replace(/2019-03/g, '2019-06'));
    const tsx = path.join(root, 'node_modules/.bin/tsx');
    const script = path.join(__dirname, 'import-candles.ts');
    const env = { PATH: process.env.PATH, DATABASE_URL };
    const ok = await promisify(execFile)(tsx, [script, '--coin', coinId, '--interval', 'DAY_1', good], {
      env,
    });
    expect(ok.stdout).toMatch(/imported 3 DAY_1 candles/);
    expect((await stored('DAY_1')).filter(([t]) => t!.startsWith('2019-06'))).toHaveLength(3);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'date,open,high,low,close,volume\n2019-07-01,1,2,0.5,1.5,3\n2019-07-02,1,0.5,2,1,3\n');
    const refused = await promisify(execFile)(tsx, [script, '--coin', coinId, bad], { env }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(refused.code).toBe(65);
    expect(refused.stderr).toContain(`${bad}:3: high is below open, close or low`);
    expect(refused.stderr).toContain('nothing imported');
    expect((await stored('DAY_1')).filter(([t]) => t!.startsWith('2019-07'))).toEqual([]);
  });
});
