import { WebhookConfigError, type ConfigIssue } from '@webhooks/core';
import type { ITopicConfig } from 'kafkajs';
import { kafkaError } from './kafka-errors.js';
import { listTopics } from './kafka-io.js';
import { resolveConnection, type KafkaConnectionOptions } from './kafka-transport-options.js';
import { kafkaTopicNames, type TopicNameOptions } from './topic-names.js';

/** Options of `ensureKafkaTopics`: the same connection and topic options as the transport. */
export interface EnsureKafkaTopicsOptions extends KafkaConnectionOptions, TopicNameOptions {
  /** Partitions of the deliveries and retry topics: the most workers that can share the load. Default 12. */
  partitions?: number;
  /** Partitions of the dead-letter topic. Default 1. */
  deadLetterPartitions?: number;
  /** Copies of each partition. Default 1 (use 3 in production). */
  replicationFactor?: number;
  /** Extra topic configuration, e.g. `{ 'retention.ms': '604800000' }`. */
  configEntries?: Record<string, string>;
}

/**
 * Creates the transport's topics that do not exist yet (deliveries, one per retry
 * tier, dead letters) and resolves with the names it created. Existing topics are
 * left as they are. Run it at deploy time, or once before starting workers.
 *
 * @example
 * await ensureKafkaTopics({ brokers: 'localhost:9092', prefix: 'shop', partitions: 12, replicationFactor: 3 });
 */
export async function ensureKafkaTopics(options: EnsureKafkaTopicsOptions): Promise<string[]> {
  const issues: ConfigIssue[] = [];
  const { kafka, brokers } = resolveConnection(options, issues);
  const partitions = options.partitions ?? 12;
  const deadLetterPartitions = options.deadLetterPartitions ?? 1;
  const replicationFactor = options.replicationFactor ?? 1;
  for (const [path, value] of [['partitions', partitions], ['deadLetterPartitions', deadLetterPartitions], ['replicationFactor', replicationFactor]] as const) {
    if (!Number.isSafeInteger(value) || value < 1) issues.push({ path, message: `must be a positive integer, got ${value}` });
  }
  if (issues.length > 0) throw new WebhookConfigError(issues);

  const names = kafkaTopicNames(options);
  const configEntries = Object.entries(options.configEntries ?? {}).map(([name, value]) => ({ name, value }));
  const wanted: ITopicConfig[] = names.all.map((topic) => ({
    topic,
    numPartitions: topic === names.deadLetter ? deadLetterPartitions : partitions,
    replicationFactor,
    configEntries,
  }));
  const admin = kafka.admin();
  try {
    await admin.connect();
    const existing = await listTopics(admin);
    const missing = wanted.filter((t) => !existing.has(t.topic));
    if (missing.length > 0) await admin.createTopics({ topics: missing, waitForLeaders: true });
    return missing.map((t) => t.topic);
  } catch (error) {
    throw kafkaError(error, 'topic creation', brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
