import { describeRefusedAddress, WebhookDeliveryError, type AddressClass } from '@webhooks/core';

/**
 * The error the connect-time guard fails a connection with: a `WebhookDeliveryError` with code
 * `ssrf_blocked`, worded by core's `describeRefusedAddress`.
 *
 * @example
 * ssrfBlockedError('localhost', '127.0.0.1', { range: 'loopback' }).message
 * // 'refused to connect to localhost (127.0.0.1): loopback address; set allowPrivateNetwork to allow it'
 */
export function ssrfBlockedError(host: string, address: string, verdict: AddressClass): WebhookDeliveryError {
  return new WebhookDeliveryError('ssrf_blocked', describeRefusedAddress(host, address, verdict));
}
