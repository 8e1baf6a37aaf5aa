import { WebhookDeliveryError, type DeliveryJob } from '@webhooks/core';
import type { KeyedRunner } from '@webhooks/core/adapter';
import type { Consumer, EachBatchPayload, KafkaMessage } from 'kafkajs';
import { kafkaError } from './kafka-errors.js';
import { decodeJob, KAFKA_HEADERS, readHeader } from './job-message.js';
import type { ResolvedKafkaTransportOptions } from './kafka-transport-options.js';
import { PartitionOffsets } from './partition-offsets.js';

/** One message taken from a partition, waiting for or running in the handler. */
export interface Work {
  topic: string;
  partition: number;
  offset: number;
  job: DeliveryJob;
  /** It may have been handled by a worker that died (see `JobContext.redelivered`). */
  redelivered?: boolean;
  /** Where its offset is marked done (dropped with the partition when it goes to another worker). */
  offsets?: PartitionOffsets;
}

export interface PartitionConsumerOptions {
  options: ResolvedKafkaTransportOptions;
  runner: KeyedRunner<Work>;
  isOpen: () => boolean;
}

const tp = (topic: string, partition: number) => `${topic}|${partition}`;
const CLOCK_SKEW_MS = 5000;

/**
 * The worker side of the transport: one kafkajs consumer in the group, subscribed to
 * the deliveries topic and every retry topic. Fetched messages go to the keyed runner
 * and their offsets are resolved at once so fetching goes on; commits follow the
 * runner, up to the first offset not done. A retry partition whose head is not due
 * is paused until it is.
 */
export class PartitionConsumer {
  private consumer: Consumer | undefined;
  private readonly offsets = new Map<string, PartitionOffsets>();
  /** Partitions of the latest assignment; a batch fetched for another one (before a rebalance) is left alone. */
  private assigned = new Set<string>();
  private readonly retryTopics: Set<string>;
  private readonly dueTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private commitTimer: ReturnType<typeof setInterval> | undefined;
  private committing: Promise<void> | undefined;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  /**
   * When this member last got its partitions. A message produced before then may have been
   * handled by the member that had the partition and died before committing it.
   */
  private assignedAt = 0;

  constructor(private readonly config: PartitionConsumerOptions) {
    this.retryTopics = new Set(config.options.topics.retries.map((r) => r.topic));
  }

  /** Joins the group; resolves once this member has its assignment. */
  async start(): Promise<void> {
    await this.startConsumer();
    this.commitTimer = setInterval(() => void this.commit(), this.config.options.commitIntervalMs);
  }

  /** Stops fetching (close() then waits for handlers in flight). */
  pauseAll(): void {
    for (const timer of this.dueTimers.values()) clearTimeout(timer);
    this.dueTimers.clear();
    const { topics } = this.config.options;
    try {
      this.consumer?.pause([topics.deliveries, ...this.retryTopics].map((topic) => ({ topic })));
    } catch {
      // Not running (between a crash and its restart): nothing is fetched anyway.
    }
  }

  /** Commits what is done, leaves the group, disconnects. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.commitTimer);
    clearTimeout(this.restartTimer);
    for (const timer of this.dueTimers.values()) clearTimeout(timer);
    await this.committing;
    await this.commit();
    await this.consumer?.disconnect().catch((error) => this.config.options.onError(error, 'consumer disconnect'));
  }

  private async startConsumer(): Promise<void> {
    const { options } = this.config;
    const consumer = options.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeout,
      heartbeatInterval: Math.min(3000, Math.floor(options.sessionTimeout / 3)),
      maxWaitTimeInMs: options.maxWaitTimeInMs,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    let joined!: () => void;
    let failed!: (error: unknown) => void;
    const joining = new Promise<void>((resolve, reject) => {
      joined = resolve;
      failed = reject;
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      this.assign(payload.memberAssignment);
      joined();
    });
    consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
      for (const { topic, partitions } of payload.topics) {
        for (const { partition, offset } of partitions) {
          const offsets = this.offsets.get(tp(topic, Number(partition)));
          if (offsets) offsets.confirmed = Math.max(offsets.confirmed ?? 0, Number(offset));
        }
      }
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      options.onError(payload.error, `consumer of group "${options.groupId}" crashed; ${payload.restart || this.stopped ? 'kafkajs restarts it' : 'starting a new one'}`);
      failed(payload.error);
      // kafkajs restarts on retriable errors by itself; after any other crash we start a fresh consumer.
      if (!payload.restart && !this.stopped) this.restartTimer = setTimeout(() => void this.restart(consumer), 2000);
    });
    const timeout = setTimeout(
      () => failed(new WebhookDeliveryError('timeout', `no assignment from consumer group "${options.groupId}" within ${options.joinTimeoutMs} ms`)),
      options.joinTimeoutMs,
    );
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [options.topics.deliveries, ...this.retryTopics], fromBeginning: options.fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.onBatch(payload),
      });
      await joining;
    } finally {
      clearTimeout(timeout);
    }
  }

  private async restart(old: Consumer): Promise<void> {
    if (this.stopped || this.consumer !== old) return;
    await old.disconnect().catch(() => undefined);
    try {
      await this.startConsumer();
    } catch (error) {
      // Keep trying: a worker that stopped consuming for good would sit there silently.
      this.config.options.onError(error, `restarting the consumer of group "${this.config.options.groupId}" failed; trying again in 5 s`);
      const failed = this.consumer!;
      if (!this.stopped) this.restartTimer = setTimeout(() => void this.restart(failed), 5000);
    }
  }

  /** A new assignment: forget partitions that went to another worker; their jobs not started are theirs now. */
  private assign(assignment: Record<string, number[]>): void {
    this.assignedAt = Date.now();
    const owned = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => tp(topic, p))));
    this.assigned = owned;
    for (const key of [...this.offsets.keys()]) {
      if (owned.has(key)) continue;
      this.offsets.delete(key);
      const timer = this.dueTimers.get(key);
      if (timer) {
        clearTimeout(timer);
        this.dueTimers.delete(key);
      }
    }
    // Messages of partitions gone to another worker that have not started are left to it.
    this.config.runner.remove((work) => !owned.has(tp(work.topic, work.partition)));
  }

  private async onBatch({ batch, resolveOffset, heartbeat, pause, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { topic, partition } = batch;
    const key = tp(topic, partition);
    if (!this.assigned.has(key)) return;
    let offsets = this.offsets.get(key);
    if (!offsets) this.offsets.set(key, (offsets = new PartitionOffsets()));
    const retry = this.retryTopics.has(topic);
    let last: string | undefined;
    for (const message of batch.messages) {
      if (!this.config.isOpen() || !isRunning() || isStale()) break;
      if (retry && this.holdUntilDue(key, message, pause)) break;
      last = message.offset;
      const offset = Number(message.offset);
      if (!offsets.accept(offset)) continue;
      let job;
      try {
        job = decodeJob(message.value, message.headers);
      } catch (error) {
        // Not a job (written by something else): nothing to deliver; report and move on.
        this.config.options.onError(error, `skipped ${topic}[${partition}] offset ${offset}: not a delivery job`);
        offsets.complete(offset);
        continue;
      }
      // Producers' clocks may lag this one: a margin makes more messages checked, never fewer.
      const redelivered = Number(message.timestamp) < this.assignedAt + CLOCK_SKEW_MS;
      this.config.runner.push({ topic, partition, offset, job, offsets, ...(redelivered ? { redelivered } : {}) });
    }
    // The next fetch starts after what was taken; what is committed follows the runner.
    if (last !== undefined) resolveOffset(last);
    await this.waitForRoom(heartbeat);
  }

  /** True (and the partition paused until then) when a retry message is not due yet. */
  private holdUntilDue(key: string, message: KafkaMessage, pause: () => () => void): boolean {
    const notBefore = Number(readHeader(message.headers, KAFKA_HEADERS.notBefore) ?? 0);
    const wait = notBefore - Date.now();
    if (!(wait > 0)) return false;
    const resume = pause();
    clearTimeout(this.dueTimers.get(key));
    this.dueTimers.set(
      key,
      setTimeout(() => {
        this.dueTimers.delete(key);
        try {
          resume();
        } catch {
          // The consumer restarted meanwhile; its fresh state is not paused.
        }
      }, wait),
    );
    return true;
  }

  /** Back-pressure: fetching waits while the runner holds `maxBuffered` messages; heartbeats go on meanwhile. */
  private async waitForRoom(heartbeat: () => Promise<void>): Promise<void> {
    const { runner, options, isOpen } = this.config;
    const full = () => runner.waiting + runner.inFlight >= options.maxBuffered;
    while (isOpen() && full()) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        runner.until(() => !full() || !isOpen()),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000))),
      ]);
      clearTimeout(timer);
      try {
        await heartbeat();
      } catch {
        return; // a rebalance: let kafkajs rejoin
      }
    }
  }

  /** Commits every partition's done prefix that the broker has not confirmed yet; one commit at a time. */
  private commit(): Promise<void> {
    if (this.committing) return this.committing;
    const entries = [...this.offsets].flatMap(([key, offsets]) => {
      const point = offsets.uncommitted();
      if (point === undefined) return [];
      const split = key.lastIndexOf('|');
      return [{ topic: key.slice(0, split), partition: Number(key.slice(split + 1)), offset: String(point) }];
    });
    if (entries.length === 0 || !this.consumer) return Promise.resolve();
    const { options } = this.config;
    this.committing = (async () => {
      try {
        await this.consumer!.commitOffsets(entries);
      } catch (error) {
        options.onError(kafkaError(error, `offset commit for group "${options.groupId}"`, options.brokers), 'offset commit; retried at the next interval');
      } finally {
        this.committing = undefined;
      }
    })();
    return this.committing;
  }
}
