import { ReconnectingWebSocket } from './reconnecting-ws';
import { capturingLogger, FakeWsServer, waitFor } from './testing';

describe('ReconnectingWebSocket', () => {
  let server: FakeWsServer;
  beforeEach(async () => (server = await FakeWsServer.start()));
  afterEach(() => server.close());

  function socket(received: string[]) {
    return new ReconnectingWebSocket({
      name: 'test',
      url: () => server.url + '/feed',
      onMessage: (t) => received.push(t),
      backoff: { baseMs: 40, maxMs: 40 },
      random: () => 0.5,
      logger: capturingLogger(),
    });
  }

  it('keeps the old connection when its replacement is refused', async () => {
    const received: string[] = [];
    const ws = socket(received);
    await ws.start();
    const old = await server.connection(0);
    server.refuseNext(503);
    ws.rotate('test rotation');
    await waitFor(() => server.refused.length === 1);
    old.send('still here');
    await waitFor(() => received.includes('still here'));
    expect(old.closed).toBe(false);
    expect(ws.connected).toBe(true);
    await ws.stop();
  });

  it('stops for good: no reconnect after stop, even during a backoff wait', async () => {
    const ws = socket([]);
    await ws.start();
    (await server.connection(0)).drop();
    await waitFor(() => !ws.connected);
    await ws.stop();
    await new Promise((r) => setTimeout(r, 120));
    expect(server.connections).toHaveLength(1);
  });

  it('resolves start() after a failed first attempt and connects later', async () => {
    server.refuseNext(429);
    const ws = socket([]);
    await ws.start();
    expect(ws.connected).toBe(false);
    await server.connection(0);
    await waitFor(() => ws.connected);
    await ws.stop();
  });
});
