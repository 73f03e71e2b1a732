import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, formatLocalIso, localDateOf, localToUtcMs, utcToLocalNaiveMs, weekdayOf, zoneOffsetMinutes } from './timezone';

const iso = (ms: number) => new Date(ms).toISOString();

describe('time zones', () => {
  it('offsets: Shanghai +8 all year, Jerusalem +2 in winter and +3 in summer (1999)', () => {
    expect(zoneOffsetMinutes(Date.UTC(2026, 0, 1), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(Date.UTC(2026, 6, 1), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(Date.UTC(1999, 0, 15), 'Asia/Jerusalem')).toBe(120);
    expect(zoneOffsetMinutes(Date.UTC(1999, 6, 15), 'Asia/Jerusalem')).toBe(180);
  });

  it('local → UTC, including a spring-forward gap and a fall-back overlap (Europe/Berlin 2026)', () => {
    expect(iso(localToUtcMs(2026, 3, 2, 9, 0, 0, 'Asia/Shanghai'))).toBe('2026-03-02T01:00:00.000Z');
    // 29 Mar 2026 02:30 does not exist in Berlin; it moves forward to 03:30 CEST = 01:30Z.
    expect(iso(localToUtcMs(2026, 3, 29, 2, 30, 0, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    // 25 Oct 2026 02:30 happens twice; the earlier (CEST, +2) is taken.
    expect(iso(localToUtcMs(2026, 10, 25, 2, 30, 0, 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(iso(localToUtcMs(2026, 10, 25, 3, 30, 0, 'Europe/Berlin'))).toBe('2026-10-25T02:30:00.000Z');
  });

  it('rejects unknown zones', () => {
    expect(() => zoneOffsetMinutes(0, 'Mars/Olympus')).toThrow(RangeError);
  });

  it('calendar helpers', () => {
    expect(weekdayOf('1999-01-01')).toBe(5); // Friday
    expect(weekdayOf('2026-03-01')).toBe(0); // Sunday
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(localDateOf(Date.UTC(2026, 2, 1, 17), 'Asia/Shanghai')).toBe('2026-03-02');
    expect(formatLocalIso(Date.UTC(2026, 2, 1, 17), 'Asia/Shanghai')).toBe('2026-03-02T01:00:00+08:00');
  });

  it('round trip UTC → local → UTC is the identity outside DST overlaps (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom('Asia/Shanghai', 'Asia/Jerusalem', 'America/New_York', 'Asia/Kolkata', 'UTC'),
        (ms, tz) => {
          const t = Math.floor(ms / 1000) * 1000;
          const naive = utcToLocalNaiveMs(t, tz);
          const d = new Date(naive);
          const back = localToUtcMs(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), tz);
          // In a fall-back hour the earlier instant is returned, one hour before t.
          expect([0, -3600_000]).toContain(back - t);
          if (back !== t) expect(zoneOffsetMinutes(back, tz)).not.toBe(zoneOffsetMinutes(t, tz));
        },
      ),
      { numRuns: 300 },
    );
  });
});
