import { createEvent, signPayload } from '@webhooks/core';
import { afterEach, expect, it, vi } from 'vitest';
import { createWebhookHandler } from './app.js';

afterEach(() => vi.restoreAllMocks());

it('answers 500 when processing fails, and processes the retry of that event', async () => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
  const handled: string[] = [];
  let fail = true;
  const handler = createWebhookHandler({
    secrets: ['secret'],
    standardSecret: 'whsec_c2VjcmV0',
    async handle(event) {
      handled.push(event.id);
      if (fail) throw new Error('the warehouse API is down');
    },
  });
  const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
  const body = JSON.stringify(event);
  const attempt = async () =>
    handler(new Request('http://localhost/webhooks', { method: 'POST', body, headers: await signPayload({ secret: 'secret', eventId: event.id, body }) }));

  expect((await attempt()).status).toBe(500);
  fail = false;
  expect((await attempt()).status).toBe(204);
  expect((await attempt()).status).toBe(200);

  expect(handled).toEqual([event.id, event.id]);
});
