import { waitFor, createTestReceiver, type TestWebhookReceiver } from '@webhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeliveringApp, type DeliveringApp, type Orm } from './delivering-app.js';
import { requireBuild, startServer, webhooks } from './run-webhooks.js';
import { createTestDatabase, type Dialect, type TestDatabase } from './test-database.js';

const SECRET = 'deliveries-test-secret-71d3';

/**
 * The delivery-log commands against a real database through one ORM's config file, beside an
 * application process (this test process) that delivers from the same tables.
 */
export function describeDeliveryCommands(orm: Orm, dialect: Dialect): void {
  describe(`deliveries and endpoints commands, ${orm} on ${dialect}`, () => {
    let database: TestDatabase;
    let receiver: TestWebhookReceiver;
    let app: DeliveringApp;
    let failing = true;
    let env: Record<string, string>;
    const cli = (...args: string[]) => webhooks([...args, '--config', `${orm}.config.ts`], { env });
    const state = async (deliveryId: string) => (await app.webhooks.deliveryLog.get(deliveryId))?.state;

    beforeAll(async () => {
      requireBuild();
      database = await createTestDatabase(dialect);
      receiver = await createTestReceiver({ secret: SECRET, respond: () => (failing ? { status: 500, body: 'upstream is down' } : 200) });
      env = { DATABASE_URL: database.url, RECEIVER_URL: receiver.url, RECEIVER_SECRET: SECRET };
      app = await startDeliveringApp(orm, env);
      await app.webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
      await app.webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 2 } });
      await app.webhooks.dispatch({ event: 'customer.created', model: 'store.Customer', object: { id: 7 } });
      await waitFor(async () => (await app.webhooks.deliveryLog.count({ state: 'dead' })) === 3, { timeoutMs: 10_000, what: 'three dead deliveries' });
    });
    afterAll(async () => {
      await app?.close();
      await receiver?.close();
      await database?.drop();
    });

    it('lists dead deliveries as a table and as JSON, filtered by endpoint', async () => {
      const table = await cli('deliveries', 'list', '--state', 'dead');
      expect(table.code).toBe(0);
      const lines = table.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^DELIVERY +EVENT +ENDPOINT +STATE +ATTEMPTS +LAST +UPDATED$/);
      expect(lines.slice(1).map((line) => line.split(/ {2,}/).slice(1, 6))).toEqual([
        ['customer.created', 'erp', 'dead', '1', 'HTTP 500'],
        ['order.paid', 'crm', 'dead', '1', 'HTTP 500'],
        ['order.paid', 'crm', 'dead', '1', 'HTTP 500'],
      ]);
      expect(table.stderr).toContain('3 of 3');

      const json = await cli('deliveries', 'list', '--state', 'dead', '--endpoint', 'crm', '--since', '1h', '--limit', '1', '--json');
      expect(json.code).toBe(0);
      const page = JSON.parse(json.stdout);
      expect(page).toMatchObject({ total: 2, deliveries: [{ event: 'order.paid', endpoint: 'crm', state: 'dead', attempts: 1, lastStatus: 500 }] });
      expect(page.next).toBe(page.deliveries[0].deliveryId);
    });

    it('serves the delivery-log page to the holder of the link it prints, and to no one else', async () => {
      const server = await startServer('dashboard', ['--config', `${orm}.config.ts`], /Dashboard at (http:\/\/\S+)/, { env });
      try {
        const link = new URL(server.url);
        const origin = link.origin;
        expect((await fetch(`${origin}/`)).status).toBe(401);
        expect((await fetch(`${origin}/?token=not-the-token`)).status).toBe(401);
        const entry = await fetch(server.url, { redirect: 'manual' });
        expect(entry.status).toBe(303);
        expect(entry.headers.get('location')).toBe('/');
        const cookie = entry.headers.get('set-cookie')!.split(';')[0]!;
        const page = await fetch(`${origin}/?state=dead`, { headers: { cookie } });
        expect(page.status).toBe(200);
        const html = await page.text();
        for (const record of await app.webhooks.deliveryLog.find({ state: 'dead' })) expect(html).toContain(record.job.deliveryId);
        expect(html).not.toContain(SECRET);
      } finally {
        expect(await server.stop()).toBe(0);
      }
    });

    it('shows a delivery with every attempt; an unknown id exits 1', async () => {
      const [record] = await app.webhooks.deliveryLog.find({ endpoint: 'erp' });
      const shown = await cli('deliveries', 'show', record!.job.deliveryId);
      expect(shown.code).toBe(0);
      expect(shown.stdout).toContain(`Delivery  ${record!.job.deliveryId}`);
      expect(shown.stdout).toMatch(/State {5}dead/);
      expect(shown.stdout).toMatch(/^1 +1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ +\d+ ms +failed +500 +HTTP 500/m);
      expect(shown.stdout).toContain('response: upstream is down');
      const json = JSON.parse((await cli('deliveries', 'show', record!.job.deliveryId, '--json')).stdout);
      expect(json).toMatchObject({ state: 'dead', job: { eventName: 'customer.created' }, attempts: [{ attempt: 1, status: 500, outcome: 'failed' }] });

      const missing = await cli('deliveries', 'show', 'dlv_NOSUCHDELIVERY');
      expect(missing.code).toBe(1);
      expect(missing.stderr).toBe('error: no delivery dlv_NOSUCHDELIVERY in the delivery log\n');
    });

    it('replays a delivery by id: the application’s delivering process sends it', async () => {
      failing = false;
      const [record] = await app.webhooks.deliveryLog.find({ endpoint: 'erp' });
      const id = record!.job.deliveryId;
      const replayed = await cli('deliveries', 'replay', id);
      expect(replayed.code).toBe(0);
      expect(replayed.stdout).toBe(`✔ ${id}\n`);
      expect(replayed.stderr).toContain('Replayed 1 of 1 delivery.');
      await waitFor(async () => (await state(id)) === 'succeeded', { timeoutMs: 10_000, what: `${id} delivered after the replay` });
      expect(receiver.requests.filter((r) => r.event?.id === record!.job.eventId).map((r) => r.status)).toEqual([500, 200]);
      // Both attempts are listed; the replay started again at attempt 1.
      const shown = await cli('deliveries', 'show', id);
      expect(shown.stdout).toMatch(/^1 +1 +.* +failed +500 +HTTP 500\n2 +1 +.* +success +200 +HTTP 200$/m);

      const again = await cli('deliveries', 'replay', 'dlv_NOSUCHDELIVERY', '--json');
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout)).toEqual({ replayed: [], failed: [{ deliveryId: 'dlv_NOSUCHDELIVERY', code: 'not_found', message: 'no delivery dlv_NOSUCHDELIVERY in the delivery log' }] });
    });

    it('replays by filter, and a dry run replays nothing', async () => {
      const dry = await cli('deliveries', 'replay', '--endpoint', 'crm', '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stderr).toContain('2 deliveries would be replayed (--dry-run: nothing was).');
      expect(await app.webhooks.deliveryLog.count({ endpoint: 'crm', state: 'dead' })).toBe(2);

      const replayed = await cli('deliveries', 'replay', '--state', 'dead', '--endpoint', 'crm', '--json');
      expect(replayed.code).toBe(0);
      const { replayed: ids } = JSON.parse(replayed.stdout) as { replayed: string[] };
      expect(ids).toHaveLength(2);
      await waitFor(async () => (await app.webhooks.deliveryLog.count({ state: 'succeeded' })) === 3, { timeoutMs: 10_000, what: 'every delivery succeeded' });
    });

    it('disables an endpoint for every process, lists what it holds, and enables it again', { timeout: 60_000 }, async () => {
      const disabled = await cli('endpoints', 'disable', 'crm', '--reason', 'CRM maintenance');
      expect(disabled.code).toBe(0);
      await waitFor(async () => (await app.webhooks.listEndpoints()).some((e) => e.endpoint === 'crm' && e.state === 'disabled'), { what: 'the app to see crm disabled' });
      await waitFor(() => app.webhooks.endpointStatus('crm').state === 'disabled', { what: 'the delivering process to see crm disabled' });
      const { deliveries } = await app.webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 3 } });
      await waitFor(async () => (await state(deliveries[0]!.deliveryId)) === 'held', { timeoutMs: 10_000, what: 'the delivery held' });

      const listed = await cli('endpoints');
      expect(listed.code).toBe(0);
      expect(listed.stdout).toMatch(/^ENDPOINT +STATE +FAILURES +HELD +URL +REASON$/m);
      expect(listed.stdout).toMatch(/^crm +disabled +\d+ +1 +http:\/\/127\.0\.0\.1:\d+\/webhooks +CRM maintenance \(since .*Z\)$/m);
      expect(listed.stdout).toMatch(/^erp +active +\d+ +0 +http:\/\/127\.0\.0\.1:\d+\/webhooks\?… *$/m);
      expect(listed.stdout).not.toContain('t0ps3cret');

      const enabled = await cli('endpoints', 'enable', 'crm');
      expect(enabled.code).toBe(0);
      expect(enabled.stdout).toBe('Enabled crm: 1 held delivery resumes.\n');
      await waitFor(async () => (await state(deliveries[0]!.deliveryId)) === 'succeeded', { timeoutMs: 10_000, what: 'the held delivery sent' });
      const json = JSON.parse((await cli('endpoints', '--json')).stdout);
      expect(json).toEqual([
        expect.objectContaining({ endpoint: 'crm', state: 'active', held: 0 }),
        expect.objectContaining({ endpoint: 'erp', state: 'active', held: 0 }),
      ]);

      const unknown = await cli('endpoints', 'disable', 'billing');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no endpoint named "billing" in the configuration');
    });
  });
}
