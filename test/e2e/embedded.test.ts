import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { collect, gqlData, uniqueEmail, wsClient } from '../support/client';
import { waitFor } from '../support/servers';

// `npm start` with nothing configured: all six services in one process on embedded PostgreSQL,
// the in-process cache and bus, and the offline simulator. The same flow as on the real servers.
jest.setTimeout(180_000);

const root = path.resolve(__dirname, '../..');
const gatewayPort = 18_000 + (process.pid % 1000);
const url = `http://127.0.0.1:${gatewayPort}/graphql`;
let child: ChildProcess;
let dataDir: string;
let output = '';

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(root, '.data', 'embedded-test-'));
  // Embedded PostgreSQL runs as another user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(gatewayPort),
    SUBGRAPH_PORT_BASE: String(gatewayPort + 1),
    EMBEDDED_PG_PORT: String(gatewayPort + 10),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'scripts/start.ts')], {
    env,
    cwd: root,
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      const ready = await fetch(`http://127.0.0.1:${gatewayPort}/ready`).catch(() => null);
      return ready?.ok ? true : undefined;
    },
    120_000,
    'the embedded platform to be ready',
  );
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    await exited;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it('prints where to point a browser', () => {
  expect(output).toContain(`http://localhost:${gatewayPort}/graphql`);
});

it('serves the federated graph and live prices with nothing configured', async () => {
  const email = uniqueEmail('embedded');
  const password = 'a long enough password';
  await gqlData(url, 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }', {
    i: { email, password },
  });
  const { login } = await gqlData<{ login: { accessToken: string } }>(
    url,
    'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
    {
      i: { email, password },
    },
  );
  const token = login.accessToken;
  const { createPortfolio } = await gqlData<{ createPortfolio: { id: string } }>(
    url,
    'mutation { createPortfolio(input: { name: "Embedded" }) { id } }',
    {},
    token,
  );
  await gqlData(
    url,
    'mutation($i: RecordTransactionInput!) { recordTransaction(input: $i) { id } }',
    {
      i: { portfolioId: createPortfolio.id, type: 'BUY', coinId: 'bitcoin', quantity: '0.5', price: '30000' },
    },
    token,
  );
  // The simulator quotes bitcoin within a second or two of start.
  const data = await waitFor(
    async () => {
      const d = await gqlData<{
        me: {
          portfolios: {
            holdings: {
              quantity: string;
              costBasis: string;
              marketValue: string | null;
              coin: {
                name: string;
                quote: { price: string } | null;
                sentiment: unknown;
                analytics: { sma: unknown[] };
              };
            }[];
          }[];
        };
      }>(
        url,
        `{ me { portfolios { holdings { quantity costBasis marketValue
           coin { name quote { price } sentiment { score } analytics { sma(period: 3) { v } } } } } } }`,
        {},
        token,
      );
      return d.me.portfolios[0]?.holdings[0]?.marketValue ? d : undefined;
    },
    20_000,
    'a valued holding',
  );
  const holding = data.me.portfolios[0]!.holdings[0]!;
  expect(holding).toMatchObject({ quantity: '0.5', costBasis: '15000' });
  expect(holding.coin.name).toBe('Bitcoin');
  // Valued at a live simulated price close to the quote the same query returned.
  const implied = new Decimal(holding.marketValue!).div('0.5');
  expect(
    implied.minus(holding.coin.quote!.price).abs().div(holding.coin.quote!.price).toNumber(),
  ).toBeLessThan(0.01);

  const client = wsClient(url);
  const sub = collect<{ priceUpdated: { coinId: string; price: string; coin: { name: string } } }>(
    client,
    'subscription { priceUpdated(coinIds: ["bitcoin"]) { coinId price coin { name } } }',
  );
  try {
    const first = await waitFor(() => sub.results[0], 10_000, 'a live price');
    expect(first.data!.priceUpdated).toMatchObject({ coinId: 'bitcoin', coin: { name: 'Bitcoin' } });
    expect(first.data!.priceUpdated.price).toMatch(/^\d+(\.\d+)?$/);
  } finally {
    sub.dispose();
    await client.dispose();
  }
});
