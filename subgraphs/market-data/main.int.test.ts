import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// The service validates its environment at start: a bad market-data variable stops it (EX_CONFIG)
// with the variable's name, next to the variables every subgraph needs.
it('stops at start naming every missing or invalid variable, market-data ones included', async () => {
  const root = path.resolve(__dirname, '../..');
  const result = await promisify(execFile)(
    path.join(root, 'node_modules/.bin/tsx'),
    [path.join(__dirname, 'main.ts')],
    {
      env: {
        PATH: process.env.PATH,
        MARKET_PROVIDER: 'kraken',
        COINGECKO_PLAN: 'pro',
        BINANCE_WS_URL: 'http://not-a-websocket',
        PRICE_EVENTS_PER_SECOND: '-1',
      },
      timeout: 30_000,
    },
  ).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code: number; stderr: string }) => err,
  );
  expect(result.code).toBe(78);
  for (const variable of [
    'DATABASE_URL',
    'REDIS_URL',
    'KAFKA_BROKERS',
    'JWT_PUBLIC_KEY',
    'MARKET_PROVIDER',
    'BINANCE_WS_URL',
    'PRICE_EVENTS_PER_SECOND',
  ]) {
    expect(result.stderr).toContain(variable);
  }
}, 40_000);
