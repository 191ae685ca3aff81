// Configuration for the Hive Gateway CLI (`hive-gateway supergraph <file> -c this`). Defaults,
// plus what a workload needs to be answered at all: the caller's `authorization` header forwarded
// to subgraphs (FORWARD_AUTHORIZATION=1). HIVE_TUNED=1 adds the settings the public benchmark
// runs Hive with (graphql-jit and inbound in-flight de-duplication).
import { defineConfig } from '@graphql-hive/gateway';

const forward = process.env.FORWARD_AUTHORIZATION === '1';
const tuned = process.env.HIVE_TUNED === '1';

export const gatewayConfig = defineConfig({
  ...(forward
    ? {
        propagateHeaders: {
          fromClientToSubgraphs: ({ request }) => {
            const authorization = request.headers.get('authorization');
            return authorization ? { authorization } : {};
          },
        },
      }
    : {}),
  ...(tuned ? { jit: true, inboundInflightRequestDeduplication: true } : {}),
});
