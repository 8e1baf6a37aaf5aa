import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhook } from '@webhooks/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { createReceiverApp } from './app.js';

let server: Server | undefined;
afterEach(() => {
  server?.close();
  vi.restoreAllMocks();
});

it('processes a redelivery of an event whose first processing failed', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const handled: string[] = [];
  let fail = true;
  const { app, queue } = createReceiverApp({
    secrets: ['secret'],
    async handle(event) {
      handled.push(event.id);
      if (fail) throw new Error('the warehouse API is down');
    },
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  // The same envelope each time, signed afresh: what a sender's retry looks like.
  const { event } = await signWebhook({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }, { secret: 'secret' });
  const send = async () => {
    const { headers, body } = await signWebhook(event, { secret: 'secret' });
    return fetch(url, { method: 'POST', headers, body });
  };

  expect((await send()).status).toBe(204);
  await queue.idle();
  expect(console.error).toHaveBeenCalledOnce();
  fail = false;
  expect((await send()).status).toBe(204);
  await queue.idle();
  expect((await send()).status).toBe(200);
  await queue.idle();

  expect(handled).toEqual([event.id, event.id]);
});
