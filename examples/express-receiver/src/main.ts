// Starts the receiver and sends it real signed requests over HTTP, as a sender would:
// two good ones (current and previous secret), a redelivery, a wrong secret and a stale
// signature. Exits non-zero unless each was answered and processed as it should be.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEvent, signPayload, type WebhookEvent } from '@webhooks/core';
import { createReceiverApp } from './app.js';

const current = process.env.WEBHOOK_SECRET ?? 'example-secret-current';
const previous = process.env.WEBHOOK_SECRET_PREVIOUS ?? 'example-secret-previous';

const processed: string[] = [];
const { app, queue } = createReceiverApp({
  secrets: [current, previous],
  async handle(event) {
    await sleep(50); // the slow part (an API call, say) happens after the sender got its answer
    processed.push(event.id);
    console.log(`  queue: processed ${event.event} ${event.object.reference}`);
  },
});
const server = app.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;

/** A request as the sender builds it: the exact body bytes and their signature headers. */
async function signed(secret: string, event: WebhookEvent, timestamp?: number) {
  const body = JSON.stringify(event);
  const headers = { 'Content-Type': 'application/json', ...(await signPayload({ secret, eventId: event.id, body, timestamp })) };
  return { body, headers };
}
const order = (id: number) => createEvent({ event: 'order.paid', model: 'store.Order', object: { id, reference: `ORD-${id}`, status: 'PAID' } });

const first = order(1);
const second = order(2);
const firstRequest = await signed(current, first);
const cases = [
  { what: 'signed with the current secret', request: firstRequest, status: 204 },
  { what: 'signed with the previous secret', request: await signed(previous, second), status: 204 },
  { what: 'redelivery of the first event', request: firstRequest, status: 200, answer: 'duplicate' },
  { what: 'signed with a wrong secret', request: await signed('not-the-secret', order(3)), status: 401, answer: 'no_matching_signature' },
  { what: 'signed ten minutes ago', request: await signed(current, order(4), Math.floor(Date.now() / 1000) - 600), status: 401, answer: 'timestamp_too_old' },
];

const problems: string[] = [];
for (const { what, request, status, answer = '' } of cases) {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', ...request });
  const ms = Math.round(performance.now() - started);
  const text = await response.text();
  const body = text ? JSON.parse(text) : {};
  const got = body.error?.code ?? (body.duplicate ? 'duplicate' : '');
  const ok = response.status === status && got === answer;
  console.log(`${ok ? '✔' : '✘'} ${what.padEnd(32)} → ${response.status} ${got}`.trimEnd() + `  (${ms} ms)`);
  if (!ok) problems.push(`${what}: expected ${status} ${answer}, got ${response.status} ${got}`);
}

await queue.idle();
server.close();
if (JSON.stringify(processed) !== JSON.stringify([first.id, second.id])) {
  problems.push(`expected exactly the first two events processed once each, processed ${processed.length}: ${processed.join(', ')}`);
}
if (problems.length > 0) {
  console.error(`express-receiver example FAILED:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('express-receiver example ok');
