// Server time of the dashboard's pages over 1 000 000 delivery-log rows on Postgres: the time from a
// Request to the last byte of its Response body, through Sequelize's delivery log. A benchmark, not a test.
// Run: pnpm --filter @webhooks/dashboard bench   (Postgres on 127.0.0.1:5432, user postgres, trust auth)
// The rows are made once in the database `webhooks_dashboard_bench` and kept; BENCH_FRESH=1 makes them again.
// --smoke: 2 000 rows in `webhooks_dashboard_bench_smoke`, two requests per page, to check that it still runs.
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { QueryTypes, Sequelize } from 'sequelize';
import { createDashboardHandler } from '../src/index.js';

const smoke = process.argv.includes('--smoke');
const ROWS = smoke ? 2_000 : Number(process.env.BENCH_ROWS ?? 1_000_000);
const DATABASE = smoke ? 'webhooks_dashboard_bench_smoke' : 'webhooks_dashboard_bench';
const RUNS = smoke ? 2 : 30;
const WARM_UP = smoke ? 1 : 5;
const server = { dialect: 'postgres' as const, host: '127.0.0.1', port: 5432, username: 'postgres', logging: false };
const ENDPOINTS = ['billing', 'crm', 'warehouse', 'analytics', 'legacy', 'search', 'audit', 'partner'];

async function ensureDatabase(): Promise<Sequelize> {
  const admin = new Sequelize({ ...server, database: 'postgres' });
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = '${DATABASE}'`, { type: QueryTypes.SELECT });
  if (exists.length > 0 && process.env.BENCH_FRESH) await admin.query(`DROP DATABASE ${DATABASE} WITH (FORCE)`);
  if (exists.length === 0 || process.env.BENCH_FRESH) await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.close();
  const sequelize = new Sequelize({ ...server, database: DATABASE });
  defineWebhookModels(sequelize); // the tables and indexes both ORM adapters create
  await sequelize.sync();
  return sequelize;
}

/**
 * A month of traffic: one delivery every ~2.6 s over eight endpoints of very different sizes (40 % to
 * 0.1 %), thirteen event names (one at 0.2 %), 2 % dead overall and 30 % of one endpoint's, a few
 * retrying, the newest of one endpoint held, the last 200 pending; one attempt each, two for the dead.
 */
async function fill(sequelize: Sequelize): Promise<void> {
  const [row] = await sequelize.query<{ n: string }>('SELECT COUNT(*) AS n FROM webhook_deliveries', { type: QueryTypes.SELECT });
  if (Number(row?.n) === ROWS) return;
  console.log(`filling ${ROWS} deliveries (once; kept in ${DATABASE})…`);
  const started = performance.now();
  await sequelize.query('TRUNCATE webhook_deliveries, webhook_attempts');
  const now = Date.now();
  await sequelize.query(`
    INSERT INTO webhook_deliveries (delivery_id, event_id, event_name, endpoint, body, job_key, attempt, created_at, state, reason, updated_at, next_attempt_at, locked_by, locked_until)
    SELECT 'dlv_' || lpad(i::text, 26, '0'), 'evt_' || lpad((i / 3)::text, 26, '0'), event_name, endpoint,
      format('{"id":"evt_%s","event":"%s","timestamp":"2026-11-04T10:00:00Z","model":{"app":"shop","name":"Order"},"object":{"id":"%s","total":"150.00","status":"PAID","customer":{"id":"%s","name":"Ann Lee","email":"***"},"items":[{"sku":"CHAIR-9","qty":4},{"sku":"DESK-2","qty":1}]},"changes":{"status":{"old":"PENDING","new":"PAID"}},"user":{"id":"1","username":"admin"}}', i / 3, event_name, i, i % 5000),
      endpoint || ':shop.Order:' || i, CASE WHEN state = 'dead' THEN 2 ELSE 1 END, created_at, state,
      CASE WHEN state = 'dead' THEN 'HTTP 500' WHEN state = 'held' THEN 'endpoint disabled' END, created_at + 400,
      CASE WHEN state IN ('pending', 'retrying') THEN created_at END, NULL, NULL
    FROM (
      SELECT i, created_at, endpoint,
        CASE WHEN e % 500 = 7 THEN 'customer.deleted' ELSE (ARRAY['order.paid','order.created','order.updated','order.shipped','order.refunded','customer.created','customer.updated','invoice.sent','invoice.paid','refund.created','cart.abandoned','subscription.renewed'])[(1 + h % 12)::int] END AS event_name,
        CASE WHEN i > ${ROWS} - 200 THEN 'pending'
             WHEN endpoint = 'analytics' AND i > ${ROWS} - 20000 THEN 'held'
             WHEN (endpoint = 'legacy' AND h < 3000) OR h < 150 THEN 'dead'
             WHEN h < 155 THEN 'retrying'
             ELSE 'succeeded' END AS state
      FROM (
        SELECT i, ${now}::bigint - (${ROWS} - i)::bigint * 2600 AS created_at, i::bigint * 2654435761 % 10007 AS h, i::bigint * 40503 % 1009 AS e,
          CASE WHEN i::bigint * 40503 % 1009 < 404 THEN 'billing' WHEN i::bigint * 40503 % 1009 < 656 THEN 'crm'
               WHEN i::bigint * 40503 % 1009 < 807 THEN 'warehouse' WHEN i::bigint * 40503 % 1009 < 908 THEN 'analytics'
               WHEN i::bigint * 40503 % 1009 < 958 THEN 'legacy' WHEN i::bigint * 40503 % 1009 < 988 THEN 'search'
               WHEN i::bigint * 40503 % 1009 < 998 THEN 'audit' ELSE 'partner' END AS endpoint
        FROM generate_series(1, ${ROWS}) AS i
      ) AS base
    ) AS rows`);
  await sequelize.query(`
    INSERT INTO webhook_attempts (delivery_id, attempt, started_at, duration_ms, outcome, status, reason, error, response_body, next_retry_at, source)
    SELECT delivery_id, n, created_at + n * 100, 40 + (created_at % 200)::int,
      CASE WHEN state = 'succeeded' THEN 'success' WHEN n = 1 AND state <> 'succeeded' AND attempt = 2 THEN 'retry' ELSE 'failed' END,
      CASE WHEN state = 'succeeded' THEN 200 ELSE 500 END, CASE WHEN state = 'succeeded' THEN 'HTTP 200' ELSE 'HTTP 500' END,
      NULL, CASE WHEN state = 'succeeded' THEN '{"received":true}' ELSE 'Internal Server Error' END, NULL, NULL
    FROM webhook_deliveries, generate_series(1, attempt) AS n
    WHERE state IN ('succeeded', 'dead', 'retrying')`);
  await sequelize.query('VACUUM ANALYZE webhook_deliveries');
  await sequelize.query('VACUUM ANALYZE webhook_attempts');
  console.log(`filled in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

const sequelize = await ensureDatabase();
await fill(sequelize);
const webhooks = createWebhooks(
  { endpoints: ENDPOINTS.map((name) => ({ name, url: `https://${name}.example.com/hooks`, secret: `${name}-secret` })) },
  { transport: createMemoryTransport(), deliveryLog: createSequelizeDeliveryLog(sequelize), worker: false },
);
const dashboard = createDashboardHandler({ webhooks, authorize: () => true });
const log = webhooks.deliveryLog;
const middle = (await log.find({ endpoint: 'legacy', state: 'dead', limit: 1, before: `dlv_${String(ROWS / 2).padStart(26, '0')}` }))[0]!;
const pages: [string, string][] = [
  ['deliveries, no filter', '/'],
  ['state = dead (2.6 %)', '/?state=dead'],
  ['state = held (one endpoint, newest)', '/?state=held'],
  ['state = retrying (0.05 %)', '/?state=retrying'],
  ['endpoint = billing (40 %)', '/?endpoint=billing'],
  ['endpoint = partner (0.1 %)', '/?endpoint=partner'],
  ['endpoint = legacy, state = dead', '/?endpoint=legacy&state=dead'],
  ['event = customer.deleted (0.2 %)', '/?event=customer.deleted'],
  ['event + endpoint + state', '/?event=order.paid&endpoint=crm&state=dead'],
  ['state = dead, page at the middle (cursor)', `/?state=dead&before=${middle.job.deliveryId}`],
  ['search: event id', `/?q=${middle.job.eventId}`],
  ['search: delivery id', `/?q=${middle.job.deliveryId}`],
  ['one delivery', `/deliveries/${middle.job.deliveryId}`],
  ['endpoints (backlog, last hour)', '/endpoints'],
  ['replay dead: count first (legacy)', '/endpoints/legacy/replay-dead'],
];

console.log(`\n${ROWS} deliveries on Postgres; ${RUNS} requests per page after ${WARM_UP} warm-up ones; ms of server time\n`);
const rows: Record<string, unknown>[] = [];
for (const [name, path] of pages) {
  const time = async () => {
    const started = performance.now();
    const response = await dashboard(new Request(`http://bench.local${path}`));
    await response.text();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UP; i++) await time();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) samples.push(await time());
  const { median, p95, max } = stats(samples);
  rows.push({ page: name, median: median.toFixed(1), p95: p95.toFixed(1), max: max.toFixed(1) });
}
console.table(rows);
await webhooks.close();
await sequelize.close();
