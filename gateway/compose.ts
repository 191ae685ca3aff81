import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, defaultSubgraphUrl, subgraphSchemaPath, type SubgraphName } from './subgraphs';

export class CompositionError extends Error {}

/**
 * Composes the supergraph from the subgraphs' SDL (by default their committed `schema.graphql`
 * files; `sdlOf` reads them elsewhere, e.g. from another checkout); throws with the composer's
 * messages.
 */
export function composeSupergraph(
  urlOf: (name: string, port: number) => string = (_n, p) => defaultSubgraphUrl(p),
  sdlOf: (name: SubgraphName) => string = (name) => readFileSync(subgraphSchemaPath(name), 'utf8'),
): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: urlOf(s.name, s.port),
      typeDefs: parse(sdlOf(s.name)),
    })),
  );
  if (result.errors?.length) {
    throw new CompositionError(
      `Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl!;
}
