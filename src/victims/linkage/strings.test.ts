import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler } from './strings.ts';

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['محمد', 'محمود', 0.953],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });
  it('is 1 for equal strings and 0 with nothing in common', () => {
    expect(jaroWinkler('omar', 'omar')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'x')).toBe(0);
  });
});

describe('editDistance', () => {
  it('counts edits, an adjacent swap as one', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('1971-06-24', '1971-06-42')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('stops early past the bound', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
