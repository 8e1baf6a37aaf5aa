import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, requireBuild, webhooks } from './support/run-webhooks.js';

// Written here rather than kept among the fixtures, where it would break the package's typecheck.
const broken = mkdtempSync(join(tmpdir(), 'webhooks-cli-config-'));
writeFileSync(
  join(broken, 'webhooks.config.ts'),
  "import { defineWebhooks } from '@webhooks/core';\n\nexport default defineWebhooks({\n  endpoints: [{ name: 'crm', url: 'https://crm.example.com/webhooks' secret: 'x' }],\n});\n",
);

beforeAll(requireBuild);
afterAll(() => rmSync(broken, { recursive: true, force: true }));

describe('the config file, as the binary loads it', () => {
  it('is found by name in the working directory, in plain JavaScript', async () => {
    const { code, stdout } = await webhooks(['sign', '--endpoint', 'crm', '--id', 'evt_1', '--json'], { cwd: join(FIXTURES, 'discover'), input: '{}' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).headers['X-Webhook-Signature']).toMatch(/^sha256=/);
  });

  it('is read from --config, CommonJS and plain options included', async () => {
    const { code } = await webhooks(['--config', 'config-only/webhooks.config.cjs', 'sign', '--endpoint', 'crm', '--id', 'evt_1'], { input: '{}' });
    expect(code).toBe(0);
    const unknown = await webhooks(['sign', '--config', 'config-only/webhooks.config.cjs', '--endpoint', 'billing', '--id', 'evt_1'], { input: '{}' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`no endpoint named "billing" in ${FIXTURES}config-only/webhooks.config.cjs (endpoints: crm)`);
  });

  it('when invalid, is named with the path inside it, and the command exits 3 without printing a secret', async () => {
    const { code, stderr } = await webhooks(['deliveries', 'list'], { cwd: join(FIXTURES, 'invalid') });
    expect(code).toBe(3);
    expect(stderr).toBe(
      `error: ${FIXTURES}invalid/webhooks.config.ts: invalid webhook configuration:\n  - endpoints[1].url must be an absolute http(s) URL, got protocol ftp:\n`,
    );
    expect(stderr).not.toContain('config-secret-value');
  });

  it('with a syntax error, is named with the line and column', async () => {
    const { code, stderr } = await webhooks(['endpoints'], { cwd: broken });
    expect(code).toBe(3);
    expect(stderr).toContain(`${broken}/webhooks.config.ts: `);
    expect(stderr).toContain(`${broken}/webhooks.config.ts:4:69`);
  });

  it('that is missing is reported with where the binary looked', async () => {
    const { code, stderr } = await webhooks(['deliveries', 'list'], { cwd: FIXTURES });
    expect(code).toBe(3);
    expect(stderr).toContain(`no webhooks.config.ts (or .mts, .cts, .js, .mjs, .cjs) in ${FIXTURES.replace(/\/$/, '')}; create one or pass --config <file>`);
    const named = await webhooks(['--config', 'nope.config.ts', 'endpoints']);
    expect(named.code).toBe(3);
    expect(named.stderr).toContain(`config file ${FIXTURES}nope.config.ts does not exist`);
  });

  it('that exports only a configuration is refused by commands that read the delivery log', async () => {
    const { code, stderr } = await webhooks(['deliveries', 'list', '--config', 'config-only/webhooks.config.cjs']);
    expect(code).toBe(3);
    expect(stderr).toContain('exports a configuration only; to read or replay deliveries, export a function that returns createWebhooks(');
  });

  it('whose deliveries live in memory is refused for a replay, which would be lost', async () => {
    const { code, stderr } = await webhooks(['deliveries', 'replay', 'dlv_1', '--config', 'memory-log/webhooks.config.ts']);
    expect(code).toBe(3);
    expect(stderr).toContain('keep deliveries in this process only, so a replay from here would be lost when it exits');
  });
});
