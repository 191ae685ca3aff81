import { buildCoinLinker, type CatalogCoin } from './link';

// In rank order, as market-data serves it.
const CATALOG: CatalogCoin[] = [
  { id: 'bitcoin', symbol: 'BTC', name: 'Bitcoin' },
  { id: 'ethereum', symbol: 'ETH', name: 'Ethereum' },
  { id: 'solana', symbol: 'SOL', name: 'Solana' },
  { id: 'ripple', symbol: 'XRP', name: 'XRP' },
  { id: 'dogecoin', symbol: 'DOGE', name: 'Dogecoin' },
  { id: 'shiba-inu', symbol: 'SHIB', name: 'Shiba Inu' },
  { id: 'chainlink', symbol: 'LINK', name: 'Chainlink' },
  { id: 'bitcoin-cash', symbol: 'BCH', name: 'Bitcoin Cash' },
  { id: 'near', symbol: 'NEAR', name: 'NEAR Protocol' },
  { id: 'matic-network', symbol: 'MATIC', name: 'Polygon' },
  { id: 'stellar', symbol: 'XLM', name: 'Stellar' },
  { id: 'harmony', symbol: 'ONE', name: 'Harmony' },
  { id: 'fake-one', symbol: 'ONE', name: 'Another One' },
];
const linker = buildCoinLinker(CATALOG);
const ids = (text: string) => linker.link(text).map((m) => m.coinId);

describe('coin linking: true hits', () => {
  it.each([
    ['Bitcoin surges past $70,000', ['bitcoin']],
    ['bitcoin and ethereum slide', ['bitcoin', 'ethereum']],
    ['BTC and ETH slide; btc leads', ['bitcoin', 'ethereum']],
    ['$SOL and $link pump', ['solana', 'chainlink']],
    ['SOL drops 15% after network congestion', ['solana']],
    ['Chainlink price analysis: LINK consolidates', ['chainlink']],
    ["Harmony's ONE token sinks after bridge hack", ['harmony']],
    ['Harmony bridge hack drains $100 million', ['harmony']],
    ['NEAR surges 20% on AI partnership', ['near']],
    ['NEAR Protocol ships sharding upgrade', ['near']],
    ['Polygon network upgrade cuts fees', ['matic-network']],
    ['Stellar Development Foundation publishes report, XLM steady', ['stellar']],
    ['Shiba Inu burn rate spikes', ['shiba-inu']],
    ['Ether options expire on Friday', ['ethereum']],
  ])('%s', (text, expected) => {
    expect(ids(text)).toEqual(expected);
  });

  it('prefers the longest name: "Bitcoin Cash" is not Bitcoin', () => {
    expect(ids('Bitcoin Cash hard fork completes')).toEqual(['bitcoin-cash']);
    expect(ids('Bitcoin Cash and Bitcoin diverge')).toEqual(['bitcoin-cash', 'bitcoin']);
  });

  it('counts mentions, records how they were found and the first offset, in order of first mention', () => {
    const m = linker.link('ETH rallies while Bitcoin lags; $BTC dominance and bitcoin miners');
    expect(m.map((x) => x.coinId)).toEqual(['ethereum', 'bitcoin']);
    const btc = m.find((x) => x.coinId === 'bitcoin')!;
    expect(btc.count).toBe(3);
    expect(new Set(btc.matchedBy)).toEqual(new Set(['name', 'cashtag']));
    expect(btc.firstIndex).toBe('ETH rallies while '.length);
  });

  it('gives a shared ticker to the first coin of the catalog (rank order)', () => {
    expect(ids('$ONE rallies')).toEqual(['harmony']);
  });
});

describe('coin linking: no false hits on common words', () => {
  it.each([
    'One of the oldest crypto exchanges changes its name',
    'Link in bio: how influencers promote tokens',
    'Link your wallet to the dashboard to view balances',
    'Sol is Spanish for sun',
    'Sol Strategies names new board chair',
    'The price is near $60,000 again',
    'Retail investors are one step ahead',
    'A stellar quarter for the exchange',
    'The polygon count of the new game engine',
    'Staff worked in harmony with the regulator',
    'ONE MORE THING: THE PRICE IS NEAR A RECORD',
    'Apple shares rose 2%',
  ])('%s', (text) => {
    expect(ids(text)).toEqual([]);
  });

  it('needs crypto context for an ambiguous ticker in capitals', () => {
    expect(ids('We are ONE team')).toEqual([]);
    expect(ids('ONE token jumps')).toEqual(['harmony']);
  });

  it('does not read coins from URL slugs, and keeps offsets of the text', () => {
    expect(ids('Read more at https://news.example.com/solana-price-bitcoin-etf')).toEqual([]);
    const text = 'See www.example.com/eth-news then Bitcoin rallies';
    expect(linker.link(text)).toEqual([
      expect.objectContaining({ coinId: 'bitcoin', firstIndex: text.indexOf('Bitcoin') }),
    ]);
  });

  it('links an ambiguous name when the ticker is also present', () => {
    expect(ids('Stellar and XLM')).toEqual(['stellar']);
  });
});
