import type { ConfigIssue } from '../errors.js';

/** setTimeout's ceiling: a longer delay fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

type Names<T> = readonly (keyof T & string)[];

function checkEach<T extends object>(issues: ConfigIssue[], options: T, names: Names<T>, valid: (value: unknown) => boolean, expected: string): void {
  for (const name of names) {
    const value = options[name];
    if (!valid(value)) issues.push({ path: name, message: `must be ${expected}, got ${String(value)}` });
  }
}

/**
 * Adds an issue for each named option that is not a positive safe integer (counts, sizes).
 *
 * @example
 * checkPositiveIntegers(issues, { concurrency: 0 }, ['concurrency']); // concurrency: must be a positive integer, got 0
 */
export function checkPositiveIntegers<T extends object>(issues: ConfigIssue[], options: T, names: Names<T>): void {
  checkEach(issues, options, names, (value) => Number.isSafeInteger(value) && (value as number) >= 1, 'a positive integer');
}

/**
 * Adds an issue for each named option that is not an integer from `min` to `max`.
 *
 * @example
 * checkIntegers(issues, { connections: 0 }, ['connections'], { min: 1, max: 65_536 }); // connections: must be an integer from 1 to 65536, got 0
 */
export function checkIntegers<T extends object>(issues: ConfigIssue[], options: T, names: Names<T>, { min, max }: { min: number; max: number }): void {
  checkEach(issues, options, names, (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max, `an integer from ${min} to ${max}`);
}

/** Adds an issue for each named option that is not a duration in ms >= 0; `finite: false` also allows `Infinity` ("no limit"). */
export function checkMilliseconds<T extends object>(issues: ConfigIssue[], options: T, names: Names<T>, { finite = true }: { finite?: boolean } = {}): void {
  checkEach(
    issues,
    options,
    names,
    (value) => typeof value === 'number' && !Number.isNaN(value) && value >= 0 && (!finite || Number.isFinite(value)),
    `a ${finite ? 'finite ' : ''}number of milliseconds >= 0`,
  );
}
