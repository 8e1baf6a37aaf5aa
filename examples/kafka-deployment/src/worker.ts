// A delivery worker: one member of the consumer group, sending the jobs of its partitions.
// Run as many as you need with the same KAFKA_GROUP_ID; Kafka shares the partitions among them.
import { createWebhooks } from '@webhooks/core';
import { createKafkaTransport } from '@webhooks/kafka';
import { createUndiciSender } from '@webhooks/undici';
import { deployment } from './deployment.js';

const name = process.env.WORKER_NAME ?? `worker-${process.pid}`;
const { kafka, prefix, groupId, config } = deployment();
const transport = createKafkaTransport({ kafka, prefix, groupId, concurrency: 8 });
const webhooks = createWebhooks(config, { transport, sender: createUndiciSender() });

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  // Finishes deliveries in flight, commits, leaves the group: its partitions move to the others at once.
  void webhooks.close({ timeoutMs: 5_000 }).finally(() => process.exit(0));
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.once('disconnect', stop); // forked by main.ts, which went away

await webhooks.start(); // resolves once this worker has joined the group and been given partitions
console.log(`${name}: joined consumer group ${groupId}`);
process.send?.('ready');
