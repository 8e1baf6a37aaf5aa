import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

// The kit as users get it: the built package, imported by name, under runners other than vitest.
const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

beforeAll(() => {
  if (!existsSync(`${root}dist/index.js`)) throw new Error('packages/testing/dist is missing: run `pnpm build` first');
});

describe('the test kit under other runners', () => {
  it('passes a sender test and a receiver test under node:test (ESM)', async () => {
    const { stdout } = await run(process.execPath, ['--test', 'test/runners/node-test.test.mjs'], { cwd: root, timeout: 30_000 });
    expect(stdout).toMatch(/^# pass 2$/m);
    expect(stdout).toMatch(/^# fail 0$/m);
  });

  it('passes the same tests under jest (CommonJS)', async () => {
    const jest = `${root}node_modules/jest/bin/jest.js`;
    const { stderr } = await run(process.execPath, [jest, '--rootDir', 'test/runners', '--testMatch', '**/jest.test.cjs', '--ci'], {
      cwd: root,
      timeout: 60_000,
    });
    expect(stderr).toMatch(/Tests:\s+2 passed, 2 total/);
  });
});
