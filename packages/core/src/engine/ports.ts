import type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from './delivery-job.js';

/** Handles one job; resolves (with any value) once its outcome (success, retry scheduled, dead) is recorded. */
export type JobHandler = (job: DeliveryJob) => Promise<unknown>;

/**
 * Carries delivery jobs from dispatchers to workers. `@webhooks/memory` runs in
 * process; `@webhooks/kafka` spreads jobs over a consumer group. Both pass the
 * same contract suite.
 */
export interface Transport {
  /** Accepts jobs; resolves once they are accepted (queued, or acknowledged by the broker). */
  publish(jobs: readonly DeliveryJob[]): Promise<void>;
  /** Accepts a job that must not start before `notBefore` (ms since epoch): retries. */
  schedule(job: DeliveryJob, notBefore: number): Promise<void>;
  /**
   * Starts handing jobs to `handler`. A job counts as done when the handler
   * resolves; if it rejects, the job is delivered again later (at least once).
   */
  consume(handler: JobHandler): Promise<void>;
  /**
   * Stops taking new jobs, waits for jobs in flight, and resolves with the jobs
   * it accepted but did not hand to the worker (empty for a durable transport).
   */
  close(options?: { timeoutMs?: number }): Promise<DeliveryJob[]>;
}

/** A change to a delivery's record: a new state, optionally with the attempt that caused it. */
export interface DeliveryUpdate {
  job: DeliveryJob;
  state: DeliveryState;
  attempt?: AttemptRecord;
  reason?: string;
  at: number;
}

/** What to look up in the delivery log; every field narrows the result. */
export interface DeliveryQuery {
  eventId?: string;
  endpoint?: string;
  state?: DeliveryState | readonly DeliveryState[];
  /** Newest first; default 100. */
  limit?: number;
}

/**
 * Where deliveries and their attempts are recorded: in memory in core, as
 * tables in the ORM adapters. Dead and held deliveries stay here and are
 * replayed from here.
 */
export interface DeliveryLog {
  record(update: DeliveryUpdate): Promise<void>;
  get(deliveryId: string): Promise<DeliveryRecord | undefined>;
  find(query: DeliveryQuery): Promise<DeliveryRecord[]>;
}

/** Time, injectable so tests can move it without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
