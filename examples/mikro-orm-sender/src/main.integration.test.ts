import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const server = 'postgres://postgres@127.0.0.1:5432';
const database = `example_mikro_orm_${process.pid}_${Date.now().toString(36)}`;

async function admin(sql: string) {
  const orm = await MikroORM.init({ clientUrl: `${server}/postgres`, entities: [], discovery: { warnWhenNoEntities: false } });
  try {
    await orm.em.getConnection().execute(sql);
  } finally {
    await orm.close();
  }
}

beforeAll(() => admin(`create database ${database}`));
afterAll(() => admin(`drop database if exists ${database} with (force)`));

it('runs end to end on Postgres when DATABASE_URL is set', { timeout: 30_000 }, async () => {
  const env = { ...process.env, DATABASE_URL: `${server}/${database}` };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { env, timeout: 25_000 });
  expect(stdout).toContain('receiver: verified order.updated {"status":{"old":"PENDING","new":"PAID"}}');
  expect(stdout).toContain('delivery log (in the database): 4 deliveries, 4 succeeded');
  expect(stdout).toContain('mikro-orm example ok');
});
