import type { EndpointActivity } from './ports.js';

/** An endpoint with nothing to report, for delivery logs to count into. */
export function emptyActivity(endpoint: string): EndpointActivity {
  return { endpoint, pending: 0, retrying: 0, held: 0, dead: 0, attempts: 0, attemptsSucceeded: 0 };
}
