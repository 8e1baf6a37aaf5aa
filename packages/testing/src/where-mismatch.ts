import type { WebhookEvent } from '@webhooks/core';

/** Part of an event to look for: every field given must match; objects match field by field, at any depth. */
export type WebhookWhere = DeepPartial<WebhookEvent> | ((event: WebhookEvent) => boolean);

type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * Why `event` does not match `where`, as `object.id is "41"`; undefined when it matches.
 * Objects in `where` match a subset of the event's fields; arrays and scalars must be equal.
 *
 * @example
 * whereMismatch(event, { object: { id: '42' } }); // undefined, or 'object.id is "41"'
 */
export function whereMismatch(event: WebhookEvent, where: WebhookWhere | undefined): string | undefined {
  if (where === undefined) return undefined;
  if (typeof where === 'function') return where(event) ? undefined : 'where() returned false';
  return mismatch(event, where, '');
}

function mismatch(actual: unknown, expected: unknown, path: string): string | undefined {
  if (isObject(expected) && !Array.isArray(expected)) {
    if (!isObject(actual) || Array.isArray(actual)) return `${path || 'the event'} is ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const found = mismatch((actual as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key);
      if (found) return found;
    }
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path} is ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const found = mismatch(actual[i], expected[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path} is ${show(actual)}`;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
