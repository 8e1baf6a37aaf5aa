// An API process (or an outbox relay): dispatches events to Kafka and sends nothing itself.
import { createWebhooks } from '@webhooks/core';
import { createKafkaTransport } from '@webhooks/kafka';
import { createUndiciSender } from '@webhooks/undici';
import { deployment } from './deployment.js';

const count = Number(process.env.EVENTS ?? 40);
const { kafka, prefix, config } = deployment();
const webhooks = createWebhooks(config, {
  transport: createKafkaTransport({ kafka, prefix }),
  sender: createUndiciSender(),
  worker: false, // only produce: the worker processes consume and deliver
});
for (let id = 1; id <= count; id++) {
  // Resolves once the broker has the job (acks from all in-sync replicas).
  await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id, reference: `ORD-${id}`, status: 'PAID' } });
}
console.log(`dispatcher: published ${count} order.paid events`);
await webhooks.close();
