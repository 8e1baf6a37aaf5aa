import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import type { ReceptionReport } from './reception.js';

/** The receiver process, from the orchestrator's side. */
export interface Receiver {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Everything recorded for a combination. */
  report(run: string): Promise<ReceptionReport>;
  /** Frees a combination's records. */
  forget(run: string): Promise<void>;
  stop(): void;
}

/**
 * Starts the receiver in its own process (from its compiled `entry`) and resolves once it listens.
 *
 * @example
 * const receiver = await startReceiver({ entry: entries.receiver, seed: 1, latencyMs: 50, logFile: '/tmp/receiver.log' });
 */
export async function startReceiver(options: { entry: string; seed: number; latencyMs: number; logFile: string }): Promise<Receiver> {
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', options.entry], {
    env: { ...process.env, TORTURE_SEED: String(options.seed), TORTURE_LATENCY_MS: String(options.latencyMs) },
    stdio: ['ignore', log, log, 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the receiver exited (${code}) before listening; see ${options.logFile}`)));
  });
  child.removeAllListeners('exit');
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async report(run) {
      const response = await fetch(`${url}/_receptions/${run}`);
      if (!response.ok) throw new Error(`the receiver answered ${response.status} to GET /_receptions/${run}`);
      return (await response.json()) as ReceptionReport;
    },
    async forget(run) {
      await fetch(`${url}/_receptions/${run}`, { method: 'DELETE' });
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
