import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, listen, post, SECRET, signed } from '../test/fixtures.js';
import { createMemoryIdempotencyStore } from '@webhooks/verify';
import { createDeferred } from '@webhooks/testing';
import { verifyWebhook, type VerifyWebhookMiddlewareOptions } from './verify-webhook.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** An app whose handler answers with the status the test queues next (default 200). */
async function start(options: VerifyWebhookMiddlewareOptions) {
  const statuses: number[] = [];
  const processed: string[] = [];
  const app = express();
  app.post('/webhooks', verifyWebhook(options), (req, res) => {
    processed.push(req.webhook!.event.id);
    res.sendStatus(statuses.shift() ?? 200);
  });
  const server = await listen(app);
  close = server.close;
  const url = `${server.url}/webhooks`;
  return { statuses, processed, send: async (body: string) => (await post(url, body, await signed(body))).status };
}

describe('verifyWebhook() idempotency', () => {
  it('answers 200 to a redelivery when duplicateStatus is 200, without processing it again', async () => {
    const app = await start({ secret: SECRET, idempotency: true, duplicateStatus: 200 });
    const body = eventBody();
    expect(await app.send(body)).toBe(200);
    expect(await app.send(body)).toBe(200);
    expect(app.processed).toHaveLength(1);
  });

  it('processes a redelivery again when the handler failed the first time with a 5xx', async () => {
    const app = await start({ secret: SECRET, idempotency: true });
    app.statuses.push(503);
    const body = eventBody();
    expect(await app.send(body)).toBe(503);
    expect(await app.send(body)).toBe(200);
    expect(await app.send(body)).toBe(200);
    expect(app.processed).toHaveLength(2);
  });

  it('lets the handler release the claim itself', async () => {
    const app = express();
    let runs = 0;
    app.post('/webhooks', verifyWebhook({ secret: SECRET, idempotency: true }), async (req, res) => {
      runs++;
      if (runs === 1) await req.webhook!.release(); // e.g. handed to a queue that refused it
      res.sendStatus(202);
    });
    const server = await listen(app);
    close = server.close;
    const body = eventBody();
    const send = async () => (await post(`${server.url}/webhooks`, body, await signed(body))).status;
    expect([await send(), await send(), await send()]).toEqual([202, 202, 200]);
  });

  it('shares a store between middlewares, so two routes dedupe together', async () => {
    const store = createMemoryIdempotencyStore();
    const app = express();
    app.post('/a', verifyWebhook({ secret: SECRET, idempotency: store }), (_req, res) => res.sendStatus(200));
    app.post('/b', verifyWebhook({ secret: SECRET, idempotency: store }), (_req, res) => res.sendStatus(200));
    const server = await listen(app);
    close = server.close;
    const body = eventBody();
    expect((await post(`${server.url}/a`, body, await signed(body))).status).toBe(200);
    expect((await post(`${server.url}/b`, body, await signed(body))).status).toBe(200);
  });

  it('answers a redelivery that arrives while the first copy is in its handler 503 with Retry-After, and 200 once it completed', async () => {
    const gate = createDeferred();
    const entered = createDeferred();
    let runs = 0;
    const app = express();
    app.post('/webhooks', verifyWebhook({ secret: SECRET, idempotency: true, idempotencyLeaseMs: 30_000 }), async (_req, res) => {
      runs++;
      entered.resolve();
      await gate.promise;
      res.sendStatus(204);
    });
    const server = await listen(app);
    close = server.close;
    const body = eventBody();
    const send = async () => post(`${server.url}/webhooks`, body, await signed(body));
    const first = send();
    await entered.promise;
    const during = await send();
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toBe('30');
    expect(during.json.error?.code).toBe('event_in_flight');
    gate.resolve();
    expect((await first).status).toBe(204);
    expect((await send()).status).toBe(200);
    expect(runs).toBe(1);
  });

  it('processes the sender\'s retry when the first copy failed while a redelivery was told to wait', async () => {
    const gate = createDeferred();
    const entered = createDeferred();
    const statuses: number[] = [];
    const app = express();
    app.post('/webhooks', verifyWebhook({ secret: SECRET, idempotency: true }), async (_req, res) => {
      statuses.push(statuses.length === 0 ? 500 : 204);
      entered.resolve();
      if (statuses.length === 1) await gate.promise;
      res.sendStatus(statuses.at(-1)!);
    });
    const server = await listen(app);
    close = server.close;
    const body = eventBody();
    const send = async () => (await post(`${server.url}/webhooks`, body, await signed(body))).status;
    const first = send();
    await entered.promise;
    expect(await send()).toBe(503);
    gate.resolve();
    expect(await first).toBe(500);
    expect(await send()).toBe(204);
    expect(await send()).toBe(200);
  });
});
