import type { DeliveryJob } from '@webhooks/core';

let sequence = 0;

/**
 * A delivery job with unique ids, for testing a transport or a delivery log; override any field.
 *
 * @example
 * await transport.publish([makeJob({ endpoint: 'crm' })]);
 */
export function makeJob(overrides: Partial<DeliveryJob> = {}): DeliveryJob {
  sequence++;
  const n = String(sequence).padStart(6, '0');
  return {
    deliveryId: `dlv_TEST${Date.now().toString(36).toUpperCase()}${n}`,
    eventId: `evt_TEST${n}`,
    eventName: 'order.paid',
    endpoint: 'crm',
    body: JSON.stringify({ id: `evt_TEST${n}`, note: 'naïve ☕ 🎉' }),
    attempt: 1,
    key: `crm:store.Order:${sequence}`,
    createdAt: Date.UTC(2026, 0, 24, 10) + sequence,
    ...overrides,
  };
}
