import { describe, expect, it } from 'vitest';
import type { ExtractedClaim } from '../extraction.ts';
import { loadBundledResolver } from '../places.ts';
import { maxWeightAssignment } from './hungarian.ts';
import { evaluateWires } from './run.ts';
import { readWireArticles, splitOf, type WireArticle } from './wires.ts';
import { scoreArticle } from './wires-score.ts';

describe('the real-wire development set', () => {
  const articles = readWireArticles();

  it('holds over 120 real articles with their URLs, split once into dev and test', () => {
    expect(articles.length).toBeGreaterThanOrEqual(120);
    expect(articles.every((a) => /^https?:\/\//.test(a.url))).toBe(true);
    const test = articles.filter((a) => splitOf(a.id) === 'test').length;
    expect(test / articles.length).toBeGreaterThan(0.15);
    expect(test / articles.length).toBeLessThan(0.45);
    expect(articles.filter((a) => a.expected.length === 0).length).toBeGreaterThanOrEqual(5);
  });

  it('keeps the extractor at or above its recorded level on both splits (docs/benchmarks.md)', async () => {
    const resolver = await loadBundledResolver();
    for (const split of ['dev', 'test'] as const) {
      const { summary } = evaluateWires(
        articles.filter((a) => splitOf(a.id) === split),
        resolver,
      );
      expect(summary.f1).toBeGreaterThanOrEqual(0.82);
    }
  });
});

describe('scoring one article', () => {
  const claim = (over: Partial<ExtractedClaim>): ExtractedClaim => ({
    outcome: 'killed',
    count: { text: '12', qualifier: 'exact', min: 12, best: 12, max: 12 },
    victims: { text: 'people', group: 'people', affiliation: null },
    place: null,
    date: null,
    cause: null,
    source: null,
    cumulative: false,
    provisional: false,
    verification: null,
    part_of: null,
    supersedes: null,
    span: [0, 0],
    also_at: [],
    ...over,
  });
  const text =
    'Car bomb kills 12\n\nA car bomb killed 12 people on Monday. The 12 dead included three children.';
  const gold = {
    outcome: 'killed' as const,
    qualifier: 'exact' as const,
    min: 12,
    best: 12,
    max: 12,
    group: 'people' as const,
    admin1: null,
    date: null,
    source: null,
    cumulative: false,
    part_of: null,
    supersedes: null,
    provisional: false,
    unverified: false,
    evidence: 'killed 12 people',
    also: ['kills 12', '12 dead'],
    tags: [],
  };
  const article: WireArticle = {
    id: 'x',
    url: 'https://example.org/x',
    outlet: 'AP',
    published: '2013-04-29',
    kinds: [],
    text,
    expected: [gold],
  };
  const at = (quote: string): [number, number] => [text.indexOf(quote), text.indexOf(quote) + quote.length];

  it('matches one to one, preferring the claim on the main telling, and counts retellings as repeats', () => {
    const score = scoreArticle(article, [
      claim({ span: at('kills 12') }),
      claim({ span: at('killed 12 people') }),
    ]);
    expect(score).toMatchObject({ matched: 1, repeats: 1, predicted: 2 });
    expect(score.problems).toEqual([expect.stringMatching(/^repeat: .*kills 12/)]);
  });

  it('needs words that overlap a telling, and the same number', () => {
    expect(scoreArticle(article, [claim({ span: at('three children') })]).matched).toBe(0);
    const thirteen = { text: '13', qualifier: 'exact' as const, min: 13, best: 13, max: 13 };
    expect(scoreArticle(article, [claim({ span: at('killed 12 people'), count: thirteen })]).matched).toBe(0);
  });

  it('finds the assignment of greatest weight', () => {
    expect(
      maxWeightAssignment([
        [5, 4],
        [4, 0],
      ]),
    ).toEqual([1, 0]);
    expect(
      maxWeightAssignment([
        [102, 0, 103],
        [0, 103, 0],
      ]),
    ).toEqual([2, 1]);
    expect(maxWeightAssignment([[0, 0]])).toEqual([-1]);
  });
});
