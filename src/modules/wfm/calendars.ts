/**
 * Business calendars for queues (营业日历): built-in public-holiday sets and imported holiday
 * files, turned into the forecaster's closed and make-up open dates.
 */
import { cnHolidays, CN_HOLIDAYS, parseHolidayJson, type HolidayEntry } from '../sla/holidays';
import type { ForecastCalendar } from './forecast';
import { addDays, weekdayOf } from './timezone';

export const BUILT_IN_CALENDARS = ['none', 'cn', 'us-federal'] as const;
export type BuiltInCalendar = (typeof BUILT_IN_CALENDARS)[number];

const iso = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** The n-th (1-based; -1 = last) given weekday of a month. */
function nthWeekday(y: number, m: number, wd: number, n: number): string {
  if (n > 0) {
    const first = iso(y, m, 1);
    return addDays(first, ((wd - weekdayOf(first) + 7) % 7) + 7 * (n - 1));
  }
  const last = addDays(m === 12 ? iso(y + 1, 1, 1) : iso(y, m + 1, 1), -1);
  return addDays(last, -((weekdayOf(last) - wd + 7) % 7));
}

/**
 * US federal holidays (5 U.S.C. 6103) observed in `year`: a fixed-date holiday on a Saturday is
 * observed the Friday before, on a Sunday the Monday after. Juneteenth from 2021. Good Friday is
 * not a federal (or bank) holiday.
 */
export function usFederalHolidays(year: number): string[] {
  const observed = (d: string) => (weekdayOf(d) === 6 ? addDays(d, -1) : weekdayOf(d) === 0 ? addDays(d, 1) : d);
  const out = [
    observed(iso(year, 1, 1)),
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    ...(year >= 2021 ? [observed(iso(year, 6, 19))] : []),
    observed(iso(year, 7, 4)),
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(iso(year, 11, 11)),
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    observed(iso(year, 12, 25)),
  ];
  // New Year's Day of the next year may be observed on 31 December of this one.
  if (weekdayOf(iso(year + 1, 1, 1)) === 6) out.push(iso(year, 12, 31));
  return out.filter((d) => d.startsWith(String(year))).sort();
}

/** Closed dates and make-up open dates of a built-in calendar over `years`. */
export function builtInHolidays(name: BuiltInCalendar, years: readonly number[]): { holidays: string[]; openDates: string[] } {
  if (name === 'us-federal') return { holidays: years.flatMap(usFederalHolidays), openDates: [] };
  if (name === 'cn') {
    const entries = cnHolidays(years.filter((y) => CN_HOLIDAYS[y] !== undefined));
    return { holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date), openDates: entries.filter((e) => e.kind === 'workday').map((e) => e.date) };
  }
  return { holidays: [], openDates: [] };
}

export class HolidayFileError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/**
 * An imported holiday file: the SLA module's JSON schedule, or text with one date per line
 * (`YYYY-MM-DD[,kind[,name]]`, kind holiday/workday/放假/上班; `#` comments and a header allowed).
 */
export function parseHolidayFile(text: string): { holidays: string[]; openDates: string[] } {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const r = parseHolidayJson(trimmed);
    if (!r.ok) throw new HolidayFileError(0, `invalid holiday JSON (${r.errors[0]?.code ?? 'error'})`);
    return split(r.entries);
  }
  const holidays: string[] = [];
  const openDates: string[] = [];
  trimmed.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [date, kind = 'holiday'] = line.split(/[,;\t]/).map((c) => c.trim());
    if (i === 0 && /^(date|日期)$/i.test(date)) return;
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(date);
    const d = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
    // Round-trip through a Date so that 30 February is refused rather than rolled over.
    const t = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
    if (!t || t.toISOString().slice(0, 10) !== d) throw new HolidayFileError(i + 1, `bad date "${date}"`);
    if (/^(workday|work|上班|调休上班|補班|补班)$/i.test(kind)) openDates.push(d);
    else if (/^(holiday|closed|放假|休息|假日|)$/i.test(kind)) holidays.push(d);
    else throw new HolidayFileError(i + 1, `unknown kind "${kind}"`);
  });
  return { holidays, openDates };
}

function split(entries: readonly HolidayEntry[]): { holidays: string[]; openDates: string[] } {
  return { holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date), openDates: entries.filter((e) => e.kind === 'workday').map((e) => e.date) };
}

/** Adds holiday sets to a forecast calendar (dates merged, duplicates dropped). */
export function withHolidays(cal: ForecastCalendar, ...sets: { holidays: string[]; openDates: string[] }[]): ForecastCalendar {
  const holidays = new Set(cal.holidays ?? []);
  const open = new Set(cal.openDates ?? []);
  for (const s of sets) {
    for (const d of s.holidays) holidays.add(d);
    for (const d of s.openDates) open.add(d);
  }
  return { ...cal, holidays: [...holidays].sort(), openDates: [...open].sort() };
}
