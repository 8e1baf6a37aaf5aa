/**
 * A time as `2026-01-24 10:00:05Z` (UTC, whole seconds): the same on every machine, for tables.
 *
 * @example
 * formatTime(Date.UTC(2026, 0, 24, 10, 0, 5)); // '2026-01-24 10:00:05Z'
 */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/**
 * A duration for people: `850 ms`, `12.3 s`, `4 min`.
 *
 * @example
 * formatDuration(12_300); // '12.3 s'
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
