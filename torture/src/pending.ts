import type { Webhooks } from '@webhooks/core';

/** Work that some process still has to do; all zero means nothing can arrive any more. */
export interface PendingWork {
  /** Outbox rows not yet published. */
  outbox: number;
  /** Deliveries the log shows as `pending` or `retrying` (at most 1 is counted: it only has to be zero). */
  deliveries: number;
  /** Kafka messages on the deliveries and retry topics the group has not committed; 0 without Kafka. */
  kafkaLag: number;
  /** Jobs held by the draining process itself (queued, delayed, in flight). */
  inProcess: number;
}

/** Where `whatIsPending` looks. */
export interface PendingSources {
  webhooks: Webhooks;
  /** Runs `SELECT count(*) AS n …` through the application's connection. */
  count(sql: string): Promise<number>;
  inProcess(): number;
  kafkaLag?: () => Promise<number>;
}

/**
 * The one place that knows which tables and states mean "still to be delivered". Change it here
 * when the tables change.
 *
 * @example
 * const pending = await whatIsPending({ webhooks, count, inProcess });
 * if (isDrained(pending)) await webhooks.close();
 */
export async function whatIsPending(sources: PendingSources): Promise<PendingWork> {
  const outbox = await sources.count('SELECT count(*) AS n FROM webhook_outbox WHERE published_at IS NULL');
  const live = await sources.webhooks.deliveryLog.find({ state: ['pending', 'retrying'], limit: 1 });
  const kafkaLag = sources.kafkaLag ? await sources.kafkaLag() : 0;
  return { outbox, deliveries: live.length, kafkaLag, inProcess: sources.inProcess() };
}

/** True when nothing is pending anywhere. */
export function isDrained(pending: PendingWork): boolean {
  return pending.outbox + pending.deliveries + pending.kafkaLag + pending.inProcess === 0;
}
