// `npm run import:candles -- --coin bitcoin [--interval DAY_1] file.csv`: imports OHLCV history
// (`date,open,high,low,close,volume`) into PostgreSQL (DATABASE_URL, default the local
// development database). All or nothing; running it again with the same file changes nothing.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { env, loadConfigOrExit } from '../../lib/config';
import { createDb } from '../../lib/db';
import { CANDLE_INTERVALS, isCandleInterval } from './core';
import { CsvImportError, importCandlesCsv } from './csv-import';

const USAGE = `usage: npm run import:candles -- --coin <coin-id> [--interval ${CANDLE_INTERVALS.join('|')}] <file.csv>`;

function fail(message: string, code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  process.exit(code);
}

async function main() {
  let args;
  try {
    args = parseArgs({
      options: { coin: { type: 'string' }, interval: { type: 'string' }, help: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 64);
  }
  if (args.values.help) fail(USAGE, 0);
  const { coin, interval } = args.values;
  const file = args.positionals[0];
  if (!coin || !file || args.positionals.length > 1) fail(USAGE, 64);
  if (interval !== undefined && !isCandleInterval(interval))
    fail(`--interval must be one of ${CANDLE_INTERVALS.join(', ')}`, 64);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}: ${(err as Error).message}`, 66);
  }
  const config = loadConfigOrExit(
    z.object({
      DATABASE_URL: env.databaseUrl.default(
        'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db',
      ),
    }),
    'import:candles',
  );
  const db = createDb(config.DATABASE_URL, 2);
  try {
    const result = await importCandlesCsv(db, { coinId: coin, text, ...(interval ? { interval } : {}) });
    process.stdout.write(
      `imported ${result.candles} ${result.interval} candles for ${coin} ` +
        `(${new Date(result.from).toISOString()} .. ${new Date(result.to).toISOString()}), ` +
        `rebuilt ${result.rolledUp} roll-up candles\n`,
    );
  } catch (err) {
    if (err instanceof CsvImportError) {
      const lines = err.errors.map((e) =>
        e.line > 0 ? `${file}:${e.line}: ${e.message}` : `${file}: ${e.message}`,
      );
      fail(`${lines.join('\n')}\n${err.message}`, 65);
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}

main().catch((err) => {
  process.stderr.write(`import failed: ${(err as Error).message}\n`);
  process.exit(1);
});
