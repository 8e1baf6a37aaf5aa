/** A seeded source of numbers in [0, 1), so a run's kill schedule and writes can be replayed. */
export interface Random {
  (): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
}

/**
 * mulberry32: small, fast and good enough to schedule kills; never for secrets.
 *
 * @example
 * const random = createRandom(42);
 * const delayMs = random.int(300, 3000);
 */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (() => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }) as Random;
  next.int = (min, max) => min + Math.floor(next() * (max - min + 1));
  next.chance = (p) => next() < p;
  return next;
}

/**
 * A seed for one part of a run (a combination, a sender life), derived from the run's seed
 * and a label, so filtering combinations does not change the others' schedules.
 *
 * @example
 * deriveSeed(42, 'sequelize:postgres:memory', 'life', 3)
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let hash = seed >>> 0 || 1;
  for (const char of labels.join('/')) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash;
}
