import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed } from './random.js';

describe('createRandom', () => {
  it('replays the same numbers for the same seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRandom(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays in range', () => {
    const random = createRandom(7);
    for (let i = 0; i < 1000; i++) {
      const n = random.int(300, 3000);
      expect(n).toBeGreaterThanOrEqual(300);
      expect(n).toBeLessThanOrEqual(3000);
    }
  });

  it('derives different seeds per label, so filtering combinations keeps each one\'s schedule', () => {
    expect(deriveSeed(1, 'sequelize:postgres:memory')).toBe(deriveSeed(1, 'sequelize:postgres:memory'));
    expect(deriveSeed(1, 'sequelize:postgres:memory')).not.toBe(deriveSeed(1, 'mikro-orm:postgres:memory'));
  });
});
