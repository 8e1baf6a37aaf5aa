// Creates, pays and deletes an order; each change reaches a local receiver as a signed webhook.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySignature } from '@webhooks/core';
import { connect, startWebhooks } from './app.js';

const secret = process.env.RECEIVER_SECRET ?? 'example-secret';
const received: string[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      await verifySignature(req.headers, body, { secret });
      const event = JSON.parse(body);
      received.push(event.event);
      console.log(`receiver: verified ${event.event} ${JSON.stringify(event.changes)}`);
      res.writeHead(200).end();
    } catch (err) {
      res.writeHead(401).end((err as Error).message);
    }
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks`;

const sequelize = connect();
const app = await startWebhooks(sequelize, url);
const order = await sequelize.transaction((transaction) =>
  app.Order.create({ reference: 'ORD-1', total: '150.00', customerEmail: 'ann@example.com' }, { transaction }),
);
await sequelize.transaction(async (transaction) => {
  await order.update({ status: 'PAID' }, { transaction });
  await app.integration.dispatchModelEvent('order.paid', order, { transaction });
});
await sequelize.transaction((transaction) => order.destroy({ transaction }));

const deadline = Date.now() + 10_000;
while (received.length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
await app.close();
await sequelize.close();
receiver.close();
const expected = ['order.created', 'order.updated', 'order.paid', 'order.deleted'];
if (JSON.stringify(received) !== JSON.stringify(expected)) {
  console.error(`expected ${expected.join(', ')}; received ${received.join(', ') || 'nothing'}`);
  process.exit(1);
}
console.log('sequelize example ok');
