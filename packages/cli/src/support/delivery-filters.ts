import { Command } from 'commander';
import type { DeliveryQuery } from '@webhooks/core';
import { parseSince } from './parse-since.js';
import { parseStates } from './parse-states.js';

/** The filter options `deliveries list` and `deliveries replay` share. */
export interface DeliveryFilterOptions {
  state?: string;
  endpoint?: string;
  event?: string;
  since?: string;
}

/**
 * Adds `--state`, `--endpoint`, `--event` and `--since` to a command.
 *
 * @example
 * addDeliveryFilters(new Command('list'));
 */
export function addDeliveryFilters(command: Command): Command {
  return command
    .option('--state <states>', 'pending, retrying, held, succeeded or dead; several separated by commas')
    .option('--endpoint <name>', 'only deliveries to this endpoint')
    .option('--event <name>', 'only deliveries of this event, e.g. order.paid')
    .option('--since <when>', 'only deliveries created since: a duration (30m, 1h, 2d) or a date (2026-01-24)');
}

/**
 * The delivery-log query the filter options describe.
 *
 * @example
 * deliveryQuery({ state: 'dead', since: '1h' }, Date.now()); // { state: ['dead'], since: <an hour ago> }
 */
export function deliveryQuery(options: DeliveryFilterOptions, now: number): Omit<DeliveryQuery, 'limit' | 'before'> {
  return {
    ...(options.state !== undefined ? { state: parseStates(options.state) } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.event !== undefined ? { eventName: options.event } : {}),
    ...(options.since !== undefined ? { since: parseSince(options.since, now) } : {}),
  };
}
