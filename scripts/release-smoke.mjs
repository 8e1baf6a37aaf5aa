// Runs in a fresh npm project that installed the packed tarballs: every package imports
// as ESM, and a signed request round-trips through core and the verifier.
import { createEvent, signPayload, verifySignature, defineWebhooks } from '@webhooks/core';
import { verifyWebhook } from '@webhooks/verify';
import { verifyNodeRequest } from '@webhooks/verify/node';
import * as express from '@webhooks/express';
import * as memory from '@webhooks/memory';
import * as undici from '@webhooks/undici';
import * as kafka from '@webhooks/kafka';
import * as sequelize from '@webhooks/sequelize';
import * as mikroOrm from '@webhooks/mikro-orm';
import * as redis from '@webhooks/redis';

const config = defineWebhooks({ endpoints: [{ name: 'a', url: 'https://a.example.com/', secret: 'smoke-secret' }] });
const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
const body = JSON.stringify(event);
const headers = await signPayload({ secret: config.endpoints[0].secret, eventId: event.id, body });
await verifySignature(headers, body, { secret: 'smoke-secret' });
const verified = await verifyWebhook({ headers, body }, { secret: 'smoke-secret' });
if (verified.event.id !== event.id) throw new Error('verify returned another event');
for (const [name, mod, key] of [
  ['express', express, 'verifyWebhook'], ['memory', memory, 'createMemoryTransport'], ['undici', undici, 'createUndiciSender'],
  ['kafka', kafka, 'createKafkaTransport'], ['sequelize', sequelize, 'attachWebhooks'], ['mikro-orm', mikroOrm, 'attachWebhooks'],
  ['redis', redis, 'createRedisIdempotencyStore'],
]) {
  if (typeof mod[key] !== 'function') throw new Error(`@webhooks/${name} lacks ${key}`);
}
if (typeof verifyNodeRequest !== 'function') throw new Error('@webhooks/verify/node lacks verifyNodeRequest');
console.log('ESM: every package imports; sign and verify round-trip');
