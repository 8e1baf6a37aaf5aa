// An order paid over HTTP, sent as a webhook through the Sequelize outbox, verified by an
// Express receiver; prints the trace that ties them together. `CONSOLE_SPANS=1` also prints
// every span with the SDK's console exporter.
import { sdk, recorded, telemetry } from './tracing.js';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { createWebhooks, defineWebhooks } from '@webhooks/core';
import { verifyWebhook } from '@webhooks/express';
import { createMemoryTransport } from '@webhooks/memory';
import { attachWebhooks, createSequelizeDeliveryLog, createSequelizeOutbox, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import express from 'express';
import { DataTypes, Sequelize } from 'sequelize';
import { spanTree } from './span-tree.js';

const secret = 'example-secret';

// The partner's receiver: it verifies the signature in a span that continues the sender's traceparent.
let received: (event: string) => void;
const delivered = new Promise<string>((resolve) => (received = resolve));
const partner = express();
partner.post('/webhooks', verifyWebhook({ secret, instrumentation: telemetry }), (req, res) => {
  received(req.webhook!.event.event);
  res.sendStatus(204);
});
const partnerServer = partner.listen(0, '127.0.0.1');
await new Promise((resolve) => partnerServer.once('listening', resolve));

// The shop: Sequelize on SQLite, webhooks through the transactional outbox.
const dir = mkdtempSync(join(tmpdir(), 'otel-example-'));
const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'shop.sqlite'), logging: false });
const Order = sequelize.define('Order', { reference: DataTypes.STRING, status: DataTypes.STRING });
defineWebhookModels(sequelize);
await sequelize.sync();
const transport = createMemoryTransport();
const webhooks = createWebhooks(
  defineWebhooks({
    allowPrivateNetwork: true,
    endpoints: [{ name: 'partner', url: `http://127.0.0.1:${(partnerServer.address() as AddressInfo).port}/webhooks`, secret, events: ['order.paid'], includeModels: ['shop.Order'] }],
  }),
  { sender: createUndiciSender(), transport, deliveryLog: createSequelizeDeliveryLog(sequelize), instrumentation: telemetry },
);
const shop = attachWebhooks(sequelize, webhooks, { appLabel: 'shop' });
telemetry.observe({ outbox: createSequelizeOutbox(sequelize), queue: transport });

// An HTTP route that pays an order. With @opentelemetry/instrumentation-http the server span
// comes by itself; here it is opened by hand to keep the example to the SDK alone.
const app = express();
app.post('/orders/:id/pay', (req, res, next) => {
  const span = trace.getTracer('shop').startSpan(`POST /orders/:id/pay`, { kind: SpanKind.SERVER });
  context
    .with(trace.setSpan(context.active(), span), () =>
      sequelize.transaction(async (transaction) => {
        const order = await Order.create({ reference: `ORD-${req.params.id}`, status: 'PAID' }, { transaction });
        await shop.dispatchModelEvent('order.paid', order, { transaction });
      }),
    )
    .then(() => res.sendStatus(202), next)
    .finally(() => span.end());
});
const shopServer = app.listen(0, '127.0.0.1');
await new Promise((resolve) => shopServer.once('listening', resolve));

const response = await fetch(`http://127.0.0.1:${(shopServer.address() as AddressInfo).port}/orders/42/pay`, { method: 'POST' });
console.log(`shop answered ${response.status}; partner received ${await delivered}`);
// The attempt span ends once its outcome is recorded, just after the receiver answered.
while (!recorded.getFinishedSpans().some((span) => span.name === 'webhooks.attempt')) await new Promise((r) => setTimeout(r, 10));

console.log(spanTree(recorded.getFinishedSpans()));
await shop.detach();
await webhooks.close();
await sequelize.close();
shopServer.close();
partnerServer.close();
await sdk.shutdown();
rmSync(dir, { recursive: true, force: true });
console.log('otel example ok');
