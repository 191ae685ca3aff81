/** The sentiment core: pure functions over plain data (no I/O). */
export {
  compound,
  explainText,
  scoreDocument,
  scoreText,
  TITLE_WEIGHT,
  type SentimentResult,
} from './scorer';
export { classOf, labelFor, LABEL_THRESHOLDS, type SentimentClass, type SentimentLabel } from './labels';
export { CLASSES, evaluate, parseLabelledCsv, type Evaluation, type LabelledText } from './evaluate';
export {
  buildCoinLinker,
  DEFAULT_ALIASES,
  type CatalogCoin,
  type CoinLinker,
  type CoinMention,
  type LinkerOptions,
  type MatchKind,
} from './link';
export {
  aggregateByCoin,
  aggregateWindow,
  isSentimentWindow,
  SENTIMENT_WINDOWS,
  WINDOWS,
  type AggregateOptions,
  type AggregateScore,
  type CoinDocument,
  type ScoredDocument,
  type SentimentWindow,
} from './aggregate';
export {
  DEFAULT_VOLATILITY_BASELINE,
  MARKET_INDEX_WEIGHTS,
  marketSentimentIndex,
  moodFor,
  type MarketIndex,
  type MarketIndexInput,
  type MarketIndexOptions,
  type MarketMood,
} from './market-index';
