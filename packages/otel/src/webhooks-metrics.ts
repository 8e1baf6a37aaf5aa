import type { Attributes, BatchObservableResult, Meter } from '@opentelemetry/api';
import type { EngineEvent, OutboxBacklog } from '@webhooks/core';
import { ATTR } from './attribute-names.js';

/** What `observe()` reads when metrics are collected. */
export interface ObservedSources {
  /** The outbox (`createSequelizeOutbox(sequelize)`, `createMikroOrmOutbox(orm)`): rows waiting and the oldest one's age. */
  outbox?: { backlog(): Promise<OutboxBacklog> };
  /** An in-memory transport (`createMemoryTransport()`): jobs ready and jobs waiting for their retry time. */
  queue?: { readonly size: number; readonly delayed?: number };
  /** For the oldest row's age; default `Date.now`. */
  now?: () => number;
}

/** The instruments, created once per telemetry object. */
export class WebhooksMetrics {
  readonly #attempts;
  readonly #duration;
  readonly #deliveries;
  readonly #disabled;
  readonly #outboxRows;
  readonly #outboxAge;
  readonly #queueDepth;
  readonly #sources = new Set<ObservedSources>();

  constructor(meter: Meter) {
    this.#attempts = meter.createCounter('webhooks.attempts', { description: 'HTTP attempts made, by endpoint and outcome', unit: '{attempt}' });
    this.#duration = meter.createHistogram('webhooks.attempt.duration', {
      description: 'Duration of HTTP attempts, by endpoint and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] },
    });
    this.#deliveries = meter.createCounter('webhooks.deliveries', { description: 'Deliveries that reached a final state (succeeded, dead, held)', unit: '{delivery}' });
    this.#disabled = meter.createCounter('webhooks.endpoints.disabled', { description: 'Times an endpoint was disabled', unit: '{endpoint}' });
    this.#outboxRows = meter.createObservableGauge('webhooks.outbox.rows', { description: 'Outbox rows (transactions) waiting for the relay', unit: '{row}' });
    this.#outboxAge = meter.createObservableGauge('webhooks.outbox.oldest_age', { description: 'Age of the oldest outbox row waiting for the relay', unit: 's' });
    this.#queueDepth = meter.createObservableGauge('webhooks.queue.depth', { description: 'Jobs in the in-memory transport, ready or delayed', unit: '{job}' });
    // One backlog query per collection feeds both outbox gauges.
    meter.addBatchObservableCallback((result) => this.#observeOutbox(result), [this.#outboxRows, this.#outboxAge]);
    this.#queueDepth.addCallback((result) => {
      for (const { queue } of this.#sources) {
        if (!queue) continue;
        result.observe(queue.size, { 'webhooks.queue.state': 'ready' });
        if (queue.delayed !== undefined) result.observe(queue.delayed, { 'webhooks.queue.state': 'delayed' });
      }
    });
  }

  observe(sources: ObservedSources): () => void {
    this.#sources.add(sources);
    return () => void this.#sources.delete(sources);
  }

  record(event: EngineEvent): void {
    if (event.type === 'attempt') {
      const attributes: Attributes = { [ATTR.endpoint]: event.job.endpoint, [ATTR.outcome]: event.attempt.outcome };
      this.#attempts.add(1, attributes);
      this.#duration.record(event.attempt.durationMs / 1000, attributes);
      if (event.state === 'succeeded' || event.state === 'dead') this.#final(event.job.endpoint, event.state);
    } else if (event.type === 'not_sent') {
      this.#final(event.job.endpoint, event.state);
    } else if (event.type === 'endpoint_disabled') {
      this.#disabled.add(1, { [ATTR.endpoint]: event.endpoint });
    }
  }

  #final(endpoint: string, state: string): void {
    this.#deliveries.add(1, { [ATTR.endpoint]: endpoint, [ATTR.deliveryState]: state });
  }

  async #observeOutbox(result: BatchObservableResult): Promise<void> {
    for (const { outbox, now } of this.#sources) {
      if (!outbox) continue;
      // A database that does not answer leaves the gauges without a value for this collection.
      const backlog = await outbox.backlog().catch(() => undefined);
      if (!backlog) continue;
      result.observe(this.#outboxRows, backlog.rows);
      const age = backlog.oldestCreatedAt === undefined ? 0 : Math.max(0, ((now ?? Date.now)() - backlog.oldestCreatedAt) / 1000);
      result.observe(this.#outboxAge, age);
    }
  }
}
