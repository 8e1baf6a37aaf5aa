import type { EntityManager, MikroORM } from '@mikro-orm/core';
import {
  createRelay,
  NO_MODELS_WATCHED,
  resolveEventName,
  watchesAnyModel,
  WebhookError,
  type CreateEventInput,
  type DeliveryJob,
  type ModelRef,
  type OutboxStore,
  type Relay,
  type RelayOptions,
  type WebhookEvent,
  type Webhooks,
} from '@webhooks/core';
import { startRelaying } from '@webhooks/core/adapter';
import { entityFields, metadataOf } from './entity-snapshot.js';
import { createMikroOrmOutbox } from './mikro-orm-outbox.js';
import { EntityNames, type ModelNameOptions } from './model-names.js';
import { WebhookSubscriber } from './webhook-subscriber.js';

/** Options of `attachWebhooks`. */
export interface AttachWebhooksOptions extends ModelNameOptions {
  /** Where planned jobs are written and relayed from. Default `createMikroOrmOutbox(orm)`. */
  outbox?: OutboxStore;
  /** Relay settings (batch size, polling fallback, retention); `start: false` leaves it stopped. */
  relay?: Omit<RelayOptions, 'store' | 'publish'> & { start?: boolean };
  /** Where warnings go. Default `console.warn`. */
  onWarning?: (message: string) => void;
  /**
   * Postgres and MariaDB (MikroORM 6): send a flush's outbox insert with its COMMIT, in one round
   * trip (one two-statement query; a `BEGIN NOT ATOMIC` block on MariaDB). Default true; false
   * sends them one after the other, for a proxy or pooler that refuses such statements.
   */
  oneTripCommit?: boolean;
}

/** Options of a manual `dispatchModelEvent`. */
export interface DispatchModelEventOptions {
  /**
   * Where to write: the outbox row goes through this entity manager, inside its transaction
   * when it has one (`em.transactional`), so the event is relayed only if that commits. MikroORM's
   * counterpart of Sequelize's `transaction` option.
   */
  em: EntityManager;
  /** The model id; default: the entity's, as automatic events name it. Required for plain objects. */
  model?: string | ModelRef;
  changes?: CreateEventInput['changes'];
  /** The acting user; default: the one set with `runWithUser`. `null` for none. */
  user?: CreateEventInput['user'];
}

/** What `attachWebhooks` returns. */
export interface AttachedWebhooks {
  /** Moves committed outbox rows to `webhooks.publish`; woken after each commit, polling as a fallback. */
  readonly relay: Relay;
  /** The registered subscriber. */
  readonly subscriber: WebhookSubscriber;
  /**
   * Writes an event to the outbox through `options.em`, in its transaction if it has one, so it
   * is relayed only if that commits. Same shape as core's and Sequelize's `dispatchModelEvent`.
   */
  dispatchModelEvent(name: string, entity: object, options: DispatchModelEventOptions): Promise<{ event: WebhookEvent; jobs: DeliveryJob[] }>;
  /** Stops capturing flushes and stops the relay. */
  detach(): Promise<void>;
}

/**
 * Sends webhooks for entity changes: a subscriber turns each flush's change
 * sets into `created`, `updated` and `deleted` events, written to the outbox
 * in the flush's transaction, and a relay publishes them after commit.
 *
 * @example
 * const orm = await MikroORM.init({ entities: [Order, ...webhookEntities], dbName: 'shop' });
 * const attached = attachWebhooks(orm, webhooks, { appLabel: 'store' });
 * await orm.em.fork().persist(em.create(Order, { total: '150.00' })).flush(); // order.created
 */
export function attachWebhooks(orm: MikroORM, webhooks: Webhooks, options: AttachWebhooksOptions = {}): AttachedWebhooks {
  const names = new EntityNames(webhooks.config, options);
  const warn = options.onWarning ?? ((message: string) => console.warn(`[webhooks] ${message}`));
  if (!watchesAnyModel(webhooks.config)) warn(NO_MODELS_WATCHED);
  const { start = true, ...relayOptions } = options.relay ?? {};
  const outbox = createMikroOrmOutbox(orm, { oneTripCommit: options.oneTripCommit });
  const relay = createRelay({
    instrumentation: webhooks.instrumentation,
    ...relayOptions,
    store: options.outbox ?? outbox,
    publish: (jobs) => webhooks.publish(jobs),
  });
  const subscriber = new WebhookSubscriber(webhooks, names, outbox, () => relay.wake());
  const eventManager = orm.em.getEventManager();
  eventManager.registerSubscriber(subscriber);
  if (start) startRelaying(webhooks, relay, warn, 'createMikroOrmDeliveryLog(orm)');

  return {
    relay,
    subscriber,
    async dispatchModelEvent(name, entity, { em, model, changes, user }) {
      const meta = metadataOf(entity);
      const ref = model ?? (meta ? names.model(meta) : undefined);
      if (!ref) throw new WebhookError('invalid_argument', 'dispatchModelEvent needs options.model for an object that is not an entity');
      const event = resolveEventName(name, ref);
      const planned = webhooks.plan({
        event,
        model: ref,
        object: meta ? entityFields(entity, meta) : entity,
        changes,
        ...(user !== undefined ? { user } : {}),
      });
      await subscriber.write(em, planned.jobs);
      return planned;
    },
    async detach() {
      subscriber.deactivate();
      const registry = eventManager as { unregisterSubscriber?(s: unknown): void };
      if (typeof registry.unregisterSubscriber === 'function') registry.unregisterSubscriber(subscriber);
      else eventManager.getSubscribers().delete(subscriber);
      await relay.stop();
    },
  };
}
