// Writes gateway/supergraph.graphql from the subgraphs' SDL (run by `npm run compose`), and the
// copies that Kustomize delivers to the gateway: the supergraph and its operation-limits file
// (k8s/base/gateway/; Kustomize cannot read files outside its directory). With --check it fails
// when any committed file is stale instead of writing them. Composition errors fail with the
// composer's messages, so `npm run build` stops on them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, CompositionError } from '../gateway/compose';
import { DEFAULT_SUPERGRAPH_PATH, REPO_ROOT } from '../gateway/subgraphs';

const K8S_DIR = path.join(REPO_ROOT, 'k8s', 'base', 'gateway');
const LIMITS_PATH = path.join(REPO_ROOT, 'gateway', 'supergraph.limits.yaml');

try {
  const sdl = composeSupergraph();
  const limits = readFileSync(LIMITS_PATH, 'utf8');
  const expected: [file: string, content: string][] = [
    [DEFAULT_SUPERGRAPH_PATH, sdl],
    [path.join(K8S_DIR, 'supergraph.graphql'), sdl],
    [path.join(K8S_DIR, 'supergraph.limits.yaml'), limits],
  ];
  if (process.argv.includes('--check')) {
    // The image build context has no k8s/ folder: check the copies that are present.
    const stale = expected.filter(
      ([file, content]) => existsSync(file) && readFileSync(file, 'utf8') !== content,
    );
    if (stale.length) {
      console.error(
        `stale: ${stale.map(([f]) => path.relative(REPO_ROOT, f)).join(', ')}; run \`npm run compose\` and commit`,
      );
      process.exit(1);
    }
    console.log('supergraph and limits are up to date');
  } else {
    for (const [file, content] of expected) writeFileSync(file, content);
    console.log(`wrote ${expected.map(([f]) => path.relative(REPO_ROOT, f)).join(', ')}`);
  }
} catch (err) {
  if (err instanceof CompositionError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
