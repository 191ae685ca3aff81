#!/usr/bin/env node
// Stand-in for Prisma 7's native `schema-engine` binary, which the CLI downloads from a host this
// project cannot reach. Prisma 7's CLI has no WASM mode for Migrate any more (6.x had `engine:
// 'js'`), but it runs whatever executable PRISMA_SCHEMA_ENGINE_BINARY names (prisma.config.ts
// points it here) and speaks to it over the binary's own interface:
//   schema-engine [--datamodels FILE]... [--datasource JSON]          JSON-RPC 2.0, one message per
//                                                                      line on stdin/stdout, logs
//                                                                      as JSON lines on stderr
//   schema-engine --datasource JSON cli can-connect-to-database|create-database
// Every RPC method is served by Prisma's own WASM schema engine (@prisma/schema-engine-wasm, the
// exact build the CLI was released with) over the pg driver adapter, as Prisma 6's CLI did in
// process. Only PostgreSQL is wired, the one database this project uses.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';
/* global WebAssembly */
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

const require = createRequire(import.meta.url);
// The package's exports map names only its JS entry points; the .wasm and package.json sit beside them.
const wasmDir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--datamodels') out.datamodels.push(argv[++i]);
    else if (a === '--datasource') out.datasource = JSON.parse(argv[++i]);
    else if (a === 'cli') out.cli = argv[++i];
    else if (a === '--version' || a === '-V') out.cli = 'version';
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++;
  }
  return out;
}

/** A log line in the native engine's format; the CLI reads `fields.message` and, for errors, `error_code`. */
function log(level, fields) {
  process.stderr.write(
    JSON.stringify({ timestamp: new Date().toISOString(), level, fields, target: 'schema_engine::logger' }) +
      '\n',
  );
}

// SQLSTATE and node codes that mean "cannot reach" (P1001) or "database does not exist" (P1003).
function connectErrorCode(err) {
  if (err?.code === '3D000') return 'P1003';
  if (err?.code === '28P01' || err?.code === '28000') return 'P1000';
  return 'P1001';
}

async function runCli(command, url) {
  if (command === 'version') {
    process.stdout.write(
      `schema-engine-wasm ${JSON.parse(readFileSync(path.join(wasmDir, 'package.json'), 'utf8')).version}\n`,
    );
    return 0;
  }
  // The CLI skips the first stderr line of a `cli` run (the native engine's start-up notice).
  log('INFO', { message: `Starting schema engine CLI command: ${command}` });
  if (!url) {
    log('ERROR', { message: 'No datasource URL (set DATABASE_URL)', error_code: 'P1012' });
    return 1;
  }
  const tryConnect = async (connectionString) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    return client;
  };
  try {
    (await tryConnect(url)).end();
    return 0;
  } catch (err) {
    const code = connectErrorCode(err);
    if (command !== 'create-database' || code !== 'P1003') {
      log('ERROR', { message: String(err?.message ?? err), error_code: code });
      return 1;
    }
  }
  // create-database: connect to the maintenance database and create the one the URL names.
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  try {
    const client = await tryConnect(target.toString());
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
    await client.end();
    return 0;
  } catch (err) {
    log('ERROR', { message: String(err?.message ?? err), error_code: connectErrorCode(err) });
    return 1;
  }
}

async function loadEngine(datamodels, url) {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const bytes = readFileSync(path.join(wasmDir, 'schema_engine_bg.wasm'));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  // Diffs between schema files never connect; pg connects lazily, so a placeholder URL is safe.
  const adapter = bindMigrationAwareSqlAdapterFactory(
    new PrismaPg({ connectionString: url ?? 'postgresql://localhost/unused' }),
  );
  const files = datamodels.map((f) => [f, readFileSync(f, 'utf8')]);
  const onLog = (line) => process.stderr.write(String(line).endsWith('\n') ? line : `${line}\n`);
  return glue.SchemaEngine.new({ datamodels: files.length ? files : undefined }, onLog, adapter);
}

// RPC names the CLI sends that the WASM engine spells differently or lacks.
const RENAMED = { getDatabaseVersion: 'version' };

async function serve(args) {
  const url = args.datasource?.url;
  const engine = await loadEngine(args.datamodels, url);
  const send = (msg) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...msg }) + '\n');
  let printId = 1_000_000_000;
  const handle = async ({ id, method, params }) => {
    if (method === undefined) return; // the CLI's answer to our `print` request
    try {
      let result;
      if (method === 'createDatabase') {
        if ((await runCli('create-database', url)) !== 0) throw new Error('could not create the database');
        result = { databaseName: decodeURIComponent(new URL(url).pathname.slice(1)) };
      } else {
        const name = RENAMED[method] ?? method;
        if (typeof engine[name] !== 'function')
          throw new Error(`Method not supported by the WASM schema engine: ${method}`);
        result = await engine[name](params ?? {});
      }
      // The native engine hands `diff` output to the CLI as a `print` request, not in the result.
      if (method === 'diff' && result && typeof result.stdout === 'string') {
        const { stdout, ...rest } = result;
        if (stdout.length)
          send({ id: printId++, method: 'print', params: { content: stdout.replace(/\n$/, '') } });
        result = rest;
      }
      send({ id, result: result === undefined ? null : result });
    } catch (err) {
      const data = { is_panic: false, message: String(err?.message ?? err), meta: err?.meta ?? null };
      if (typeof err?.code === 'string') data.error_code = err.code;
      send({
        id,
        error: { code: 4466, message: 'An error happened. Check the data field for details.', data },
      });
    }
  };
  // Requests are answered one at a time, in order, like the native engine.
  let chain = Promise.resolve();
  createInterface({ input: process.stdin, crlfDelay: Infinity }).on('line', (line) => {
    if (!line.trim()) return;
    const msg = JSON.parse(line);
    chain = chain.then(() => handle(msg));
  });
  process.stdin.on('end', () => chain.then(() => process.exit(0)));
}

const args = parseArgs(process.argv.slice(2));
if (args.cli) process.exit(await runCli(args.cli, args.datasource?.url));
await serve(args).catch((err) => {
  log('ERROR', { message: String(err?.stack ?? err) });
  process.exit(1);
});
