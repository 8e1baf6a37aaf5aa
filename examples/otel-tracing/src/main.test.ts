import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

it('prints one trace from the HTTP request to the receiver’s verification', { timeout: 60_000 }, async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { timeout: 55_000 });
  expect(stdout).toContain('otel example ok');
  const lines = stdout.split('\n');
  const request = lines.findIndex((line) => line.includes('POST /orders/:id/pay (server)'));
  expect(lines[request + 1]).toMatch(/^ {2}└─ webhooks\.plan \(producer\) webhooks\.event\.name=order\.paid webhooks\.endpoint\.count=1$/);
  expect(lines[request + 2]).toMatch(/^ {4}└─ webhooks\.attempt \(client\) .*http\.response\.status_code=204 .*webhooks\.attempt\.outcome=success link→webhooks\.plan$/);
  expect(lines[request + 3]).toMatch(/^ {6}└─ webhooks\.verify \(server\) .*webhooks\.verification\.result=verified$/);
  expect(stdout).toMatch(/webhooks\.relay \(producer\) messaging\.batch\.message_count=1 link→webhooks\.plan/);
});
