import type { EndpointStates } from '../engine/endpoint-states.js';
import { rowToEndpointStatus } from './delivery-rows.js';
import { upsertSql, type Column } from './sql-dialect.js';
import type { SqlExecutor } from './sql-executor.js';

const COLUMNS = ['name', 'state', 'consecutive_failures', 'reason', 'disabled_at', 'updated_at'];

/**
 * Endpoint health in `webhook_endpoints`: every process that shares the table counts
 * failures into the same row and sees the same disabled state, across restarts.
 */
export function createSqlEndpointStates(executor: SqlExecutor): EndpointStates {
  const table = executor.table('endpoints');
  const { dialect } = executor;
  const countFailureSql = upsertSql(dialect, table, COLUMNS, 'name', {
    consecutive_failures: (_, existing) => `${existing('consecutive_failures')} + 1`,
    updated_at: (proposed) => proposed('updated_at'),
  });
  const ensureSql = upsertSql(dialect, table, COLUMNS, 'name', {});
  const enableSql = upsertSql(dialect, table, COLUMNS, 'name', Object.fromEntries(COLUMNS.slice(1).map((c) => [c, (proposed: Column) => proposed(c)])));

  const read = async (name: string) => {
    const { rows } = await executor.run(`SELECT * FROM ${table} WHERE name = ?`, [name]);
    return rowToEndpointStatus(rows[0]!);
  };

  return {
    async list() {
      const { rows } = await executor.run(`SELECT * FROM ${table} ORDER BY name`);
      return rows.map(rowToEndpointStatus);
    },
    async failed(name, now) {
      await executor.run(countFailureSql, [name, 'active', 1, null, null, now]);
      return read(name);
    },
    async succeeded(name) {
      await executor.run(`UPDATE ${table} SET consecutive_failures = 0 WHERE name = ?`, [name]);
    },
    async disable(name, reason, now) {
      await executor.run(ensureSql, [name, 'active', 0, null, null, now]);
      const { affected } = await executor.run(
        `UPDATE ${table} SET state = 'disabled', reason = ?, disabled_at = ?, updated_at = ? WHERE name = ? AND state <> 'disabled'`,
        [reason, now, now, name],
      );
      return affected > 0;
    },
    async enable(name) {
      await executor.run(enableSql, [name, 'active', 0, null, null, Date.now()]);
    },
  };
}
