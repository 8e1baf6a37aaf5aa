import { isWebhookError, WebhookError } from '@webhooks/core';

/**
 * A problem with a config file, as an `invalid_config` error whose message starts with the file
 * and keeps the original's detail: the path inside the configuration (`endpoints[1].url …`), or
 * the line and column of a syntax error. The original is the `cause`.
 *
 * @example
 * throw configFileError('/app/webhooks.config.ts', err);
 */
export function configFileError(file: string, error: unknown): WebhookError {
  if (isWebhookError(error, 'invalid_config') && error.message.startsWith(file)) return error;
  const detail = (error instanceof Error ? error.message : String(error))
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
  // Keep a configuration error's list of paths; lower-case its heading to follow the file name.
  const message = isWebhookError(error, 'invalid_config') ? detail.replace(/^Invalid/, 'invalid') : detail;
  return new WebhookError('invalid_config', `${file}: ${message}`, { cause: error });
}
