import { WebhookError } from '@webhooks/core';

/**
 * A whole number option (`--limit`, `--port`), checked against a range.
 *
 * @example
 * parseCount('--limit', '50', { min: 1, max: 10_000 }); // 50
 */
export function parseCount(option: string, value: string, range: { min: number; max: number }): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < range.min || n > range.max) {
    throw new WebhookError('invalid_argument', `${option} must be a whole number from ${range.min} to ${range.max}, got ${JSON.stringify(value)}`);
  }
  return n;
}
