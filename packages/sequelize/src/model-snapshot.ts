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

/** Fields of `after` whose value differs from `before`, with both values; `skip` is left out. */
export function diffValues(before: Values, after: Values, skip?: string): Record<string, { old: unknown; new: unknown }> {
  const out: Record<string, { old: unknown; new: unknown }> = {};
  for (const [name, value] of Object.entries(after)) {
    if (name !== skip && !same(before[name], value)) out[name] = { old: before[name] ?? null, new: value ?? null };
  }
  return out;
}
