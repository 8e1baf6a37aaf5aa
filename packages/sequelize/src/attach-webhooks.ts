import {
  createRelay,
  NO_MODELS_WATCHED,
  resolveEventName,
  watchesAnyModel,
  WebhookError,
  type ActingUser,
  type DeliveryJob,
  type ModelRef,
  type Relay,
  type RelayOptions,
  type WebhookEvent,
  type Webhooks,
} from '@webhooks/core';
import { ModelNames, startRelaying, type ModelNameOptions } from '@webhooks/core/adapter';
import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';
import { createModelHooks, type HookOptions, type Item } from './model-hooks.js';
import { rowValues } from './model-snapshot.js';
import { configureSqliteConcurrency, type SqliteConcurrencyOptions } from './configure-sqlite.js';
import { clsTransaction } from './sequelize-internals.js';
import { TransactionTracker } from './transaction-tracker.js';
import { watchIncrements } from './watch-increments.js';
import { createSequelizeOutbox } from './sequelize-outbox.js';
import { isWebhookModel, type WebhookTableOptions } from './webhook-tables.js';

/** Options of `attachWebhooks`. */
export interface AttachWebhooksOptions extends ModelNameOptions, WebhookTableOptions {
  /** Refuse writes to watched models outside a transaction (they could lose an event on a crash). Default false. */
  strict?: boolean;
  /** Bulk `update`/`destroy`: `per-row` loads the rows and emits an event each (default); `ignore` emits nothing and warns. */
  bulk?: 'per-row' | 'ignore';
  /** Relay settings, or `false` when another process runs the relay. */
  relay?: Omit<RelayOptions, 'store' | 'publish'> | false;
  /** Where warnings go. Default `console.warn`. */
  onWarning?: (message: string) => void;
  /** SQLite only: busy timeout and WAL for concurrent writers (see `configureSqliteConcurrency`), or false to leave the connection alone. */
  sqlite?: SqliteConcurrencyOptions | false;
  /**
   * Postgres and MariaDB: send the outbox insert with the transaction's COMMIT, in one round trip
   * (one two-statement query; a `BEGIN NOT ATOMIC` block on MariaDB). Default true; false sends
   * them one after the other, for a proxy or pooler that refuses such statements.
   */
  oneTripCommit?: boolean;
}

/** Options of a manual dispatch through the outbox. */
export interface OutboxDispatchOptions {
  /** The transaction to write in; default the CLS transaction, if any. */
  transaction?: Transaction | null;
  changes?: Record<string, { old: unknown; new: unknown }>;
  user?: ActingUser | null;
}

/** A Sequelize instance wired to webhooks. */
export interface SequelizeWebhooks {
  /** The relay running in this process, if any. */
  readonly relay: Relay | undefined;
  /** Dispatches a custom event (`order.paid`) for an instance, through the outbox, in its transaction. */
  dispatchModelEvent(name: string, instance: Model, options?: OutboxDispatchOptions): Promise<{ event: WebhookEvent; jobs: DeliveryJob[] }>;
  /** Removes the hooks and stops the relay. */
  detach(): Promise<void>;
}

let attachments = 0;

/**
 * Turns creates, updates, upserts and deletes of watched models into events,
 * written to the outbox in the same transaction as the change, and relays
 * them to the transport after commit. A rollback leaves nothing behind.
 *
 * @example
 * const detach = attachWebhooks(sequelize, webhooks, { appLabel: 'store' });
 * await sequelize.transaction(async (transaction) => Order.create({ total: 5 }, { transaction }));
 */
export function attachWebhooks(sequelize: Sequelize, webhooks: Webhooks, options: AttachWebhooksOptions = {}): SequelizeWebhooks {
  if (options.sqlite !== false) configureSqliteConcurrency(sequelize, options.sqlite);
  const names = new ModelNames(webhooks.config, options);
  const outbox = createSequelizeOutbox(sequelize, options);
  const relay = options.relay === false ? undefined : createRelay({ instrumentation: webhooks.instrumentation, ...options.relay, store: outbox, publish: (jobs) => webhooks.publish(jobs) });
  const warn = options.onWarning ?? ((message: string) => console.warn(`[webhooks] ${message}`));
  if (!watchesAnyModel(webhooks.config)) warn(NO_MODELS_WATCHED);
  const hookName = `webhooks-${++attachments}`;
  const transactionOf = (o: HookOptions | undefined) => (o?.transaction !== undefined ? o.transaction : (clsTransaction(sequelize) ?? null));

  // Core caches the answer per model name; the adapter's own tables are told apart by the model itself.
  const watched = (model: ModelStatic<Model> | undefined): ModelRef | undefined =>
    model && !isWebhookModel(sequelize, model) ? names.watched(model.name) : undefined;

  const tracker = new TransactionTracker((jobs, root, ends) => outbox.writeAndCommit(jobs, root, ends), () => relay?.wake());

  /** Plans the events and writes their jobs to the outbox in `transaction`. */
  const write = async (ref: ModelRef, name: string, items: Item[], transaction: Transaction | null, user?: ActingUser | null) => {
    const event = resolveEventName(name, ref);
    const planned = items.map((item) =>
      webhooks.plan({ event, model: ref, object: item.object, changes: item.changes ?? null, ...(user !== undefined ? { user } : {}) }),
    );
    const jobs = planned.flatMap((p) => p.jobs);
    if (jobs.length > 0) {
      if (transaction) tracker.add(transaction, jobs);
      else await outbox.write(jobs, null);
      if (relay) tracker.wakeAfterCommit(transaction);
    }
    return planned;
  };

  const emit = async (model: ModelStatic<Model>, action: string, items: Item[], o: HookOptions) => {
    const ref = watched(model);
    if (ref && items.length > 0) await write(ref, action, items, transactionOf(o));
  };

  const { hooks, guard } = createModelHooks({
    isWatched: (model) => watched(model) !== undefined,
    transactionOf,
    emit,
    strict: options.strict ?? false,
    bulk: options.bulk ?? 'per-row',
    warn,
  });
  const addHook = sequelize.addHook.bind(sequelize) as unknown as (type: string, name: string, fn: unknown) => void;
  for (const [type, fn] of Object.entries(hooks)) addHook(type, hookName, fn);
  const unwatchIncrements = watchIncrements(sequelize, hookName, {
    isWatched: (model) => watched(model) !== undefined,
    transactionOf,
    guard,
    emit,
  });
  if (relay) startRelaying(webhooks, relay, warn, 'createSequelizeDeliveryLog(sequelize)');

  return {
    relay,
    async dispatchModelEvent(name, instance, { transaction, changes, user } = {}) {
      const model = instance.constructor as ModelStatic<Model>;
      if (isWebhookModel(sequelize, model)) throw new WebhookError('invalid_argument', 'webhook tables do not emit events');
      const t = transaction !== undefined ? transaction : transactionOf(undefined);
      const [planned] = await write(names.model(model.name), name, [{ object: rowValues(model, instance), changes }], t, user);
      return planned!;
    },
    async detach() {
      const removeHook = sequelize.removeHook.bind(sequelize) as unknown as (type: string, name: string) => void;
      for (const type of Object.keys(hooks)) removeHook(type, hookName);
      unwatchIncrements();
      await relay?.stop();
    },
  };
}
