import type { DeliveryRecord } from '@webhooks/core';

/**
 * A delivery without its payload, for listings and JSON output: ids, state, attempts, times.
 *
 * @example
 * out.json(records.map(deliverySummary));
 */
export function deliverySummary(record: DeliveryRecord) {
  const { job, state, reason, attempts, updatedAt } = record;
  const last = attempts.at(-1);
  return {
    deliveryId: job.deliveryId,
    eventId: job.eventId,
    event: job.eventName,
    endpoint: job.endpoint,
    state,
    ...(reason !== undefined ? { reason } : {}),
    attempts: attempts.length,
    ...(last ? { lastStatus: last.status ?? null, lastReason: last.reason } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(updatedAt).toISOString(),
  };
}
