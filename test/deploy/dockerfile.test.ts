// The Dockerfile cannot be built here (no Docker engine), so these checks hold it to the
// repository it builds: each target starts an entry point that `npm run build` emits, on the
// service's port; the runtime has what migrations need with production dependencies only; and
// .dockerignore keeps out nothing the Dockerfile copies.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './manifests';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

interface Stage {
  name: string;
  from: string;
  instructions: { op: string; args: string }[];
}

/** Stages of a Dockerfile: comments dropped, continuation lines joined. */
function stages(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const result: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const [, from = '', name = ''] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      result.push({ name, from, instructions: [] });
    } else {
      result.at(-1)?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return result;
}

const dockerfile = stages(read('Dockerfile'));
const stage = (name: string) => {
  const s = dockerfile.find((x) => x.name === name);
  if (!s) throw new Error(`Dockerfile has no stage ${name}`);
  return s;
};
const args = (s: Stage, op: string) => s.instructions.filter((i) => i.op === op).map((i) => i.args);

const SERVICES = {
  'api-gateway': 8000,
  'user-service': 4001,
  'market-data-service': 4002,
  'analytics-service': 4003,
  'sentiment-service': 4004,
  'portfolio-service': 4005,
} as const;

describe('Dockerfile', () => {
  it('has a build, a production-dependencies and a runtime stage, and one target per service', () => {
    expect(dockerfile.map((s) => s.name)).toEqual([
      'build',
      'prod-deps',
      'runtime',
      ...Object.keys(SERVICES),
    ]);
    for (const name of Object.keys(SERVICES)) expect(stage(name).from).toBe('runtime');
  });

  it('starts each service from an entry point that `npm run build` compiles, on the service’s port', () => {
    const buildConfig = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    for (const [name, port] of Object.entries(SERVICES)) {
      const s = stage(name);
      const cmd = JSON.parse(args(s, 'CMD')[0] ?? '[]') as string[];
      expect([name, cmd[0]]).toEqual([name, 'node']);
      const compiled = cmd[1] ?? '';
      expect(compiled).toMatch(/^dist\/.+\.js$/);
      const source = compiled.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect([name, source, existsSync(path.join(REPO_ROOT, source))]).toEqual([name, source, true]);
      expect(buildConfig.include).toContain(source.split('/')[0]);
      expect(args(s, 'ENV').join(' ')).toMatch(new RegExp(`(^|\\s)PORT=${port}(\\s|$)`));
      expect(args(s, 'EXPOSE')).toEqual([String(port)]);
    }
  });

  it('runs as the numeric non-root user the manifests expect, with a HEALTHCHECK on /health', () => {
    const runtime = stage('runtime');
    expect(args(runtime, 'USER')).toEqual(['1000:1000']);
    const healthcheck = args(runtime, 'HEALTHCHECK')[0] ?? '';
    expect(healthcheck).toContain("'/health'");
    expect(healthcheck).toContain('process.env.PORT');
    expect(args(runtime, 'ENV').join(' ')).toContain('NODE_ENV=production');
  });

  it('compiles with the Prisma client generated and ships production dependencies only', () => {
    expect(args(stage('build'), 'RUN')).toContain('npm run build');
    const pkg = JSON.parse(read('package.json')) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.scripts.build).toContain('prisma generate');
    expect(pkg.scripts.build).toContain('tsc -p tsconfig.build.json');
    expect(args(stage('prod-deps'), 'RUN').join(' ')).toContain('npm ci --omit=dev');
    // The generated client lives in node_modules/.prisma (no `output` in the generator block),
    // which an --omit=dev install does not contain: it is copied from the build stage.
    const generator = /generator client \{([^}]*)\}/.exec(read('prisma/schema.prisma'))?.[1] ?? '';
    expect(generator).not.toMatch(/^\s*output\s*=/m);
    expect(args(stage('runtime'), 'COPY')).toContain(
      '--from=build /app/node_modules/.prisma ./node_modules/.prisma',
    );
  });

  it('carries what the migration Job and compose `migrate` run, as production dependencies', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    // node node_modules/prisma/build/index.js migrate deploy, loading prisma.config.ts
    // and prisma.config.ts's stand-in for the native schema engine with what it imports
    for (const dep of [
      'prisma',
      '@prisma/client',
      '@prisma/adapter-pg',
      '@prisma/driver-adapter-utils',
      '@prisma/schema-engine-wasm',
      'pg',
    ])
      expect(pkg.dependencies[dep]).toBeDefined();
    expect(existsSync(path.join(REPO_ROOT, 'node_modules/prisma/build/index.js'))).toBe(true);
    expect(read('prisma.config.ts')).toContain("'schema-engine-wasm.mjs'");
    // node dist/prisma/seed.js
    expect(existsSync(path.join(REPO_ROOT, 'prisma/seed.ts'))).toBe(true);
    expect((JSON.parse(read('tsconfig.build.json')) as { include: string[] }).include).toContain('prisma');
    const runtimeCopies = args(stage('runtime'), 'COPY').join('\n');
    expect(runtimeCopies).toContain('prisma.config.ts');
    expect(runtimeCopies).toMatch(/^prisma \.\/prisma$/m);
    expect(runtimeCopies).toMatch(/^scripts\/schema-engine-wasm\.mjs \.\/scripts\/$/m);
  });

  it('keeps runtime files that tsc does not emit (schemas, the supergraph) in the image', () => {
    const assets = args(stage('build'), 'RUN').find((r) => r.includes('/assets')) ?? '';
    expect(assets).toContain('find lib gateway subgraphs -type f');
    expect(existsSync(path.join(REPO_ROOT, 'gateway/supergraph.graphql'))).toBe(true);
    expect(args(stage('runtime'), 'COPY')).toContain('--from=build /assets/ ./');
  });

  it('has a .dockerignore that keeps out local state but nothing the Dockerfile copies', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    for (const local of ['.git', '.data', '**/node_modules', 'dist', '.env'])
      expect(ignored).toContain(local);
    const sources = dockerfile
      .flatMap((s) => args(s, 'COPY'))
      .filter((a) => !a.startsWith('--from'))
      .flatMap((a) => a.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) {
      const top = source.split('/')[0] ?? '';
      expect([source, ignored.includes(source) || ignored.includes(top)]).toEqual([source, false]);
      expect([source, existsSync(path.join(REPO_ROOT, source))]).toEqual([source, true]);
    }
  });
});
