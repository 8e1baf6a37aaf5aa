import { describe, expect, it } from 'vitest';
import { toJson } from './json.js';

describe('toJson', () => {
  it('renders dates as ISO strings and bigints as decimal strings', () => {
    expect(toJson({ at: new Date('2026-01-24T10:00:00Z'), big: 9007199254740993n })).toEqual({
      at: '2026-01-24T10:00:00.000Z',
      big: '9007199254740993',
    });
  });

  it('uses toJSON of decimal-like objects', () => {
    const decimal = { toJSON: () => '150.00' };
    expect(toJson({ total: decimal })).toEqual({ total: '150.00' });
  });

  it('omits undefined and functions in objects and nulls them in arrays', () => {
    expect(toJson({ a: undefined, b: () => 1, c: [undefined, 1] })).toEqual({ c: [null, 1] });
  });

  it('turns non-finite numbers and invalid dates into null', () => {
    expect(toJson([NaN, Infinity, new Date('nope')])).toEqual([null, null, null]);
  });

  it('renders bytes as base64, maps as objects and sets as arrays', () => {
    expect(toJson({ bytes: new Uint8Array([104, 105]), map: new Map([['k', 1]]), set: new Set(['x']) })).toEqual({
      bytes: 'aGk=',
      map: { k: 1 },
      set: ['x'],
    });
  });

  it('keeps nested objects and class instances as their own fields', () => {
    class Point {
      constructor(
        public x: number,
        public y: number,
      ) {}
    }
    expect(toJson({ meta: { at: new Point(1, 2), tags: ['a'] } })).toEqual({ meta: { at: { x: 1, y: 2 }, tags: ['a'] } });
  });

  it('names the path of a circular reference', () => {
    const a: Record<string, unknown> = { b: { c: {} } };
    (a.b as { c: Record<string, unknown> }).c.back = a;
    expect(() => toJson(a)).toThrow('circular reference at $.b.c.back');
  });

  it('allows the same object twice when it is not circular', () => {
    const shared = { v: 1 };
    expect(toJson({ x: shared, y: shared })).toEqual({ x: { v: 1 }, y: { v: 1 } });
  });
});

describe('toJson: awkward keys', () => {
  it('keeps an own __proto__ key as data', () => {
    const parsed = JSON.parse('{"__proto__": {"admin": true}, "id": 1}');
    const json = toJson(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
    expect((json as { admin?: unknown }).admin).toBeUndefined();
    expect(JSON.stringify(json)).toBe('{"__proto__":{"admin":true},"id":1}');
  });

  it('names array indexes and map keys in the path of a cycle', () => {
    const inner: Record<string, unknown> = {};
    inner.self = [new Map([['k', inner]])];
    expect(() => toJson({ list: [inner] })).toThrow('circular reference at $.list[0].self[0].k');
  });
});
