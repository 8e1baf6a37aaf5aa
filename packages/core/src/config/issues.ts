import { WebhookConfigError, type ConfigIssue } from '../errors.js';

/** Collects configuration problems so one error can report all of them with their paths. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.items.push({ path, message });
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new WebhookConfigError(this.items);
  }
}

/** `join('endpoints[1]', 'url')` is `endpoints[1].url`; an empty prefix gives `url`. */
export function join(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

export function checkNumber(
  issues: IssueList,
  path: string,
  value: unknown,
  { min, max, integer = true }: { min: number; max: number; integer?: boolean },
): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value));
  if (!ok || (value as number) < min || (value as number) > max) {
    issues.add(path, `must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}`);
  }
}

export function checkBoolean(issues: IssueList, path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') issues.add(path, 'must be true or false');
}
