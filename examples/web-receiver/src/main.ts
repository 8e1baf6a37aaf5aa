// Serves the Web-standard handler with node:http and sends it real signed requests, as a
// sender would: HMAC with the current and previous secret, a redelivery, a wrong secret,
// a stale signature, and Standard Webhooks on its own route. Exits non-zero unless each
// was answered and processed as it should be.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createEvent, signPayload, type SignatureScheme, type WebhookEvent } from '@webhooks/core';
import { createWebhookHandler } from './app.js';
import { serveNode } from './serve-node.js';

const current = process.env.WEBHOOK_SECRET ?? 'example-secret-current';
const previous = process.env.WEBHOOK_SECRET_PREVIOUS ?? 'example-secret-previous';
const standardSecret = process.env.STANDARD_WEBHOOK_SECRET ?? 'whsec_tgdg1sRwcMK6PZmv8NJkLKuxUdLKKy6a';

const processed: string[] = [];
const server = serveNode(
  createWebhookHandler({
    secrets: [current, previous],
    standardSecret,
    async handle(event) {
      processed.push(event.id);
      console.log(`  processed ${event.event} ${event.object.reference}`);
    },
  }),
);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

/** A request as the sender builds it: the exact body bytes and their signature headers. */
async function signed(path: string, secret: string, event: WebhookEvent, options: { scheme?: SignatureScheme; timestamp?: number } = {}) {
  const body = JSON.stringify(event);
  const headers = { 'Content-Type': 'application/json', ...(await signPayload({ secret, eventId: event.id, body, ...options })) };
  return { path, body, headers };
}
const order = (id: number) => createEvent({ event: 'order.paid', model: 'store.Order', object: { id, reference: `ORD-${id}`, status: 'PAID' } });

const [first, second, standard] = [order(1), order(2), order(5)];
const firstRequest = await signed('/webhooks', current, first);
const standardRequest = await signed('/webhooks/standard', standardSecret, standard, { scheme: 'standard-webhooks' });
const cases = [
  { what: 'signed with the current secret', request: firstRequest, status: 204 },
  { what: 'signed with the previous secret', request: await signed('/webhooks', previous, second), status: 204 },
  { what: 'redelivery of the first event', request: firstRequest, status: 200, answer: 'duplicate' },
  { what: 'signed with a wrong secret', request: await signed('/webhooks', 'not-the-secret', order(3)), status: 401, answer: 'no_matching_signature' },
  { what: 'signed ten minutes ago', request: await signed('/webhooks', current, order(4), { timestamp: Math.floor(Date.now() / 1000) - 600 }), status: 401, answer: 'timestamp_too_old' },
  { what: 'Standard Webhooks, whsec_ secret', request: standardRequest, status: 204 },
  { what: 'Standard Webhooks, body changed', request: { ...standardRequest, body: standardRequest.body.replace('PAID', 'FREE') }, status: 401, answer: 'no_matching_signature' },
];

const problems: string[] = [];
for (const { what, request, status, answer = '' } of cases) {
  const response = await fetch(origin + request.path, { method: 'POST', body: request.body, headers: request.headers });
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  const got = body.error ?? (body.duplicate ? 'duplicate' : '');
  const ok = response.status === status && got === answer;
  console.log(`${ok ? '✔' : '✘'} POST ${request.path.padEnd(18)} ${what.padEnd(34)} → ${response.status} ${got}`.trimEnd());
  if (!ok) problems.push(`${what}: expected ${status} ${answer}, got ${response.status} ${got}`);
}

server.close();
if (JSON.stringify(processed) !== JSON.stringify([first.id, second.id, standard.id])) {
  problems.push(`expected events 1, 2 and 5 processed once each, processed ${processed.length}: ${processed.join(', ')}`);
}
if (problems.length > 0) {
  console.error(`web-receiver example FAILED:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('web-receiver example ok');
