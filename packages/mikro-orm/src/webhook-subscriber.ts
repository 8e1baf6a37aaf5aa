import type { ChangeSet, EntityManager, EventSubscriber, FlushEventArgs, TransactionEventArgs, UnitOfWork } from '@mikro-orm/core';
import { modelEventName, type DeliveryJob, type ModelAction, type Webhooks } from '@webhooks/core';
import { entityFields, updatedChanges } from './entity-snapshot.js';
import { readStoredRows } from './stored-rows.js';
import type { EntityNames } from './model-names.js';
import type { MikroOrmOutbox } from './mikro-orm-outbox.js';

/** A change set kept from `onFlush` until its rows can be written. */
interface Captured {
  changeSet: ChangeSet<any>;
  action: ModelAction;
  /** Filled in `onFlush` for updates and deletes (the state before the write); creates wait for their ids. */
  object?: Record<string, unknown>;
  changes?: Record<string, { old: unknown; new: unknown }>;
  /** Its `changes.old` still come from the unit of work, not yet from the database. */
  stale?: boolean;
}

const ACTIONS: Record<string, ModelAction> = {
  create: 'created',
  update: 'updated',
  update_early: 'updated',
  delete: 'deleted',
  delete_early: 'deleted',
};

/**
 * Turns flushed change sets of watched entities into outbox rows written in
 * the flush's own transaction: in `beforeTransactionCommit` when the flush
 * opened it, in `afterFlush` when it ran inside the caller's transaction
 * (`em.transactional`, `em.begin`). Both run after the inserts, so database
 * generated ids are known. Asks for a relay pass once the rows are committed.
 */
export class WebhookSubscriber implements EventSubscriber {
  private readonly pending = new WeakMap<UnitOfWork, Captured[]>();
  /** Transactions (and savepoints) that wrote outbox rows and have not committed yet. */
  private readonly uncommitted = new Set<object>();
  private active = true;

  constructor(
    private readonly webhooks: Webhooks,
    private readonly names: EntityNames,
    private readonly outbox: MikroOrmOutbox,
    private readonly onCommitted: () => void,
  ) {}

  /** Stops capturing; MikroORM 6 has no way to unregister a subscriber. */
  deactivate(): void {
    this.active = false;
  }

  /**
   * Writes planned jobs through `em` in `ctx` and wakes the relay once they are visible;
   * `dispatchModelEvent` uses it too. `atCommit`: `ctx` commits next, and the rows can go with its COMMIT.
   */
  async write(em: EntityManager, jobs: readonly DeliveryJob[], ctx = em.getTransactionContext(), atCommit = false): Promise<void> {
    if (atCommit && ctx) await this.outbox.writeAtCommit(em, jobs, ctx);
    else await this.outbox.write(em, jobs, ctx);
    if (jobs.length === 0) return;
    // Inside a transaction the relay must wait for its commit; otherwise the rows are visible now.
    if (ctx) this.uncommitted.add(ctx);
    else this.onCommitted();
  }

  async onFlush({ uow, em }: FlushEventArgs): Promise<void> {
    if (!this.active) return;
    const captured: Captured[] = [];
    const platform = em.getPlatform();
    for (const changeSet of uow.getChangeSets()) {
      if (!this.names.watched(changeSet.meta)) continue;
      const action = ACTIONS[changeSet.type];
      if (!action) continue;
      const item: Captured = { changeSet, action };
      if (action !== 'created') item.object = entityFields(changeSet.entity, changeSet.meta);
      if (action === 'updated') {
        item.changes = updatedChanges(changeSet.entity, changeSet.meta, changeSet.payload, changeSet.originalEntity ?? {}, platform);
        if (Object.keys(item.changes).length === 0) continue;
        item.stale = true;
      }
      captured.push(item);
    }
    if (captured.length > 0) this.pending.set(uow, captured);
    else this.pending.delete(uow);
    // Inside the caller's transaction the rows can be read now; otherwise once the flush opens its own.
    const ctx = em.getTransactionContext();
    if (ctx && captured.length > 0) await this.readOldValues(em, captured, ctx);
  }

  async afterTransactionStart({ em, uow, transaction }: TransactionEventArgs): Promise<void> {
    // MikroORM 6 passes the flush's unit of work; 7 passes only its entity manager.
    const captured = this.pending.get(uow ?? em.getUnitOfWork(false));
    if (captured && transaction) await this.readOldValues(em, captured, transaction);
  }

  /** Replaces the unit of work's idea of `old` by what the database holds, read in the flush's transaction. */
  private async readOldValues(em: EntityManager, captured: Captured[], ctx: NonNullable<TransactionEventArgs['transaction']>) {
    const stale = captured.filter((item) => item.stale);
    if (stale.length === 0) return;
    const stored = await readStoredRows(em, stale.map((item) => item.changeSet), ctx);
    const platform = em.getPlatform();
    for (const item of stale) {
      item.stale = false;
      const row = stored.get(item.changeSet);
      if (!row) continue;
      const { entity, meta, payload } = item.changeSet;
      item.changes = updatedChanges(entity, meta, payload, {}, platform, row);
    }
  }

  async beforeTransactionCommit({ em, uow, transaction }: TransactionEventArgs): Promise<void> {
    // MikroORM 6 passes the flush's unit of work; 7 passes only its entity manager.
    const captured = this.take(uow ?? em.getUnitOfWork(false));
    if (captured) await this.writeCaptured(em, captured, transaction, true);
  }

  async afterFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const captured = this.take(uow);
    if (captured) await this.writeCaptured(em, captured, em.getTransactionContext());
  }

  /**
   * Wakes the relay when a transaction that wrote rows commits; another
   * transaction's commit does not count (it could come first and leave these
   * rows to the next poll). A savepoint's rows become visible with the outermost
   * commit, and savepoints do not name their parent, so any outermost commit
   * wakes the relay for them: at worst one pass too early, then the next.
   */
  async afterTransactionCommit({ em, transaction }: TransactionEventArgs): Promise<void> {
    if (!transaction || isSavepoint(transaction)) return;
    // Jobs meant to ride on the COMMIT that did not (knex spelt it otherwise): written now, on their own.
    const unsent = this.outbox.takeUnsent(transaction);
    if (unsent) await this.outbox.write(em, unsent);
    let wake = this.uncommitted.delete(transaction);
    for (const ctx of this.uncommitted) {
      if (!isSavepoint(ctx)) continue;
      this.uncommitted.delete(ctx);
      wake = true;
    }
    if (wake) this.onCommitted();
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (!transaction) return;
    this.uncommitted.delete(transaction);
    this.outbox.takeUnsent(transaction); // rolled back: its jobs go with it
  }

  private take(uow: UnitOfWork): Captured[] | undefined {
    const captured = this.pending.get(uow);
    if (captured) this.pending.delete(uow);
    return captured;
  }

  private async writeCaptured(em: EntityManager, captured: Captured[], ctx: TransactionEventArgs['transaction'], atCommit = false) {
    const jobs: DeliveryJob[] = [];
    for (const { changeSet, action, object, changes } of captured) {
      // The database already held every new value (another writer got there first): nothing changes.
      if (action === 'updated' && Object.keys(changes ?? {}).length === 0) continue;
      const model = this.names.model(changeSet.meta);
      const fields = object ?? entityFields(changeSet.entity, changeSet.meta);
      const planned = this.webhooks.plan({
        event: modelEventName(model, action),
        model,
        object: fields,
        // Like every adapter: changes only for updates; created and deleted rows travel in `object`.
        changes: action === 'updated' ? changes : null,
      });
      jobs.push(...planned.jobs);
    }
    await this.write(em, jobs, ctx, atCommit);
  }
}

/** MikroORM 6 and 7 both mark a savepoint's transaction object with its name. */
function isSavepoint(ctx: object): boolean {
  return 'savepointName' in ctx;
}
