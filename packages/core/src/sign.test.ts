import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { nodeHmac } from './adapter/node/node-hmac.js';
import { webHmac } from './crypto/web-hmac.js';
import { signPayload } from './sign.js';

const body = JSON.stringify({ id: 'evt_1', event: 'order.paid', object: { note: 'café ☕ 🎉' } });

describe.each([nodeHmac, webHmac])('signPayload with $name', (hmac) => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 in lowercase hex', async () => {
    const headers = await signPayload({ secret: 'whk-secret', eventId: 'evt_1', body, timestamp: 1769248800, hmac });
    const expected = createHmac('sha256', 'whk-secret').update(`1769248800.${body}`).digest('hex');
    expect(headers).toEqual({
      'X-Webhook-Event-Id': 'evt_1',
      'X-Webhook-Timestamp': '1769248800',
      'X-Webhook-Signature': `sha256=${expected}`,
    });
  });

  it('produces Standard Webhooks headers that the standardwebhooks package verifies', async () => {
    const secret = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`;
    const now = Math.floor(Date.now() / 1000);
    const headers = await signPayload({ secret, eventId: 'evt_1', body, timestamp: now, scheme: 'standard-webhooks', hmac });
    expect(Object.keys(headers)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });
});

describe.each([nodeHmac, webHmac])('signPayload during a rotation, with $name', (hmac) => {
  it('keeps the current signature alone in X-Webhook-Signature and puts the previous ones in X-Webhook-Previous-Signature', async () => {
    const headers = await signPayload({ secret: 'new', previousSecrets: ['old', 'older'], eventId: 'evt_1', body, timestamp: 1769248800, hmac });
    const mac = (secret: string) => `sha256=${createHmac('sha256', secret).update(`1769248800.${body}`).digest('hex')}`;
    expect(headers['X-Webhook-Signature']).toBe(mac('new'));
    expect(headers['X-Webhook-Previous-Signature']).toBe(`${mac('old')} ${mac('older')}`);
  });

  it('sends space-separated v1 signatures that the standardwebhooks package accepts under either secret', async () => {
    const [current, previous] = [`whsec_${btoa('n'.repeat(32))}`, `whsec_${btoa('o'.repeat(32))}`];
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = await signPayload({ secret: current, previousSecrets: [previous], eventId: 'evt_1', body, timestamp, scheme: 'standard-webhooks', hmac });
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(new Webhook(current).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(`whsec_${btoa('x'.repeat(32))}`).verify(body, headers)).toThrow();
  });
});

describe('signPayload', () => {
  it('uses the current time when no timestamp is given', async () => {
    const before = Math.floor(Date.now() / 1000);
    const headers = await signPayload({ secret: 's', eventId: 'evt_1', body: '{}' });
    expect(Number(headers['X-Webhook-Timestamp'])).toBeGreaterThanOrEqual(before);
  });

  it('matches what the standardwebhooks package signs', async () => {
    const secret = `whsec_${btoa('another-key-of-24-bytes!')}`;
    const theirs = new Webhook(secret).sign('msg_1', new Date(1769248800 * 1000), body);
    const ours = await signPayload({ secret, eventId: 'msg_1', body, timestamp: 1769248800, scheme: 'standard-webhooks' });
    expect(ours['webhook-signature']).toBe(theirs);
  });
});
