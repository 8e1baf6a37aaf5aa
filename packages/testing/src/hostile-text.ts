import fc from 'fast-check';

// Pieces that end or bend an SQL literal in some dialect or driver: quotes, escapes,
// placeholders, comments, statement ends, NUL, and multi-byte and invisible characters.
const PIECES = ["'", "''", '\\', "\\'", '"', '`', '$$', '$1', '?', '??', ':name', '--', '/*', '*/', ';', '\0', '\x1a', '\r', '\n', 'COMMIT; END', '😀', 'é', '\u2028', '\uFEFF'];

/**
 * Texts made of those pieces and arbitrary well-formed Unicode, for property tests of
 * anything that puts a text into SQL. Lone surrogates are left out: no path can store them
 * as UTF-8.
 *
 * @example
 * await fc.assert(fc.asyncProperty(hostileText, async (text) => expect(await roundTrip(text)).toBe(text)));
 */
export const hostileText: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 24 })
  .map((parts) => parts.join(''))
  .filter((text) => new TextDecoder().decode(new TextEncoder().encode(text)) === text);
