/**
 * Prisma per-query CPU: typical subgraph reads with Prisma 7's query-plan cache on (the default,
 * 1000 plans) and off (`queryPlanCacheMaxSize: 0`, which compiles every query in the WASM query
 * compiler as Prisma 6 did). Every call uses different values, so a hit means the plan was reused
 * across parameters, not a repeated identical query.
 *
 * Figures are CPU µs of this process per query (user + system, `process.cpuUsage`), which includes
 * the pg driver and result decoding; wall µs are shown too but depend on the machine's load. Modes
 * alternate over rounds and the median round is reported, so load from other processes hits both.
 *
 * Run: npx tsx bench/prisma.bench.ts   (DATABASE_URL: the server to use; default the local one).
 * It creates a scratch database beside DATABASE_URL's, applies the migrations with the Prisma CLI,
 * seeds it, and drops it at the end. About 40 s. Writes bench/results/prisma.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { type Prisma, PrismaClient } from '@prisma/client';
import pg from 'pg';
import { migrate } from '../scripts/platform';
import { databaseUrl, dropScratchDatabase } from '../test/support/databases';
import { machineInfo, versionOf } from './lib/machine';

const DATABASE_URL =
  process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
const SCRATCH = `prisma_bench_${process.pid}`;
const SCRATCH_URL = databaseUrl(DATABASE_URL, SCRATCH);
const ROUNDS = 3;
const ROUND_MS = 600; // per case, per mode, per round
const WARMUP_CALLS = 200;
const USERS = 200;
const TX_PER_PORTFOLIO = 20;
const COINS = 50;

interface Seeded {
  users: string[];
  portfolios: string[];
}

async function seed(): Promise<Seeded> {
  const c = new pg.Client({ connectionString: SCRATCH_URL });
  await c.connect();
  const users: string[] = [];
  const portfolios: string[] = [];
  try {
    await c.query('BEGIN');
    for (let i = 0; i < COINS; i++) {
      await c.query(
        `INSERT INTO "Coin"(id, symbol, name, rank, "updatedAt") VALUES ($1, $2, $3, $4, now())`,
        [`coin${i}`, `C${i}`, `Coin ${i}`, i + 1],
      );
      await c.query(
        `INSERT INTO "Quote"("coinId", price, source, "updatedAt") VALUES ($1, $2, 'bench', now())`,
        [`coin${i}`, `${100 + i}.123456789`],
      );
    }
    for (let u = 0; u < USERS; u++) {
      const [userId, portfolioId] = [randomUUID(), randomUUID()];
      users.push(userId);
      portfolios.push(portfolioId);
      await c.query(
        `INSERT INTO "User"(id, email, "passwordHash", "updatedAt") VALUES ($1, $2, 'x', now())`,
        [userId, `bench-${u}@example.com`],
      );
      await c.query(
        `INSERT INTO "Portfolio"(id, "userId", name, "updatedAt") VALUES ($1, $2, 'main', now())`,
        [portfolioId, userId],
      );
      for (let t = 0; t < TX_PER_PORTFOLIO; t++)
        await c.query(
          `INSERT INTO "Transaction"(id, "portfolioId", type, "coinId", quantity, price, "executedAt", "updatedAt")
           VALUES ($1, $2, 'BUY', $3, $4, $5, now() - make_interval(hours => $6), now())`,
          [randomUUID(), portfolioId, `coin${(u + t) % COINS}`, `${t + 1}.5`, `${100 + t}.25`, t],
        );
    }
    await c.query('COMMIT');
  } finally {
    await c.end();
  }
  return { users, portfolios };
}

/** The read shapes the users and portfolio subgraphs issue most, each call with other values. */
function cases(
  db: PrismaClient,
  { users, portfolios }: Seeded,
): Record<string, (i: number) => Promise<unknown>> {
  const pick = <T>(a: T[], i: number) => a[(i * 7919) % a.length]!;
  return {
    'user.findUnique by id': (i) => db.user.findUnique({ where: { id: pick(users, i) } }),
    'user.findUnique by email': (i) =>
      db.user.findUnique({ where: { email: `bench-${i % USERS}@example.com` } }),
    'portfolio.findMany by user': (i) =>
      db.portfolio.findMany({ where: { userId: pick(users, i) }, orderBy: { createdAt: 'asc' } }),
    'transaction.findMany page': (i) =>
      db.transaction.findMany({
        where: {
          portfolioId: pick(portfolios, i),
          executedAt: { lte: new Date(Date.now() - (i % 5) * 3_600_000) },
        },
        orderBy: [{ executedAt: 'desc' }, { seq: 'desc' }],
        take: 10 + (i % 3),
      }),
    'quote.findMany coinId in 1-10': (i) =>
      db.quote.findMany({
        where: { coinId: { in: Array.from({ length: 1 + (i % 10) }, (_, k) => `coin${(i + k) % COINS}`) } },
      }),
    'transaction.aggregate sum': (i) =>
      db.transaction.aggregate({
        where: { portfolioId: pick(portfolios, i) },
        _sum: { quantity: true },
        _count: true,
      }),
  };
}

interface Round {
  queries: number;
  cpuUsPerQuery: number;
  wallUsPerQuery: number;
}

async function measure(fn: (i: number) => Promise<unknown>): Promise<Round> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ROUND_MS) await fn(n++);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    queries: n,
    cpuUsPerQuery: round1((cpu.user + cpu.system) / n),
    wallUsPerQuery: round1((wallMs * 1000) / n),
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${SCRATCH}"`);
  try {
    await migrate(SCRATCH_URL);
    const seeded = await seed();
    const modes = {
      'plan cache on': new PrismaClient({ adapter: new PrismaPg({ connectionString: SCRATCH_URL, max: 4 }) }),
      // The runtime takes queryPlanCacheMaxSize; prisma-client-js's generated option types omit it.
      'plan cache off': new PrismaClient({
        adapter: new PrismaPg({ connectionString: SCRATCH_URL, max: 4 }),
        queryPlanCacheMaxSize: 0,
      } as Prisma.PrismaClientOptions),
    };
    const byMode = Object.fromEntries(
      Object.entries(modes).map(([mode, db]) => [mode, cases(db, seeded)] as const),
    );
    const names = Object.keys(byMode['plan cache on']!);
    const rounds: Record<string, Record<string, Round[]>> = {};
    for (const name of names)
      for (const [mode, fns] of Object.entries(byMode)) {
        for (let i = 0; i < WARMUP_CALLS; i++) await fns[name]!(i);
        (rounds[name] ??= {})[mode] = [];
      }
    for (let r = 0; r < ROUNDS; r++)
      for (const name of names)
        for (const [mode, fns] of Object.entries(byMode))
          rounds[name]![mode]!.push(await measure(fns[name]!));
    await Promise.all(Object.values(modes).map((db) => db.$disconnect()));

    const results = names.map((name) => {
      const on = median(rounds[name]!['plan cache on']!.map((x) => x.cpuUsPerQuery));
      const off = median(rounds[name]!['plan cache off']!.map((x) => x.cpuUsPerQuery));
      return {
        query: name,
        cpuUsOn: on,
        cpuUsOff: off,
        saving: round1((1 - on / off) * 100),
        rounds: rounds[name],
      };
    });
    const out = {
      machine: machineInfo(),
      prisma: versionOf('@prisma/client'),
      plan: { rounds: ROUNDS, roundMs: ROUND_MS, warmupCalls: WARMUP_CALLS, users: USERS, coins: COINS },
      results,
    };
    mkdirSync(path.join(__dirname, 'results'), { recursive: true });
    writeFileSync(path.join(__dirname, 'results', 'prisma.json'), JSON.stringify(out, null, 2) + '\n');

    const row = (cells: (string | number)[]) =>
      console.log(
        cells.map((c, i) => String(c)[i === 0 ? 'padEnd' : 'padStart'](i === 0 ? 32 : 12)).join(''),
      );
    row(['CPU µs per query (median round)', 'cache on', 'cache off', 'saving %']);
    for (const r of results) row([r.query, r.cpuUsOn, r.cpuUsOff, r.saving]);
  } finally {
    await dropScratchDatabase(admin, SCRATCH);
    await admin.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
