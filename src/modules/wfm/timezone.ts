/**
 * Wall-clock ↔ UTC conversion for IANA zones via Intl (no I/O), cached so that a million call
 * records cost a few thousand Intl calls. Ambiguous local times (DST fall-back) resolve to the
 * earlier instant; non-existent ones (spring-forward gap) move forward by the gap.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const QUARTER = 15 * MINUTE;
const CACHE_LIMIT = 200_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, Map<number, number>>();
const localCaches = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for unknown zones, which is what callers should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function rawOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const whole = Math.floor(utcMs / 1000) * 1000;
  return Math.round((asUtc - whole) / MINUTE);
}

function cacheFor(store: Map<string, Map<number, number>>, timeZone: string): Map<number, number> {
  let c = store.get(timeZone);
  if (!c) {
    c = new Map();
    store.set(timeZone, c);
  }
  if (c.size > CACHE_LIMIT) c.clear(); // bounded memory on very long imports
  return c;
}

const dayCaches = new Map<string, Map<number, number>>();
const localDayCaches = new Map<string, Map<number, number>>();

/** UTC offset of `timeZone` at instant `utcMs`, in minutes (e.g. +480 for Asia/Shanghai). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  // Most UTC days have one offset: check both ends once and reuse it for the whole day.
  // (Assumes no zone changes offset and back within one day.)
  const day = Math.floor(utcMs / DAY);
  const days = cacheFor(dayCaches, timeZone);
  let whole = days.get(day);
  if (whole === undefined) {
    const a = rawOffsetMinutes(day * DAY, timeZone);
    const b = rawOffsetMinutes((day + 1) * DAY, timeZone);
    whole = a === b ? a : NaN;
    days.set(day, whole);
  }
  if (!Number.isNaN(whole)) return whole;
  // Transition day: zone transitions fall on quarter-hours, so one lookup per quarter is exact.
  const key = Math.floor(utcMs / QUARTER);
  const cache = cacheFor(offsetCaches, timeZone);
  let off = cache.get(key);
  if (off === undefined) {
    off = rawOffsetMinutes(key * QUARTER, timeZone);
    cache.set(key, off);
  }
  return off;
}

/**
 * UTC epoch ms of a wall-clock time given as "naive" ms (Date.UTC of the local fields) in `timeZone`.
 */
export function localNaiveToUtcMs(naiveMs: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return naiveMs;
  // A local day whose instants (offsets are within ±14 h) all share one offset is the common case.
  const day = Math.floor(naiveMs / DAY);
  const days = cacheFor(localDayCaches, timeZone);
  let whole = days.get(day);
  if (whole === undefined) {
    const a = zoneOffsetMinutes(day * DAY - 15 * 3_600_000, timeZone);
    const b = zoneOffsetMinutes((day + 1) * DAY + 15 * 3_600_000, timeZone);
    whole = a === b && zoneOffsetMinutes(day * DAY + 12 * 3_600_000, timeZone) === a ? a : NaN;
    days.set(day, whole);
  }
  if (!Number.isNaN(whole)) return naiveMs - whole * MINUTE;
  const key = Math.floor(naiveMs / QUARTER);
  const cache = cacheFor(localCaches, timeZone);
  let off = cache.get(key);
  if (off === undefined) {
    const base = key * QUARTER;
    // Offsets a day either side bracket any single transition near this time.
    const before = zoneOffsetMinutes(base - DAY, timeZone);
    const after = zoneOffsetMinutes(base + DAY, timeZone);
    const valid = (o: number) => zoneOffsetMinutes(base - o * MINUTE, timeZone) === o;
    const okBefore = valid(before);
    const okAfter = valid(after);
    if (okBefore && okAfter) off = Math.max(before, after); // overlap: the earlier instant
    else if (okBefore) off = before;
    else if (okAfter) off = after;
    else off = before; // gap: read with the pre-transition offset, i.e. shifted forward
    cache.set(key, off);
  }
  return naiveMs - off * MINUTE;
}

/** UTC epoch ms for local calendar fields (month 1–12) in `timeZone`. */
export function localToUtcMs(year: number, month: number, day: number, hour: number, minute: number, second: number, timeZone: string): number {
  return localNaiveToUtcMs(Date.UTC(year, month - 1, day, hour, minute, second), timeZone);
}

/** "Naive" local ms (wall clock encoded as if UTC) for a UTC instant in `timeZone`. */
export function utcToLocalNaiveMs(utcMs: number, timeZone: string): number {
  return utcMs + zoneOffsetMinutes(utcMs, timeZone) * MINUTE;
}

/** YYYY-MM-DD of a naive local ms value. */
export function naiveDate(naiveMs: number): string {
  return new Date(Math.floor(naiveMs / DAY) * DAY).toISOString().slice(0, 10);
}

/** Local calendar date (YYYY-MM-DD) of a UTC instant in `timeZone`. */
export function localDateOf(utcMs: number, timeZone: string): string {
  return naiveDate(utcToLocalNaiveMs(utcMs, timeZone));
}

/** Days since 1970-01-01 for a YYYY-MM-DD date string (throws on bad input). */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(m[3]) || back.getUTCMonth() !== Number(m[2]) - 1) throw new RangeError(`no such date: ${date}`);
  return ms / DAY;
}

/** YYYY-MM-DD for a day number (days since 1970-01-01). */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** Weekday 0 = Sunday … 6 = Saturday of a YYYY-MM-DD date. */
export function weekdayOf(date: string): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Adds `days` calendar days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** ISO string with the zone's offset, e.g. 2026-03-01T08:30:00+08:00 (for display in reports). */
export function formatLocalIso(utcMs: number, timeZone: string): string {
  const off = zoneOffsetMinutes(utcMs, timeZone);
  const local = new Date(utcMs + off * MINUTE).toISOString().slice(0, 19);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
