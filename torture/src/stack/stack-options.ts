import type { Webhooks } from '@webhooks/core';

/** The transport a sender uses, as JSON a child process can be given. */
export type TransportSpec =
  | { kind: 'memory' }
  | {
      kind: 'kafka';
      brokers: string[];
      /** Unique per combination, so no run sees another's messages. */
      prefix: string;
      groupId: string;
      retryTiers: number[];
    };

/** What every stack is built from, whatever the ORM. */
export interface StackOptions {
  transport: TransportSpec;
  /** Endpoint name to URL on the receiver. */
  endpointUrls: Record<string, string>;
  /** This sender process's name (`s0l3`: slot 0, life 3), sent in a header with every attempt. */
  life: string;
}

/** A running webhooks stack, as the sender and the drain see it. */
export interface RunningStack {
  readonly webhooks: Webhooks;
  /** Jobs this process holds and has not finished: queued, delayed or in flight (memory), fetched or in flight (Kafka). */
  inProcess(): number;
  /** Stops politely (the final drain only; killed senders never get here). */
  close(): Promise<void>;
}
