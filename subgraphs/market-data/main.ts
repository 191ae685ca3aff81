import { loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { MARKET_DATA_PORT, marketDataSubgraph } from './service';
import { checkMarketEnv, marketDataOptionsFromEnv, marketEnvShape } from './settings';

// Every variable is checked at once; a bad one stops the service with its name (see settings.ts).
const schema = subgraphEnvSchema(MARKET_DATA_PORT).extend(marketEnvShape).superRefine(checkMarketEnv);

async function main() {
  const config = loadConfigOrExit(schema, 'market-data');
  const runtime = clusterRuntime('market-data', config);
  runtime.log.info(
    { provider: config.MARKET_PROVIDER, coingeckoPlan: config.COINGECKO_PLAN ?? null },
    'market-data configuration',
  );
  const service = await startSubgraph(
    marketDataSubgraph(marketDataOptionsFromEnv(config, runtime.log)),
    runtime,
    { port: config.PORT, closeRuntime: true },
  );
  closeOnSignals([service], runtime.log);
}

void main();
