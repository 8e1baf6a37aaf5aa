import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('.', import.meta.url));

describe('the default entry of @webhooks/core', () => {
  it('bundles for the browser with no Node built-in', async () => {
    // esbuild fails to resolve node:* (and bare built-ins) for platform "browser".
    const result = await build({
      entryPoints: [`${src}index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'core',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]!.text).not.toMatch(/\bBuffer\b|require\(/);
  });

  it('signs and verifies in a sandbox that has only Web globals', async () => {
    const { outputFiles } = await build({
      entryPoints: [`${src}index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'core',
      write: false,
    });
    const sandbox = createContext({ crypto, TextEncoder, TextDecoder, atob, btoa, URL });
    runInContext(outputFiles[0]!.text, sandbox);
    const result = await runInContext(
      `(async () => {
        const body = JSON.stringify({ id: 'evt_1' });
        const headers = await core.signPayload({ secret: 's', eventId: 'evt_1', body });
        return core.verifySignature(headers, body, { secret: 's' });
      })()`,
      sandbox,
    );
    expect(result.scheme).toBe('hmac-sha256');
    expect(runInContext('core.getDefaultHmac().name', sandbox)).toBe('web-crypto');
  });

  it('keeps node:* imports inside src/adapter/node', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (!path.endsWith('adapter/node')) walk(path);
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          if (/from ['"]node:|\bBuffer\b/.test(readFileSync(path, 'utf8'))) offenders.push(path);
        }
      }
    };
    walk(src.replace(/\/$/, ''));
    expect(offenders).toEqual([]);
  });
});
