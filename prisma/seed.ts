// Idempotent seed of the coin catalog (top 50 by market capitalisation). Run by `npm run db:seed`
// and by `scripts/infra up` after migrations.
import { createDb } from '../lib/db';
import { COIN_CATALOG } from '../subgraphs/market-data/catalog';

export async function seedCoins(databaseUrl: string): Promise<number> {
  const db = createDb(databaseUrl, 2);
  try {
    await db.$transaction(
      COIN_CATALOG.map((c) =>
        db.coin.upsert({
          where: { id: c.id },
          create: { id: c.id, symbol: c.symbol, name: c.name, rank: c.rank },
          update: { symbol: c.symbol, name: c.name, rank: c.rank },
        }),
      ),
    );
    return COIN_CATALOG.length;
  } finally {
    await db.$disconnect();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL ?? 'postgresql://crypto_user:crypto_password@127.0.0.1:5432/crypto_db';
  seedCoins(url).then(
    (n) => console.log(`seeded ${n} coins`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
