import { JsonType, Reference, wrap, type EntityMetadata, type EntityProperty, type Platform } from '@mikro-orm/core';
import { toJson } from '@webhooks/core';

type Fields = Record<string, unknown>;
type AnyProperty = EntityProperty<any>;

/** The metadata of a managed entity, or undefined for a plain object. */
export function metadataOf(entity: object): EntityMetadata | undefined {
  return (wrap(entity, true) as { __meta?: EntityMetadata }).__meta;
}

/**
 * An entity's fields as an event object: scalars and embeddables by property
 * name, owned relations (many-to-one, owning one-to-one) as their primary key.
 * Collections, inverse sides, hidden and unloaded lazy properties are left
 * out, so nothing is ever loaded or walked into a graph.
 */
export function entityFields(entity: object, meta: EntityMetadata): Fields {
  const out: Fields = {};
  for (const prop of meta.props) {
    if (!isSerialised(prop)) continue;
    const value = currentValue(entity, prop);
    if (value !== undefined) out[prop.name] = value;
  }
  return out;
}

/**
 * The fields an update changes. Old values are `stored` (the row read from the database in
 * the flush's transaction, as `entityFields` returns it) when given, else the unit of
 * work's original entity data (database form, converted back here).
 */
export function updatedChanges(
  entity: object,
  meta: EntityMetadata,
  payload: Fields,
  original: Fields,
  platform: Platform,
  stored?: Fields,
): Record<string, { old: unknown; new: unknown }> {
  const props = new Set<AnyProperty>();
  for (const key of Object.keys(payload)) {
    let prop: AnyProperty | undefined = meta.properties[key];
    // A flattened embeddable column (`address_city`) counts as a change of its root (`address`).
    while (prop?.embedded) prop = meta.properties[prop.embedded[0]];
    if (prop && isSerialised(prop)) props.add(prop);
  }
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const prop of props) {
    const before = (stored ? stored[prop.name] : originalValue(prop, meta, original, platform)) ?? null;
    const after = currentValue(entity, prop) ?? null;
    if (!sameJson(before, after)) changes[prop.name] = { old: before, new: after };
  }
  return changes;
}

/** True when two values serialise to the same JSON; unequal strings, booleans and finite numbers never do. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(a) && Number.isFinite(b)))) {
    return false;
  }
  // Dates, decimals, buffers, JSON values, bigints, NaN and Infinity (null on the wire) compare as JSON.
  return JSON.stringify(toJson(a)) === JSON.stringify(toJson(b));
}

function isSerialised(prop: AnyProperty): boolean {
  if (prop.embedded || prop.hidden || (prop.persist === false && !prop.formula)) return false;
  if (prop.kind === 'scalar' || prop.kind === 'embedded') return true;
  return prop.kind === 'm:1' || (prop.kind === '1:1' && prop.owner);
}

function currentValue(entity: object, prop: AnyProperty): unknown {
  let value = (entity as Fields)[prop.name];
  if (value === null || value === undefined) return value;
  if (prop.kind === 'scalar' || prop.kind === 'embedded') {
    // A lazy scalar behind `ref: true` is a ScalarReference; an unloaded one reads as undefined.
    if (prop.ref && typeof (value as { unwrap?: unknown }).unwrap === 'function') value = (value as { unwrap(): unknown }).unwrap();
    return value;
  }
  if (prop.mapToPk) return keyString(value);
  const target = Reference.unwrapReference(value as object);
  const pk = wrap(target, true).getPrimaryKey();
  return pk === null || pk === undefined ? null : wrap(target, true).getSerializedPrimaryKey();
}

function originalValue(prop: AnyProperty, meta: EntityMetadata, original: Fields, platform: Platform): unknown {
  if (prop.kind === 'embedded') return originalEmbeddable(prop, meta, original, platform);
  const raw = original[prop.name];
  if (raw === null || raw === undefined) return raw;
  if (prop.kind !== 'scalar') return keyString(raw);
  // Snapshots keep JSON as text on every platform, even where the driver parses it on read.
  if (prop.customType instanceof JsonType) return typeof raw === 'string' ? JSON.parse(raw) : raw;
  const value = prop.customType ? prop.customType.convertToJSValue(raw, platform) : raw;
  // SQLite snapshots dates as epoch milliseconds.
  return prop.runtimeType === 'Date' && (typeof value === 'number' || typeof value === 'string') ? platform.parseDate(value) : value;
}

function originalEmbeddable(prop: AnyProperty, meta: EntityMetadata, original: Fields, platform: Platform): unknown {
  if (prop.object) {
    const raw = original[prop.name];
    return typeof raw === 'string' ? JSON.parse(raw) : raw;
  }
  const out: Fields = {};
  let present = false;
  for (const [name, child] of Object.entries(prop.embeddedProps ?? {}) as [string, AnyProperty][]) {
    const value = originalValue(meta.properties[child.name] ?? child, meta, original, platform);
    if (value !== undefined) out[name] = value;
    if (value !== null && value !== undefined) present = true;
  }
  return present ? out : null;
}

/** A primary key as the wire shows it: a string; composite keys joined as MikroORM serialises them. */
function keyString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(String).join('~~~');
  if (typeof value === 'object') {
    const target = Reference.unwrapReference(value);
    return wrap(target, true).getSerializedPrimaryKey?.() ?? String(value);
  }
  return String(value);
}
