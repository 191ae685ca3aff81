import WebSocket from 'ws';

/**
 * A DevTools-protocol session with a child started with `--inspect=127.0.0.1:<port>`: forces a
 * full garbage collection and reads the live heap, so memory per connection is measured on live
 * objects rather than on whatever garbage the last allocations left behind.
 */
export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result);
    });
  }

  static async connect(port: number): Promise<InspectorSession> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      webSocketDebuggerUrl: string;
    }[];
    const ws = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new InspectorSession(ws);
  }

  private call<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out`)), 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(result as T);
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** Bytes of live JavaScript heap (after `collectGarbage`, live objects only). */
  async heapUsed(): Promise<number> {
    return (await this.call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  }

  /** Starts V8's sampling CPU profiler (what `--cpu-prof` uses), sampling every `intervalUs`. */
  async startProfiling(intervalUs = 1000): Promise<void> {
    await this.call('Profiler.enable');
    await this.call('Profiler.setSamplingInterval', { interval: intervalUs });
    await this.call('Profiler.start');
  }

  /** Stops the profiler and returns the profile (the `.cpuprofile` format). */
  async stopProfiling(): Promise<unknown> {
    const { profile } = await this.call<{ profile: unknown }>('Profiler.stop');
    await this.call('Profiler.disable');
    return profile;
  }

  close() {
    this.ws.close();
  }
}
