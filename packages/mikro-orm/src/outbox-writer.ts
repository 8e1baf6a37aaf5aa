import type { EntityManager, Transaction } from '@mikro-orm/core';
import { outboxWriteError, type DeliveryJob } from '@webhooks/core';
import { WebhookOutbox } from './entities.js';
import { encodeJobs } from './outbox-jobs.js';
import { dialectOf } from './dialect.js';

// Keeps one row (and one statement) well under every database's packet size.
const JOBS_PER_ROW = 1000;

/**
 * Inserts planned jobs into the outbox through `em`'s connection, inside `ctx`
 * when given, so the caller's identity map is untouched: one row per 1000 jobs,
 * the jobs as one text (see `encodeJobs`) sent as a bound parameter. One row instead of one per
 * job pays the per-row costs once; the bound parameter spares MikroORM escaping
 * and the server scanning tens of kilobytes of SQL text.
 */
export async function writeOutbox(em: EntityManager, jobs: readonly DeliveryJob[], ctx?: Transaction): Promise<void> {
  if (jobs.length === 0) return;
  const meta = em.getMetadata(WebhookOutbox);
  const platform = em.getPlatform();
  const column = (name: 'jobs' | 'jobCount' | 'createdAt') => platform.quoteIdentifier(meta.properties[name].fieldNames[0]!);
  const table = outboxTable(em);
  // MikroORM's own literal for the date, so it is stored exactly as its inserts store dates.
  const createdAt = platform.quoteValue(new Date());
  // Only Postgres gains: elsewhere deflating costs more than storing the text.
  const compress = dialectOf(platform) === 'postgres';
  for (let start = 0; start < jobs.length; start += JOBS_PER_ROW) {
    const chunk = jobs.slice(start, start + JOBS_PER_ROW);
    const tail = `${chunk.length}, ${createdAt})`;
    const sql = `insert into ${table} (${column('jobs')}, ${column('jobCount')}, ${column('createdAt')}) values (?, ${tail}`;
    try {
      await executeBound(em, sql, [encodeJobs(chunk, compress)], ctx);
    } catch (err) {
      throw outboxWriteError(err, { jobs: chunk, table, statementEnd: tail });
    }
  }
}

/** The outbox table's name as SQL (schema-qualified, quoted), the same on MikroORM 6 and 7. */
export function outboxTable(em: EntityManager): string {
  // The driver's table naming is not public, but has the same shape on both versions.
  const driver = em.getDriver() as unknown as { getTableName(meta: unknown, options: { schema?: string }): string };
  return driver.getTableName(em.getMetadata(WebhookOutbox), { schema: em.schema });
}

/**
 * Runs `sql` with `?` placeholders and string values in `ctx`. MikroORM's `execute`
 * inlines every value into the SQL text; on MikroORM 6 knex sends them as bound
 * parameters instead. MikroORM 7 (no knex) inlines.
 */
async function executeBound(em: EntityManager, sql: string, params: string[], ctx?: Transaction): Promise<void> {
  const connection = em.getConnection() as unknown as KnexConnection;
  if (typeof connection.getKnex === 'function') {
    const query = connection.getKnex().raw(sql, params);
    await (ctx ? query.transacting(ctx) : query);
  } else {
    await em.getConnection().execute(sql, params, 'run', ctx);
  }
}

/** MikroORM 6's SQL connections. */
interface KnexConnection {
  getKnex?(): { raw(sql: string, params: unknown[]): PromiseLike<unknown> & { transacting(ctx: unknown): PromiseLike<unknown> } };
}
