import type { Sequelize } from 'sequelize';

/**
 * This process's writers to one SQLite database, one at a time, waiting in a JavaScript
 * queue. node-sqlite3 runs each statement on libuv's thread pool, and a statement that
 * waits in SQLite's busy handler sleeps on a pool thread: a few waiting writers take every
 * thread, and the one holding the lock gets none for its COMMIT. Writers that wait here
 * hold no thread, and the next one starts the moment the lock is free.
 */
export class SqliteWriteLock {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves with the release once this writer's turn comes; fails like SQLite after `timeoutMs`. */
  acquire(timeoutMs: number): Promise<() => void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve(this.#release());
    }
    return new Promise((resolve, reject) => {
      const turn = () => {
        clearTimeout(timer);
        resolve(this.#release());
      };
      const timer = setTimeout(() => {
        const at = this.#waiting.indexOf(turn);
        if (at >= 0) this.#waiting.splice(at, 1);
        reject(Object.assign(new Error(`SQLITE_BUSY: database is locked (waited ${timeoutMs} ms for this process's other writers)`), { code: 'SQLITE_BUSY' }));
      }, timeoutMs);
      this.#waiting.push(turn);
    });
  }

  #release(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.#waiting.shift();
      if (next) next();
      else this.#held = false;
    };
  }
}

const locks = new WeakMap<Sequelize, SqliteWriteLock>();

/** The write lock of one Sequelize SQLite database, shared by the application's transactions and the webhook store. */
export function writeLockOf(sequelize: Sequelize): SqliteWriteLock {
  let lock = locks.get(sequelize);
  if (!lock) locks.set(sequelize, (lock = new SqliteWriteLock()));
  return lock;
}

/** Whether a statement may write: anything but a plain query. */
export function writes(sql: string): boolean {
  return !/^\s*(select|pragma|explain)\b/i.test(sql);
}
