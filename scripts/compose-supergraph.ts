// Writes gateway/supergraph.graphql from the subgraphs' SDL (run by `npm run compose`), and the
// byte-identical copy that Kustomize delivers to the gateway (k8s/base/gateway/supergraph.graphql;
// Kustomize cannot read files outside its directory). With --check it fails when either
// committed file is stale instead of writing them. Composition errors fail with the composer's
// messages, so `npm run build` stops on them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, CompositionError } from '../gateway/compose';
import { DEFAULT_SUPERGRAPH_PATH, REPO_ROOT } from '../gateway/subgraphs';

const targets = [
  DEFAULT_SUPERGRAPH_PATH,
  path.join(REPO_ROOT, 'k8s', 'base', 'gateway', 'supergraph.graphql'),
];

try {
  const sdl = composeSupergraph();
  if (process.argv.includes('--check')) {
    // The image build context has no k8s/ folder: check the copies that are present.
    const stale = targets.filter((file) => existsSync(file) && readFileSync(file, 'utf8') !== sdl);
    if (stale.length) {
      console.error(
        `stale supergraph: ${stale.map((f) => path.relative(REPO_ROOT, f)).join(', ')}; run \`npm run compose\` and commit`,
      );
      process.exit(1);
    }
    console.log('supergraph is up to date');
  } else {
    for (const file of targets) writeFileSync(file, sdl);
    console.log(`wrote ${targets.map((f) => path.relative(REPO_ROOT, f)).join(' and ')}`);
  }
} catch (err) {
  if (err instanceof CompositionError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
