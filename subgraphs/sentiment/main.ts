import { loadConfigOrExit } from '../../lib/config';
import { clusterRuntime, closeOnSignals } from '../../lib/server/main';
import { startSubgraph } from '../../lib/server/subgraph';
import { sentimentSubgraph } from './service';
import { sentimentEnvSchema } from './settings';

async function main() {
  const config = loadConfigOrExit(sentimentEnvSchema, 'sentiment');
  const runtime = clusterRuntime('sentiment', config);
  const service = await startSubgraph(
    sentimentSubgraph({
      feeds: config.NEWS_FEEDS,
      polling: { policy: { intervalMs: config.NEWS_POLL_INTERVAL_MINUTES * 60_000 } },
      sourceWeights: config.SENTIMENT_SOURCE_WEIGHTS,
      refreshIntervalMs: config.SENTIMENT_REFRESH_SECONDS * 1000,
    }),
    runtime,
    { port: config.PORT, closeRuntime: true },
  );
  closeOnSignals([service], runtime.log);
}

void main();
