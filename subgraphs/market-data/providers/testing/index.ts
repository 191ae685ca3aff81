// Test helpers: local fakes of the market data venues and their documented payloads.
// Not for production code; used by provider tests and the market-data integration test.
export { FakeCoinGecko } from './fake-coingecko';
export type { FakeResponse, RecordedRequest } from './fake-coingecko';
export { FakeConnection, FakeWsServer } from './fake-ws-server';
export { binance, binanceEnvelope, coinbase, coingecko } from './fixtures';
export { capturingLogger } from './capturing-logger';
export type { LogEntry } from './capturing-logger';
export { waitFor } from './wait';
