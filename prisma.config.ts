// Prisma CLI configuration. The WASM schema engine and the pg driver adapter keep every
// Prisma command offline (no engine binaries are downloaded). With a config file Prisma does
// not read `.env`, so DATABASE_URL must come from the environment.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    const connectionString = process.env.DATABASE_URL;
    if (!connectionString) throw new Error('DATABASE_URL is not set');
    return new PrismaPg({ connectionString });
  },
});
