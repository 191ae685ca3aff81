import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { generateKeyPairPem } from '../../lib/auth';
import { createLogger } from '../../lib/logger';
import { databaseUrl as databaseUrlOf, dropScratchDatabase } from '../support/databases';
import { simulatorProvider, startPlatform, type Platform } from '../../scripts/platform';
import { createPortfolio, gqlData, RECORD_TRANSACTION, signUp, sleep } from './support/clients';
import { faultServers } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { recordFigures } from './support/report';

// Backup and restore (RELIABILITY.md, Backup), with the deployment guide's commands against the
// fault instance's PostgreSQL: `pg_dump -U crypto_user crypto_db | gzip > backup.sql.gz`, then
// `gunzip -c backup.sql.gz | psql -U crypto_user <db>` into an empty database. The source is
// populated through the API first (accounts, sessions, portfolios, transactions, alerts, news,
// sentiment scores, quotes and candles from the simulator, outbox rows). Pass: the restore
// prints no error, and every table of the restored database holds exactly the source's rows
// (row count and a digest of all rows, table by table, sequences included); docs/DEPLOY.md's
// `--clean --if-exists` dump then restores over the populated copy with ON_ERROR_STOP=1, again
// row for row.
jest.setTimeout(180_000);

const run = promisify(execFile);
const MUST_HAVE_ROWS = [
  'User',
  'Session',
  'Coin',
  'Quote',
  'Candle',
  'Portfolio',
  'Transaction',
  'PriceAlert',
  'OutboxEvent',
  'SentimentDocument',
  'DocumentCoin',
  'SentimentScore',
  '_prisma_migrations',
];

let release: () => void;
let platform: Platform | undefined;
let dir: string;
const restoreDb = `restore_${Date.now()}_${process.pid}`;
const { databaseUrl } = faultServers();
const url = new URL(databaseUrl);
const pgEnv = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
const connection = ['-h', url.hostname, '-p', url.port, '-U', decodeURIComponent(url.username)];
const sourceDb = url.pathname.slice(1);

/** Runs a shell pipeline exactly as an operator types it (with pipefail, so a failed pg_dump fails). */
async function shell(command: string): Promise<{ stdout: string; stderr: string }> {
  return run('bash', ['-o', 'pipefail', '-c', command], {
    env: pgEnv,
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
}

const conn = connection.join(' ');

/** Row count and a digest of every row, per table, plus sequence positions. */
async function snapshot(database: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: databaseUrlOf(databaseUrl, database) });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      const ident = `"${name.replace(/"/g, '""')}"`;
      const { rows } = await client.query<{ n: string; digest: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS digest FROM ${ident} t`,
      );
      out[name] = `${rows[0]!.n} rows, ${rows[0]!.digest ?? 'empty'}`;
    }
    const { rows: sequences } = await client.query<{ name: string; last: string | null }>(
      "SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'",
    );
    for (const s of sequences) out[`sequence ${s.name}`] = s.last ?? 'unused';
    return out;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  release = await acquireFaultLock();
  dir = mkdtempSync(path.join(os.tmpdir(), 'backup-test-'));
});

afterAll(async () => {
  try {
    await platform?.close();
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await dropScratchDatabase(admin, restoreDb).finally(() => admin.end());
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    release?.();
  }
});

async function populate() {
  const servers = faultServers();
  const pair = generateKeyPairPem();
  const adminEmail = `admin-${randomUUID()}@example.com`;
  platform = await startPlatform({
    databaseUrl: servers.databaseUrl,
    redisUrl: servers.redisUrl,
    kafkaBrokers: servers.kafkaBrokers,
    authRateLimitPerMinute: 100_000, // many sign-ups from one address; limits are tested elsewhere
    jwt: { privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey },
    gatewayPort: 0,
    adminEmails: [adminEmail],
    log: createLogger('faults-backup', 'silent'),
    marketProvider: () => simulatorProvider({ tickIntervalMs: 200 }),
  });
  const api = platform.url;
  const user = await signUp(api, 'backup');
  const portfolio = await createPortfolio(api, user, 'Backed up');
  for (const [i, type] of ['BUY', 'BUY', 'SELL'].entries()) {
    await gqlData(
      api,
      RECORD_TRANSACTION,
      { i: { portfolioId: portfolio, type, coinId: 'ethereum', quantity: `0.${i + 1}`, price: '2500.5' } },
      { token: user.token },
    );
  }
  await gqlData(
    api,
    'mutation { createPriceAlert(input: { coinId: "bitcoin", direction: ABOVE, threshold: "1000000" }) { id } }',
    {},
    { token: user.token },
  );
  const password = 'correct horse battery staple';
  await gqlData(api, 'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }', {
    i: { email: adminEmail, password },
  });
  const admin = await gqlData<{ login: { accessToken: string } }>(
    api,
    'mutation($i: LoginInput!) { login(input: $i) { accessToken } }',
    { i: { email: adminEmail, password } },
  );
  await gqlData(
    api,
    'mutation($i: IngestNewsDocumentsInput!) { ingestNewsDocuments(input: $i) { inserted } }',
    {
      i: {
        documents: [
          {
            source: 'backup-test',
            title: `Bitcoin rallies to a record high as ETF inflows surge ${randomUUID()}`,
            body: 'Investors cheered strong gains in Bitcoin and Ethereum.',
            url: `https://example.com/${randomUUID()}`,
            publishedAt: new Date().toISOString(),
          },
        ],
      },
    },
    { token: admin.login.accessToken },
  );
  await sleep(4500); // the simulator's quotes and candles (flushed every 2 s)
  await platform.close();
  platform = undefined;
}

it("restores every row of a populated database with the guide's pg_dump | gzip and gunzip | psql", async () => {
  await populate();
  const source = await snapshot(sourceDb);
  const empty = MUST_HAVE_ROWS.filter((table) => !source[table] || source[table].startsWith('0 rows'));
  expect(empty).toEqual([]);

  const backup = path.join(dir, 'backup.sql.gz');
  const begin = Date.now();
  await shell(`pg_dump ${conn} ${sourceDb} | gzip > ${backup}`);
  const dumpMs = Date.now() - begin;
  await shell(`psql ${conn} -d postgres -Xqc 'CREATE DATABASE "${restoreDb}"'`);
  const restoreBegin = Date.now();
  const restored = await shell(`gunzip -c ${backup} | psql ${conn} ${restoreDb}`);
  const restoreMs = Date.now() - restoreBegin;
  expect(restored.stderr).not.toMatch(/ERROR|FATAL/);
  const copy = await snapshot(restoreDb);
  expect(copy).toEqual(source);

  // docs/DEPLOY.md: a --clean --if-exists dump restores over an existing, populated schema.
  const clean = path.join(dir, 'backup-clean.sql.gz');
  await shell(`pg_dump ${conn} --clean --if-exists ${sourceDb} | gzip > ${clean}`);
  const over = await shell(`gunzip -c ${clean} | psql -v ON_ERROR_STOP=1 ${conn} ${restoreDb}`);
  expect(over.stderr).not.toMatch(/ERROR|FATAL/);
  expect(await snapshot(restoreDb)).toEqual(source);

  const rows = Object.entries(source)
    .filter(([k]) => !k.startsWith('sequence '))
    .reduce((n, [, v]) => n + Number(v.split(' ')[0]), 0);
  recordFigures('backup-restore', {
    tables: Object.keys(source).filter((k) => !k.startsWith('sequence ')).length,
    rows,
    emptyTables: Object.entries(source)
      .filter(([, v]) => v.startsWith('0 rows'))
      .map(([k]) => k),
    backupBytes: statSync(backup).size,
    dumpMs,
    restoreMs,
  });
});
