import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createEvent, verifySignature } from '@webhooks/core';
import { createTestReceiver } from '@webhooks/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, requireBuild, webhooks } from './support/run-webhooks.js';

const SECRET = 'cli-test-secret-5d1f';
const STANDARD_SECRET = 'whsec_Y2xpLXRlc3Qtc3RhbmRhcmQtc2VjcmV0';
const dir = mkdtempSync(join(tmpdir(), 'webhooks-cli-'));
const body = JSON.stringify(createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 42, total: '150.00' } }));
const eventId = (JSON.parse(body) as { id: string }).id;
writeFileSync(join(dir, 'body.json'), body);

beforeAll(requireBuild);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const headerLines = (stdout: string) =>
  Object.fromEntries(stdout.trim().split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));

describe('webhooks sign', () => {
  it('prints headers that verify, with the secret from WEBHOOK_SECRET', async () => {
    const { code, stdout } = await webhooks(['sign', '--file', 'body.json'], { cwd: dir, env: { WEBHOOK_SECRET: SECRET } });
    expect(code).toBe(0);
    const headers = headerLines(stdout);
    expect(headers).toMatchObject({ 'Content-Type': 'application/json', 'X-Webhook-Event-Id': eventId });
    await expect(verifySignature(headers, body, { secret: SECRET })).resolves.toMatchObject({ scheme: 'hmac-sha256' });
    expect(stdout).not.toContain(SECRET);
  });

  it('signs stdin with the Standard Webhooks scheme', async () => {
    const { code, stdout } = await webhooks(['sign', '--scheme', 'standard-webhooks', '--json'], { input: body, env: { WEBHOOK_SECRET: STANDARD_SECRET } });
    expect(code).toBe(0);
    const { headers } = JSON.parse(stdout) as { headers: Record<string, string> };
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    await expect(verifySignature(headers, body, { secret: STANDARD_SECRET, scheme: 'standard-webhooks' })).resolves.toBeDefined();
  });

  it('prints a curl command that a real receiver verifies', async () => {
    const receiver = await createTestReceiver({ secret: SECRET });
    try {
      const { code, stdout } = await webhooks(['sign', '--file', 'body.json', '--curl', receiver.url], { cwd: dir, env: { WEBHOOK_SECRET: SECRET } });
      expect(code).toBe(0);
      expect(stdout).toMatch(/^curl -sS -X POST http:\/\/127\.0\.0\.1:\d+\/webhooks -H 'Content-Type: application\/json' .* --data-binary @body\.json\n$/);
      expect(stdout).not.toContain(SECRET);
      await promisify(execFile)('sh', ['-c', stdout], { cwd: dir });
      const event = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } } });
      expect(event.id).toBe(eventId);
    } finally {
      await receiver.close();
    }
  });

  it('takes the secret of an endpoint in the config file', async () => {
    const { code, stdout } = await webhooks(['sign', '--endpoint', 'crm', '--file', join(dir, 'body.json')], { cwd: join(FIXTURES, 'discover') });
    expect(code).toBe(0);
    await expect(verifySignature(headerLines(stdout), body, { secret: 'from-config-secret' })).resolves.toBeDefined();
  });

  it('exits 2 when there is no secret, or the body has no id', async () => {
    const noSecret = await webhooks(['sign', '--file', 'body.json'], { cwd: dir });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain('no secret: set WEBHOOK_SECRET, or pass --secret');
    const noId = await webhooks(['sign', '--secret', SECRET], { input: '{"event":"order.paid"}' });
    expect(noId.code).toBe(2);
    expect(noId.stderr).toContain('the body has no string "id": pass --id <eventId>');
    expect(noId.stderr).not.toContain(SECRET);
  });
});

describe('webhooks verify', () => {
  const signed = async (secret: string, scheme = 'hmac-sha256') =>
    headerLines((await webhooks(['sign', '--file', 'body.json', '--scheme', scheme], { cwd: dir, env: { WEBHOOK_SECRET: secret } })).stdout);
  const asOptions = (headers: Record<string, string>) => Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);

  it('says valid and exits 0 for a correctly signed request', async () => {
    const { code, stdout } = await webhooks(['verify', '--file', 'body.json', ...asOptions(await signed(SECRET))], { cwd: dir, env: { WEBHOOK_SECRET: SECRET } });
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^✔ valid {2}order\\.paid {2}${eventId} {2}\\(hmac-sha256, signed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ\\)\\n$`));
  });

  it('detects the Standard Webhooks scheme from the headers', async () => {
    const headers = await signed(STANDARD_SECRET, 'standard-webhooks');
    const { code, stdout } = await webhooks(['verify', '--json', ...asOptions(headers)], { input: body, env: { WEBHOOK_SECRET: STANDARD_SECRET } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ valid: true, scheme: 'standard-webhooks', event: 'order.paid', id: eventId });
  });

  it('says why not and exits 1 for a wrong secret, a changed body or a stale timestamp', async () => {
    const headers = await signed(SECRET);
    const wrong = await webhooks(['verify', '--file', 'body.json', ...asOptions(headers)], { cwd: dir, env: { WEBHOOK_SECRET: 'another-secret' } });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe('✘ invalid  no_matching_signature: X-Webhook-Signature does not match the body for any secret\n');
    expect(wrong.stdout + wrong.stderr).not.toContain('another-secret');

    const changed = await webhooks(['verify', ...asOptions(headers)], { input: body.replace('150.00', '1.00'), env: { WEBHOOK_SECRET: SECRET } });
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('no_matching_signature');

    const stale = { ...headers, 'X-Webhook-Timestamp': String(Number(headers['X-Webhook-Timestamp']) - 3600) };
    const old = await webhooks(['verify', '--json', ...asOptions(stale)], { input: body, env: { WEBHOOK_SECRET: SECRET } });
    expect(old.code).toBe(1);
    expect(JSON.parse(old.stdout)).toEqual({ valid: false, scheme: 'hmac-sha256', code: 'timestamp_too_old', reason: 'timestamp is more than 300s in the past' });
  });

  it('exits 1 when a header is missing', async () => {
    const { code, stdout } = await webhooks(['verify', '--secret', SECRET, '-H', `X-Webhook-Event-Id: ${eventId}`], { input: body });
    expect(code).toBe(1);
    expect(stdout).toContain('missing_header: X-Webhook-Signature header is missing');
  });
});
