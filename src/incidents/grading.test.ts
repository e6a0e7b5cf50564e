import { describe, expect, it } from 'vitest';
import { figuresDisagree, gradeIncident } from './grading.ts';

const base = { independentSources: 1, anyAccepted: true, figureDisputes: [], perpetrators: [] };

describe('gradeIncident', () => {
  it('grades by independent sources: weak for one, fair for two', () => {
    expect(gradeIncident(base).grade).toBe('weak');
    expect(gradeIncident({ ...base, independentSources: 2 }).grade).toBe('fair');
  });
  it('leaves machine proposals unverified', () => {
    expect(gradeIncident({ ...base, independentSources: 3, anyAccepted: false }).grade).toBe('unverified');
  });
  it('contests disputed figures or perpetrators, saying which', () => {
    const r = gradeIncident({ ...base, independentSources: 2, perpetrators: ['army', 'rebels'] });
    expect(r).toEqual({ grade: 'contested', reason: 'perpetrator disputed: army / rebels' });
  });
  it('confirms with verified evidence and corroboration, or acknowledgement', () => {
    expect(
      gradeIncident({ ...base, independentSources: 2, evidence: { verified: 1, unverified: 0, rejected: 0 } })
        .grade,
    ).toBe('confirmed');
    expect(gradeIncident({ ...base, evidence: { verified: 1, unverified: 0, rejected: 0 } }).grade).toBe(
      'weak',
    );
    expect(
      gradeIncident({ ...base, evidence: { verified: 0, unverified: 0, rejected: 0, acknowledged: true } })
        .grade,
    ).toBe('confirmed');
  });
  it('discounts a single-source incident whose only evidence was rejected', () => {
    const rejected = { verified: 0, unverified: 0, rejected: 2 };
    expect(gradeIncident({ ...base, evidence: rejected })).toEqual({
      grade: 'discounted',
      reason: '2 evidence item(s) rejected; 1 independent source',
    });
    expect(gradeIncident({ ...base, independentSources: 2, evidence: rejected }).grade).toBe('fair');
  });
  it("lets an analyst's override win, with the reason", () => {
    const r = gradeIncident({ ...base, override: { grade: 'discounted', reason: 'all were fighters' } });
    expect(r).toEqual({ grade: 'discounted', reason: 'analyst: all were fighters' });
  });
});

describe('figuresDisagree', () => {
  it('needs both the ratio and the absolute spread', () => {
    expect(figuresDisagree(4, 10, 0.5, 5)).toBe(true);
    expect(figuresDisagree(2, 6, 0.5, 5)).toBe(false);
    expect(figuresDisagree(90, 100, 0.5, 5)).toBe(false);
  });
});
