import { readFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { SUBGRAPHS, defaultSubgraphUrl, subgraphSchemaPath } from './subgraphs';

export class CompositionError extends Error {}

/** Composes the supergraph from the subgraphs' SDL files; throws with the composer's messages. */
export function composeSupergraph(
  urlOf: (name: string, port: number) => string = (_n, p) => defaultSubgraphUrl(p),
): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({
      name: s.name,
      url: urlOf(s.name, s.port),
      typeDefs: parse(readFileSync(subgraphSchemaPath(s.name), 'utf8')),
    })),
  );
  if (result.errors?.length) {
    throw new CompositionError(
      `Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl!;
}
