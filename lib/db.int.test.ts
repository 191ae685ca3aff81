import { randomUUID } from 'node:crypto';
import { DATABASE_URL } from '../test/support/servers';
import { createDb, isDatabaseUnavailable, type Db } from './db';

// The error shapes of a dropped connection as the real stack (Prisma, @prisma/adapter-pg, pg)
// produces them against the real server. The server ends only this test's own backend
// (pg_terminate_backend sends the same 57P01 a fast shutdown sends every backend).
let db: Db;
let admin: Db;

beforeAll(() => {
  // One connection: a transaction that kept its connection would leave none for the next query.
  db = createDb(DATABASE_URL, 1);
  admin = createDb(DATABASE_URL, 1);
});

afterAll(async () => {
  await Promise.all([db?.$disconnect(), admin?.$disconnect()]);
});

const terminate = (pid: number) => admin.$queryRawUnsafe('SELECT pg_terminate_backend($1)', pid);

it('recognises the next statement of a transaction whose connection the server ended, and frees its pool slot', async () => {
  // Between two statements the backend is idle in transaction; PostgreSQL restarting ends it
  // then, and pg refuses the next statement with a bare "not queryable" Error (found by
  // test/faults/postgres-restart.test.ts as an INTERNAL_SERVER_ERROR).
  const err = await db
    .$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      await terminate(row!.pid);
      await new Promise((r) => setTimeout(r, 200)); // the FATAL message reaches the client
      return tx.coin.findFirst();
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(Error);
  expect(isDatabaseUnavailable(err)).toBe(true);
  // The transaction gave its dead connection back and the pool dropped it: the next statement
  // gets a fresh one (a leaked slot would make it wait for the pool's only connection and time
  // out). Prisma 7.10's transaction manager calls the adapter's rollback(), which releases the
  // client, even when its COMMIT or ROLLBACK statement fails; older versions did not.
  await expect(db.$queryRawUnsafe('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
});

it('frees the pool slot of a transaction whose COMMIT finds the connection ended', async () => {
  // The callback succeeds; only the closing COMMIT meets the dead connection.
  const err = await db
    .$transaction(async (tx) => {
      const [row] = await tx.$queryRawUnsafe<{ pid: number }[]>('SELECT pg_backend_pid() AS pid');
      await terminate(row!.pid);
      await new Promise((r) => setTimeout(r, 200));
    })
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(isDatabaseUnavailable(err)).toBe(true);
  await expect(db.$queryRawUnsafe('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
});

it('recognises a statement whose connection the server ends while it runs', async () => {
  const marker = `db-int-${randomUUID()}`;
  const running = db.$queryRawUnsafe(`SELECT pg_sleep(5) /* ${marker} */`).then(
    () => undefined,
    (e: unknown) => e,
  );
  const busy = await waitForBackend(marker);
  await terminate(busy);
  const err = await running;
  expect(err).toBeInstanceOf(Error);
  expect(isDatabaseUnavailable(err)).toBe(true);
});

/** The pid of the backend running the statement that carries `marker`. */
async function waitForBackend(marker: string): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const rows = await admin.$queryRawUnsafe<{ pid: number }[]>(
      "SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()",
      `%${marker}%`,
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the statement never started');
}
