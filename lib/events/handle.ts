import type { Logger } from '../logger';
import type { ConsumerOptions, DeadLetter, MessageMeta } from './bus';
import { decodeEvent, type TopicName } from './topics';

/**
 * What both bus implementations do with one delivered message: validate it, run the handler
 * with bounded retries, and hand anything that cannot be processed to the dead-letter sink.
 * Resolves once the message is done with (handled or dead-lettered); rejects only when the
 * dead-letter sink itself fails, so the transport redelivers instead of losing the message.
 */
export async function processMessage<T extends TopicName>(
  options: ConsumerOptions<T>,
  raw: string | null,
  meta: MessageMeta,
  deadLetter: (letter: DeadLetter) => Promise<void>,
  log?: Logger,
): Promise<void> {
  const decoded = decodeEvent(options.topic, raw);
  if (!decoded.ok) {
    log?.warn(
      { topic: meta.topic, offset: meta.offset, error: decoded.error },
      'poison message sent to the dead-letter topic',
    );
    await deadLetter({ sourceTopic: meta.topic, key: meta.key, value: raw, error: decoded.error });
    return;
  }
  const attempts = Math.max(1, options.maxAttempts ?? 3);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await options.handler(decoded.event, meta);
      return;
    } catch (err) {
      lastError = err;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
  const error = `handler failed after ${attempts} attempts: ${(lastError as Error)?.message ?? String(lastError)}`;
  log?.error({ topic: meta.topic, offset: meta.offset, error }, 'message dead-lettered');
  await deadLetter({ sourceTopic: meta.topic, key: meta.key, value: raw, error });
}
