import { WebhookError, type DeliveryJob, type JobHandler, type Transport } from '@webhooks/core';
import { KeyedRunner, notBeforeError, transportClosedError } from '@webhooks/core/adapter';
import { ADMITTED, CapacityGate } from './capacity-gate.js';
import { DelayedJobs } from './delayed-jobs.js';
import { resolveMemoryTransportOptions, type MemoryTransportOptions, type ResolvedMemoryTransportOptions } from './memory-transport-options.js';

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
  private readonly runner: KeyedRunner<DeliveryJob>;
  private readonly waiting: DelayedJobs;
  private readonly gate: CapacityGate;
  /** Delivery ids of jobs in flight, counted in case the same job was published twice. */
  private readonly running = new Map<string, number>();
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closed: Promise<DeliveryJob[]> | undefined;
  /** Set while close() waits for a condition; checked after every round of dispatching. */
  private onChange: (() => void) | undefined;

  constructor(private readonly options: ResolvedMemoryTransportOptions) {
    const { clock } = options;
    this.waiting = new DelayedJobs(clock, (job) => this.queueReady([job]));
    this.runner = new KeyedRunner<DeliveryJob>({
      key: (job) => job.key,
      group: (job) => job.endpoint,
      perGroup: options.endpointConcurrency,
      concurrency: options.concurrency,
      clock,
      // Attempts are the engine's business; the delay only keeps a failing handler from spinning.
      onStart: (job) => this.running.set(job.deliveryId, (this.running.get(job.deliveryId) ?? 0) + 1),
      onDone: (job) => this.settled(job),
      onRejected: (_error, job) => {
        this.settled(job);
        this.waiting.add(job, clock.now() + options.redeliveryDelayMs);
        return undefined;
      },
      onChange: () => {
        this.gate.wake();
        this.onChange?.();
      },
    });
    this.gate = new CapacityGate({
      limit: options.maxQueued,
      used: () => this.runner.waiting + this.waiting.size,
      clock,
      timeoutMs: options.publishTimeoutMs,
    });
  }

  get size(): number {
    return this.runner.waiting;
  }

  get delayed(): number {
    return this.waiting.size;
  }

  get inFlight(): number {
    return this.runner.inFlight;
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
    for (const job of jobs) this.runner.push(job);
  }

  schedule(job: DeliveryJob, notBefore: number): Promise<void> {
    const invalid = notBeforeError(notBefore);
    if (invalid) return Promise.reject(invalid);
    // A retry recorded by a handler still in flight skips the bound, even while closing:
    // waiting for room there would deadlock, as that handler's slot is what drains the queue.
    if (this.running.has(job.deliveryId)) {
      this.enqueue(job, notBefore);
      return Promise.resolve();
    }
    if (this.state !== 'open') return Promise.reject(closedError('schedule'));
    return this.gate.admit(1, () => this.enqueue(job, notBefore));
  }

  consume(handler: JobHandler): Promise<void> {
    if (this.state !== 'open') return Promise.reject(closedError('consume'));
    if (this.runner.started) {
      return Promise.reject(new WebhookError('invalid_argument', 'consume() was already called; a memory transport hands jobs to one handler'));
    }
    this.runner.start(handler);
    return Promise.resolve();
  }

  /** A job's handler settled: it no longer counts as running. */
  private settled(job: DeliveryJob): void {
    const count = this.running.get(job.deliveryId)! - 1;
    if (count === 0) this.running.delete(job.deliveryId);
    else this.running.set(job.deliveryId, count);
  }

  close(options: { timeoutMs?: number } = {}): Promise<DeliveryJob[]> {
    this.closed ??= this.shutdown(options.timeoutMs ?? this.options.closeTimeoutMs);
    return this.closed;
  }

  private async shutdown(timeoutMs: number): Promise<DeliveryJob[]> {
    this.state = 'closing';
    this.gate.rejectAll(closedError('publish'));
    this.waiting.stop();
    const stop = () => this.runner.stop();
    if (this.runner.started) await this.until(() => this.runner.waiting === 0, timeoutMs, stop);
    stop();
    await this.until(() => this.runner.inFlight === 0);
    this.state = 'closed';
    return [...this.runner.drain(), ...this.waiting.drain()];
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
