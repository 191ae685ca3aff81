import { loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { ANALYTICS_PORT, analyticsSubgraph } from './service';

async function main() {
  const config = loadConfigOrExit(subgraphEnvSchema(ANALYTICS_PORT), 'analytics');
  const runtime = clusterRuntime('analytics', config);
  const service = await startSubgraph(analyticsSubgraph(), runtime, {
    port: config.PORT,
    closeRuntime: true,
  });
  closeOnSignals([service], runtime.log);
}

void main();
