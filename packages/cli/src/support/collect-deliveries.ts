import type { DeliveryLog, DeliveryQuery } from '@webhooks/core';

const PAGE = 500;

/**
 * The ids of every delivery matching `query`, newest first, up to `limit`: page after page
 * through the log's cursor, so a large backlog is read in bounded pieces.
 *
 * @example
 * const ids = await collectDeliveries(webhooks.deliveryLog, { state: ['dead'], endpoint: 'crm' }, 1000);
 */
export async function collectDeliveries(log: DeliveryLog, query: Omit<DeliveryQuery, 'limit' | 'before'>, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let before: string | undefined;
  while (ids.length < limit) {
    const want = Math.min(PAGE, limit - ids.length);
    const page = await log.find({ ...query, limit: want, ...(before ? { before } : {}) });
    for (const record of page) ids.push(record.job.deliveryId);
    if (page.length < want) break;
    before = page.at(-1)!.job.deliveryId;
  }
  return ids;
}
