import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import type { SenderMessage } from '../sender/sender-messages.js';
import { senderEnvironment, type SenderSpec } from '../sender/sender-spec.js';

/** How a sender process ended. */
export interface SenderExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running sender, from the orchestrator's side. */
export interface SenderProcess {
  readonly pid: number;
  /** Resolves when the sender says its stack is up; never rejects. */
  readonly ready: Promise<void>;
  readonly exited: Promise<SenderExit>;
  readonly alive: boolean;
  /** When it said it was ready, and when it last finished an application transaction (ms since epoch). */
  readonly readyAt: number | undefined;
  readonly lastTxAt: number | undefined;
  /** `kill -9`: never a polite signal. */
  kill(): void;
}

/**
 * Starts a sender process from its compiled entry; its output is appended to `logFile`, its
 * messages go to `onMessage`.
 *
 * @example
 * const sender = spawnSender(entries.sender, spec, '/tmp/run/sender.log', (m) => m.type === 'tx' && count(m));
 * await sender.ready;
 * sender.kill();
 */
export function spawnSender(
  entry: string,
  spec: SenderSpec,
  logFile: string,
  onMessage: (message: SenderMessage) => void,
): SenderProcess {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: { ...process.env, ...senderEnvironment(spec) },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  let alive = true;
  let readyAt: number | undefined;
  let lastTxAt: number | undefined;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const exited = new Promise<SenderExit>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      resolve({ code, signal });
    });
  });
  child.on('message', (message: SenderMessage) => {
    if (message.type === 'ready') {
      readyAt = Date.now();
      markReady();
    }
    if (message.type === 'tx') lastTxAt = Date.now();
    onMessage(message);
  });
  // A failed spawn (no such binary) shows up as an exit, with the error in the log.
  child.once('error', (err) => console.error(`sender ${spec.life}: ${err.message}`));
  return {
    pid: child.pid ?? -1,
    ready,
    exited,
    get alive() {
      return alive;
    },
    get readyAt() {
      return readyAt;
    },
    get lastTxAt() {
      return lastTxAt;
    },
    kill() {
      if (alive) child.kill('SIGKILL');
    },
  };
}
