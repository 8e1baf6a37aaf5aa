import { bytesToBase64 } from './crypto/encoding.js';
import { WebhookError } from './errors.js';

/** A value that survives `JSON.stringify` unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export type JsonObject = { [key: string]: JsonValue };

/**
 * Converts ORM values into plain JSON with fixed rules, so every adapter renders
 * the same payload: `Date` becomes an ISO string, `bigint` a decimal string,
 * objects with `toJSON()` (decimals, Luxon, Moment) their own rendering, bytes
 * base64, `Map` an object, `Set` an array, non-finite numbers `null`.
 * `undefined` and functions are omitted from objects and become `null` in arrays.
 * Circular references throw a `WebhookError` with code `invalid_payload` naming the path.
 *
 * @example
 * toJson({ total: 150n, at: new Date(0) }) // { total: '150', at: '1970-01-01T00:00:00.000Z' }
 */
export function toJson(value: unknown): JsonValue {
  return convert(value, '$', new Set());
}

function convert(value: unknown, path: string, seen: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'bigint':
      return value.toString();
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  const obj = value as object;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (seen.has(obj)) {
    throw new WebhookError('invalid_payload', `Cannot serialise a circular reference at ${path}`);
  }
  seen.add(obj);
  try {
    return convertObject(obj, path, seen);
  } finally {
    seen.delete(obj);
  }
}

function convertObject(obj: object, path: string, seen: Set<object>): JsonValue {
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    return convert((obj as { toJSON(): unknown }).toJSON(), path, seen);
  }
  if (Array.isArray(obj)) return obj.map((item, i) => convert(item, `${path}[${i}]`, seen));
  if (obj instanceof Uint8Array) return bytesToBase64(obj);
  if (obj instanceof ArrayBuffer) return bytesToBase64(new Uint8Array(obj));
  if (obj instanceof Set) return [...obj].map((item, i) => convert(item, `${path}[${i}]`, seen));
  const out: JsonObject = {};
  const entries = obj instanceof Map ? obj.entries() : Object.entries(obj);
  for (const [key, item] of entries) {
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    const name = String(key);
    out[name] = convert(item, `${path}.${name}`, seen);
  }
  return out;
}


/** True for a non-null, non-array object. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
