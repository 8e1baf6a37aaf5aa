import { isWebhookError } from '@webhooks/core';
import { EXIT } from './exit-codes.js';

/**
 * The exit code for an error a command threw: `invalid_argument` is a usage error,
 * `invalid_config` a configuration error, anything else a failure.
 *
 * @example
 * exitCodeFor(new WebhookError('invalid_config', '...')); // 3
 */
export function exitCodeFor(error: unknown): number {
  if (isWebhookError(error, 'invalid_argument')) return EXIT.usage;
  if (isWebhookError(error, 'invalid_config')) return EXIT.config;
  return EXIT.failed;
}
