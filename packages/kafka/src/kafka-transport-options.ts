import { WebhookConfigError, WebhookError, type ConfigIssue, type WebhooksInstrumentation } from '@webhooks/core';
import { checkMilliseconds, checkPositiveIntegers } from '@webhooks/core/adapter';
import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import { kafkaTopicNames, type KafkaTopicNames, type TopicNameOptions } from './topic-names.js';

/** How to reach the cluster: a kafkajs client you configured, or broker addresses. */
export interface KafkaConnectionOptions {
  /** A kafkajs client (its own retry, SSL, SASL and logging settings apply). */
  kafka?: Kafka;
  /** Broker addresses, `host:port` (a list, or comma-separated), used when `kafka` is not given. */
  brokers?: string | readonly string[];
  /** Client id for a client created from `brokers`. Default `webhooks`. */
  clientId?: string;
  /** kafkajs retry settings for a client created from `brokers`. Default: about 35 s of retries, enough for a broker restart. */
  retry?: RetryOptions;
}

/**
 * Options of `createKafkaTransport`; only a connection is required.
 *
 * @example
 * createKafkaTransport({ brokers: 'kafka-1:9092', prefix: 'shop', groupId: 'shop-webhooks', concurrency: 32 });
 */
export interface KafkaTransportOptions extends KafkaConnectionOptions, TopicNameOptions {
  /** Consumer group of the workers; every worker process uses the same. Default `<prefix>.workers`. */
  groupId?: string;
  /**
   * Handlers running at once in this process, over all partitions (one key at a time): deliveries in
   * flight, each waiting for its receiver. Default 1000, as the memory transport: at receivers' mean
   * answer time `t` seconds, a process sends at most `concurrency / t` requests a second.
   */
  concurrency?: number;
  /**
   * Handlers one endpoint's jobs hold at once. Its other messages wait in the buffer, in order and
   * without a slot, so a hanging endpoint cannot take the slots of the others. Default 32, the undici
   * sender's connections per origin.
   */
  endpointConcurrency?: number;
  /** Messages fetched and not yet done (running or waiting) before fetching pauses. Default 5000. */
  maxBuffered?: number;
  /** Delay before a job whose handler rejected runs again (its offset is not committed meanwhile). Default 1000. */
  redeliveryDelayMs?: number;
  /** How often finished offsets are committed. Default 500. */
  commitIntervalMs?: number;
  /** How long `close()` waits for handlers in flight when called without `timeoutMs`. Default 10 000. */
  closeTimeoutMs?: number;
  /** Longest broker wait of an empty fetch; bounds how late a resumed retry partition is read and how long shutdown takes. Default 500. */
  maxWaitTimeInMs?: number;
  /** Consumer session timeout. Default 30 000. */
  sessionTimeout?: number;
  /** A new group starts at the oldest message (no job published before the first worker is lost). Default true. */
  fromBeginning?: boolean;
  /** Idempotent producer (no duplicates from producer retries; needs acks from all replicas). Default true. */
  idempotent?: boolean;
  /** How long `consume()` waits to join the group. Default 60 000. */
  joinTimeoutMs?: number;
  /**
   * Told about errors the transport handles itself by retrying or skipping: a handler
   * that rejected, a failed commit, a consumer crash, a message that is not a job.
   * `context` says what was being done. Default: `console.error`.
   */
  onError?: (error: unknown, context: string) => void;
  /**
   * Tracing hooks (`createWebhooksTelemetry()` from `@webhooks/otel`, the object given to
   * `createWebhooks`): a span per write to a topic and per message handled. Default none.
   */
  instrumentation?: WebhooksInstrumentation;
}

export interface ResolvedKafkaTransportOptions {
  kafka: Kafka;
  brokers: string;
  topics: KafkaTopicNames;
  groupId: string;
  concurrency: number;
  endpointConcurrency: number;
  maxBuffered: number;
  redeliveryDelayMs: number;
  commitIntervalMs: number;
  closeTimeoutMs: number;
  maxWaitTimeInMs: number;
  sessionTimeout: number;
  fromBeginning: boolean;
  idempotent: boolean;
  joinTimeoutMs: number;
  onError: (error: unknown, context: string) => void;
  instrumentation?: WebhooksInstrumentation;
}

/** Retries that outlast a broker restart of about 25 s: 0.3 + 0.6 + 1.2 + 2.4 + 4.8 + 5 × 5 s. */
export const DEFAULT_KAFKA_RETRY: RetryOptions = Object.freeze({ retries: 10, initialRetryTime: 300, maxRetryTime: 5000 });

/** A kafkajs client from `kafka` or `brokers`, and the broker list for messages. */
export function resolveConnection(options: KafkaConnectionOptions, issues: ConfigIssue[] = []): { kafka: Kafka; brokers: string } {
  if (options.kafka) return { kafka: options.kafka, brokers: brokerList(options.brokers) || 'of the given kafka client' };
  const brokers = typeof options.brokers === 'string' ? options.brokers.split(',') : [...(options.brokers ?? [])];
  const list = brokers.map((b) => b.trim()).filter(Boolean);
  if (list.length === 0) {
    issues.push({ path: 'brokers', message: 'must list at least one host:port (or pass a kafkajs client as kafka)' });
    return { kafka: undefined as unknown as Kafka, brokers: '' };
  }
  const kafka = new Kafka({
    clientId: options.clientId ?? 'webhooks',
    brokers: list,
    retry: options.retry ?? DEFAULT_KAFKA_RETRY,
    logLevel: logLevel.ERROR,
  });
  return { kafka, brokers: list.join(',') };
}

function brokerList(brokers: KafkaConnectionOptions['brokers']): string {
  return typeof brokers === 'string' ? brokers : (brokers ?? []).join(',');
}

/** Applies defaults and rejects impossible values at creation, naming each option that is wrong. */
export function resolveKafkaTransportOptions(options: KafkaTransportOptions): ResolvedKafkaTransportOptions {
  if (typeof options !== 'object' || options === null) {
    throw new WebhookError('invalid_argument', 'createKafkaTransport needs options with brokers or a kafka client');
  }
  const issues: ConfigIssue[] = [];
  const { kafka, brokers } = resolveConnection(options, issues);
  const prefix = options.prefix ?? 'webhooks';
  const resolved: ResolvedKafkaTransportOptions = {
    kafka,
    brokers,
    topics: kafkaTopicNames(options),
    groupId: options.groupId ?? `${prefix}.workers`,
    concurrency: options.concurrency ?? 1000,
    endpointConcurrency: options.endpointConcurrency ?? 32,
    maxBuffered: options.maxBuffered ?? 5000,
    redeliveryDelayMs: options.redeliveryDelayMs ?? 1000,
    commitIntervalMs: options.commitIntervalMs ?? 500,
    closeTimeoutMs: options.closeTimeoutMs ?? 10_000,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 500,
    sessionTimeout: options.sessionTimeout ?? 30_000,
    fromBeginning: options.fromBeginning ?? true,
    idempotent: options.idempotent ?? true,
    joinTimeoutMs: options.joinTimeoutMs ?? 60_000,
    onError: options.onError ?? ((error, context) => console.error(`[@webhooks/kafka] ${context}:`, error)),
  };
  if (options.instrumentation !== undefined) resolved.instrumentation = options.instrumentation;
  if (!/^[A-Za-z0-9._-]+$/.test(prefix)) issues.push({ path: 'prefix', message: `must use only letters, digits, ".", "_" and "-", got "${prefix}"` });
  if (!resolved.groupId) issues.push({ path: 'groupId', message: 'must not be empty' });
  checkPositiveIntegers(issues, resolved, ['concurrency', 'endpointConcurrency', 'maxBuffered']);
  checkMilliseconds(issues, resolved, ['redeliveryDelayMs', 'commitIntervalMs', 'closeTimeoutMs', 'maxWaitTimeInMs', 'sessionTimeout', 'joinTimeoutMs']);
  const tiers = options.retryTiers;
  if (tiers !== undefined) {
    if (!Array.isArray(tiers) || tiers.length === 0) issues.push({ path: 'retryTiers', message: 'must list at least one delay in ms' });
    else tiers.forEach((t, i) => {
      if (!Number.isSafeInteger(t) || t <= 0) issues.push({ path: `retryTiers[${i}]`, message: `must be a positive integer of ms, got ${t}` });
    });
    if (new Set(resolved.topics.retries.map((r) => r.topic)).size !== resolved.topics.retries.length) {
      issues.push({ path: 'retryTiers', message: 'must not repeat a delay' });
    }
  }
  if (issues.length > 0) throw new WebhookConfigError(issues);
  return resolved;
}
