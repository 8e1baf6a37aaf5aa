import { defineWebhooks } from '@webhooks/core';
import { DEFAULT_KAFKA_RETRY } from '@webhooks/kafka';
import { Kafka, logLevel } from 'kafkajs';

/**
 * What every process of the deployment shares, read from its environment: the
 * cluster, the topic prefix, the consumer group and the endpoints. Workers send,
 * so the url and secret they read are the ones used.
 */
export function deployment(env: NodeJS.ProcessEnv = process.env) {
  const brokers = env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  return {
    brokers,
    kafka: new Kafka({
      clientId: env.WORKER_NAME ?? 'shop',
      brokers: brokers.split(','),
      retry: DEFAULT_KAFKA_RETRY, // outlasts a broker restart
      // kafkajs logs every routine rebalance as errors; the transport reports what needs attention to `onError`.
      logLevel: logLevel.NOTHING,
    }),
    prefix: env.KAFKA_PREFIX ?? 'shop',
    // Every worker process uses the same group: Kafka shares the partitions among them.
    groupId: env.KAFKA_GROUP_ID ?? 'shop-webhooks',
    config: defineWebhooks({
      // Development only: the example's receiver runs on this machine.
      allowPrivateNetwork: true,
      endpoints: [
        {
          name: 'receiver',
          url: env.RECEIVER_URL ?? 'http://127.0.0.1:3000/webhooks',
          secret: env.RECEIVER_SECRET ?? 'example-secret',
          events: ['order.*'],
          includeModels: ['store.Order'],
          // Tags each request with the process that sent it, so the example can count per worker.
          headers: env.WORKER_NAME ? { 'X-Worker': env.WORKER_NAME } : {},
        },
      ],
    }),
  };
}
