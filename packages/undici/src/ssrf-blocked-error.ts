import { WebhookDeliveryError } from '@webhooks/core';
import type { AddressClass, AddressRange } from './classify-address.js';

const DESCRIPTIONS: Record<Exclude<AddressRange, 'public'>, string> = {
  unspecified: 'unspecified address',
  loopback: 'loopback address',
  private: 'private network address',
  'link-local': 'link-local address',
  'unique-local': 'unique local (private IPv6) address',
  shared: 'carrier-grade NAT (shared) address',
  multicast: 'multicast address',
  documentation: 'documentation-only address',
  benchmarking: 'benchmarking address',
  reserved: 'reserved address',
};

const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * The error the connect-time guard fails a connection with: a
 * `WebhookDeliveryError` with code `ssrf_blocked`, naming the host, the
 * address it would have reached and why that address is refused.
 *
 * @example
 * ssrfBlockedError('localhost', '127.0.0.1', { range: 'loopback' }).message
 * // 'refused to connect to localhost (127.0.0.1): loopback address; set allowPrivateNetwork to allow it'
 */
export function ssrfBlockedError(host: string, address: string, verdict: AddressClass): WebhookDeliveryError {
  const range = verdict.range === 'public' ? 'reserved' : verdict.range;
  let reason = DESCRIPTIONS[range];
  if (verdict.embeddedIPv4 !== undefined) reason += ` (embeds ${verdict.embeddedIPv4})`;
  if (METADATA_ADDRESSES.has(verdict.embeddedIPv4 ?? address)) reason += ', a cloud metadata service';
  return new WebhookDeliveryError(
    'ssrf_blocked',
    `refused to connect to ${host} (${address}): ${reason}; set allowPrivateNetwork to allow it`,
  );
}
