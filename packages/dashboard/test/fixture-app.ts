import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebhooks, defineWebhooks, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { startTestReceiver, waitFor, type Reply, type TestReceiver } from '@webhooks/testing';
import { createUndiciSender } from '@webhooks/undici';
import express from 'express';
import { listen } from './listen.js';
import { Sequelize } from 'sequelize';
import { webhooksDashboard } from '../src/index.js';

export const ADMIN_COOKIE = { name: 'session', value: 'admin' };
/** What the `legacy` receiver answers: markup a careless page would run. */
export const HOSTILE_RESPONSE = '<script>window.__pwned = "response"</script><img src=x onerror="window.__pwned = \'img\'">';
/** A field of the hostile order: a script and both kinds of quote. */
export const HOSTILE_NOTE = `</pre><script>window.__pwned = "body"</script> it's "quoted"`;

/**
 * A real app to point a browser at: Sequelize on a SQLite file, the memory transport and the
 * undici sender delivering to a loopback receiver, and the dashboard mounted in Express at
 * /admin/webhooks for requests with the admin session cookie. Filled by real deliveries:
 * billing and crm succeed, legacy answers 400 (dead at once), warehouse answers 503 (dead after
 * a retry), analytics is disabled first (its deliveries are held).
 */
export async function startFixtureApp() {
  const replies = new Map<string, Reply>([
    ['/billing', { status: 200, body: '{"received":true}' }],
    ['/crm', { status: 204 }],
    ['/legacy', { status: 400, headers: { 'content-type': 'text/html' }, body: HOSTILE_RESPONSE }],
    ['/warehouse', { status: 503, body: 'Service Unavailable' }],
    ['/analytics', { status: 200 }],
  ]);
  const receiver: TestReceiver = await startTestReceiver((request) => replies.get(request.path) ?? { status: 404 });
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-dashboard-'));
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'app.sqlite'), logging: false });
  defineWebhookModels(sequelize);
  await sequelize.sync();
  const webhooks: Webhooks = createWebhooks(
    defineWebhooks({
      allowPrivateNetwork: true, // the receiver is on loopback
      retry: { initialDelayMs: 100, jitter: 0 },
      maxRetries: 1,
      disableAfterFailures: 0,
      endpoints: [
        { name: 'billing', url: receiver.url('/billing'), secret: 'billing-secret-never-shown', events: ['order.*'] },
        {
          name: 'crm',
          url: receiver.url('/crm'),
          secret: 'crm-secret-never-shown',
          events: ['customer.created', 'order.paid'],
          redactFields: { 'shop.Customer': { email: '[redacted]' } },
        },
        { name: 'legacy', url: receiver.url('/legacy'), secret: 'legacy-secret-never-shown', events: ['order.paid'] },
        { name: 'warehouse', url: receiver.url('/warehouse'), secret: 'warehouse-secret-never-shown', events: ['order.shipped'] },
        { name: 'analytics', url: receiver.url('/analytics'), secret: 'analytics-secret-never-shown', events: ['*'] },
      ],
    }),
    { transport: createMemoryTransport({ concurrency: 4 }), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize) },
  );
  await webhooks.disableEndpoint('analytics', 'Paused while the analytics service moves');

  const events = [
    { event: 'customer.created', model: 'shop.Customer', object: { id: 7, name: 'Ann Lee', email: 'ann@example.com' } },
    { event: 'order.paid', model: 'shop.Order', object: { id: 1001, total: '150.00', status: 'PAID', customer: 7 } },
    { event: 'order.shipped', model: 'shop.Order', object: { id: 1001, carrier: 'DHL', tracking: 'JD0142' } },
    { event: 'order.paid', model: 'shop.Order', object: { id: 1002, total: '89.90', status: 'PAID', note: HOSTILE_NOTE } },
    { event: 'order.refunded', model: 'shop.Order', object: { id: 998, total: '12.00', status: 'REFUNDED' } },
    { event: 'order.paid', model: 'shop.Order', object: { id: 1003, total: '1249.00', status: 'PAID', items: [{ sku: 'CHAIR-9', qty: 4 }] } },
  ];
  for (const event of events) await webhooks.dispatch(event);
  const log = webhooks.deliveryLog;
  await waitFor(async () => (await log.count({ state: ['pending', 'retrying'] })) === 0, { timeoutMs: 15_000 });

  const app = express();
  app.use(
    '/admin/webhooks',
    webhooksDashboard({ webhooks, authorize: (req) => req.headers.cookie?.includes(`${ADMIN_COOKIE.name}=${ADMIN_COOKIE.value}`) === true }),
  );
  const { origin, close: stopServer } = await listen(app);
  return {
    webhooks,
    receiver,
    origin,
    url: (path = '/') => `${origin}/admin/webhooks${path}`,
    /** Changes what the receiver answers on a path from now on. */
    reply: (path: string, reply: Reply) => replies.set(path, reply),
    async close() {
      await stopServer();
      await webhooks.close();
      await sequelize.close();
      await receiver.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
