import {
  createRelay,
  modelIsWatched,
  resolveEventName,
  WebhookError,
  type ActingUser,
  type DeliveryJob,
  type ModelRef,
  type Relay,
  type RelayOptions,
  type WebhookEvent,
  type Webhooks,
} from '@webhooks/core';
import type { Model, ModelStatic, Sequelize, Transaction } from 'sequelize';
import { modelIdentity, type ModelIdentityOptions } from './model-identity.js';
import { diffValues, rowChanges, rowValues } from './model-snapshot.js';
import { createSequelizeOutbox } from './sequelize-outbox.js';
import { findExistingRow } from './find-existing-row.js';
import { isWebhookModel, type WebhookTableOptions } from './webhook-tables.js';

/** Options of `attachWebhooks`. */
export interface AttachWebhooksOptions extends ModelIdentityOptions, WebhookTableOptions {
  /** Refuse writes to watched models outside a transaction (they could lose an event on a crash). Default false. */
  strict?: boolean;
  /** Bulk `update`/`destroy`: `per-row` loads the rows and emits an event each (default); `ignore` emits nothing and warns. */
  bulk?: 'per-row' | 'ignore';
  /** Relay settings, or `false` when another process runs the relay. */
  relay?: Omit<RelayOptions, 'store' | 'publish'> | false;
  /** Where warnings go. Default `console.warn`. */
  onWarning?: (message: string) => void;
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

type Options = { transaction?: Transaction | null; individualHooks?: boolean; model?: ModelStatic<Model>; instance?: Model };
type Item = { object: unknown; changes?: Record<string, { old: unknown; new: unknown }> };
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
  const identify = modelIdentity(options);
  const outbox = createSequelizeOutbox(sequelize, options);
  const relay = options.relay === false ? undefined : createRelay({ ...options.relay, store: outbox, publish: (jobs) => webhooks.publish(jobs) });
  const warn = options.onWarning ?? ((message: string) => console.warn(`[webhooks] ${message}`));
  const hookName = `webhooks-${++attachments}`;
  const upserts = new WeakMap<object, Record<string, unknown> | null>();
  const woken = new WeakSet<Transaction>();
  const cls = () => (sequelize.constructor as unknown as { _cls?: { get(key: string): unknown } })._cls;
  const transactionOf = (o: Options | undefined) =>
    o?.transaction !== undefined ? o.transaction : ((cls()?.get('transaction') as Transaction | undefined) ?? null);

  const watched = (model: ModelStatic<Model> | undefined): ModelRef | undefined => {
    if (!model || isWebhookModel(sequelize, model)) return undefined;
    const ref = identify(model.name);
    return modelIsWatched(webhooks.config, ref) ? ref : undefined;
  };

  const wakeAfterCommit = (transaction: Transaction | null) => {
    if (!relay) return;
    if (!transaction) return relay.wake();
    let root = transaction;
    while ((root as { parent?: Transaction }).parent) root = (root as unknown as { parent: Transaction }).parent;
    if (woken.has(root)) return;
    woken.add(root);
    root.afterCommit(() => relay.wake());
  };

  const write = async (ref: ModelRef, name: string, items: Item[], o: Options | undefined) => {
    const event = resolveEventName(name, ref);
    const planned = items.map((item) => webhooks.plan({ event, model: ref, object: item.object, changes: item.changes ?? null }));
    const jobs = planned.flatMap((p) => p.jobs);
    if (jobs.length > 0) {
      const transaction = transactionOf(o);
      await outbox.write(jobs, transaction);
      wakeAfterCommit(transaction);
    }
    return planned;
  };

  const emit = async (model: ModelStatic<Model> | undefined, action: string, items: Item[], o?: Options) => {
    const ref = watched(model);
    if (ref && items.length > 0) await write(ref, action, items, o);
  };

  const guard = (model: ModelStatic<Model> | undefined, o: Options | undefined) => {
    if (!options.strict || !watched(model) || transactionOf(o)) return;
    throw new WebhookError(
      'invalid_argument',
      `${model!.name} was written outside a transaction; pass { transaction } or enable CLS (strict webhooks mode)`,
    );
  };

  const perRow = (o: Options) => {
    const model = o.model;
    if (!watched(model)) return;
    if (options.bulk === 'ignore') warn(`bulk write on ${model!.name} emits no webhook events (bulk: 'ignore')`);
    else o.individualHooks = true;
  };

  const hooks: Record<string, (...args: never[]) => unknown> = {
    beforeCreate: (instance: Model, o: Options) => guard(instance.constructor as ModelStatic<Model>, o),
    beforeUpdate: (instance: Model, o: Options) => guard(instance.constructor as ModelStatic<Model>, o),
    beforeDestroy: (instance: Model, o: Options) => guard(instance.constructor as ModelStatic<Model>, o),
    beforeBulkCreate: (_: Model[], o: Options) => guard(o.model, o),
    beforeBulkUpdate: (o: Options) => {
      guard(o.model, o);
      perRow(o);
    },
    beforeBulkDestroy: (o: Options) => {
      guard(o.model, o);
      perRow(o);
    },
    beforeUpsert: async (values: Record<string, unknown>, o: Options) => {
      guard(o.model, o);
      if (!watched(o.model)) return;
      const existing = await findExistingRow(o.model!, values, transactionOf(o));
      upserts.set(o, existing && rowValues(o.model!, existing));
    },
    afterCreate: (instance: Model, o: Options) => {
      const model = instance.constructor as ModelStatic<Model>;
      return emit(model, 'created', [{ object: rowValues(model, instance) }], o);
    },
    afterBulkCreate: (instances: Model[], o: Options) => {
      if (o.individualHooks) return; // afterCreate already ran for each
      return emit(o.model, 'created', instances.map((i) => ({ object: rowValues(o.model!, i) })), o);
    },
    afterUpdate: (instance: Model, o: Options) => {
      const model = instance.constructor as ModelStatic<Model>;
      const changes = rowChanges(model, instance);
      if (Object.keys(changes).length === 0) return;
      return emit(model, 'updated', [{ object: rowValues(model, instance), changes }], o);
    },
    afterRestore: (instance: Model, o: Options) => {
      const model = instance.constructor as ModelStatic<Model>;
      return emit(model, 'updated', [{ object: rowValues(model, instance), changes: rowChanges(model, instance) }], o);
    },
    afterDestroy: (instance: Model, o: Options) => {
      const model = instance.constructor as ModelStatic<Model>;
      return emit(model, 'deleted', [{ object: rowValues(model, instance) }], o);
    },
    afterUpsert: async ([record]: [Model, boolean | null], o: Options) => {
      const model = o.model;
      if (!watched(model)) return;
      const before = upserts.get(o);
      const row = await findExistingRow(model!, rowValues(model!, record), transactionOf(o));
      const after = row ? rowValues(model!, row) : rowValues(model!, record);
      if (!before) return emit(model, 'created', [{ object: after }], o);
      const updatedAt = (model as unknown as { _timestampAttributes?: { updatedAt?: string } })._timestampAttributes?.updatedAt;
      const changes = diffValues(before, after, updatedAt);
      if (Object.keys(changes).length > 0) await emit(model, 'updated', [{ object: after, changes }], o);
    },
  };
  const addHook = sequelize.addHook.bind(sequelize) as unknown as (type: string, name: string, fn: unknown) => void;
  for (const [type, fn] of Object.entries(hooks)) addHook(type, hookName, fn);
  relay?.start();

  return {
    relay,
    async dispatchModelEvent(name, instance, dispatchOptions = {}) {
      const model = instance.constructor as ModelStatic<Model>;
      if (isWebhookModel(sequelize, model)) throw new WebhookError('invalid_argument', 'webhook tables do not emit events');
      const ref = identify(model.name);
      const { user, changes, transaction } = dispatchOptions;
      const event = resolveEventName(name, ref);
      const planned = webhooks.plan({ event, model: ref, object: rowValues(model, instance), changes: changes ?? null, ...(user !== undefined ? { user } : {}) });
      if (planned.jobs.length > 0) {
        const t = transaction !== undefined ? transaction : transactionOf(undefined);
        await outbox.write(planned.jobs, t);
        wakeAfterCommit(t);
      }
      return planned;
    },
    async detach() {
      const removeHook = sequelize.removeHook.bind(sequelize) as unknown as (type: string, name: string) => void;
      for (const type of Object.keys(hooks)) removeHook(type, hookName);
      await relay?.stop();
    },
  };
}
