import type { SqlResult, SqlRunner } from '@webhooks/core/sql';
import { writes, type SqliteWriteLock } from './sqlite-write-lock.js';

/** The parts of a node-sqlite3 `Database` this uses. */
export interface Sqlite3Database {
  configure(option: 'busyTimeout', ms: number): void;
  all(sql: string, params: unknown[], callback: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(sql: string, params: unknown[], callback: (this: { changes: number }, err: Error | null) => void): void;
}

// How long a statement keeps trying while another connection holds the write lock.
const BUSY_GIVE_UP_MS = 30_000;

const isBusy = (error: unknown) => /SQLITE_BUSY|SQLITE_LOCKED/.test(String((error as { code?: string })?.code ?? (error as Error)?.message));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The webhook store's own connection to a SQLite file, used one statement or transaction at
 * a time. node-sqlite3 runs statements on libuv's thread pool, and a statement that waits in
 * SQLite's busy handler holds a pool thread while it sleeps; enough of those starve the
 * application's own COMMIT. So this connection never waits inside SQLite (busy timeout 0):
 * when the database is locked it retries from a timer, holding no thread, and the
 * application's transactions go first.
 */
export class SqliteConnection implements SqlRunner {
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly open: () => Promise<Sqlite3Database>,
    private readonly lock: SqliteWriteLock,
  ) {}

  run(sql: string, params: readonly unknown[] = []): Promise<SqlResult> {
    if (!writes(sql)) return this.#exclusive((db) => untilFree(() => statement(db, sql, params)));
    return this.#writing((db) => untilFree(() => statement(db, sql, params)));
  }

  /** Runs `work` between `BEGIN IMMEDIATE` and `COMMIT`; nothing else of this connection runs meanwhile. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.#writing(async (db) => {
      await untilFree(() => statement(db, 'BEGIN IMMEDIATE', []));
      try {
        const result = await work({ run: (sql, params = []) => untilFree(() => statement(db, sql, params)) });
        await untilFree(() => statement(db, 'COMMIT', []));
        return result;
      } catch (error) {
        await statement(db, 'ROLLBACK', []).catch(() => undefined);
        throw error;
      }
    });
  }

  #db: Promise<Sqlite3Database> | undefined;

  /** Takes this process's write turn (shared with the application's transactions) around `task`. */
  async #writing<T>(task: (db: Sqlite3Database) => Promise<T>): Promise<T> {
    const release = await this.lock.acquire(BUSY_GIVE_UP_MS);
    try {
      return await this.#exclusive(task);
    } finally {
      release();
    }
  }

  #exclusive<T>(task: (db: Sqlite3Database) => Promise<T>): Promise<T> {
    const result = this.#queue.then(async () => {
      this.#db ??= this.open().then((db) => {
        db.configure('busyTimeout', 0);
        return db;
      });
      return task(await this.#db);
    });
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function statement(db: Sqlite3Database, sql: string, params: readonly unknown[]): Promise<SqlResult> {
  return new Promise((resolve, reject) => {
    if (!writes(sql) || /\breturning\b/i.test(sql)) {
      db.all(sql, [...params], (err, rows) => (err ? reject(err) : resolve({ rows, affected: 0 })));
    } else {
      db.run(sql, [...params], function (err) {
        if (err) reject(err);
        else resolve({ rows: [], affected: this.changes });
      });
    }
  });
}

/** Runs `attempt` until the database is not locked by another connection, backing off from 1 to 50 ms. */
async function untilFree<T>(attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + BUSY_GIVE_UP_MS;
  for (let wait = 1; ; wait = Math.min(50, wait * 2)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() > deadline) throw error;
      await sleep(wait);
    }
  }
}
