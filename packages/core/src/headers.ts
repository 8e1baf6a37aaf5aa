/** Header names of the default (`hmac-sha256`) scheme. */
export const HEADER_EVENT_ID = 'X-Webhook-Event-Id';
export const HEADER_TIMESTAMP = 'X-Webhook-Timestamp';
export const HEADER_SIGNATURE = 'X-Webhook-Signature';
/** During a secret rotation: the signature under each previous secret, space-separated (`sha256=<hex> …`). */
export const HEADER_PREVIOUS_SIGNATURE = 'X-Webhook-Previous-Signature';
export const HEADER_DELIVERY_ID = 'X-Webhook-Delivery-Id';
export const HEADER_ATTEMPT = 'X-Webhook-Attempt';

/** Header names of the Standard Webhooks scheme. */
export const STANDARD_HEADER_ID = 'webhook-id';
export const STANDARD_HEADER_TIMESTAMP = 'webhook-timestamp';
export const STANDARD_HEADER_SIGNATURE = 'webhook-signature';

/** Anything headers can be read from: a Web `Headers`, Node's `req.headers`, or a plain object. */
export type HeaderSource =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads one header case-insensitively. Returns `undefined` when absent and
 * `null` when it was sent more than once (ambiguous, so never trusted).
 */
export function readHeader(headers: HeaderSource, name: string): string | undefined | null {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const value = (headers as { get(name: string): string | null }).get(name);
    return value ?? undefined;
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  const lower = name.toLowerCase();
  let value = record[lower] ?? record[name];
  if (value === undefined) {
    // A header that is absent (as an optional one usually is) is looked for in every key: compare lengths
    // first, so the scan allocates nothing for keys that cannot match.
    for (const key in record) {
      if (key.length === lower.length && key.toLowerCase() === lower) {
        value = record[key];
        break;
      }
    }
  }
  if (Array.isArray(value)) return value.length === 1 ? (value[0] as string) : value.length === 0 ? undefined : null;
  return value as string | undefined;
}
