import { describe, expect, it } from 'vitest';
import { prettyJson } from './pretty-json.js';

// What the reader sees: the markup gone, the entities read.
const text = (json: string) =>
  prettyJson(json)
    ?.value.replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

describe('prettyJson', () => {
  it('indents a body and keeps every value exactly as it was signed', () => {
    expect(text('{"id":12345678901234567890,"total":1.10,"tags":[],"o":{},"a":[1,{"b":null}],"s":"x\\"y"}')).toBe(
      '{\n  "id": 12345678901234567890,\n  "total": 1.10,\n  "tags": [],\n  "o": {},\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "s": "x\\"y"\n}',
    );
  });

  it('marks keys, strings, numbers and literals, escaping their text', () => {
    expect(prettyJson('{"<k>":"<v>","n":-1e3,"t":true}')!.value).toBe(
      '{\n  <span class="j-key">&quot;&lt;k&gt;&quot;</span>: <span class="j-str">&quot;&lt;v&gt;&quot;</span>,\n' +
        '  <span class="j-key">&quot;n&quot;</span>: <span class="j-num">-1e3</span>,\n  <span class="j-key">&quot;t&quot;</span>: <span class="j-lit">true</span>\n}',
    );
  });

  it('gives up on text that is not JSON-shaped', () => {
    for (const bad of ['', '<html>', '{"a":1', '{"a":1}}', '"open']) expect(prettyJson(bad), bad).toBeUndefined();
  });
});
