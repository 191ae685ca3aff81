// Writes gateway/supergraph.graphql from the subgraphs' SDL (run by `npm run compose`).
// With --check it fails when the committed file is stale instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import { composeSupergraph, CompositionError } from '../gateway/compose';
import { DEFAULT_SUPERGRAPH_PATH } from '../gateway/subgraphs';

try {
  const sdl = composeSupergraph();
  if (process.argv.includes('--check')) {
    const current = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8');
    if (current !== sdl) {
      console.error('gateway/supergraph.graphql is stale: run `npm run compose` and commit it');
      process.exit(1);
    }
    console.log('supergraph is up to date');
  } else {
    writeFileSync(DEFAULT_SUPERGRAPH_PATH, sdl);
    console.log(`wrote ${DEFAULT_SUPERGRAPH_PATH}`);
  }
} catch (err) {
  if (err instanceof CompositionError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
