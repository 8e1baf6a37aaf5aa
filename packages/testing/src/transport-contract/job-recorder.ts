import type { DeliveryJob, JobHandler } from '@webhooks/core';

/** One handler call the recorder saw. */
export interface HandledCall {
  job: DeliveryJob;
  /** Real time the handler was called. */
  startedAt: number;
  /** Real time the handler settled; undefined while it runs. */
  endedAt?: number;
}

/**
 * A handler that records what it is given. It only looks at jobs it published
 * (its tag prefixes their delivery ids): a transport on a shared broker may hand
 * over jobs left by earlier tests, which it acknowledges and ignores.
 *
 * @example
 * const recorder = new JobRecorder();
 * await transport.consume(recorder.handler);
 * await transport.publish([recorder.job()]);
 */
export class JobRecorder {
  readonly calls: HandledCall[] = [];
  /** Every start and end in order, e.g. `start:<deliveryId>`; shows overlap. */
  readonly events: string[] = [];
  /** What the handler does with a job of this test (`handover` is 1 the first time); may throw or wait. */
  behaviour: (job: DeliveryJob, handover: number) => unknown = () => undefined;
  /** Shared by every recorder, so a successor that takes its predecessor's tag never reuses an id. */
  private static serial = 0;

  /** `tag`: another recorder's, to take the jobs it published (a successor transport's recorder). */
  constructor(readonly tag = `dlv_contract_${crypto.randomUUID()}_`) {}

  readonly handler: JobHandler = async (job) => {
    if (!job.deliveryId.startsWith(this.tag)) return;
    const call: HandledCall = { job, startedAt: Date.now() };
    this.calls.push(call);
    this.events.push(`start:${job.deliveryId}`);
    try {
      await this.behaviour(job, this.count(job));
    } finally {
      call.endedAt = Date.now();
      this.events.push(`end:${job.deliveryId}`);
    }
  };

  /** A new job tagged for this recorder; `key` defaults to a key of its own. */
  job(key = `${this.tag}key_${++JobRecorder.serial}`): DeliveryJob {
    const id = `${this.tag}${++JobRecorder.serial}`;
    return {
      deliveryId: id,
      eventId: id.replace(/^dlv_/, 'evt_'),
      eventName: 'order.paid',
      endpoint: 'contract',
      body: `{"id":"${id}"}`,
      attempt: 1,
      key,
      createdAt: Date.now(),
    };
  }

  /** How many times the job was handed over. */
  count(job: DeliveryJob): number {
    return this.calls.filter((c) => c.job.deliveryId === job.deliveryId).length;
  }

  /** Whether the job's handler has settled at least once. */
  finished(job: DeliveryJob): boolean {
    return this.calls.some((c) => c.job.deliveryId === job.deliveryId && c.endedAt !== undefined);
  }

  /** Delivery ids in the order the handler was called. */
  order(): string[] {
    return this.calls.map((c) => c.job.deliveryId);
  }
}
