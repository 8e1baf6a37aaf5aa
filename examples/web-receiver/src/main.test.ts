import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

it('verifies both schemes over node:http, deduplicates, and refuses wrong, stale or altered requests', { timeout: 30_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { timeout: 25_000 });
  expect(stdout).toMatch(/✔ POST \/webhooks +signed with the current secret +→ 204/);
  expect(stdout).toMatch(/✔ POST \/webhooks +signed with the previous secret +→ 204/);
  expect(stdout).toMatch(/✔ POST \/webhooks +redelivery of the first event +→ 200 duplicate/);
  expect(stdout).toMatch(/✔ POST \/webhooks +signed with a wrong secret +→ 401 no_matching_signature/);
  expect(stdout).toMatch(/✔ POST \/webhooks +signed ten minutes ago +→ 401 timestamp_too_old/);
  expect(stdout).toMatch(/✔ POST \/webhooks\/standard +Standard Webhooks, whsec_ secret +→ 204/);
  expect(stdout).toMatch(/✔ POST \/webhooks\/standard +Standard Webhooks, body changed +→ 401 no_matching_signature/);
  expect(stdout.match(/processed order\.paid/g)).toHaveLength(3);
  expect(stdout).toContain('web-receiver example ok');
});
