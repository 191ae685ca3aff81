import pg from 'pg';
import { databaseUrl, dropScratchDatabase } from './databases';
import { DATABASE_URL } from './servers';

let admin: pg.Client;
beforeAll(async () => {
  admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
});
afterAll(() => admin.end());

const exists = async (name: string) =>
  (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;

it('drops a scratch database that our own sessions still hold, mid-transaction included', async () => {
  const name = `crypto_scratch_${Date.now()}_${process.pid}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  const holder = new pg.Client({ connectionString: databaseUrl(DATABASE_URL, name) });
  holder.on('error', () => undefined); // it is terminated on purpose
  await holder.connect();
  await holder.query('BEGIN');
  await holder.query('CREATE TABLE t (id int)');
  expect(await exists(name)).toBe(true);

  await dropScratchDatabase(admin, name);

  expect(await exists(name)).toBe(false);
  await holder.end().catch(() => undefined);
});

it('is a no-op for a database that does not exist', async () => {
  await expect(dropScratchDatabase(admin, 'crypto_never_created')).resolves.toBeUndefined();
});
