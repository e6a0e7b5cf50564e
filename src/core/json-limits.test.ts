import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';
import { TallyError } from './errors.ts';
import { jsonTextDepth, MAX_JSON_DEPTH, valueDepth } from './json-limits.ts';
import { unstorableTextError } from './unstorable-text.ts';

/** A value nested `levels` deep, built without recursion. */
function nested(levels: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i += 1) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('json limits', () => {
  it('measures text depth outside strings, in one pass', () => {
    expect(jsonTextDepth('{"a":[1,{"b":"[[[[{{"}]}')).toBe(3);
    expect(jsonTextDepth('"\\"[["')).toBe(0);
    expect(jsonTextDepth('['.repeat(1_000_000))).toBe(MAX_JSON_DEPTH + 1);
  });

  it('measures value depth without recursion, at any depth', () => {
    expect(valueDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(valueDepth(nested(200_000))).toBe(MAX_JSON_DEPTH + 1);
  });

  it('refuses to canonicalise a value nested past the limit, with a 400, not a stack overflow', () => {
    for (const levels of [MAX_JSON_DEPTH + 1, 5_000, 100_000]) {
      const error = (() => {
        try {
          canonicalJson(nested(levels));
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(TallyError);
      expect((error as TallyError).status).toBe(400);
    }
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toContain('{"a":');
  });

  it('finds unstorable text at any depth without overflowing the stack', () => {
    const error = unstorableTextError(nested(100_000, 'x\u0000'));
    expect(error?.fields[0]?.field.split('.')).toHaveLength(100_000);
    expect(unstorableTextError(nested(100_000, 'fine'))).toBeNull();
    expect(unstorableTextError({ b: ['ok', { c: '\ud800' }] })?.fields[0]?.field).toBe('b.1.c');
  });
});
