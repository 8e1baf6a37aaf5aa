import type { WebhookConfig } from '../config/webhook-config.js';
import type { WebhookEvent } from '../event.js';
import { createDeliveryId } from '../id.js';
import { matchEndpoints } from '../match.js';
import { formatModelId } from '../model-id.js';
import { projectEvent } from '../project.js';
import type { TraceContext } from '../instrumentation.js';
import type { DeliveryJob } from './delivery-job.js';

/**
 * One job per endpoint that receives `event`, each with the body that endpoint
 * is allowed to see. Pure: ORM adapters write these to their outbox inside the
 * transaction, and publish them after commit.
 *
 * @example
 * const jobs = planDeliveries(config, event); // [{ endpoint: 'crm', body: '{"id":"evt_…",…}', attempt: 1, … }]
 */
export function planDeliveries(config: WebhookConfig, event: WebhookEvent, now: number = Date.now(), trace?: TraceContext): DeliveryJob[] {
  const objectKey = `${formatModelId(event.model)}:${event.object.id ?? event.id}`;
  return matchEndpoints(config, event).map((endpoint): DeliveryJob => {
    const job: DeliveryJob = {
      deliveryId: createDeliveryId(now),
      eventId: event.id,
      eventName: event.event,
      endpoint: endpoint.name,
      body: JSON.stringify(projectEvent(event, endpoint)),
      attempt: 1,
      key: `${endpoint.name}:${objectKey}`,
      createdAt: now,
    };
    // Absent rather than undefined: jobs without a trace keep the shape they always had.
    if (trace) job.trace = trace;
    return job;
  });
}
