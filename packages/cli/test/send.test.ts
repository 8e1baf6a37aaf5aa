import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestReceiver, type TestWebhookReceiver } from '@webhooks/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, webhooks } from './support/run-webhooks.js';

const SECRET = 'send-test-secret-8e2a';
const dir = mkdtempSync(join(tmpdir(), 'webhooks-cli-send-'));
let receiver: TestWebhookReceiver | undefined;

beforeAll(requireBuild);
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('webhooks send', () => {
  it('sends a minimal sample event, signed like the real sender, and prints the answer', async () => {
    receiver = await createTestReceiver({ secret: SECRET, respond: () => ({ status: 202, body: 'queued' }) });
    const { code, stdout, stderr } = await webhooks(['send', 'order.paid', '--to', receiver.url, '--allow-private'], { env: { WEBHOOK_SECRET: SECRET } });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^← 202 {2}\d+ ms\nqueued\n$/);
    expect(stderr).toContain(`→ POST ${receiver.url}  order.paid  evt_`);
    const event = await receiver.expectWebhook('order.paid', { where: { model: { app: 'app', name: 'Order' }, object: { id: '1' } } });
    const [request] = receiver.requests;
    expect(request!.headers).toMatchObject({
      'x-webhook-event-id': event.id,
      'x-webhook-attempt': '1',
      'x-webhook-delivery-id': expect.stringMatching(/^dlv_/),
      'user-agent': expect.stringMatching(/^webhooks\/.+ \(\+@webhooks\/undici\)$/),
    });
  });

  it('builds the event from a JSON file, in the Standard Webhooks scheme', async () => {
    const secret = 'whsec_c2VuZC10ZXN0LXN0YW5kYXJk';
    receiver = await createTestReceiver({ secret });
    writeFileSync(join(dir, 'order.json'), JSON.stringify({ model: 'store.Order', object: { id: 42, status: 'PAID' }, changes: { status: { old: 'PENDING', new: 'PAID' } } }));
    const { code, stdout } = await webhooks(
      ['send', 'order.paid', '--to', receiver.url, '--allow-private', '--file', 'order.json', '--scheme', 'standard-webhooks', '--json'],
      { cwd: dir, env: { WEBHOOK_SECRET: secret } },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, status: 200, event: 'order.paid', url: receiver.url });
    await expect(receiver.expectWebhook('order.paid')).resolves.toMatchObject({
      model: { app: 'store', name: 'Order' },
      object: { id: '42', status: 'PAID' },
      changes: { status: { old: 'PENDING', new: 'PAID' } },
    });
  });

  it('refuses loopback addresses without --allow-private (the SSRF guard) and exits 1', async () => {
    receiver = await createTestReceiver({ secret: SECRET });
    const { code, stdout } = await webhooks(['send', 'order.paid', '--to', receiver.url], { env: { WEBHOOK_SECRET: SECRET } });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^✘ ssrf_blocked: .*\(pass --allow-private to send to this machine or a private network\)\n$/);
    expect(receiver.requests).toEqual([]);
  });

  it('exits 1 when the receiver answers with an error', async () => {
    receiver = await createTestReceiver({ secret: 'the-receivers-secret' });
    const { code, stdout } = await webhooks(['send', 'order.paid', '--to', receiver.url, '--allow-private'], { env: { WEBHOOK_SECRET: SECRET } });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^← 401 /);
    expect(stdout).toContain('no_matching_signature');
    expect(stdout).not.toContain(SECRET);
  });
});
