import path from 'node:path';

/** The five subgraphs, their default local ports, and the env variables that override their URLs. */
export const SUBGRAPHS = [
  { name: 'users', port: 4001, urlEnv: 'USERS_SUBGRAPH_URL' },
  { name: 'market-data', port: 4002, urlEnv: 'MARKET_DATA_SUBGRAPH_URL' },
  { name: 'analytics', port: 4003, urlEnv: 'ANALYTICS_SUBGRAPH_URL' },
  { name: 'sentiment', port: 4004, urlEnv: 'SENTIMENT_SUBGRAPH_URL' },
  { name: 'portfolio', port: 4005, urlEnv: 'PORTFOLIO_SUBGRAPH_URL' },
] as const;

export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const REPO_ROOT = path.resolve(
  __dirname,
  __dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..',
);
export const DEFAULT_SUPERGRAPH_PATH = path.join(REPO_ROOT, 'gateway', 'supergraph.graphql');

export function subgraphSchemaPath(name: SubgraphName): string {
  return path.join(REPO_ROOT, 'subgraphs', name, 'schema.graphql');
}

export const defaultSubgraphUrl = (port: number) => `http://127.0.0.1:${port}/graphql`;
