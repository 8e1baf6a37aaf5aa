import { createEvent, signPayload } from '@webhooks/core';
import { createTestReceiver, signWebhook } from '@webhooks/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, startListener } from './support/run-webhooks.js';

const SECRET = 'listen-test-secret-0b7c';
const order = (id: number) => ({ event: 'order.paid', model: 'store.Order', object: { id, status: 'PAID' } });
const post = async (url: string, signed: { headers: Record<string, string>; body: string }) =>
  fetch(`${url}/webhooks`, { method: 'POST', headers: signed.headers, body: signed.body });

beforeAll(requireBuild);

describe('webhooks listen', () => {
  it('prints one line per event: time, event, id and verdict; rejected ones with the reason', async () => {
    const listener = await startListener([], { env: { WEBHOOK_SECRET: SECRET } });
    try {
      expect(listener.stderr()).toContain('(hmac-sha256 and standard-webhooks)');
      const good = await signWebhook(order(1), { secret: SECRET });
      expect((await post(listener.url, good)).status).toBe(200);
      const forged = await signWebhook(order(2), { secret: 'not-the-secret' });
      const rejected = await post(listener.url, forged);
      expect(rejected.status).toBe(401);
      expect(await rejected.json()).toMatchObject({ error: { code: 'no_matching_signature' } });

      const [first, second] = await listener.waitForLines(2);
      expect(first).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d {2}order\\.paid +${good.event.id} {2}✔ verified$`));
      expect(second).toMatch(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d {2}order\\.paid +${forged.event.id} {2}✘ rejected no_matching_signature: X-Webhook-Signature does not match the body for any secret \\(event and id unverified\\)$`),
      );
      expect(listener.stdout() + listener.stderr()).not.toContain(SECRET);
    } finally {
      expect(await listener.stop()).toBe(0);
    }
  });

  it('verifies either scheme, and prints the raw body with --print json', async () => {
    const secret = 'whsec_bGlzdGVuLXRlc3Qtc3RhbmRhcmQ=';
    const listener = await startListener(['--print', 'json'], { env: { WEBHOOK_SECRET: secret } });
    try {
      const signed = await signWebhook(order(3), { secret, scheme: 'standard-webhooks' });
      expect((await post(listener.url, signed)).status).toBe(200);
      const [line, body] = await listener.waitForLines(2);
      expect(line).toContain(`${signed.event.id}  ✔ verified`);
      expect(body).toBe(signed.body);
    } finally {
      await listener.stop();
    }
  });

  it('forwards verified requests unchanged and answers with the forward’s response', async () => {
    const app = await createTestReceiver({ secret: SECRET, respond: [204, 500] });
    const listener = await startListener(['--forward-to', app.url], { env: { WEBHOOK_SECRET: SECRET } });
    try {
      const signed = await signWebhook(order(4), { secret: SECRET, headers: { 'X-Custom': 'kept' } });
      expect((await post(listener.url, signed)).status).toBe(204);
      expect((await post(listener.url, signed)).status).toBe(500);
      const lines = await listener.waitForLines(2);
      expect(lines[0]).toMatch(/✔ verified {2}→ 204$/);
      expect(lines[1]).toMatch(/✔ verified {2}→ 500$/);
      const [forwarded] = app.requests;
      expect(forwarded!.body).toBe(signed.body);
      expect(forwarded!.headers).toMatchObject({
        'x-webhook-signature': signed.headers['X-Webhook-Signature'],
        'x-webhook-timestamp': signed.headers['X-Webhook-Timestamp'],
        'x-webhook-delivery-id': signed.headers['X-Webhook-Delivery-Id'],
        'x-custom': 'kept',
      });
      expect(app.events.map((e) => e.id)).toEqual([signed.event.id, signed.event.id]);
    } finally {
      await listener.stop();
      await app.close();
    }
  });

  it('does not forward a rejected request, and reports a forward target that is down', async () => {
    const app = await createTestReceiver({ secret: SECRET });
    const target = app.url;
    await app.close();
    const listener = await startListener(['--forward-to', target, '--json'], { env: { WEBHOOK_SECRET: SECRET } });
    try {
      const event = createEvent(order(5));
      const body = JSON.stringify(event);
      const headers = await signPayload({ secret: 'wrong', eventId: event.id, body });
      expect((await post(listener.url, { headers, body })).status).toBe(401);
      const good = await signWebhook(order(6), { secret: SECRET });
      expect((await post(listener.url, good)).status).toBe(502);
      const [rejected, failed] = (await listener.waitForLines(2)).map((line) => JSON.parse(line));
      expect(rejected).toMatchObject({ verified: false, code: 'no_matching_signature', status: 401, event: 'order.paid', id: event.id });
      expect(rejected.forward).toBeUndefined();
      expect(failed).toMatchObject({ verified: true, status: 502, id: good.event.id, forward: { error: 'ECONNREFUSED' } });
    } finally {
      await listener.stop();
    }
  });
});
