import { WebhookError } from '../errors.js';
import type { WebhooksInstrumentation } from '../instrumentation.js';
import type { DeliveryJob } from './delivery-job.js';
import { systemClock, type Clock } from './ports.js';

/**
 * The transactional outbox as the relay sees it. ORM adapters implement it
 * over their outbox table.
 */
export interface OutboxStore {
  /**
   * Claims up to `limit` unpublished jobs, oldest first, so that no other relay
   * takes them (e.g. `FOR UPDATE SKIP LOCKED`), calls `publish` with them, and
   * marks them published only if `publish` resolves. Resolves with how many
   * were published; 0 when the outbox is empty.
   */
  relayBatch(limit: number, publish: (jobs: DeliveryJob[]) => Promise<void>): Promise<number>;
  /** Deletes published jobs published before `before` (ms since epoch); resolves with how many. */
  purgePublished(before: number): Promise<number>;
  /** What waits to be relayed now: for a backlog gauge. */
  backlog?(): Promise<OutboxBacklog>;
}

/** Committed jobs not relayed yet. */
export interface OutboxBacklog {
  /** Outbox rows waiting (one per transaction). */
  rows: number;
  /** Jobs in those rows. */
  jobs: number;
  /** When the oldest waiting row was written (ms since epoch); undefined when none waits. */
  oldestCreatedAt?: number;
}

/** Options of a relay. */
export interface RelayOptions {
  store: OutboxStore;
  /** Where relayed jobs go: usually `webhooks.publish`. */
  publish: (jobs: DeliveryJob[]) => Promise<unknown>;
  /** Jobs per claim. Default 100. */
  batchSize?: number;
  /** How often to look for jobs when not woken by a commit, in ms. Default 1000. */
  pollIntervalMs?: number;
  /** How long published jobs are kept before purging, in ms. Default 24 hours; 0 keeps them. */
  retentionMs?: number;
  /** How often to purge, in ms. Default 10 minutes. */
  purgeIntervalMs?: number;
  /** Called when a batch fails; the relay backs off and tries again. */
  onError?: (error: unknown) => void;
  clock?: Clock;
  /** Its `relay` hook runs around every batch (the ORM adapters pass `webhooks.instrumentation`). */
  instrumentation?: WebhooksInstrumentation;
}

/** Moves committed outbox jobs to the transport. */
export interface Relay {
  /** Starts the loop. */
  start(): void;
  /** Asks for a pass now (adapters call this after a commit). */
  wake(): void;
  /** Relays until the outbox is empty; resolves with how many jobs moved. */
  drain(): Promise<number>;
  /** Stops the loop after the batch in progress. */
  stop(): Promise<void>;
}

/**
 * A relay loop over an outbox: woken after each commit, polling as a
 * fallback, purging published rows on a schedule. Several relays may run over
 * one store when the store claims with row locks.
 *
 * @example
 * const relay = createRelay({ store, publish: (jobs) => webhooks.publish(jobs) });
 * relay.start();
 */
export function createRelay(options: RelayOptions): Relay {
  const { store } = options;
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const retentionMs = options.retentionMs ?? 86_400_000;
  const purgeIntervalMs = options.purgeIntervalMs ?? 600_000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new WebhookError('invalid_argument', 'batchSize must be a positive integer');
  let running = false;
  let timer: unknown;
  let pass: Promise<void> | undefined;
  let again = false;
  let failures = 0;
  let lastPurge = clock.now();

  const { instrumentation } = options;
  const publishBatch = instrumentation?.relay
    ? (jobs: DeliveryJob[]) => instrumentation.relay!(jobs, async () => void (await options.publish(jobs)))
    : async (jobs: DeliveryJob[]) => void (await options.publish(jobs));

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const moved = await store.relayBatch(batchSize, publishBatch);
      total += moved;
      if (moved < batchSize) return total;
    }
  };

  const purge = async () => {
    if (retentionMs <= 0 || clock.now() - lastPurge < purgeIntervalMs) return;
    lastPurge = clock.now();
    await store.purgePublished(clock.now() - retentionMs);
  };

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = clock.setTimeout(() => {
      timer = undefined;
      wake();
    }, ms);
  };

  const runPass = async () => {
    try {
      do {
        again = false;
        await drain();
        await purge();
      } while (again && running);
      failures = 0;
      schedule(pollIntervalMs);
    } catch (err) {
      failures++;
      options.onError?.(err);
      // Back off on repeated failures (database down), up to 30 s.
      schedule(Math.min(30_000, pollIntervalMs * 2 ** Math.min(failures, 5)));
    }
  };

  const wake = () => {
    if (!running) return;
    if (pass) {
      again = true;
      return;
    }
    pass = runPass().finally(() => {
      pass = undefined;
    });
  };

  return {
    start() {
      if (running) return;
      running = true;
      wake();
    },
    wake,
    drain,
    async stop() {
      running = false;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      await pass;
    },
  };
}
