import type { Webhooks } from '../engine/create-webhooks.js';
import type { Relay } from '../engine/relay.js';

/**
 * Starts an ORM adapter's relay, and delivery in this process (a process that relays delivers
 * too, so it takes over deliveries a crashed process left). Warns when relayed jobs would live
 * only in memory; `durableLog` names the call that fixes it, e.g. `createSequelizeDeliveryLog(sequelize)`.
 */
export function startRelaying(webhooks: Webhooks, relay: Relay, warn: (message: string) => void, durableLog: string): void {
  if (!webhooks.durable) {
    warn(
      `jobs relayed to an in-memory transport are lost if this process dies before they are sent: pass ${durableLog} ` +
        'to createWebhooks, so live deliveries are leased in the database',
    );
  }
  relay.start();
  webhooks.start().catch((error) => warn(`could not start delivering: ${(error as Error)?.message ?? String(error)}`));
}
