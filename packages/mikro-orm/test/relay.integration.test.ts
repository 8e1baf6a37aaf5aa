import { verifySignature } from '@webhooks/core';
import { attachWebhooks, createMikroOrmDeliveryLog, createMikroOrmOutbox, WebhookOutbox } from '@webhooks/mikro-orm';
import { startTestReceiver, type TestReceiver } from '@webhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { outboxEvents, SECRET, startApp, webhooksFor, type TestApp } from './support/app.js';
import { dialects } from './support/databases.js';
import { Customer } from './support/models.js';

let receiver: TestReceiver | undefined;
let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  await receiver?.close();
  app = receiver = undefined;
});

const hooks = (url: string) => [{ name: 'hooks', url, secret: SECRET, includeModels: '*' as const }];
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(dialects)('relay to a real receiver on %s', (dialect) => {
  it('delivers a committed change once, signed, as soon as it commits; a rolled-back one never', async () => {
    receiver = await startTestReceiver();
    // A minute between polls: only the wake after commit can deliver within the test.
    app = await startApp(dialect, { endpoints: hooks(receiver.url()), attach: { relay: { pollIntervalMs: 60_000 } } });
    await expect(
      app.orm.em.fork().transactional(async (em) => {
        em.create(Customer, { name: 'Rolled back', email: null });
        await em.flush();
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Ann', email: null });
    await em.flush();
    const [request] = await receiver.waitFor(1, 5000);
    const event = JSON.parse(request!.body);
    expect(event).toMatchObject({ event: 'customer.created', object: { id: String(customer.id), name: 'Ann' } });
    await expect(verifySignature(request!.headers, request!.body, { secret: SECRET })).resolves.toBeTruthy();
    await settle(200);
    expect(receiver.requests).toHaveLength(1);
    const [row] = await app.orm.em.fork().find(WebhookOutbox, {});
    expect(Number(row!.publishedAt)).toBeGreaterThan(0);
  });

  it('records the delivery and its attempt in the database log', async () => {
    receiver = await startTestReceiver(() => ({ status: 200, body: 'thanks' }));
    app = await startApp(dialect, { endpoints: hooks(receiver.url()), attach: { relay: {} }, deliveryLog: createMikroOrmDeliveryLog });
    const log = app.webhooks.deliveryLog;
    const em = app.orm.em.fork();
    em.create(Customer, { name: 'Bo', email: null });
    await em.flush();
    const [request] = await receiver.waitFor(1, 5000);
    const deliveryId = String(request!.headers['x-webhook-delivery-id']);
    await expect.poll(async () => (await log.get(deliveryId))?.state, { timeout: 5000 }).toBe('succeeded');
    const record = await log.get(deliveryId);
    expect(record!.attempts).toMatchObject([{ attempt: 1, outcome: 'success', status: 200, responseBody: 'thanks' }]);
  });

  it('relays a flush whole, even when it holds more events than the batch size, oldest flush first', async () => {
    app = await startApp(dialect, { endpoints: hooks('http://127.0.0.1:9/hooks') });
    const flush = async (names: string[]) => {
      const em = app!.orm.em.fork();
      for (const name of names) em.create(Customer, { name, email: null });
      await em.flush();
    };
    await flush(['a', 'b', 'c']);
    await flush(['d']);
    const outbox = createMikroOrmOutbox(app.orm);
    const names = async () => {
      const seen: string[] = [];
      const moved = await outbox.relayBatch(2, async (jobs) => void seen.push(...jobs.map((job) => JSON.parse(job.body).object.name)));
      return { moved, seen };
    };
    expect(await names()).toEqual({ moved: 3, seen: ['a', 'b', 'c'] });
    expect(await names()).toEqual({ moved: 1, seen: ['d'] });
    expect(await names()).toEqual({ moved: 0, seen: [] });
  });

  it('stops capturing and relaying after detach', async () => {
    app = await startApp(dialect);
    await app.attached.detach();
    const em = app.orm.em.fork();
    em.create(Customer, { name: 'Cy', email: null });
    await em.flush();
    expect(await outboxEvents(app.orm)).toEqual([]);
  });
});

describe.each(dialects.filter((d) => d !== 'sqlite'))('two relays on %s', (dialect) => {
  it('deliver every event exactly once between them, without lock errors', async () => {
    const errors: unknown[] = [];
    const onError = (error: unknown) => void errors.push(error);
    const busyRelay = { batchSize: 5, pollIntervalMs: 25 };
    receiver = await startTestReceiver();
    app = await startApp(dialect, { endpoints: hooks(receiver.url()), attach: { relay: { ...busyRelay, onError } } });
    const second = await app.db.open();
    const webhooks = webhooksFor(hooks(receiver.url()));
    const other = attachWebhooks(second, webhooks, { appLabel: 'store', relay: { ...busyRelay, onError } });
    try {
      for (let flush = 0; flush < 8; flush++) {
        const em = app.orm.em.fork();
        for (let i = 0; i < 5; i++) em.create(Customer, { name: `c${flush}-${i}`, email: null });
        await em.flush();
      }
      await receiver.waitFor(40, 15_000);
      await settle(300);
      const ids = receiver.requests.map((r) => r.headers['x-webhook-event-id']);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      expect(errors).toEqual([]);
    } finally {
      await other.detach();
      await webhooks.close();
    }
  });
});
