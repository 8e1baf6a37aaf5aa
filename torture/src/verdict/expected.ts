import { ITEMS_TABLE } from '../app/item.js';
import type { SqlClient } from '../database/connection.js';
import { ENDPOINTS } from '../endpoints.js';

/** One delivery the database says must arrive: an event of a committed row, to one endpoint. */
export interface ExpectedDelivery {
  endpoint: string;
  eventName: string;
  objectId: string;
  tag: string;
}

/** A committed application row. */
export interface CommittedItem {
  id: string;
  tag: string;
  flagged: boolean;
}

/** The identity of a delivery in the verdict: endpoint, event name, object id and tag. */
export function deliveryKey(d: { endpoint: string; eventName: string; objectId: string; tag: string }): string {
  return `${d.endpoint}|${d.eventName}|${d.objectId}|${d.tag}`;
}

/** Reads every committed item, after every sender has stopped. */
export async function readCommittedItems(sql: SqlClient): Promise<CommittedItem[]> {
  const rows = await sql.select<{ id: unknown; tag: unknown; flagged: unknown }>(`SELECT id, tag, flagged FROM ${ITEMS_TABLE}`);
  // Drivers return booleans as true/false (Postgres) or 1/0 (SQLite, MariaDB).
  return rows.map((r) => ({ id: String(r.id), tag: String(r.tag), flagged: r.flagged === true || Number(r.flagged) === 1 }));
}

/**
 * What must have arrived, from the database alone: per endpoint, `item.created` for every
 * committed row and `item.flagged` for every row that says it dispatched one.
 *
 * @example
 * const expected = expectedDeliveries(await readCommittedItems(sql)); // Map<key, ExpectedDelivery>
 */
export function expectedDeliveries(items: readonly CommittedItem[]): Map<string, ExpectedDelivery> {
  const expected = new Map<string, ExpectedDelivery>();
  for (const item of items) {
    const events = item.flagged ? ['item.created', 'item.flagged'] : ['item.created'];
    for (const { name: endpoint } of ENDPOINTS) {
      for (const eventName of events) {
        const delivery = { endpoint, eventName, objectId: item.id, tag: item.tag };
        expected.set(deliveryKey(delivery), delivery);
      }
    }
  }
  return expected;
}
