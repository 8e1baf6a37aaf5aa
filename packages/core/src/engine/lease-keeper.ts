import type { DeliveryJob } from './delivery-job.js';
import type { Clock, DeliveryLeases, DeliveryUpdate } from './ports.js';

/** How many live deliveries one sweep takes over per query. */
const CLAIM_BATCH = 100;

export interface LeaseKeeperOptions {
  leases: DeliveryLeases;
  /** This engine instance's name on its leases. */
  owner: string;
  /** How long a lease lasts without renewal, in ms. */
  leaseMs: number;
  /** How often to look for deliveries nobody holds, in ms. */
  sweepIntervalMs: number;
  clock: Clock;
  /** Queues a job taken over by a sweep, to run at `notBefore`. */
  enqueue(job: DeliveryJob, notBefore: number): Promise<unknown>;
  /** Runs before each sweep; resolves with the endpoints whose held deliveries may go again. */
  beforeSweep(): Promise<string[]>;
  onError(error: unknown, during: string): void;
}

/**
 * Keeps this process's claim on the live deliveries it holds in memory, so that none is
 * lost with the process and none is worked on by two processes at once:
 * - jobs are admitted (recorded as pending, leased to this owner) before they are queued;
 * - leases of jobs still waiting here are renewed before they run out;
 * - a retry due later than one lease from now is left in the log, unleased, instead of memory;
 * - every `sweepIntervalMs`, deliveries with no lease or an expired one (their process died,
 *   or their retry came due) are claimed and queued here.
 */
export class LeaseKeeper {
  /** Deliveries queued or running here, with when their lease runs out. */
  readonly #held = new Map<string, number>();
  #timers: unknown[] = [];
  #sweeping: Promise<number> | undefined;
  #running = false;
  #stopped = false;

  constructor(readonly options: LeaseKeeperOptions) {}

  /** Whether this process holds the delivery in memory. */
  holds(deliveryId: string): boolean {
    return this.#held.has(deliveryId);
  }

  /** Records jobs as pending deliveries leased here; resolves with those this process may queue (see `DeliveryLeases.admit`). */
  async admit(jobs: readonly DeliveryJob[], revive = false): Promise<DeliveryJob[]> {
    const now = this.options.clock.now();
    const until = now + this.options.leaseMs;
    // A job already queued here (a relay that published it twice) is not queued again.
    const fresh = jobs.filter((job) => !this.#held.has(job.deliveryId));
    if (fresh.length === 0) return fresh;
    const admitted = await this.options.leases.admit(fresh, { owner: this.options.owner, until }, now, revive);
    for (const job of admitted) this.#held.set(job.deliveryId, until);
    return admitted;
  }

  /**
   * Records an update with its lease: a live delivery due within one lease stays held here;
   * one due later, and every finished or held one, is let go, but only once the record is
   * written, so that no sweep (of this process or another) takes it while its outcome is
   * still on its way to the log.
   */
  record(update: DeliveryUpdate, write: (update: DeliveryUpdate) => Promise<void>): Promise<void> {
    const { deliveryId } = update.job;
    const live = update.state === 'pending' || update.state === 'retrying';
    const due = update.attempt?.nextRetryAt ?? update.at;
    if (live && due - update.at <= this.options.leaseMs) {
      const until = due + this.options.leaseMs;
      this.#held.set(deliveryId, until);
      update.lease = { owner: this.options.owner, until };
      return write(update);
    }
    // A retry due later than one lease: unleased in the log, out of this process's memory now.
    if (live) {
      this.#held.delete(deliveryId);
      return write(update);
    }
    const written = write(update);
    written.then(
      () => this.#held.delete(deliveryId),
      () => undefined,
    );
    return written;
  }

  /** Lets go of deliveries this process will not run (handed back at shutdown, or not queued after all). */
  async release(deliveryIds: readonly string[]): Promise<void> {
    for (const id of deliveryIds) this.#held.delete(id);
    if (deliveryIds.length > 0) await this.options.leases.release(deliveryIds, this.options.owner);
  }

  /** Starts renewing and sweeping; the first sweep runs at once. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#every(this.options.leaseMs / 3, () => this.#renew(), 'renewing leases');
    this.#every(this.options.sweepIntervalMs, () => this.sweep(), 'sweeping for orphaned deliveries');
    this.sweep().catch((error) => this.options.onError(error, 'sweeping for orphaned deliveries'));
  }

  /** Takes over every live delivery nobody holds now; resolves with how many were queued here. */
  sweep(): Promise<number> {
    this.#sweeping ??= this.#sweep().finally(() => {
      this.#sweeping = undefined;
    });
    return this.#sweeping;
  }

  /** Stops the timers and waits for a sweep in progress. Leases held stay until `release()` or expiry. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#stopped = true;
    for (const timer of this.#timers) this.options.clock.clearTimeout(timer);
    this.#timers = [];
    await this.#sweeping?.catch(() => undefined);
  }

  /** Everything held here now (for release at shutdown). */
  heldIds(): string[] {
    return [...this.#held.keys()];
  }

  async #sweep(): Promise<number> {
    const { leases, owner, leaseMs, clock } = this.options;
    const resumable = await this.options.beforeSweep();
    if (resumable.length > 0) await leases.resume(resumable, clock.now());
    let queued = 0;
    for (;;) {
      const now = clock.now();
      const claimed = await leases.claim({ owner, until: now + leaseMs }, now, CLAIM_BATCH);
      for (const { job, notBefore } of claimed) {
        // Its lease lapsed while it waited here (a stalled process): renewed by the claim, already queued.
        if (this.#held.has(job.deliveryId)) continue;
        this.#held.set(job.deliveryId, Math.max(now, notBefore) + leaseMs);
        try {
          await this.options.enqueue(job, notBefore);
          queued++;
        } catch (error) {
          await this.release([job.deliveryId]).catch(() => undefined);
          throw error;
        }
      }
      if (claimed.length < CLAIM_BATCH || this.#stopped) return queued;
    }
  }

  /** Extends the leases that run out within two thirds of a lease. */
  async #renew(): Promise<void> {
    const { leases, owner, leaseMs, clock } = this.options;
    const now = clock.now();
    const soon = now + (leaseMs * 2) / 3;
    const ids: string[] = [];
    for (const [id, until] of this.#held) if (until < soon) ids.push(id);
    if (ids.length === 0) return;
    const until = now + leaseMs;
    await leases.renew(ids, { owner, until });
    for (const id of ids) if (this.#held.has(id)) this.#held.set(id, until);
  }

  /** Runs `task` every `ms`, one run at a time, reporting failures; the next run is timed from the end of this one. */
  #every(ms: number, task: () => Promise<unknown>, during: string): void {
    const { clock } = this.options;
    const slot = this.#timers.length;
    const tick = () => {
      task()
        .catch((error) => this.options.onError(error, during))
        .finally(() => {
          if (this.#running) this.#timers[slot] = clock.setTimeout(tick, ms);
        });
    };
    this.#timers[slot] = clock.setTimeout(tick, ms);
  }
}
