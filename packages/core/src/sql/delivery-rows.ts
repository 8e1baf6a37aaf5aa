import type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from '../engine/delivery-job.js';
import type { EndpointStatus } from '../engine/endpoint-health.js';
import { toTraceContext } from '../instrumentation.js';

type Row = Record<string, unknown>;

// 64-bit columns come back as strings from pg (and some mysql2 settings): read every number through here.
const num = (value: unknown): number => Number(value);
const isSet = (value: unknown) => value !== null && value !== undefined;

/** The columns of `webhook_deliveries` that hold the job, in insert order. */
export const JOB_COLUMNS = [
  'delivery_id', 'event_id', 'event_name', 'endpoint', 'body', 'job_key', 'attempt', 'created_at', 'traceparent', 'tracestate',
] as const;

/** A job's values in `JOB_COLUMNS` order. */
export function jobValues(job: DeliveryJob): unknown[] {
  return [
    job.deliveryId, job.eventId, job.eventName, job.endpoint, job.body, job.key, job.attempt, job.createdAt,
    job.trace?.traceparent ?? null, job.trace?.tracestate ?? null,
  ];
}

export function rowToJob(row: Row): DeliveryJob {
  const job: DeliveryJob = {
    deliveryId: row.delivery_id as string,
    eventId: row.event_id as string,
    eventName: row.event_name as string,
    endpoint: row.endpoint as string,
    body: row.body as string,
    attempt: num(row.attempt),
    key: row.job_key as string,
    createdAt: num(row.created_at),
  };
  const trace = toTraceContext(row.traceparent, row.tracestate);
  if (trace) job.trace = trace;
  return job;
}

/** The columns of `webhook_attempts` after `id`, in insert order. */
export const ATTEMPT_COLUMNS = [
  'delivery_id', 'attempt', 'started_at', 'duration_ms', 'outcome', 'status', 'reason', 'error', 'response_body', 'next_retry_at', 'source',
] as const;

export function attemptValues(deliveryId: string, attempt: AttemptRecord): unknown[] {
  return [
    deliveryId,
    attempt.attempt,
    attempt.startedAt,
    Math.round(attempt.durationMs),
    attempt.outcome,
    attempt.status ?? null,
    attempt.reason,
    attempt.error ?? null,
    attempt.responseBody ?? null,
    attempt.nextRetryAt ?? null,
    attempt.source ?? null,
  ];
}

export function rowToAttempt(row: Row): AttemptRecord {
  const record: AttemptRecord = {
    attempt: num(row.attempt),
    startedAt: num(row.started_at),
    durationMs: num(row.duration_ms),
    outcome: row.outcome as AttemptRecord['outcome'],
    reason: row.reason as string,
  };
  if (isSet(row.status)) record.status = num(row.status);
  if (isSet(row.error)) record.error = row.error as string;
  if (isSet(row.response_body)) record.responseBody = row.response_body as string;
  if (isSet(row.next_retry_at)) record.nextRetryAt = num(row.next_retry_at);
  if (isSet(row.source)) record.source = row.source as string;
  return record;
}

export function rowToRecord(row: Row, attempts: AttemptRecord[]): DeliveryRecord {
  const record: DeliveryRecord = { job: rowToJob(row), state: row.state as DeliveryState, attempts, updatedAt: num(row.updated_at) };
  if (isSet(row.reason)) record.reason = row.reason as string;
  return record;
}

export function rowToEndpointStatus(row: Row): EndpointStatus {
  const status: EndpointStatus = {
    endpoint: row.name as string,
    state: row.state === 'disabled' ? 'disabled' : 'active',
    consecutiveFailures: num(row.consecutive_failures),
  };
  if (isSet(row.reason)) status.reason = row.reason as string;
  if (isSet(row.disabled_at)) status.disabledAt = num(row.disabled_at);
  return status;
}
