import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createFetchSender, createWebhooks, type WebhookConfigOptions } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { startTestReceiver, waitFor, type Reply, type TestReceiver } from '@webhooks/testing';
import { createUndiciSender } from '@webhooks/undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachWebhooks, createSequelizeDeliveryLog, defineWebhookModels } from '../src/index.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';
import { defineShop } from './scenario.js';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const IN_FLIGHT_CHILD = fileURLToPath(new URL('./crash-in-flight-child.ts', import.meta.url));

function runChild(options: unknown, url: string, script = CHILD): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(options), url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout }));
    if (script !== CHILD) {
      // Killed once its delivery is on the wire: in flight, and in nothing but this process's memory and lease.
      void receiverOf(url).then(() => child.kill('SIGKILL'));
    }
  });
}

const inFlight = new Map<string, Promise<unknown>>();
const receiverOf = (url: string) => inFlight.get(url) ?? Promise.resolve();

/** Outbox to receiver over real HTTP, across process deaths and restarts. */
export function describeSequelizeDelivery(dialect: Dialect): void {
  describe(`Sequelize outbox delivery on ${dialect}`, () => {
    let db: TestDatabase;
    let receiver: TestReceiver;
    let replies: Reply[] = [];
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      const sequelize = db.connect();
      defineShop(sequelize);
      defineWebhookModels(sequelize);
      await sequelize.sync();
      await sequelize.close();
      receiver = await startTestReceiver((_, i) => replies[i] ?? { status: 200 });
    });
    afterEach(() => {
      receiver.requests.length = 0;
      replies = [];
    });
    afterAll(async () => {
      await receiver?.close();
      await db?.drop();
    });

    const open = (config: Partial<WebhookConfigOptions> = {}) => {
      const sequelize = db.connect();
      const shop = defineShop(sequelize);
      defineWebhookModels(sequelize);
      const deliveryLog = createSequelizeDeliveryLog(sequelize);
      const webhooks = createWebhooks(
        { asyncDelivery: false, allowPrivateNetwork: true, endpoints: [{ name: 'receiver', url: receiver.url(), secret: 'crash-secret', includeModels: ['store.Order'] }], ...config },
        { sender: createFetchSender(), deliveryLog },
      );
      return { sequelize, shop, webhooks, deliveryLog };
    };

    it('delivers an event committed by a process killed before its relay ran, exactly once', async () => {
      const child = await runChild(db.options, receiver.url());
      expect(child).toMatchObject({ signal: 'SIGKILL', stdout: 'committed\n' });
      expect(receiver.requests).toHaveLength(0);
      const { sequelize, webhooks } = open();
      const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
      await receiver.waitFor(1);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await integration.detach();
      await sequelize.close();
      expect(receiver.requests).toHaveLength(1);
      expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ event: 'order.created', object: { reference: 'ORD-CRASH' } });
    });

    it('sends a delivery that was in flight in a killed process, with no call to recover()', async () => {
      replies = [{ hang: true }, { status: 200 }];
      inFlight.set(receiver.url(), receiver.waitFor(1, 20_000));
      const child = await runChild(db.options, receiver.url(), IN_FLIGHT_CHILD);
      expect(child).toMatchObject({ signal: 'SIGKILL', stdout: 'committed\n' });
      const sequelize = db.connect();
      defineShop(sequelize);
      defineWebhookModels(sequelize);
      const deliveryLog = createSequelizeDeliveryLog(sequelize);
      const webhooks = createWebhooks(
        { allowPrivateNetwork: true, endpoints: [{ name: 'receiver', url: receiver.url(), secret: 'crash-secret', includeModels: ['store.Order'] }] },
        { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog, leaseMs: 1000, sweepIntervalMs: 100 },
      );
      const integration = attachWebhooks(sequelize, webhooks, { appLabel: 'store' });
      const [first, second] = await receiver.waitFor(2, 20_000);
      expect(second!.headers['x-webhook-event-id']).toBe(first!.headers['x-webhook-event-id']);
      expect(JSON.parse(second!.body)).toMatchObject({ event: 'order.created', object: { reference: 'ORD-IN-FLIGHT' } });
      await waitFor(async () => (await deliveryLog.find({ endpoint: 'receiver', state: 'succeeded', limit: 10 })).length === 1, {
        what: 'the delivery recorded as succeeded',
      });
      await integration.detach();
      await webhooks.close();
      await sequelize.close();
      expect(receiver.requests).toHaveLength(2);
    });

    it('shares endpoint health between processes and restarts: a delivery held by one is sent when another enables it', async () => {
      const engine = () => {
        const sequelize = db.connect();
        defineShop(sequelize);
        defineWebhookModels(sequelize);
        const webhooks = createWebhooks(
          { allowPrivateNetwork: true, endpoints: [{ name: 'shared', url: receiver.url(), secret: 'crash-secret', includeModels: ['store.Order'] }] },
          { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize), sweepIntervalMs: 100 },
        );
        return { sequelize, webhooks, shop: defineShop(sequelize) };
      };
      const admin = engine();
      await admin.webhooks.disableEndpoint('shared', 'maintenance window');
      const sender = engine();
      const integration = attachWebhooks(sender.sequelize, sender.webhooks, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
      await sender.sequelize.transaction((transaction) => sender.shop.Order.create({ reference: 'ORD-HELD', total: 3 }, { transaction }));
      await waitFor(async () => (await sender.webhooks.deliveryLog.find({ endpoint: 'shared', state: 'held' })).length === 1, {
        what: 'the delivery held by the process that did not disable the endpoint',
      });
      expect(receiver.requests).toHaveLength(0);
      // A process started later (a restart) sees the endpoint disabled too.
      const restarted = engine();
      expect(await restarted.webhooks.listEndpoints()).toEqual([
        expect.objectContaining({ endpoint: 'shared', state: 'disabled', reason: 'maintenance window' }),
      ]);
      expect(await restarted.webhooks.enableEndpoint('shared')).toBe(1);
      const [request] = await receiver.waitFor(1, 10_000);
      expect(JSON.parse(request!.body)).toMatchObject({ object: { reference: 'ORD-HELD' } });
      expect((await admin.webhooks.listEndpoints())[0]).toMatchObject({ state: 'active', consecutiveFailures: 0 });
      await integration.detach();
      for (const each of [admin, sender, restarted]) {
        await each.webhooks.close();
        await each.sequelize.close();
      }
    });

    it('a process that does not deliver (worker: false) hands a replay to the log, and a delivering process sends it', async () => {
      replies = [{ status: 400 }, { status: 200 }];
      const open = (worker: boolean) => {
        const sequelize = db.connect();
        const shop = defineShop(sequelize);
        defineWebhookModels(sequelize);
        const webhooks = createWebhooks(
          { allowPrivateNetwork: true, endpoints: [{ name: 'replayed', url: receiver.url(), secret: 'crash-secret', includeModels: ['store.Order'] }] },
          { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize), sweepIntervalMs: 100, worker },
        );
        return { sequelize, shop, webhooks };
      };
      const app = open(true);
      const integration = attachWebhooks(app.sequelize, app.webhooks, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
      await app.sequelize.transaction((transaction) => app.shop.Order.create({ reference: 'ORD-REPLAY', total: 4 }, { transaction }));
      await waitFor(async () => (await app.webhooks.deliveryLog.find({ endpoint: 'replayed', state: 'dead' })).length === 1, { what: 'a dead delivery' });
      const [dead] = await app.webhooks.deliveryLog.find({ endpoint: 'replayed', state: 'dead' });
      const admin = open(false);
      await admin.webhooks.replay(dead!.job.deliveryId);
      await admin.webhooks.close();
      await admin.sequelize.close();
      await receiver.waitFor(2, 10_000);
      await waitFor(async () => (await app.webhooks.deliveryLog.get(dead!.job.deliveryId))?.state === 'succeeded', { what: 'the replay delivered' });
      await integration.detach();
      await app.webhooks.close();
      await app.sequelize.close();
    });

    it('keeps the attempts of a delivery retried across a restart', async () => {
      replies = [{ status: 503 }, { status: 200 }];
      const first = open({ retry: { initialDelayMs: 500, jitter: 0 } });
      const integration = attachWebhooks(first.sequelize, first.webhooks, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
      await first.sequelize.transaction((transaction) => first.shop.Order.create({ reference: 'ORD-RESTART', total: 1 }, { transaction }));
      await receiver.waitFor(1);
      await integration.detach();
      await first.webhooks.close();
      await first.sequelize.close();

      const second = open();
      expect(await second.webhooks.recover()).toBe(1);
      await receiver.waitFor(2);
      await second.webhooks.close();
      const [record] = await second.deliveryLog.find({ endpoint: 'receiver', limit: 1 });
      await second.sequelize.close();
      expect(record!.state).toBe('succeeded');
      expect(record!.attempts.map((a) => [a.attempt, a.status])).toEqual([[1, 503], [2, 200]]);
      expect(new Set(receiver.requests.map((r) => r.headers['x-webhook-event-id'])).size).toBe(1);
    });

    if (dialect === 'sqlite') return;
    it('publishes each event once with two relays over one outbox', async () => {
      const writer = open();
      const writerIntegration = attachWebhooks(writer.sequelize, writer.webhooks, { appLabel: 'store', relay: false });
      const relays = [open(), open()].map(({ sequelize, webhooks }) => ({
        sequelize,
        integration: attachWebhooks(sequelize, webhooks, { appLabel: 'store', relay: { pollIntervalMs: 20, batchSize: 5 } }),
      }));
      for (let i = 0; i < 40; i++) {
        await writer.sequelize.transaction((transaction) => writer.shop.Order.create({ reference: `ORD-TWO-${i}`, total: i }, { transaction }));
      }
      await receiver.waitFor(40, 20_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      for (const relay of relays) {
        await relay.integration.detach();
        await relay.sequelize.close();
      }
      await writerIntegration.detach();
      await writer.sequelize.close();
      const references = receiver.requests.map((r) => JSON.parse(r.body).object.reference);
      expect(references).toHaveLength(40);
      expect(new Set(references).size).toBe(40);
    });
  });
}
