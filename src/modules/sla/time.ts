/**
 * Time-zone and local-date arithmetic for the SLA calendar.
 *
 * Conventions used throughout the SLA module:
 * - an *instant* is a UTC epoch in milliseconds (a plain number);
 * - a *local date* is a day number: whole days since 1970-01-01 on the zone's wall calendar;
 * - a *local time* ("wall ms") is the wall-clock reading expressed as if it were UTC epoch ms,
 *   so `wall = utc + offset(utc)`.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A pure error with a localisable code, thrown for invalid configuration or arguments. */
export class SlaError extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'SlaError';
  }
}

// ---------------------------------------------------------------------------------------------
// Local dates
// ---------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parse 'YYYY-MM-DD' into a day number; null when malformed or not a real date (2025-02-30). */
export function tryDayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(ms / MS_PER_DAY);
}

export function dayNumber(date: string): number {
  const n = tryDayNumber(date);
  if (n === null) throw new SlaError('sla.invalid_date', { date });
  return n;
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (JavaScript's convention). 1970-01-01 was a Thursday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

// ---------------------------------------------------------------------------------------------
// Zones
// ---------------------------------------------------------------------------------------------

export interface Zone {
  /** The identifier as given ('Asia/Shanghai', '+08:00', 'UTC'). */
  readonly id: string;
  /** Offset (wall − UTC) in ms when the zone never changes offset; null otherwise. */
  readonly fixedOffsetMs: number | null;
  /** Offset (wall − UTC) in ms at a UTC instant. */
  offsetAt(utcMs: number): number;
}

const FIXED_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?([0-5]\d))?$/i;

/**
 * Zones that have kept UTC+8 without DST since 1992 (the PRC dropped DST after 1991; Hong Kong,
 * Macau and Taipei after 1979). For instants from 1992 on we skip Intl entirely — the common
 * case for this product — and fall back to the tz database for older instants.
 */
const STABLE_PLUS_8 = new Set([
  'Asia/Shanghai',
  'Asia/Chongqing',
  'Asia/Chungking',
  'Asia/Harbin',
  'PRC',
  'Asia/Hong_Kong',
  'Hongkong',
  'Asia/Macau',
  'Asia/Macao',
  'Asia/Taipei',
  'ROC',
]);
const STABLE_SINCE_MS = Date.UTC(1992, 0, 1);

const zoneCache = new Map<string, Zone>();

/** Resolve 'UTC', '+08:00', 'UTC+8', '-05:30' or an IANA name. Throws SlaError on unknown zones. */
export function resolveZone(timeZone: string): Zone {
  const cached = zoneCache.get(timeZone);
  if (cached) return cached;
  const zone = buildZone(timeZone);
  zoneCache.set(timeZone, zone);
  return zone;
}

function fixedZone(id: string, offsetMs: number): Zone {
  return { id, fixedOffsetMs: offsetMs, offsetAt: () => offsetMs };
}

function buildZone(timeZone: string): Zone {
  const tz = timeZone.trim();
  if (/^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i.test(tz)) return fixedZone(timeZone, 0);
  const m = FIXED_OFFSET.exec(tz);
  if (m) {
    const hours = Number(m[2]);
    const minutes = m[3] ? Number(m[3]) : 0;
    if (hours > 14 || (hours === 14 && minutes > 0)) throw new SlaError('sla.invalid_time_zone', { timeZone });
    const sign = m[1] === '-' ? -1 : 1;
    return fixedZone(timeZone, sign * (hours * 60 + minutes) * MS_PER_MINUTE);
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    throw new SlaError('sla.invalid_time_zone', { timeZone });
  }
  const intlOffset = (utcMs: number): number => {
    // Whole seconds: Intl does not print milliseconds, so compare against the floored instant.
    const base = Math.floor(utcMs / 1000) * 1000;
    const parts = fmt.formatToParts(new Date(base));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    let year = get('year');
    if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
    const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    // Date.UTC maps years 0–99 onto 1900–1999; those instants are far outside any SLA use.
    return wall - base;
  };
  // Intl is slow (microseconds a call), so offsets are cached per UTC hour: when the offsets at
  // both ends of an hour agree, the whole hour has that offset (zones never change offset twice
  // within an hour); only an hour that contains a transition asks Intl for the exact instant.
  const HOUR = 60 * MS_PER_MINUTE;
  const hourly = new Map<number, number>();
  const atHour = (h: number): number => {
    let o = hourly.get(h);
    if (o === undefined) {
      if (hourly.size >= 200_000) hourly.clear();
      o = intlOffset(h * HOUR);
      hourly.set(h, o);
    }
    return o;
  };
  const cachedOffset = (utcMs: number): number => {
    const h = Math.floor(utcMs / HOUR);
    const a = atHour(h);
    return a === atHour(h + 1) ? a : intlOffset(utcMs);
  };
  if (STABLE_PLUS_8.has(tz)) {
    const eight = 8 * 60 * MS_PER_MINUTE;
    return {
      id: timeZone,
      fixedOffsetMs: null,
      offsetAt: (utcMs) => (utcMs >= STABLE_SINCE_MS ? eight : cachedOffset(utcMs)),
    };
  }
  return { id: timeZone, fixedOffsetMs: null, offsetAt: cachedOffset };
}

/** Wall-clock reading (as fake-UTC ms) of a UTC instant. */
export function utcToWall(zone: Zone, utcMs: number): number {
  return utcMs + zone.offsetAt(utcMs);
}

/** Local date (day number) of a UTC instant. */
export function localDayOf(zone: Zone, utcMs: number): number {
  return Math.floor(utcToWall(zone, utcMs) / MS_PER_DAY);
}

/**
 * UTC instant of a wall-clock reading. Ambiguous readings (clocks set back) take the earlier
 * instant; readings inside a gap (clocks set forward) are read with the pre-transition offset,
 * i.e. they land after the gap — the same choice as Temporal's 'compatible'.
 */
export function wallToUtc(zone: Zone, wallMs: number): number {
  if (zone.fixedOffsetMs !== null) return wallMs - zone.fixedOffsetMs;
  const before = zone.offsetAt(wallMs - MS_PER_DAY);
  const after = zone.offsetAt(wallMs + MS_PER_DAY);
  if (before === after) {
    const candidate = wallMs - before;
    if (zone.offsetAt(candidate) === before) return candidate;
  }
  const c1 = wallMs - before;
  const c2 = wallMs - after;
  const ok1 = zone.offsetAt(c1) === before;
  const ok2 = zone.offsetAt(c2) === after;
  if (ok1 && ok2) return Math.min(c1, c2);
  if (ok1) return c1;
  if (ok2) return c2;
  return c1;
}

/** Accept an epoch-ms number, a Date or an ISO-8601 string with offset; return epoch ms. */
export function toEpochMs(value: number | string | Date): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new SlaError('sla.invalid_instant', { value: String(value) });
    return value;
  }
  if (value instanceof Date) {
    const t = value.getTime();
    if (Number.isNaN(t)) throw new SlaError('sla.invalid_instant', { value: 'Invalid Date' });
    return t;
  }
  // Require an explicit zone: a bare local time would silently depend on the server's zone.
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(value)) throw new SlaError('sla.invalid_instant', { value });
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new SlaError('sla.invalid_instant', { value });
  return t;
}

// ---------------------------------------------------------------------------------------------
// Clock times
// ---------------------------------------------------------------------------------------------

const HHMM = /^(\d{2}):(\d{2})$/;

/** 'HH:MM' → minutes after midnight; '24:00' allowed (end of day). Null when malformed. */
export function parseHhmm(text: string): number | null {
  const m = HHMM.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59) return null;
  if (h === 24 && mi === 0) return MINUTES_PER_DAY;
  if (h > 23) return null;
  return h * 60 + mi;
}

export function formatHhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** A daily working window in local minutes: start in [0, 1440), end in (start, start + 1440]. */
export interface DailyWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * 'HH:MM-HH:MM' → window. An end at or before the start means the window runs past midnight
 * ('22:00-06:00' ends 06:00 next day); '00:00-24:00' is the whole day. Equal ends are rejected
 * because '08:00-08:00' is more likely a typo than a 24-hour window.
 */
export function parseWindow(text: string): DailyWindow | null {
  const parts = text.split(/[-–~]/);
  if (parts.length !== 2) return null;
  const start = parseHhmm(parts[0]);
  let end = parseHhmm(parts[1]);
  if (start === null || end === null || start >= MINUTES_PER_DAY) return null;
  if (end === start) return null;
  if (end < start) end += MINUTES_PER_DAY;
  return { start, end };
}

export function formatWindow(w: DailyWindow): string {
  const end = w.end > MINUTES_PER_DAY ? w.end - MINUTES_PER_DAY : w.end;
  return `${formatHhmm(w.start)}-${formatHhmm(end)}`;
}
