import { WebhookDeliveryError, type DeliveryJob } from '@webhooks/core';
import { kafkaError } from './kafka-errors.js';
import { decodeJob, KAFKA_HEADERS, readHeader } from './job-message.js';
import { resolveConnection, type KafkaConnectionOptions } from './kafka-transport-options.js';
import { kafkaTopicNames, type TopicNameOptions } from './topic-names.js';

/** A message of the dead-letter topic. */
export interface DeadLetter {
  job: DeliveryJob;
  reason: string;
  /** When it was written (ms since epoch). */
  deadAt: number;
  partition: number;
  offset: string;
}

/** Options of `replayDeadLetters`. */
export interface ReplayDeadLettersOptions extends KafkaConnectionOptions, TopicNameOptions {
  /**
   * Sends one dead letter again, e.g. `(l) => transport.publish([{ ...l.job, attempt: 1 }])`,
   * or `(l) => webhooks.replay(l.job.deliveryId)` to go through the delivery log.
   */
  replay: (letter: DeadLetter) => Promise<unknown>;
  /** Which letters to replay; the others are passed over. Default: all. */
  filter?: (letter: DeadLetter) => boolean;
  /** Consumer group that remembers how far replays got. Default `<prefix>.dead-replay`; a new id scans from the start. */
  groupId?: string;
  /** Longest time to read up to the end of the topic. Default 60 000. */
  timeoutMs?: number;
}

/**
 * Reads the dead-letter topic from where the last replay stopped up to its end as it
 * was at the call, hands each letter that passes `filter` to `replay`, and commits as
 * it goes. Resolves with how many letters were replayed and passed over.
 *
 * @example
 * await replayDeadLetters({ brokers, prefix: 'shop', filter: (l) => l.job.endpoint === 'crm',
 *   replay: (l) => transport.publish([{ ...l.job, attempt: 1 }]) });
 */
export async function replayDeadLetters(options: ReplayDeadLettersOptions): Promise<{ replayed: number; skipped: number }> {
  const { kafka, brokers } = resolveConnection(options);
  const topic = kafkaTopicNames(options).deadLetter;
  const groupId = options.groupId ?? `${options.prefix ?? 'webhooks'}.dead-replay`;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const admin = kafka.admin();
  const end = new Map<number, number>();
  try {
    await admin.connect();
    const [highs, [group]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const committed = new Map(group!.partitions.map((p) => [p.partition, Number(p.offset)]));
    for (const { partition, high, low } of highs) {
      const from = Math.max(committed.get(partition) ?? -1, Number(low));
      if (from < Number(high)) end.set(partition, Number(high));
    }
  } catch (error) {
    throw kafkaError(error, `reading offsets of "${topic}"`, brokers);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const counts = { replayed: 0, skipped: 0 };
  if (end.size === 0) return counts;

  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500, allowAutoTopicCreation: false });
  let finish!: (error?: unknown) => void;
  const finished = new Promise<void>((resolve, reject) => (finish = (error) => (error ? reject(error) : resolve())));
  const timer = setTimeout(() => finish(new WebhookDeliveryError('timeout', `replaying "${topic}" took longer than ${timeoutMs} ms`)), timeoutMs);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, pause }) => {
        const stopAt = end.get(batch.partition) ?? 0;
        let last: string | undefined;
        for (const message of batch.messages) {
          if (Number(message.offset) >= stopAt) break;
          const letter: DeadLetter = {
            job: decodeJob(message.value),
            reason: readHeader(message.headers, KAFKA_HEADERS.reason) ?? '',
            deadAt: Number(readHeader(message.headers, KAFKA_HEADERS.deadAt) ?? 0),
            partition: batch.partition,
            offset: message.offset,
          };
          if (options.filter && !options.filter(letter)) counts.skipped++;
          else {
            await options.replay(letter);
            counts.replayed++;
          }
          resolveOffset(message.offset);
          last = message.offset;
        }
        if (last !== undefined) {
          await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition: batch.partition, offset: String(Number(last) + 1) }] }] });
          if (Number(last) + 1 >= stopAt) {
            end.delete(batch.partition);
            pause();
          }
        }
        if (end.size === 0) finish();
      },
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => finish(payload.error));
    await finished;
  } catch (error) {
    throw kafkaError(error, `replaying "${topic}"`, brokers);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
  }
  return counts;
}
