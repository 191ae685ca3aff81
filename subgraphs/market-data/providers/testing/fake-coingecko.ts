import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeResponse {
  status: number;
  /** Raw body text, sent as is (CoinGecko numbers stay as written). */
  body: string;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

/**
 * A local HTTP server standing in for CoinGecko's REST API (127.0.0.1,
 * ephemeral port). Each path answers from a queue of scripted responses; the
 * last one repeats. Every request is recorded for assertions.
 */
export class FakeCoinGecko {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, FakeResponse[]>();

  private constructor(
    private readonly server: Server,
    /** Base URL to pass as `baseUrl`, e.g. http://127.0.0.1:1234/api/v3 */
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<FakeCoinGecko> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const self = new FakeCoinGecko(server, `http://127.0.0.1:${port}/api/v3`);
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/^\/api\/v3/, '');
      self.requests.push({ path, query: url.searchParams, headers: req.headers });
      const queue = self.routes.get(path);
      const response = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (!response) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"coin not found"}');
        return;
      }
      res
        .writeHead(response.status, { 'content-type': 'application/json', ...response.headers })
        .end(response.body);
    });
    return self;
  }

  /** Scripts the responses of `path` (e.g. "/simple/price"), in order; the last repeats. */
  on(path: string, ...responses: FakeResponse[]): this {
    this.routes.set(path, responses);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
