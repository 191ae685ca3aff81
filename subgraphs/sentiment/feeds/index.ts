/** The feed reader: RSS/Atom parsing, HTML to text, de-duplication keys, and one feed's poller. */
export { decodeEntities, htmlToText } from './html';
export {
  dedupe,
  FeedParseError,
  hashText,
  normaliseUrl,
  parseFeed,
  type FeedItem,
  type ParsedFeed,
  type SkippedItem,
} from './parse';
export {
  backoffDelay,
  conditionalHeaders,
  DEFAULT_POLL_POLICY,
  initialFeedState,
  isDue,
  onFailure,
  onNotModified,
  onUpdated,
  parseRetryAfter,
  pollFeed,
  type FeedState,
  type PollDeps,
  type PollPolicy,
  type PollResult,
} from './poller';
