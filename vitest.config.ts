import { defineConfig } from 'vitest/config';

// `pnpm vitest` at the root runs every package's suite as one project each.
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
  },
});
