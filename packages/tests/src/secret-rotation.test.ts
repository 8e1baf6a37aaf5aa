import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createFetchSender, createWebhooks, defineWebhooks, type SignatureScheme, type WebhookEndpointOptions } from '@webhooks/core';
import { verifyWebhook } from '@webhooks/express';
import { createManualClock } from '@webhooks/testing';
import express from 'express';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRETS: Record<SignatureScheme, { old: string; new: string }> = {
  'hmac-sha256': { old: 'rotation-old-secret', new: 'rotation-new-secret' },
  'standard-webhooks': { old: `whsec_${btoa('rotation-old-key-32-bytes-long!!')}`, new: `whsec_${btoa('rotation-new-key-32-bytes-long!!')}` },
};
const SCHEMES = Object.keys(SECRETS) as SignatureScheme[];
const RECEIVERS = ['old-only', 'both', 'new-only'] as const;
const WINDOW_MS = 60_000;

interface Captured {
  headers: Record<string, string>;
  body: string;
}

let base = '';
let closeServer: () => void;
const captured = new Map<SignatureScheme, Captured[]>(SCHEMES.map((s) => [s, []]));

// One real Express app: per scheme, a receiver holding the old secret, both, or the new one; and a route that
// keeps what arrived, for checks by other verifiers.
beforeAll(async () => {
  const app = express();
  for (const scheme of SCHEMES) {
    const { old, new: current } = SECRETS[scheme];
    const held = { 'old-only': [old], both: [current, old], 'new-only': [current] };
    for (const who of RECEIVERS) {
      app.post(`/${scheme}/${who}`, verifyWebhook({ secrets: held[who], scheme }), (_req, res) => res.sendStatus(204));
    }
    app.post(`/${scheme}/capture`, express.raw({ type: '*/*' }), (req, res) => {
      captured.get(scheme)!.push({ headers: req.headers as Record<string, string>, body: String(req.body) });
      res.sendStatus(204);
    });
  }
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closeServer = () => server.close();
});
afterAll(() => closeServer());

/** A sender whose endpoints (one per receiver, per scheme) all carry the same secrets, on a clock the test moves. */
function sender(clock: ReturnType<typeof createManualClock>, secrets: (scheme: SignatureScheme) => Pick<WebhookEndpointOptions, 'secret' | 'previousSecrets'>) {
  const endpoints = SCHEMES.flatMap((scheme) =>
    [...RECEIVERS, 'capture'].map((who) => ({ name: `${scheme}/${who}`, url: `${base}/${scheme}/${who}`, signatureScheme: scheme, ...secrets(scheme) })),
  );
  const webhooks = createWebhooks(defineWebhooks({ asyncDelivery: false, allowPrivateNetwork: true, endpoints }), {
    sender: createFetchSender(),
    clock,
  });
  return async () => {
    const { deliveries } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
    const accepted = (scheme: SignatureScheme) =>
      RECEIVERS.filter((who) => deliveries.find((d) => d.endpoint === `${scheme}/${who}`)!.state === 'succeeded');
    return Object.fromEntries(SCHEMES.map((scheme) => [scheme, accepted(scheme)]));
  };
}

/** The root README's hand-written check: the whole X-Webhook-Signature value against one secret. */
function handVerify(secret: string, { headers, body }: Captured): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${headers['x-webhook-timestamp']}.${body}`).digest('hex')}`);
  const given = Buffer.from(headers['x-webhook-signature'] ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const standardAccepts = (secret: string, { headers, body }: Captured) => {
  try {
    new Webhook(secret).verify(body, headers);
    return true;
  } catch {
    return false;
  }
};

describe('sender-side secret rotation, on a controlled clock', () => {
  it('is accepted by old-only, both-secret and new-only receivers exactly while each holds a secret that signs', async () => {
    // Real time, so the receivers' own clocks find every timestamp fresh.
    const clock = createManualClock(Date.now());
    const before = sender(clock, (scheme) => ({ secret: SECRETS[scheme].old }));
    const rotating = sender(clock, (scheme) => ({
      secret: SECRETS[scheme].new,
      previousSecrets: [{ secret: SECRETS[scheme].old, expiresAt: new Date(clock.now() + WINDOW_MS) }],
    }));
    const everyScheme = (receivers: string[]) => Object.fromEntries(SCHEMES.map((s) => [s, receivers]));

    expect(await before()).toEqual(everyScheme(['old-only', 'both']));
    expect(await rotating()).toEqual(everyScheme(['old-only', 'both', 'new-only']));
    await clock.advance(WINDOW_MS - 1);
    expect(await rotating()).toEqual(everyScheme(['old-only', 'both', 'new-only']));
    await clock.advance(1);
    expect(await rotating()).toEqual(everyScheme(['both', 'new-only']));
  });

  it('keeps the current signature alone in X-Webhook-Signature for hand-written receivers, the previous one beside it', () => {
    const [, during, lastDuring, after] = captured.get('hmac-sha256')!;
    const { old, new: current } = SECRETS['hmac-sha256'];
    for (const request of [during!, lastDuring!]) {
      expect(handVerify(current, request)).toBe(true);
      expect(request.headers['x-webhook-previous-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(handVerify(old, { ...request, headers: { ...request.headers, 'x-webhook-signature': request.headers['x-webhook-previous-signature']! } })).toBe(true);
    }
    expect(handVerify(current, after!)).toBe(true);
    expect(after!.headers['x-webhook-previous-signature']).toBeUndefined();
  });

  it('sends Standard Webhooks signatures that the standardwebhooks package accepts under each valid secret', () => {
    const [before, during, lastDuring, after] = captured.get('standard-webhooks')!;
    const { old, new: current } = SECRETS['standard-webhooks'];
    const verdicts = (request: Captured) => [standardAccepts(old, request), standardAccepts(current, request)];
    expect([before, during, lastDuring, after].map((r) => verdicts(r!))).toEqual([
      [true, false],
      [true, true],
      [true, true],
      [false, true],
    ]);
    expect(during!.headers['webhook-signature']!.split(' ')).toHaveLength(2);
  });
});
