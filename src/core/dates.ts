/**
 * Shared request schemas for calendar dates and time zones. Every route that takes a date or a
 * zone uses these, so that an impossible date (2026-02-30) or an unknown zone ("x") is refused
 * at the door with a 400 instead of surfacing later as a 500 deep in date arithmetic.
 */
import { z } from 'zod';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for 'YYYY-MM-DD' naming a day that exists (2024-02-29 yes, 2026-02-30 and 2026-13-01 no). */
export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  // Round-trip through UTC: a date JavaScript would roll over (Feb 30 → Mar 2) does not come back equal.
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number(m[1]) >= 1 && new Date(t).toISOString().slice(0, 10) === s;
}

/** A calendar date 'YYYY-MM-DD' that really exists. */
export const dateStr = z.string().max(10).refine(isCalendarDate, { message: 'validation.date' });

/** The business time zone when none is set or the stored one is unusable. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

let ianaZones: Set<string> | null = null;

/**
 * True for an IANA time zone name (as `Intl.supportedValuesOf('timeZone')` lists them, plus 'UTC')
 * that this runtime can format with. Aliases the list omits (e.g. 'Asia/Calcutta') are accepted
 * when `Intl.DateTimeFormat` knows them; offsets like '+08:00' and free text are not zones.
 */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || !zone || zone.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(zone)) return false;
  ianaZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  if (ianaZones.has(zone)) return true;
  if (!zone.includes('/') && zone !== 'UTC') return false; // 'x', 'EST5EDT'-like legacy names: not IANA areas
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A request field naming a time zone. */
export const timeZoneStr = z.string().max(64).refine(isValidTimeZone, { message: 'validation.time_zone' });

/**
 * A stored zone made safe to compute with: rows written before zones were validated may hold
 * anything, and one bad project must not make task generation or reports fail with a 500.
 */
export function usableTimeZone(zone: string | null | undefined): string {
  return isValidTimeZone(zone) ? zone : DEFAULT_TIME_ZONE;
}
