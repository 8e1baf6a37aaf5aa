import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';

const execute = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'example-mikro-orm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('runs end to end on SQLite, and again on the same file', { timeout: 45_000 }, async () => {
  const env = { ...process.env, SQLITE_FILE: join(dir, 'shop.sqlite') };
  for (const run of ['first', 'second']) {
    const { stdout } = await execute(process.execPath, ['--import', 'tsx', main], { env, timeout: 20_000 });
    expect(stdout, run).toContain('receiver: verified order.updated {"status":{"old":"PENDING","new":"PAID"}}');
    expect(stdout, run).toContain('"customerEmail":"***"');
    expect(stdout, run).toContain('delivery log (in the database): 4 deliveries, 4 succeeded');
    expect(stdout, run).toContain('mikro-orm example ok');
  }
});
