import { describe, expect, it } from 'vitest';
import { parseStrictJson, StrictJsonError } from '../../../functions/http/json.js';

describe('parseStrictJson', () => {
  it('parses what JSON.parse parses when every key is unique and every string is text', () => {
    const text = '{"a":1,"b":{"a":[{"a":"x","b":"\\"}{,"}],"c":"€😀"},"d":[1,"a",{"a":null}]}';
    expect(parseStrictJson(text)).toEqual(JSON.parse(text));
  });

  it('refuses a key repeated in one object, at any depth, however it is escaped', () => {
    for (const text of ['{"a":1,"a":2}', '{"x":{"b":1,"c":2,"b":3}}', '[{"k":1},{"k":1,"k":2}]', '{"ab":1,"a\\u0062":2}']) {
      expect(() => parseStrictJson(text), text).toThrow(StrictJsonError);
    }
  });

  it('refuses a lone surrogate in a key or a value, accepts a pair', () => {
    expect(() => parseStrictJson('{"a":"\\ud800"}')).toThrow(/lone surrogate/);
    expect(() => parseStrictJson('{"\\udc00":1}')).toThrow(/lone surrogate/);
    expect(() => parseStrictJson('["x\\ud83dy"]')).toThrow(/lone surrogate/);
    expect(parseStrictJson('{"a":"\\ud83d\\ude00"}')).toEqual({ a: '😀' });
  });

  it('leaves malformed JSON to JSON.parse’s own error', () => {
    expect(() => parseStrictJson('{"a":')).toThrow(SyntaxError);
  });
});
