import { WebhookConfig, type WebhookConfigOptions } from '../config/webhook-config.js';
import { WebhookDeliveryError, WebhookError } from '../errors.js';
import { createEvent, resolveEventName, type CreateEventInput, type WebhookEvent } from '../event.js';
import type { ModelRef } from '../model-id.js';
import type { Sender } from '../sender.js';
import type { DeliveryJob, DeliveryState } from './delivery-job.js';
import { DeliveryWorker, type EngineEvent } from './delivery-worker.js';
import { EndpointHealth, type EndpointStatus } from './endpoint-health.js';
import { InlineScheduler } from './inline-scheduler.js';
import { createMemoryDeliveryLog } from './memory-delivery-log.js';
import { planDeliveries } from './plan-deliveries.js';
import { systemClock, type Clock, type DeliveryLog, type Transport } from './ports.js';
import { currentUser, type ActingUser } from './user-context.js';

const noSender: Sender = {
  send: () => Promise.reject(new WebhookError('invalid_argument', 'this webhooks instance has no sender (publish-only)')),
};

/** The ports a webhooks instance works through. */
export interface CreateWebhooksOptions {
  /** Sends one HTTP attempt: `createUndiciSender()` on Node. Optional only for publish-only processes (`worker: false` with a transport). */
  sender?: Sender;
  /** Carries jobs to workers; required when `asyncDelivery` is true. */
  transport?: Transport;
  /** Where attempts are recorded. Default: in memory. */
  deliveryLog?: DeliveryLog;
  /** Consume jobs from the transport in this process. Default true; false for publish-only processes. */
  worker?: boolean;
  clock?: Clock;
  /** Source of jitter, [0, 1). */
  random?: () => number;
  /** Called for every attempt, skipped delivery and endpoint state change. Must not throw. */
  onEvent?: (event: EngineEvent) => void;
}

/** What a dispatch produced: the event, and one delivery per matching endpoint. */
export interface DispatchResult {
  event: WebhookEvent;
  /** `pending` when queued; after an inline first attempt, its outcome. */
  deliveries: { deliveryId: string; endpoint: string; state: DeliveryState }[];
}

/** Options of `dispatchModelEvent`. */
export interface ModelEventOptions {
  model: string | ModelRef;
  changes?: CreateEventInput['changes'];
  /** The acting user; default: the one set with `runWithUser`. `null` for none. */
  user?: ActingUser | null;
}

/** A configured sender of webhooks. */
export interface Webhooks {
  readonly config: WebhookConfig;
  readonly deliveryLog: DeliveryLog;
  /** Builds the event, plans a delivery per matching endpoint and sends or queues them. */
  dispatch(input: CreateEventInput): Promise<DispatchResult>;
  /** `dispatchModelEvent('order.paid', order, { model: 'store.Order' })`; an action name (`created`) expands to `order.created`. */
  dispatchModelEvent(name: string, instance: unknown, options: ModelEventOptions): Promise<DispatchResult>;
  /** The event and its jobs, without sending: what an outbox stores inside a transaction. */
  plan(input: CreateEventInput): { event: WebhookEvent; jobs: DeliveryJob[] };
  /** Sends or queues planned jobs (what a relay calls after commit). */
  publish(jobs: readonly DeliveryJob[]): Promise<DeliveryState[]>;
  /** Starts consuming the transport (dispatch does this on first use). */
  start(): Promise<void>;
  /** Sends a delivery again, with the same event id, and a fresh retry budget. */
  replay(deliveryId: string): Promise<void>;
  /** Replays every finished delivery of an event; resolves with how many. */
  replayEvent(eventId: string): Promise<number>;
  /** Re-queues deliveries the log shows as pending or retrying (after a restart with a durable log). */
  recover(): Promise<number>;
  endpointStatus(name: string): EndpointStatus;
  /** Stops sending to an endpoint; its deliveries are held in the log. */
  disableEndpoint(name: string, reason?: string): void;
  /** Resumes an endpoint and re-queues its held deliveries; resolves with how many. */
  enableEndpoint(name: string): Promise<number>;
  /** Stops taking work, finishes what is in flight, records what was handed back. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

/**
 * Creates the sender side: dispatch events, deliver them through the
 * transport (or inline), retry with backoff, and record every attempt.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender: createUndiciSender(), transport: createMemoryTransport() });
 * await webhooks.dispatchModelEvent('order.paid', order, { model: 'store.Order' });
 */
export function createWebhooks(configInput: WebhookConfig | WebhookConfigOptions, options: CreateWebhooksOptions): Webhooks {
  const config = configInput instanceof WebhookConfig ? configInput : new WebhookConfig(configInput);
  const { transport } = options;
  const publishOnly = config.asyncDelivery && options.worker === false;
  if (options.sender === undefined ? !publishOnly : typeof options.sender.send !== 'function') {
    throw new WebhookError('invalid_argument', 'createWebhooks needs a sender, e.g. createUndiciSender() from @webhooks/undici');
  }
  // A publish-only process never attempts a delivery itself.
  const sender: Sender = options.sender ?? noSender;
  if (config.asyncDelivery && !transport) {
    throw new WebhookError(
      'invalid_argument',
      'asyncDelivery needs a transport: pass createMemoryTransport() from @webhooks/memory, or set asyncDelivery: false',
    );
  }
  const clock = options.clock ?? systemClock;
  const deliveryLog = options.deliveryLog ?? createMemoryDeliveryLog();
  const health = new EndpointHealth(config.disableAfterFailures);
  const inline: InlineScheduler = new InlineScheduler(clock, (job): Promise<DeliveryState> => worker.handle(job));
  const worker: DeliveryWorker = new DeliveryWorker({
    config, sender, deliveryLog, clock, health,
    random: options.random ?? Math.random,
    onEvent: options.onEvent,
    scheduleRetry: (job, at) => later(job, at),
  });
  let consuming: Promise<void> | undefined;
  let closed = false;

  const start = () => {
    if (!transport || options.worker === false) return Promise.resolve();
    consuming ??= transport.consume((job) => worker.handleQueued(job));
    return consuming;
  };

  /** Runs a job when due: on the transport (whose worker must then be running), else on a timer here. */
  const later = async (job: DeliveryJob, notBefore: number) => {
    if (!transport) return inline.schedule(job, notBefore);
    await start();
    await transport.schedule(job, notBefore);
  };

  // Not async: once the worker runs, the transport's own promise carries the result, one frame and tick fewer per dispatch.
  const publish = (jobs: readonly DeliveryJob[]): Promise<DeliveryState[]> => {
    if (closed) return Promise.reject(new WebhookDeliveryError('closed', 'webhooks instance is closed'));
    if (jobs.length === 0) return Promise.resolve([]);
    if (!config.asyncDelivery) return inline.run(() => Promise.all(jobs.map((job) => worker.handle(job))));
    const queued = consuming ? transport!.publish(jobs) : start().then(() => transport!.publish(jobs));
    return queued.then(() => jobs.map((): DeliveryState => 'pending'));
  };

  const plan = (input: CreateEventInput) => {
    const event = createEvent(input, input.user === undefined ? (currentUser() ?? null) : input.user);
    return { event, jobs: config.enabled ? planDeliveries(config, event, clock.now()) : [] };
  };

  const dispatch = async (input: CreateEventInput): Promise<DispatchResult> => {
    const { event, jobs } = plan(input);
    const states = await publish(jobs);
    return { event, deliveries: jobs.map((j, i) => ({ deliveryId: j.deliveryId, endpoint: j.endpoint, state: states[i]! })) };
  };

  const requeue = async (job: DeliveryJob, reason: string, notBefore?: number) => {
    await deliveryLog.record({ job, state: 'pending', reason, at: clock.now() });
    if (notBefore !== undefined && notBefore > clock.now()) {
      await later(job, notBefore);
    } else if (transport && config.asyncDelivery) {
      await start();
      await transport.publish([job]);
    } else {
      await inline.run(() => worker.handle(job));
    }
  };

  const replay = async (deliveryId: string) => {
    const record = await deliveryLog.get(deliveryId);
    if (!record) throw new WebhookDeliveryError('not_found', `no delivery ${deliveryId} in the delivery log`);
    if (record.state === 'pending' || record.state === 'retrying') {
      throw new WebhookError('invalid_argument', `delivery ${deliveryId} is ${record.state}; it will be sent without a replay`);
    }
    await requeue({ ...record.job, attempt: 1 }, 'replayed');
  };

  return {
    config,
    deliveryLog,
    dispatch,
    dispatchModelEvent(name, instance, { model, changes, user }) {
      const event = resolveEventName(name, model);
      return dispatch({ event, model, object: instance, changes, ...(user !== undefined ? { user } : {}) });
    },
    plan,
    publish,
    start,
    replay,
    async replayEvent(eventId) {
      const records = await deliveryLog.find({ eventId, state: ['dead', 'succeeded', 'held'], limit: 1000 });
      for (const record of records) await replay(record.job.deliveryId);
      return records.length;
    },
    async recover() {
      const records = await deliveryLog.find({ state: ['pending', 'retrying'], limit: 100_000 });
      for (const { job, state, attempts } of records.reverse()) {
        if (state === 'pending') await requeue(job, 'recovered');
        else await requeue({ ...job, attempt: job.attempt + 1 }, 'recovered', attempts.at(-1)?.nextRetryAt);
      }
      return records.length;
    },
    endpointStatus: (name) => ({ ...health.status(name) }),
    disableEndpoint(name, reason = 'disabled by the application') {
      if (health.disable(name, clock.now(), reason)) options.onEvent?.({ type: 'endpoint_disabled', endpoint: name, reason });
    },
    async enableEndpoint(name) {
      health.enable(name);
      options.onEvent?.({ type: 'endpoint_enabled', endpoint: name });
      let count = 0;
      for (;;) {
        const held = await deliveryLog.find({ endpoint: name, state: 'held', limit: 500 });
        if (held.length === 0) return count;
        for (const record of held.reverse()) await requeue(record.job, 'endpoint re-enabled');
        count += held.length;
      }
    },
    async close(closeOptions) {
      if (closed) return;
      closed = true;
      const handedBack = transport ? await transport.close(closeOptions) : [];
      for (const job of handedBack) {
        // Due retries are already recorded as retrying; first attempts become pending for recover().
        if (job.attempt === 1) await deliveryLog.record({ job, state: 'pending', reason: 'handed back at shutdown', at: clock.now() });
      }
      await inline.close();
      await sender.close?.();
    },
  };
}
