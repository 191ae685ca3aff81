import { loadConfigOrExit, subgraphEnvSchema } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { SENTIMENT_PORT, sentimentSubgraph } from './service';

async function main() {
  const config = loadConfigOrExit(subgraphEnvSchema(SENTIMENT_PORT), 'sentiment');
  const runtime = clusterRuntime('sentiment', config);
  const service = await startSubgraph(sentimentSubgraph(), runtime, { port: config.PORT, closeRuntime: true });
  closeOnSignals([service], runtime.log);
}

void main();
