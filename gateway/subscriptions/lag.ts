import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { MessageMeta, TopicName } from '../../lib/events';
import type { Logger } from '../../lib/logger';

/**
 * Consumer lag of the bridge's broadcast consumers: the topic's high watermark minus the
 * bridge's position, per partition. The bus hides its consumers, so the bridge reports each
 * offset it handles (`observe`) and an admin client polls the watermarks. Before a partition
 * delivers anything, the position is the watermark seen at the first poll (the consumers
 * start at the end of the log), so events the bridge never received still count as lag.
 */
export class ConsumerLagMonitor {
  private readonly admin: Admin;
  private connected?: Promise<void>;
  private readonly positions = new Map<string, number>();
  private readonly lags = new Map<string, { topic: string; partition: number; lag: number }>();
  private timer?: NodeJS.Timeout;

  constructor(
    brokers: string[],
    private readonly topics: readonly TopicName[],
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
  ) {
    this.admin = new Kafka({
      clientId: 'gateway-lag',
      brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 1 },
    }).admin();
  }

  start(): void {
    const tick = () =>
      void this.poll().finally(() => (this.timer = setTimeout(tick, this.intervalMs).unref()));
    tick();
  }

  observe(meta: MessageMeta): void {
    const key = `${meta.topic}:${meta.partition}`;
    this.positions.set(key, Math.max(this.positions.get(key) ?? 0, Number(meta.offset) + 1));
  }

  /** The last computed lag per topic partition (empty until the first successful poll). */
  current(): { topic: string; partition: number; lag: number }[] {
    return [...this.lags.values()];
  }

  async poll(): Promise<void> {
    try {
      this.connected ??= this.admin.connect();
      await this.connected;
      for (const topic of this.topics) {
        for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
          const key = `${topic}:${partition}`;
          const watermark = Number(high);
          if (!this.positions.has(key)) this.positions.set(key, watermark);
          this.lags.set(key, { topic, partition, lag: Math.max(0, watermark - this.positions.get(key)!) });
        }
      }
    } catch (err) {
      this.connected = undefined;
      this.log.debug({ err: (err as Error).message }, 'consumer lag poll failed');
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.timer);
    await this.admin.disconnect().catch(() => undefined);
  }
}
