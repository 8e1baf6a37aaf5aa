import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import sibling packages from source, so no build is needed before `vitest`.
// Subpath entries (`@webhooks/core/sql`) come from src/<name>/index.ts or src/<name>.ts, and core's private
// `#runtime` import from its Node target, as Node picks it by the `node` condition.
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [{ find: /^#runtime$/, replacement: `${root}packages/core/src/runtime/node.ts` }];
  for (const dir of readdirSync(`${root}packages`)) {
    const src = `${root}packages/${dir}/src`;
    const entry = `${src}/index.ts`;
    if (!existsSync(entry)) continue;
    const manifest = JSON.parse(readFileSync(`${root}packages/${dir}/package.json`, 'utf8')) as { exports?: Record<string, unknown> };
    for (const subpath of Object.keys(manifest.exports ?? {})) {
      const name = subpath.slice(2);
      if (name === '' || name === 'package.json') continue;
      const file = [`${src}/${name}/index.ts`, `${src}/${name}.ts`].find((candidate) => existsSync(candidate));
      if (file) aliases.push({ find: new RegExp(`^@webhooks/${dir}/${name}$`), replacement: file });
    }
    aliases.push({ find: new RegExp(`^@webhooks/${dir}$`), replacement: entry });
  }
  return aliases;
}

/** Vitest settings shared by every package; pass overrides for the package's own needs. */
export function packageTestConfig(overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      resolve: { alias: workspaceAliases() },
      test: {
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
        testTimeout: 20_000,
        hookTimeout: 60_000,
      },
    }),
    overrides,
  );
}
