import { WebhookError } from '@webhooks/core';
import type { Model, ModelStatic, Transaction } from 'sequelize';
import { findExistingRow } from './find-existing-row.js';
import { diffValues, rowValues } from './model-snapshot.js';
import { timestampAttribute } from './sequelize-internals.js';

type Values = Record<string, unknown>;
export type HookOptions = {
  transaction?: Transaction | null;
  individualHooks?: boolean;
  model?: ModelStatic<Model>;
  fields?: string[];
  ignoreDuplicates?: boolean;
  updateOnDuplicate?: string[];
};
export type Item = { object: Values; changes?: Record<string, { old: unknown; new: unknown }> };

/** What the hooks need from the attachment. */
export interface HookContext {
  isWatched(model: ModelStatic<Model> | undefined): boolean;
  transactionOf(options: HookOptions | undefined): Transaction | null;
  emit(model: ModelStatic<Model>, action: 'created' | 'updated' | 'deleted', items: Item[], options: HookOptions): Promise<void>;
  strict: boolean;
  bulk: 'per-row' | 'ignore';
  warn(message: string): void;
}

const modelOf = (instance: Model) => instance.constructor as ModelStatic<Model>;

/**
 * The universal Sequelize hooks that turn writes into events. Old values come
 * from the database, read inside the write's transaction before the write
 * (Sequelize's own `previous()` only remembers the value before the last `set()`).
 */
export function createModelHooks(ctx: HookContext): { hooks: Record<string, (...args: never[]) => unknown>; guard: (model: ModelStatic<Model> | undefined, o: HookOptions | undefined) => void } {
  // The stored row before an update, upsert or restore, per instance or per upsert call.
  const before = new WeakMap<object, Values | null>();
  const bulkCalls = new WeakSet<object>();

  const guard = (model: ModelStatic<Model> | undefined, o: HookOptions | undefined) => {
    if (!ctx.strict || !ctx.isWatched(model) || ctx.transactionOf(o)) return;
    throw new WebhookError(
      'invalid_argument',
      `${model!.name} was written outside a transaction; pass { transaction } or enable CLS (strict webhooks mode)`,
    );
  };

  const perRow = (o: HookOptions) => {
    guard(o.model, o);
    if (!ctx.isWatched(o.model)) return;
    if (ctx.bulk === 'ignore') return ctx.warn(`bulk write on ${o.model!.name} emits no webhook events (bulk: 'ignore')`);
    o.individualHooks = true;
    bulkCalls.add(o);
  };

  /** Changes of the written fields between the stored row and the instance. */
  const updateItem = (model: ModelStatic<Model>, instance: Model, stored: Values, fields: string[] | undefined): Item => {
    const current = rowValues(model, instance);
    const written = fields ? Object.fromEntries(fields.filter((f) => f in current).map((f) => [f, current[f]])) : current;
    return { object: { ...stored, ...written }, changes: diffValues(stored, written, timestampAttribute(model, 'updatedAt')) };
  };

  const hooks = {
    beforeCreate: (instance: Model, o: HookOptions) => guard(modelOf(instance), o),
    beforeDestroy: (instance: Model, o: HookOptions) => guard(modelOf(instance), o),
    beforeBulkCreate: (_: Model[], o: HookOptions) => {
      guard(o.model, o);
      const option = o.ignoreDuplicates ? 'ignoreDuplicates' : o.updateOnDuplicate ? 'updateOnDuplicate' : undefined;
      if (!option || !ctx.isWatched(o.model)) return;
      // The database reports neither which rows it skipped or updated nor their ids: events would be wrong.
      throw new WebhookError(
        'invalid_argument',
        `${o.model!.name}.bulkCreate with ${option} cannot tell which rows were created, updated or skipped, so its webhook ` +
          'events would be wrong; nothing was written. Create the rows one by one, use upsert(), or dispatch the events yourself.',
      );
    },
    beforeBulkUpdate: perRow,
    beforeBulkDestroy: perRow,
    beforeBulkRestore: perRow,
    beforeUpdate: async (instance: Model, o: HookOptions) => {
      const model = modelOf(instance);
      guard(model, o);
      if (!ctx.isWatched(model)) return;
      // Rows loaded by a bulk update still hold their stored values: the unchanged ones, and `previous()` for the rest.
      if (bulkCalls.has(o)) return before.set(instance, { ...(instance.dataValues as Values), ...(instance.previous() as Values) });
      const row = await findExistingRow(model, rowValues(model, instance), ctx.transactionOf(o), true);
      before.set(instance, row && rowValues(model, row));
    },
    beforeRestore: (instance: Model, o: HookOptions) => {
      guard(modelOf(instance), o);
      before.set(instance, rowValues(modelOf(instance), instance));
    },
    beforeUpsert: async (values: Values, o: HookOptions) => {
      guard(o.model, o);
      if (!ctx.isWatched(o.model)) return;
      const row = await findExistingRow(o.model!, values, ctx.transactionOf(o), true);
      before.set(o, row && rowValues(o.model!, row));
    },
    afterCreate: (instance: Model, o: HookOptions) => ctx.emit(modelOf(instance), 'created', [{ object: rowValues(modelOf(instance), instance) }], o),
    afterBulkCreate: (instances: Model[], o: HookOptions) => {
      if (o.individualHooks || !o.model) return; // afterCreate already ran for each
      return ctx.emit(o.model, 'created', instances.map((i) => ({ object: rowValues(o.model!, i) })), o);
    },
    afterUpdate: (instance: Model, o: HookOptions) => {
      const model = modelOf(instance);
      const stored = before.get(instance);
      if (!stored) return;
      before.delete(instance);
      const item = updateItem(model, instance, stored, o.fields);
      if (Object.keys(item.changes!).length > 0) return ctx.emit(model, 'updated', [item], o);
    },
    afterRestore: (instance: Model, o: HookOptions) => {
      const model = modelOf(instance);
      const stored = before.get(instance);
      const deletedAt = timestampAttribute(model, 'deletedAt');
      if (!stored || !deletedAt) return;
      const object = { ...stored, [deletedAt]: null };
      return ctx.emit(model, 'updated', [{ object, changes: { [deletedAt]: { old: stored[deletedAt] ?? null, new: null } } }], o);
    },
    afterDestroy: (instance: Model, o: HookOptions) => ctx.emit(modelOf(instance), 'deleted', [{ object: rowValues(modelOf(instance), instance) }], o),
    afterUpsert: async ([record]: [Model, boolean | null], o: HookOptions) => {
      const model = o.model;
      if (!model || !ctx.isWatched(model)) return;
      const stored = before.get(o);
      const row = await findExistingRow(model, rowValues(model, record), ctx.transactionOf(o), false);
      const after = rowValues(model, row ?? record);
      if (!stored) return ctx.emit(model, 'created', [{ object: after }], o);
      const changes = diffValues(stored, after, timestampAttribute(model, 'updatedAt'));
      if (Object.keys(changes).length > 0) await ctx.emit(model, 'updated', [{ object: after, changes }], o);
    },
  };
  return { hooks, guard };
}
