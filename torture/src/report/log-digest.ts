import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NOTEWORTHY = /error|fail|reject|refused|unhandled|SQLITE_|timed? ?out|deadlock|lock/i;

/**
 * The most frequent noteworthy lines of a combination's sender logs (errors, rejected handlers,
 * SQLite busy errors), with ids and numbers blanked so that repeats group together.
 *
 * @example
 * logDigest('/tmp/webhooks-torture-x/sequelize_sqlite_memory') // ['9× drain.log: [kafka] handler rejected dlv_… : SQLITE_BUSY: database is locked']
 */
export function logDigest(logDir: string, top = 4): string[] {
  const counts = new Map<string, number>();
  for (const file of readdirSync(logDir).filter((f) => f.endsWith('.log'))) {
    for (const line of readFileSync(join(logDir, file), 'utf8').split('\n')) {
      if (/^\s+at /.test(line) || !NOTEWORTHY.test(line)) continue;
      const key = `${file.replace(/-\d+\.log$/, '.log')}: ${normalise(line)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([line, n]) => `${n}× ${line}`);
}

function normalise(line: string): string {
  return line
    .replace(/\b(dlv|evt)_[0-9A-Z]+/g, '$1_…')
    .replace(/\btorture[._][a-z0-9]+[._]\d+/g, '<run>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/g, '<uuid>')
    .replace(/"timestamp":"[^"]+"/g, '"timestamp":…')
    .replace(/\d+/g, 'N')
    .slice(0, 200);
}
