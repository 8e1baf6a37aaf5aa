import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '../../vitest.shared.js';

// The shared aliases map each package root to its source; subpath entries need their own (listed first, so they win).
const verifyNode = fileURLToPath(new URL('../verify/src/node.ts', import.meta.url));

export default packageTestConfig({
  resolve: { alias: [{ find: /^@webhooks\/verify\/node$/, replacement: verifyNode }] },
});
