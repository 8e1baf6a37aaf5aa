import { WebhookConfig, type WebhookConfigOptions } from '../config/webhook-config.js';
import { WebhookDeliveryError, WebhookError } from '../errors.js';
import { createEvent, resolveEventName, type CreateEventInput, type WebhookEvent } from '../event.js';
import { createOwnerId } from '../id.js';
import type { TraceContext, WebhooksInstrumentation } from '../instrumentation.js';
import type { ModelRef } from '../model-id.js';
import type { Sender } from '../sender.js';
import type { DeliveryJob, DeliveryState } from './delivery-job.js';
import { DeliveryWorker, type EngineEvent } from './delivery-worker.js';
import { EndpointHealth, type EndpointStatus } from './endpoint-health.js';
import { createMemoryEndpointStates } from './endpoint-states.js';
import { InlineScheduler } from './inline-scheduler.js';
import { LeaseKeeper } from './lease-keeper.js';
import { createMemoryDeliveryLog } from './memory-delivery-log.js';
import { planDeliveries } from './plan-deliveries.js';
import { systemClock, type Clock, type DeliveryLog, type DeliveryUpdate, type Transport } from './ports.js';
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
  /** Where attempts are recorded. Default: in memory. An ORM adapter's log also keeps live deliveries leased, so none is lost in a crash. */
  deliveryLog?: DeliveryLog;
  /**
   * Consume jobs from the transport in this process. Default true; false for publish-only
   * processes. With an in-memory transport and a durable log, a publish-only process (a CLI, an
   * admin page) hands what it publishes or replays to the log, for the delivering processes to send.
   */
  worker?: boolean;
  /**
   * With a durable delivery log and an in-memory transport: how long this process's claim on a
   * live delivery lasts without renewal, in ms. After a crash, its deliveries go to any process
   * (itself once restarted) within this time. Default 30 000.
   */
  leaseMs?: number;
  /** How often to take over live deliveries nobody holds, and to reload endpoint health, in ms. Default 5000. */
  sweepIntervalMs?: number;
  clock?: Clock;
  /** Source of jitter, [0, 1). */
  random?: () => number;
  /** Called for every attempt, skipped delivery, endpoint state change and background error. Must not throw. */
  onEvent?: (event: EngineEvent) => void;
  /**
   * Tracing and metrics hooks, e.g. `createWebhooksTelemetry()` from `@webhooks/otel`. The ORM
   * adapters hand them to their relay too. Default none: nothing is traced, nothing is measured.
   */
  instrumentation?: WebhooksInstrumentation;
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
  /** The instrumentation given to `createWebhooks`, for the relay and transports to use. */
  readonly instrumentation: WebhooksInstrumentation | undefined;
  /**
   * True when a delivery `publish()` accepted survives this process dying: the transport
   * keeps it (Kafka), or the delivery log leases it (an ORM adapter's log).
   */
  readonly durable: boolean;
  /** Builds the event, plans a delivery per matching endpoint and sends or queues them. */
  dispatch(input: CreateEventInput): Promise<DispatchResult>;
  /** `dispatchModelEvent('order.paid', order, { model: 'store.Order' })`; an action name (`created`) expands to `order.created`. */
  dispatchModelEvent(name: string, instance: unknown, options: ModelEventOptions): Promise<DispatchResult>;
  /** The event and its jobs, without sending: what an outbox stores inside a transaction. */
  plan(input: CreateEventInput): { event: WebhookEvent; jobs: DeliveryJob[] };
  /** Sends or queues planned jobs (what a relay calls after commit). */
  publish(jobs: readonly DeliveryJob[]): Promise<DeliveryState[]>;
  /**
   * Starts consuming the transport and, with a durable delivery log, taking over deliveries
   * nobody holds (a crashed process's). The ORM adapters call it when attached; dispatch calls it on first use.
   */
  start(): Promise<void>;
  /** Sends a delivery again, with the same event id, and a fresh retry budget. */
  replay(deliveryId: string): Promise<void>;
  /** Replays every finished delivery of an event; resolves with how many. */
  replayEvent(eventId: string): Promise<number>;
  /**
   * Queues live deliveries nobody is working on now; resolves with how many. With a durable
   * log this happens by itself every `sweepIntervalMs`; with the memory log, call it after
   * `close()` handed deliveries back.
   */
  recover(): Promise<number>;
  /** An endpoint's health as this process last saw it. */
  endpointStatus(name: string): EndpointStatus;
  /** Every configured endpoint's health, read from the delivery log's store now. */
  listEndpoints(): Promise<EndpointStatus[]>;
  /** Stops sending to an endpoint, in every process sharing the log; its deliveries are held in the log. */
  disableEndpoint(name: string, reason?: string): Promise<void>;
  /** Resumes an endpoint and sends its held deliveries again; resolves with how many. */
  enableEndpoint(name: string): Promise<number>;
  /** Stops taking work, finishes what is in flight, and leaves the rest to the log (or hands it back). */
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
  const leaseMs = positiveMs(options.leaseMs, 30_000, 'leaseMs');
  const sweepIntervalMs = positiveMs(options.sweepIntervalMs, 5000, 'sweepIntervalMs');
  const clock = options.clock ?? systemClock;
  const deliveryLog = options.deliveryLog ?? createMemoryDeliveryLog();
  const { instrumentation } = options;
  const instrumentEvent = instrumentation?.event?.bind(instrumentation);
  const userOnEvent = options.onEvent;
  const onEvent: ((event: EngineEvent) => void) | undefined = instrumentEvent
    ? (event) => {
        try {
          instrumentEvent(event);
        } catch {
          // Metrics must never cost a delivery.
        }
        userOnEvent?.(event);
      }
    : userOnEvent;
  const report = (during: string) => (error: unknown) => {
    onEvent?.({ type: 'error', during, error });
    // With no handler of the user's own, an error is not left unseen.
    if (!userOnEvent) console.warn(`[webhooks] ${during} failed: ${(error as Error)?.message ?? String(error)}`);
  };
  const health = new EndpointHealth(
    config.disableAfterFailures,
    deliveryLog.endpoints ?? createMemoryEndpointStates(),
    deliveryLog.endpoints ? sweepIntervalMs : Number.POSITIVE_INFINITY,
    report('reloading endpoint health'),
  );
  // Jobs in a transport's memory die with the process: a durable log then holds them under a lease.
  const keeper =
    deliveryLog.leases && !transport?.durable && !publishOnly
      ? new LeaseKeeper({
          leases: deliveryLog.leases,
          owner: createOwnerId(),
          leaseMs,
          sweepIntervalMs,
          clock,
          enqueue: (job, notBefore) => enqueue(job, notBefore),
          beforeSweep: async () => {
            await health.refresh(clock.now());
            return config.endpoints.filter((e) => e.enabled && !health.isDisabled(e.name)).map((e) => e.name);
          },
          onError: (error, during) => report(during)(error),
        })
      : undefined;
  const write = (update: DeliveryUpdate) => deliveryLog.record(update);
  const record = keeper ? (update: DeliveryUpdate) => keeper.record(update, write) : write;
  // A process that does not deliver (a CLI, an admin page) over an in-memory transport: what it publishes
  // goes to the log as pending deliveries no one holds, for the delivering processes' next sweep.
  const handOff = publishOnly && deliveryLog.leases && !transport?.durable ? deliveryLog.leases : undefined;
  const handOffOwner = handOff ? createOwnerId() : '';
  const handToLog = (jobs: readonly DeliveryJob[], revive: boolean) => {
    const now = clock.now();
    return handOff!.admit(jobs, { owner: handOffOwner, until: now - 1 }, now, revive);
  };
  const inline: InlineScheduler = new InlineScheduler(clock, (job): Promise<DeliveryState> => worker.handle(job));
  const worker: DeliveryWorker = new DeliveryWorker({
    config, sender, record, clock, health,
    lookup: (deliveryId) => deliveryLog.get(deliveryId),
    random: options.random ?? Math.random,
    onEvent,
    instrumentation,
    reportError: (during, error) => report(during)(error),
    scheduleRetry: (job, at) => later(job, at),
  });
  let consuming: Promise<void> | undefined;
  let closed = false;

  let started = false;
  const start = () => {
    started = true;
    if (!transport || options.worker === false) {
      keeper?.start();
      return Promise.resolve();
    }
    consuming ??= transport
      .consume((job, context) => (context?.redelivered ? worker.handleRedelivered(job, context) : worker.handleQueued(job, context?.source)))
      .then(() => keeper?.start());
    return consuming;
  };

  /** Runs a job when due: on the transport (whose worker must then be running), else on a timer here. */
  const later = async (job: DeliveryJob, notBefore: number) => {
    // A retry due after the lease stays in the log; a sweep takes it when it comes due.
    if (keeper && !keeper.holds(job.deliveryId)) return;
    if (!transport) return inline.schedule(job, notBefore);
    await start();
    await transport.schedule(job, notBefore);
  };

  /** Queues a job a sweep took over. */
  const enqueue = (job: DeliveryJob, notBefore: number): Promise<unknown> => {
    if (notBefore > clock.now()) return later(job, notBefore);
    if (transport && config.asyncDelivery) return start().then(() => transport.publish([job]));
    // Inline: started, not awaited; the worker records its outcome.
    void inline.run(() => worker.handle(job)).catch(() => undefined);
    return Promise.resolve();
  };

  /** Hands admitted jobs to the transport; if it refuses them, their leases go so another pass or process takes them. */
  const queue = async (jobs: readonly DeliveryJob[]) => {
    try {
      await (consuming ? transport!.publish(jobs) : start().then(() => transport!.publish(jobs)));
    } catch (error) {
      await keeper?.release(jobs.map((job) => job.deliveryId)).catch(report('releasing leases of refused jobs'));
      throw error;
    }
  };

  /** New deliveries: refused up front when a bounded log has no room for them. */
  const publish = (jobs: readonly DeliveryJob[]): Promise<DeliveryState[]> => {
    try {
      if (jobs.length > 0) deliveryLog.checkRoom?.(jobs.length);
    } catch (error) {
      return Promise.reject(error);
    }
    return send(jobs);
  };

  // Not async: without a lease to take, the transport's own promise carries the result, one frame and tick fewer per dispatch.
  const send = (jobs: readonly DeliveryJob[], revive = false): Promise<DeliveryState[]> => {
    if (closed) return Promise.reject(new WebhookDeliveryError('closed', 'webhooks instance is closed'));
    if (jobs.length === 0) return Promise.resolve([]);
    if (!config.asyncDelivery) {
      if (!keeper) return inline.run(() => Promise.all(jobs.map((job) => worker.handle(job))));
      return keeper.admit(jobs, revive).then((mine) => {
        keeper.start();
        const states = new Map(mine.map((job) => [job.deliveryId, inline.run(() => worker.handle(job))]));
        return Promise.all(jobs.map((job) => states.get(job.deliveryId) ?? ('pending' as const)));
      });
    }
    const queued = keeper
      ? keeper.admit(jobs, revive).then(queue)
      : handOff
        ? handToLog(jobs, revive)
        : consuming
          ? transport!.publish(jobs)
          : queue(jobs);
    return queued.then(() => jobs.map((): DeliveryState => 'pending'));
  };

  const createEventOf = (input: CreateEventInput) => createEvent(input, input.user === undefined ? (currentUser() ?? null) : input.user);
  const jobsOf = (event: WebhookEvent, trace?: TraceContext) => (config.enabled ? planDeliveries(config, event, clock.now(), trace) : []);

  const plan = (input: CreateEventInput) => {
    const event = createEventOf(input);
    if (!instrumentation?.plan) return { event, jobs: jobsOf(event) };
    return instrumentation.plan({ event, operation: 'plan' }, (trace) => ({ event, jobs: jobsOf(event, trace) }));
  };

  const deliver = async (event: WebhookEvent, jobs: DeliveryJob[]): Promise<DispatchResult> => {
    const states = await publish(jobs);
    return { event, deliveries: jobs.map((j, i) => ({ deliveryId: j.deliveryId, endpoint: j.endpoint, state: states[i]! })) };
  };

  const dispatch = (input: CreateEventInput): Promise<DispatchResult> => {
    const event = createEventOf(input);
    if (!instrumentation?.plan) return deliver(event, jobsOf(event));
    return instrumentation.plan({ event, operation: 'dispatch' }, (trace) => {
      const jobs = jobsOf(event, trace);
      return { jobs, sent: deliver(event, jobs) };
    }).sent;
  };

  /** Sends a delivery again from the start of its retry budget: the log records it as pending first. */
  const requeue = async (job: DeliveryJob, reason: string) => {
    if (!keeper && !handOff) await deliveryLog.record({ job, state: 'pending', reason, at: clock.now() });
    await send([job], true);
  };

  const replay = async (deliveryId: string) => {
    const record = await deliveryLog.get(deliveryId);
    if (!record) throw new WebhookDeliveryError('not_found', `no delivery ${deliveryId} in the delivery log`);
    if (record.state === 'pending' || record.state === 'retrying') {
      throw new WebhookError('invalid_argument', `delivery ${deliveryId} is ${record.state}; it will be sent without a replay`);
    }
    if (record.bodyDropped) throw bodyNotKept(deliveryId);
    await requeue({ ...record.job, attempt: 1 }, 'replayed');
  };

  const configured = (name: string) => {
    if (!config.endpoint(name)) throw new WebhookError('invalid_argument', `no endpoint named "${name}" in the configuration`);
  };

  return {
    config,
    deliveryLog,
    instrumentation,
    durable: transport?.durable === true || keeper !== undefined || handOff !== undefined,
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
      // All or nothing: a replay that sent some of an event's deliveries and refused the rest would be hard to finish.
      const dropped = records.find((record) => record.bodyDropped);
      if (dropped) throw bodyNotKept(dropped.job.deliveryId);
      for (const record of records) await replay(record.job.deliveryId);
      return records.length;
    },
    async recover() {
      if (keeper) {
        await start();
        return keeper.sweep();
      }
      const records = await deliveryLog.find({ state: ['pending', 'retrying'], limit: 100_000 });
      for (const { job, state, attempts } of records.reverse()) {
        if (state === 'pending') await requeue(job, 'recovered');
        else {
          const retry = { ...job, attempt: job.attempt + 1 };
          await deliveryLog.record({ job: retry, state: 'pending', reason: 'recovered', at: clock.now() });
          await later(retry, attempts.at(-1)?.nextRetryAt ?? clock.now());
        }
      }
      return records.length;
    },
    endpointStatus: (name) => health.status(name),
    async listEndpoints() {
      await health.refresh(clock.now());
      return config.endpoints.map((endpoint) => health.status(endpoint.name));
    },
    async disableEndpoint(name, reason = 'disabled by the application') {
      configured(name);
      const change = await health.disable(name, clock.now(), reason);
      if (change.disabled) onEvent?.({ type: 'endpoint_disabled', endpoint: name, reason });
    },
    async enableEndpoint(name) {
      configured(name);
      await health.enable(name);
      onEvent?.({ type: 'endpoint_enabled', endpoint: name });
      const leases = keeper ? deliveryLog.leases : handOff;
      if (leases) {
        // Pending again, unleased: whichever delivering process sweeps first sends them (this one at once, if it delivers).
        const resumed = await leases.resume([name], clock.now());
        if (keeper && started) void keeper.sweep().catch(report('sweeping for resumed deliveries'));
        return resumed;
      }
      // One pass over what is held now: a delivery held again (the endpoint failed anew) waits for the next enable.
      const held = await deliveryLog.find({ endpoint: name, state: 'held', limit: Number.MAX_SAFE_INTEGER });
      for (const record of held.reverse()) await requeue(record.job, 'endpoint re-enabled');
      return held.length;
    },
    async close(closeOptions) {
      if (closed) return;
      closed = true;
      await keeper?.stop();
      const handedBack = transport ? await transport.close(closeOptions) : [];
      await inline.close();
      if (keeper) {
        // Everything still held here goes back to the log, free for any process to take now.
        await keeper.release(keeper.heldIds()).catch(report('releasing leases at shutdown'));
      } else {
        for (const job of handedBack) {
          // Due retries are already recorded as retrying; first attempts become pending for recover().
          if (job.attempt === 1) await deliveryLog.record({ job, state: 'pending', reason: 'handed back at shutdown', at: clock.now() });
        }
      }
      await sender.close?.();
    },
  };
}

function positiveMs(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new WebhookError('invalid_argument', `createWebhooks: ${name} must be a positive number of ms, got ${value}`);
  return value;
}

function bodyNotKept(deliveryId: string): WebhookError {
  return new WebhookError(
    'invalid_argument',
    `delivery ${deliveryId} succeeded and the delivery log did not keep its body, so it cannot be replayed: ` +
      'createMemoryDeliveryLog({ keepSucceededBodies: true }) keeps them, and a database delivery log always does',
  );
}
