import type { WebhookConfig } from '../config/webhook-config.js';
import type { WebhookEndpoint } from '../config/webhook-endpoint.js';
import { HEADER_ATTEMPT, HEADER_DELIVERY_ID } from '../headers.js';
import type { AttemptOutcome, TraceContext, WebhooksInstrumentation } from '../instrumentation.js';
import { backoffDelay, classifyAttempt, type AttemptVerdict } from '../retry.js';
import type { Sender, SendRequest, SendResult } from '../sender.js';
import { addSignatureHeaders } from '../sign.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from './delivery-job.js';
import type { EndpointHealth } from './endpoint-health.js';
import type { Clock, DeliveryUpdate, JobContext } from './ports.js';

/** How long a busy endpoint is assumed to take to get through `maxConcurrency` attempts. */
const DEFER_STEP_MS = 100;

/** What the engine reports as it works, for logs and metrics. */
export type EngineEvent =
  | { type: 'attempt'; job: DeliveryJob; attempt: AttemptRecord; state: DeliveryState }
  | { type: 'not_sent'; job: DeliveryJob; state: 'held' | 'dead'; reason: string }
  | { type: 'endpoint_disabled'; endpoint: string; reason: string }
  | { type: 'endpoint_enabled'; endpoint: string }
  /** Background work (a sweep, a lease renewal, a health refresh) failed; it is tried again. */
  | { type: 'error'; during: string; error: unknown };

export interface DeliveryWorkerPorts {
  config: WebhookConfig;
  sender: Sender;
  /** Records a delivery's new state in the log. */
  record: (update: DeliveryUpdate) => Promise<void>;
  /** Reads a delivery's record from the log. */
  lookup: (deliveryId: string) => Promise<DeliveryRecord | undefined>;
  clock: Clock;
  random: () => number;
  health: EndpointHealth;
  /** Hands a job (a retry, or one a busy endpoint sent back) to whatever runs it when due. */
  scheduleRetry: (job: DeliveryJob, notBefore: number) => Promise<void>;
  onEvent?: (event: EngineEvent) => void;
  /** Where failures of work around an attempt (not the attempt itself) are reported. */
  reportError: (during: string, error: unknown) => void;
  /** Its `attempt` hook runs around every attempt. */
  instrumentation?: WebhooksInstrumentation;
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
  handleQueued(job: DeliveryJob, source?: string): Promise<DeliveryState> {
    return this.#start(job, true, source);
  }

  /**
   * `handleQueued()` for a job a durable transport hands again (its worker may have died
   * before committing). The log says whether this copy made its attempt already: if so it
   * is not sent again; its retry is queued again in case the dead worker did not get to it.
   * A held delivery stays held (enabling its endpoint sends it).
   */
  async handleRedelivered(job: DeliveryJob, context: JobContext): Promise<DeliveryState> {
    const record = await this.ports.lookup(job.deliveryId);
    const made = context.source === undefined ? undefined : record?.attempts.find((a) => a.source === context.source);
    if (record && made) {
      const latest = record.attempts.at(-1) === made;
      if (latest && record.state === 'retrying' && made.nextRetryAt !== undefined) {
        await this.ports.scheduleRetry({ ...job, attempt: made.attempt + 1 }, made.nextRetryAt);
      }
      return record.state;
    }
    if (record?.state === 'held') return 'held';
    return this.#start(job, true, context.source);
  }

  // Not async: the attempt's own promise is handed back as is, one promise and one tick fewer per attempt.
  #start(job: DeliveryJob, queued: boolean, source?: string): Promise<DeliveryState> {
    try {
      return this.#handle(job, queued, source);
    } catch (err) {
      // Callers (transports' consume loops) expect a rejection, never a synchronous throw.
      return Promise.reject(err);
    }
  }

  #handle(job: DeliveryJob, queued: boolean, source?: string): Promise<DeliveryState> {
    const { config, health } = this.ports;
    const endpoint = config.endpoint(job.endpoint);
    if (!endpoint) return this.#hold(job, 'dead', `endpoint "${job.endpoint}" is no longer configured`);
    if (!endpoint.enabled) return this.#hold(job, 'held', 'the endpoint is disabled in the configuration');
    const loading = health.refreshIfStale(this.ports.clock.now());
    if (loading) return loading.then(() => this.#handle(job, queued, source));
    if (health.isDisabled(endpoint.name)) return this.#holdIfStillDisabled(job, endpoint, queued, source);
    const limiter = this.#limiter(endpoint);
    if (!limiter) return this.#attempt(job, endpoint, source);
    if (limiter.full) {
      if (queued) return this.#defer(job, endpoint.name, limiter);
    } else {
      // Caught up: the backlog that was sent back is no longer a guide to how long to wait.
      this.#deferred.delete(endpoint.name);
    }
    return limiter.run(() => this.#attempt(job, endpoint, source));
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

  #attempt(job: DeliveryJob, endpoint: WebhookEndpoint, source: string | undefined): Promise<DeliveryState> {
    const hook = this.ports.instrumentation?.attempt;
    // Without a hook, the attempt's own promise is handed back: no extra promise per attempt.
    if (!hook) return this.#send(job, endpoint, source, job.trace);
    const made: { attempt?: AttemptRecord } = {};
    return hook
      .call(this.ports.instrumentation, job, { method: 'POST', url: endpoint.url }, (trace) =>
        this.#send(job, endpoint, source, trace, made).then((state): AttemptOutcome => ({ attempt: made.attempt!, state })),
      )
      .then(({ state }) => state);
  }

  /** Signs, sends, classifies and records one attempt; `trace` goes with the request (`traceparent`); the record lands in `made`. */
  async #send(
    job: DeliveryJob,
    endpoint: WebhookEndpoint,
    source: string | undefined,
    trace: TraceContext | undefined,
    made?: { attempt?: AttemptRecord },
  ): Promise<DeliveryState> {
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
    if (trace) request.trace = trace;
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
    const healthUpdate = this.#updateHealth(endpoint.name, verdict);
    if (healthUpdate) await healthUpdate;
    const update = this.#outcome(job, endpoint, result, verdict, startedAt);
    const attempt = update.attempt!;
    if (source !== undefined) attempt.source = source;
    await this.ports.record(update);
    this.ports.onEvent?.({ type: 'attempt', job, attempt, state: update.state });
    if (made) made.attempt = attempt;
    if (update.state === 'retrying') await this.ports.scheduleRetry({ ...job, attempt: job.attempt + 1 }, attempt.nextRetryAt!);
    return update.state;
  }

  /**
   * Counts the attempt toward the endpoint's health. A store that fails here must not cost
   * the attempt its record: the failure is reported and delivery goes on. Nothing to wait
   * for (undefined) after a success with no failures counted, the common case.
   */
  #updateHealth(endpoint: string, verdict: AttemptVerdict): Promise<void> | undefined {
    const { health, clock } = this.ports;
    const update =
      verdict.outcome === 'success'
        ? health.succeeded(endpoint)
        : verdict.unhealthy
          ? health.failed(endpoint, clock.now(), verdict.disableEndpoint === true).then((change) => {
              if (change.disabled) this.ports.onEvent?.({ type: 'endpoint_disabled', endpoint, reason: change.disabled });
            })
          : undefined;
    return update?.catch((error: unknown) => this.ports.reportError('updating endpoint health', error));
  }

  /** The log entry of an attempt: success, a retry when due, or dead. */
  #outcome(job: DeliveryJob, endpoint: WebhookEndpoint, result: SendResult, verdict: AttemptVerdict, startedAt: number): DeliveryUpdate {
    const { config, clock } = this.ports;
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
    if (verdict.outcome === 'success') return { job, state: 'succeeded', attempt, at };
    if (verdict.outcome === 'retry' && job.attempt <= config.maxRetriesFor(endpoint)) {
      attempt.nextRetryAt = at + backoffDelay(config.retry, job.attempt, verdict.retryAfterMs, this.ports.random);
      return { job, state: 'retrying', attempt, at };
    }
    const reason =
      verdict.outcome === 'retry' ? `gave up after ${job.attempt} attempts; last: ${verdict.reason}` : verdict.reason;
    // Out of retries: the last attempt failed for good, whatever its kind.
    attempt.outcome = 'failed';
    return { job, state: 'dead', attempt, at, reason };
  }

  /**
   * Reads the endpoint's state again before holding a delivery: another process may have
   * enabled it since this one last looked, and a delivery held then would wait for nothing.
   */
  async #holdIfStillDisabled(job: DeliveryJob, endpoint: WebhookEndpoint, queued: boolean, source?: string): Promise<DeliveryState> {
    const status = await this.ports.health.reload(endpoint.name);
    if (status.state === 'disabled') return this.#hold(job, 'held', status.reason ?? 'the endpoint is disabled');
    return this.#handle(job, queued, source);
  }

  async #hold(job: DeliveryJob, state: 'held' | 'dead', reason: string): Promise<DeliveryState> {
    await this.ports.record({ job, state, reason, at: this.ports.clock.now() });
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
