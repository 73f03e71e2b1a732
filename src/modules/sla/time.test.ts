import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  formatWindow,
  isoDate,
  localDayOf,
  parseHhmm,
  parseWindow,
  resolveZone,
  SlaError,
  toEpochMs,
  tryDayNumber,
  utcToWall,
  wallToUtc,
  weekdayOfDay,
} from './time';

/** Offset straight from Intl, independent of the zone's cache. */
function intlOffsetMinutes(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(new Date(utcMs));
  const name = parts.find((p) => p.type === 'timeZoneName')!.value; // 'GMT+02:00' or 'GMT'
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

describe('local dates', () => {
  it('parses and formats day numbers, rejecting impossible dates', () => {
    expect(tryDayNumber('1970-01-01')).toBe(0);
    expect(isoDate(dayNumber('2025-10-11'))).toBe('2025-10-11');
    expect(tryDayNumber('2025-02-29')).toBeNull();
    expect(tryDayNumber('2024-02-29')).not.toBeNull();
    expect(tryDayNumber('2025-1-1')).toBeNull();
    expect(() => dayNumber('x')).toThrow(SlaError);
    expect(weekdayOfDay(dayNumber('2025-10-11'))).toBe(6);
    expect(weekdayOfDay(dayNumber('1969-12-31'))).toBe(3);
  });

  it('parses clock times and windows', () => {
    expect(parseHhmm('08:30')).toBe(510);
    expect(parseHhmm('24:00')).toBe(1440);
    expect(parseHhmm('24:01')).toBeNull();
    expect(parseHhmm('12:60')).toBeNull();
    expect(parseWindow('22:00-06:00')).toEqual({ start: 1320, end: 1800 });
    expect(parseWindow('00:00-24:00')).toEqual({ start: 0, end: 1440 });
    expect(parseWindow('24:00-01:00')).toBeNull();
    expect(parseWindow('08:00')).toBeNull();
    expect(formatWindow({ start: 1320, end: 1800 })).toBe('22:00-06:00');
  });
});

describe('zones', () => {
  it('resolves fixed offsets in several spellings', () => {
    expect(resolveZone('+08:00').fixedOffsetMs).toBe(8 * 3600_000);
    expect(resolveZone('UTC+8').fixedOffsetMs).toBe(8 * 3600_000);
    expect(resolveZone('-0330').fixedOffsetMs).toBe(-(3 * 60 + 30) * 60_000);
    expect(resolveZone('UTC').fixedOffsetMs).toBe(0);
    expect(() => resolveZone('Nowhere/City')).toThrow(SlaError);
  });

  it('maps wall time to UTC across DST: gaps move forward, overlaps take the earlier instant', () => {
    const ny = resolveZone('America/New_York');
    // 2025-03-09 02:30 does not exist in New York; it reads as 03:30 EDT (07:30Z).
    expect(new Date(wallToUtc(ny, Date.UTC(2025, 2, 9, 2, 30))).toISOString()).toBe('2025-03-09T07:30:00.000Z');
    // 2025-11-02 01:30 happens twice; the first is EDT (05:30Z).
    expect(new Date(wallToUtc(ny, Date.UTC(2025, 10, 2, 1, 30))).toISOString()).toBe('2025-11-02T05:30:00.000Z');
    expect(localDayOf(ny, Date.parse('2025-07-01T03:00:00Z'))).toBe(dayNumber('2025-06-30'));
  });

  it('agrees with Intl at random instants in DST zones (the hourly cache is exact)', () => {
    const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Asia/Shanghai'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1985, 0, 1), max: Date.UTC(2030, 0, 1) }), (tz, t) => {
        const z = resolveZone(tz);
        const t0 = Math.floor(t / 1000) * 1000;
        expect(z.offsetAt(t0) / 60_000).toBe(intlOffsetMinutes(tz, t0));
        // Round trip wall → UTC → wall for instants that are not in an overlap.
        const wall = utcToWall(z, t0);
        const back = wallToUtc(z, wall);
        expect(utcToWall(z, back)).toBe(wall);
      }),
      { numRuns: 400 },
    );
  });

  it('checks instants given as strings carry a zone', () => {
    expect(toEpochMs('2025-10-01T08:00:00+08:00')).toBe(Date.UTC(2025, 9, 1, 0, 0));
    expect(toEpochMs(new Date(5))).toBe(5);
    expect(() => toEpochMs('2025-10-01T08:00:00')).toThrow(SlaError);
    expect(() => toEpochMs(Number.NaN)).toThrow(SlaError);
  });
});
