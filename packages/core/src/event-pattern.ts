import { MODEL_ACTIONS, type ModelAction } from './event.js';

const SEGMENT = /^([a-z0-9_-]+|\*)$/i;

/** Why `pattern` is not a valid entry of an endpoint's `events`, or `undefined` when it is. */
export function eventPatternProblem(pattern: unknown): string | undefined {
  if (typeof pattern !== 'string' || pattern === '') return 'must be a non-empty string';
  if (pattern === '*' || MODEL_ACTIONS.includes(pattern as ModelAction)) return undefined;
  const segments = pattern.split('.');
  if (segments.length >= 2 && segments.every((s) => SEGMENT.test(s))) return undefined;
  return (
    `"${pattern}" is not a known event: use created, updated, deleted, ` +
    'a full name like "order.paid", or a wildcard like "order.*" or "*"'
  );
}

/**
 * Compiles an endpoint's `events` list into a predicate on event names.
 * `created` matches every `<model>.created`; `order.*` matches `order.paid`
 * and `order.created`; `*` matches everything.
 */
export function compileEventPatterns(patterns: readonly string[]): (eventName: string) => boolean {
  if (patterns.includes('*')) return () => true;
  const exact = new Set<string>();
  const actions = new Set<string>();
  const wildcards: RegExp[] = [];
  for (const p of patterns) {
    if (MODEL_ACTIONS.includes(p as ModelAction)) actions.add(p);
    else if (p.includes('*')) wildcards.push(wildcardRegExp(p));
    else exact.add(p);
  }
  return (name) => {
    if (exact.has(name)) return true;
    const dot = name.lastIndexOf('.');
    if (dot >= 0 && actions.has(name.slice(dot + 1))) return true;
    return wildcards.some((re) => re.test(name));
  };
}

function wildcardRegExp(pattern: string): RegExp {
  // A trailing `*` matches one or more further segments (`order.*` matches `order.item.added`);
  // elsewhere `*` matches exactly one segment (`*.created`).
  const parts = pattern.split('.');
  const source = parts
    .map((part, i) => {
      if (part !== '*') return part;
      return i === parts.length - 1 ? '[^.]+(?:\\.[^.]+)*' : '[^.]+';
    })
    .join('\\.');
  return new RegExp(`^${source}$`, 'i');
}
