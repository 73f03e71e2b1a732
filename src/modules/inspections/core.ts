/**
 * Inspection logic as pure functions: when a plan's rounds fall (daily, weekly, monthly, before
 * holidays) in the business time zone, whether a round was on time, late or missed, checklist
 * results (normal / abnormal), fire-equipment due and expiry dates, renovation working hours
 * and checkpoint QR payloads. No I/O.
 */
import type { HolidayEntry } from '../sla/holidays';
import { MS_PER_DAY, dayNumber, isoDate, parseHhmm, resolveZone, utcToWall, wallToUtc, weekdayOfDay } from '../sla/time';

// ---------- plan schedules ----------

/** When a plan's rounds start, in local clock times ('HH:MM'). */
export type PlanSchedule =
  /** Every day, e.g. four patrols: 08:00, 12:00, 16:00, 20:00. */
  | { readonly type: 'daily'; readonly times: readonly string[] }
  /** On weekdays 1 (Mon) … 7 (Sun). */
  | { readonly type: 'weekly'; readonly weekdays: readonly number[]; readonly times: readonly string[] }
  /** On days of the month; 31 falls on the last day of shorter months. */
  | { readonly type: 'monthly'; readonly days: readonly number[]; readonly times: readonly string[] }
  /** `daysBefore` days before the first day of each public-holiday break (节前安全检查). */
  | { readonly type: 'before_holidays'; readonly daysBefore: number; readonly times: readonly string[] };

export interface Occurrence {
  /** Local date and time, e.g. '2026-03-05T08:00' — stable, so it keys the generated task. */
  readonly local: string;
  readonly date: string;
  readonly plannedStart: string;
  readonly plannedEnd: string;
  readonly missedAfter: string;
  /** For pre-holiday checks: which holiday. */
  readonly holiday?: string;
}

export class ScheduleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function validateSchedule(s: PlanSchedule): void {
  if (!s.times.length) throw new ScheduleError('inspections.schedule.no_times', 'a schedule needs at least one time');
  for (const t of s.times) if (parseHhmm(t) === null || parseHhmm(t)! >= 1440) throw new ScheduleError('inspections.schedule.bad_time', `bad time ${t}`);
  if (s.type === 'weekly' && (!s.weekdays.length || s.weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7))) throw new ScheduleError('inspections.schedule.bad_weekday', 'weekdays are 1–7');
  if (s.type === 'monthly' && (!s.days.length || s.days.some((d) => !Number.isInteger(d) || d < 1 || d > 31))) throw new ScheduleError('inspections.schedule.bad_day', 'days are 1–31');
  if (s.type === 'before_holidays' && (!Number.isInteger(s.daysBefore) || s.daysBefore < 1 || s.daysBefore > 30)) throw new ScheduleError('inspections.schedule.bad_days_before', 'daysBefore is 1–30');
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(day: number): number {
  const wd = weekdayOfDay(day);
  return wd === 0 ? 7 : wd;
}

function daysInMonthOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * The first days of each holiday break (consecutive 'holiday' days of one name), with the
 * holiday's name: 国庆节 from 1 October, 春节 from the first day off.
 */
export function holidayBreaks(holidays: readonly HolidayEntry[]): { start: string; name: string }[] {
  const days = holidays.filter((h) => h.kind === 'holiday').sort((a, b) => (a.date < b.date ? -1 : 1));
  const out: { start: string; name: string }[] = [];
  let prev: HolidayEntry | null = null;
  for (const h of days) {
    if (!prev || prev.name !== h.name || dayNumber(h.date) - dayNumber(prev.date) > 1) out.push({ start: h.date, name: h.name });
    prev = h;
  }
  return out;
}

/**
 * The rounds of a schedule whose local date is within [from, to] (inclusive), in order.
 * Each round lasts `windowMinutes` (on time if completed within it) and may still be completed
 * late for `graceMinutes` after that; then it is missed.
 */
export function planOccurrences(
  s: PlanSchedule,
  from: string,
  to: string,
  opts: { timeZone?: string; windowMinutes: number; graceMinutes: number; holidays?: readonly HolidayEntry[] },
): Occurrence[] {
  validateSchedule(s);
  const zone = resolveZone(opts.timeZone ?? 'Asia/Shanghai');
  const first = dayNumber(from);
  const last = dayNumber(to);
  const times = [...new Set(s.times)].map((t) => ({ t, m: parseHhmm(t)! })).sort((a, b) => a.m - b.m);
  const dates: { day: number; holiday?: string }[] = [];
  if (s.type === 'before_holidays') {
    for (const b of holidayBreaks(opts.holidays ?? [])) {
      const d = dayNumber(b.start) - s.daysBefore;
      if (d >= first && d <= last) dates.push({ day: d, holiday: b.name });
    }
  } else {
    for (let d = first; d <= last; d++) {
      if (s.type === 'weekly' && !s.weekdays.includes(isoWeekday(d))) continue;
      if (s.type === 'monthly') {
        const dom = new Date(d * MS_PER_DAY).getUTCDate();
        const dim = daysInMonthOf(d);
        if (!s.days.some((x) => Math.min(x, dim) === dom)) continue;
      }
      dates.push({ day: d });
    }
  }
  const out: Occurrence[] = [];
  for (const { day, holiday } of dates) {
    for (const { t, m } of times) {
      const start = wallToUtc(zone, day * MS_PER_DAY + m * 60_000);
      const end = start + opts.windowMinutes * 60_000;
      out.push({
        local: `${isoDate(day)}T${t}`,
        date: isoDate(day),
        plannedStart: new Date(start).toISOString(),
        plannedEnd: new Date(end).toISOString(),
        missedAfter: new Date(end + opts.graceMinutes * 60_000).toISOString(),
        ...(holiday ? { holiday } : {}),
      });
    }
  }
  return out;
}

/**
 * On time if completed by the end of the window, late if within the grace period after it,
 * missed otherwise (also when never completed and the grace period is over).
 */
export function timeliness(task: { plannedEnd: string; missedAfter: string; completedAt: string | null }, now: string): 'on_time' | 'late' | 'missed' | null {
  if (task.completedAt) {
    if (task.completedAt <= task.plannedEnd) return 'on_time';
    if (task.completedAt <= task.missedAfter) return 'late';
    return 'missed';
  }
  return now > task.missedAfter ? 'missed' : null;
}

/** The local date of an instant. */
export function localDate(iso: string, timeZone = 'Asia/Shanghai'): string {
  return isoDate(Math.floor(utcToWall(resolveZone(timeZone), Date.parse(iso)) / MS_PER_DAY));
}

// ---------- checklists ----------

export type ChecklistItem =
  /** 正常 / 异常 tick: true is normal. */
  | { readonly code: string; readonly label: string; readonly type: 'check'; readonly required?: boolean }
  /** A measured value, abnormal outside [min, max] (e.g. extinguisher pressure gauge). */
  | { readonly code: string; readonly label: string; readonly type: 'number'; readonly min?: number; readonly max?: number; readonly unit?: string; readonly required?: boolean }
  /** One of the options; some options are abnormal. */
  | { readonly code: string; readonly label: string; readonly type: 'choice'; readonly options: readonly string[]; readonly abnormal: readonly string[]; readonly required?: boolean }
  /** Free text, never abnormal by itself. */
  | { readonly code: string; readonly label: string; readonly type: 'text'; readonly required?: boolean };

export interface ItemAnswer {
  readonly code: string;
  readonly value: boolean | number | string | null;
  readonly note?: string;
}

export interface ItemResult {
  readonly code: string;
  readonly label: string;
  readonly value: boolean | number | string | null;
  readonly normal: boolean;
  readonly note?: string;
}

export interface ChecklistOutcome {
  readonly outcome: 'normal' | 'abnormal';
  readonly items: readonly ItemResult[];
  readonly abnormal: readonly ItemResult[];
  /** Items that are required but missing, or answered with the wrong type / an unknown option. */
  readonly problems: readonly { code: string; problem: 'missing' | 'invalid' | 'unknown_item' }[];
}

/**
 * Evaluates answers against a checklist. A round is abnormal when any item is. Without a
 * checklist, a single overall answer { code: 'overall', value: true|false } is used.
 */
export function evaluateChecklist(items: readonly ChecklistItem[], answers: readonly ItemAnswer[]): ChecklistOutcome {
  const list: readonly ChecklistItem[] = items.length ? items : [{ code: 'overall', label: '总体情况', type: 'check', required: true }];
  const byCode = new Map(answers.map((a) => [a.code, a]));
  const problems: { code: string; problem: 'missing' | 'invalid' | 'unknown_item' }[] = [];
  for (const a of answers) if (!list.some((i) => i.code === a.code)) problems.push({ code: a.code, problem: 'unknown_item' });
  const results: ItemResult[] = [];
  for (const item of list) {
    const a = byCode.get(item.code);
    const value = a?.value ?? null;
    if (value === null || value === '') {
      if (item.required !== false && item.type !== 'text') problems.push({ code: item.code, problem: 'missing' });
      continue;
    }
    let normal = true;
    if (item.type === 'check') {
      if (typeof value !== 'boolean') {
        problems.push({ code: item.code, problem: 'invalid' });
        continue;
      }
      normal = value;
    } else if (item.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        problems.push({ code: item.code, problem: 'invalid' });
        continue;
      }
      normal = (item.min === undefined || value >= item.min) && (item.max === undefined || value <= item.max);
    } else if (item.type === 'choice') {
      if (typeof value !== 'string' || !item.options.includes(value)) {
        problems.push({ code: item.code, problem: 'invalid' });
        continue;
      }
      normal = !item.abnormal.includes(value);
    }
    results.push({ code: item.code, label: item.label, value, normal, ...(a?.note ? { note: a.note } : {}) });
  }
  const abnormal = results.filter((r) => !r.normal);
  return { outcome: abnormal.length ? 'abnormal' : 'normal', items: results, abnormal, problems };
}

// ---------- fire equipment ----------

/** Days between routine checks by kind (monthly checks for most; detectors quarterly). */
export const CHECK_INTERVAL_DAYS: Record<string, number> = {
  extinguisher: 30,
  hydrant: 30,
  emergency_light: 30,
  fire_door: 30,
  alarm_panel: 1,
  sprinkler: 90,
  smoke_detector: 90,
  other: 30,
};

export function nextCheckDue(kind: string, checkedOn: string): string {
  return isoDate(dayNumber(checkedOn) + (CHECK_INTERVAL_DAYS[kind] ?? 30));
}

export type EquipmentAlert = 'expired' | 'expiring' | 'check_overdue' | 'check_due';

/**
 * What needs attention by `asOf + withinDays`: expired / expiring (有效期), overdue / due checks.
 * Retired equipment never alerts.
 */
export function equipmentAlerts(e: { status: string; expiryDate: string | null; nextCheckDue: string | null }, asOf: string, withinDays: number): EquipmentAlert[] {
  if (e.status === 'retired') return [];
  const horizon = isoDate(dayNumber(asOf) + withinDays);
  const out: EquipmentAlert[] = [];
  if (e.expiryDate) {
    if (e.expiryDate < asOf) out.push('expired');
    else if (e.expiryDate <= horizon) out.push('expiring');
  }
  if (e.nextCheckDue) {
    if (e.nextCheckDue < asOf) out.push('check_overdue');
    else if (e.nextCheckDue <= horizon) out.push('check_due');
  }
  return out;
}

// ---------- hazards ----------

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** Default rectification deadline (days) and order priority by severity. */
export const SEVERITY_RULES: Record<Severity, { days: number; priority: 'low' | 'normal' | 'high' | 'urgent' }> = {
  critical: { days: 1, priority: 'urgent' },
  high: { days: 3, priority: 'high' },
  medium: { days: 7, priority: 'normal' },
  low: { days: 15, priority: 'low' },
};

export function defaultDeadline(severity: Severity, from: string): string {
  return isoDate(dayNumber(from) + SEVERITY_RULES[severity].days);
}

// ---------- renovation working hours ----------

/** Permitted working hours (装修施工时间): windows 'HH:MM-HH:MM' on weekdays, on weekends and holidays. */
export interface WorkingHours {
  readonly weekdays: readonly string[];
  readonly weekends: readonly string[];
}

/** Common residential rule: 8:00–12:00 and 14:00–18:00 on working days, no noisy work at weekends. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { weekdays: ['08:00-12:00', '14:00-18:00'], weekends: [] };

function windowMinutes(w: string): { start: number; end: number } | null {
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(w.trim());
  if (!m) return null;
  const start = parseHhmm(m[1]);
  const end = parseHhmm(m[2]);
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

export function validateWorkingHours(h: WorkingHours): boolean {
  return [...h.weekdays, ...h.weekends].every((w) => windowMinutes(w) !== null);
}

/**
 * Was an instant inside the permitted hours? Holidays count as weekends and make-up working
 * days (调休) as weekdays, from the holiday list.
 */
export function withinWorkingHours(h: WorkingHours, instant: string, opts: { timeZone?: string; holidays?: readonly HolidayEntry[] } = {}): boolean {
  const zone = resolveZone(opts.timeZone ?? 'Asia/Shanghai');
  const wall = utcToWall(zone, Date.parse(instant));
  const day = Math.floor(wall / MS_PER_DAY);
  const minute = Math.floor((wall - day * MS_PER_DAY) / 60_000);
  const date = isoDate(day);
  const special = (opts.holidays ?? []).find((x) => x.date === date);
  const weekend = special ? special.kind === 'holiday' : isoWeekday(day) >= 6;
  const windows = weekend ? h.weekends : h.weekdays;
  return windows.some((w) => {
    const x = windowMinutes(w);
    return x !== null && minute >= x.start && minute < x.end;
  });
}

// ---------- QR codes ----------

/**
 * What a checkpoint's QR code holds: a link into the mobile patrol page. Scanning it opens the
 * checkpoint's form; submitting with the token marks the check as done on site.
 */
export function checkpointQrPayload(token: string, baseUrl = ''): string {
  return `${baseUrl.replace(/\/$/, '')}/m/checkpoint/${encodeURIComponent(token)}`;
}
