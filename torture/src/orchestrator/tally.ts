import type { SenderMessage } from '../sender/sender-messages.js';

/** What happened to one combination's senders, as the orchestrator saw it. */
export interface Tally {
  kills: number;
  /** Kills that hit before the sender said it was ready. */
  startupKills: number;
  /** Transactions rolled back on purpose, as the senders reported them. */
  rolledBack: number;
  /** Transactions that failed without being asked to (the application would see these). */
  txErrors: number;
  /** The first few distinct error messages of those. */
  txErrorSamples: string[];
  /** Senders that exited by themselves while they should have been running. */
  crashes: string[];
  /** Senders that were not ready within the start-up timeout. */
  stalls: string[];
  /** How long each sender took from spawn to ready, in ms. */
  readyMs: number[];
  /** How long each application transaction took (committed or rolled back on purpose), in ms. */
  txMs: number[];
  /** Per kill of a ready sender: how long it had gone without finishing a transaction (an open one's age, roughly). */
  quietAtKillMs: number[];
  /** When each killed sender life (`s0l3`) got its SIGKILL, ms since epoch. */
  killedAt: Map<string, number>;
}

/** An empty tally. */
export function createTally(): Tally {
  return {
    kills: 0, startupKills: 0, rolledBack: 0, txErrors: 0, txErrorSamples: [], crashes: [], stalls: [], readyMs: [], txMs: [], quietAtKillMs: [],
    killedAt: new Map(),
  };
}

/** Counts a sender's message into the tally. */
export function countMessage(tally: Tally, message: SenderMessage): void {
  if (message.type !== 'tx') return;
  if (message.outcome !== 'error') tally.txMs.push(message.ms);
  if (message.outcome === 'rolled-back') tally.rolledBack++;
  if (message.outcome === 'error') {
    tally.txErrors++;
    const sample = message.error ?? 'unknown error';
    if (tally.txErrorSamples.length < 5 && !tally.txErrorSamples.includes(sample)) tally.txErrorSamples.push(sample);
  }
}
