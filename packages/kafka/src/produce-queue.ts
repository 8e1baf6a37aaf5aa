import type { Producer } from 'kafkajs';
import type { OutgoingMessage } from './job-message.js';
import { kafkaError } from './kafka-errors.js';
import { MAX_REQUEST_BYTES, messageBytes, sendMessages } from './kafka-io.js';

/** One caller's messages, waiting for the request that carries them. */
interface Waiting {
  topic: string;
  messages: readonly OutgoingMessage[];
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Sends what many callers publish at about the same time in one produce request: while a
 * request is out, the messages that arrive wait and go together in the next, as a database
 * groups commits. A caller's promise settles when the broker acknowledged the request that
 * carried its messages (acks from all in-sync replicas), so publishing stays durable; one
 * request per job (kafkajs queues them one at a time behind the idempotent producer) capped a
 * process at about a thousand jobs a second and cost ~0.5 ms of CPU each.
 *
 * Each caller's messages stay together and in order. If the broker refuses a request of several
 * callers for what it holds (a message too large, an invalid record, a topic not allowed), each
 * caller's messages are sent again on their own, so only those it refuses fail (a request partly
 * written before the refusal may leave duplicates: at least once). Any other failure (no broker,
 * a timeout, retries used up) fails every caller of the request at once.
 *
 * @example
 * const queue = new ProduceQueue(producer, 'kafka-1:9092');
 * await queue.send('shop.deliveries', messages);
 */
export class ProduceQueue {
  private readonly waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly producer: Producer,
    private readonly brokers: string,
  ) {}

  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    let bytes = 0;
    for (const m of messages) bytes += messageBytes(m);
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ topic, messages, bytes, resolve, reject });
      this.running ??= this.run();
    });
  }

  /** Resolves once nothing waits and no request is out. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async run(): Promise<void> {
    // Callers in the same turn of the event loop join the first request.
    await null;
    while (this.waiting.length > 0) await this.write(this.take());
    this.running = undefined;
  }

  /** The oldest callers, up to about one request's worth of bytes (at least one caller). */
  private take(): Waiting[] {
    let count = 0;
    let bytes = 0;
    while (count < this.waiting.length && (count === 0 || bytes + this.waiting[count]!.bytes <= MAX_REQUEST_BYTES)) {
      bytes += this.waiting[count]!.bytes;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) {
      const [only] = batch as [Waiting];
      // On its own a caller's messages may need several requests: sendMessages splits them, in order.
      return sendMessages(this.producer, only.topic, only.messages, this.brokers).then(only.resolve, only.reject);
    }
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const { topic, messages } of batch) {
      let list = byTopic.get(topic);
      if (!list) byTopic.set(topic, (list = []));
      for (const m of messages) list.push(m);
    }
    try {
      await this.producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
    } catch (error) {
      if (refusedContent(error)) {
        // Which caller's messages the broker refused is not known: each is sent again alone.
        for (const one of batch) await this.write([one]);
      } else {
        // Unreachable, timed out or out of retries: each caller alone would only wait as long again.
        const failure = kafkaError(error, `publish to ${[...byTopic.keys()].map((topic) => `"${topic}"`).join(', ')}`, this.brokers);
        for (const { reject } of batch) reject(failure);
      }
      return;
    }
    for (const { resolve } of batch) resolve();
  }
}

/** The broker refused what a request holds (a protocol error it will not retry), not the connection: found in the error or what it wraps. */
function refusedContent(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const e = error as { name?: string; retriable?: boolean; errors?: unknown[]; cause?: unknown; originalError?: unknown };
  if (e.name === 'KafkaJSProtocolError' && e.retriable === false) return true;
  return [...(Array.isArray(e.errors) ? e.errors : []), e.cause, e.originalError].some((inner) => refusedContent(inner, depth + 1));
}
