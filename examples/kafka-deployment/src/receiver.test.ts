import { signWebhook } from '@webhooks/testing';
import { afterEach, expect, it } from 'vitest';
import { startReceiver } from './receiver.js';

// The example's receiving service on its own, fed signed requests by the test kit (no broker needed).
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
afterEach(async () => receiver?.close());

it('counts each verified event once, per worker, and refuses a wrong signature', async () => {
  receiver = await startReceiver('example-secret');
  const post = async (secret: string, event: Parameters<typeof signWebhook>[0], worker: string) => {
    const { headers, body } = await signWebhook(event, { secret, headers: { 'X-Worker': worker } });
    return (await fetch(receiver!.url, { method: 'POST', headers, body })).status;
  };
  const first = await signWebhook({ event: 'order.created', model: 'shop.Order', object: { id: 1 } }, { secret: 'example-secret' });

  expect(await post('example-secret', first.event, 'worker-a')).toBe(204);
  expect(await post('example-secret', first.event, 'worker-b')).toBe(204); // a redelivery from the other worker
  expect(await post('example-secret', { event: 'order.paid', model: 'shop.Order', object: { id: 1 } }, 'worker-b')).toBe(204);
  expect(await post('wrong-secret', { event: 'order.paid', model: 'shop.Order', object: { id: 2 } }, 'worker-a')).toBe(401);

  expect(receiver.eventIds.size).toBe(2);
  expect(receiver.byWorker).toEqual({ 'worker-a': 1, 'worker-b': 2 });
  expect(receiver.requests()).toBe(3);
});
