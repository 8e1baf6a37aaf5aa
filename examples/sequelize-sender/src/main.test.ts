import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'example-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs end to end on SQLite', { timeout: 30_000 }, async () => {
  const env = { ...process.env, SQLITE_FILE: join(dir, 'shop.sqlite') };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { env, timeout: 25_000 });
  expect(stdout).toContain('sequelize example ok');
  expect(stdout).toContain('receiver: verified order.updated {"status":{"old":"PENDING","new":"PAID"}}');
});
