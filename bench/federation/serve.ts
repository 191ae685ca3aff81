// Child process: serves the four public-workload subgraphs, each on its own port, and reports
// their URLs over IPC. A lean server (parsed and validated documents cached, resolvers in memory)
// so the subgraphs cost little next to the gateway under test, as the public benchmark's Rust
// subgraphs do.
import diagnostics from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { publicSubgraphs } from './subgraphs';

function serve(schema: GraphQLSchema): Promise<string> {
  const documents = new LRUCache<string, DocumentNode | Error>({ max: 1000 });
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/health')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      let status = 200;
      let payload: string;
      try {
        const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          query: string;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        let document = documents.get(query);
        if (!document) {
          try {
            const parsed = parse(query);
            const errors = validate(schema, parsed);
            document = errors.length ? new Error(errors.map((e) => e.message).join('; ')) : parsed;
          } catch (err) {
            document = err as Error;
          }
          documents.set(query, document);
        }
        if (document instanceof Error) {
          status = 400;
          payload = JSON.stringify({ errors: [{ message: document.message }] });
        } else {
          // Entity lookups (`_entities`) answer with promises even over synchronous resolvers.
          payload = JSON.stringify(
            await execute({ schema, document, variableValues: variables, operationName }),
          );
        }
      } catch (err) {
        status = 400;
        payload = JSON.stringify({ errors: [{ message: (err as Error).message }] });
      }
      res.writeHead(status, { 'content-type': 'application/json' }).end(payload);
    });
  });
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`),
    ),
  );
}

// Requests the subgraphs served, for the harness's "subgraph requests per gateway request".
let subgraphRequests = 0;
diagnostics.subscribe('http.server.request.start', () => subgraphRequests++);
process.on('message', (m: { type?: string }) => {
  if (m?.type === 'counters') process.send!({ type: 'counters', subgraphRequests });
});

async function main() {
  const urls: Record<string, string> = {};
  for (const s of publicSubgraphs()) urls[s.name] = await serve(s.schema);
  process.send!({ type: 'ready', urls });
}

process.on('SIGTERM', () => process.exit(0));
// Gone with the harness: never outlive it.
process.on('disconnect', () => process.exit(0));
void main();
