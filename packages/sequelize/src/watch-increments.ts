import { Op, type Model, type ModelStatic, type Sequelize, type Transaction, type WhereOptions } from 'sequelize';
import type { HookOptions, Item } from './model-hooks.js';
import { diffValues, rowValues } from './model-snapshot.js';
import { timestampAttribute } from './sequelize-internals.js';

/** What the increment wrapper needs from the attachment. */
export interface IncrementContext {
  isWatched(model: ModelStatic<Model>): boolean;
  transactionOf(options: HookOptions | undefined): Transaction | null;
  guard(model: ModelStatic<Model>, options: HookOptions): void;
  emit(model: ModelStatic<Model>, action: 'updated', items: Item[], options: HookOptions): Promise<void>;
}

type Increment = (this: ModelStatic<Model>, fields: unknown, options?: HookOptions & { where?: WhereOptions }) => Promise<unknown>;

/**
 * Sequelize runs no hooks for `increment` and `decrement` (instance or static; all four go
 * through the model's static `increment`), so a watched model gets its own `increment` that
 * reads the rows it changes before and after, in the write's transaction, and emits
 * `updated` with the stored old values. Installed on watched models, present and defined
 * later; `detach` removes it.
 */
export function watchIncrements(sequelize: Sequelize, hookName: string, ctx: IncrementContext): () => void {
  const patched = new Set<ModelStatic<Model>>();
  const lockRows = sequelize.getDialect() !== 'sqlite';

  const patch = (model: ModelStatic<Model>) => {
    if (patched.has(model) || !ctx.isWatched(model) || Object.prototype.hasOwnProperty.call(model, 'increment')) return;
    const original = model.increment as unknown as Increment;
    const increment: Increment = async function (fields, options = {}) {
      if (this !== model) return original.call(this, fields, options);
      ctx.guard(model, options);
      const transaction = ctx.transactionOf(options);
      const read = { transaction, hooks: false, logging: false } as const;
      const before = await model.findAll({ ...read, where: options.where ?? {}, ...(lockRows && transaction ? { lock: true } : {}) });
      const result = await original.call(this, fields, options);
      if (before.length === 0) return result;
      const keys = model.primaryKeyAttributes;
      const keyOf = (row: Model) => JSON.stringify(keys.map((k) => row.get(k)));
      const where = { [Op.or]: before.map((row) => Object.fromEntries(keys.map((k) => [k, row.get(k)]))) } as WhereOptions;
      const after = new Map((await model.findAll({ ...read, where })).map((row) => [keyOf(row), row]));
      const items: Item[] = [];
      for (const row of before) {
        const now = after.get(keyOf(row));
        if (!now) continue;
        const object = rowValues(model, now);
        const changes = diffValues(rowValues(model, row), object, timestampAttribute(model, 'updatedAt'));
        if (Object.keys(changes).length > 0) items.push({ object, changes });
      }
      if (items.length > 0) await ctx.emit(model, 'updated', items, options);
      return result;
    };
    Object.defineProperty(model, 'increment', { value: increment, configurable: true, writable: true });
    patched.add(model);
  };

  for (const model of Object.values(sequelize.models)) patch(model);
  const hooks = sequelize as unknown as { addHook(t: string, n: string, f: unknown): void; removeHook(t: string, n: string): void };
  hooks.addHook('afterDefine', hookName, patch);
  return () => {
    hooks.removeHook('afterDefine', hookName);
    for (const model of patched) delete (model as { increment?: unknown }).increment;
    patched.clear();
  };
}
