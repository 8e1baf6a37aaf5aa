/** The ORM adapters under test. */
export const ORMS = ['sequelize', 'mikro-orm'] as const;
/** The databases under test (SQLite as a file). */
export const DIALECTS = ['sqlite', 'postgres', 'mariadb'] as const;
/** The transports under test. */
export const TRANSPORTS = ['memory', 'kafka'] as const;

export type Orm = (typeof ORMS)[number];
export type Dialect = (typeof DIALECTS)[number];
export type TransportKind = (typeof TRANSPORTS)[number];

/** One stack to torture, with how many sender processes run at once on its database. */
export interface Combination {
  orm: Orm;
  dialect: Dialect;
  transport: TransportKind;
  senders: number;
  /** `sequelize:postgres:memory`, with `:x2` when two senders run at once. */
  name: string;
}

/** Builds a combination; `senders` above 1 adds `:x<senders>` to its name. */
export function combination(orm: Orm, dialect: Dialect, transport: TransportKind, senders = 1): Combination {
  const name = `${orm}:${dialect}:${transport}${senders > 1 ? `:x${senders}` : ''}`;
  return { orm, dialect, transport, senders, name };
}

/**
 * Parses `orm:db:transport` (optionally `:x<senders>`), e.g. `mikro-orm:sqlite:kafka` or
 * `sequelize:postgres:memory:x2`; throws an error naming what is wrong.
 */
export function parseCombination(text: string): Combination {
  const [orm, dialect, transport, extra, ...rest] = text.trim().split(':');
  const problems: string[] = [];
  if (!ORMS.includes(orm as Orm)) problems.push(`orm must be one of ${ORMS.join(', ')}`);
  if (!DIALECTS.includes(dialect as Dialect)) problems.push(`db must be one of ${DIALECTS.join(', ')}`);
  if (!TRANSPORTS.includes(transport as TransportKind)) problems.push(`transport must be one of ${TRANSPORTS.join(', ')}`);
  const senders = extra === undefined ? 1 : /^x[1-9]\d*$/.test(extra) ? Number(extra.slice(1)) : NaN;
  if (Number.isNaN(senders) || rest.length > 0) problems.push('only `:x<senders>` may follow the transport');
  if (problems.length > 0) throw new Error(`"${text}" is not <orm>:<db>:<transport>[:x<senders>]: ${problems.join('; ')}`);
  return combination(orm as Orm, dialect as Dialect, transport as TransportKind, senders);
}

/** Every ORM × database × transport with one sender, then `pair` run with two senders at once. */
export function allCombinations(pair: Combination): Combination[] {
  const list = ORMS.flatMap((orm) => DIALECTS.flatMap((dialect) => TRANSPORTS.map((transport) => combination(orm, dialect, transport))));
  return [...list, combination(pair.orm, pair.dialect, pair.transport, 2)];
}

/**
 * Keeps the combinations `only` names. A name without `:x<n>` picks just the single-sender run;
 * one that names a combination not in the list (another pair) is added.
 */
export function selectCombinations(all: Combination[], only: readonly string[]): Combination[] {
  if (only.length === 0) return all;
  return only.map(parseCombination).map((wanted) => all.find((c) => c.name === wanted.name) ?? wanted);
}
