/**
 * Calendar dates of the business (Asia/Shanghai by default) as 'YYYY-MM-DD' strings, and
 * billing periods. All arithmetic is on the proleptic Gregorian calendar via UTC milliseconds,
 * which is exact for whole days and free of the host's time zone.
 */
import { BillingError } from './errors';

/** A calendar date 'YYYY-MM-DD' in the business time zone. */
export type DateStr = string;

/** Billing cycle of a fee item (计费周期). */
export type Cycle = 'monthly' | 'quarterly' | 'yearly';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

export function parseDate(s: DateStr, name = 'date'): { y: number; m: number; d: number } {
  const m = DATE_RE.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo)) return { y, m: mo, d };
  }
  throw new BillingError('INVALID_DATE', `${name} must be a calendar date YYYY-MM-DD, got "${s}"`, { name, value: s });
}

export function assertDate(s: DateStr, name = 'date'): void {
  parseDate(s, name);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return MONTH_DAYS[m - 1];
}

/** Days since 1970-01-01 of a date (monotonic day number). */
export function dayNumber(s: DateStr): number {
  const { y, m, d } = parseDate(s);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(n: number): DateStr {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(s: DateStr, days: number): DateStr {
  return fromDayNumber(dayNumber(s) + days);
}

/** b − a in days (positive when b is later). */
export function diffDays(a: DateStr, b: DateStr): number {
  return dayNumber(b) - dayNumber(a);
}

export function minDate(a: DateStr, b: DateStr): DateStr {
  return a <= b ? a : b;
}

export function maxDate(a: DateStr, b: DateStr): DateStr {
  return a >= b ? a : b;
}

export function ymd(y: number, m: number, d: number): DateStr {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 'YYYY-MM' of a date. */
export function monthOf(s: DateStr): string {
  return s.slice(0, 7);
}

/**
 * The business date of a UTC instant in a time zone (default Asia/Shanghai). Pure: uses the
 * ICU data built into Node, no clock and no I/O.
 */
export function businessDate(utcIso: string, timeZone = 'Asia/Shanghai'): DateStr {
  const t = Date.parse(utcIso);
  if (Number.isNaN(t)) throw new BillingError('INVALID_DATE', `not an ISO instant: "${utcIso}"`, { value: utcIso });
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(t);
}

/**
 * A billing period: a calendar month 'YYYY-MM', a quarter 'YYYY-Qn' or a year 'YYYY'.
 * `start` and `end` are inclusive dates.
 */
export interface Period {
  readonly key: string;
  readonly kind: 'month' | 'quarter' | 'year';
  readonly start: DateStr;
  readonly end: DateStr;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const YEAR_RE = /^(\d{4})$/;

export function parsePeriod(key: string): Period {
  let m = MONTH_RE.exec(key);
  if (m) return monthSpan(Number(m[1]), Number(m[2]), 1, 'month', key);
  m = QUARTER_RE.exec(key);
  if (m) return monthSpan(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3, 'quarter', key);
  m = YEAR_RE.exec(key);
  if (m) return monthSpan(Number(m[1]), 1, 12, 'year', key);
  throw new BillingError('INVALID_PERIOD', `period must be YYYY-MM, YYYY-Qn or YYYY, got "${key}"`, { value: key });
}

function monthSpan(y: number, m: number, n: number, kind: Period['kind'], key: string): Period {
  const lastM = m + n - 1;
  return { key, kind, start: ymd(y, m, 1), end: ymd(y, lastM, daysInMonth(y, lastM)) };
}

/** Key of the period of a cycle that contains a date: 2026-05-10 → '2026-05' | '2026-Q2' | '2026'. */
export function cyclePeriodKey(cycle: Cycle, date: DateStr): string {
  const { y, m } = parseDate(date);
  if (cycle === 'monthly') return `${y}-${String(m).padStart(2, '0')}`;
  if (cycle === 'quarterly') return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
  return String(y);
}

/** Number of months in one period of a cycle. */
export function cycleMonths(cycle: Cycle): number {
  return cycle === 'monthly' ? 1 : cycle === 'quarterly' ? 3 : 12;
}

/** The periods of `cycle` that overlap the run period, in order. */
export function cyclePeriodsOverlapping(cycle: Cycle, run: Period): Period[] {
  const out: Period[] = [];
  let d = run.start;
  while (d <= run.end) {
    const p = parsePeriod(cyclePeriodKey(cycle, d));
    out.push(p);
    d = addDays(p.end, 1);
  }
  return out;
}

/** The calendar months ('YYYY-MM') touched by an inclusive date range, in order. */
export function monthsBetween(start: DateStr, end: DateStr): string[] {
  const out: string[] = [];
  let { y, m } = parseDate(start);
  const last = monthOf(end);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > last) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/** Intersection of two inclusive date ranges, or null. An open end is written as null. */
export function intersect(
  a: { start: DateStr; end: DateStr | null },
  b: { start: DateStr; end: DateStr | null },
): { start: DateStr; end: DateStr | null } | null {
  const start = maxDate(a.start, b.start);
  const end = a.end === null ? b.end : b.end === null ? a.end : minDate(a.end, b.end);
  if (end !== null && end < start) return null;
  return { start, end };
}
