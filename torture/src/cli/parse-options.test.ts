import { describe, expect, it } from 'vitest';
import { parseTortureOptions, UsageError } from './parse-options.js';

describe('parseTortureOptions', () => {
  it('runs 12 combinations and the two-sender pair, 8 kills each, by default', () => {
    const options = parseTortureOptions([]);
    expect(options.combinations).toHaveLength(13);
    expect(options.combinations.at(-1)!.name).toBe('sequelize:postgres:memory:x2');
    expect(options).toMatchObject({ kills: 8, latencyMs: 50, killWindowMs: [300, 3000], rate: 30 });
  });

  it('kills 25 times with --full', () => {
    expect(parseTortureOptions(['--full']).kills).toBe(25);
  });

  it('filters with --only, repeated or as a comma list', () => {
    const names = (argv: string[]) => parseTortureOptions(argv).combinations.map((c) => c.name);
    expect(names(['--only', 'mikro-orm:sqlite:kafka', '--only', 'sequelize:postgres:memory:x2'])).toEqual([
      'mikro-orm:sqlite:kafka',
      'sequelize:postgres:memory:x2',
    ]);
    expect(names(['--only', 'sequelize:mariadb:memory,mikro-orm:postgres:memory'])).toHaveLength(2);
  });

  it('makes another pair with --pair', () => {
    expect(parseTortureOptions(['--pair', 'mikro-orm:mariadb:kafka']).combinations.at(-1)!.name).toBe('mikro-orm:mariadb:kafka:x2');
  });

  it('refuses a combination it does not know, naming what is wrong', () => {
    expect(() => parseTortureOptions(['--only', 'typeorm:postgres:memory'])).toThrow(/--only: "typeorm:postgres:memory" .*orm must be one of/);
    expect(() => parseTortureOptions(['--kills', 'many'])).toThrow(UsageError);
    expect(() => parseTortureOptions(['--kill-window', '3000-300'])).toThrow(/--kill-window/);
  });
});
