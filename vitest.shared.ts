import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import sibling packages from source, so no build is needed before `vitest`.
// A package may offer a Node entry (src/index.node.ts), which is what Node resolves via the `node` condition,
// and a `/node` subpath (src/node.ts, as @webhooks/verify does). Exact matches: a bare package name
// would otherwise also catch its subpaths.
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const dir of readdirSync(`${root}packages`)) {
    const src = `${root}packages/${dir}/src`;
    const entry = existsSync(`${src}/index.node.ts`) ? `${src}/index.node.ts` : `${src}/index.ts`;
    if (existsSync(entry)) aliases.push({ find: new RegExp(`^@webhooks/${dir}$`), replacement: entry });
    if (existsSync(`${src}/node.ts`)) aliases.push({ find: new RegExp(`^@webhooks/${dir}/node$`), replacement: `${src}/node.ts` });
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
