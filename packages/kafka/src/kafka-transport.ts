import { WebhookError, type DeliveryJob, type JobHandler, type Transport } from '@webhooks/core';
import { KeyedRunner, notBeforeError, transportClosedError } from '@webhooks/core/adapter';
import { Partitioners, type Producer } from 'kafkajs';
import { checkTopics } from './kafka-io.js';
import { kafkaError } from './kafka-errors.js';
import { resolveKafkaTransportOptions, type KafkaTransportOptions, type ResolvedKafkaTransportOptions } from './kafka-transport-options.js';
import { encodeJob, KAFKA_HEADERS } from './job-message.js';
import { PartitionConsumer, type Work } from './partition-consumer.js';
import { ProduceQueue } from './produce-queue.js';
import { pickRetryTier, type KafkaTopicNames } from './topic-names.js';

/** The Kafka `Transport`, with what it adds: its topics, counters and the dead-letter topic. */
export interface KafkaTransport extends Transport {
  /** The topics this transport produces to and consumes from. */
  readonly topics: KafkaTopicNames;
  readonly groupId: string;
  /** Messages fetched by this worker and not done yet (queued or running). */
  readonly buffered: number;
  /** Handlers running now. */
  readonly inFlight: number;
  /**
   * Writes a job to the dead-letter topic with the reason. `withDeadLetterTopic()`
   * calls it for every delivery the engine declares dead.
   */
  deadLetter(job: DeliveryJob, reason: string): Promise<void>;
}

/**
 * Creates a transport over Kafka: jobs go to a deliveries topic keyed by `job.key`,
 * retries to tiered retry topics, and the workers of one consumer group share the
 * partitions. Offsets are committed only once the handler resolved, so a worker
 * that dies loses nothing; its jobs are handed to another worker.
 *
 * @example
 * const transport = createKafkaTransport({ brokers: 'localhost:9092', prefix: 'shop', groupId: 'shop-webhooks' });
 * const webhooks = createWebhooks(config, { sender, transport });
 * await webhooks.start(); // in worker processes
 */
export function createKafkaTransport(options: KafkaTransportOptions): KafkaTransport {
  return new KafkaJobTransport(resolveKafkaTransportOptions(options));
}

class KafkaJobTransport implements KafkaTransport {
  /** Accepted jobs live in the broker, not in this process. */
  readonly durable = true;
  readonly topics: KafkaTopicNames;
  readonly groupId: string;
  private readonly producer: Producer;
  /** What concurrent publishes write goes out in shared requests. */
  private readonly produce: ProduceQueue;
  private readonly runner: KeyedRunner<Work>;
  private connected: Promise<void> | undefined;
  private producerUp = false;
  private worker: PartitionConsumer | undefined;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<DeliveryJob[]> | undefined;

  constructor(private readonly options: ResolvedKafkaTransportOptions) {
    this.topics = options.topics;
    this.groupId = options.groupId;
    this.producer = options.kafka.producer({
      idempotent: options.idempotent,
      // Idempotence with more requests in flight may reorder on retry in kafkajs.
      maxInFlightRequests: options.idempotent ? 1 : undefined,
      allowAutoTopicCreation: false,
      // Java-compatible murmur2 on the key: the same key lands on the same partition as with other clients.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.produce = new ProduceQueue(this.producer, options.brokers);
    // A message whose handler rejected runs again in its place: later ones of its key wait, and
    // its offset, so the partition's commits, stay behind until it is done.
    this.runner = new KeyedRunner<Work>({
      key: (work) => work.job.key,
      group: (work) => work.job.endpoint,
      perGroup: options.endpointConcurrency,
      concurrency: options.concurrency,
      onRejected: (error, work) => {
        options.onError(error, `handler rejected ${work.job.deliveryId} (${work.topic}[${work.partition}] offset ${work.offset}); it runs again in ${options.redeliveryDelayMs} ms`);
        return options.redeliveryDelayMs;
      },
      onDone: (work) => work.offsets?.complete(work.offset),
    });
  }

  get buffered(): number {
    return this.runner.waiting + this.runner.inFlight;
  }

  get inFlight(): number {
    return this.runner.inFlight;
  }

  async publish(jobs: readonly DeliveryJob[]): Promise<void> {
    if (this.state !== 'open') throw closedError('publish');
    if (jobs.length === 0) return;
    await this.send(this.topics.deliveries, jobs, jobs.map((job) => encodeJob(job)));
  }

  async schedule(job: DeliveryJob, notBefore: number): Promise<void> {
    const invalid = notBeforeError(notBefore);
    if (invalid) throw invalid;
    // Handlers still running while close() waits may record retries: allowed until closed.
    if (this.state === 'closed') throw closedError('schedule');
    const delay = notBefore - Date.now();
    if (delay <= 0) return this.send(this.topics.deliveries, [job], [encodeJob(job)]);
    const tier = pickRetryTier(this.topics.retries, delay);
    await this.send(tier.topic, [job], [encodeJob(job, { [KAFKA_HEADERS.notBefore]: String(notBefore) })]);
  }

  async deadLetter(job: DeliveryJob, reason: string): Promise<void> {
    if (this.state === 'closed') throw closedError('deadLetter');
    const headers = { [KAFKA_HEADERS.reason]: reason.slice(0, 1000), [KAFKA_HEADERS.deadAt]: String(Date.now()) };
    await this.send(this.topics.deadLetter, [job], [encodeJob(job, headers)]);
  }

  async consume(handler: JobHandler): Promise<void> {
    if (this.state !== 'open') throw closedError('consume');
    if (this.worker) throw new WebhookError('invalid_argument', 'consume() was already called; a Kafka transport hands jobs to one handler');
    const { options } = this;
    this.worker = new PartitionConsumer({
      options,
      runner: this.runner,
      isOpen: () => this.state === 'open',
    });
    try {
      await this.connect();
      await this.worker.start();
    } catch (error) {
      const worker = this.worker;
      this.worker = undefined;
      await worker.stop().catch(() => undefined);
      throw kafkaError(error, `joining consumer group "${options.groupId}"`, options.brokers);
    }
    const instrumentation = this.options.instrumentation;
    const receive = instrumentation?.receive;
    this.runner.start((work) => {
      // `topic:partition:offset`, which the engine records on the attempt; topic names have no colon.
      const source = `${work.topic}:${work.partition}:${work.offset}`;
      const context = work.redelivered ? { redelivered: true, source } : { source };
      if (!receive) return handler(work.job, context);
      const info = { system: 'kafka', destination: work.topic, partition: work.partition, source };
      return receive.call(instrumentation, work.job, info, () => handler(work.job, context));
    });
  }

  close(options: { timeoutMs?: number } = {}): Promise<DeliveryJob[]> {
    this.closed ??= this.shutdown(options.timeoutMs ?? this.options.closeTimeoutMs);
    return this.closed;
  }

  private async shutdown(timeoutMs: number): Promise<DeliveryJob[]> {
    this.state = 'closing';
    if (this.worker) {
      this.worker.pauseAll();
      this.runner.stop();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        this.runner.until(() => this.runner.inFlight === 0),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
      await this.worker.stop();
    }
    this.state = 'closed';
    await this.produce.idle();
    if (this.producerUp) await this.producer.disconnect().catch((error) => this.options.onError(error, 'producer disconnect'));
    // Durable: whatever was not done stays in Kafka, uncommitted, for the group.
    return [];
  }

  /** Checks that every topic exists, then connects the producer; once, retried after a failure. */
  private connect(): Promise<void> {
    this.connected ??= (async () => {
      const { kafka, topics, brokers } = this.options;
      await checkTopics(kafka, topics.all, brokers);
      try {
        await this.producer.connect();
      } catch (error) {
        throw kafkaError(error, 'producer connect', brokers);
      }
      this.producerUp = true;
    })().catch((error) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  private async send(topic: string, jobs: readonly DeliveryJob[], messages: ReturnType<typeof encodeJob>[]): Promise<void> {
    const write = async () => {
      await this.connect();
      await this.produce.send(topic, messages);
    };
    const hook = this.options.instrumentation?.send;
    if (!hook) return write();
    return hook.call(this.options.instrumentation, jobs, { system: 'kafka', destination: topic }, write);
  }
}

const closedError = (operation: string) => transportClosedError('Kafka', operation);
