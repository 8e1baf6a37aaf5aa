import { createFetchSender, createWebhooks, signPayload, type Webhooks } from '@webhooks/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestReceiver, type TestWebhookReceiver } from './create-test-receiver.js';
import { createManualClock } from './manual-clock.js';
import { signWebhook } from './sign-webhook.js';

let receiver: TestWebhookReceiver | undefined;
let webhooks: Webhooks | undefined;
afterEach(async () => {
  await webhooks?.close();
  await receiver?.close();
  webhooks = receiver = undefined;
});

const sender = (url: string, secret: string, extra: Record<string, unknown> = {}) =>
  createWebhooks(
    { allowPrivateNetwork: true, asyncDelivery: false, endpoints: [{ name: 'crm', url, secret, events: ['order.*'], includeModels: ['store.Order'], ...extra }] },
    { sender: createFetchSender() },
  );

describe('createTestReceiver', () => {
  it('resolves with the verified event a sender delivered, matched by name and fields', async () => {
    receiver = await createTestReceiver({ secret: 'test-secret' });
    webhooks = sender(receiver.url, 'test-secret');
    await webhooks.dispatch({ event: 'order.created', model: 'store.Order', object: { id: 42, status: 'PENDING' } });
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 41, status: 'PAID' } });
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 42, status: 'PAID' } });

    const event = await receiver.expectWebhook<{ id: string; status: string }>('order.paid', { where: { object: { id: '42' } } });

    expect(event.object).toEqual({ id: '42', status: 'PAID' });
    expect(receiver.events.map((e) => e.event)).toEqual(['order.created', 'order.paid', 'order.paid']);
  });

  it('waits for a webhook that has not arrived yet', async () => {
    receiver = await createTestReceiver({ secret: 'test-secret' });
    webhooks = sender(receiver.url, 'test-secret');
    const expected = receiver.expectWebhook('order.paid', { timeoutMs: 2000 });
    setTimeout(() => void webhooks!.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }), 50);
    await expect(expected).resolves.toMatchObject({ event: 'order.paid', object: { id: '1' } });
  });

  it('rejects with a message listing what arrived, why each did not match, and the rejected requests', async () => {
    receiver = await createTestReceiver({ secret: 'test-secret' });
    webhooks = sender(receiver.url, 'test-secret');
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 41 } });
    const { body, headers } = await signWebhook({ event: 'order.paid', model: 'store.Order', object: { id: 42 } }, { secret: 'wrong' });
    const forged = await fetch(receiver.url, { method: 'POST', body, headers });
    expect(forged.status).toBe(401);

    const error = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } }, timeoutMs: 100 }).catch((err: Error) => err);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`expected a verified order.paid webhook where {"object":{"id":"42"}} at ${receiver.url} within 100 ms; 2 arrived:`);
    expect(message).toMatch(/1\. order\.paid evt_\w+ \(object\.id is "41"\)/);
    expect(message).toContain('2. rejected with 401: no_matching_signature');
    expect(message).not.toContain('wrong');
    expect(receiver.requests.map((r) => r.verdict)).toEqual(['verified', 'rejected']);
  });

  it('says when nothing arrived', async () => {
    receiver = await createTestReceiver({ secret: 'test-secret' });
    await expect(receiver.expectWebhook('order.paid', { timeoutMs: 20 })).rejects.toThrow(/within 20 ms; nothing arrived$/);
  });

  it('answers with the statuses it is given, so the sender retries, on the sender’s manual clock', async () => {
    const clock = createManualClock();
    receiver = await createTestReceiver({ secret: 'test-secret', respond: [503, 200], clock });
    webhooks = createWebhooks(
      { allowPrivateNetwork: true, asyncDelivery: false, endpoints: [{ name: 'crm', url: receiver.url, secret: 'test-secret' }] },
      { sender: createFetchSender(), clock, random: () => 0.5 },
    );
    const { deliveries } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 7 } });
    expect(deliveries[0]!.state).toBe('retrying');

    await clock.next();
    const [record] = await webhooks.deliveryLog.find({});
    expect(record!.state).toBe('succeeded');
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 200]);
    expect(receiver.events.map((e) => e.id)).toEqual([record!.job.eventId, record!.job.eventId]);
  });

  it('verifies Standard Webhooks requests by their headers', async () => {
    const secret = 'whsec_dGVzdC1zZWNyZXQtZm9yLXN0YW5kYXJk';
    receiver = await createTestReceiver({ secret });
    webhooks = sender(receiver.url, secret, { signatureScheme: 'standard-webhooks' });
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 5 } });
    await expect(receiver.expectWebhook('order.paid')).resolves.toMatchObject({ object: { id: '5' } });
    expect(receiver.requests[0]!.headers['webhook-signature']).toMatch(/^v1,/);
  });

  it('rejects a stale signature with the verifier’s reason', async () => {
    receiver = await createTestReceiver({ secret: 'test-secret' });
    const body = JSON.stringify({ id: 'evt_1', event: 'order.paid', timestamp: '2026-01-24T10:00:00Z', model: { app: 'store', name: 'Order' }, object: {}, changes: {}, user: null });
    const headers = await signPayload({ secret: 'test-secret', eventId: 'evt_1', body, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    const response = await fetch(receiver.url, { method: 'POST', body, headers });
    expect(response.status).toBe(401);
    expect(receiver.requests[0]!.error).toEqual({ code: 'timestamp_too_old', message: 'timestamp is more than 300s in the past' });
    expect(receiver.events).toEqual([]);
  });
});
