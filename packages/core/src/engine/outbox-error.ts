import type { DeliveryJob } from './delivery-job.js';

/** What `outboxWriteError` needs to know about the failed write. */
export interface OutboxWriteFailure {
  /** The jobs the insert held: their payloads must not show in the error. */
  jobs: readonly DeliveryJob[];
  /** The outbox table, as the adapter names it in SQL. */
  table: string;
  /**
   * The end of the statement as the driver would quote it (`, 3, '2026-…')`), when the
   * adapter knows it: drivers that quote the statement write `<statement> - <reason>`.
   */
  statementEnd?: string;
}

/**
 * The error an ORM adapter throws when its outbox insert fails. Database drivers
 * quote the statement and its values in their errors (in the message, or as `sql`
 * and `parameters`), and the values are event payloads. This error keeps the
 * database's reason and code only: `could not write 3 webhook delivery jobs to
 * "webhook_outbox": relation "webhook_outbox" does not exist (42P01)`, with
 * `name` `WebhookOutboxError` and the driver's `code`.
 *
 * @example
 * try { await insert(jobs) } catch (err) { throw outboxWriteError(err, { jobs, table: 'webhook_outbox' }) }
 */
export function outboxWriteError(err: unknown, { jobs, table, statementEnd }: OutboxWriteFailure): Error {
  // Sequelize wraps the driver's error as `original`; MySQL and MariaDB drivers keep the bare reason in `sqlMessage`.
  const driver = (err ?? {}) as DriverError & { original?: DriverError };
  const sqlMessage = driver.sqlMessage ?? driver.original?.sqlMessage;
  const code = driver.code ?? driver.original?.code;
  let reason = typeof sqlMessage === 'string' ? sqlMessage : String(driver.message ?? err);
  if (statementEnd) {
    const marker = `${statementEnd} - `;
    const at = reason.lastIndexOf(marker);
    if (at >= 0) reason = reason.slice(at + marker.length);
  }
  // knex writes `<statement> - <reason>`; the statement may hold the payloads, the reason does not.
  if (quotesTheWrite(reason, jobs, statementEnd)) {
    const at = reason.lastIndexOf(' - ');
    if (at >= 0) reason = reason.slice(at + 3);
  }
  // Some drivers append the statement on a line of its own.
  if (quotesTheWrite(reason, jobs, statementEnd)) reason = reason.split('\n', 1)[0]!;
  if (quotesTheWrite(reason, jobs, statementEnd)) reason = 'the database refused the insert';
  const failure = new Error(`could not write ${jobs.length} webhook delivery jobs to ${table}: ${reason}${code === undefined ? '' : ` (${String(code)})`}`);
  failure.name = 'WebhookOutboxError';
  if (code !== undefined) Object.assign(failure, { code });
  return failure;
}

interface DriverError {
  message?: unknown;
  code?: unknown;
  sqlMessage?: unknown;
}

function quotesTheWrite(text: string, jobs: readonly DeliveryJob[], statementEnd: string | undefined): boolean {
  if (statementEnd && text.includes(statementEnd)) return true;
  return /\binsert\s+into\b/i.test(text) || jobs.some((job) => text.includes(job.deliveryId));
}
