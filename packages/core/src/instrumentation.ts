import type { AttemptRecord, DeliveryJob, DeliveryState } from './engine/delivery-job.js';
import type { EngineEvent } from './engine/delivery-worker.js';
import type { WebhookEvent } from './event.js';
import type { HeaderSource } from './headers.js';

/**
 * A W3C trace context (https://www.w3.org/TR/trace-context/): the span that planned a
 * delivery, stored with its job (outbox row, Kafka message, delivery log) so the work
 * done later, in another process, joins the trace of the request that changed the data.
 */
export interface TraceContext {
  /** `00-<trace id>-<span id>-<flags>`. */
  traceparent: string;
  tracestate?: string;
}

/** What planning saw: the event, and whether the jobs are sent at once (`dispatch`) or written to an outbox (`plan`). */
export interface PlanInfo {
  event: WebhookEvent;
  operation: 'plan' | 'dispatch';
}

/** What planning returns to the `plan` hook. */
export interface PlannedJobs {
  jobs: readonly DeliveryJob[];
  /** `dispatch` only: settles once the jobs are sent or queued (the hook's span ends then). */
  sent?: Promise<unknown>;
}

/** An HTTP attempt about to be made. Holds no secret and no body. */
export interface AttemptInfo {
  method: 'POST';
  /** The endpoint's URL as configured. */
  url: string;
}

/** How an attempt ended, as the delivery log records it. */
export interface AttemptOutcome {
  attempt: AttemptRecord;
  /** The delivery's state after this attempt. */
  state: DeliveryState;
}

/** A transport's side of a message: where it went or came from. */
export interface TransportMessageInfo {
  /** `memory`, `kafka`. */
  system: string;
  /** The topic or queue. */
  destination: string;
  partition?: number;
  /** Kafka: `topic:partition:offset`. */
  source?: string;
}

/** What a verification produced, in terms core knows. */
export interface VerificationResult {
  event: Pick<WebhookEvent, 'id' | 'event'>;
  scheme?: string;
}

/**
 * Hooks the engine, the relay, transports and verifiers call around their work, so
 * tracing and metrics can be added without core depending on any of them. Every hook
 * is optional; an "around" hook must call `run` exactly once and return what it returns.
 * `@webhooks/otel` implements them on the OpenTelemetry API.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender, transport, instrumentation: createWebhooksTelemetry() });
 */
export interface WebhooksInstrumentation {
  /**
   * Around `plan()` (an outbox write) and `dispatch()`: `run` gets the trace context to store with
   * the jobs and returns them; for `dispatch`, with `sent`, which settles once they are sent or queued.
   */
  plan?<R extends PlannedJobs>(info: PlanInfo, run: (trace: TraceContext | undefined) => R): R;
  /** Around one relay batch: committed outbox jobs handed to `webhooks.publish`. */
  relay?(jobs: readonly DeliveryJob[], run: () => Promise<void>): Promise<void>;
  /** Around a transport's write of jobs to the broker (Kafka). */
  send?(jobs: readonly DeliveryJob[], info: TransportMessageInfo, run: () => Promise<void>): Promise<void>;
  /** Around a transport's handling of one message it received (Kafka). */
  receive?<R>(job: DeliveryJob, info: TransportMessageInfo, run: () => Promise<R>): Promise<R>;
  /** Around one HTTP attempt: `run` gets the trace context to send with the request (`traceparent`). */
  attempt?(job: DeliveryJob, info: AttemptInfo, run: (trace: TraceContext | undefined) => Promise<AttemptOutcome>): Promise<AttemptOutcome>;
  /** Every engine event (attempts, deliveries not sent, endpoints disabled): for metrics. Must not throw. */
  event?(event: EngineEvent): void;
  /** Around a receiver's verification of a request; rejects as `run` does. */
  verification?<R extends VerificationResult>(headers: HeaderSource, run: () => Promise<R>): Promise<R>;
}

const TRACEPARENT = /^[\da-f]{2}-[\da-f]{32}-[\da-f]{16}-[\da-f]{2}$/;

/** True for a well-formed `traceparent` value (what a job may carry across processes). */
export function isTraceparent(value: unknown): value is string {
  return typeof value === 'string' && TRACEPARENT.test(value);
}

/** A trace context read from stored or received values: undefined unless `traceparent` is well formed. */
export function toTraceContext(traceparent: unknown, tracestate?: unknown): TraceContext | undefined {
  if (!isTraceparent(traceparent)) return undefined;
  return typeof tracestate === 'string' && tracestate !== '' ? { traceparent, tracestate } : { traceparent };
}
