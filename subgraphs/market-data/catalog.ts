/**
 * The seed catalog: the top 50 coins by market capitalisation (CoinGecko slugs), with a
 * reference price in USD that the offline simulator starts its random walk from, and a
 * circulating supply used to derive market capitalisation from simulated prices.
 */
export interface CatalogEntry {
  id: string;
  symbol: string;
  name: string;
  rank: number;
  referencePrice: string;
  circulatingSupply: string;
}

const rows: [string, string, string, string, string][] = [
  ['bitcoin', 'BTC', 'Bitcoin', '64000', '19700000'],
  ['ethereum', 'ETH', 'Ethereum', '3200', '120200000'],
  ['tether', 'USDT', 'Tether', '1', '110000000000'],
  ['binancecoin', 'BNB', 'BNB', '580', '146000000'],
  ['solana', 'SOL', 'Solana', '145', '462000000'],
  ['usd-coin', 'USDC', 'USDC', '1', '33000000000'],
  ['ripple', 'XRP', 'XRP', '0.52', '55600000000'],
  ['staked-ether', 'STETH', 'Lido Staked Ether', '3200', '9600000'],
  ['dogecoin', 'DOGE', 'Dogecoin', '0.125', '145000000000'],
  ['the-open-network', 'TON', 'Toncoin', '6.9', '2510000000'],
  ['cardano', 'ADA', 'Cardano', '0.38', '35300000000'],
  ['tron', 'TRX', 'TRON', '0.12', '87300000000'],
  ['avalanche-2', 'AVAX', 'Avalanche', '27', '394000000'],
  ['shiba-inu', 'SHIB', 'Shiba Inu', '0.0000175', '589000000000000'],
  ['wrapped-bitcoin', 'WBTC', 'Wrapped Bitcoin', '64000', '154000'],
  ['polkadot', 'DOT', 'Polkadot', '6.2', '1440000000'],
  ['chainlink', 'LINK', 'Chainlink', '13.5', '608000000'],
  ['bitcoin-cash', 'BCH', 'Bitcoin Cash', '380', '19700000'],
  ['near', 'NEAR', 'NEAR Protocol', '5.3', '1090000000'],
  ['uniswap', 'UNI', 'Uniswap', '7.6', '600000000'],
  ['litecoin', 'LTC', 'Litecoin', '72', '74900000'],
  ['matic-network', 'MATIC', 'Polygon', '0.55', '9900000000'],
  ['dai', 'DAI', 'Dai', '1', '5300000000'],
  ['internet-computer', 'ICP', 'Internet Computer', '8.9', '466000000'],
  ['leo-token', 'LEO', 'LEO Token', '5.9', '925000000'],
  ['ethereum-classic', 'ETC', 'Ethereum Classic', '22', '147000000'],
  ['aptos', 'APT', 'Aptos', '7.1', '470000000'],
  ['monero', 'XMR', 'Monero', '165', '18400000'],
  ['stellar', 'XLM', 'Stellar', '0.095', '29200000000'],
  ['render-token', 'RNDR', 'Render', '6.8', '388000000'],
  ['hedera-hashgraph', 'HBAR', 'Hedera', '0.075', '35700000000'],
  ['cosmos', 'ATOM', 'Cosmos Hub', '6.4', '390000000'],
  ['crypto-com-chain', 'CRO', 'Cronos', '0.09', '26500000000'],
  ['filecoin', 'FIL', 'Filecoin', '4.2', '580000000'],
  ['okb', 'OKB', 'OKB', '42', '60000000'],
  ['arbitrum', 'ARB', 'Arbitrum', '0.75', '3000000000'],
  ['mantle', 'MNT', 'Mantle', '0.75', '3260000000'],
  ['immutable-x', 'IMX', 'Immutable', '1.5', '1580000000'],
  ['vechain', 'VET', 'VeChain', '0.026', '72700000000'],
  ['kaspa', 'KAS', 'Kaspa', '0.16', '24000000000'],
  ['optimism', 'OP', 'Optimism', '1.8', '1200000000'],
  ['injective-protocol', 'INJ', 'Injective', '22', '97000000'],
  ['maker', 'MKR', 'Maker', '2300', '923000'],
  ['the-graph', 'GRT', 'The Graph', '0.2', '9500000000'],
  ['fantom', 'FTM', 'Fantom', '0.45', '2800000000'],
  ['theta-token', 'THETA', 'Theta Network', '1.4', '1000000000'],
  ['algorand', 'ALGO', 'Algorand', '0.15', '8200000000'],
  ['aave', 'AAVE', 'Aave', '95', '14800000'],
  ['harmony', 'ONE', 'Harmony', '0.015', '14300000000'],
  ['sui', 'SUI', 'Sui', '0.9', '2400000000'],
];

export const COIN_CATALOG: readonly CatalogEntry[] = rows.map(
  ([id, symbol, name, referencePrice, circulatingSupply], i) => ({
    id,
    symbol,
    name,
    rank: i + 1,
    referencePrice,
    circulatingSupply,
  }),
);
