import { ensureKafkaTopics, kafkaTopicNames } from '@webhooks/kafka';
import { Kafka, logLevel } from 'kafkajs';
import type { TransportSpec } from '../stack/stack-options.js';

type KafkaSpec = Extract<TransportSpec, { kind: 'kafka' }>;

/** Partitions of a combination's deliveries and retry topics. */
const PARTITIONS = 3;

/** Attempts at creating the topics, and the pause between them: a broker that is restarting gets about 30 s. */
const ATTEMPTS = 6;
const PAUSE_MS = 5000;

/**
 * Creates a combination's topics with `ensureKafkaTopics`, as a deployment would before starting
 * workers. A broker that does not answer fails here, after kafkajs's own retries and a few more
 * attempts (a broker restarting is not a broker missing).
 *
 * @example
 * await createKafkaTopics({ kind: 'kafka', brokers, prefix: 'torture.x1.3', groupId, retryTiers: [500, 2000] });
 */
export async function createKafkaTopics(spec: KafkaSpec): Promise<void> {
  const kafka = new Kafka({ clientId: 'torture-setup', brokers: spec.brokers, logLevel: logLevel.NOTHING });
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureKafkaTopics({ kafka, prefix: spec.prefix, retryTiers: spec.retryTiers, partitions: PARTITIONS });
      return;
    } catch (err) {
      if (attempt >= ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  }
}

/** Deletes a combination's topics and consumer group (best effort: a leftover only costs broker disk). */
export async function deleteKafkaTopics(spec: KafkaSpec): Promise<void> {
  const admin = new Kafka({ clientId: 'torture-cleanup', brokers: spec.brokers, logLevel: logLevel.NOTHING }).admin();
  try {
    await admin.connect();
    await admin.deleteGroups([spec.groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics: [...kafkaTopicNames(spec).all] });
  } catch {
    // Nothing to do: the prefix is unique, so leftovers never disturb a later run.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
