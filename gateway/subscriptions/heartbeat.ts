/** The part of a `ws` WebSocket the heartbeat uses. */
export interface HeartbeatSocket {
  readonly readyState: number;
  readonly OPEN: number;
  ping(): void;
  terminate(): void;
  on(event: 'pong' | 'close', listener: (this: never) => void): unknown;
}

/**
 * Keep-alive for every WebSocket of a server: each socket is pinged once per `intervalMs`, and
 * one that has not answered its previous ping by then is terminated (graphql-ws's own keep-alive
 * rule). Instead of two timers per socket, one timer walks the sockets in slices (`sliceMs`
 * apart, one slice per tick): pings then leave in small batches, which wake each client process
 * once per batch instead of once per ping, without a burst of 10,000 pings that would hold up
 * the events behind it.
 */
export class Heartbeat<S extends HeartbeatSocket = HeartbeatSocket> {
  private readonly slices: Set<S>[];
  private readonly answered = new WeakSet<S>();
  private next = 0;
  private tick = 0;
  private readonly timer: NodeJS.Timeout;
  // One listener of each kind for every socket (EventEmitter calls it with the socket as `this`):
  // nothing per socket but a set entry, for 10,000 idle subscribers.
  private readonly onPong: (this: S) => void;
  private readonly onClose: (this: S) => void;

  constructor(intervalMs: number, sliceMs = 100) {
    const count = Math.max(1, Math.round(intervalMs / sliceMs));
    this.slices = Array.from({ length: count }, () => new Set<S>());
    const answered = this.answered;
    this.onPong = function (this: S) {
      answered.add(this);
    };
    const slices = this.slices;
    this.onClose = function (this: S) {
      for (const slice of slices) if (slice.delete(this)) return;
    };
    this.timer = setInterval(() => this.beat(), intervalMs / count);
    this.timer.unref();
  }

  /** Watches `socket` until it closes (it is then forgotten by itself). */
  add(socket: S): void {
    this.slices[this.next++ % this.slices.length]!.add(socket);
    this.answered.add(socket); // its first ping comes within one interval
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);
  }

  private beat() {
    const slice = this.slices[this.tick++ % this.slices.length]!;
    for (const socket of slice) {
      if (socket.readyState !== socket.OPEN) continue;
      if (!this.answered.has(socket)) {
        slice.delete(socket);
        socket.terminate();
        continue;
      }
      this.answered.delete(socket);
      socket.ping();
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
