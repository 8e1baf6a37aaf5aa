import { kafkaTopicNames } from '@webhooks/kafka';
import { Kafka, logLevel } from 'kafkajs';

/** Measures a consumer group's lag; `close()` disconnects its admin client. */
export interface LagMeter {
  /** The lag, or `Infinity` while the broker cannot tell (restarting, coordinator moving): never "drained" by mistake. */
  lag(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Lag of the workers' group over the deliveries and retry topics: messages after the group's
 * committed offset (from the start of the topic when nothing is committed). The dead-letter
 * topic has no consumer and is left out.
 *
 * @example
 * const meter = createLagMeter({ brokers, prefix, groupId, retryTiers });
 * if ((await meter.lag()) === 0) console.log('the group has committed everything');
 */
export function createLagMeter(options: { brokers: string[]; prefix: string; groupId: string; retryTiers: number[] }): LagMeter {
  const names = kafkaTopicNames({ prefix: options.prefix, retryTiers: options.retryTiers });
  const topics = [names.deliveries, ...names.retries.map((r) => r.topic)];
  const admin = new Kafka({ clientId: 'torture-lag', brokers: options.brokers, logLevel: logLevel.NOTHING }).admin();
  let connected: Promise<void> | undefined;

  const measure = async (): Promise<number> => {
    await (connected ??= admin.connect());
    const committed = await admin.fetchOffsets({ groupId: options.groupId, topics });
    let lag = 0;
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const partitions = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const end of ends) {
        const offset = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
        lag += Math.max(0, Number(end.high) - (offset >= 0 ? offset : Number(end.low)));
      }
    }
    return lag;
  };

  return {
    async lag() {
      try {
        return await measure();
      } catch (err) {
        // A broker restart (someone else's test, a deploy) is not the library's fault: ask again next time.
        console.error(`[torture] consumer lag unknown for now: ${(err as Error).message}`);
        connected = undefined;
        await admin.disconnect().catch(() => undefined);
        return Number.POSITIVE_INFINITY;
      }
    },
    async close() {
      if (connected) await admin.disconnect().catch(() => undefined);
    },
  };
}
