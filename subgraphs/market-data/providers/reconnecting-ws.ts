import WebSocket from 'ws';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { ProviderLogger, ProviderStatus } from './types';

export interface ReconnectingWsOptions {
  /** Provider name, for logs and status. */
  name: string;
  /** URL of each new connection (evaluated per connection). */
  url: () => string;
  /** Called when a connection opens, e.g. to send a subscribe message. */
  onOpen?: (send: (data: string) => void) => void;
  /** Called with every text message of the live connection(s). Must not throw (it is guarded anyway). */
  onMessage: (text: string) => void;
  onStatus?: (status: ProviderStatus) => void;
  backoff?: BackoffPolicy;
  /** Reconnect (make-before-break) when a connection reaches this age, e.g. before a venue's 24 h cut-off. */
  maxConnectionAgeMs?: number;
  /** Drop and reconnect a connection that has shown no message, ping or pong for this long. */
  idleTimeoutMs?: number;
  random?: () => number;
  logger: ProviderLogger;
}

/**
 * A WebSocket client that stays connected: reconnects with exponential
 * backoff and full jitter after any close or failure, replaces a connection
 * before it reaches `maxConnectionAgeMs` and whenever `rotate()` is called
 * (e.g. on a venue's shutdown notice), and answers pings (the `ws` package
 * sends the pong with the ping's payload automatically).
 *
 * Planned replacements are make-before-break: the old connection keeps
 * delivering until the new one is open, so no trades fall into a gap; the
 * overlap may repeat a few messages, which the aggregator de-duplicates by
 * trade id.
 */
export class ReconnectingWebSocket {
  private current: WebSocket | undefined;
  private replacing: WebSocket | undefined;
  private attempt = 0;
  private stopped = true;
  private retryTimer: NodeJS.Timeout | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private firstSettled: (() => void) | undefined;

  constructor(private readonly options: ReconnectingWsOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
  }

  /** Connects; resolves after the first attempt opened or failed (it keeps retrying after a failure). */
  start(): Promise<void> {
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    this.attempt = 0;
    return new Promise((resolve) => {
      this.firstSettled = resolve;
      this.connect(false);
    });
  }

  /** Closes every connection and cancels every timer; no reconnect follows. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.firstSettled?.();
    this.firstSettled = undefined;
    const sockets = [this.current, this.replacing].filter((s): s is WebSocket => s !== undefined);
    this.current = undefined;
    this.replacing = undefined;
    await Promise.all(sockets.map((s) => closeAndWait(s)));
    this.status('stopped');
  }

  /** Replaces the live connection with a new one, make-before-break (venue shutdown notice, age limit). */
  rotate(reason: string): void {
    if (this.stopped || this.replacing) return;
    this.options.logger.info({ provider: this.options.name, reason }, 'replacing market data connection');
    this.status('reconnecting', reason);
    this.connect(true);
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.current?.readyState === WebSocket.OPEN;
  }

  private connect(replacement: boolean): void {
    const ws = new WebSocket(this.options.url(), { handshakeTimeout: 10_000 });
    if (replacement) this.replacing = ws;
    else this.current = ws;
    if (!replacement) this.status(this.attempt === 0 ? 'connecting' : 'reconnecting');

    ws.on('open', () => {
      if (this.stopped) return;
      if (replacement) {
        const old = this.current;
        this.current = ws;
        this.replacing = undefined;
        if (old) void closeAndWait(old);
      }
      this.attempt = 0;
      this.status('connected');
      this.armAgeTimer();
      this.touch(ws);
      this.firstSettled?.();
      this.firstSettled = undefined;
      try {
        this.options.onOpen?.((data) => ws.send(data));
      } catch (err) {
        this.options.logger.error({ err, provider: this.options.name }, 'subscribe failed');
        ws.terminate();
      }
    });
    ws.on('message', (data, isBinary) => {
      if (this.stopped || (ws !== this.current && ws !== this.replacing)) return;
      this.touch(ws);
      if (isBinary) {
        this.options.logger.warn({ provider: this.options.name }, 'ignoring binary message');
        return;
      }
      try {
        this.options.onMessage(data.toString());
      } catch (err) {
        this.options.logger.error({ err, provider: this.options.name }, 'message handler failed');
      }
    });
    ws.on('ping', () => this.touch(ws));
    ws.on('pong', () => this.touch(ws));
    ws.on('error', (err) => {
      this.options.logger.warn(
        { err: err.message, provider: this.options.name },
        'market data connection error',
      );
    });
    ws.on('close', (code, reason) => {
      if (this.stopped) return;
      const why = `closed ${code}${reason.length ? ` ${reason.toString()}` : ''}`;
      if (ws === this.replacing) {
        this.replacing = undefined;
        // The replacement failed: keep the old connection if it still lives, else reconnect.
        if (this.current === undefined) this.scheduleReconnect(why);
        return;
      }
      if (ws !== this.current) return; // an old connection we replaced
      this.current = undefined;
      // A replacement is on its way; it becomes the live connection when it opens.
      if (this.replacing) return;
      this.scheduleReconnect(why);
    });
  }

  private scheduleReconnect(why: string): void {
    this.clearTimers();
    const delay = backoffDelay(this.attempt, this.backoff, this.random);
    this.attempt += 1;
    this.options.logger.warn(
      { provider: this.options.name, reason: why, delayMs: delay },
      'market data connection lost; reconnecting',
    );
    this.status('reconnecting', why);
    this.firstSettled?.();
    this.firstSettled = undefined;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped) this.connect(false);
    }, delay);
  }

  private armAgeTimer(): void {
    if (this.ageTimer) clearTimeout(this.ageTimer);
    const age = this.options.maxConnectionAgeMs;
    if (age === undefined) return;
    this.ageTimer = setTimeout(() => this.rotate('max connection age'), age);
  }

  private touch(ws: WebSocket): void {
    const idle = this.options.idleTimeoutMs;
    if (idle === undefined || ws !== this.current) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.options.logger.warn(
        { provider: this.options.name, idleMs: idle },
        'market data connection idle; dropping it',
      );
      ws.terminate();
    }, idle);
  }

  private clearTimers(): void {
    for (const t of [this.retryTimer, this.ageTimer, this.idleTimer]) if (t) clearTimeout(t);
    this.retryTimer = this.ageTimer = this.idleTimer = undefined;
  }

  private status(state: ProviderStatus['state'], reason?: string): void {
    this.options.onStatus?.({
      provider: this.options.name,
      state,
      attempt: this.attempt,
      ...(reason === undefined ? {} : { reason }),
    });
  }
}

function closeAndWait(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 2000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
    else ws.close(1000, 'client closing');
  });
}
