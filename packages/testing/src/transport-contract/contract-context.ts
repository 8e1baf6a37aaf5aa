import type { Transport } from '@webhooks/core';
import type { Deferred } from '../deferred.js';
import type { JobRecorder } from './job-recorder.js';

/** Options of `describeTransportContract`, for transports that need more time (a real broker). */
export interface TransportContractOptions {
  /** Longest wait for a job to reach the handler, redeliveries included. Default 5000. */
  deliveryTimeoutMs?: number;
  /** How far ahead scheduled jobs are due. Default 300. */
  scheduleDelayMs?: number;
  /** How long to watch for something that must not happen (a duplicate, a job after close). Default 300. */
  quietMs?: number;
  /** `timeoutMs` passed to `close()`. Default 5000. */
  closeTimeoutMs?: number;
  /** How early a scheduled job may arrive, for transports timed by another machine's clock. Default 0. */
  earlyToleranceMs?: number;
  /** Timeout of each test. Default 30 000. */
  testTimeoutMs?: number;
}

/**
 * Who a transport is: a successor gets its predecessor's name, and must take over whatever the
 * predecessor left in durable storage (a Kafka transport joins the same consumer group).
 */
export interface TransportIdentity {
  name: string;
}

/** A transport under test, consuming into a recorder. */
export interface ContractSubject {
  transport: Transport;
  recorder: JobRecorder;
  identity: TransportIdentity;
}

/** What each group of contract tests is given. */
export interface ContractContext {
  options: Required<TransportContractOptions>;
  /**
   * A fresh transport (closed after the test) already consuming into a fresh recorder; given a
   * closed subject, its successor: same identity, and a recorder that takes the same jobs.
   */
  setup(successorOf?: ContractSubject): Promise<ContractSubject>;
  /** A promise for holding a handler; released after the test even if it failed. */
  gate(): Deferred;
}

export function resolveContractOptions(options: TransportContractOptions = {}): Required<TransportContractOptions> {
  return {
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 5000,
    scheduleDelayMs: options.scheduleDelayMs ?? 300,
    quietMs: options.quietMs ?? 300,
    closeTimeoutMs: options.closeTimeoutMs ?? 5000,
    earlyToleranceMs: options.earlyToleranceMs ?? 0,
    testTimeoutMs: options.testTimeoutMs ?? 30_000,
  };
}
