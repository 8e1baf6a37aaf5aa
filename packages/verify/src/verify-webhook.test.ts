import { signPayload } from '@webhooks/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { codeOf, eventBody, nowSeconds, SECRET, signed, STANDARD_SECRET } from '../test/fixtures.js';
import { createMemoryIdempotencyStore } from './memory-idempotency-store.js';
import { verifyWebhook } from './verify-webhook.js';

const utf8 = new TextEncoder();

describe('verifyWebhook', () => {
  it('accepts a request signed by our sender and returns the typed event and the exact body', async () => {
    const body = eventBody({ id: 7, status: 'PAID' });
    const result = await verifyWebhook<{ id: string; status: string }>({ headers: await signed(body), body }, { secret: SECRET });
    expect(result.event.object.status).toBe('PAID');
    expect(result.event.id).toBe(JSON.parse(body).id);
    expect(result.rawBody).toBe(body);
    expect(result.scheme).toBe('hmac-sha256');
    expect(result.claimed).toBe(false);
  });

  it('types the event object with an interface as well as a type literal', async () => {
    interface Order {
      id: string;
      status: 'PAID' | 'PENDING';
    }
    const body = eventBody({ id: 8, status: 'PAID' });
    const result = await verifyWebhook<Order>({ headers: await signed(body), body }, { secret: SECRET });
    expectTypeOf(result.event.object.status).toEqualTypeOf<'PAID' | 'PENDING'>();
    expect(result.event.object).toEqual({ id: '8', status: 'PAID' });
  });

  it('reads headers in any letter case, from a plain object or a Web Headers, and hex in either case', async () => {
    const body = eventBody();
    const headers = await signed(body);
    // Names in any case; of the values only the hex may change case (event ids are case-sensitive).
    const shouting = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k.toUpperCase(), k === 'X-Webhook-Signature' ? v.toUpperCase() : v]),
    );
    await expect(verifyWebhook({ headers: shouting, body }, { secret: SECRET })).resolves.toBeDefined();
    await expect(verifyWebhook({ headers: new Headers(headers), body }, { secret: SECRET })).resolves.toBeDefined();
  });

  it('rejects a signature header that was sent twice', async () => {
    const body = eventBody();
    const headers = await signed(body);
    const twice = { ...headers, 'X-Webhook-Signature': [headers['X-Webhook-Signature']!, headers['X-Webhook-Signature']!] };
    expect(await codeOf(() => verifyWebhook({ headers: twice, body }, { secret: SECRET }))).toBe('malformed_header');
  });

  it('accepts any secret of a rotation and rejects when none matches', async () => {
    const body = eventBody();
    const headers = await signed(body, { secret: 'old-secret' });
    await expect(verifyWebhook({ headers, body }, { secrets: ['new-secret', 'old-secret'] })).resolves.toBeDefined();
    expect(await codeOf(() => verifyWebhook({ headers, body }, { secrets: ['new-secret', 'newer'] }))).toBe('no_matching_signature');
  });

  it('accepts a request from a sender mid-rotation with the old secret or the new one, in both schemes', async () => {
    const body = eventBody();
    const id = JSON.parse(body).id as string;
    const keys = { old: `whsec_${btoa('o'.repeat(32))}`, new: `whsec_${btoa('n'.repeat(32))}` };
    for (const scheme of ['hmac-sha256', 'standard-webhooks'] as const) {
      const headers = await signPayload({ secret: keys.new, previousSecrets: [keys.old], eventId: id, body, scheme });
      for (const secret of [keys.old, keys.new]) await expect(verifyWebhook({ headers, body }, { secret, scheme })).resolves.toBeDefined();
      const other = `whsec_${btoa('x'.repeat(32))}`;
      expect(await codeOf(() => verifyWebhook({ headers, body }, { secret: other, scheme }))).toBe('no_matching_signature');
    }
  });

  it('accepts timestamps within the tolerance on both sides and rejects stale and future ones', async () => {
    const body = eventBody();
    const now = nowSeconds();
    const at = async (timestamp: number, toleranceSeconds?: number) =>
      codeOf(async () => verifyWebhook({ headers: await signed(body, { timestamp }), body }, { secret: SECRET, toleranceSeconds }));
    expect(await at(now - 290)).toBe('resolved');
    expect(await at(now + 290)).toBe('resolved');
    expect(await at(now - 310)).toBe('timestamp_too_old');
    expect(await at(now + 310)).toBe('timestamp_too_new');
    expect(await at(now - 60, 30)).toBe('timestamp_too_old');
  });

  it('rejects each kind of bad request with its code', async () => {
    const body = eventBody();
    const headers = await signed(body);
    const check = (h: Record<string, string>, b: string | Uint8Array = body, secret = SECRET) =>
      codeOf(() => verifyWebhook({ headers: h, body: b }, { secret }));
    expect(await check({})).toBe('missing_header');
    expect(await check({ ...headers, 'X-Webhook-Signature': '' })).toBe('missing_header');
    expect(await check({ ...headers, 'X-Webhook-Signature': `sha256=${'0'.repeat(64)}` })).toBe('no_matching_signature');
    expect(await check(headers, body, 'wrong-secret')).toBe('no_matching_signature');
    expect(await check(headers, body.replace('PAID', 'PAIF'))).toBe('no_matching_signature');
    expect(await check({ ...headers, 'X-Webhook-Signature': headers['X-Webhook-Signature']!.slice(0, -2) })).toBe('malformed_header');
    expect(await check({ ...headers, 'X-Webhook-Timestamp': 'yesterday' })).toBe('malformed_header');
  });

  it('rejects a correctly signed body that is not an event envelope with malformed_body', async () => {
    const cases = ['not json', '[1,2]', '{"id":"evt_1"}', JSON.stringify({ ...JSON.parse(eventBody()), object: 'x' })];
    for (const body of cases) {
      expect(await codeOf(async () => verifyWebhook({ headers: await signed(body), body }, { secret: SECRET }))).toBe('malformed_body');
    }
    const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0x7d]);
    const timestamp = String(nowSeconds());
    const { createHmac } = await import('node:crypto');
    const mac = createHmac('sha256', SECRET).update(`${timestamp}.`).update(invalidUtf8).digest('hex');
    const headers = { 'x-webhook-timestamp': timestamp, 'x-webhook-signature': `sha256=${mac}` };
    expect(await codeOf(() => verifyWebhook({ headers, body: invalidUtf8 }, { secret: SECRET }))).toBe('malformed_body');
  });

  it('checks the signature before the body, so unsigned garbage is a signature failure', async () => {
    const headers = await signed(eventBody());
    expect(await codeOf(() => verifyWebhook({ headers, body: 'not json' }, { secret: SECRET }))).toBe('no_matching_signature');
  });

  it('refuses a body that was already parsed, saying how to pass the raw one', async () => {
    const body = eventBody();
    const headers = await signed(body);
    const error = await verifyWebhook({ headers, body: JSON.parse(body) }, { secret: SECRET }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'WebhookVerificationError', code: 'body_already_parsed' });
    expect((error as Error).message).toMatch(/express\.raw/);
  });

  it('rejects a body over maxBodyBytes, counted in UTF-8 bytes', async () => {
    const body = eventBody({ id: 1, text: 'é'.repeat(600) });
    const headers = await signed(body);
    const limit = body.length + 100; // more UTF-16 units than the body has, fewer bytes
    expect(await codeOf(() => verifyWebhook({ headers, body }, { secret: SECRET, maxBodyBytes: limit }))).toBe('body_too_large');
    expect(await codeOf(() => verifyWebhook({ headers, body: utf8.encode(body) }, { secret: SECRET, maxBodyBytes: limit }))).toBe(
      'body_too_large',
    );
    expect(await codeOf(() => verifyWebhook({ headers, body }, { secret: SECRET, maxBodyBytes: limit + 600 }))).toBe('resolved');
  });

  it('refuses an id header that names another event than the signed body, in both schemes, without claiming either id', async () => {
    const idempotency = createMemoryIdempotencyStore();
    const body = eventBody();
    for (const scheme of ['hmac-sha256', 'standard-webhooks'] as const) {
      const secret = scheme === 'hmac-sha256' ? SECRET : STANDARD_SECRET;
      const headers = await signed(body, { scheme, eventId: 'evt_someone_else' });
      const error = await verifyWebhook({ headers, body }, { secret, scheme, idempotency }).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'WebhookVerificationError', code: 'event_id_mismatch' });
      expect((error as Error).message).not.toContain('evt_someone_else');
    }
    expect(idempotency.size).toBe(0);
  });

  it('refuses a captured request replayed with a fresh id header, so a redelivery cannot pass as a new event', async () => {
    const idempotency = createMemoryIdempotencyStore();
    const body = eventBody();
    const headers = await signed(body);
    const first = await verifyWebhook({ headers, body }, { secret: SECRET, idempotency });
    await first.complete();
    const replayed = { ...headers, 'X-Webhook-Event-Id': 'evt_fresh_looking_id' };
    expect(await codeOf(() => verifyWebhook({ headers: replayed, body }, { secret: SECRET, idempotency }))).toBe('event_id_mismatch');
    expect(await codeOf(() => verifyWebhook({ headers, body }, { secret: SECRET, idempotency }))).toBe('duplicate_event');
  });

  it('refuses an id header sent twice, and accepts a request without one, deduplicating on the body id', async () => {
    const idempotency = createMemoryIdempotencyStore();
    const body = eventBody();
    const { 'X-Webhook-Event-Id': id, ...withoutId } = await signed(body);
    const twice = { ...withoutId, 'X-Webhook-Event-Id': [id!, id!] };
    expect(await codeOf(() => verifyWebhook({ headers: twice, body }, { secret: SECRET, idempotency }))).toBe('malformed_header');
    const result = await verifyWebhook({ headers: withoutId, body }, { secret: SECRET, idempotency });
    expect(result).toMatchObject({ claimed: true, event: { id: JSON.parse(body).id } });
    await result.release();
    await expect(verifyWebhook({ headers: withoutId, body }, { secret: SECRET, idempotency })).resolves.toMatchObject({ claimed: true });
  });

  it('tells a redelivery the event is in flight until the first copy completes, then that it is a duplicate', async () => {
    const idempotency = createMemoryIdempotencyStore();
    const body = eventBody();
    const options = { secret: SECRET, idempotency, idempotencyLeaseMs: 45_000 };
    const first = await verifyWebhook({ headers: await signed(body), body }, options);
    const during = await verifyWebhook({ headers: await signed(body), body }, options).catch((e: unknown) => e);
    expect(during).toMatchObject({ code: 'event_in_flight' });
    expect((during as Error).message).toMatch(/retry within 45 s/);
    await first.complete();
    expect(await codeOf(async () => verifyWebhook({ headers: await signed(body), body }, options))).toBe('duplicate_event');
    await first.release(); // processing failed after all, after the answer went out
    await expect(verifyWebhook({ headers: await signed(body), body }, options)).resolves.toMatchObject({ claimed: true });
  });

  it('does not claim an id when the signature fails', async () => {
    const idempotency = createMemoryIdempotencyStore();
    const body = eventBody();
    expect(await codeOf(async () => verifyWebhook({ headers: await signed(body), body }, { secret: 'wrong', idempotency }))).toBe(
      'no_matching_signature',
    );
    expect(idempotency.size).toBe(0);
  });

  it('refuses to run without a secret, as a usage error rather than a verification failure', async () => {
    const body = eventBody();
    expect(await codeOf(async () => verifyWebhook({ headers: await signed(body), body }, {}))).toBe('invalid_argument');
    expect(await codeOf(async () => verifyWebhook({ headers: await signed(body), body }, { secrets: [] }))).toBe('invalid_argument');
  });

  it('never puts the secret in an error message', async () => {
    const secret = 'very-secret-value-123';
    const body = eventBody();
    const headers = await signed(body);
    const error = (await verifyWebhook({ headers, body }, { secret }).catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain(secret);
    expect(JSON.stringify(error)).not.toContain(secret);
  });
});
