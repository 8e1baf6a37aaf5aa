import type { HeaderSource } from '@webhooks/core';
import type { VerifiedWebhook, VerifyWebhookOptions } from './verify-options.js';

/**
 * Runs a verification inside the instrumentation's `verification` hook, when there is one.
 * `verify` gets options without the hook, so a verifier that calls another one is traced once.
 */
export function tracedVerification<T extends VerifiedWebhook<object>>(
  headers: HeaderSource,
  options: VerifyWebhookOptions,
  verify: (options: VerifyWebhookOptions) => Promise<T>,
): Promise<T> {
  const { instrumentation } = options;
  if (!instrumentation?.verification) return verify(options);
  const inner: VerifyWebhookOptions = { ...options, instrumentation: undefined };
  return instrumentation.verification(headers, () => verify(inner));
}
