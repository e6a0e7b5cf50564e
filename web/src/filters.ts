import { qs } from './api.ts';

export const allGrades = ['unverified', 'weak', 'fair', 'confirmed', 'contested', 'discounted'] as const;
export const headlineGrades = ['fair', 'confirmed'];
export const outcomes = ['killed', 'injured', 'missing', 'detained', 'displaced'] as const;
export const groups = [
  'all',
  'civilians',
  'children',
  'women',
  'men',
  'combatants',
  'security_forces',
  'protesters',
  'unknown',
] as const;

/** The dashboard's filters, exactly as they stand in its URL (so a view can be shared). */
export interface Filters {
  from: string;
  to: string;
  admin1: string | undefined;
  group: string;
  outcome: string;
  grades: string[];
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const isDay = (value: string | null): value is string => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

export function defaultRange(today = new Date()): { from: string; to: string } {
  const from = new Date(today);
  from.setUTCFullYear(from.getUTCFullYear() - 1);
  from.setUTCDate(from.getUTCDate() + 1);
  return { from: isoDay(from), to: isoDay(today) };
}

export function readFilters(params: URLSearchParams): Filters {
  const range = defaultRange();
  const grades = (params.get('grades') ?? '')
    .split(',')
    .filter((g) => (allGrades as readonly string[]).includes(g));
  const from = params.get('from');
  const to = params.get('to');
  return {
    from: isDay(from) ? from : range.from,
    to: isDay(to) ? to : range.to,
    admin1: params.get('province') || undefined,
    group: params.get('group') || 'all',
    outcome: (outcomes as readonly string[]).includes(params.get('outcome') ?? '')
      ? (params.get('outcome') as string)
      : 'killed',
    grades: grades.length > 0 ? grades : headlineGrades,
  };
}

/** The toll API's query for these filters, broken down by `by`. */
export function tollQuery(filters: Filters, by: string, withGroup = true): string {
  return qs({
    from: filters.from,
    to: filters.to,
    by,
    outcome: filters.outcome,
    group: withGroup && filters.group !== 'all' ? filters.group : undefined,
    grades: filters.grades.join(','),
    admin1: filters.admin1,
  });
}

/** The incidents behind a figure, as the web app's incident list (from the figure's API link). */
export function incidentsLink(apiHref: string): string {
  const query = apiHref.split('?')[1] ?? '';
  return `/incidents${query ? `?${query}` : ''}`;
}
