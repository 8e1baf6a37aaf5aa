import { readFileSync } from 'node:fs';
import { packageBuild } from '../../tsup.base.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
const define = { __WEBHOOKS_CLI_VERSION__: JSON.stringify(version) };

// The library entry (the config loader) for import and require; the binary as ESM only. The two
// builds run at once, so the first one's clean leaves the binary's files alone.
export default [
  packageBuild({ define, clean: ['!bin.*'] }),
  packageBuild({ entry: ['src/bin.ts'], format: ['esm'], dts: false, clean: false, define }),
];
