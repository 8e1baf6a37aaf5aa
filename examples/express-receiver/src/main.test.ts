import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

it('accepts both rotation secrets, acknowledges a redelivery once, and refuses a wrong or stale signature', { timeout: 30_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { timeout: 25_000 });
  expect(stdout).toMatch(/✔ signed with the current secret +→ 204/);
  expect(stdout).toMatch(/✔ signed with the previous secret +→ 204/);
  expect(stdout).toMatch(/✔ redelivery of the first event +→ 200 duplicate/);
  expect(stdout).toMatch(/✔ signed with a wrong secret +→ 401 no_matching_signature/);
  expect(stdout).toMatch(/✔ signed ten minutes ago +→ 401 timestamp_too_old/);
  expect(stdout.match(/queue: processed/g)).toHaveLength(2);
  expect(stdout).toContain('express-receiver example ok');
});
