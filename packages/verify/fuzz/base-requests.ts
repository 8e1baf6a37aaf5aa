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
export const OTHER_SECRETS: Record<SignatureScheme, string> = {
  'hmac-sha256': 'fuzz-secret-0123456788',
  'standard-webhooks': `whsec_${btoa('fuzz-standard-key-32-bytes-long?')}`,
};

const TEXTS = ['PAID', 'naïve café', 'Zürich 🇨🇭', '東京 ✓', 'a\u0301', '"quoted" \\ back', '\u2028', ''];

/** `count` genuinely signed requests of one scheme, with varied bodies and timestamps inside the tolerance. */
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
    const headers = await signPayload({ secret: SECRETS[scheme], eventId: event.id, body, timestamp, scheme });
    bases.push({ scheme, body, eventId: event.id, timestamp, headers });
  }
  return bases;
}
