import { composeServices } from '@apollo/composition';
import { publicSubgraphs } from './subgraphs';

/** The public workload's supergraph, with the subgraphs at `urls` (by subgraph name). */
export function composePublicSupergraph(urls: Record<string, string>): string {
  const result = composeServices(
    publicSubgraphs().map((s) => ({ name: s.name, url: urls[s.name]!, typeDefs: s.typeDefs })),
  );
  if (result.errors?.length)
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  return result.supergraphSdl!;
}
