import { WebhookError } from '@webhooks/core';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A `--since` value as ms since epoch: a duration back from `now` (`90s`, `15m`, `1h`, `2d`, `1w`)
 * or a date (`2026-01-24`, `2026-01-24T10:00:00Z`).
 *
 * @example
 * parseSince('1h', Date.now()); // an hour ago
 */
export function parseSince(value: string, now: number): number {
  const duration = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]!;
  const date = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(date)) return date;
  throw new WebhookError('invalid_argument', `--since must be a duration like 30m, 1h, 2d or a date like 2026-01-24, got ${JSON.stringify(value)}`);
}
