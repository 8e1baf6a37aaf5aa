// Runs in a fresh npm project that installed the packed tarballs: every package imports
// as ESM, and a signed request round-trips through core and the verifier.
import { createEvent, signPayload, verifySignature, defineWebhooks, createWebhooks, getDefaultHmac, runWithUser, currentUser } from '@webhooks/core';
import { verifyWebhook } from '@webhooks/verify';
import { verifyNodeRequest } from '@webhooks/verify/node';
import * as express from '@webhooks/express';
import * as memory from '@webhooks/memory';
import * as undici from '@webhooks/undici';
import * as kafka from '@webhooks/kafka';
import * as sequelize from '@webhooks/sequelize';
import * as mikroOrm from '@webhooks/mikro-orm';
import * as redis from '@webhooks/redis';
import * as dashboard from '@webhooks/dashboard';
import * as cli from '@webhooks/cli';
import * as otel from '@webhooks/otel';
import { createTestReceiver, signedRequest } from '@webhooks/testing';

const config = defineWebhooks({ endpoints: [{ name: 'a', url: 'https://a.example.com/', secret: 'smoke-secret' }] });
const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
const body = JSON.stringify(event);
const headers = await signPayload({ secret: config.endpoints[0].secret, eventId: event.id, body });
await verifySignature(headers, body, { secret: 'smoke-secret' });
const verified = await verifyWebhook({ headers, body }, { secret: 'smoke-secret' });
if (verified.event.id !== event.id) throw new Error('verify returned another event');
// Node resolves core's private #runtime to its Node target: node:crypto HMAC and an AsyncLocalStorage user.
if (getDefaultHmac().name !== 'node-crypto') throw new Error(`core signs with ${getDefaultHmac().name} on Node`);
if ((await runWithUser({ id: 7 }, async () => { await null; return currentUser(); }))?.id !== 7) throw new Error('runWithUser lost the user across an await');
for (const [name, mod, key] of [
  ['express', express, 'verifyWebhook'], ['memory', memory, 'createMemoryTransport'], ['undici', undici, 'createUndiciSender'],
  ['kafka', kafka, 'createKafkaTransport'], ['sequelize', sequelize, 'attachWebhooks'], ['mikro-orm', mikroOrm, 'attachWebhooks'],
  ['otel', otel, 'createWebhooksTelemetry'], ['redis', redis, 'createRedisIdempotencyStore'], ['dashboard', dashboard, 'webhooksDashboard'], ['cli', cli, 'loadWebhooksConfig'],
]) {
  if (typeof mod[key] !== 'function') throw new Error(`@webhooks/${name} lacks ${key}`);
}
if (typeof verifyNodeRequest !== 'function') throw new Error('@webhooks/verify/node lacks verifyNodeRequest');

// The dashboard renders over the packed core: a page, with its CSP, for an authorized request.
const webhooks = createWebhooks(config, { transport: memory.createMemoryTransport(), sender: { send: async () => ({ ok: true, status: 200 }) } });
const page = await dashboard.createDashboardHandler({
  webhooks,
  authorize: () => true,
})(new Request('http://smoke.local/endpoints'));
if (page.status !== 200 || !(await page.text()).includes('Endpoints') || !page.headers.get('content-security-policy')?.startsWith("default-src 'none'")) {
  throw new Error('@webhooks/dashboard did not render its endpoints page');
}
await webhooks.close();

// OpenTelemetry over the packed core, no SDK registered: the hooks run and capture nothing.
const traced = createWebhooks(defineWebhooks({ asyncDelivery: false, endpoints: [{ name: 'a', url: 'https://a.example.com/', secret: 'smoke-secret' }] }), { sender: { send: async () => ({ status: 200, headers: {}, body: '', bodyTruncated: false, durationMs: 0 }) }, instrumentation: otel.createWebhooksTelemetry() });
if (traced.plan({ event: 'order.paid', model: 'store.Order', object: { id: 3 } }).jobs[0].trace !== undefined) throw new Error('@webhooks/otel captured a trace with no SDK');
await traced.close();

// The test kit, with no test runner installed: a signed request verifies, and its receiver verifies a real POST.
const request = await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }, { secret: 'smoke-secret' });
await verifyWebhook({ headers: request.headers, body: await request.text() }, { secret: 'smoke-secret' });
const receiver = await createTestReceiver({ secret: 'smoke-secret' });
const signed = await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 2 } }, { secret: 'smoke-secret', url: receiver.url });
await fetch(signed);
await receiver.expectWebhook('order.paid', { where: { object: { id: '2' } }, timeoutMs: 2000 });
await receiver.close();
console.log('ESM: every package imports; sign and verify round-trip; the test kit receives');
