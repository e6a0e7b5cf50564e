import { describe, expect, it } from 'vitest';
import { tokenize } from '../text.ts';
import { parseCountAt } from './numbers.ts';

const count = (text: string) => parseCountAt(tokenize(text), text, 0)?.count ?? null;

describe('parseCountAt', () => {
  it.each([
    ['13 children', { qualifier: 'exact', min: 13, best: 13, max: 13, text: '13' }],
    ['thirteen children', { qualifier: 'exact', best: 13 }],
    ['twenty-three people', { qualifier: 'exact', best: 23 }],
    ['two hundred people', { qualifier: 'exact', best: 200 }],
    ['45,000 people', { qualifier: 'exact', best: 45_000 }],
    ['1.5 million people', { qualifier: 'exact', best: 1_500_000 }],
    ['half a million people', { best: 500_000 }],
    ['a dozen soldiers', { qualifier: 'approx', best: 12 }],
    ['at least 38 people', { qualifier: 'at_least', min: 38, best: 38, max: null, text: 'at least 38' }],
    ['more than 300 bodies', { qualifier: 'at_least', min: 300 }],
    ['up to 100 people', { qualifier: 'at_most', best: 100, max: 100, min: null }],
    ['nearly 700 people', { qualifier: 'approx', best: 700 }],
    ['some 20 people', { qualifier: 'approx', best: 20 }],
    [
      'between 10 and 15 gunmen',
      { qualifier: 'range', min: 10, max: 15, best: null, text: 'between 10 and 15' },
    ],
    ['10 to 15 gunmen', { qualifier: 'range', min: 10, max: 15 }],
    ['two or three people', { qualifier: 'range', min: 2, max: 3 }],
    ['dozens of people', { qualifier: 'vague', min: 12, best: 12, text: 'dozens' }],
    ['scores of people', { qualifier: 'vague', best: 20 }],
    ['hundreds of people', { qualifier: 'vague', best: 100 }],
    ['tens of thousands of people', { qualifier: 'vague', best: 10_000, text: 'tens of thousands' }],
    ['several people', { qualifier: 'vague', best: 3 }],
  ])('reads "%s"', (text, expected) => {
    expect(count(text)).toMatchObject(expected);
  });

  it('reads "a" as one only for a following victim noun, which the caller checks', () => {
    const parsed = parseCountAt(tokenize('a rebel'), 'a rebel', 0);
    expect(parsed).toMatchObject({ article: true, count: { best: 1 } });
  });

  it('finds no number in plain words', () => {
    expect(count('the army')).toBeNull();
    expect(count('370-kilometre-long border')).toBeNull();
  });
});
