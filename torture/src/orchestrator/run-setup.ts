import type { SenderSpec } from '../sender/sender-spec.js';
import { logTail } from './log-tail.js';
import { spawnSender } from './sender-process.js';

const SETUP_TIMEOUT_MS = 120_000;

/**
 * Creates a combination's tables in a sender process of its own (`setup` mode), so the schema
 * comes from the same code the senders run. Throws with the log's tail when it fails.
 */
export async function runSetup(entry: string, spec: SenderSpec, logFile: string): Promise<void> {
  const sender = spawnSender(entry, { ...spec, mode: 'setup' }, logFile, () => undefined);
  const timer = setTimeout(() => sender.kill(), SETUP_TIMEOUT_MS);
  const exit = await sender.exited;
  clearTimeout(timer);
  if (exit.code !== 0) {
    throw new Error(`creating the tables failed (code ${exit.code}, signal ${exit.signal}); ${logFile}:\n${logTail(logFile)}`);
  }
}
