import type { SqlDialect } from './sql-executor.js';

/** `(?, ?, …)` for `count` values. */
export function placeholders(count: number): string {
  return `(${new Array<string>(count).fill('?').join(', ')})`;
}

/** Row locks a claim takes and other claimers step over; SQLite has one writer at a time instead. */
export function skipLocked(dialect: SqlDialect): string {
  return dialect === 'sqlite' ? '' : ' FOR UPDATE SKIP LOCKED';
}

/** Refers to a column of the proposed row, or of the row already there. */
export type Column = (column: string) => string;

/**
 * `INSERT … ON CONFLICT … DO UPDATE` in the dialect's words. `assignments` maps a column to
 * an expression of `proposed(col)` (the value being inserted) and `existing(col)` (the row
 * already there). With no assignments a conflict leaves the existing row as it is.
 */
export function upsertSql(
  dialect: SqlDialect,
  table: string,
  columns: readonly string[],
  key: string,
  assignments: Record<string, (proposed: Column, existing: Column) => string>,
): string {
  const values = placeholders(columns.length);
  const sets = (proposed: Column, existing: Column) =>
    Object.entries(assignments).map(([column, expression]) => `${column} = ${expression(proposed, existing)}`);
  if (dialect === 'mysql') {
    const assigned = sets((c) => `VALUES(${c})`, (c) => c);
    return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values} ON DUPLICATE KEY UPDATE ${assigned.length > 0 ? assigned.join(', ') : `${key} = ${key}`}`;
  }
  // Postgres finds a bare column name in DO UPDATE ambiguous: name the existing row.
  const assigned = sets((c) => `excluded.${c}`, (c) => `existing.${c}`);
  const action = assigned.length > 0 ? `DO UPDATE SET ${assigned.join(', ')}` : 'DO NOTHING';
  return `INSERT INTO ${table} AS existing (${columns.join(', ')}) VALUES ${values} ON CONFLICT (${key}) ${action}`;
}

/** Splits `items` into runs of at most `size`, for `IN (…)` lists that stay within every driver's limits. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Whether a statement hands back rows (a query, or a write with `RETURNING`): drivers run the two differently. */
export function returnsRows(sql: string): boolean {
  return /^\s*select\b|\breturning\b/i.test(sql);
}
