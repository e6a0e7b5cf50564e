import { describe, expect, it } from 'vitest';
import { defaultTollSettings } from '../tolls/toll-settings.ts';
import {
  type CountableClaim,
  computeCounts,
  groupFigure,
  residual,
  rollUpCounts,
} from './consolidate.counts.ts';

let n = 0;
const claim = (over: Partial<CountableClaim>): CountableClaim => ({
  id: `c${++n}`,
  report_id: `r${n}`,
  received_order: n,
  independence_group: `g${n}`,
  outcome: 'killed',
  victim_group: 'people',
  count_min: 10,
  count_best: 10,
  count_max: 10,
  part_of_id: null,
  ...over,
});
const exact = (v: number, over: Partial<CountableClaim> = {}) =>
  claim({ count_min: v, count_best: v, count_max: v, ...over });

describe('computeCounts', () => {
  it('gives lowest, median and highest across independent sources, naming each rule', () => {
    const [c] = computeCounts([exact(9), exact(13), exact(15)]);
    expect(c).toMatchObject({
      low: 9,
      best: 13,
      high: 15,
      source_groups: ['g1', 'g2', 'g3'].map((_, i) => `g${n - 2 + i}`),
    });
    expect(c?.low_rule).toMatch(/^conservative/);
    expect(c?.best_rule).toMatch(/median of 3 independent sources/);
    expect(c?.high_rule).toMatch(/^range/);
  });

  it('lets the latest report of one independence group speak for it: re-reporting is not corroboration', () => {
    const [c] = computeCounts([
      exact(12, { independence_group: 'sohr' }),
      exact(20, { independence_group: 'sohr' }),
    ]);
    expect(c).toMatchObject({ low: 20, best: 20, high: 20, source_groups: ['sohr'] });
  });

  it('adds distinct claims of one report but not a breakdown inside its total', () => {
    const total = exact(12, { report_id: 'r', independence_group: 'x' });
    const same = exact(5, { report_id: 'r', independence_group: 'x', part_of_id: total.id });
    const other = exact(3, { report_id: 'r', independence_group: 'x' });
    expect(computeCounts([total, same, other])[0]).toMatchObject({ low: 15, best: 15, high: 15 });
  });

  it('ignores claims without a number', () => {
    expect(computeCounts([claim({ count_min: null, count_best: null, count_max: null })])).toEqual([]);
  });
});

describe('rollUpCounts and groupFigure', () => {
  const parents = defaultTollSettings.victimGroupParents;
  it('takes a total over its breakdown, never their sum', () => {
    const counts = computeCounts([
      exact(14, { victim_group: 'civilians' }),
      exact(9, { victim_group: 'children' }),
      exact(8, { victim_group: 'security_forces' }),
    ]);
    const [all] = rollUpCounts(counts, parents);
    expect([all?.low, all?.best, all?.high]).toEqual([22, 22, 22]);
    expect(groupFigure(counts, 'killed', 'civilians', parents)).toEqual({ low: 14, best: 14, high: 14 });
  });
  it('sums subgroups when they exceed the stated total', () => {
    const counts = computeCounts([
      exact(5, { victim_group: 'civilians' }),
      exact(4, { victim_group: 'children' }),
      exact(3, { victim_group: 'women' }),
    ]);
    expect(groupFigure(counts, 'killed', 'civilians', parents)).toEqual({ low: 7, best: 7, high: 7 });
  });
});

describe('residual', () => {
  it('is what a total leaves beyond its parts, as a range', () => {
    expect(
      residual({ low: 23, best: 23, high: 23 }, [
        { low: 13, best: 13, high: 13 },
        { low: 10, best: 10, high: 10 },
      ]),
    ).toBeNull();
    expect(residual({ low: 30, best: 30, high: 30 }, [{ low: 9, best: 13, high: 15 }])).toEqual({
      low: 15,
      best: 17,
      high: 21,
    });
  });
});
