import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Registry } from 'prom-client';
import { requestContext, type RequestContext } from '../context';
import type { Logger } from '../logger';
import { isShareable, type FinishedResponse, type Leader, type ResponseSharing } from './response-sharing';

export const MAX_BODY_BYTES = 1024 * 1024;
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

export type ReadyStatus = { status: 'ok' | 'degraded' | 'unavailable'; checks: Record<string, unknown> };

export interface HttpServiceOptions<TContext extends BaseContext> {
  name: string;
  port: number;
  host?: string;
  log: Logger;
  apollo: ApolloServer<TContext>;
  /** Builds the GraphQL context; runs inside the request's AsyncLocalStorage scope. */
  context: (req: IncomingMessage, ctx: RequestContext) => Promise<TContext>;
  ready: () => Promise<ReadyStatus>;
  metrics?: Registry;
  /** Extra routes tried before GraphQL; return true when handled. */
  routes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;
  /** Called before the HTTP listener closes (e.g. to close WebSocket subscriptions). */
  beforeClose?: () => Promise<void>;
  /** Resources to release after the last request finished (Kafka, Redis, Prisma...). */
  onClose?: () => Promise<void>;
  /** Identical concurrent queries share one finished response (see response-sharing.ts). */
  sharing?: ResponseSharing;
}

export interface RunningService {
  name: string;
  port: number;
  url: string;
  server: http.Server;
  close(): Promise<void>;
}

export class PayloadTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PayloadTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new PayloadTooLargeError();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(payload.length),
    ...headers,
  });
  res.end(payload);
}

/**
 * Headers and body in one write: a Buffer with its length, so Node neither measures nor encodes
 * the text again and sends no chunked framing.
 */
function writeFinished(res: ServerResponse, finished: FinishedResponse, requestId: string) {
  res.writeHead(finished.status, { 'x-request-id': requestId, ...finished.headers });
  res.end(finished.body);
}

/** Keeps a valid incoming `x-request-id`, otherwise makes one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

function toHeaderMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * JSON may escape half a surrogate pair (`"\ud800"`), which is no Unicode text at all: Prisma's
 * query compiler then fails with an internal error and PostgreSQL could not store it anyway.
 * Walks the parsed body without recursion (a 1 MB body can nest deeply); keys count too.
 */
export function isWellFormedJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (LONE_SURROGATE.test(v)) return false;
    } else if (Array.isArray(v)) {
      for (const item of v) stack.push(item); // no spread: an array may hold 500k items
    } else if (v && typeof v === 'object') {
      for (const [k, inner] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k)) return false;
        stack.push(inner);
      }
    }
  }
  return true;
}

/** Runs one GraphQL-over-HTTP request through Apollo Server (its documented integration API). */
export async function handleGraphQL<TContext extends BaseContext>(
  req: IncomingMessage,
  res: ServerResponse,
  apollo: ApolloServer<TContext>,
  context: () => Promise<TContext>,
  requestId: string,
  sharing?: ResponseSharing,
) {
  let body: unknown;
  let lead: Leader | null = null;
  if (req.method === 'POST') {
    const raw = await readBody(req);
    const type = req.headers['content-type'] ?? '';
    if (/application\/(graphql-response\+)?json/i.test(type) && raw.length) {
      const found = sharing?.follow(req, raw);
      if (found && 'wait' in found) {
        const shared = await found.wait;
        if (shared) {
          writeFinished(res, shared, requestId);
          found.answered?.();
          return;
        }
        // The first could not share (an error, a cookie...): this one runs by itself.
      }
      try {
        body = JSON.parse(raw);
      } catch {
        sendJson(res, 400, {
          errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      if (!isWellFormedJson(body)) {
        sendJson(res, 400, {
          errors: [
            {
              message: 'Request body contains malformed Unicode (an unpaired surrogate escape)',
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        });
        return;
      }
      // An empty operationName means none: Apollo Server would otherwise look for an operation
      // named "" while the gateway runs the only one, and fail in between.
      if (body && typeof body === 'object' && (body as { operationName?: unknown }).operationName === '') {
        delete (body as { operationName?: unknown }).operationName;
      }
      if (sharing && found && 'key' in found) lead = sharing.lead(found.key, body);
    } else {
      body = raw;
    }
  }
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method ?? 'GET',
        headers: toHeaderMap(req),
        search: url.search,
        body,
      },
      context,
    });
    const status = result.status ?? 200;
    const headers: Record<string, string> = {};
    for (const [key, value] of result.headers) headers[key] = value;
    if (result.body.kind === 'complete') {
      // Encoded once; with its length known, the answer goes out as one write without chunking.
      const encoded = Buffer.from(result.body.string);
      headers['content-length'] = String(encoded.length);
      const finished: FinishedResponse = { status, headers, body: encoded };
      lead?.(isShareable(status, headers, result.body.string) ? finished : null);
      writeFinished(res, finished, requestId);
      return;
    }
    lead?.(null);
    res.writeHead(status, { 'x-request-id': requestId, ...headers });
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  } finally {
    // Thrown before answering: those waiting run by themselves rather than share a failure.
    lead?.(null);
  }
}

/**
 * The HTTP shell every service shares: `/health` (liveness), `/ready` (readiness),
 * `/metrics` (Prometheus), GraphQL on `/graphql`, request ids, and a graceful close that
 * drains in-flight requests before releasing resources.
 */
export async function startHttpService<TContext extends BaseContext>(
  options: HttpServiceOptions<TContext>,
): Promise<RunningService> {
  const { log, apollo } = options;
  let closing = false;
  const server = http.createServer((req, res) => {
    const requestId = requestIdOf(req);
    const traceparent = typeof req.headers.traceparent === 'string' ? req.headers.traceparent : undefined;
    const ctx: RequestContext = { requestId, traceparent };
    requestContext.run(ctx, () => {
      route(req, res, ctx).catch((err: unknown) => {
        if (err instanceof PayloadTooLargeError) {
          // The rest of the body is never read, so the connection cannot carry another request:
          // close it after answering, or a client that reuses it waits for a reply that never comes.
          sendJson(
            res,
            413,
            {
              errors: [
                { message: 'Request body is larger than 1 MB', extensions: { code: 'PAYLOAD_TOO_LARGE' } },
              ],
            },
            { connection: 'close' },
          );
          return;
        }
        log.error({ err }, 'request failed');
        if (!res.headersSent)
          sendJson(res, 500, {
            errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          });
        else res.end();
      });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function route(req: IncomingMessage, res: ServerResponse, ctx: RequestContext) {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health' && req.method === 'GET')
      return sendJson(res, 200, { status: 'ok', service: options.name });
    if (path === '/ready' && req.method === 'GET') {
      if (closing) return sendJson(res, 503, { status: 'unavailable', checks: { shuttingDown: true } });
      const ready = await options.ready();
      return sendJson(res, ready.status === 'unavailable' ? 503 : 200, ready);
    }
    if (path === '/metrics' && req.method === 'GET' && options.metrics) {
      res.writeHead(200, { 'content-type': options.metrics.contentType });
      return res.end(await options.metrics.metrics());
    }
    if (options.routes && (await options.routes(req, res))) return;
    if (path === '/graphql' || path === '/') {
      if (closing) res.setHeader('connection', 'close');
      return handleGraphQL(req, res, apollo, () => options.context(req, ctx), ctx.requestId, options.sharing);
    }
    sendJson(res, 404, { error: 'Not found' });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, `${options.name} listening`);

  let closed: Promise<void> | undefined;
  return {
    name: options.name,
    port,
    url: `http://127.0.0.1:${port}/graphql`,
    server,
    close() {
      closed ??= (async () => {
        closing = true;
        await options.beforeClose?.();
        // Stop accepting; idle keep-alive sockets go now, busy ones after their response. A
        // socket whose request began before the close answers with keep-alive and then idles,
        // which would hold `server.close` until the 10 s fallback: sweep idle sockets meanwhile.
        const drained = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        const timer = setTimeout(() => server.closeAllConnections(), 10_000);
        await drained;
        clearInterval(sweep);
        clearTimeout(timer);
        await apollo.stop();
        await options.onClose?.();
        log.info(`${options.name} stopped`);
      })();
      return closed;
    },
  };
}
