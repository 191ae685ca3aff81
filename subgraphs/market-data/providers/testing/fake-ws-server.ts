import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A local WebSocket server (127.0.0.1, ephemeral port) for provider tests
 * and integration tests: it speaks whatever the test sends, which the tests
 * take from the venues' documented payloads (see fixtures.ts). It can also
 * refuse upgrades with an HTTP status (e.g. 429) and drop connections.
 */
export class FakeWsServer {
  readonly connections: FakeConnection[] = [];
  private readonly waiters: Array<{ index: number; resolve: (c: FakeConnection) => void }> = [];
  private rejections: number[] = [];
  /** HTTP statuses returned to refused upgrade attempts, in order. */
  readonly refused: number[] = [];

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeWsServer> {
    const http = createServer((_, res) => res.writeHead(426).end());
    const wss = new WebSocketServer({ noServer: true });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    const server = new FakeWsServer(http, wss, `ws://127.0.0.1:${port}`);
    http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      server.upgrade(req, socket, head),
    );
    return server;
  }

  /** Refuse the next upgrade attempts with these HTTP statuses (e.g. 429 as a rate-limited venue does). */
  refuseNext(...statuses: number[]): void {
    this.rejections.push(...statuses);
  }

  /** Resolves with connection number `index` (0-based) once it is open. */
  connection(index: number, timeoutMs = 5000): Promise<FakeConnection> {
    const existing = this.connections[index];
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no connection #${index} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        index,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const status = this.rejections.shift();
    if (status !== undefined) {
      this.refused.push(status);
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn = new FakeConnection(ws, req.url ?? '/');
      this.connections.push(conn);
      const index = this.connections.length - 1;
      for (const w of this.waiters.filter((w) => w.index === index)) w.resolve(conn);
    });
  }
}

export class FakeConnection {
  readonly received: string[] = [];
  readonly openedAt = Date.now();
  private readonly messageWaiters: Array<(text: string) => void> = [];
  closed = false;

  constructor(
    readonly socket: WebSocket,
    /** Request path and query, e.g. "/stream?streams=btcusdt@trade". */
    readonly path: string,
  ) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.received.push(text);
      this.messageWaiters.shift()?.(text);
    });
    socket.on('close', () => (this.closed = true));
  }

  send(text: string): void {
    this.socket.send(text);
  }

  /** Sends a ping frame and resolves with the pong's payload. */
  ping(payload: string, timeoutMs = 2000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no pong')), timeoutMs);
      this.socket.once('pong', (data) => {
        clearTimeout(timer);
        resolve(data.toString());
      });
      this.socket.ping(payload);
    });
  }

  /** Resolves with the next (or an already received, not yet taken) text message from the client. */
  nextMessage(timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message from client')), timeoutMs);
      this.messageWaiters.push((text) => {
        clearTimeout(timer);
        resolve(text);
      });
    });
  }

  /** Drops the TCP connection without a close frame (an abrupt network failure). */
  drop(): void {
    this.socket.terminate();
  }

  /** Resolves when the client side has closed the connection. */
  waitClosed(timeoutMs = 5000): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('connection still open')), timeoutMs);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
