import { SymbolMap } from './symbols';

describe('SymbolMap', () => {
  const map = new SymbolMap();
  it('maps USD, USDT and USDC pairs to coin ids and ignores other quotes', () => {
    expect(map.fromBinance('BTCUSDT')).toBe('bitcoin');
    expect(map.fromBinance('ethusdc')).toBe('ethereum');
    expect(map.fromBinance('ETHBTC')).toBeUndefined();
    expect(map.fromBinance('FOOUSDT')).toBeUndefined();
    expect(map.fromCoinbase('BTC-USD')).toBe('bitcoin');
    expect(map.fromCoinbase('ETH-EUR')).toBeUndefined();
    expect(map.fromCoinbase('ETH-BTC')).toBeUndefined();
  });
  it('builds exchange symbols from coin ids, and takes extra assets', () => {
    expect(map.toBinance('bitcoin')).toBe('BTCUSDT');
    expect(map.toCoinbase('avalanche-2')).toBe('AVAX-USD');
    const custom = new SymbolMap({ PEPE: 'pepe' });
    expect(custom.fromBinance('PEPEUSDT')).toBe('pepe');
    expect(custom.fromBinance('BTCUSDT')).toBeUndefined();
  });
});
