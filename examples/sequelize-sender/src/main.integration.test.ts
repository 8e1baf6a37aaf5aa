import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Sequelize } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const database = `example_${process.pid}_${Date.now().toString(36)}`;
const admin = () => new Sequelize('postgres://postgres@127.0.0.1:5432/postgres', { logging: false });

beforeAll(async () => {
  const sequelize = admin();
  await sequelize.query(`CREATE DATABASE ${database}`);
  await sequelize.close();
});
afterAll(async () => {
  const sequelize = admin();
  await sequelize.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await sequelize.close();
});

it('runs end to end on Postgres when DATABASE_URL is set', { timeout: 30_000 }, async () => {
  const env = { ...process.env, DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}` };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { env, timeout: 25_000 });
  expect(stdout).toContain('sequelize example ok');
});
