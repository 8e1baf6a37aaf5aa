import { readFileSync } from 'node:fs';
import { packageBuild } from '../../tsup.base.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The version is baked in, so the User-Agent needs no package.json read at run time.
export default packageBuild({ define: { __WEBHOOKS_UNDICI_VERSION__: JSON.stringify(version) } });
