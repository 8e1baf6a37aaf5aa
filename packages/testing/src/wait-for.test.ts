import { describe, expect, it } from 'vitest';
import { waitFor } from './wait-for.js';

describe('waitFor', () => {
  it('resolves once the condition holds', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 20);
    await expect(waitFor(() => ready, { timeoutMs: 1000 })).resolves.toBeUndefined();
  });

  it('rejects after the timeout, naming what it waited for', async () => {
    await expect(waitFor(() => false, { timeoutMs: 30, what: 'the answer' })).rejects.toThrow(
      'Timed out after 30 ms waiting for the answer',
    );
  });
});
