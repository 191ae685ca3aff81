import { BinanceStreamProvider, type BinanceProviderOptions } from './binance';
import { binance, binanceEnvelope, capturingLogger, FakeWsServer, waitFor } from './testing';
import type { MinuteCandleUpdate, ProviderStatus, Quote, Tick } from './types';

describe('Binance combined-stream provider against a local fake', () => {
  let server: FakeWsServer;
  let provider: BinanceStreamProvider | undefined;
  const ticks: Tick[] = [];
  const quotes: Quote[] = [];
  const candles: MinuteCandleUpdate[] = [];
  const statuses: ProviderStatus[] = [];
  const logger = capturingLogger();

  async function startProvider(extra: Partial<BinanceProviderOptions> = {}) {
    provider = new BinanceStreamProvider({
      coinIds: ['bitcoin', 'ethereum'],
      baseUrl: server.url,
      backoff: { baseMs: 20, maxMs: 100 },
      random: () => 0.5,
      logger,
      ...extra,
    });
    await provider.start({
      onTick: (t) => ticks.push(t),
      onQuote: (q) => quotes.push(q),
      onMinuteCandle: (c) => candles.push(c),
      onStatus: (s) => statuses.push(s),
    });
    return server.connection(0);
  }

  beforeEach(async () => {
    server = await FakeWsServer.start();
    ticks.length = quotes.length = candles.length = statuses.length = logger.entries.length = 0;
  });
  afterEach(async () => {
    await provider?.stop();
    provider = undefined;
    await server.close();
  });

  it('subscribes through the combined-stream URL with lowercase stream names', async () => {
    const conn = await startProvider();
    expect(conn.path).toBe(
      '/stream?streams=btcusdt@trade/btcusdt@miniTicker/ethusdt@trade/ethusdt@miniTicker',
    );
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'connected']);
  });

  it('turns documented trade and miniTicker payloads into ticks and quotes', async () => {
    const conn = await startProvider();
    conn.send(binanceEnvelope('btcusdt@trade', binance.trade));
    conn.send(binanceEnvelope('btcusdt@miniTicker', binance.miniTicker));
    await waitFor(() => ticks.length === 1 && quotes.length === 1);
    expect(ticks[0]).toEqual({
      coinId: 'bitcoin',
      price: '0.001',
      quantity: '100',
      ts: 1672515782136,
      source: 'binance',
      tradeId: '12345',
    });
    expect(quotes[0]).toEqual({
      coinId: 'bitcoin',
      price: '0.0025',
      ts: 1672515782136,
      source: 'binance',
      volume24h: '18',
      high24h: '0.0025',
      low24h: '0.001',
      change24hPct: 150,
    });
  });

  it('in kline mode subscribes @kline_1m and forwards 1-minute candles', async () => {
    const conn = await startProvider({ mode: 'kline', miniTicker: false, coinIds: ['bitcoin'] });
    expect(conn.path).toBe('/stream?streams=btcusdt@kline_1m');
    conn.send(binanceEnvelope('btcusdt@kline_1m', binance.kline));
    conn.send(binanceEnvelope('btcusdt@kline_1m', { ...binance.kline, k: { ...binance.kline.k, i: '5m' } }));
    await waitFor(() => candles.length === 1);
    expect(candles[0]).toEqual({
      coinId: 'bitcoin',
      openTime: 1672515780000,
      open: '0.0010',
      high: '0.0025',
      low: '0.0015',
      close: '0.0020',
      volume: '1000',
      ts: 1672515782136,
    });
  });

  it('logs and skips malformed messages, and the stream goes on', async () => {
    const conn = await startProvider();
    conn.send('not json at all');
    conn.send(JSON.stringify({ stream: 'btcusdt@trade' }));
    conn.send(binanceEnvelope('btcusdt@trade', { ...binance.trade, p: 0.001 })); // a number, not Binance's string
    conn.send(binanceEnvelope('btcusdt@trade', { ...binance.trade, p: '1,5' }));
    conn.send(binanceEnvelope('ethbtc@trade', { ...binance.trade, s: 'ETHBTC' })); // not a USD pair: ignored, not malformed
    conn.send(binanceEnvelope('btcusdt@trade', { ...binance.trade, t: 12346, p: '64000.01' }));
    await waitFor(() => ticks.length === 1);
    expect(ticks[0]).toMatchObject({ price: '64000.01', tradeId: '12346' });
    expect(provider!.malformedMessages).toBe(4);
    expect(logger.entries.filter((e) => e.msg === 'skipping malformed market message')).toHaveLength(4);
  });

  it('answers pings with the ping payload', async () => {
    const conn = await startProvider();
    await expect(conn.ping('keepalive-123')).resolves.toBe('keepalive-123');
  });

  it('reconnects after a dropped connection and keeps streaming', async () => {
    const first = await startProvider();
    first.drop();
    const second = await server.connection(1);
    second.send(binanceEnvelope('btcusdt@trade', binance.trade));
    await waitFor(() => ticks.length === 1);
    expect(statuses.map((s) => s.state)).toEqual([
      'connecting',
      'connected',
      'reconnecting',
      'reconnecting',
      'connected',
    ]);
    expect(statuses[2]!.reason).toMatch(/^closed 1006/);
  });

  it('backs off and retries when the venue refuses the connection with HTTP 429', async () => {
    server.refuseNext(429, 429);
    provider = new BinanceStreamProvider({
      coinIds: ['bitcoin'],
      baseUrl: server.url,
      backoff: { baseMs: 20, maxMs: 100 },
      random: () => 0.5,
      logger,
    });
    await provider.start({ onTick: (t) => ticks.push(t), onStatus: (s) => statuses.push(s) });
    const conn = await server.connection(0);
    expect(server.refused).toEqual([429, 429]);
    conn.send(binanceEnvelope('btcusdt@trade', binance.trade));
    await waitFor(() => ticks.length === 1);
    const retries = statuses.filter((s) => s.state === 'reconnecting' && s.reason);
    expect(retries).toHaveLength(2);
    expect(
      logger.entries
        .filter((e) => e.msg === 'market data connection lost; reconnecting')
        .map((e) => (e.obj as { delayMs: number }).delayMs),
    ).toEqual([10, 20]);
  });

  it('opens a new connection on serverShutdown before closing the old one', async () => {
    const old = await startProvider();
    old.send(JSON.stringify(binance.serverShutdown));
    const fresh = await server.connection(1);
    await old.waitClosed();
    fresh.send(binanceEnvelope('btcusdt@trade', binance.trade));
    await waitFor(() => ticks.length === 1);
    expect(statuses.some((s) => s.reason === 'serverShutdown')).toBe(true);
    expect(fresh.path).toBe(old.path);
  });

  it('replaces a connection before it reaches its maximum age (Binance cuts at 24 h)', async () => {
    const old = await startProvider({ maxConnectionAgeMs: 150 });
    await server.connection(1);
    await old.waitClosed();
    expect(statuses.some((s) => s.reason === 'max connection age')).toBe(true);
  });

  it('drops a silent connection after the idle timeout and reconnects', async () => {
    const old = await startProvider({ idleTimeoutMs: 100 });
    await server.connection(1);
    expect(old.closed || (await old.waitClosed().then(() => true))).toBe(true);
  });
});
