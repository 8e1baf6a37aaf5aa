import { fileURLToPath } from 'node:url';
import { packageTestConfig } from '../../vitest.shared.js';

// The shared aliases map each package root to its source; the verify/node subpath needs its own.
const verifyNode = fileURLToPath(new URL('../../packages/verify/src/node.ts', import.meta.url));

export default packageTestConfig({
  resolve: { alias: [{ find: /^@webhooks\/verify\/node$/, replacement: verifyNode }] },
});
