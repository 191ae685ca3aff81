import Decimal from 'decimal.js';
import { CoinbaseTickerProvider, isoToMs } from './coinbase';
import { capturingLogger, coinbase, FakeWsServer, waitFor } from './testing';
import type { Quote, Tick } from './types';

describe('Coinbase Exchange ticker provider against a local fake', () => {
  let server: FakeWsServer;
  let provider: CoinbaseTickerProvider | undefined;
  const ticks: Tick[] = [];
  const quotes: Quote[] = [];
  const logger = capturingLogger();

  async function startProvider() {
    provider = new CoinbaseTickerProvider({
      coinIds: ['ethereum', 'bitcoin'],
      url: server.url,
      backoff: { baseMs: 20, maxMs: 100 },
      random: () => 0.5,
      logger,
    });
    await provider.start({ onTick: (t) => ticks.push(t), onQuote: (q) => quotes.push(q) });
    return server.connection(0);
  }

  beforeEach(async () => {
    server = await FakeWsServer.start();
    ticks.length = quotes.length = logger.entries.length = 0;
  });
  afterEach(async () => {
    await provider?.stop();
    provider = undefined;
    await server.close();
  });

  it('subscribes to the ticker channel within 5 seconds of connecting', async () => {
    const conn = await startProvider();
    const first = conn.received[0] ?? (await conn.nextMessage());
    expect(Date.now() - conn.openedAt).toBeLessThan(5000);
    expect(JSON.parse(first)).toEqual({
      type: 'subscribe',
      product_ids: ['ETH-USD', 'BTC-USD'],
      channels: ['ticker', 'heartbeat'],
    });
  });

  it('turns the documented ticker message into a trade tick and a USD quote, exactly', async () => {
    const conn = await startProvider();
    conn.send(JSON.stringify(coinbase.subscriptions));
    conn.send(JSON.stringify(coinbase.heartbeat));
    conn.send(JSON.stringify(coinbase.ticker));
    await waitFor(() => ticks.length === 1 && quotes.length === 1);
    const ts = Date.UTC(2022, 9, 19, 23, 28, 22, 61);
    expect(ticks[0]).toEqual({
      coinId: 'ethereum',
      price: '1285.22',
      quantity: '11.4396987',
      ts,
      source: 'coinbase',
      tradeId: '370843401',
    });
    expect(quotes[0]).toEqual({
      coinId: 'ethereum',
      price: '1285.22',
      ts,
      source: 'coinbase',
      volume24h: '315563655.8297555916', // 245532.79269678 ETH valued at 1285.22 USD, exactly
      high24h: '1313.8',
      low24h: '1280.52',
      change24hPct: new Decimal('1285.22').minus('1310.79').div('1310.79').times(100).toNumber(),
    });
  });

  it('logs error messages and skips malformed ones, and the stream goes on', async () => {
    const conn = await startProvider();
    conn.send(JSON.stringify(coinbase.error));
    conn.send('{broken');
    conn.send(JSON.stringify({ ...coinbase.ticker, price: 1285.22 }));
    conn.send(JSON.stringify({ ...coinbase.ticker, time: 'yesterday' }));
    conn.send(JSON.stringify({ type: 'some_new_type' }));
    conn.send(JSON.stringify({ ...coinbase.ticker, trade_id: 370843402, price: '1286' }));
    await waitFor(() => ticks.length === 1);
    expect(ticks[0]).toMatchObject({ price: '1286', tradeId: '370843402' });
    expect(provider!.malformedMessages).toBe(3);
    expect(logger.entries.some((e) => e.msg === 'Coinbase feed reported an error')).toBe(true);
  });

  it('reconnects after a dropped connection and subscribes again', async () => {
    const first = await startProvider();
    first.drop();
    const second = await server.connection(1);
    const resubscribe = second.received[0] ?? (await second.nextMessage());
    expect(JSON.parse(resubscribe).type).toBe('subscribe');
    second.send(JSON.stringify(coinbase.ticker));
    await waitFor(() => ticks.length === 1);
  });

  it('reads microsecond ISO timestamps', () => {
    expect(isoToMs('2014-11-07T08:19:28.464459Z')).toBe(Date.UTC(2014, 10, 7, 8, 19, 28, 464));
    expect(isoToMs('2014-11-07T08:19:28Z')).toBe(Date.UTC(2014, 10, 7, 8, 19, 28));
  });
});
