import { describe, expect, it } from 'vitest';
import { parseLooseDate } from './dates.ts';

describe('parseLooseDate', () => {
  it.each([
    ['2012-12-29', '2012-12-29', 'day'],
    ['2012/12/29', '2012-12-29', 'day'],
    ['29-12-2012', '2012-12-29', 'day'],
    ['29/12/2012', '2012-12-29', 'day'],
    ['20121229', '2012-12-29', 'day'],
    ['٢٩-١٢-٢٠١٢', '2012-12-29', 'day'],
    ['2012-12-00', '2012-12-01', 'month'],
    ['2012-00-00', '2012-01-01', 'year'],
  ])('reads %s', (text, start, precision) => {
    expect(parseLooseDate(text)).toMatchObject({ start, precision });
  });
  it('treats placeholders as unknown and refuses nonsense', () => {
    expect(parseLooseDate('0000-00-00')).toBeNull();
    expect(parseLooseDate('')).toBeNull();
    expect(() => parseLooseDate('2012-02-30')).toThrow(/day out of range/);
    expect(() => parseLooseDate('yesterday')).toThrow(/not a date/);
  });
});
