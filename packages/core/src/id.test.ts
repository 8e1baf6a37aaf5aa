import { describe, expect, it } from 'vitest';
import { createDeliveryId, createEventId } from './id.js';

describe('createEventId', () => {
  it('is evt_ followed by 26 Crockford base32 characters', () => {
    expect(createEventId()).toMatch(/^evt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(createDeliveryId()).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts by creation order, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => createEventId(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('starts a new random run in a later millisecond and stays increasing if the clock steps back', () => {
    const early = createEventId(1_900_000_000_000);
    const later = createEventId(1_900_000_000_500);
    const afterClockStepBack = createEventId(1_900_000_000_100);
    expect(later.slice(4, 14)).not.toBe(early.slice(4, 14));
    expect(early < later && later < afterClockStepBack).toBe(true);
  });
});
