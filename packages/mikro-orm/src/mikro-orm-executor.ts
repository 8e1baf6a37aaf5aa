import { IsolationLevel, type EntityManager, type EntitySchema, type MikroORM, type Transaction } from '@mikro-orm/core';
import { WebhookError } from '@webhooks/core';
import { deflateCompression } from '@webhooks/core/node';
import { returnsRows, type SqlDialect, type SqlExecutor, type SqlResult, type SqlRunner, type WebhookTable } from '@webhooks/core/sql';
import { dialectOf } from './dialect.js';
import { WEBHOOK_ENTITIES } from './entities.js';

const executors = new WeakMap<MikroORM, SqlExecutor>();

/**
 * The shared webhook store's way into a MikroORM database, one per ORM: statements run on
 * the ORM's own connection pool, outside the application's unit of work and identity map,
 * with bound values.
 */
export function mikroOrmExecutor(orm: MikroORM): SqlExecutor {
  const existing = executors.get(orm);
  if (existing) return existing;
  const em = orm.em;
  const dialect = sqlDialect(dialectOf(em.getPlatform()));
  const tables = new Map<WebhookTable, string>();
  const table = (name: WebhookTable) => {
    let quoted = tables.get(name);
    if (!quoted) tables.set(name, (quoted = tableOf(em, WEBHOOK_ENTITIES[name])));
    return quoted;
  };
  // READ COMMITTED: MySQL's default (repeatable read) adds gap locks that make concurrent claims deadlock.
  const options = dialect === 'sqlite' ? {} : { isolationLevel: IsolationLevel.READ_COMMITTED };
  const executor: SqlExecutor = {
    dialect,
    table,
    ...(dialect === 'sqlite' ? {} : { compression: deflateCompression }),
    ...runnerOf(em),
    transaction: (work) => em.fork().transactional((tx) => work(runnerOf(em, tx.getTransactionContext())), options),
  };
  executors.set(orm, executor);
  return executor;
}

function sqlDialect(dialect: ReturnType<typeof dialectOf>): SqlDialect {
  if (dialect === 'sqlite' || dialect === 'postgres' || dialect === 'mysql') return dialect;
  throw new WebhookError('invalid_argument', '@webhooks/mikro-orm supports PostgreSQL, MySQL, MariaDB and SQLite drivers');
}

/** A webhook table's name as SQL (schema-qualified, quoted), the same on MikroORM 6 and 7. */
export function tableOf(em: EntityManager, entity: EntitySchema): string {
  // The driver's table naming is not public, but has the same shape on both versions.
  const driver = em.getDriver() as unknown as { getTableName(meta: unknown, options: { schema?: string }): string };
  return driver.getTableName(em.getMetadata(entity.meta.className), { schema: em.schema });
}

/**
 * Runs one statement with `?` placeholders in `ctx`. MikroORM's `execute` inlines every value
 * into the SQL text; on MikroORM 6, knex sends them as bound parameters instead (no escaping
 * of long bodies). MikroORM 7 has no knex and inlines.
 */
export async function execute(em: EntityManager, sql: string, params: readonly unknown[], ctx?: Transaction): Promise<SqlResult> {
  const method = returnsRows(sql) ? 'all' : 'run';
  const connection = em.getConnection() as unknown as KnexConnection;
  let result: unknown;
  if (typeof connection.getKnex === 'function') {
    const query = connection.getKnex().raw(sql, [...params]);
    if (ctx) query.transacting(ctx);
    result = connection.transformRawResult(await query, method);
  } else {
    result = await em.getConnection().execute(sql, [...params], method, ctx);
  }
  if (method === 'all') return { rows: result as Record<string, unknown>[], affected: 0 };
  return { rows: [], affected: Number((result as { affectedRows?: number }).affectedRows ?? 0) };
}

/** Statements through `em`'s connection, in `ctx` when given. */
export function runnerOf(em: EntityManager, ctx?: Transaction): SqlRunner {
  return { run: (sql, params = []) => execute(em, sql, params, ctx) };
}

/** MikroORM 6's SQL connections. */
export interface KnexConnection {
  getKnex?(): { raw(sql: string, params: unknown[]): PromiseLike<unknown> & { transacting(ctx: unknown): unknown } };
  transformRawResult(result: unknown, method: 'all' | 'run'): unknown;
}
