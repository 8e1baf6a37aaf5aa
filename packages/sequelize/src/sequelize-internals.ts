import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';

// The only Sequelize 6 internals the adapter reads, each because no public API gives the same:
// - `Sequelize._cls`: the namespace given to `Sequelize.useCLS()`. Sequelize keeps it with no
//   getter, and its `transaction` decides where an event of a write without `{ transaction }` goes.
// - `Model._timestampAttributes`: the resolved names of `createdAt`, `updatedAt` and `deletedAt`
//   after `underscored`, renames and `timestamps: false`; `Model.options` holds only what was passed.
// Old values use the public `instance.previous()`, commit wake-ups `transaction.afterCommit()`.

/** The transaction CLS holds for the current async context, if CLS is enabled. */
export function clsTransaction(sequelize: Sequelize): Transaction | undefined {
  const cls = (sequelize.constructor as unknown as { _cls?: { get(key: string): unknown } })._cls;
  return cls?.get('transaction') as Transaction | undefined;
}

/** The name of a model's `createdAt`, `updatedAt` or `deletedAt` attribute, if it has one. */
export function timestampAttribute(model: ModelStatic<Model>, kind: 'createdAt' | 'updatedAt' | 'deletedAt'): string | undefined {
  return (model as unknown as { _timestampAttributes?: Record<string, string | undefined> })._timestampAttributes?.[kind];
}
