// Creates, pays and deletes an order; each change reaches a local receiver as a signed webhook.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@webhooks/core';
import { connect, Order, startWebhooks } from './app.js';

const secret = process.env.RECEIVER_SECRET ?? 'example-secret';
const received: string[] = [];
const eventIds: string[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      await verifySignature(req.headers, body, { secret });
      const event = JSON.parse(body);
      received.push(event.event);
      eventIds.push(event.id);
      const shown = event.event.endsWith('.updated') ? JSON.stringify(event.changes) : JSON.stringify(event.object);
      console.log(`receiver: verified ${event.event} ${shown}`);
      res.writeHead(200).end();
    } catch (err) {
      res.writeHead(401).end((err as Error).message);
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;

const orm = await connect();
const app = startWebhooks(orm, url);
const em = orm.em.fork();
const order = em.create(Order, { reference: 'ORD-1', total: '150.00', status: 'PENDING', customerEmail: 'ann@example.com' });
await em.flush(); // order.created goes into the outbox in the flush's own transaction
await em.transactional(async (tx) => {
  order.status = 'PAID';
  await tx.flush(); // order.updated, inside this transaction
  await app.integration.dispatchModelEvent('order.paid', order, { em: tx }); // a custom event, same transaction
});
await em.remove(order).flush(); // order.deleted

const deadline = Date.now() + 10_000;
while (received.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
await app.close();
const log = (await Promise.all(eventIds.map((eventId) => app.webhooks.deliveryLog.find({ eventId })))).flat();
const succeeded = log.filter((r) => r.state === 'succeeded').length;
console.log(`delivery log (in the database): ${log.length} deliveries, ${succeeded} succeeded`);
await orm.close();
receiver.close();
const expected = ['order.created', 'order.updated', 'order.paid', 'order.deleted'];
if (JSON.stringify(received) !== JSON.stringify(expected) || succeeded !== 4 || log.length !== 4) {
  console.error(`expected ${expected.join(', ')} delivered and logged as succeeded; received ${received.join(', ') || 'nothing'}`);
  process.exit(1);
}
console.log('mikro-orm example ok');
