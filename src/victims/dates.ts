/**
 * Dates as victim lists write them: "2012-12-29", "2012/12/29", "29-12-2012", "29/12/2012",
 * "20121229", and placeholders such as "0000-00-00" or "2012-00-00" for an unknown day or month.
 * The result keeps the precision, so a list that only knew the month never looks exact.
 */
export type DatePrecision = 'day' | 'month' | 'year';

export interface LooseDate {
  /** First day of the period: YYYY-MM-DD. */
  start: string;
  /** Last day of the period. */
  end: string;
  precision: DatePrecision;
  year: number;
  month: number | null;
  day: number | null;
}

const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const DMY = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YM = /^(\d{4})[-/.](\d{1,2})$/;
const Y = /^(\d{4})$/;

/** Parses a date cell; null when empty or a placeholder; throws a message for garbage. */
export function parseLooseDate(text: string): LooseDate | null {
  const value = text.trim().replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x660));
  if (value === '') return null;
  const parts =
    YMD.exec(value)?.slice(1) ??
    COMPACT.exec(value)?.slice(1) ??
    DMY.exec(value)?.slice(1).reverse() ??
    (YM.exec(value) ? [...YM.exec(value)!.slice(1), '0'] : null) ??
    (Y.exec(value) ? [value, '0', '0'] : null);
  if (!parts) throw new Error(`not a date: "${text.slice(0, 40)}" (use YYYY-MM-DD)`);
  const [year, month, day] = parts.map(Number) as [number, number, number];
  if (year === 0) return null;
  if (year < 1800 || year > 2200) throw new Error(`year out of range: "${text.slice(0, 40)}"`);
  if (month > 12) throw new Error(`month out of range: "${text.slice(0, 40)}"`);
  if (month === 0)
    return {
      start: iso(year, 1, 1),
      end: iso(year, 12, 31),
      precision: 'year',
      year,
      month: null,
      day: null,
    };
  const last = daysInMonth(year, month);
  if (day > last) throw new Error(`day out of range: "${text.slice(0, 40)}"`);
  if (day === 0)
    return {
      start: iso(year, month, 1),
      end: iso(year, month, last),
      precision: 'month',
      year,
      month,
      day: null,
    };
  return { start: iso(year, month, day), end: iso(year, month, day), precision: 'day', year, month, day };
}

/** Same, but an unparseable cell is null instead of an error (linkage treats it as missing). */
export function parseLooseDateOrNull(text: string): LooseDate | null {
  try {
    return parseLooseDate(text);
  } catch {
    return null;
  }
}

/** Days since 1970-01-01 of a YYYY-MM-DD string. */
export function dayNumber(isoDate: string): number {
  return Math.round(
    Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / 86_400_000,
  );
}

export function isoFromDayNumber(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
