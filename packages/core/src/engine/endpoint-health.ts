import type { EndpointStates } from './endpoint-states.js';

/** Whether an endpoint is receiving deliveries. */
export interface EndpointStatus {
  endpoint: string;
  state: 'active' | 'disabled';
  consecutiveFailures: number;
  /** Why it was disabled. */
  reason?: string;
  disabledAt?: number;
}

/** What happened to an endpoint's health after an attempt. */
export interface HealthChange {
  /** Set when this attempt disabled the endpoint: why. */
  disabled?: string;
}

/**
 * This process's view of endpoint health, read on every attempt without waiting, kept in
 * step with the `EndpointStates` store: every change is written there first, and `refresh()`
 * picks up what other processes changed. Only failures that say the endpoint is unhealthy
 * count (network errors, timeouts, 408, 429, 5xx, 410); after `threshold` in a row (0: never),
 * or at once on 410 Gone, the endpoint is disabled and its deliveries are held, not dropped.
 */
export class EndpointHealth {
  readonly #statuses = new Map<string, EndpointStatus>();
  #refreshedAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<unknown> | undefined;
  #loaded: boolean;

  /**
   * @param refreshMs how often `refreshIfStale` reloads from the store (another process's changes
   *   show within it); Infinity for a store only this process writes.
   * @param onError where a failed background refresh is reported.
   */
  constructor(
    readonly threshold: number,
    readonly store: EndpointStates,
    readonly refreshMs: number,
    readonly onError: (error: unknown) => void,
  ) {
    // A store only this process writes starts empty and needs no load.
    this.#loaded = refreshMs === Number.POSITIVE_INFINITY;
  }

  status(endpoint: string): EndpointStatus {
    return { ...(this.#statuses.get(endpoint) ?? { endpoint, state: 'active', consecutiveFailures: 0 }) };
  }

  isDisabled(endpoint: string): boolean {
    return this.#statuses.get(endpoint)?.state === 'disabled';
  }

  /** Reloads every endpoint's state from the store (what other processes changed). */
  async refresh(now: number): Promise<EndpointStatus[]> {
    this.#refreshedAt = now;
    const statuses = await this.store.list();
    this.#statuses.clear();
    for (const status of statuses) this.#statuses.set(status.endpoint, status);
    this.#loaded = true;
    return statuses;
  }

  /**
   * Starts a reload in the background when the last one is older than `refreshMs`. Returns a
   * promise only while the very first load is under way (nothing is known yet): wait for it.
   */
  refreshIfStale(now: number): Promise<unknown> | undefined {
    if (now - this.#refreshedAt >= this.refreshMs && !this.#refreshing) {
      this.#refreshing = this.refresh(now)
        .catch(this.onError)
        .finally(() => {
          this.#refreshing = undefined;
        });
    }
    return this.#loaded ? undefined : this.#refreshing;
  }

  /** One endpoint's state, read from the store now. */
  async reload(endpoint: string): Promise<EndpointStatus> {
    const status = (await this.store.list()).find((s) => s.endpoint === endpoint);
    if (status) this.#statuses.set(endpoint, status);
    else this.#statuses.delete(endpoint);
    return this.status(endpoint);
  }

  /**
   * After a successful attempt. Writes to the store only when failures were counted, and
   * returns nothing otherwise: the common case costs no promise.
   */
  succeeded(endpoint: string): Promise<void> | undefined {
    const status = this.#statuses.get(endpoint);
    if (!status || status.consecutiveFailures === 0) return undefined;
    status.consecutiveFailures = 0;
    return this.store.succeeded(endpoint);
  }

  /** After a failed attempt that says the endpoint is unhealthy; `gone` for 410. */
  async failed(endpoint: string, now: number, gone: boolean): Promise<HealthChange> {
    const status = await this.store.failed(endpoint, now);
    this.#statuses.set(endpoint, status);
    if (status.state === 'disabled') return {};
    if (gone) return this.disable(endpoint, now, 'the endpoint answered 410 Gone');
    if (this.threshold > 0 && status.consecutiveFailures >= this.threshold) {
      return this.disable(endpoint, now, `${status.consecutiveFailures} consecutive failed attempts`);
    }
    return {};
  }

  /** Disables an endpoint everywhere; `disabled` is set only if this call did it. */
  async disable(endpoint: string, now: number, reason: string): Promise<HealthChange> {
    const changed = await this.store.disable(endpoint, reason, now);
    const status = this.#statuses.get(endpoint) ?? { endpoint, state: 'active', consecutiveFailures: 0 };
    this.#statuses.set(endpoint, { ...status, state: 'disabled', reason, disabledAt: now });
    return changed ? { disabled: reason } : {};
  }

  async enable(endpoint: string): Promise<void> {
    await this.store.enable(endpoint);
    this.#statuses.set(endpoint, { endpoint, state: 'active', consecutiveFailures: 0 });
  }
}
