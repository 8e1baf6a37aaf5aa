import type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from './delivery-job.js';
import type { EndpointStates } from './endpoint-states.js';

/** What a transport knows about how a job reached the handler. */
export interface JobContext {
  /**
   * The job may have been handled before: a durable transport hands it again after a worker
   * died before its progress was committed. The engine then checks the delivery log first.
   */
  redelivered?: boolean;
  /** Which copy of the job this is (a Kafka message's `topic:partition:offset`); recorded with its attempt. */
  source?: string;
}

/** Handles one job; resolves (with any value) once its outcome (success, retry scheduled, dead) is recorded. */
export type JobHandler = (job: DeliveryJob, context?: JobContext) => Promise<unknown>;

/**
 * Carries delivery jobs from dispatchers to workers. `@webhooks/memory` runs in
 * process; `@webhooks/kafka` spreads jobs over a consumer group. Both pass the
 * same contract suite.
 */
export interface Transport {
  /**
   * True when accepted jobs survive this process (Kafka): the engine then leaves
   * redelivery to the transport. False or absent (memory): jobs live in RAM, so
   * a durable delivery log leases them (see `DeliveryLeases`).
   */
  readonly durable?: boolean;
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
  /**
   * With a leasing log: who works on a live (pending, retrying) delivery and until when.
   * Absent for other states, which release any lease.
   */
  lease?: Lease;
}

/** A claim on live deliveries: `owner` (one per engine instance) works on them until `until` (ms since epoch). */
export interface Lease {
  owner: string;
  until: number;
}

/** A live delivery taken over by `claim()`, with when it is due. */
export interface ClaimedDelivery {
  job: DeliveryJob;
  /** When the next attempt may start (ms since epoch). */
  notBefore: number;
}

/**
 * How a durable delivery log keeps live deliveries from being lost when the process that
 * works on them dies: each pending or retrying delivery carries a lease (owner and expiry);
 * the owner renews it while the job waits in its memory, and any process claims deliveries
 * whose lease ran out. Implemented by the ORM adapters' logs; a log without it (memory) keeps
 * nothing across a crash anyway.
 */
export interface DeliveryLeases {
  /**
   * Records jobs as pending deliveries leased to `lease.owner`, before they are queued in
   * memory. Resolves with the jobs the caller may queue. A delivery the log already holds
   * is admitted only with `revive` (a replay, an endpoint re-enabled): then it becomes
   * pending again unless a live lease of another owner covers it. Without it (a relay that
   * publishes an outbox row again after a crash) it is left as it is: finished, or taken
   * over by a sweep.
   */
  admit(jobs: readonly DeliveryJob[], lease: Lease, now: number, revive?: boolean): Promise<DeliveryJob[]>;
  /** Takes up to `limit` live deliveries with no lease or an expired one, soonest due first. */
  claim(lease: Lease, now: number, limit: number): Promise<ClaimedDelivery[]>;
  /** Extends the leases `owner` holds on these deliveries. */
  renew(deliveryIds: readonly string[], lease: Lease): Promise<void>;
  /** Gives up `owner`'s leases on these deliveries, so any process may claim them now. */
  release(deliveryIds: readonly string[], owner: string): Promise<void>;
  /** Turns the held deliveries of these endpoints back into unleased pending ones; resolves with how many. */
  resume(endpoints: readonly string[], now: number): Promise<number>;
}

/** What to look up in the delivery log; every field narrows the result. */
export interface DeliveryQuery {
  eventId?: string;
  endpoint?: string;
  /** The event's name, exactly: `order.paid`. */
  eventName?: string;
  state?: DeliveryState | readonly DeliveryState[];
  /** Only deliveries created at or after this time (ms since epoch). */
  since?: number;
  /** A page's cursor: only deliveries older than this one (the last delivery id of the previous page). */
  before?: string;
  /** Newest first; default 100. */
  limit?: number;
}

/** What `DeliveryLog.endpointActivity` looks at. */
export interface EndpointActivityQuery {
  /** The endpoints to report on; one entry comes back for each, in this order. */
  endpoints: readonly string[];
  /** Count the attempts started at or after this time (ms since epoch). */
  since: number;
}

/** One endpoint's backlog now and its recent attempts: what its health needs at a glance. */
export interface EndpointActivity {
  endpoint: string;
  /** Deliveries in each state but `succeeded`, now. */
  pending: number;
  retrying: number;
  held: number;
  dead: number;
  /** Attempts started at or after `since`, and how many of those succeeded. */
  attempts: number;
  attemptsSucceeded: number;
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
  /** How many deliveries match (`limit` and `before` ignored). */
  count(query: Omit<DeliveryQuery, 'limit' | 'before'>): Promise<number>;
  /** Per endpoint: deliveries not succeeded, by state, and attempts since a time (an admin page's health view). */
  endpointActivity(query: EndpointActivityQuery): Promise<EndpointActivity[]>;
  /** Present on logs that outlive the process: live deliveries are leased, so none is lost with it. */
  readonly leases?: DeliveryLeases;
  /** Present on logs that keep endpoint health where every process and restart sees it. */
  readonly endpoints?: EndpointStates;
  /**
   * Throws a clear error when `count` more deliveries would not fit (a bounded log full of
   * unfinished ones), before anything is sent.
   */
  checkRoom?(count: number): void;
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
