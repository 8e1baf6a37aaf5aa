import { WebhookDeliveryError } from '../errors.js';

/**
 * What every transport throws once closed, so callers can test `code === 'closed'` whichever transport they run.
 *
 * @example
 * transportClosedError('Kafka', 'publish').message // 'The Kafka transport is closed; publish() is no longer accepted.'
 */
export function transportClosedError(transport: string, operation: string): WebhookDeliveryError {
  return new WebhookDeliveryError('closed', `The ${transport} transport is closed; ${operation}() is no longer accepted.`);
}
