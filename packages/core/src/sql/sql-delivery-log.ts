import type { DeliveryJob } from '../engine/delivery-job.js';
import type { ClaimedDelivery, DeliveryLeases, DeliveryLog, DeliveryQuery, DeliveryUpdate, Lease } from '../engine/ports.js';
import { ATTEMPT_COLUMNS, attemptValues, JOB_COLUMNS, jobValues, rowToAttempt, rowToJob, rowToRecord } from './delivery-rows.js';
import { chunks, placeholders, skipLocked, upsertSql, type Column } from './sql-dialect.js';
import type { SqlExecutor, SqlRunner } from './sql-executor.js';
import { emptyActivity } from '../engine/endpoint-activity.js';
import { GroupCommit } from './group-commit.js';
import { createSqlEndpointStates } from './sql-endpoint-states.js';

const LIVE = `state IN ('pending', 'retrying')`;
const STATE_COLUMNS = ['state', 'reason', 'updated_at', 'next_attempt_at', 'locked_by', 'locked_until'] as const;
const ROW_COLUMNS = [...JOB_COLUMNS, ...STATE_COLUMNS];
// Rows per multi-row insert: 16 values each, far below every driver's limit on bound values.
const ROWS_PER_INSERT = 100;

/**
 * The delivery log shared by the ORM adapters, over `webhook_deliveries`, `webhook_attempts`
 * and `webhook_endpoints`. Besides recording attempts it leases live deliveries (so one that
 * was in a dead process's memory is taken over by another) and keeps endpoint health where
 * every process sees it.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog: createSqlDeliveryLog(executor) });
 */
export function createSqlDeliveryLog(executor: SqlExecutor): DeliveryLog & Required<Pick<DeliveryLog, 'leases' | 'endpoints'>> {
  const deliveries = executor.table('deliveries');
  const attempts = executor.table('attempts');
  const { dialect } = executor;
    const updateStateSql =
    `UPDATE ${deliveries} SET attempt = ?, ${STATE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE delivery_id = ?`;
  const stateAssignments = Object.fromEntries(
    ['attempt', ...STATE_COLUMNS].map((column) => [column, (proposed: Column) => proposed(column)]),
  );
  const upsertRowSql = upsertSql(dialect, deliveries, ROW_COLUMNS, 'delivery_id', stateAssignments);

  const withAttempts = async (rows: Record<string, unknown>[]) => {
    if (rows.length === 0) return [];
    const byDelivery = new Map(rows.map((row) => [row.delivery_id as string, [] as ReturnType<typeof rowToAttempt>[]]));
    for (const ids of chunks([...byDelivery.keys()])) {
      const found = await executor.run(`SELECT * FROM ${attempts} WHERE delivery_id IN ${placeholders(ids.length)} ORDER BY id`, ids);
      for (const row of found.rows) byDelivery.get(row.delivery_id as string)?.push(rowToAttempt(row));
    }
    return rows.map((row) => rowToRecord(row, byDelivery.get(row.delivery_id as string)!));
  };

  const stateValues = (update: DeliveryUpdate): unknown[] => {
    const live = update.state === 'pending' || update.state === 'retrying';
    const next = live ? (update.attempt?.nextRetryAt ?? update.at) : null;
    return [update.state, update.reason ?? null, update.at, next, update.lease?.owner ?? null, update.lease?.until ?? null];
  };

  /** Inserts fresh deliveries as pending, leased to `lease.owner`. */
  const insertPending = async (jobs: readonly DeliveryJob[], lease: Lease, now: number) => {
    for (const batch of chunks(jobs, ROWS_PER_INSERT)) {
      const values = batch.flatMap((job) => [...jobValues(job), 'pending', null, now, now, lease.owner, lease.until]);
      const rows = new Array<string>(batch.length).fill(placeholders(ROW_COLUMNS.length)).join(', ');
      await executor.run(`INSERT INTO ${deliveries} (${ROW_COLUMNS.join(', ')}) VALUES ${rows}`, values);
    }
  };

  const admitOnce = async (jobs: readonly DeliveryJob[], lease: Lease, now: number, revive: boolean): Promise<DeliveryJob[]> => {
    const existing = new Map<string, Record<string, unknown>>();
    for (const ids of chunks(jobs.map((job) => job.deliveryId))) {
      const { rows } = await executor.run(
        `SELECT delivery_id, state, locked_by, locked_until FROM ${deliveries} WHERE delivery_id IN ${placeholders(ids.length)}`,
        ids,
      );
      for (const row of rows) existing.set(row.delivery_id as string, row);
    }
    const fresh = jobs.filter((job) => !existing.has(job.deliveryId));
    if (fresh.length > 0) await insertPending(fresh, lease, now);
    if (existing.size === 0) return jobs.slice();
    if (!revive) return fresh;
    const admitted = new Set(fresh.map((job) => job.deliveryId));
    for (const job of jobs) {
      if (!existing.has(job.deliveryId)) continue;
      // A replayed or re-enabled delivery becomes pending here, unless a live lease of another process covers it.
      const { affected } = await executor.run(
        `UPDATE ${deliveries} SET state = 'pending', attempt = ?, reason = NULL, updated_at = ?, next_attempt_at = ?, locked_by = ?, locked_until = ? ` +
          `WHERE delivery_id = ? AND NOT (${LIVE} AND COALESCE(locked_by, ?) <> ? AND COALESCE(locked_until, 0) > ?)`,
        [job.attempt, now, now, lease.owner, lease.until, job.deliveryId, lease.owner, lease.owner, now],
      );
      if (affected > 0) admitted.add(job.deliveryId);
    }
    return jobs.filter((job) => admitted.has(job.deliveryId));
  };

  const leases: DeliveryLeases = {
    async admit(jobs, lease, now, revive = false) {
      try {
        return await admitOnce(jobs, lease, now, revive);
      } catch (error) {
        // Another process inserted one of these deliveries between our look and our insert: look again.
        return admitOnce(jobs, lease, now, revive).catch(() => {
          throw error;
        });
      }
    },

    async claim(lease, now, limit) {
      const due = `${LIVE} AND (locked_until IS NULL OR locked_until < ?) AND next_attempt_at <= ?`;
      // A look without locks first: most sweeps find nothing and need no write.
      const probe = await executor.run(`SELECT delivery_id FROM ${deliveries} WHERE ${due} LIMIT 1`, [now, lease.until]);
      if (probe.rows.length === 0) return [];
      const pick = `SELECT delivery_id FROM ${deliveries} WHERE ${due} ORDER BY next_attempt_at LIMIT ?${skipLocked(dialect)}`;
      const take = `UPDATE ${deliveries} SET locked_by = ?, locked_until = CASE WHEN next_attempt_at > ? THEN next_attempt_at + ? ELSE ? END`;
      const takeParams = [lease.owner, now, lease.until - now, lease.until];
      const returned = `${JOB_COLUMNS.join(', ')}, state, next_attempt_at`;
      let rows: Record<string, unknown>[];
      if (dialect === 'mysql') {
        // No UPDATE … RETURNING: pick, take and read in one transaction.
        rows = await executor.transaction(async (tx) => {
          const picked = (await tx.run(pick, [now, lease.until, limit])).rows.map((row) => row.delivery_id);
          if (picked.length === 0) return [];
          const where = `WHERE delivery_id IN ${placeholders(picked.length)}`;
          await tx.run(`${take} ${where}`, [...takeParams, ...picked]);
          return (await tx.run(`SELECT ${returned} FROM ${deliveries} ${where}`, picked)).rows;
        });
      } else {
        // One statement: atomic on SQLite without holding its write lock across round trips.
        const taken = await executor.run(`${take} WHERE delivery_id IN (${pick}) RETURNING ${returned}`, [...takeParams, now, lease.until, limit]);
        rows = taken.rows;
      }
      return rows
        .map((row): ClaimedDelivery => {
          const job = rowToJob(row);
          // A retrying row holds the attempt that failed; the one to make is the next.
          if (row.state === 'retrying') job.attempt++;
          return { job, notBefore: Number(row.next_attempt_at) };
        })
        .sort((x, y) => x.notBefore - y.notBefore);
    },

    async renew(deliveryIds, lease) {
      for (const ids of chunks([...deliveryIds].sort())) {
        await executor.run(
          `UPDATE ${deliveries} SET locked_until = ? WHERE locked_by = ? AND ${LIVE} AND delivery_id IN ${placeholders(ids.length)}`,
          [lease.until, lease.owner, ...ids],
        );
      }
    },

    async release(deliveryIds, owner) {
      for (const ids of chunks([...deliveryIds].sort())) {
        await executor.run(
          `UPDATE ${deliveries} SET locked_by = NULL, locked_until = NULL WHERE locked_by = ? AND delivery_id IN ${placeholders(ids.length)}`,
          [owner, ...ids],
        );
      }
    },

    async resume(endpoints, now) {
      if (endpoints.length === 0) return 0;
      const where = `state = 'held' AND endpoint IN ${placeholders(endpoints.length)}`;
      const probe = await executor.run(`SELECT delivery_id FROM ${deliveries} WHERE ${where} LIMIT 1`, endpoints);
      if (probe.rows.length === 0) return 0;
      const { affected } = await executor.run(
        `UPDATE ${deliveries} SET state = 'pending', reason = NULL, locked_by = NULL, locked_until = NULL, next_attempt_at = ?, updated_at = ? WHERE ${where}`,
        [now, now, ...endpoints],
      );
      return affected;
    },
  };

  /** Writes updates in order: every attempt first, then each delivery's new state. */
  const write = async (runner: SqlRunner, updates: readonly DeliveryUpdate[]) => {
    // The attempts first: if the process dies before the states are written, the deliveries are still live and go again.
    const attemptRows = updates.filter((u) => u.attempt).map((u) => attemptValues(u.job.deliveryId, u.attempt!));
    for (const rows of chunks(attemptRows, ROWS_PER_INSERT)) {
      const values = new Array<string>(rows.length).fill(placeholders(ATTEMPT_COLUMNS.length)).join(', ');
      await runner.run(`INSERT INTO ${attempts} (${ATTEMPT_COLUMNS.join(', ')}) VALUES ${values}`, rows.flat());
    }
    // Rows in delivery-id order, as renewals and releases take them: concurrent writers never lock two rows in opposite orders (a stable sort keeps one delivery's updates in order).
    for (const update of [...updates].sort((a, b) => (a.job.deliveryId < b.job.deliveryId ? -1 : a.job.deliveryId > b.job.deliveryId ? 1 : 0))) {
      const state = stateValues(update);
      const { affected } = await runner.run(updateStateSql, [update.job.attempt, ...state, update.job.deliveryId]);
      // Not recorded before (a Kafka worker's first attempt): the whole row.
      if (affected === 0) await runner.run(upsertRowSql, [...jobValues(update.job), ...state]);
    }
  };
  // Records that arrive while a batch is written go together in the next one: one transaction (one
  // lock on SQLite, one commit elsewhere) for many attempts instead of two statements each.
  const recorder = new GroupCommit<DeliveryUpdate>((updates) =>
    dialect !== 'sqlite' && updates.length === 1 ? write(executor, updates) : executor.transaction((tx) => write(tx, updates)),
  );

  return {
    leases,
    endpoints: createSqlEndpointStates(executor),

    record: (update) => recorder.add(update),

    async get(deliveryId) {
      const { rows } = await executor.run(`SELECT * FROM ${deliveries} WHERE delivery_id = ?`, [deliveryId]);
      return (await withAttempts(rows))[0];
    },

    async find(query: DeliveryQuery) {
      const { where, params } = filters(query);
      if (query.before !== undefined) {
        where.push('delivery_id < ?');
        params.push(query.before);
      }
      const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
      const { rows } = await executor.run(`SELECT * FROM ${deliveries}${filter} ORDER BY delivery_id DESC LIMIT ?`, [...params, query.limit ?? 100]);
      return withAttempts(rows);
    },

    async count(query) {
      const { where, params } = filters(query);
      const filter = where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '';
      const { rows } = await executor.run(`SELECT COUNT(*) AS n FROM ${deliveries}${filter}`, params);
      return Number(rows[0]?.n ?? 0);
    },

    async endpointActivity({ endpoints, since }) {
      const byEndpoint = new Map(endpoints.map((endpoint) => [endpoint, emptyActivity(endpoint)]));
      for (const names of chunks([...byEndpoint.keys()])) {
        const among = `endpoint IN ${placeholders(names.length)}`;
        // Both read indexes only: (endpoint, state, …) for the backlog, attempts by start time for the recent ones.
        const backlog = await executor.run(
          `SELECT endpoint, state, COUNT(*) AS n FROM ${deliveries} WHERE ${among} AND state IN ('pending', 'retrying', 'held', 'dead') GROUP BY endpoint, state`,
          names,
        );
        for (const row of backlog.rows) byEndpoint.get(row.endpoint as string)![row.state as 'pending' | 'retrying' | 'held' | 'dead'] = Number(row.n);
        const recent = await executor.run(
          `SELECT d.endpoint AS endpoint, a.outcome AS outcome, COUNT(*) AS n FROM ${attempts} a JOIN ${deliveries} d ON d.delivery_id = a.delivery_id ` +
            `WHERE a.started_at >= ? AND d.${among} GROUP BY d.endpoint, a.outcome`,
          [since, ...names],
        );
        for (const row of recent.rows) {
          const activity = byEndpoint.get(row.endpoint as string)!;
          activity.attempts += Number(row.n);
          if (row.outcome === 'success') activity.attemptsSucceeded += Number(row.n);
        }
      }
      return [...byEndpoint.values()];
    },
  };
}

/** The WHERE conditions of a query's filters, with their values. */
function filters(query: Omit<DeliveryQuery, 'limit' | 'before'>): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (condition: string, ...values: unknown[]) => {
    where.push(condition);
    params.push(...values);
  };
  if (query.eventId !== undefined) add('event_id = ?', query.eventId);
  if (query.endpoint !== undefined) add('endpoint = ?', query.endpoint);
  if (query.eventName !== undefined) add('event_name = ?', query.eventName);
  if (query.since !== undefined) add('created_at >= ?', query.since);
  if (query.state !== undefined) {
    const states = [query.state].flat();
    add(`state IN ${placeholders(states.length)}`, ...states);
  }
  return { where, params };
}
