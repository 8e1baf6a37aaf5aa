import { createEvent, signPayload, type SignatureScheme } from '@webhooks/core';
import type { Random } from './random.js';

/** What a genuine request carried: anything the verifier accepts must mean exactly this. */
export interface BaseRequest {
  scheme: SignatureScheme;
  body: string;
  eventId: string;
  timestamp: number;
  headers: Record<string, string>;
}

export const NOW_SECONDS = 1769248800;
export const SECRETS: Record<SignatureScheme, string> = {
  'hmac-sha256': 'fuzz-secret-0123456789',
  'standard-webhooks': `whsec_${btoa('fuzz-standard-key-32-bytes-long!')}`,
};
/** What a quarter of the requests are signed with as the current secret, the verifier's secret being the previous one. */
export const ROTATED_IN: Record<SignatureScheme, string> = {
  'hmac-sha256': 'fuzz-rotated-in-secret',
  'standard-webhooks': `whsec_${btoa('fuzz-rotated-in-key-32-bytes-ok!')}`,
};
export const OTHER_SECRETS: Record<SignatureScheme, string> = {
  'hmac-sha256': 'fuzz-secret-0123456788',
  'standard-webhooks': `whsec_${btoa('fuzz-standard-key-32-bytes-long?')}`,
};

const TEXTS = ['PAID', 'naïve café', 'Zürich 🇨🇭', '東京 ✓', 'a\u0301', '"quoted" \\ back', '\u2028', ''];

/**
 * `count` genuinely signed requests of one scheme, with varied bodies and timestamps inside the tolerance.
 * A quarter come from a sender in the middle of a rotation: signed with a new secret the verifier does not
 * hold, and with the verifier's secret as the previous one (`X-Webhook-Previous-Signature`, or a second `v1,`).
 */
export async function baseRequests(scheme: SignatureScheme, count: number, random: Random): Promise<BaseRequest[]> {
  const bases: BaseRequest[] = [];
  for (let i = 0; i < count; i++) {
    const event = createEvent({
      event: random.pick(['order.paid', 'order.created', 'customer.updated']),
      model: 'store.Order',
      object: { id: i, note: random.pick(TEXTS).repeat(1 + random.int(20)), total: String(random.int(100_000) / 100) },
    });
    const body = random.chance(0.2) ? JSON.stringify(event, null, 2) : JSON.stringify(event);
    const timestamp = NOW_SECONDS - 250 + random.int(500);
    const rotating = random.chance(0.25);
    const headers = await signPayload({
      ...(rotating ? { secret: ROTATED_IN[scheme], previousSecrets: [SECRETS[scheme]] } : { secret: SECRETS[scheme] }),
      eventId: event.id,
      body,
      timestamp,
      scheme,
    });
    bases.push({ scheme, body, eventId: event.id, timestamp, headers });
  }
  return bases;
}
