import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { nodeHmac } from './adapter/node/node-hmac.js';
import { webHmac } from './crypto/web-hmac.js';
import { isWebhookError } from './errors.js';
import { signPayload } from './sign.js';
import { verifySignature, type VerifySignatureOptions } from './verify.js';

const SECRET = 'current-secret';
const NOW = 1769248800;
const body = '{"id":"evt_1","note":"naïve 🎉"}';
const sign = (secret = SECRET, timestamp = NOW) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
const headersFor = (signature = sign(), timestamp = String(NOW)) => ({
  'x-webhook-signature': signature,
  'x-webhook-timestamp': timestamp,
  'x-webhook-event-id': 'evt_1',
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (isWebhookError(err)) return err.code;
    throw err;
  }
  return 'verified';
}

describe.each([nodeHmac, webHmac])('verifySignature with $name', (hmac) => {
  const options: VerifySignatureOptions = { secret: SECRET, now: NOW * 1000, hmac };
  const verify = (headers: Record<string, string | undefined>, raw: string | Uint8Array = body, o = options) =>
    codeOf(verifySignature(headers, raw, o));

  it('accepts a signature made by hand with node:crypto', async () => {
    await expect(verifySignature(headersFor(), body, options)).resolves.toEqual({
      scheme: 'hmac-sha256',
      timestamp: NOW,
      eventId: 'evt_1',
    });
  });

  it('verifies the raw bytes of a UTF-8 body exactly', async () => {
    expect(await verify(headersFor(), new TextEncoder().encode(body))).toBe('verified');
    const reencoded = new TextEncoder().encode(body.normalize('NFD'));
    expect(await verify(headersFor(), reencoded)).toBe('no_matching_signature');
  });

  it('reads a Web Headers object case-insensitively', async () => {
    expect(await codeOf(verifySignature(new Headers(headersFor()), body, options))).toBe('verified');
  });

  it('accepts any secret of a rotation list', async () => {
    const o = { ...options, secret: undefined, secrets: ['new-secret', SECRET] };
    expect(await verify(headersFor(), body, o)).toBe('verified');
  });

  it('accepts a signature under a previous secret from X-Webhook-Previous-Signature', async () => {
    const headers = { ...headersFor(sign('new-secret')), 'x-webhook-previous-signature': `${sign('older')} ${sign()}` };
    expect(await verify(headers)).toBe('verified');
    expect(await verify(headers, body, { ...options, secret: 'new-secret' })).toBe('verified');
    expect(await verify(headers, body, { ...options, secret: 'unrelated' })).toBe('no_matching_signature');
    expect(await verify({ ...headers, 'x-webhook-previous-signature': 'sha256=abc' })).toBe('malformed_header');
    expect(await verify({ ...headers, 'x-webhook-signature': undefined })).toBe('missing_header');
  });

  it('says which check failed', async () => {
    expect(await verify({ ...headersFor(), 'x-webhook-signature': undefined })).toBe('missing_header');
    expect(await verify({ ...headersFor(), 'x-webhook-timestamp': undefined })).toBe('missing_header');
    expect(await verify(headersFor('sha256=abc'))).toBe('malformed_header');
    expect(await verify(headersFor(sign().slice(0, -1)))).toBe('malformed_header');
    expect(await verify(headersFor(sign(), '17692488xx'))).toBe('malformed_header');
    expect(await verify(headersFor(sign('wrong-secret')))).toBe('no_matching_signature');
    expect(await verify(headersFor(), body.replace('1', '2'))).toBe('no_matching_signature');
    expect(await verify(headersFor(sign(SECRET, NOW - 301), String(NOW - 301)))).toBe('timestamp_too_old');
    expect(await verify(headersFor(sign(SECRET, NOW + 301), String(NOW + 301)))).toBe('timestamp_too_new');
  });

  it('refuses a tolerance that would switch the timestamp check off, instead of accepting a 1970 timestamp', async () => {
    const old = { 'x-webhook-timestamp': '1', 'x-webhook-signature': `sha256=${'0'.repeat(64)}` };
    for (const toleranceSeconds of [Number.NaN, Number.POSITIVE_INFINITY, -1, '300' as unknown as number]) {
      await expect(verifySignature(old, '{}', { secret: 's', toleranceSeconds })).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining('toleranceSeconds must be a finite number of seconds >= 0'),
      });
    }
  });

  it('honours a custom tolerance in both directions', async () => {
    const o = { ...options, toleranceSeconds: 10 };
    expect(await verify(headersFor(sign(SECRET, NOW - 10), String(NOW - 10)), body, o)).toBe('verified');
    expect(await verify(headersFor(sign(SECRET, NOW - 11), String(NOW - 11)), body, o)).toBe('timestamp_too_old');
    expect(await verify(headersFor(sign(SECRET, NOW + 11), String(NOW + 11)), body, o)).toBe('timestamp_too_new');
  });

  it('refuses a header sent twice, the event id header included', async () => {
    const headers = { ...headersFor(), 'x-webhook-signature': [sign(), sign()] } as never;
    expect(await verify(headers)).toBe('malformed_header');
    expect(await verify({ ...headersFor(), 'x-webhook-event-id': ['evt_1', 'evt_2'] } as never)).toBe('malformed_header');
  });

  it('verifies Standard Webhooks requests signed by the standardwebhooks package', async () => {
    const secret = `whsec_${btoa('k'.repeat(32))}`;
    const signature = new Webhook(secret).sign('evt_1', new Date(NOW * 1000), body);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(NOW), 'webhook-signature': `v1a,xyz ${signature}` };
    const o = { secret, scheme: 'standard-webhooks' as const, now: NOW * 1000, hmac };
    expect(await verify(headers, body, o)).toBe('verified');
    expect(await verify({ ...headers, 'webhook-id': 'evt_2' }, body, o)).toBe('no_matching_signature');
    expect(await verify({ ...headers, 'webhook-signature': 'v2,abc' }, body, o)).toBe('malformed_header');
    expect(await verify({ ...headers, 'webhook-id': undefined }, body, o)).toBe('missing_header');
  });

  it('round-trips with signPayload', async () => {
    const headers = await signPayload({ secret: SECRET, eventId: 'evt_1', body, timestamp: NOW, hmac });
    expect(await verify(headers)).toBe('verified');
  });
});

describe('verifySignature arguments', () => {
  it('requires a secret', async () => {
    expect(await codeOf(verifySignature(headersFor(), body, {}))).toBe('invalid_argument');
    expect(await codeOf(verifySignature(headersFor(), body, { secrets: [''] }))).toBe('invalid_argument');
  });

  it('never mentions the secret in an error', async () => {
    try {
      await verifySignature(headersFor(sign('other')), body, { secret: SECRET, now: NOW * 1000 });
    } catch (err) {
      expect(String(err)).not.toContain(SECRET);
    }
  });
});
