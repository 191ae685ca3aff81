// Prisma CLI configuration. With a config file Prisma does not read `.env`, so DATABASE_URL must
// come from the environment (scripts/prisma supplies a default for commands that never connect).
import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7's CLI runs Migrate through a native schema-engine binary that it downloads from a host
// this project cannot reach. scripts/schema-engine-wasm.mjs serves the same interface with Prisma's
// WASM schema engine over the pg driver adapter, so every command stays offline. An explicit
// PRISMA_SCHEMA_ENGINE_BINARY (a real binary) still wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'scripts', 'schema-engine-wasm.mjs');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  datasource: { url: process.env.DATABASE_URL },
});
