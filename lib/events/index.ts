import type { Logger } from '../logger';
import type { EventBus } from './bus';
import { KafkaBus } from './kafka';
import { MemoryBus } from './memory';

export * from './bus';
export * from './topics';
export { KafkaBus } from './kafka';
export { MemoryBus } from './memory';

/** Kafka when brokers are configured, otherwise the in-process bus (embedded mode). */
export function createEventBus(brokers: string[] | undefined, clientId: string, log: Logger): EventBus {
  return brokers?.length ? new KafkaBus({ brokers, clientId, log }) : new MemoryBus(log);
}
