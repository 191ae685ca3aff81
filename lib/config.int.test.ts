import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// A service started with a bad environment exits non-zero and names every bad variable.
const run = promisify(execFile);
const root = path.resolve(__dirname, '..');

it('stops a subgraph at start with a list of the missing and invalid variables', async () => {
  const result = await run(
    path.join(root, 'node_modules/.bin/tsx'),
    [path.join(root, 'subgraphs/analytics/main.ts')],
    {
      env: { PATH: process.env.PATH, DATABASE_URL: 'not-a-url', PORT: '99999' },
      timeout: 30_000,
    },
  ).then(
    () => ({ code: 0, stderr: '' }),
    (err: { code: number; stderr: string }) => err,
  );
  expect(result.code).toBe(78);
  for (const variable of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'JWT_PUBLIC_KEY', 'PORT']) {
    expect(result.stderr).toContain(variable);
  }
}, 40_000);
