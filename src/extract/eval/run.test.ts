import { describe, expect, it } from 'vitest';
import { outcomes } from '../../intake/claim.ts';
import { loadBundledResolver } from '../places.ts';
import { evaluate, readDevSet } from './run.ts';

describe('the extraction development set', () => {
  const items = readDevSet();

  it('has at least 40 texts, including the real AFP wire, with well-formed expectations', () => {
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.some((item) => item.id.startsWith('afp-2012-12-30'))).toBe(true);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    for (const item of items) {
      for (const [index, claim] of item.expected.entries()) {
        expect(outcomes).toContain(claim.outcome);
        expect(claim.best != null || (claim.min != null && claim.max != null)).toBe(true);
        if (claim.part_of != null) expect(claim.part_of).not.toBe(index);
        if (claim.date) expect(claim.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    expect(items.filter((item) => item.expected.length === 0).length).toBeGreaterThanOrEqual(5);
  });

  it('meets the targets: claim F1, governorate and date accuracy at least 0.9', async () => {
    const { summary } = evaluate(items, await loadBundledResolver());
    expect(summary.f1).toBeGreaterThanOrEqual(0.9);
    expect(summary.admin1).toBeGreaterThanOrEqual(0.9);
    expect(summary.date).toBeGreaterThanOrEqual(0.9);
  });

  it('finds no claims in the texts that have none', async () => {
    const resolver = await loadBundledResolver();
    const empty = items.filter((item) => item.expected.length === 0);
    const { total } = evaluate(empty, resolver);
    expect(total.predicted).toBe(0);
  });
});
