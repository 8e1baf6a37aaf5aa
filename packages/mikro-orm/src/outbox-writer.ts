import type { EntityManager, Transaction } from '@mikro-orm/core';
import type { DeliveryJob } from '@webhooks/core';
import { dialectOf } from './dialect.js';
import { WebhookOutbox, type WebhookOutboxRow } from './entities.js';

/** The properties an insert sets, in column order; `id` and `published_at` take their defaults. */
const PROPERTIES = ['deliveryId', 'eventId', 'eventName', 'endpoint', 'body', 'attempt', 'jobKey', 'createdAt'] as const satisfies readonly (keyof WebhookOutboxRow)[];
const POSTGRES_TYPES = ['varchar', 'varchar', 'varchar', 'varchar', 'text', 'int', 'varchar', 'timestamptz'];
// Measured on Postgres 15: below about 30 rows a VALUES list is the faster of the two.
const UNNEST_FROM_ROWS = 32;
// Keeps one statement well under every database's packet size.
const ROWS_PER_STATEMENT = 1000;

/**
 * Inserts planned jobs into the outbox through `em`'s connection, inside `ctx`
 * when given, so the caller's identity map is untouched. One hand-written
 * INSERT per 1000 rows: `em.insertMany` spends more than the insert itself on
 * entity metadata and `RETURNING` ids nobody reads. Postgres gets one array per
 * column (`unnest`) for larger batches, which it parses and plans in less than
 * half the time of a multi-row VALUES list; elsewhere values go through MikroORM's own formatting,
 * so dates are stored exactly as `insertMany` stores them.
 */
export async function writeOutbox(em: EntityManager, jobs: readonly DeliveryJob[], ctx?: Transaction): Promise<void> {
  if (jobs.length === 0) return;
  const meta = em.getMetadata(WebhookOutbox);
  const platform = em.getPlatform();
  const columns = PROPERTIES.map((name) => platform.quoteIdentifier(meta.properties[name].fieldNames[0]!)).join(', ');
  const table = (em.getDriver() as unknown as TableNames).getTableName(meta, { schema: em.schema });
  const isPostgres = dialectOf(platform) === 'postgres';
  for (let start = 0; start < jobs.length; start += ROWS_PER_STATEMENT) {
    const chunk = jobs.slice(start, start + ROWS_PER_STATEMENT);
    const postgres = isPostgres && chunk.length >= UNNEST_FROM_ROWS;
    const sql = postgres
      ? `insert into ${table} (${columns}) select * from unnest(${POSTGRES_TYPES.map((type) => `?::${type}[]`).join(', ')})`
      : `insert into ${table} (${columns}) values ${new Array<string>(chunk.length).fill(`(${PROPERTIES.map(() => '?').join(', ')})`).join(', ')}`;
    if (postgres) await executeBound(em, sql, columnArrays(chunk), ctx);
    else await em.getConnection().execute(sql, rowValues(chunk), 'run', ctx);
  }
}

function rowValues(jobs: readonly DeliveryJob[]): unknown[] {
  const params: unknown[] = [];
  for (const job of jobs) {
    params.push(job.deliveryId, job.eventId, job.eventName, job.endpoint, job.body, job.attempt, job.key, new Date(job.createdAt));
  }
  return params;
}

/** Each column as a Postgres array literal (`{"a","b"}`); dates as ISO instants. */
function columnArrays(jobs: readonly DeliveryJob[]): string[] {
  const literal = (values: (string | number)[]) => `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  return [
    literal(jobs.map((job) => job.deliveryId)),
    literal(jobs.map((job) => job.eventId)),
    literal(jobs.map((job) => job.eventName)),
    literal(jobs.map((job) => job.endpoint)),
    literal(jobs.map((job) => job.body)),
    literal(jobs.map((job) => job.attempt)),
    literal(jobs.map((job) => job.key)),
    literal(jobs.map((job) => new Date(job.createdAt).toISOString())),
  ];
}

/**
 * Runs `sql` with `?` placeholders and string values in `ctx`. MikroORM's `execute`
 * inlines every value into the SQL text, which the server must then scan; on
 * MikroORM 6 knex sends them as bound parameters instead. MikroORM 7 (no knex) inlines.
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

/** The driver's table naming (schema-qualified, quoted), the same on MikroORM 6 and 7 though not public. */
interface TableNames {
  getTableName(meta: unknown, options: { schema?: string }): string;
}

/** MikroORM 6's SQL connections. */
interface KnexConnection {
  getKnex?(): { raw(sql: string, params: unknown[]): PromiseLike<unknown> & { transacting(ctx: unknown): PromiseLike<unknown> } };
}
