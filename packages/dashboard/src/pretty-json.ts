import { escapeHtml, Html } from './html.js';

// One JSON token: a string, a run of number or literal characters, or punctuation.
const TOKEN = /\s*("(?:[^"\\\u0000-\u001f]|\\.)*"|[-+.\w]+|[{}[\],:])/y;

/**
 * A JSON text indented for reading, with keys, strings, numbers and literals marked for
 * colour. Tokens are copied as they are, never parsed and printed again, so the body shows
 * exactly the values that were signed (a 20-digit id keeps its digits). Undefined when the
 * text is not JSON-shaped.
 */
export function prettyJson(text: string): Html | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) return text.slice(start).trim() === '' ? format(tokens) : undefined;
    tokens.push(match[1]!);
  }
  return format(tokens);
}

function format(tokens: string[]): Html | undefined {
  if (tokens.length === 0) return undefined;
  let out = '';
  let depth = 0;
  const newline = () => `\n${'  '.repeat(depth)}`;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    if (token === '{' || token === '[') {
      const close = token === '{' ? '}' : ']';
      if (next === close) {
        out += token + close;
        i++;
        continue;
      }
      depth++;
      out += token + newline();
    } else if (token === '}' || token === ']') {
      if (--depth < 0) return undefined;
      out += newline() + token;
    } else if (token === ',') {
      out += `,${newline()}`;
    } else if (token === ':') {
      out += ': ';
    } else {
      const kind = token.startsWith('"') ? (next === ':' ? 'key' : 'str') : /^[-\d]/.test(token) ? 'num' : 'lit';
      out += `<span class="j-${kind}">${escapeHtml(token)}</span>`;
    }
  }
  return depth === 0 ? new Html(out) : undefined;
}
