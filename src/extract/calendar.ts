/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so no time zone shifts a day. */
const dayMs = 86_400_000;

export function parseIso(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

export function toIso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return toIso(new Date(parseIso(iso).getTime() + days * dayMs));
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOf(iso: string): number {
  return parseIso(iso).getUTCDay();
}

/** The latest date on or before `iso` that falls on `weekday` ("on Saturday" in a Sunday paper). */
export function weekdayOnOrBefore(iso: string, weekday: number, strictlyBefore = false): string {
  let back = (weekdayOf(iso) - weekday + 7) % 7;
  if (back === 0 && strictlyBefore) back = 7;
  return addDays(iso, -back);
}

/** Monday..Sunday of the week holding `iso`. */
export function weekOf(iso: string): { start: string; end: string } {
  const back = (weekdayOf(iso) + 6) % 7;
  const start = addDays(iso, -back);
  return { start, end: addDays(start, 6) };
}

export function monthRange(year: number, month: number): { start: string; end: string } {
  const start = toIso(new Date(Date.UTC(year, month - 1, 1)));
  const end = toIso(new Date(Date.UTC(year, month, 0)));
  return { start, end };
}

export function isValidDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isoDay(year: number, month: number, day: number): string {
  return toIso(new Date(Date.UTC(year, month - 1, day)));
}
