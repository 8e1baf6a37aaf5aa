import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { codeOf, eventBody, handSign, handVerify, nowSeconds, SECRET, signed, STANDARD_SECRET } from '../test/fixtures.js';
import { verifyWebhook } from './verify-webhook.js';

const utf8 = new TextEncoder();

describe('verifyWebhook interoperability', () => {
  it('accepts a request signed the way a hand-written node:crypto receiver signs', async () => {
    const body = eventBody();
    const timestamp = String(nowSeconds());
    const headers = { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': handSign(SECRET, timestamp, body) };
    await expect(verifyWebhook({ headers, body }, { secret: SECRET })).resolves.toMatchObject({ rawBody: body });
  });

  it('signs what a hand-written node:crypto receiver accepts', async () => {
    const body = eventBody();
    const headers = await signed(body);
    expect(handVerify(SECRET, body, headers['X-Webhook-Signature']!, headers['X-Webhook-Timestamp']!)).toBe(true);
    expect(handVerify('other', body, headers['X-Webhook-Signature']!, headers['X-Webhook-Timestamp']!)).toBe(false);
  });

  it('verifies non-ASCII and emoji bodies byte-exactly, as text or as bytes', async () => {
    const body = eventBody({ id: 1, name: 'Crème brûlée 🍮 — 東京 ✓', note: '\u00e9 vs e\u0301' });
    const timestamp = String(nowSeconds());
    const headers = { 'X-Webhook-Timestamp': timestamp, 'X-Webhook-Signature': handSign(SECRET, timestamp, body) };
    const asText = await verifyWebhook({ headers, body }, { secret: SECRET });
    const asBytes = await verifyWebhook({ headers, body: utf8.encode(body) }, { secret: SECRET });
    expect(asText.rawBody).toBe(body);
    expect(asBytes.rawBody).toBe(body);
    expect(asBytes.event.object.name).toBe('Crème brûlée 🍮 — 東京 ✓');
    // NFC and NFD look alike but are different bytes: a normalised body must not verify.
    const normalised = body.normalize('NFC');
    expect(normalised).not.toBe(body);
    expect(await codeOf(() => verifyWebhook({ headers, body: normalised }, { secret: SECRET }))).toBe('no_matching_signature');
  });

  it('accepts Standard Webhooks requests signed by the standardwebhooks package', async () => {
    const body = eventBody();
    const id = JSON.parse(body).id as string;
    const timestamp = new Date();
    const signature = new Webhook(STANDARD_SECRET).sign(id, timestamp, body);
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature };
    const result = await verifyWebhook({ headers, body }, { secret: STANDARD_SECRET, scheme: 'standard-webhooks' });
    expect(result.scheme).toBe('standard-webhooks');
    expect(await codeOf(() => verifyWebhook({ headers, body }, { secret: SECRET }))).toBe('missing_header');
  });

  it('signs Standard Webhooks requests that the standardwebhooks package accepts', async () => {
    const body = eventBody({ id: 3, label: 'naïve ☕' });
    const headers = await signed(body, { scheme: 'standard-webhooks' });
    expect(new Webhook(STANDARD_SECRET).verify(body, headers)).toEqual(JSON.parse(body));
    await expect(verifyWebhook({ headers, body }, { secret: STANDARD_SECRET, scheme: 'standard-webhooks' })).resolves.toBeDefined();
  });
});
