import type { DeliveryJob } from '@webhooks/core';

/** The job columns the outbox and delivery tables share. */
export interface JobColumns {
  deliveryId: string;
  eventId: string;
  eventName: string;
  endpoint: string;
  body: string;
  attempt: number;
  jobKey: string;
  createdAt: Date | string | number;
}

/** A row of either table back to the job it stores. */
export function rowToJob(row: JobColumns): DeliveryJob {
  return {
    deliveryId: row.deliveryId,
    eventId: row.eventId,
    eventName: row.eventName,
    endpoint: row.endpoint,
    body: row.body,
    attempt: row.attempt,
    key: row.jobKey,
    createdAt: new Date(row.createdAt).getTime(),
  };
}
