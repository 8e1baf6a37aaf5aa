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
  return convert(value, { parents: [], keys: [] });
}

/**
 * Where the conversion is: the objects being converted (to catch a cycle) and
 * the keys leading to the current value. The path is only rendered for an
 * error; building it for every field was a measurable share of each event.
 */
interface Walk {
  parents: object[];
  keys: (string | number)[];
}

function convert(value: unknown, walk: Walk): JsonValue {
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
  // Payloads are shallow: a scan of the ancestors beats a Set per conversion.
  if (walk.parents.includes(obj)) {
    throw new WebhookError('invalid_payload', `Cannot serialise a circular reference at ${pathOf(walk.keys)}`);
  }
  walk.parents.push(obj);
  const json = convertObject(obj, walk);
  walk.parents.pop();
  return json;
}

function convertObject(obj: object, walk: Walk): JsonValue {
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function') {
    return convert((obj as { toJSON(): unknown }).toJSON(), walk);
  }
  if (Array.isArray(obj)) return convertItems(obj, walk);
  if (obj instanceof Uint8Array) return bytesToBase64(obj);
  if (obj instanceof ArrayBuffer) return bytesToBase64(new Uint8Array(obj));
  if (obj instanceof Set) return convertItems([...obj], walk);
  const out: JsonObject = {};
  if (obj instanceof Map) {
    for (const [key, item] of obj) addField(out, String(key), item, walk);
    return out;
  }
  const record = obj as Record<string, unknown>;
  const names = Object.keys(record);
  for (let i = 0; i < names.length; i++) addField(out, names[i]!, record[names[i]!], walk);
  return out;
}

function addField(out: JsonObject, name: string, item: unknown, walk: Walk): void {
  if (item === undefined || typeof item === 'function' || typeof item === 'symbol') return;
  walk.keys.push(name);
  const json = convert(item, walk);
  // An own "__proto__" (JSON.parse makes them) must stay data, not become the prototype.
  if (name === '__proto__') Object.defineProperty(out, name, { value: json, enumerable: true, writable: true, configurable: true });
  else out[name] = json;
  walk.keys.pop();
}

function convertItems(items: readonly unknown[], walk: Walk): JsonValue[] {
  const out = new Array<JsonValue>(items.length);
  for (let i = 0; i < items.length; i++) {
    walk.keys.push(i);
    out[i] = convert(items[i], walk);
    walk.keys.pop();
  }
  return out;
}

function pathOf(keys: readonly (string | number)[]): string {
  return keys.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`), '$');
}

/** True for a non-null, non-array object. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
