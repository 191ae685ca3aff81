import { readdirSync } from 'node:fs';
import path from 'node:path';
import { $Enums, Prisma } from '@prisma/client';
import pg from 'pg';
import { migrate } from '../scripts/platform';
import { databaseUrl, dropScratchDatabase } from '../test/support/databases';
import { DATABASE_URL } from '../test/support/servers';

// The committed migrations must build, on an empty database, exactly the schema that
// schema.prisma describes: every model a table, every field a column, every enum a type.
jest.setTimeout(90_000);

const scratch = `crypto_migrations_${Date.now()}_${process.pid}`;
const scratchUrl = databaseUrl(DATABASE_URL, scratch);
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${scratch}"`);
});

afterAll(async () => {
  await dropScratchDatabase(admin, scratch);
  await admin.end();
});

it('applies every migration to an empty database, producing the schema.prisma model', async () => {
  await migrate(scratchUrl);
  const db = new pg.Client({ connectionString: scratchUrl });
  await db.connect();
  try {
    const applied = await db.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    const committed = readdirSync(path.join(__dirname, 'migrations'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(applied.rows.map((r) => r.migration_name)).toEqual(committed);

    const columns = await db.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      numeric_precision: number | null;
      numeric_scale: number | null;
    }>(
      `SELECT table_name, column_name, data_type, numeric_precision, numeric_scale
       FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    const byTable = new Map<string, Map<string, (typeof columns.rows)[number]>>();
    for (const row of columns.rows) {
      const table = byTable.get(row.table_name) ?? new Map();
      table.set(row.column_name, row);
      byTable.set(row.table_name, table);
    }
    for (const model of Prisma.dmmf.datamodel.models) {
      const table = byTable.get(model.dbName ?? model.name);
      expect(table).toBeDefined();
      for (const field of model.fields.filter((f) => f.kind !== 'object')) {
        const column = table!.get(field.dbName ?? field.name);
        expect({ model: model.name, field: field.name, present: !!column }).toEqual({
          model: model.name,
          field: field.name,
          present: true,
        });
        // Money never lands in a float column.
        if (field.type === 'Decimal') expect(column!.data_type).toBe('numeric');
      }
    }
    const enums = await db.query<{ typname: string }>(`SELECT typname FROM pg_type WHERE typtype = 'e'`);
    expect(enums.rows.map((r) => r.typname).sort()).toEqual(Object.keys($Enums).sort());

    // Applying again is a no-op (what every deployment's migration Job relies on).
    await migrate(scratchUrl);
  } finally {
    await db.end();
  }
});
