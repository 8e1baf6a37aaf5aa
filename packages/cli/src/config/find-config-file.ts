import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { WebhookError } from '@webhooks/core';
import { CONFIG_FILE_NAMES } from './config-file-names.js';

/**
 * The config file to load: `file` (relative to `cwd`), or the first `webhooks.config.*` in `cwd`.
 * Fails with `invalid_config`, naming where it looked.
 *
 * @example
 * findConfigFile(process.cwd()); // '/app/webhooks.config.ts'
 */
export function findConfigFile(cwd: string, file?: string): string {
  if (file !== undefined) {
    const path = isAbsolute(file) ? file : resolve(cwd, file);
    if (!existsSync(path)) throw new WebhookError('invalid_config', `config file ${path} does not exist`);
    return path;
  }
  for (const name of CONFIG_FILE_NAMES) {
    const path = join(cwd, name);
    if (existsSync(path)) return path;
  }
  throw new WebhookError(
    'invalid_config',
    `no webhooks.config.ts (or .mts, .cts, .js, .mjs, .cjs) in ${resolve(cwd)}; create one or pass --config <file>`,
  );
}
