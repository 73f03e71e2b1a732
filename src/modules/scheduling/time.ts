/**
 * Local wall-clock ↔ UTC arithmetic for the scheduling horizon.
 *
 * Problems are given in the business time zone (default Asia/Shanghai, UTC+8 without daylight
 * saving); results carry both the local time and the UTC instant. The offset is read from Intl
 * so that a zone with daylight saving still maps correctly (interval indices are absolute time
 * steps from `start`).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

/** Wall-clock parts of a UTC instant in `timeZone`. */
export function localParts(utcMs: number, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const year = get('year');
  const month = get('month');
  const day = get('day');
  const dow = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour: get('hour'), minute: get('minute'), weekday: dow === 0 ? 7 : dow };
}

/** Offset of `timeZone` from UTC at an instant, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const p = localParts(utcMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((asUtc - Math.floor(utcMs / 60_000) * 60_000) / 60_000);
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** UTC instant (ms) of a local date-time string `YYYY-MM-DD[THH:mm[:ss]]` in `timeZone`. */
export function localToUtcMs(local: string, timeZone: string): number {
  const m = LOCAL_RE.exec(local);
  if (!m) throw new Error(`not a local date-time: ${local}`);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  // Two fixed-point steps settle the offset, also next to a daylight-saving change.
  let guess = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  guess = wall - zoneOffsetMinutes(guess, timeZone) * 60_000;
  return guess;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DDTHH:mm` in `timeZone`. */
export function formatLocal(utcMs: number, timeZone: string): string {
  const p = localParts(utcMs, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** `YYYY-MM-DD` in `timeZone`. */
export function formatLocalDate(utcMs: number, timeZone: string): string {
  return formatLocal(utcMs, timeZone).slice(0, 10);
}

export function isValidLocalDateTime(s: string): boolean {
  const m = LOCAL_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return (
    d.getUTCFullYear() === +m[1] &&
    d.getUTCMonth() === +m[2] - 1 &&
    d.getUTCDate() === +m[3] &&
    (m[4] === undefined || (+m[4] < 24 && +m[5] < 60))
  );
}

/** Minutes after midnight of `HH:mm`. */
export function timeOfDayMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Calendar arithmetic on `YYYY-MM-DD` strings (no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD` date. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const dow = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** `HH:mm` for minutes after midnight (may exceed 24 h; wraps). */
export function formatTimeOfDay(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
}
