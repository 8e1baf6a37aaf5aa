import type { AttemptRecord, DeliveryJob } from '@webhooks/core';

type Row = Record<string, unknown>;

// BIGINT columns come back as strings from pg and mysql2; numbers everywhere else.
const num = (value: unknown): number => Number(value);
const opt = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/** The job columns shared by the outbox and delivery tables. */
export function jobToRow(job: DeliveryJob): Row {
  return {
    deliveryId: job.deliveryId,
    eventId: job.eventId,
    eventName: job.eventName,
    endpoint: job.endpoint,
    body: job.body,
    attempt: job.attempt,
    jobKey: job.key,
    createdAt: job.createdAt,
  };
}

export function rowToJob(row: Row): DeliveryJob {
  return {
    deliveryId: row.deliveryId as string,
    eventId: row.eventId as string,
    eventName: row.eventName as string,
    endpoint: row.endpoint as string,
    body: row.body as string,
    attempt: num(row.attempt),
    key: row.jobKey as string,
    createdAt: num(row.createdAt),
  };
}

export function attemptToRow(deliveryId: string, attempt: AttemptRecord): Row {
  return {
    deliveryId,
    attempt: attempt.attempt,
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    status: attempt.status ?? null,
    reason: attempt.reason,
    error: attempt.error ?? null,
    responseBody: attempt.responseBody ?? null,
    nextRetryAt: attempt.nextRetryAt ?? null,
  };
}

export function rowToAttempt(row: Row): AttemptRecord {
  const record: AttemptRecord = {
    attempt: num(row.attempt),
    startedAt: num(row.startedAt),
    durationMs: num(row.durationMs),
    outcome: row.outcome as AttemptRecord['outcome'],
    reason: row.reason as string,
  };
  const status = opt(row.status);
  if (status !== undefined) record.status = num(status);
  const error = opt(row.error as string | null);
  if (error !== undefined) record.error = error;
  const responseBody = opt(row.responseBody as string | null);
  if (responseBody !== undefined) record.responseBody = responseBody;
  const nextRetryAt = opt(row.nextRetryAt);
  if (nextRetryAt !== undefined) record.nextRetryAt = num(nextRetryAt);
  return record;
}
