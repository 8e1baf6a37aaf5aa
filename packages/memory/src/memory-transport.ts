import { WebhookError, type DeliveryJob, type JobHandler, type Transport } from '@webhooks/core';
import { transportClosedError } from '@webhooks/core/adapter';
import { ADMITTED, CapacityGate } from './capacity-gate.js';
import { DelayedJobs } from './delayed-jobs.js';
import { Dispatcher } from './dispatcher.js';
import { resolveMemoryTransportOptions, type MemoryTransportOptions, type ResolvedMemoryTransportOptions } from './memory-transport-options.js';
import { ReadyQueue } from './ready-queue.js';

/** The in-process `Transport`, with counters for metrics and health checks. */
export interface MemoryTransport extends Transport {
  /** Jobs ready to run, waiting for a handler slot or for their key. */
  readonly size: number;
  /** Jobs waiting for their `notBefore` (scheduled retries and redeliveries). */
  readonly delayed: number;
  /** Handlers running now. */
  readonly inFlight: number;
}

/**
 * Creates an in-process transport: a bounded queue that hands jobs to one handler,
 * `concurrency` at a time and at most `endpointConcurrency` of one endpoint, jobs of
 * one key one after another. Nothing survives the
 * process; `close()` returns what was not handed over so it can be persisted.
 *
 * @example
 * const transport = createMemoryTransport({ concurrency: 8 });
 * await transport.consume(async (job) => deliver(job));
 * await transport.publish([job]);
 * const leftover = await transport.close({ timeoutMs: 5000 });
 */
export function createMemoryTransport(options?: MemoryTransportOptions): MemoryTransport {
  return new InProcessTransport(resolveMemoryTransportOptions(options));
}

class InProcessTransport implements MemoryTransport {
  private readonly ready: ReadyQueue;
  private readonly waiting: DelayedJobs;
  private readonly gate: CapacityGate;
  private readonly dispatcher: Dispatcher;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<DeliveryJob[]> | undefined;
  /** Set while close() waits for a condition; checked after every round of dispatching. */
  private onChange: (() => void) | undefined;

  constructor(private readonly options: ResolvedMemoryTransportOptions) {
    const { clock } = options;
    this.ready = new ReadyQueue(options.endpointConcurrency);
    this.waiting = new DelayedJobs(clock, (job) => this.queueReady([job]));
    this.gate = new CapacityGate({
      limit: options.maxQueued,
      used: () => this.ready.size + this.waiting.size,
      clock,
      timeoutMs: options.publishTimeoutMs,
    });
    this.dispatcher = new Dispatcher({
      ready: this.ready,
      delayed: this.waiting,
      concurrency: options.concurrency,
      redeliveryDelayMs: options.redeliveryDelayMs,
      clock,
      onChange: () => {
        this.gate.wake();
        this.onChange?.();
      },
    });
  }

  get size(): number {
    return this.ready.size;
  }

  get delayed(): number {
    return this.waiting.size;
  }

  get inFlight(): number {
    return this.dispatcher.inFlight;
  }

  publish(jobs: readonly DeliveryJob[]): Promise<void> {
    if (this.state !== 'open') return Promise.reject(closedError('publish'));
    if (jobs.length === 0) return ADMITTED;
    if (this.gate.hasRoom(jobs.length)) {
      // Room now: queue straight from the caller's array, with no copy or closure per publish.
      this.queueReady(jobs);
      return ADMITTED;
    }
    const batch = jobs.slice(); // the caller's array may change while we wait for room
    return this.gate.admit(batch.length, () => this.queueReady(batch));
  }

  private queueReady(jobs: readonly DeliveryJob[]): void {
    for (const job of jobs) this.ready.push(job);
    this.dispatcher.request();
  }

  schedule(job: DeliveryJob, notBefore: number): Promise<void> {
    if (!Number.isFinite(notBefore)) {
      return Promise.reject(new WebhookError('invalid_argument', `schedule() needs notBefore in ms since epoch, got ${notBefore}`));
    }
    // A retry recorded by a handler still in flight skips the bound, even while closing:
    // waiting for room there would deadlock, as that handler's slot is what drains the queue.
    if (this.dispatcher.isRunning(job.deliveryId)) {
      this.enqueue(job, notBefore);
      return Promise.resolve();
    }
    if (this.state !== 'open') return Promise.reject(closedError('schedule'));
    return this.gate.admit(1, () => this.enqueue(job, notBefore));
  }

  consume(handler: JobHandler): Promise<void> {
    if (this.state !== 'open') return Promise.reject(closedError('consume'));
    if (this.dispatcher.started) {
      return Promise.reject(new WebhookError('invalid_argument', 'consume() was already called; a memory transport hands jobs to one handler'));
    }
    this.dispatcher.start(handler);
    return Promise.resolve();
  }

  close(options: { timeoutMs?: number } = {}): Promise<DeliveryJob[]> {
    this.closed ??= this.shutdown(options.timeoutMs ?? this.options.closeTimeoutMs);
    return this.closed;
  }

  private async shutdown(timeoutMs: number): Promise<DeliveryJob[]> {
    this.state = 'closing';
    this.gate.rejectAll(closedError('publish'));
    this.waiting.stop();
    const stop = () => this.dispatcher.stop();
    if (this.dispatcher.started) await this.until(() => this.ready.size === 0, timeoutMs, stop);
    stop();
    await this.until(() => this.dispatcher.inFlight === 0);
    this.state = 'closed';
    return [...this.ready.drain(), ...this.waiting.drain()];
  }

  private enqueue(job: DeliveryJob, notBefore: number): void {
    if (notBefore <= this.options.clock.now()) this.queueReady([job]);
    else this.waiting.add(job, notBefore);
  }

  /** Resolves once `done()` holds after some change, or after `timeoutMs`; `then` runs at that very moment. */
  private until(done: () => boolean, timeoutMs = Number.POSITIVE_INFINITY, then?: () => void): Promise<void> {
    if (done() || timeoutMs <= 0) return Promise.resolve();
    const { clock } = this.options;
    return new Promise<void>((resolve) => {
      const finish = () => {
        if (timer !== undefined) clock.clearTimeout(timer);
        this.onChange = undefined;
        then?.();
        resolve();
      };
      const timer = Number.isFinite(timeoutMs) ? clock.setTimeout(finish, timeoutMs) : undefined;
      this.onChange = () => {
        if (done()) finish();
      };
    });
  }
}

const closedError = (operation: string) => transportClosedError('memory', operation);
