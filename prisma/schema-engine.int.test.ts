import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

// Prisma 7's CLI talks to scripts/schema-engine-wasm.mjs (prisma.config.ts) instead of a downloaded
// native engine. prisma/migrations.int.test.ts covers `migrate deploy` through it; this covers the
// offline diff that writes new migrations (the engine answers with a `print` request).
jest.setTimeout(60_000);

const REPO = path.resolve(__dirname, '..');
const prisma = (...args: string[]) =>
  promisify(execFile)(path.join(REPO, 'node_modules', '.bin', 'prisma'), args, {
    cwd: REPO,
    env: {
      ...process.env,
      DATABASE_URL:
        process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db',
    },
  });

it('diffs two schema files offline, printing the SQL script', async () => {
  const { stdout } = await prisma(
    'migrate',
    'diff',
    '--from-empty',
    '--to-schema',
    'prisma/schema.prisma',
    '--script',
  );
  expect(stdout).toContain('CREATE TABLE "User"');
  expect(stdout).toContain('"price" DECIMAL(38,18) NOT NULL');
  const same = await prisma(
    'migrate',
    'diff',
    '--from-schema',
    'prisma/schema.prisma',
    '--to-schema',
    'prisma/schema.prisma',
    '--script',
  );
  expect(same.stdout.trim()).toBe('-- This is an empty migration.');
});

it('reports the WASM schema engine of the CLI’s own release', async () => {
  const { stdout } = await prisma('-v');
  const engine = /Schema Engine\s*:\s*schema-engine-wasm (\S+)/.exec(stdout)?.[1];
  const hash = /Default Engines Hash\s*:\s*(\S+)/.exec(stdout)?.[1];
  expect(hash).toBeDefined();
  expect(engine).toContain(hash!);
});
