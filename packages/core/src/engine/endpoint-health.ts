/** Whether an endpoint is receiving deliveries. */
export interface EndpointStatus {
  endpoint: string;
  state: 'active' | 'disabled';
  consecutiveFailures: number;
  /** Why it was disabled. */
  reason?: string;
  disabledAt?: number;
}

/**
 * Counts consecutive failed attempts per endpoint and disables an endpoint
 * after `threshold` of them (0: never), or at once when it answers 410 Gone.
 * A disabled endpoint's deliveries are held, not dropped.
 */
export class EndpointHealth {
  readonly #statuses = new Map<string, EndpointStatus>();

  constructor(readonly threshold: number) {}

  status(endpoint: string): EndpointStatus {
    let status = this.#statuses.get(endpoint);
    if (!status) {
      status = { endpoint, state: 'active', consecutiveFailures: 0 };
      this.#statuses.set(endpoint, status);
    }
    return status;
  }

  isDisabled(endpoint: string): boolean {
    return this.#statuses.get(endpoint)?.state === 'disabled';
  }

  succeeded(endpoint: string): void {
    const status = this.#statuses.get(endpoint);
    if (status) status.consecutiveFailures = 0;
  }

  /** Records a failed attempt; returns true when this failure disabled the endpoint. */
  failed(endpoint: string, now: number, gone: boolean): boolean {
    const status = this.status(endpoint);
    status.consecutiveFailures++;
    if (status.state === 'disabled') return false;
    if (gone) return this.disable(endpoint, now, 'the endpoint answered 410 Gone');
    if (this.threshold > 0 && status.consecutiveFailures >= this.threshold) {
      return this.disable(endpoint, now, `${status.consecutiveFailures} consecutive failed attempts`);
    }
    return false;
  }

  disable(endpoint: string, now: number, reason: string): boolean {
    const status = this.status(endpoint);
    if (status.state === 'disabled') return false;
    Object.assign(status, { state: 'disabled', reason, disabledAt: now });
    return true;
  }

  enable(endpoint: string): void {
    const status = this.status(endpoint);
    status.state = 'active';
    status.consecutiveFailures = 0;
    delete status.reason;
    delete status.disabledAt;
  }
}
