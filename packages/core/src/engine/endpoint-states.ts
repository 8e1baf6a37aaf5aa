import type { EndpointStatus } from './endpoint-health.js';

/**
 * Where endpoint health is kept: consecutive unhealthy failures and whether an endpoint is
 * disabled. In memory by default (one process); the ORM adapters' delivery logs keep it in
 * a table, so a restart and every worker see the same state.
 */
export interface EndpointStates {
  /** Every endpoint with a recorded state. */
  list(): Promise<EndpointStatus[]>;
  /** Counts one failed attempt that says the endpoint is unhealthy; resolves with the state after it. */
  failed(endpoint: string, now: number): Promise<EndpointStatus>;
  /** Clears the count of consecutive failures. */
  succeeded(endpoint: string): Promise<void>;
  /** Disables an active endpoint; resolves with true when this call disabled it. */
  disable(endpoint: string, reason: string, now: number): Promise<boolean>;
  /** Makes an endpoint active again, with no failures counted. */
  enable(endpoint: string): Promise<void>;
}

/** The default `EndpointStates`: this process's memory, lost on restart. */
export function createMemoryEndpointStates(): EndpointStates {
  const statuses = new Map<string, EndpointStatus>();
  const get = (endpoint: string) => {
    let status = statuses.get(endpoint);
    if (!status) statuses.set(endpoint, (status = { endpoint, state: 'active', consecutiveFailures: 0 }));
    return status;
  };
  return {
    list: async () => [...statuses.values()].map((status) => ({ ...status })),
    async failed(endpoint) {
      const status = get(endpoint);
      status.consecutiveFailures++;
      return { ...status };
    },
    async succeeded(endpoint) {
      const status = statuses.get(endpoint);
      if (status) status.consecutiveFailures = 0;
    },
    async disable(endpoint, reason, now) {
      const status = get(endpoint);
      if (status.state === 'disabled') return false;
      Object.assign(status, { state: 'disabled', reason, disabledAt: now });
      return true;
    },
    async enable(endpoint) {
      statuses.set(endpoint, { endpoint, state: 'active', consecutiveFailures: 0 });
    },
  };
}
