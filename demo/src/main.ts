// The demo: one order event, projected for two endpoints, signed, and verified
// the way a receiver would. Exits non-zero if anything it shows did not happen.
import {
  createEvent,
  defineWebhooks,
  fromEnv,
  matchEndpoints,
  projectEvent,
  signPayload,
  verifySignature,
} from '@webhooks/core';

const config = defineWebhooks({
  env: { ANALYTICS_SECRET: 'analytics-demo-secret', PARTNER_SECRET: 'partner-demo-secret' },
  endpoints: [
    {
      name: 'analytics',
      url: 'https://analytics.example.com/events',
      secret: fromEnv('ANALYTICS_SECRET'),
      includeModels: ['store.Order'],
      includeFields: ['id', 'total', 'status'],
    },
    {
      name: 'partner',
      url: 'https://partner.example.com/api/hooks',
      secret: fromEnv('PARTNER_SECRET'),
      events: ['order.*'],
      redactFields: { 'store.Order': { customerEmail: '***@***.com' } },
    },
  ],
});

const event = createEvent({
  event: 'order.paid',
  model: 'store.Order',
  object: { id: 42, reference: 'ORD-123', total: '150.00', status: 'PAID', customerEmail: 'ann@example.com' },
  changes: { status: { old: 'PENDING', new: 'PAID' } },
  user: { id: 1, username: 'admin' },
});

console.log(`event ${event.id} (${event.event}) on ${event.model.app}.${event.model.name}\n`);
const problems: string[] = [];
for (const endpoint of matchEndpoints(config, event)) {
  const body = JSON.stringify(projectEvent(event, endpoint));
  const headers = await signPayload({ secret: endpoint.secret, eventId: event.id, body });
  console.log(`→ ${endpoint.name}  POST ${endpoint.url}`);
  for (const [name, value] of Object.entries(headers)) console.log(`  ${name}: ${value}`);
  console.log(`  body: ${body}`);
  try {
    const verified = await verifySignature(headers, body, { secret: endpoint.secret });
    console.log(`  ✔ receiver verified the signature (timestamp ${verified.timestamp})`);
  } catch (err) {
    problems.push(`${endpoint.name}: ${(err as Error).message}`);
  }
  try {
    await verifySignature(headers, body.replace('150.00', '1.00'), { secret: endpoint.secret });
    problems.push(`${endpoint.name}: a tampered body was accepted`);
  } catch (err) {
    console.log(`  ✔ a tampered copy is rejected (${(err as { code: string }).code})\n`);
  }
}

const [analytics, partner] = matchEndpoints(config, event).map((e) => JSON.stringify(projectEvent(event, e)));
if (!analytics || analytics.includes('ORD-123')) problems.push('analytics should only see id, total and status');
if (!partner || partner.includes('ann@example.com')) problems.push('partner should not see the customer email');

if (problems.length > 0) {
  console.error(`demo failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('demo ok: 2 endpoints, projected, signed and verified');
