import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// Tests import sibling packages from source, so no build is needed before `vitest`.
// A package may offer a Node entry (src/index.node.ts), which is what Node resolves via the `node` condition.
function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of readdirSync(`${root}packages`)) {
    const src = `${root}packages/${dir}/src`;
    const entry = existsSync(`${src}/index.node.ts`) ? `${src}/index.node.ts` : `${src}/index.ts`;
    if (existsSync(entry)) aliases[`@webhooks/${dir}`] = entry;
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
