import type { Admin, Kafka, Producer } from 'kafkajs';
import { kafkaError, missingTopicsError } from './kafka-errors.js';
import type { OutgoingMessage } from './job-message.js';

/** Largest request we build: well under the broker's default 1 MB per batch. */
export const MAX_REQUEST_BYTES = 512 * 1024;

/** About what a message adds to a request. */
export function messageBytes(m: OutgoingMessage): number {
  return m.value.length + m.key.length + 200;
}

/**
 * Lists the cluster's topics. A metadata answer can carry a transient error for a
 * topic that is being created right then (by anyone), which kafkajs does not retry.
 */
export async function listTopics(admin: Admin): Promise<Set<string>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return new Set(await admin.listTopics());
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

/** Rejects with `not_found` naming every topic that does not exist. */
export async function checkTopics(kafka: Kafka, topics: readonly string[], brokers: string): Promise<void> {
  const admin = kafka.admin();
  let existing: Set<string>;
  try {
    await admin.connect();
    existing = await listTopics(admin);
  } catch (error) {
    throw kafkaError(error, 'metadata request', brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) throw missingTopicsError(missing, brokers);
}

/** Sends messages with acks from all in-sync replicas, in requests of at most ~512 KB, in order. */
export async function sendMessages(producer: Producer, topic: string, messages: readonly OutgoingMessage[], brokers: string): Promise<void> {
  let start = 0;
  while (start < messages.length) {
    let end = start;
    let bytes = 0;
    while (end < messages.length && (end === start || bytes < MAX_REQUEST_BYTES)) {
      bytes += messageBytes(messages[end++]!);
    }
    try {
      await producer.send({ topic, messages: messages.slice(start, end), acks: -1 });
    } catch (error) {
      throw kafkaError(error, `publish to "${topic}"`, brokers);
    }
    start = end;
  }
}
