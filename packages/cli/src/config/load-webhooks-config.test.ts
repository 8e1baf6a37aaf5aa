import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadWebhooksConfig } from './load-webhooks-config.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

describe('loadWebhooksConfig', () => {
  it('finds webhooks.config.* in cwd and returns its configuration', async () => {
    const loaded = await loadWebhooksConfig({ cwd: `${fixtures}discover` });
    expect(loaded.file).toBe(`${fixtures}discover/webhooks.config.mjs`);
    expect(loaded.hasFactory).toBe(false);
    expect(loaded.config!.endpoints.map((e) => e.name)).toEqual(['crm']);
    await expect(loaded.open()).rejects.toMatchObject({ code: 'invalid_config' });
  });

  it('validates plain options with defineWebhooks', async () => {
    const loaded = await loadWebhooksConfig({ cwd: fixtures, file: 'config-only/webhooks.config.cjs' });
    expect(loaded.config!.endpoint('crm')!.signatureScheme).toBe('hmac-sha256');
  });

  it('calls the exported function with worker: false, and takes the configuration exported beside it', async () => {
    const loaded = await loadWebhooksConfig({ cwd: fixtures, file: 'memory-log/webhooks.config.ts' });
    expect(loaded.hasFactory).toBe(true);
    expect(loaded.config).toBeUndefined();
    const { webhooks, close } = await loaded.open();
    expect(webhooks.durable).toBe(false);
    expect(webhooks.config.endpoints.map((e) => e.name)).toEqual(['crm']);
    await close();
  });

  it('names the file and the path inside it when the configuration is invalid', async () => {
    await expect(loadWebhooksConfig({ cwd: `${fixtures}invalid` })).rejects.toMatchObject({
      code: 'invalid_config',
      message: `${fixtures}invalid/webhooks.config.ts: invalid webhook configuration:\n  - endpoints[1].url must be an absolute http(s) URL, got protocol ftp:`,
      cause: expect.objectContaining({ name: 'WebhookConfigError' }),
    });
  });
});
