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

describe('random part', () => {
  const decode = (text: string) => [...text].reduce((value, c) => value * 32n + BigInt('0123456789ABCDEFGHJKMNPQRSTVWXYZ'.indexOf(c)), 0n);

  it('encodes all 80 bits, most significant first: ids of one millisecond count up by one', () => {
    const at = 2_100_000_000_000;
    const ids = Array.from({ length: 600 }, () => createEventId(at));
    const values = ids.map((id) => decode(id.slice(14)));
    for (let i = 1; i < values.length; i++) {
      // Crossing 2^80 would wrap to a smaller value; 80 random bits sit that close to the top with chance 2^-70.
      expect(values[i]! - values[i - 1]!).toBe(1n);
    }
    expect(values.every((value) => value < 2n ** 80n)).toBe(true);
  });

  it('uses every bit: over many milliseconds each of the 80 bits is seen both set and clear', () => {
    let seenSet = 0n;
    let seenClear = 0n;
    for (let i = 0; i < 400; i++) {
      const value = decode(createEventId(2_200_000_000_000 + i).slice(14));
      seenSet |= value;
      seenClear |= ~value & (2n ** 80n - 1n);
    }
    expect(seenSet).toBe(2n ** 80n - 1n);
    expect(seenClear).toBe(2n ** 80n - 1n);
  });
});
