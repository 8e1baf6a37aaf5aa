import type { DeliveryJob } from '@webhooks/core';
import type { Transaction } from 'sequelize';
import type { TransactionEnds } from './sequelize-outbox.js';

type Tx = Transaction & { parent?: Tx; commit(): Promise<void>; rollback(): Promise<void> };

/**
 * Everything the adapter does around an application's transaction, in one place:
 * - holds the outbox jobs it produces and writes them in one insert as it commits (sent with
 *   the COMMIT where the database allows), instead of one insert per model write; jobs of a
 *   savepoint that rolls back go with it;
 * - wakes the relay once the outermost transaction has committed (`afterCommit`, public API).
 * Sequelize 6 has no public hook that runs inside a transaction before its COMMIT, so the
 * insert wraps the root transaction's `commit` and each savepoint's `rollback`.
 */
export class TransactionTracker {
  readonly #pending = new WeakMap<Tx, Map<Tx, DeliveryJob[]>>();
  readonly #woken = new WeakSet<Tx>();

  constructor(
    private readonly writeAndCommit: (jobs: DeliveryJob[], root: Transaction, ends: TransactionEnds) => Promise<void>,
    private readonly wake: () => void,
  ) {}

  /** Calls `wake` once `transaction` (its outermost one) has committed; at once without a transaction. */
  wakeAfterCommit(transaction: Transaction | null): void {
    if (!transaction) return this.wake();
    const root = rootOf(transaction as Tx);
    if (this.#woken.has(root)) return;
    this.#woken.add(root);
    root.afterCommit(() => this.wake());
  }

  add(transaction: Transaction, jobs: readonly DeliveryJob[]): void {
    const tx = transaction as Tx;
    const root = rootOf(tx);
    let byTransaction = this.#pending.get(root);
    if (!byTransaction) {
      byTransaction = new Map();
      this.#pending.set(root, byTransaction);
      this.#wrapCommit(root, byTransaction);
    }
    let list = byTransaction.get(tx);
    if (!list) {
      list = [];
      byTransaction.set(tx, list);
      if (tx !== root) this.#wrapRollback(tx, byTransaction);
    }
    list.push(...jobs);
  }

  #wrapCommit(root: Tx, byTransaction: Map<Tx, DeliveryJob[]>): void {
    const commit = root.commit;
    const rollback = root.rollback;
    const writeAndCommit = this.writeAndCommit;
    root.commit = async function commitWithOutbox(this: Tx) {
      const jobs = [...byTransaction.values()].flat();
      byTransaction.clear();
      if (jobs.length === 0) return commit.call(this);
      return writeAndCommit(jobs, root, {
        commit: () => commit.call(this),
        // Nothing may commit without its events. Sequelize rolls a managed transaction
        // back only when its callback throws, not when commit does: roll back here, so the
        // connection goes back to the pool, and let the caller's own rollback find it done.
        rollback: async () => {
          root.rollback = async () => {};
          await rollback.call(root).catch(() => {});
        },
      });
    };
  }

  #wrapRollback(savepoint: Tx, byTransaction: Map<Tx, DeliveryJob[]>): void {
    const rollback = savepoint.rollback;
    savepoint.rollback = async function rollbackWithOutbox(this: Tx) {
      for (const tx of [...byTransaction.keys()]) if (isWithin(tx, savepoint)) byTransaction.delete(tx);
      return rollback.call(this);
    };
  }
}

function rootOf(tx: Tx): Tx {
  let root = tx;
  while (root.parent) root = root.parent;
  return root;
}

function isWithin(tx: Tx, ancestor: Tx): boolean {
  for (let t: Tx | undefined = tx; t; t = t.parent) if (t === ancestor) return true;
  return false;
}
