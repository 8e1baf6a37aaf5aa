import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { currentUser, getDefaultHmac, runWithUser } from '../index.js';

const src = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'core-runtime-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A separate copy of core, bundled with `#runtime` bound to one target, loaded into this process. */
async function loadCopy(name: string, runtime: 'node' | 'default'): Promise<typeof import('../index.js')> {
  const { outputFiles } = await build({
    entryPoints: [`${src}index.ts`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [{ name: 'runtime', setup: (b) => b.onResolve({ filter: /^#runtime$/ }, () => ({ path: `${src}runtime/${runtime}.ts` })) }],
  });
  const file = join(scratch, `${name}.mjs`);
  writeFileSync(file, outputFiles[0]!.text);
  return import(pathToFileURL(file).href);
}

describe('the runtime defaults', () => {
  it('on Node, sign with node:crypto and follow the acting user across awaits', async () => {
    expect(getDefaultHmac().name).toBe('node-crypto');
    const seen = await runWithUser({ id: 7 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentUser();
    });
    expect(seen).toEqual({ id: 7 });
    expect(currentUser()).toBeUndefined();
  });

  it('belong to each copy of core: loading another copy changes nothing in this one', async () => {
    const web = await loadCopy('web', 'default');
    const node = await loadCopy('node', 'node');
    expect(web.getDefaultHmac().name).toBe('web-crypto');
    expect(node.getDefaultHmac().name).toBe('node-crypto');
    expect(getDefaultHmac().name).toBe('node-crypto');
    expect(() => web.runWithUser({ id: 1 }, () => 1)).toThrow(/pass user to dispatch/);
    // Each copy keeps its own acting user; this copy's context is not the other's.
    expect(node.runWithUser({ id: 2 }, () => [node.currentUser(), currentUser()])).toEqual([{ id: 2 }, undefined]);
    expect(runWithUser({ id: 3 }, () => currentUser())).toEqual({ id: 3 });
  });
});
