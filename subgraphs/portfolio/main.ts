import { loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { PORTFOLIO_PORT, portfolioSubgraph } from './service';

async function main() {
  const config = loadConfigOrExit(subgraphEnvSchema(PORTFOLIO_PORT), 'portfolio');
  const runtime = clusterRuntime('portfolio', config);
  const service = await startSubgraph(portfolioSubgraph(), runtime, {
    port: config.PORT,
    closeRuntime: true,
  });
  closeOnSignals([service], runtime.log);
}

void main();
