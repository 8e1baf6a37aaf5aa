import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';

// The only Sequelize 6 internals the adapter reads, each because no public API gives the same:
// - `Sequelize._cls`: the namespace given to `Sequelize.useCLS()`. Sequelize keeps it with no
//   getter, and its `transaction` decides where an event of a write without `{ transaction }` goes.
// - `Model._timestampAttributes`: the resolved names of `createdAt`, `updatedAt` and `deletedAt`
//   after `underscored`, renames and `timestamps: false`; `Model.options` holds only what was passed.
// - `QueryInterface.commitTransaction`: the one step of `Transaction.commit` that sends COMMIT.
//   When the outbox insert already carried the COMMIT, `commitWithoutSending` lets the rest of
//   `commit` run as usual (release the connection, or destroy it on failure; `afterCommit` hooks).
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

interface CommitStep {
  commitTransaction(transaction: Transaction, options?: object): Promise<unknown>;
}

const outcomes = new WeakMap<Transaction, { error?: unknown }>();
const patched = new WeakSet<object>();

/**
 * Runs `transaction.commit()` with its COMMIT already sent: nothing more goes to the
 * database, and `commit` settles as it would have after that COMMIT, failing with
 * `error` if given.
 */
export async function commitWithoutSending(
  sequelize: Sequelize,
  transaction: Transaction,
  commit: () => Promise<void>,
  outcome: { error?: unknown },
): Promise<void> {
  const queryInterface = sequelize.getQueryInterface() as unknown as CommitStep;
  if (!patched.has(queryInterface)) {
    patched.add(queryInterface);
    const send = queryInterface.commitTransaction;
    queryInterface.commitTransaction = async function commitTransaction(this: CommitStep, t, options) {
      const sent = outcomes.get(t);
      if (!sent) return send.call(this, t, options);
      outcomes.delete(t);
      (t as { finished?: string }).finished = 'commit';
      if ('error' in sent) throw sent.error;
    };
  }
  outcomes.set(transaction, outcome);
  try {
    await commit();
  } finally {
    outcomes.delete(transaction);
  }
}
