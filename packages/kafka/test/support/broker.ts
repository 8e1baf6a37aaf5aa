import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { DEFAULT_KAFKA_RETRY } from '../../src/kafka-transport-options.js';
import { ensureKafkaTopics } from '../../src/ensure-kafka-topics.js';

/** The broker the integration tests use: `KAFKA_BROKERS`, default 127.0.0.1:19092. They fail, never skip, when it is absent. */
export const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';

/** A topic prefix no other test file or run uses. */
export function uniquePrefix(name: string): string {
  return `test.${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** A fresh consumer group id. */
export function uniqueGroup(name: string): string {
  return `${name}-${crypto.randomUUID()}`;
}

/** A kafkajs client for tests, quiet, with the restart-proof retry budget. */
export function testKafka(clientId = 'webhooks-test'): Kafka {
  return new Kafka({ clientId, brokers: BROKERS.split(','), retry: DEFAULT_KAFKA_RETRY, logLevel: logLevel.NOTHING });
}

/** Creates the transport's topics for a prefix (with 3 partitions unless told). */
export async function createTestTopics(prefix: string, retryTiers?: number[], partitions = 3): Promise<void> {
  await ensureKafkaTopics({ kafka: testKafka('webhooks-test-admin'), prefix, partitions, retryTiers });
}

const script = fileURLToPath(new URL('../../../../scripts/kafka.sh', import.meta.url));

/**
 * Restarts our broker with `scripts/kafka.sh restart` (keeps topics and offsets); resolves once it answers.
 * The ports come from `KAFKA_BROKERS`; the controller port from `KAFKA_CONTROLLER_PORT`, else the next one.
 */
export function restartBroker(): Promise<{ ms: number }> {
  const started = Date.now();
  const port = BROKERS.split(',')[0]!.split(':')[1]!;
  return new Promise((resolve, reject) => {
    execFile('bash', [script, 'restart'], {
      env: { ...process.env, KAFKA_PORT: port, KAFKA_CONTROLLER_PORT: process.env.KAFKA_CONTROLLER_PORT ?? String(Number(port) + 1) },
      timeout: 120_000,
    }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`kafka.sh restart failed: ${stderr}`, { cause: error }));
      else resolve({ ms: Date.now() - started });
    });
  });
}
