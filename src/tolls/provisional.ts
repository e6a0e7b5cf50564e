import type { PlaceTree } from '../incidents/consolidate.cluster.ts';

/**
 * Whether a toll cell is still provisional, and why, in words an editor can print. A cell covers
 * a period and an area (null: every area). Pure, so the rules are tested without a database.
 */
export interface ProvisionalContext {
  today: string;
  delayDays: number;
  tree: PlaceTree;
  placeName: (id: string, lang?: 'en' | 'ar') => string;
  isCountry: (id: string) => boolean;
  /** Closed days: place id -> set of days. */
  closures: Map<string, Set<string>>;
  disruptions: Array<{ place_id: string; since: string; until: string | null; reason: string }>;
}

const DAY = 86_400_000;
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(day) + n * DAY).toISOString().slice(0, 10);

export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 8000; d = addDays(d, 1)) days.push(d);
  return days;
}

/** A closure or disruption on `place` concerns `area` when one lies within the other (or area is everywhere). */
function covers(ctx: ProvisionalContext, place: string, area: string | null): boolean {
  if (area === null) return ctx.isCountry(place);
  return ctx.tree.ancestors(area).has(place);
}

function touches(ctx: ProvisionalContext, place: string, area: string | null): boolean {
  if (area === null) return true;
  return ctx.tree.ancestors(area).has(place) || ctx.tree.ancestors(place).has(area);
}

export type ProvisionalCause =
  | { kind: 'delay'; openDays: string[]; settledOn: string; delayDays: number }
  | {
      kind: 'disrupted';
      placeId: string;
      placeName: string;
      placeNameAr: string;
      since: string;
      until: string | null;
      reason: string;
    };

export function provisionalCauses(
  ctx: ProvisionalContext,
  area: string | null,
  periodStart: string,
  periodEnd: string,
): ProvisionalCause[] {
  const causes: ProvisionalCause[] = [];
  const settledOn = addDays(periodEnd, ctx.delayDays);
  if (settledOn > ctx.today) {
    // Only days still inside the delay are open: older days of a long period have settled.
    const firstOpen = addDays(ctx.today, 1 - ctx.delayDays);
    const openDays = daysBetween(periodStart < firstOpen ? firstOpen : periodStart, periodEnd).filter(
      (day) => ![...ctx.closures].some(([place, days]) => days.has(day) && covers(ctx, place, area)),
    );
    if (openDays.length > 0) causes.push({ kind: 'delay', openDays, settledOn, delayDays: ctx.delayDays });
  }
  for (const d of ctx.disruptions) {
    if (d.since > periodEnd || (d.until !== null && d.until < periodStart)) continue;
    if (!touches(ctx, d.place_id, area)) continue;
    causes.push({
      kind: 'disrupted',
      placeId: d.place_id,
      placeName: ctx.placeName(d.place_id),
      placeNameAr: ctx.placeName(d.place_id, 'ar'),
      since: d.since,
      until: d.until,
      reason: d.reason,
    });
  }
  return causes;
}

/** A cause in words; the analyst's own reason for a disruption is quoted as written. */
export function describeCause(cause: ProvisionalCause, lang: 'en' | 'ar' = 'en'): string {
  if (cause.kind === 'delay') {
    const days = cause.openDays.length === 1 ? cause.openDays[0] : `${cause.openDays.length} days`;
    return lang === 'en'
      ? `figures for ${days} may still change until ${cause.settledOn} (reporting delay of ${cause.delayDays} days), unless an analyst closes them`
      : `قد تتغير الأرقام حتى ${cause.settledOn} بسبب تأخر وصول التقارير`;
  }
  if (lang === 'ar') {
    const span = cause.until ? `من ${cause.since} حتى ${cause.until}` : `منذ ${cause.since}`;
    return `تعطل وصول التقارير من ${cause.placeNameAr} ${span} (${cause.reason})`;
  }
  const span = cause.until ? `from ${cause.since} to ${cause.until}` : `since ${cause.since}`;
  return `reporting disrupted in ${cause.placeName} ${span}: ${cause.reason}`;
}

export function provisionalReasons(
  ctx: ProvisionalContext,
  area: string | null,
  periodStart: string,
  periodEnd: string,
): string[] {
  return provisionalCauses(ctx, area, periodStart, periodEnd).map((c) => describeCause(c));
}
