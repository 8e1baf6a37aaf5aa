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

describe('id layout', () => {
  it('carries the creation time in its first ten characters', () => {
    const at = 2_000_000_000_123; // later than any id made above: the clock never steps back here
    const time = createDeliveryId(at).slice(4, 14);
    const decoded = [...time].reduce((value, c) => value * 32 + '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c), 0);
    expect(decoded).toBe(at);
  });
});
