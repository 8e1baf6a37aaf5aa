import { defineConfig } from 'vitest/config';

// `pnpm vitest` at the root runs every package's suite as one project each.
export default defineConfig({
  test: {
    // Examples by their config file: a bare `examples/*` would also match examples/README.md.
    projects: ['packages/*', 'examples/*/vitest.config.ts', 'torture/vitest.config.ts'],
  },
});
