import type { DeliveryLog } from '@webhooks/core';
import type { KafkaTransport } from './kafka-transport.js';

/**
 * Wraps a delivery log so that every delivery the engine records as dead is also
 * written to the transport's dead-letter topic. The engine awaits the log before the
 * handler resolves, so the message's offset is committed only after the dead letter
 * is written: a crash in between writes it again rather than losing it.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog: withDeadLetterTopic(log, transport) });
 */
export function withDeadLetterTopic(log: DeliveryLog, transport: Pick<KafkaTransport, 'deadLetter'>): DeliveryLog {
  return {
    async record(update) {
      await log.record(update);
      if (update.state === 'dead') await transport.deadLetter(update.job, update.reason ?? update.attempt?.reason ?? 'dead');
    },
    get: (deliveryId) => log.get(deliveryId),
    find: (query) => log.find(query),
    count: (query) => log.count(query),
    endpointActivity: (query) => log.endpointActivity(query),
    // What the log shares with other processes (endpoint health, leases) stays as it is.
    ...(log.endpoints ? { endpoints: log.endpoints } : {}),
    ...(log.leases ? { leases: log.leases } : {}),
    ...(log.checkRoom ? { checkRoom: (count: number) => log.checkRoom!(count) } : {}),
  };
}
