import { verifyRequest, verifyWebhook } from '@webhooks/verify';
import { describe, expect, it } from 'vitest';
import { signWebhook } from './sign-webhook.js';
import { signedRequest } from './signed-request.js';

const order = { event: 'order.paid', model: 'store.Order', object: { id: 42, status: 'PAID' } };

describe('signedRequest', () => {
  it('builds a Web Request that the verifier accepts', async () => {
    const request = await signedRequest(order, { secret: 's3cret', url: 'http://localhost/hooks' });
    expect(request.url).toBe('http://localhost/hooks');
    const { event } = await verifyRequest(request, { secret: 's3cret' });
    expect(event).toMatchObject({ event: 'order.paid', model: { app: 'store', name: 'Order' }, object: { id: '42', status: 'PAID' } });
  });

  it('signs at the timestamp it is given, for tolerance tests', async () => {
    const request = await signedRequest(order, { secret: 's3cret', timestamp: Math.floor(Date.now() / 1000) - 600 });
    await expect(verifyRequest(request, { secret: 's3cret' })).rejects.toMatchObject({ code: 'timestamp_too_old' });
  });

  it('signs with the Standard Webhooks scheme', async () => {
    const secret = 'whsec_dGVzdC1zZWNyZXQ=';
    const request = await signedRequest(order, { secret, scheme: 'standard-webhooks' });
    expect(request.headers.get('webhook-signature')).toMatch(/^v1,/);
    await expect(verifyRequest(request, { secret, scheme: 'standard-webhooks' })).resolves.toBeDefined();
  });
});

describe('signWebhook', () => {
  it('keeps a whole envelope as it is, so signing it twice makes a redelivery', async () => {
    const first = await signWebhook(order, { secret: 's3cret' });
    const again = await signWebhook(first.event, { secret: 's3cret' });
    expect(again.body).toBe(first.body);
    expect(again.headers['X-Webhook-Event-Id']).toBe(first.event.id);
    expect(first.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Webhook-Attempt': '1' });
    await expect(verifyWebhook({ headers: again.headers, body: again.body }, { secret: 's3cret' })).resolves.toBeDefined();
  });
});
