import { describe, expect, it } from 'vitest';
import { isWebhookError, WebhookConfigError } from '../errors.js';
import { defineWebhooks } from './define-webhooks.js';
import { fromEnv } from './secret.js';
import { WebhookConfig } from './webhook-config.js';
import { WebhookEndpoint, type WebhookEndpointOptions } from './webhook-endpoint.js';

const SECRET = 'topsecret-value-123';
const ok: WebhookEndpointOptions = { name: 'crm', url: 'https://crm.example.com/hooks', secret: SECRET };

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(isWebhookError(err, 'invalid_config')).toBe(true);
    return (err as WebhookConfigError).issues.map((i) => `${i.path} ${i.message}`);
  }
  throw new Error('expected a configuration error');
}

describe('defineWebhooks', () => {
  it('fills defaults for a minimal configuration', () => {
    const config = defineWebhooks({ endpoints: [ok] });
    expect(config.enabled).toBe(true);
    expect(config.asyncDelivery).toBe(true);
    expect(config.maxRetries).toBe(3);
    expect(config.timeoutMs).toBe(10_000);
    expect(config.allowPrivateNetwork).toBe(false);
    const [endpoint] = config.endpoints;
    expect(endpoint!.events).toEqual(['*']);
    expect(endpoint!.signatureScheme).toBe('hmac-sha256');
    expect(endpoint!.secret).toBe(SECRET);
  });

  it('gives the same result as the class form', () => {
    const options = { asyncDelivery: false, maxRetries: 5, endpoints: [{ ...ok, events: ['created'] }] };
    expect(JSON.stringify(defineWebhooks(options))).toBe(JSON.stringify(new WebhookConfig(options)));
  });

  it('accepts ready WebhookEndpoint instances', () => {
    const endpoint = new WebhookEndpoint({ ...ok, includeFields: ['id', 'total'] });
    expect(defineWebhooks({ endpoints: [endpoint] }).endpoints[0]).toBe(endpoint);
  });

  it('names the path of a missing secret', () => {
    const { secret: _, ...noSecret } = ok;
    expect(issuesOf(() => defineWebhooks({ endpoints: [ok, { ...noSecret, name: 'b' } as WebhookEndpointOptions] }))).toEqual([
      'endpoints[1].secret is required',
    ]);
  });

  it('reports every problem at once, each with its path', () => {
    const issues = issuesOf(() =>
      defineWebhooks({
        maxRetries: -1,
        endpoints: [
          { name: 'a', url: 'ftp://example.com', secret: '   ' },
          { name: 'a', url: 'not a url', secret: SECRET, events: ['creatd'], includeModels: ['Order'] },
        ],
      }),
    );
    expect(issues).toEqual([
      'maxRetries must be an integer from 0 to 50',
      'endpoints[0].url must be an absolute http(s) URL, got protocol ftp:',
      'endpoints[0].secret must not be empty',
      'endpoints[1].url must be an absolute http(s) URL',
      'endpoints[1].events[0] "creatd" is not a known event: use created, updated, deleted, a full name like "order.paid", or a wildcard like "order.*" or "*"',
      'endpoints[1].includeModels[0] "Order" must be "app.Model" (letters, digits and _; e.g. "store.Order")',
      'endpoints[1].name "a" is already used by endpoints[0]',
    ]);
  });

  it('rejects unknown options instead of ignoring a typo', () => {
    expect(issuesOf(() => defineWebhooks({ endpoints: [{ ...ok, includeField: ['id'] } as never], asyncDelivry: true } as never))).toEqual([
      'asyncDelivry is not a known option',
      'endpoints[0].includeField is not a known endpoint option',
    ]);
  });

  it('rejects URLs with credentials, bad field lists and bad headers', () => {
    const issues = issuesOf(() =>
      defineWebhooks({
        endpoints: [
          {
            ...ok,
            url: 'https://user:pw@example.com/',
            includeFields: { 'store.Order': ['id', ''], Order: ['x'] },
            redactFields: { '*': 'email' as never },
            headers: { 'X-Webhook-Signature': 'forged', Authorization: 'a\r\nb', 'X-Team': 'café', Expect: '100-continue' },
            timeoutMs: 0,
          },
        ],
      }),
    );
    expect(issues).toEqual([
      'endpoints[0].url must not contain credentials; use headers instead',
      'endpoints[0].includeFields["store.Order"][1] must be a field name or dotted path like "meta.color"',
      'endpoints[0].includeFields key "Order" must be "app.Model" (letters, digits and _; e.g. "store.Order")',
      'endpoints[0].redactFields["*"] must be a list of fields or a map of field to replacement',
      'endpoints[0].timeoutMs must be an integer from 1 to 600000',
      'endpoints[0].headers["X-Webhook-Signature"] is set by the library (or is hop-by-hop) and cannot be set here',
      'endpoints[0].headers["Authorization"] must be a single-line string of printable ASCII',
      'endpoints[0].headers["X-Team"] must be a single-line string of printable ASCII',
      'endpoints[0].headers["Expect"] is set by the library (or is hop-by-hop) and cannot be set here',
    ]);
  });

  it('requires a whsec_ base64 secret for standard-webhooks', () => {
    expect(issuesOf(() => defineWebhooks({ endpoints: [{ ...ok, signatureScheme: 'standard-webhooks' }] }))).toEqual([
      'endpoints[0].secret must be "whsec_" followed by a base64 key of 24 to 64 bytes for standard-webhooks',
    ]);
    const secret = `whsec_${btoa('k'.repeat(32))}`;
    expect(defineWebhooks({ endpoints: [{ ...ok, secret, signatureScheme: 'standard-webhooks' }] }).endpoints[0]!.secret).toBe(secret);
  });

  it('reads secrets from environment variables', () => {
    const config = defineWebhooks({ env: { CRM_SECRET: 'from-env-1234' }, endpoints: [{ ...ok, secret: fromEnv('CRM_SECRET') }] });
    expect(config.endpoints[0]!.secret).toBe('from-env-1234');
  });

  it('reads fromEnv from process.env by default', () => {
    process.env.WEBHOOKS_TEST_SECRET = 'process-env-secret';
    try {
      expect(defineWebhooks({ endpoints: [{ ...ok, secret: fromEnv('WEBHOOKS_TEST_SECRET') }] }).endpoints[0]!.secret).toBe(
        'process-env-secret',
      );
    } finally {
      delete process.env.WEBHOOKS_TEST_SECRET;
    }
  });

  it('names a missing environment variable', () => {
    expect(issuesOf(() => defineWebhooks({ env: {}, endpoints: [{ ...ok, secret: fromEnv('CRM_SECRET') }] }))).toEqual([
      'endpoints[0].secret is required: environment variable CRM_SECRET is not set',
    ]);
  });

  it('never shows a secret in errors, JSON or console output', async () => {
    const { inspect } = await import('node:util');
    const endpoint = new WebhookEndpoint(ok);
    expect(JSON.stringify(endpoint)).not.toContain(SECRET);
    expect(inspect(endpoint, { depth: 5 })).not.toContain(SECRET);
    expect(inspect(defineWebhooks({ endpoints: [endpoint] }), { depth: 5 })).not.toContain(SECRET);
    try {
      defineWebhooks({ endpoints: [{ ...ok, signatureScheme: 'standard-webhooks' }, { ...ok, url: 'x' }] });
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(SECRET);
      expect(JSON.stringify(err)).not.toContain(SECRET);
    }
  });

  it('validates previousSecrets, naming each path and never a secret', () => {
    const issues = issuesOf(() =>
      defineWebhooks({
        endpoints: [
          ok,
          {
            ...ok,
            name: 'b',
            previousSecrets: [
              { secret: 'old-secret-1', expiresAt: '2026-02-01' },
              { secret: SECRET, expiresAt: new Date('nope') },
              { secret: fromEnv('MISSING_OLD'), expiresAt: '2026-02-01T00:00:00Z', note: 'x' } as never,
            ],
          },
          { ...ok, name: 'c', secret: `whsec_${btoa('k'.repeat(32))}`, signatureScheme: 'standard-webhooks', previousSecrets: [{ secret: 'old', expiresAt: new Date() }] },
          { ...ok, name: 'd', previousSecrets: 'old' as never },
        ],
        env: {},
      }),
    );
    expect(issues).toEqual([
      'endpoints[1].previousSecrets[0].expiresAt must be a Date or an ISO 8601 date-time with a time zone, e.g. "2026-02-01T00:00:00Z"',
      'endpoints[1].previousSecrets[1].expiresAt must be a Date or an ISO 8601 date-time with a time zone, e.g. "2026-02-01T00:00:00Z"',
      "endpoints[1].previousSecrets[1].secret must differ from the endpoint's current secret",
      'endpoints[1].previousSecrets[2].note is not a known option',
      'endpoints[1].previousSecrets[2].secret is required: environment variable MISSING_OLD is not set',
      'endpoints[2].previousSecrets[0].secret must be "whsec_" followed by a base64 key of 24 to 64 bytes for standard-webhooks',
      'endpoints[3].previousSecrets must be a list of { secret, expiresAt }',
    ]);
    expect(issues.join('\n')).not.toContain('old-secret-1');
  });

  it('signs with a previous secret until its expiresAt, then with the current one alone', () => {
    const endpoint = new WebhookEndpoint({
      ...ok,
      previousSecrets: [
        { secret: 'old-1', expiresAt: '2026-02-01T00:00:00Z' },
        { secret: 'old-2', expiresAt: new Date('2026-01-15T00:00:00+01:00') },
      ],
    });
    expect(endpoint.signingSecrets(Date.parse('2026-01-14T22:59:59Z'))).toEqual([SECRET, 'old-1', 'old-2']);
    expect(endpoint.signingSecrets(Date.parse('2026-01-14T23:00:00Z'))).toEqual([SECRET, 'old-1']);
    expect(endpoint.signingSecrets(Date.parse('2026-02-01T00:00:00Z'))).toEqual([SECRET]);
    expect(new WebhookEndpoint(ok).signingSecrets(0)).toEqual([SECRET]);
  });

  it('keeps previous secrets out of JSON and console output', async () => {
    const { inspect } = await import('node:util');
    const endpoint = new WebhookEndpoint({ ...ok, previousSecrets: [{ secret: 'old-secret-value', expiresAt: '2026-02-01T00:00:00Z' }] });
    expect(JSON.parse(JSON.stringify(endpoint)).previousSecrets).toEqual([{ secret: '[hidden]', expiresAt: '2026-02-01T00:00:00.000Z' }]);
    expect(inspect(endpoint, { depth: 5 })).not.toContain('old-secret-value');
  });

  it('freezes the configuration', () => {
    const config = defineWebhooks({ endpoints: [ok] });
    expect(() => {
      (config as { maxRetries: number }).maxRetries = 9;
    }).toThrow(TypeError);
  });
});
