import { toJson } from '@webhooks/core';
import type { Model, ModelStatic } from 'sequelize';

type Values = Record<string, unknown>;

/** The stored attributes of a model (virtual ones are computed, not stored). */
function storedAttributes(model: ModelStatic<Model>): string[] {
  return Object.entries(model.getAttributes())
    .filter(([, attribute]) => (attribute.type as { key?: string }).key !== 'VIRTUAL')
    .map(([name]) => name);
}

/** The row as stored: every non-virtual attribute's current value, without associations. */
export function rowValues(model: ModelStatic<Model>, instance: Model): Values {
  const out: Values = {};
  for (const name of storedAttributes(model)) out[name] = instance.getDataValue(name as never);
  return out;
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(toJson(a)) === JSON.stringify(toJson(b));

/**
 * The attributes whose value differs from the one last read from or written
 * to the database, with both values. Sequelize keeps that database value in
 * `previous()` until the save completes, so several `set()` calls before one
 * save report the stored value as `old`, and a field set back to its stored
 * value is not a change. The `updatedAt` timestamp is left out.
 */
export function rowChanges(model: ModelStatic<Model>, instance: Model): Record<string, { old: unknown; new: unknown }> {
  const updatedAt = (model as unknown as { _timestampAttributes?: { updatedAt?: string } })._timestampAttributes?.updatedAt;
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const name of storedAttributes(model)) {
    if (name === updatedAt) continue;
    const previous = instance.previous(name as never);
    const current = instance.getDataValue(name as never);
    if (!same(previous, current)) out[name] = { old: previous ?? null, new: current ?? null };
  }
  return out;
}

/** Changes between a row read before an upsert and the row after it. */
export function diffValues(before: Values, after: Values, skip?: string): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const [name, value] of Object.entries(after)) {
    if (name !== skip && !same(before[name], value)) out[name] = { old: before[name] ?? null, new: value ?? null };
  }
  return out;
}
