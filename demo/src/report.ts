import type { DeliveryRecord } from '@webhooks/core';
import type { Received } from './receiver.js';

/** The delivery log as a table: what happened to each delivery, attempt by attempt. */
export function printLog(records: DeliveryRecord[]): void {
  console.log('\nDelivery log');
  console.table(
    records.map((r) => ({
      endpoint: r.job.endpoint,
      event: r.job.eventName,
      state: r.state,
      attempts: r.attempts.length,
      statuses: r.attempts.map((a) => a.status ?? a.reason).join(' → '),
      'ms per attempt': r.attempts.map((a) => a.durationMs).join(', '),
      reason: r.reason ?? '',
    })),
  );
}

/** What the demo promises, checked against what really happened. */
export function checkOutcome(records: DeliveryRecord[], received: Received[]): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, message: string) => ok || problems.push(message);
  const by = (endpoint: string) => records.filter((r) => r.job.endpoint === endpoint);
  const events = (route: string) => received.filter((r) => r.route === route).map((r) => r.event.event).sort();
  expect(
    JSON.stringify(events('all')) === JSON.stringify(['customer.created', 'customer.deleted', 'order.created', 'order.paid', 'order.updated']),
    `the "all" endpoint should receive all five events, got ${events('all').join(', ')}`,
  );
  expect(received.every((r) => r.event.object.reference !== 'ORD-ROLLED-BACK'), 'a rolled-back order was sent');
  expect(
    received.filter((r) => r.route === 'slim').every((r) => Object.keys(r.event.object).sort().join() === 'id,status,total'),
    'the "slim" endpoint should only see id, status and total',
  );
  expect(events('slim').length === 3, 'the "slim" endpoint should receive the three order events');
  expect(
    received.filter((r) => r.route === 'private').length === 2 && received.filter((r) => r.route === 'private').every((r) => r.event.object.email === '***@***'),
    'the "private" endpoint should receive both customer events with the email redacted',
  );
  const flaky = by('flaky')[0];
  expect(flaky?.state === 'succeeded' && flaky.attempts.length === 2, 'the "flaky" endpoint should succeed on its second attempt');
  const wrong = by('wrong')[0];
  expect(wrong?.state === 'dead' && wrong.attempts[0]?.status === 401, 'the "wrong" endpoint should be refused (401) and end dead');
  expect(received.find((r) => r.route === 'all' && r.event.event === 'order.created')?.event.user?.username === 'admin', 'the acting user should be in order.created');
  expect(records.length === 12, `expected 12 deliveries in the log, found ${records.length}`);
  return problems;
}
