import { describe, expect, it } from 'vitest';
import { makeJob } from '../jobs.js';
import { JobRecorder } from './job-recorder.js';

describe('JobRecorder', () => {
  it('records its own jobs, starts and ends in order, and ignores jobs left by other tests', async () => {
    const recorder = new JobRecorder();
    const own = recorder.job();

    await recorder.handler(makeJob());
    await recorder.handler(own);

    expect(recorder.order()).toEqual([own.deliveryId]);
    expect(recorder.events).toEqual([`start:${own.deliveryId}`, `end:${own.deliveryId}`]);
    expect([recorder.count(own), recorder.finished(own)]).toEqual([1, true]);
  });

  it('tells the behaviour how many times the job was handed over, and passes its rejection on', async () => {
    const recorder = new JobRecorder();
    const job = recorder.job();
    recorder.behaviour = (_, handover) => {
      if (handover === 1) throw new Error('first attempt fails');
    };

    await expect(recorder.handler(job)).rejects.toThrow('first attempt fails');
    await expect(recorder.handler(job)).resolves.toBeUndefined();
    expect(recorder.count(job)).toBe(2);
  });
});
