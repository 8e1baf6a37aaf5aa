import { readFileSync } from 'node:fs';

/** The last `lines` lines of a log file, indented for a report; empty when it cannot be read. */
export function logTail(file: string, lines = 8): string {
  try {
    const text = readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).map((line) => `      | ${line.slice(0, 240)}`).join('\n');
  } catch {
    return '';
  }
}
