import { inflateRawSync } from 'node:zlib';
import type { SqlClient } from '../database/connection.js';
import { deliveryKey } from './expected.js';

/** Where each delivery stands in the database after the run, for evidence and for counting dead ones. */
export interface DeliveryStateView {
  /** Per delivery key: whether its outbox row was marked published. */
  outbox: Map<string, 'published' | 'unpublished'>;
  /** Per delivery key: its state in the delivery log. */
  log: Map<string, string>;
  /** Outbox rows left after the run, and how many of them hold their jobs deflated (long texts on Postgres and MariaDB). */
  outboxRows: { total: number; deflated: number };
}

interface JobLike {
  endpoint: string;
  eventName: string;
  body: string;
}

/**
 * Reads the outbox and the delivery log as the adapters lay them out today (Sequelize: a row per
 * job; MikroORM: a row per write with packed jobs). Best effort: this is evidence, not the
 * verdict, so a layout it does not know makes it resolve with the error instead.
 */
export async function readDeliveryState(sql: SqlClient): Promise<DeliveryStateView | { error: string }> {
  try {
    const outbox = new Map<string, 'published' | 'unpublished'>();
    const outboxRows = { total: 0, deflated: 0 };
    for (const row of await sql.select('SELECT * FROM webhook_outbox')) {
      outboxRows.total++;
      if (typeof row.jobs === 'string' && !row.jobs.startsWith('[')) outboxRows.deflated++;
      const published = row.published_at !== null && row.published_at !== undefined ? 'published' : 'unpublished';
      for (const job of outboxJobs(row)) {
        const key = keyOf(job);
        if (key) outbox.set(key, published);
      }
    }
    const log = new Map<string, string>();
    for (const row of await sql.select('SELECT endpoint, event_name, state, body FROM webhook_deliveries')) {
      const key = keyOf({ endpoint: String(row.endpoint), eventName: String(row.event_name), body: String(row.body) });
      if (key) log.set(key, String(row.state));
    }
    return { outbox, log, outboxRows };
  } catch (err) {
    return { error: `could not read the outbox and delivery log: ${(err as Error).message}` };
  }
}

function outboxJobs(row: Record<string, unknown>): JobLike[] {
  if (typeof row.body === 'string') return [{ endpoint: String(row.endpoint), eventName: String(row.event_name), body: row.body }];
  if (typeof row.jobs !== 'string') throw new Error('webhook_outbox has neither a body nor a jobs column');
  const text = row.jobs.startsWith('[') ? row.jobs : inflateRawSync(Buffer.from(row.jobs, 'base64')).toString('utf8');
  const lines = text.split('\n');
  if (lines.length === 1) return JSON.parse(text) as JobLike[];
  // First line: per job [deliveryId, eventId, eventName, endpoint, …]; then one body per line.
  const fields = JSON.parse(lines[0]!) as unknown[][];
  return fields.map((f, i) => ({ eventName: String(f[2]), endpoint: String(f[3]), body: lines[i + 1]! }));
}

function keyOf(job: JobLike): string | undefined {
  const object = (JSON.parse(job.body) as { object?: { id?: unknown; tag?: unknown } }).object;
  if (!object || object.tag === undefined) return undefined;
  return deliveryKey({ endpoint: job.endpoint, eventName: job.eventName, objectId: String(object.id), tag: String(object.tag) });
}
