import type { DeliveryJob } from '../engine/delivery-job.js';
import { outboxWriteError } from '../engine/outbox-error.js';
import type { SqlRunner } from './sql-executor.js';

// Above this many bytes of jobs, sending them as hex (twice the bytes) costs about what the
// saved round trip does (MariaDB, an undeflated 100-entity flush of ~31 KB: even), so the bound
// insert goes. Deflated texts (Postgres, MariaDB) rarely come near it.
const MAX_ONE_TRIP_BYTES = 32 * 1024;
// Set inside the MariaDB block just before its COMMIT, so a failure can be placed afterwards.
const STEP = '@webhooks_outbox_step';
const encoder = new TextEncoder();
const ascii = new TextDecoder();
// Each byte's two hex digits as one 16-bit unit, in the platform's byte order.
const HEX_PAIRS = new Uint16Array(256);
const pairBytes = new Uint8Array(HEX_PAIRS.buffer);
for (let byte = 0; byte < 256; byte++) {
  pairBytes[2 * byte] = '0123456789abcdef'.charCodeAt(byte >> 4);
  pairBytes[2 * byte + 1] = '0123456789abcdef'.charCodeAt(byte & 15);
}

/** One outbox row's values, as `createSqlOutbox` encodes them. */
export interface OutboxRowValues {
  jobs: string;
  jobCount: number;
  createdAt: number;
}

/**
 * The outbox insert and the application's COMMIT as one statement text, to send in
 * one round trip: a two-statement simple query on Postgres, an anonymous compound
 * statement on MariaDB. Values are inlined as hex literals of their UTF-8 bytes, so
 * no text can end the literal, whatever the server's quoting settings.
 */
export interface OutboxCommit {
  sql: string;
  jobs: readonly DeliveryJob[];
  /**
   * After `sql` failed with `err`: which part did, asked on the same connection, and the
   * error to throw. `insert`: the transaction is still open and the caller must roll it back;
   * the error is a `WebhookOutboxError`. `commit`: the transaction has ended (or the
   * connection is lost and its state unknown); the error is the driver's, its statement
   * shown as `commitText`, so it reads as the COMMIT alone would have and quotes no jobs.
   */
  failure(err: unknown, runner: SqlRunner, commitText: string): Promise<{ step: 'insert' | 'commit'; error: unknown }>;
}

/**
 * `INSERT … ; COMMIT` for `rows`, or undefined when they are too large to send this way,
 * or hold a NUL on Postgres (whose text has none: each driver's bound insert decides).
 */
export function outboxCommitSql(dialect: 'postgres' | 'mariadb', table: string, rows: readonly OutboxRowValues[]): string | undefined {
  let bytes = 0;
  const values: string[] = [];
  for (const row of rows) {
    if (dialect === 'postgres' && row.jobs.includes('\0')) return undefined;
    const utf8 = encoder.encode(row.jobs);
    if ((bytes += utf8.length) > MAX_ONE_TRIP_BYTES) return undefined;
    values.push(`(${literalOf(dialect, utf8)}, ${integer(row.jobCount)}, ${integer(row.createdAt)})`);
  }
  const insert = `INSERT INTO ${table} (jobs, job_count, created_at) VALUES ${values.join(', ')}`;
  if (dialect === 'postgres') return `${insert}; COMMIT`;
  return `BEGIN NOT ATOMIC SET ${STEP} = 0; ${insert}; SET ${STEP} = 1; COMMIT; END`;
}

/** `OutboxCommit.failure` for a statement of `outboxCommitSql`. */
export async function outboxCommitFailure(
  dialect: 'postgres' | 'mariadb',
  { sql, jobs, table }: { sql: string; jobs: readonly DeliveryJob[]; table: string },
  err: unknown,
  runner: SqlRunner,
  commitText: string,
): Promise<{ step: 'insert' | 'commit'; error: unknown }> {
  return (await failedStep(dialect, runner)) === 'insert'
    ? { step: 'insert', error: outboxWriteError(err, { jobs, table }) }
    : { step: 'commit', error: hideStatement(err, sql, commitText) };
}

/** Whether the insert or the COMMIT of a failed `outboxCommitSql` statement failed, asked on its connection. */
async function failedStep(dialect: 'postgres' | 'mariadb', runner: SqlRunner): Promise<'insert' | 'commit'> {
  try {
    if (dialect === 'mariadb') {
      // The step alone could be left from an earlier commit on this connection if the block failed before setting it.
      const { rows } = await runner.run(`SELECT ${STEP} AS step, @@in_transaction AS open`);
      return String(rows[0]?.step) === '1' && String(rows[0]?.open) === '0' ? 'commit' : 'insert';
    }
    // A failed insert leaves the transaction open and aborted; after COMMIT there is none.
    await runner.run('SELECT 1 AS open');
    return 'commit';
  } catch (err) {
    return codeOf(err) === '25P02' ? 'insert' : 'commit';
  }
}

/**
 * A text as SQL, from the hex of its UTF-8 bytes: only `[0-9a-f]` sits between the
 * quotes, whatever the text holds.
 */
export function textLiteral(dialect: 'postgres' | 'mariadb', text: string): string {
  return literalOf(dialect, encoder.encode(text));
}

function literalOf(dialect: 'postgres' | 'mariadb', utf8: Uint8Array): string {
  const hex = hexOf(utf8);
  return dialect === 'postgres' ? `convert_from(decode('${hex}', 'hex'), 'UTF8')` : `_utf8mb4 X'${hex}'`;
}

/**
 * Replaces the statement in an error's text (drivers quote it in `message` and `sql`,
 * whole or cut short) by `shownAs`, so a failed COMMIT reads as it would have alone
 * and never quotes the jobs.
 */
export function hideStatement(err: unknown, sql: string, shownAs: string): unknown {
  const head = sql.slice(0, 32);
  const seen = new Set<object>();
  for (let e = err as Record<string, unknown> | undefined; e && typeof e === 'object' && !seen.has(e); ) {
    seen.add(e);
    for (const key of ['message', 'sql', 'text', 'stack']) {
      const value = e[key];
      if (typeof value === 'string' && value.includes(head)) e[key] = replaceQuoted(value, sql, head, shownAs);
    }
    e = (e.original ?? e.parent ?? e.cause) as Record<string, unknown> | undefined;
  }
  return err;
}

function replaceQuoted(text: string, sql: string, head: string, shownAs: string): string {
  let out = text;
  for (let at = out.indexOf(head); at >= 0; at = out.indexOf(head, at + shownAs.length)) {
    let length = head.length;
    while (length < sql.length && out[at + length] === sql[length]) length++;
    // A quote cut short ends in `...`.
    if (length < sql.length && out.startsWith('...', at + length)) length += 3;
    out = out.slice(0, at) + shownAs + out.slice(at + length);
  }
  return out;
}

function hexOf(bytes: Uint8Array): string {
  const out = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = HEX_PAIRS[bytes[i]!]!;
  return ascii.decode(out);
}

function integer(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`outbox values must be integers, got ${value}`);
  return String(value);
}

function codeOf(err: unknown): unknown {
  const e = (err ?? {}) as { code?: unknown; original?: { code?: unknown }; parent?: { code?: unknown } };
  return e.code ?? e.original?.code ?? e.parent?.code;
}

/** Whether a MySQL-family server is MariaDB, the one that runs a COMMIT inside an anonymous block. */
export async function isMariaDb(runner: SqlRunner): Promise<boolean> {
  const { rows } = await runner.run('SELECT VERSION() AS version');
  return /mariadb/i.test(String(rows[0]?.version ?? ''));
}
