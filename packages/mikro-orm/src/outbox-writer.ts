import type { EntityManager, Transaction } from '@mikro-orm/core';
import type { DeliveryJob } from '@webhooks/core';
import { WebhookOutbox } from './entities.js';

/**
 * Inserts planned jobs into the outbox through `em`, inside `ctx` when given:
 * a native insert, so the caller's identity map is untouched.
 */
export async function writeOutbox(em: EntityManager, jobs: readonly DeliveryJob[], ctx?: Transaction): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({
    deliveryId: job.deliveryId,
    eventId: job.eventId,
    eventName: job.eventName,
    endpoint: job.endpoint,
    body: job.body,
    attempt: job.attempt,
    jobKey: job.key,
    createdAt: new Date(job.createdAt),
    publishedAt: null,
  }));
  await em.insertMany(WebhookOutbox, rows, ctx ? { ctx } : {});
}
