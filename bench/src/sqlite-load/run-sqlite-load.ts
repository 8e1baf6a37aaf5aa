// The harness both ORM adapters' `bench:sqlite` share: application writers committing in a loop on
// one SQLite file, beside the same writers with webhooks delivered to two loopback endpoints and
// logged in that file. It prints commit latency side by side, how many deliveries kept up while
// the writers ran, and how long the rest took to drain once they stopped.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One transaction of one writer; throw `RolledBack` to roll it back on purpose. */
export type Transact = (writer: number, n: number, rollback: boolean) => Promise<void>;

/** A database opened for one variant; `close` releases it (and its webhooks, if any). */
export interface LoadVariant {
  transact: Transact;
  /** Deliveries each committed transaction should cause; 0 without webhooks. */
  deliveriesPerCommit: number;
  close(): Promise<void>;
}

export interface SqliteLoadOptions {
  /** `MikroORM`, `Sequelize`: the heading. */
  orm: string;
  /** Each variant opens its own fresh database; `receiverUrl` is where webhooks go. */
  variants: {
    name: string;
    open(receiverUrl: string): Promise<LoadVariant>;
    /** The ORM's untuned defaults: their errors are printed, as what the tuning fixes, not failed on. */
    errorsExpected?: boolean;
  }[];
  /** Which variant is the baseline for the p99 ratio, and which has webhooks. */
  baseline: string;
  measured: string;
}

/** Thrown inside a transaction to roll it back on purpose. */
export class RolledBack extends Error {}

const smoke = process.argv.includes('--smoke');
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 30);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const DRAIN_LIMIT_MS = 300_000;

interface Outcome {
  name: string;
  commits: number;
  rollbacks: number;
  errors: string[];
  latencies: number[];
  expected: number;
  duringWrites: number;
  delivered: number;
  drainSeconds: number;
}

async function run(name: string, open: (url: string) => Promise<LoadVariant>): Promise<Outcome> {
  let delivered = 0;
  const receiver = createServer((request, response) => {
    request.resume().on('end', () => {
      delivered++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const variant = await open(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}`);
  const outcome: Outcome = { name, commits: 0, rollbacks: 0, errors: [], latencies: [], expected: 0, duringWrites: 0, delivered: 0, drainSeconds: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  const writer = async (w: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const started = performance.now();
      try {
        await variant.transact(w, n, n % 4 === 3);
        outcome.commits++;
        outcome.latencies.push(performance.now() - started);
      } catch (error) {
        if (error instanceof RolledBack) outcome.rollbacks++;
        else outcome.errors.push((error as Error).message);
      }
      // Between transactions, let the event loop poll I/O, as an application serving requests does. With a
      // synchronous driver (better-sqlite3) a loop of awaits never leaves the microtask queue otherwise, so
      // no socket (the deliveries', or the application's own) is served until the loop ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  outcome.duringWrites = delivered;
  outcome.expected = outcome.commits * variant.deliveriesPerCommit;
  const stopped = Date.now();
  while (delivered < outcome.expected && Date.now() - stopped < DRAIN_LIMIT_MS) await new Promise((resolve) => setTimeout(resolve, 50));
  outcome.drainSeconds = (Date.now() - stopped) / 1000;
  outcome.delivered = delivered;
  await variant.close();
  receiver.close();
  return outcome;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

/** Runs every variant in turn, prints the table and the ratio, and exits 1 on an error or a missing delivery. */
export async function runSqliteLoad(options: SqliteLoadOptions): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const variant of options.variants) outcomes.push(await run(variant.name, variant.open));
  console.log(`${options.orm}: ${WRITERS} writers for ${SECONDS} s on one SQLite file; each commit: create + update + a custom event`);
  console.table(
    outcomes.map((o) => ({
      variant: o.name,
      commits: o.commits,
      'rolled back': o.rollbacks,
      'transaction errors': o.errors.length,
      'p50 commit ms': Number(percentile(o.latencies, 50).toFixed(1)),
      'p99 commit ms': Number(percentile(o.latencies, 99).toFixed(1)),
      'delivered while writing': o.expected ? `${o.duringWrites} of ${o.expected}` : '-',
      'drained after s': o.expected ? Number(o.drainSeconds.toFixed(1)) : '-',
    })),
  );
  const byName = (name: string) => outcomes.find((o) => o.name === name)!;
  const ratio = percentile(byName(options.measured).latencies, 99) / percentile(byName(options.baseline).latencies, 99);
  console.log(`p99 commit, ${options.measured} / ${options.baseline}: ${ratio.toFixed(2)}`);
  let failed = false;
  for (const [i, o] of outcomes.entries()) {
    for (const message of new Set(o.errors)) console.log(`${o.name}, error: ${message}`);
    if ((o.errors.length > 0 && !options.variants[i]!.errorsExpected) || o.delivered < o.expected) {
      console.error(`FAILED (${o.name}): ${o.errors.length} transaction errors; ${o.delivered} of ${o.expected} deliveries`);
      failed = true;
    }
  }
  if (failed) process.exit(1);
}
