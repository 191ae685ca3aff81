import { z } from 'zod';
import { loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { simulatorProvider } from './providers-config';
import { MARKET_DATA_PORT, marketDataSubgraph } from './service';

const schema = subgraphEnvSchema(MARKET_DATA_PORT).extend({
  MARKET_PROVIDER: z.enum(['simulator', 'none']).default('simulator'),
  PRICE_EVENTS_PER_SECOND: z.coerce.number().positive().max(100).default(2),
  QUOTE_STALE_AFTER_MS: z.coerce.number().int().positive().default(60_000),
});

async function main() {
  const config = loadConfigOrExit(schema, 'market-data');
  const runtime = clusterRuntime('market-data', config);
  const service = await startSubgraph(
    marketDataSubgraph({
      provider: config.MARKET_PROVIDER === 'simulator' ? () => simulatorProvider() : undefined,
      maxEventsPerSecond: config.PRICE_EVENTS_PER_SECOND,
      staleAfterMs: config.QUOTE_STALE_AFTER_MS,
    }),
    runtime,
    { port: config.PORT, closeRuntime: true },
  );
  closeOnSignals([service], runtime.log);
}

void main();
