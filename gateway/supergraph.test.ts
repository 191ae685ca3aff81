import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph } from './compose';
import { DEFAULT_SUPERGRAPH_PATH } from './subgraphs';
import { loadSupergraph, subgraphUrls } from './supergraph';

describe('supergraph', () => {
  it('is committed up to date with the subgraph schemas (run `npm run compose` when this fails)', () => {
    expect(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('ships the same operation limits to Kubernetes (run `npm run compose` when this fails)', () => {
    const root = path.resolve(__dirname, '..');
    expect(readFileSync(path.join(root, 'k8s/base/gateway/supergraph.limits.yaml'), 'utf8')).toBe(
      readFileSync(path.join(root, 'gateway/supergraph.limits.yaml'), 'utf8'),
    );
  });

  it('declares the five subgraphs at their default local ports', () => {
    expect(subgraphUrls(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8'))).toEqual(
      expect.arrayContaining([
        { name: 'users', url: 'http://127.0.0.1:4001/graphql' },
        { name: 'market-data', url: 'http://127.0.0.1:4002/graphql' },
        { name: 'analytics', url: 'http://127.0.0.1:4003/graphql' },
        { name: 'sentiment', url: 'http://127.0.0.1:4004/graphql' },
        { name: 'portfolio', url: 'http://127.0.0.1:4005/graphql' },
      ]),
    );
  });

  it('overrides subgraph URLs by name without touching the rest', () => {
    const sdl = loadSupergraph(DEFAULT_SUPERGRAPH_PATH, {
      'market-data': 'http://market-data-service:4002/graphql',
    });
    const urls = Object.fromEntries(subgraphUrls(sdl).map((s) => [s.name, s.url]));
    expect(urls['market-data']).toBe('http://market-data-service:4002/graphql');
    expect(urls.users).toBe('http://127.0.0.1:4001/graphql');
  });
});
