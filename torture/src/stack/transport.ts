import type { Transport } from '@webhooks/core';
import type { TransportSpec } from './stack-options.js';

/** A transport and how many jobs it holds in this process. */
export interface TortureTransport {
  transport: Transport;
  inProcess(): number;
}

/**
 * Creates the memory or Kafka transport of a sender. Kafka gets the broker's shortest session
 * timeout (6 s): a SIGKILLed worker holds its partitions until it expires, and the restarted one
 * waits that long to join the group.
 *
 * @example
 * const { transport } = await createTortureTransport({ kind: 'memory' });
 */
export async function createTortureTransport(spec: TransportSpec): Promise<TortureTransport> {
  if (spec.kind === 'memory') {
    const { createMemoryTransport } = await import('@webhooks/memory');
    const transport = createMemoryTransport();
    return { transport, inProcess: () => transport.size + transport.delayed + transport.inFlight };
  }
  const { createKafkaTransport } = await import('@webhooks/kafka');
  const transport = createKafkaTransport({
    brokers: spec.brokers,
    prefix: spec.prefix,
    groupId: spec.groupId,
    retryTiers: spec.retryTiers,
    sessionTimeout: 6000,
    onError: (error, context) => console.error(`[kafka] ${context}: ${(error as Error)?.message ?? error}`),
  });
  return { transport, inProcess: () => transport.buffered + transport.inFlight };
}
