import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../lib/db';
import {
  createPortfolio,
  gql,
  RECORD_TRANSACTION,
  signUp,
  sleep,
  uniqueAddress,
  uniqueEmail,
  waitFor,
  type Account,
} from './support/clients';
import { faultServers, startServer, stopServer } from './support/infra';
import { acquireFaultLock } from './support/lock';
import { httpGet, spawnPlatform, SUBGRAPH_NAMES, type ProcessPlatform } from './support/processes';
import { recordFigures } from './support/report';

// PostgreSQL restart under write load (RELIABILITY.md, PostgreSQL), on the cluster-mode processes.
// Writers keep recording transactions (with idempotency keys) and registering users while the
// database stops and starts. Pass: every write either commits or fails with a retryable error
// (UPSTREAM_UNAVAILABLE, never an opaque INTERNAL_SERVER_ERROR); retrying every failed write with
// its idempotency key afterwards leaves exactly one transaction per key, each with its outbox
// event, and holdings that add up (nothing half-applied); the services reconnect by themselves
// (same processes) and answer writes again within 10 s of the database's return.
jest.setTimeout(240_000);

const RETRYABLE = ['UPSTREAM_UNAVAILABLE'];
const RECONNECT_LIMIT_MS = 10_000;

interface Attempt {
  kind: 'transaction' | 'register';
  key: string;
  at: number;
  ok: boolean;
  status?: number;
  code?: string;
  message?: string;
}

let release: () => void;
let platform: ProcessPlatform;
let db: Db;

beforeAll(async () => {
  release = await acquireFaultLock();
  const servers = faultServers();
  platform = await spawnPlatform(servers);
  db = createDb(servers.databaseUrl, 2);
});

afterAll(async () => {
  await startServer('postgres').catch(() => undefined);
  await platform?.stop();
  await db?.$disconnect();
  release?.();
});

it('commits or cleanly refuses every write across a PostgreSQL restart, and reconnects by itself', async () => {
  const url = platform.url;
  const owners: Account[] = [await signUp(url, 'pg'), await signUp(url, 'pg')];
  const portfolios = await Promise.all(owners.map((o) => createPortfolio(url, o, 'Restart')));
  const pids = [...platform.gateways, ...Object.values(platform.subgraphs)].map((s) => s.pid);
  const attempts: Attempt[] = [];
  const quantities = new Map<string, string>(); // idempotency key -> quantity

  const recordOne = async (i: number, key: string) => {
    const res = await gql<{ recordTransaction: { id: string } }>(
      url,
      RECORD_TRANSACTION,
      {
        i: {
          portfolioId: portfolios[i],
          type: 'BUY',
          coinId: 'bitcoin',
          quantity: quantities.get(key),
          price: '20000',
          idempotencyKey: key,
        },
      },
      { token: owners[i]!.token, timeoutMs: 30_000 },
    ).catch((err: Error) => ({
      status: 0,
      errors: [{ message: err.message, extensions: { code: 'TRANSPORT' } }],
    }));
    return res;
  };

  let stopAt = Number.POSITIVE_INFINITY;
  let writing = true;
  let n = 0;
  const transactionWriter = async (i: number) => {
    while (writing) {
      const key = randomUUID();
      quantities.set(key, `0.0${++n}`);
      const res = await recordOne(i, key);
      attempts.push({
        kind: 'transaction',
        key: `${i}:${key}`,
        at: Date.now(),
        ok: !res.errors?.length,
        status: res.status,
        code: res.errors?.[0]?.extensions?.code as string | undefined,
        message: res.errors?.[0]?.message,
      });
      await sleep(100);
    }
  };
  const registerWriter = async () => {
    while (writing) {
      const email = uniqueEmail('pgreg');
      const res = await gql(
        url,
        'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
        { i: { email, password: 'correct horse battery staple' } },
        { address: uniqueAddress() },
      ).catch((err: Error) => ({
        status: 0,
        errors: [{ message: err.message, extensions: { code: 'TRANSPORT' } }],
      }));
      attempts.push({
        kind: 'register',
        key: email,
        at: Date.now(),
        ok: !res.errors?.length,
        status: res.status,
        code: res.errors?.[0]?.extensions?.code as string | undefined,
        message: res.errors?.[0]?.message,
      });
      await sleep(150);
    }
  };
  const readyPolls: { at: number; service: string; status?: number }[] = [];
  const poller = async () => {
    while (writing) {
      for (const s of SUBGRAPH_NAMES.map((name) => platform.subgraphs[name])) {
        readyPolls.push({
          at: Date.now(),
          service: s.name,
          status: (await httpGet(`${s.origin}/ready`, 3000))?.status,
        });
      }
      await sleep(500);
    }
  };
  const load = Promise.all([transactionWriter(0), transactionWriter(1), registerWriter(), poller()]);

  await sleep(2000);
  stopAt = Date.now();
  await stopServer('postgres');
  const stoppedAt = Date.now();
  await sleep(3000);
  await startServer('postgres');
  const upAt = Date.now();
  const firstWriteOk = await waitFor(
    () => attempts.find((a) => a.at > upAt && a.ok && a.kind === 'transaction')?.at,
    30_000,
    'a committed write after the restart',
  ).catch(() => undefined);
  await sleep(3000);
  writing = false;
  await load;

  // Every failure says "retry"; then retry each failed write with its own idempotency key.
  const failed = attempts.filter((a) => !a.ok);
  const codes = [...new Set(failed.map((a) => `${a.kind}:${a.status}:${a.code}`))];
  const retried: string[] = [];
  for (const a of failed.filter((f) => f.kind === 'transaction')) {
    const [i, key] = a.key.split(':') as [string, string];
    const res = await recordOne(Number(i), key);
    if (res.errors?.length) retried.push(`${key}: ${res.errors[0]!.message}`);
  }
  const registersLost: string[] = [];
  for (const a of failed.filter((f) => f.kind === 'register')) {
    const res = await gql(
      url,
      'mutation($i: RegisterInput!) { register(input: $i) { user { id } } }',
      { i: { email: a.key, password: 'correct horse battery staple' } },
      { address: uniqueAddress() },
    );
    // Committed before the failure reached the client: the account exists and the retry is a CONFLICT.
    if (res.errors?.length && res.errors[0]!.extensions?.code !== 'CONFLICT') registersLost.push(a.key);
  }

  // Exactly one transaction per key, each with its outbox event; holdings add up.
  const keys = attempts.filter((a) => a.kind === 'transaction').map((a) => a.key.split(':')[1]!);
  const rows = await db.transaction.findMany({
    where: { portfolioId: { in: portfolios } },
    select: { id: true, idempotencyKey: true, quantity: true, portfolioId: true },
  });
  const outbox = await db.outboxEvent.findMany({
    where: { key: { in: portfolios } },
    select: { payload: true },
  });
  const eventTransactions = outbox
    .map((e) => e.payload as { kind: string; transactionId?: string })
    .filter((p) => p.kind === 'TRANSACTION_RECORDED')
    .map((p) => p.transactionId);
  const holdings = await Promise.all(
    owners.map(async (o, i) => {
      const res = await gql<{ portfolio: { holdings: { quantity: string }[] } }>(
        url,
        'query($id: ID!) { portfolio(id: $id) { holdings { quantity } } }',
        { id: portfolios[i] },
        { token: o.token },
      );
      return res.data?.portfolio.holdings[0]?.quantity;
    }),
  );
  const sums = portfolios.map((p) =>
    rows
      .filter((r) => r.portfolioId === p)
      .reduce((sum, r) => sum + BigInt(r.quantity.times('1e18').toFixed(0)), 0n),
  );
  const registersCommitted = await db.user.count({
    where: { email: { in: attempts.filter((a) => a.kind === 'register').map((a) => a.key) } },
  });
  const during = readyPolls.filter((p) => p.at > stoppedAt && p.at < upAt);

  recordFigures('postgres-restart', {
    writes: attempts.length,
    failedWrites: failed.length,
    failureCodes: codes,
    stopMs: stoppedAt - stopAt,
    downMs: upAt - stopAt,
    firstCommittedWriteAfterReturnMs: firstWriteOk === undefined ? null : firstWriteOk - upAt,
    retriesThatFailed: retried.length,
    transactionsStored: rows.length,
    distinctKeys: new Set(keys).size,
    readyDuringOutage: [...new Set(during.map((p) => `${p.service}:${p.status}`))],
    registersCommitted,
  });

  // The services' own account of any internal error, to say which error was not recognised.
  const internal = [...platform.gateways, ...Object.values(platform.subgraphs)]
    .flatMap((s) =>
      s
        .output()
        .split('\n')
        .filter((l) => l.includes('internal error'))
        .map((l) => `${s.name}: ${l}`),
    )
    .slice(0, 5);
  expect(internal).toEqual([]);
  expect(failed.length).toBeGreaterThan(0); // the restart really hit in-flight and new writes
  expect(failed.filter((a) => !RETRYABLE.includes(a.code ?? ''))).toEqual([]);
  expect(retried).toEqual([]);
  expect(registersLost).toEqual([]);
  expect(rows).toHaveLength(new Set(keys).size);
  expect(new Set(rows.map((r) => r.idempotencyKey))).toEqual(new Set(keys));
  expect(new Set(eventTransactions)).toEqual(new Set(rows.map((r) => r.id)));
  expect(eventTransactions).toHaveLength(rows.length);
  for (const [i, q] of holdings.entries()) {
    const [whole, frac = ''] = q!.split('.');
    expect(BigInt(whole! + frac.padEnd(18, '0'))).toBe(sums[i]);
  }
  expect(firstWriteOk).toBeDefined();
  expect(firstWriteOk! - upAt).toBeLessThanOrEqual(RECONNECT_LIMIT_MS);
  expect(during.some((p) => p.status === 503)).toBe(true); // readiness: the database is required
  expect([...platform.gateways, ...Object.values(platform.subgraphs)].map((s) => s.pid)).toEqual(pids);
  expect(
    [...platform.gateways, ...Object.values(platform.subgraphs)].every((s) => s.child.exitCode === null),
  ).toBe(true);
});
