import { readFileSync } from 'node:fs';
import { packageTestConfig } from '../../vitest.shared.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default packageTestConfig({ define: { __WEBHOOKS_UNDICI_VERSION__: JSON.stringify(version) } });
