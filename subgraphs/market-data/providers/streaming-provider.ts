import type { BackoffPolicy } from './backoff';
import { ReconnectingWebSocket } from './reconnecting-ws';
import { SymbolMap } from './symbols';
import type { MarketProvider, MarketSink, ProviderLogger } from './types';
import { silentLogger } from './types';

/** The options every streaming venue takes besides its own. */
export interface StreamingProviderOptions {
  symbols?: SymbolMap;
  backoff?: BackoffPolicy;
  random?: () => number;
  logger?: ProviderLogger;
}

/** A venue's connection, fixed when the provider starts. */
export interface StreamConnection {
  url: string;
  /** Sent as soon as each connection opens (a venue's subscribe message). */
  subscribe?: string;
  /** Replace the connection (make-before-break) at this age, ahead of a venue's own cut-off. */
  maxConnectionAgeMs?: number;
  /** Drop and reconnect after this long without a message, ping or pong. */
  idleTimeoutMs: number;
}

/**
 * A market provider over one venue WebSocket. The plumbing every venue shares lives here: the
 * connection kept up by `ReconnectingWebSocket` (reconnects, replacement, idle detection, status
 * to the sink), JSON parsing, and counting and logging what cannot be understood. A venue says
 * where to connect (`connection`) and reads its own wire format (`receive`).
 */
export abstract class StreamingProvider implements MarketProvider {
  abstract readonly name: string;
  protected readonly symbols: SymbolMap;
  protected readonly logger: ProviderLogger;
  private socket: ReconnectingWebSocket | undefined;
  /** Messages that could not be understood (logged and skipped), for metrics. */
  malformedMessages = 0;

  constructor(private readonly streaming: StreamingProviderOptions) {
    this.symbols = streaming.symbols ?? new SymbolMap();
    this.logger = streaming.logger ?? silentLogger;
  }

  /** The URL, subscribe message and timeouts; throws when no configured coin trades there. */
  protected abstract connection(): StreamConnection;

  /** One message of the live connection, parsed from JSON (`text` for logs). */
  protected abstract receive(message: unknown, text: string, sink: MarketSink): void;

  async start(sink: MarketSink): Promise<void> {
    if (this.socket) return;
    const { url, subscribe, maxConnectionAgeMs, idleTimeoutMs } = this.connection();
    this.socket = new ReconnectingWebSocket({
      name: this.name,
      url: () => url,
      onOpen: subscribe === undefined ? undefined : (send) => send(subscribe),
      onMessage: (text) => this.parse(text, sink),
      onStatus: (status) => sink.onStatus?.(status),
      backoff: this.streaming.backoff,
      random: this.streaming.random,
      maxConnectionAgeMs,
      idleTimeoutMs,
      logger: this.logger,
    });
    await this.socket.start();
  }

  async stop(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    await socket?.stop();
  }

  /** Replaces the connection, make-before-break (a venue's shutdown notice). */
  protected rotate(reason: string): void {
    this.socket?.rotate(reason);
  }

  protected malformed(reason: string, text: string): void {
    this.malformedMessages++;
    this.logger.warn(
      { provider: this.name, reason, message: text.slice(0, 500) },
      'skipping malformed market message',
    );
  }

  private parse(text: string, sink: MarketSink): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return this.malformed('not JSON', text);
    }
    this.receive(message, text, sink);
  }
}
