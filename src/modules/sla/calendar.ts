/**
 * Business calendar (工作日历) and business-time arithmetic.
 *
 * All instants are UTC epoch milliseconds (numbers). A calendar is either '24x7' (every minute
 * counts) or 'business': working windows per weekday in the calendar's zone, public holidays
 * (days off) and make-up workdays (调休上班, usually a weekend day worked on a weekday schedule).
 *
 * A window belongs to the local date it starts on: '22:00-06:00' on Monday runs Monday 22:00 to
 * Tuesday 06:00, exists only if Monday is a working day, and is not cut by a holiday on Tuesday.
 */
import { z } from 'zod';
import { holidayEntrySchema, type HolidayEntry } from './holidays';
import {
  formatWindow,
  localDayOf,
  MINUTES_PER_DAY,
  MS_PER_DAY,
  MS_PER_MINUTE,
  isoDate,
  parseWindow,
  resolveZone,
  SlaError,
  tryDayNumber,
  wallToUtc,
  weekdayOfDay,
  type DailyWindow,
  type Zone,
} from './time';

export type WeekdayKey = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';
/** Indexed by JavaScript weekday (0 = Sunday). */
export const WEEKDAY_KEYS: readonly WeekdayKey[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

export type CalendarMode = 'business' | '24x7';

export interface CalendarConfig {
  id?: string;
  name?: string;
  /** IANA name or fixed offset ('+08:00'); default Asia/Shanghai. */
  timeZone?: string;
  mode?: CalendarMode;
  /** Windows per weekday as 'HH:MM-HH:MM'; a missing or empty day is a day off. */
  week?: Partial<Record<WeekdayKey, string[]>>;
  holidays?: HolidayEntry[];
  /**
   * Schedule of a make-up workday without its own windows: a weekday whose windows it copies,
   * or explicit windows. Default: the first of Monday–Friday that has windows.
   */
  makeUpWorkday?: { weekday: WeekdayKey } | { windows: string[] };
}

const windowString = z.string().refine((w) => parseWindow(w) !== null, { params: { code: 'sla.invalid_window' } });
const weekdayKey = z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']);

/** Schema for admin-edited calendars; `createCalendar` runs the same checks and more. */
export const calendarConfigSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string().optional(),
  timeZone: z.string().optional(),
  mode: z.enum(['business', '24x7']).optional(),
  week: z.partialRecord(weekdayKey, z.array(windowString)).optional(),
  holidays: z.array(holidayEntrySchema).optional(),
  makeUpWorkday: z
    .union([z.strictObject({ weekday: weekdayKey }), z.strictObject({ windows: z.array(windowString).min(1) })])
    .optional(),
});

/** A compiled calendar. Treat as opaque; build with `createCalendar`. */
export interface BusinessCalendar {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly mode: CalendarMode;
  readonly zone: Zone;
  readonly timeZone: string;
  /** Windows per JS weekday. */
  readonly weekly: ReadonlyArray<readonly DailyWindow[]>;
  readonly makeUpWindows: readonly DailyWindow[];
  readonly overrides: ReadonlyMap<number, { entry: HolidayEntry; windows: readonly DailyWindow[] }>;
  /** Memo of UTC intervals per local day (pure: depends only on the immutable fields above). */
  readonly memo: Map<number, readonly number[]>;
}

function compileWindows(list: readonly string[] | undefined, where: string): DailyWindow[] {
  const out: DailyWindow[] = [];
  for (const text of list ?? []) {
    const w = parseWindow(text);
    if (!w) throw new SlaError('sla.invalid_window', { window: text, where });
    out.push(w);
  }
  out.sort((a, b) => a.start - b.start);
  for (let i = 1; i < out.length; i++)
    if (out[i].start < out[i - 1].end)
      throw new SlaError('sla.windows_overlap', { where, a: formatWindow(out[i - 1]), b: formatWindow(out[i]) });
  // A window past midnight must not run into the same day's first window (it would wrap twice).
  const last = out[out.length - 1];
  if (last && out.length > 1 && last.end - MINUTES_PER_DAY > out[0].start)
    throw new SlaError('sla.windows_overlap', { where, a: formatWindow(last), b: formatWindow(out[0]) });
  return out;
}

/** Build a calendar; throws SlaError (code + params) on an invalid configuration. */
export function createCalendar(config: CalendarConfig = {}): BusinessCalendar {
  const mode = config.mode ?? 'business';
  const timeZone = config.timeZone ?? 'Asia/Shanghai';
  const zone = resolveZone(timeZone);
  const weekly = WEEKDAY_KEYS.map((k) => compileWindows(config.week?.[k], k));
  if (mode === 'business' && weekly.every((w) => w.length === 0))
    // Holidays are finite, so weekly windows guarantee that every deadline exists.
    throw new SlaError('sla.calendar_without_windows', {});
  let makeUpWindows: DailyWindow[];
  const mu = config.makeUpWorkday;
  if (mu && 'windows' in mu) makeUpWindows = compileWindows(mu.windows, 'makeUpWorkday');
  else if (mu && 'weekday' in mu) makeUpWindows = weekly[WEEKDAY_KEYS.indexOf(mu.weekday)];
  else makeUpWindows = [1, 2, 3, 4, 5].map((d) => weekly[d]).find((w) => w.length > 0) ?? [];
  const overrides = new Map<number, { entry: HolidayEntry; windows: readonly DailyWindow[] }>();
  for (const entry of config.holidays ?? []) {
    const day = tryDayNumber(entry.date);
    if (day === null) throw new SlaError('sla.invalid_date', { date: entry.date });
    if (overrides.has(day)) throw new SlaError('holidays.duplicate_date', { date: entry.date });
    const windows =
      entry.kind === 'holiday' ? [] : entry.windows ? compileWindows(entry.windows, entry.date) : makeUpWindows;
    overrides.set(day, { entry, windows });
  }
  return {
    id: config.id,
    name: config.name,
    mode,
    zone,
    timeZone,
    weekly,
    makeUpWindows,
    overrides,
    memo: new Map(),
  };
}

/** The standard 24×7 calendar (every minute is a business minute). */
export const CALENDAR_24X7: BusinessCalendar = createCalendar({ id: '24x7', mode: '24x7', timeZone: 'UTC' });

// ---------------------------------------------------------------------------------------------
// Days
// ---------------------------------------------------------------------------------------------

function windowsOfDay(cal: BusinessCalendar, day: number): readonly DailyWindow[] {
  const o = cal.overrides.get(day);
  if (o) return o.windows;
  return cal.weekly[weekdayOfDay(day)];
}

const MEMO_LIMIT = 20_000;

/** UTC intervals [s0, e0, s1, e1, …] of the windows starting on a local day, sorted. */
function dayIntervals(cal: BusinessCalendar, day: number): readonly number[] {
  const hit = cal.memo.get(day);
  if (hit) return hit;
  const out: number[] = [];
  const base = day * MS_PER_DAY;
  for (const w of windowsOfDay(cal, day)) {
    const s = wallToUtc(cal.zone, base + w.start * MS_PER_MINUTE);
    const e = wallToUtc(cal.zone, base + w.end * MS_PER_MINUTE);
    if (e > s) out.push(s, e); // a window swallowed by a DST gap has no time in it
  }
  if (cal.memo.size >= MEMO_LIMIT) cal.memo.clear();
  cal.memo.set(day, out);
  return out;
}

export interface DayInfo {
  date: string;
  weekday: WeekdayKey;
  working: boolean;
  /** 'regular' = the weekly schedule applies. */
  source: 'regular' | 'holiday' | 'workday';
  name?: string;
  windows: string[];
}

/** What a local date looks like in this calendar (for the admin UI and reports). */
export function describeDay(cal: BusinessCalendar, date: string): DayInfo {
  const day = tryDayNumber(date);
  if (day === null) throw new SlaError('sla.invalid_date', { date });
  const weekday = WEEKDAY_KEYS[weekdayOfDay(day)];
  if (cal.mode === '24x7') return { date, weekday, working: true, source: 'regular', windows: ['00:00-24:00'] };
  const o = cal.overrides.get(day);
  const windows = windowsOfDay(cal, day).map(formatWindow);
  return {
    date,
    weekday,
    working: windows.length > 0,
    source: o ? o.entry.kind : 'regular',
    ...(o ? { name: o.entry.name } : {}),
    windows,
  };
}

// ---------------------------------------------------------------------------------------------
// Interval stream
// ---------------------------------------------------------------------------------------------

/** Consecutive days without any window before we conclude the calendar is broken. */
const MAX_EMPTY_DAYS = 3700;
/** Long merged runs (overlapping windows every day) are cut so that the stream keeps flowing. */
const MAX_RUN_MS = 7 * MS_PER_DAY;

/**
 * Business intervals [start, end) in time order, disjoint, beginning with the one that contains
 * `from` or the first after it (the first may start before `from`). Infinite for business
 * calendars, which always have weekly windows.
 */
function* intervalsFrom(cal: BusinessCalendar, from: number): Generator<[number, number]> {
  // Windows of the two previous local days may still be open at `from` (past-midnight windows).
  let day = localDayOf(cal.zone, from) - 2;
  let curS = NaN;
  let curE = NaN;
  let empty = 0;
  for (;;) {
    const iv = dayIntervals(cal, day);
    if (iv.length === 0) {
      if (++empty > MAX_EMPTY_DAYS) throw new SlaError('sla.calendar_without_windows', { from: isoDate(day) });
    } else empty = 0;
    for (let i = 0; i < iv.length; i += 2) {
      const s = iv[i];
      const e = iv[i + 1];
      if (Number.isNaN(curS)) {
        curS = s;
        curE = e;
      } else if (s < curE) {
        // Overlap with the run (a past-midnight window meeting the next day's first window).
        if (curE - curS > MAX_RUN_MS) {
          if (s > from) yield [curS, s];
          curS = s;
        }
        if (e > curE) curE = e;
      } else {
        if (curE > from) yield [curS, curE];
        curS = s;
        curE = e;
      }
    }
    day++;
  }
}

// ---------------------------------------------------------------------------------------------
// Public arithmetic
// ---------------------------------------------------------------------------------------------

function checkInstant(name: string, t: number): void {
  if (!Number.isFinite(t)) throw new SlaError('sla.invalid_instant', { name, value: String(t) });
}

/** Is the instant inside a working window? (Window start inclusive, end exclusive.) */
export function isBusinessTime(cal: BusinessCalendar, at: number): boolean {
  checkInstant('at', at);
  if (cal.mode === '24x7') return true;
  for (const [s, e] of intervalsFrom(cal, at)) return s <= at && at < e;
  return false;
}

/** The instant itself when it is business time, else the start of the next working window. */
export function nextBusinessStart(cal: BusinessCalendar, at: number): number {
  checkInstant('at', at);
  if (cal.mode === '24x7') return at;
  for (const [s] of intervalsFrom(cal, at)) return Math.max(s, at);
  throw new SlaError('sla.calendar_without_windows', {});
}

/** The end of the business interval containing `at` (null when `at` is outside business time). */
export function currentBusinessEnd(cal: BusinessCalendar, at: number): number | null {
  checkInstant('at', at);
  if (cal.mode === '24x7') return null;
  for (const [s, e] of intervalsFrom(cal, at)) return s <= at && at < e ? e : null;
  return null;
}

/**
 * The instant at which `ms` business milliseconds have elapsed after `start`. A deadline that
 * falls exactly at the end of a window is that end (12:00, not 13:30 after lunch).
 */
export function addBusinessMs(cal: BusinessCalendar, start: number, ms: number): number {
  checkInstant('start', start);
  if (!Number.isFinite(ms) || ms < 0) throw new SlaError('sla.invalid_duration', { minutes: ms / MS_PER_MINUTE });
  if (ms === 0) return start;
  if (cal.mode === '24x7') return start + ms;
  let remaining = ms;
  for (const [s, e] of intervalsFrom(cal, start)) {
    const from = s > start ? s : start;
    const avail = e - from;
    if (remaining <= avail) return from + remaining;
    remaining -= avail;
  }
  throw new SlaError('sla.calendar_without_windows', {});
}

/** Business milliseconds in [a, b); negative when b < a. */
export function businessMsBetween(cal: BusinessCalendar, a: number, b: number): number {
  checkInstant('a', a);
  checkInstant('b', b);
  if (b < a) return -businessMsBetween(cal, b, a);
  if (b === a) return 0;
  if (cal.mode === '24x7') return b - a;
  let sum = 0;
  for (const [s, e] of intervalsFrom(cal, a)) {
    if (s >= b) break;
    sum += Math.min(e, b) - Math.max(s, a);
  }
  return sum;
}

/** Deadline `minutes` business minutes after `start` (epoch ms in, epoch ms out). */
export function addBusinessMinutes(cal: BusinessCalendar, start: number, minutes: number): number {
  if (!Number.isFinite(minutes) || minutes < 0) throw new SlaError('sla.invalid_duration', { minutes });
  return addBusinessMs(cal, start, Math.round(minutes * MS_PER_MINUTE));
}

/** Business minutes in [a, b) (fractional when the instants are not on whole minutes). */
export function businessMinutesBetween(cal: BusinessCalendar, a: number, b: number): number {
  return businessMsBetween(cal, a, b) / MS_PER_MINUTE;
}

/** The business intervals overlapping [from, to), clipped to it. */
export function businessIntervals(cal: BusinessCalendar, from: number, to: number): Array<[number, number]> {
  checkInstant('from', from);
  checkInstant('to', to);
  if (to <= from) return [];
  if (cal.mode === '24x7') return [[from, to]];
  const out: Array<[number, number]> = [];
  for (const [s, e] of intervalsFrom(cal, from)) {
    if (s >= to) break;
    const cs = Math.max(s, from);
    const ce = Math.min(e, to);
    // Adjacent pieces (a run cut for length, or 24:00 meeting 00:00) are joined for the caller.
    const last = out[out.length - 1];
    if (last && last[1] === cs) last[1] = ce;
    else out.push([cs, ce]);
  }
  return out;
}
