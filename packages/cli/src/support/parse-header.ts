import { WebhookError } from '@webhooks/core';

/**
 * Collects repeated `--header "Name: value"` options into a headers object (lower-case names).
 *
 * @example
 * new Option('-H, --header <header>').argParser(collectHeader);
 */
export function collectHeader(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new WebhookError('invalid_argument', `--header must be "Name: value", got ${JSON.stringify(value.slice(0, 40))}`);
  return { ...previous, [value.slice(0, colon).trim().toLowerCase()]: value.slice(colon + 1).trim() };
}
