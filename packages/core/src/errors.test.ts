import { describe, expect, it } from 'vitest';
import { isWebhookError, WebhookDeliveryError, WebhookError, WebhookVerificationError } from './errors.js';

describe('errors', () => {
  it('carry a code, a name and the cause', () => {
    const cause = new Error('socket hang up');
    const err = new WebhookDeliveryError('network_error', 'request failed', { cause });
    expect(err).toBeInstanceOf(WebhookError);
    expect(err.name).toBe('WebhookDeliveryError');
    expect(err.code).toBe('network_error');
    expect(err.cause).toBe(cause);
  });

  it('are recognised by name and code across package copies', () => {
    const foreign = Object.assign(new Error('x'), { name: 'WebhookVerificationError', code: 'timestamp_too_old' });
    expect(isWebhookError(foreign)).toBe(true);
    expect(isWebhookError(foreign, 'timestamp_too_old')).toBe(true);
    expect(isWebhookError(foreign, 'no_matching_signature')).toBe(false);
    expect(isWebhookError(new Error('x'))).toBe(false);
    expect(isWebhookError(new WebhookVerificationError('missing_header', 'm'), 'missing_header')).toBe(true);
  });
});
