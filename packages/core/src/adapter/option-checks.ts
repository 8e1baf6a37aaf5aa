import type { ConfigIssue } from '../errors.js';

/**
 * Adds an issue for each named option that is not a positive safe integer (counts, sizes).
 *
 * @example
 * checkPositiveIntegers(issues, { concurrency: 0 }, ['concurrency']); // concurrency: must be a positive integer, got 0
 */
export function checkPositiveIntegers<T extends object>(issues: ConfigIssue[], options: T, names: readonly (keyof T & string)[]): void {
  for (const name of names) {
    const value = options[name];
    if (!Number.isSafeInteger(value) || (value as number) < 1) issues.push({ path: name, message: `must be a positive integer, got ${String(value)}` });
  }
}

/** Adds an issue for each named option that is not a duration in ms >= 0; `finite: false` also allows `Infinity` ("no limit"). */
export function checkMilliseconds<T extends object>(
  issues: ConfigIssue[],
  options: T,
  names: readonly (keyof T & string)[],
  { finite = true }: { finite?: boolean } = {},
): void {
  for (const name of names) {
    const value = options[name];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || (finite && !Number.isFinite(value))) {
      issues.push({ path: name, message: `must be a ${finite ? 'finite ' : ''}number of milliseconds >= 0, got ${String(value)}` });
    }
  }
}
