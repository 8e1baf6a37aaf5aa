import type { WebhookConfig } from '../config/webhook-config.js';
import type { WebhookEndpoint } from '../config/webhook-endpoint.js';
import { HEADER_ATTEMPT, HEADER_DELIVERY_ID } from '../headers.js';
import { backoffDelay, classifyAttempt, type AttemptVerdict } from '../retry.js';
import type { Sender, SendRequest, SendResult } from '../sender.js';
import { addSignatureHeaders } from '../sign.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { AttemptRecord, DeliveryJob, DeliveryState } from './delivery-job.js';
import type { EndpointHealth } from './endpoint-health.js';
import type { Clock, DeliveryLog, DeliveryUpdate } from './ports.js';

/** How long a busy endpoint is assumed to take to get through `maxConcurrency` attempts. */
const DEFER_STEP_MS = 100;

/** What the engine reports as it works, for logs and metrics. */
export type EngineEvent =
  | { type: 'attempt'; job: DeliveryJob; attempt: AttemptRecord; state: DeliveryState }
  | { type: 'not_sent'; job: DeliveryJob; state: 'held' | 'dead'; reason: string }
  | { type: 'endpoint_disabled'; endpoint: string; reason: string }
  | { type: 'endpoint_enabled'; endpoint: string };

export interface DeliveryWorkerPorts {
  config: WebhookConfig;
  sender: Sender;
  deliveryLog: DeliveryLog;
  clock: Clock;
  random: () => number;
  health: EndpointHealth;
  /** Hands a job (a retry, or one a busy endpoint sent back) to whatever runs it when due. */
  scheduleRetry: (job: DeliveryJob, notBefore: number) => Promise<void>;
  onEvent?: (event: EngineEvent) => void;
}

/**
 * Makes one attempt of a job: sign with a fresh timestamp, send, classify,
 * record, then schedule the retry or declare the delivery dead. The same code
 * runs for inline and transport delivery.
 */
export class DeliveryWorker {
  readonly #limiters = new Map<string, ConcurrencyLimiter>();
  /** Per busy endpoint, the jobs sent back to the transport since it last had room. */
  readonly #deferred = new Map<string, Set<string>>();

  constructor(readonly ports: DeliveryWorkerPorts) {}

  handle(job: DeliveryJob): Promise<DeliveryState> {
    return this.#start(job, false);
  }

  /**
   * `handle()` for a job that holds one of the transport's slots. When the job's endpoint
   * already has `maxConcurrency` attempts in flight, the job is handed back to the transport
   * for later (state `pending`, nothing recorded) instead of waiting in the slot: one slow
   * endpoint must not take every slot from the others.
   */
  handleQueued(job: DeliveryJob): Promise<DeliveryState> {
    return this.#start(job, true);
  }

  // Not async: the attempt's own promise is handed back as is, one promise and one tick fewer per attempt.
  #start(job: DeliveryJob, queued: boolean): Promise<DeliveryState> {
    try {
      return this.#handle(job, queued);
    } catch (err) {
      // Callers (transports' consume loops) expect a rejection, never a synchronous throw.
      return Promise.reject(err);
    }
  }

  #handle(job: DeliveryJob, queued: boolean): Promise<DeliveryState> {
    const { config, health } = this.ports;
    const endpoint = config.endpoint(job.endpoint);
    if (!endpoint) return this.#hold(job, 'dead', `endpoint "${job.endpoint}" is no longer configured`);
    if (health.isDisabled(endpoint.name) || !endpoint.enabled) {
      return this.#hold(job, 'held', health.status(endpoint.name).reason ?? 'the endpoint is disabled');
    }
    const limiter = this.#limiter(endpoint);
    if (!limiter) return this.#attempt(job, endpoint);
    if (limiter.full) {
      if (queued) return this.#defer(job, endpoint.name, limiter);
    } else {
      // Caught up: the backlog that was sent back is no longer a guide to how long to wait.
      this.#deferred.delete(endpoint.name);
    }
    return limiter.run(() => this.#attempt(job, endpoint));
  }

  /**
   * Sends a job back to the transport until its busy endpoint has room. The wait grows with
   * the backlog sent back so far (each round of `maxConcurrency` attempts is assumed to take
   * DEFER_STEP_MS), so a long backlog is not polled over and over.
   */
  async #defer(job: DeliveryJob, endpoint: string, limiter: ConcurrencyLimiter): Promise<DeliveryState> {
    let deferred = this.#deferred.get(endpoint);
    if (!deferred) this.#deferred.set(endpoint, (deferred = new Set()));
    deferred.add(job.deliveryId);
    const rounds = Math.ceil(deferred.size / limiter.limit);
    await this.ports.scheduleRetry(job, this.ports.clock.now() + DEFER_STEP_MS * rounds);
    return 'pending';
  }

  async #attempt(job: DeliveryJob, endpoint: WebhookEndpoint): Promise<DeliveryState> {
    const { config, sender, clock } = this.ports;
    const startedAt = clock.now();
    // Built key by key: object spread with extra keys takes a slow path that showed at volume.
    const headers: Record<string, string> = Object.assign({}, endpoint.headers);
    headers['Content-Type'] = 'application/json';
    const signing = addSignatureHeaders(
      headers,
      endpoint.signingSecrets(startedAt),
      endpoint.signatureScheme,
      job.eventId,
      job.body,
      Math.floor(startedAt / 1000),
    );
    if (signing) await signing;
    headers[HEADER_DELIVERY_ID] = job.deliveryId;
    headers[HEADER_ATTEMPT] = String(job.attempt);
    const request: SendRequest = {
      url: endpoint.url,
      headers,
      body: job.body,
      timeoutMs: config.timeoutFor(endpoint),
      allowPrivateNetwork: config.allowsPrivateNetwork(endpoint),
    };
    let result: SendResult;
    try {
      result = await sender.send(request);
    } catch (err) {
      // Senders should not throw; if one does, treat it like a network failure rather than lose the job.
      result = { error: { code: 'network_error', message: (err as Error)?.message ?? String(err) }, durationMs: clock.now() - startedAt };
    }
    const verdict = classifyAttempt(
      result.error ? { error: result.error } : { status: result.status, retryAfter: result.headers['retry-after'] },
      clock.now(),
    );
    // One await for the log: the outcome itself is worked out synchronously.
    const update = this.#outcome(job, endpoint, result, verdict, startedAt);
    const attempt = update.attempt!;
    await this.ports.deliveryLog.record(update);
    this.ports.onEvent?.({ type: 'attempt', job, attempt, state: update.state });
    if (update.state === 'retrying') await this.ports.scheduleRetry({ ...job, attempt: job.attempt + 1 }, attempt.nextRetryAt!);
    return update.state;
  }

  /** The log entry of an attempt: success, a retry when due, or dead; updates the endpoint's health. */
  #outcome(job: DeliveryJob, endpoint: WebhookEndpoint, result: SendResult, verdict: AttemptVerdict, startedAt: number): DeliveryUpdate {
    const { config, clock, health } = this.ports;
    const attempt: AttemptRecord = {
      attempt: job.attempt,
      startedAt,
      durationMs: Math.round(result.durationMs),
      outcome: verdict.outcome,
      reason: verdict.reason,
    };
    if (result.error) attempt.error = result.error.message;
    else {
      attempt.status = result.status;
      attempt.responseBody = result.body;
    }
    const at = clock.now();
    if (verdict.outcome === 'success') {
      health.succeeded(endpoint.name);
      return { job, state: 'succeeded', attempt, at };
    }
    if (health.failed(endpoint.name, at, verdict.disableEndpoint === true)) {
      this.ports.onEvent?.({ type: 'endpoint_disabled', endpoint: endpoint.name, reason: health.status(endpoint.name).reason! });
    }
    if (verdict.outcome === 'retry' && job.attempt <= config.maxRetriesFor(endpoint)) {
      attempt.nextRetryAt = at + backoffDelay(config.retry, job.attempt, verdict.retryAfterMs, this.ports.random);
      return { job, state: 'retrying', attempt, at };
    }
    const reason =
      verdict.outcome === 'retry' ? `gave up after ${job.attempt} attempts; last: ${verdict.reason}` : verdict.reason;
    return { job, state: 'dead', attempt, at, reason };
  }

  async #hold(job: DeliveryJob, state: 'held' | 'dead', reason: string): Promise<DeliveryState> {
    await this.ports.deliveryLog.record({ job, state, reason, at: this.ports.clock.now() });
    this.ports.onEvent?.({ type: 'not_sent', job, state, reason });
    return state;
  }

  #limiter(endpoint: WebhookEndpoint): ConcurrencyLimiter | undefined {
    if (endpoint.maxConcurrency === undefined) return undefined;
    let limiter = this.#limiters.get(endpoint.name);
    if (!limiter) {
      limiter = new ConcurrencyLimiter(endpoint.maxConcurrency);
      this.#limiters.set(endpoint.name, limiter);
    }
    return limiter;
  }
}
