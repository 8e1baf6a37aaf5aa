import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

it('runs end to end on SQLite', async () => {
  const env = { ...process.env, SQLITE_FILE: join(mkdtempSync(join(tmpdir(), 'example-')), 'shop.sqlite') };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { env, timeout: 60_000 });
  expect(stdout).toContain('sequelize example ok');
  expect(stdout).toContain('receiver: verified order.updated {"status":{"old":"PENDING","new":"PAID"}}');
});
