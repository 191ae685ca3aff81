import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT, SUBGRAPHS, type SubgraphName } from '../gateway/subgraphs';
import { composeFiles } from './compose-supergraph';

// Small subgraphs of our own in a scratch checkout, so these tests do not depend on the real
// schemas (which change often): users owns User, market-data owns Coin, the others extend them.
const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])';
const VALID: Record<SubgraphName, string> = {
  users: `${LINK}
type User @key(fields: "id") { id: ID! name: String @shareable }
type Query { me: User }`,
  'market-data': `${LINK}
type Coin @key(fields: "id") { id: ID! symbol: String! }
type Query { coin(id: ID!): Coin }`,
  analytics: `${LINK}
type Coin @key(fields: "id") { id: ID! volatility: Float }`,
  sentiment: `${LINK}
type Coin @key(fields: "id") { id: ID! sentimentScore: Float }`,
  portfolio: `${LINK}
type User @key(fields: "id") { id: ID! name: String @shareable portfolioCount: Int! }`,
};
const LIMITS = 'maxDepth: 12\n';

let root: string;
const schemaFile = (name: SubgraphName) => path.join(root, 'subgraphs', name, 'schema.graphql');
const read = (relative: string) => readFileSync(path.join(root, relative), 'utf8');
const capture = () => {
  const lines = { log: [] as string[], error: [] as string[] };
  return { lines, out: { log: (m: string) => lines.log.push(m), error: (m: string) => lines.error.push(m) } };
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'compose-'));
  for (const { name } of SUBGRAPHS) {
    mkdirSync(path.dirname(schemaFile(name)), { recursive: true });
    writeFileSync(schemaFile(name), VALID[name]);
  }
  mkdirSync(path.join(root, 'gateway'));
  mkdirSync(path.join(root, 'k8s', 'base', 'gateway'), { recursive: true });
  writeFileSync(path.join(root, 'gateway', 'supergraph.limits.yaml'), LIMITS);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('compose-supergraph', () => {
  it('writes the supergraph, its Kubernetes copy and the limits copy; --check then passes', () => {
    const { lines, out } = capture();
    expect(composeFiles({ root }, out)).toBe(0);
    const sdl = read('gateway/supergraph.graphql');
    expect(sdl).toContain('join__graph(name: "portfolio", url: "http://127.0.0.1:4005/graphql")');
    expect(sdl).toMatch(/portfolioCount: Int! @join__field\(graph: PORTFOLIO\)/);
    expect(read('k8s/base/gateway/supergraph.graphql')).toBe(sdl);
    expect(read('k8s/base/gateway/supergraph.limits.yaml')).toBe(LIMITS);
    expect(lines.log).toEqual([
      'wrote gateway/supergraph.graphql, k8s/base/gateway/supergraph.graphql, k8s/base/gateway/supergraph.limits.yaml',
    ]);

    const check = capture();
    expect(composeFiles({ root, check: true }, check.out)).toBe(0);
    expect(check.lines).toEqual({ log: ['supergraph and limits are up to date'], error: [] });
  });

  it('--check names the stale files after a subgraph changed, and writes nothing', () => {
    composeFiles({ root }, capture().out);
    const before = read('gateway/supergraph.graphql');
    writeFileSync(schemaFile('analytics'), `${VALID.analytics}\nextend type Coin { drawdown: Float }`);
    const { lines, out } = capture();
    expect(composeFiles({ root, check: true }, out)).toBe(1);
    expect(lines.error).toEqual([
      'stale: gateway/supergraph.graphql, k8s/base/gateway/supergraph.graphql; run `npm run compose` and commit',
    ]);
    expect(read('gateway/supergraph.graphql')).toBe(before);
  });

  it('--check notices a limits copy that differs from gateway/supergraph.limits.yaml', () => {
    composeFiles({ root }, capture().out);
    writeFileSync(path.join(root, 'gateway', 'supergraph.limits.yaml'), 'maxDepth: 8\n');
    const { lines, out } = capture();
    expect(composeFiles({ root, check: true }, out)).toBe(1);
    expect(lines.error).toEqual([
      'stale: k8s/base/gateway/supergraph.limits.yaml; run `npm run compose` and commit',
    ]);
  });

  it('--check skips copies that are absent (the image build context has no k8s/)', () => {
    composeFiles({ root }, capture().out);
    rmSync(path.join(root, 'k8s'), { recursive: true });
    expect(composeFiles({ root, check: true }, capture().out)).toBe(0);
  });

  it('fails with the composer message when a shared field has conflicting types', () => {
    composeFiles({ root }, capture().out);
    const before = read('gateway/supergraph.graphql');
    writeFileSync(
      schemaFile('portfolio'),
      VALID.portfolio.replace('name: String @shareable', 'name: Int @shareable'),
    );
    for (const check of [true, false]) {
      const { lines, out } = capture();
      expect(composeFiles({ root, check }, out)).toBe(1);
      expect(lines.error).toHaveLength(1);
      expect(lines.error[0]).toMatch(/^Supergraph composition failed:\n {2}- /);
      expect(lines.error[0]).toContain(
        'Type of field "User.name" is incompatible across subgraphs: it has type "Int" in subgraph "portfolio" but type "String" in subgraph "users"',
      );
    }
    expect(read('gateway/supergraph.graphql')).toBe(before); // nothing written
  });

  it('fails with the composer message when a @key names a field the type does not have', () => {
    writeFileSync(
      schemaFile('sentiment'),
      VALID.sentiment.replace('@key(fields: "id")', '@key(fields: "slug")'),
    );
    const { lines, out } = capture();
    expect(composeFiles({ root, check: true }, out)).toBe(1);
    expect(lines.error[0]).toContain(
      '[sentiment] On type "Coin", for @key(fields: "slug"): Cannot query field "slug" on type "Coin"',
    );
  });

  it('makes `tsx scripts/compose-supergraph.ts --check` (what `npm run build` runs) exit non-zero', async () => {
    writeFileSync(
      schemaFile('portfolio'),
      VALID.portfolio.replace('name: String @shareable', 'name: Int @shareable'),
    );
    const run = promisify(execFile)(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(REPO_ROOT, 'scripts', 'compose-supergraph.ts'), '--check', '--root', root],
      { cwd: REPO_ROOT },
    );
    const failure = await run.then(
      () => undefined,
      (err: { code?: number; stderr?: string }) => err,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('Supergraph composition failed:');
    expect(failure?.stderr).toContain('Type of field "User.name" is incompatible across subgraphs');
  }, 30_000);
});
