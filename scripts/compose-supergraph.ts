// Writes gateway/supergraph.graphql from the subgraphs' SDL (run by `npm run compose`), and the
// copies that Kustomize delivers to the gateway: the supergraph and its operation-limits file
// (k8s/base/gateway/; Kustomize cannot read files outside its directory). With --check it fails
// when any committed file is stale instead of writing them. Composition errors fail with the
// composer's messages, so `npm run build` stops on them. `--root <dir>` works on another checkout
// (the tests compose broken subgraphs in a scratch copy).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeSupergraph, CompositionError } from '../gateway/compose';
import { REPO_ROOT } from '../gateway/subgraphs';

export interface ComposeFilesOptions {
  /** The checkout whose `subgraphs/<name>/schema.graphql` are composed; the repository by default. */
  root?: string;
  /** Only compare the committed files with a fresh composition; write nothing. */
  check?: boolean;
}

/** Where the messages go (the console by default; tests capture them). */
export interface Output {
  log(message: string): void;
  error(message: string): void;
}

/**
 * Composes `root`'s subgraphs and writes (or with `check`, compares) the supergraph, its
 * Kubernetes copy and the copy of the operation-limits file. Returns the exit status: 1 with the
 * composer's messages when composition fails or, with `check`, when a file is stale.
 */
export function composeFiles(options: ComposeFilesOptions = {}, out: Output = console): 0 | 1 {
  const root = options.root ?? REPO_ROOT;
  const k8sDir = path.join(root, 'k8s', 'base', 'gateway');
  let sdl: string;
  try {
    sdl = composeSupergraph(undefined, (name) =>
      readFileSync(path.join(root, 'subgraphs', name, 'schema.graphql'), 'utf8'),
    );
  } catch (err) {
    if (!(err instanceof CompositionError)) throw err;
    out.error(err.message);
    return 1;
  }
  const limits = readFileSync(path.join(root, 'gateway', 'supergraph.limits.yaml'), 'utf8');
  const expected: [file: string, content: string][] = [
    [path.join(root, 'gateway', 'supergraph.graphql'), sdl],
    [path.join(k8sDir, 'supergraph.graphql'), sdl],
    [path.join(k8sDir, 'supergraph.limits.yaml'), limits],
  ];
  if (options.check) {
    // The image build context has no k8s/ folder: check the copies that are present.
    const stale = expected.filter(
      ([file, content]) => existsSync(file) && readFileSync(file, 'utf8') !== content,
    );
    if (stale.length) {
      out.error(
        `stale: ${stale.map(([f]) => path.relative(root, f)).join(', ')}; run \`npm run compose\` and commit`,
      );
      return 1;
    }
    out.log('supergraph and limits are up to date');
  } else {
    for (const [file, content] of expected) writeFileSync(file, content);
    out.log(`wrote ${expected.map(([f]) => path.relative(root, f)).join(', ')}`);
  }
  return 0;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const rootAt = args.indexOf('--root');
  const root = rootAt >= 0 ? args[rootAt + 1] : undefined;
  if (rootAt >= 0 && !root) throw new Error('--root needs a directory');
  process.exitCode = composeFiles({ check: args.includes('--check'), root: root && path.resolve(root) });
}
