import { WebhookDeliveryError, WebhookError } from '../errors.js';

/**
 * What every transport throws once closed, so callers can test `code === 'closed'` whichever transport they run.
 *
 * @example
 * transportClosedError('Kafka', 'publish').message // 'The Kafka transport is closed; publish() is no longer accepted.'
 */
export function transportClosedError(transport: string, operation: string): WebhookDeliveryError {
  return new WebhookDeliveryError('closed', `The ${transport} transport is closed; ${operation}() is no longer accepted.`);
}

/**
 * What every transport's `schedule()` throws for a due time that is not a time, or undefined when it is one.
 *
 * @example
 * notBeforeError(NaN)?.message // 'schedule() needs notBefore in ms since epoch, got NaN'
 */
export function notBeforeError(notBefore: number): WebhookError | undefined {
  return Number.isFinite(notBefore) ? undefined : new WebhookError('invalid_argument', `schedule() needs notBefore in ms since epoch, got ${notBefore}`);
}
