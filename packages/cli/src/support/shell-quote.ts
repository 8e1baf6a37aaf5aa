/**
 * Quotes a word for a POSIX shell: unchanged when it is plainly safe, else in single quotes.
 *
 * @example
 * shellQuote("it's"); // 'it'\''s'
 */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
