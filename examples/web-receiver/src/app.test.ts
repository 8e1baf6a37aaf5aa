import { signedRequest } from '@webhooks/testing';
import { afterEach, expect, it, vi } from 'vitest';
import { createWebhookHandler } from './app.js';

afterEach(() => vi.restoreAllMocks());

const order = { id: 'evt_web_receiver_test_1', event: 'order.paid', timestamp: '2026-01-24T10:00:00Z', model: 'store.Order', object: { id: 1 } };

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
  const attempt = async () => handler(await signedRequest(order, { secret: 'secret' }));

  expect((await attempt()).status).toBe(500);
  fail = false;
  expect((await attempt()).status).toBe(204);
  expect((await attempt()).status).toBe(200);

  expect(handled).toEqual([order.id, order.id]);
});

it('verifies the Standard Webhooks route with its own secret, and refuses a request signed for the other route', async () => {
  const handler = createWebhookHandler({ secrets: ['secret'], standardSecret: 'whsec_c2VjcmV0', handle: async () => {} });
  const standard = { secret: 'whsec_c2VjcmV0', scheme: 'standard-webhooks' as const, url: 'http://localhost/webhooks/standard' };
  expect((await handler(await signedRequest({ ...order, id: 'evt_web_receiver_test_2' }, standard))).status).toBe(204);
  const misrouted = await handler(await signedRequest({ ...order, id: 'evt_web_receiver_test_3' }, { secret: 'secret', url: standard.url }));
  expect(misrouted.status).toBe(401);
});
