import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  addBusinessMs,
  businessMinutesBetween,
  businessMsBetween,
  CALENDAR_24X7,
  isBusinessTime,
  nextBusinessStart,
  WEEKDAY_KEYS,
  type BusinessCalendar,
  type CalendarConfig,
} from './calendar';
import { mixed, mixedConfig, newYork, night, nightConfig, office, officeConfig, sevenDay, sevenDayConfig } from './test-fixtures';
import { parseWindow } from './time';

const CALS: Array<[string, BusinessCalendar]> = [
  ['office', office],
  ['night', night],
  ['seven', sevenDay],
  ['ny', newYork],
  ['mixed', mixed],
  ['24x7', CALENDAR_24X7],
];

const FROM = Date.UTC(2024, 11, 1);
const TO = Date.UTC(2027, 0, 31);
const instant = fc.integer({ min: FROM, max: TO });
const minuteInstant = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => m * 60_000);
const calendar = fc.constantFrom(...CALS);
const minutes = fc.integer({ min: 0, max: 60_000 });

const RUNS = { numRuns: 300 };

describe('business-time arithmetic: properties', () => {
  it('businessMinutesBetween(a, addBusinessMinutes(a, m)) == m', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, ([, cal], a, m) => {
        expect(businessMinutesBetween(cal, a, addBusinessMinutes(cal, a, m))).toBe(m);
      }),
      RUNS,
    );
  });

  it('addBusinessMinutes is monotone in the duration and in the start', () => {
    fc.assert(
      fc.property(calendar, instant, instant, minutes, minutes, ([, cal], a1, a2, m1, m2) => {
        const [lo, hi] = m1 <= m2 ? [m1, m2] : [m2, m1];
        expect(addBusinessMinutes(cal, a1, lo)).toBeLessThanOrEqual(addBusinessMinutes(cal, a1, hi));
        const [s1, s2] = a1 <= a2 ? [a1, a2] : [a2, a1];
        expect(addBusinessMinutes(cal, s1, m1)).toBeLessThanOrEqual(addBusinessMinutes(cal, s2, m1));
      }),
      RUNS,
    );
  });

  it('adding in two steps equals adding once', () => {
    fc.assert(
      fc.property(calendar, instant, minutes, minutes, ([, cal], a, m1, m2) => {
        const once = addBusinessMinutes(cal, a, m1 + m2);
        const twice = addBusinessMinutes(cal, addBusinessMinutes(cal, a, m1), m2);
        expect(twice).toBe(once);
      }),
      RUNS,
    );
  });

  it('between is additive, bounded by wall time, and equals wall time on 24×7', () => {
    fc.assert(
      fc.property(calendar, instant, instant, instant, ([, cal], x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q);
        const ab = businessMsBetween(cal, a, b);
        const bc = businessMsBetween(cal, b, c);
        expect(businessMsBetween(cal, a, c)).toBe(ab + bc);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(b - a);
        expect(businessMsBetween(CALENDAR_24X7, a, b)).toBe(b - a);
      }),
      RUNS,
    );
  });

  it('a positive deadline is preceded by business time; nextBusinessStart is business time', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 1, max: 60_000 }), ([, cal], a, m) => {
        const d = addBusinessMinutes(cal, a, m);
        expect(d).toBeGreaterThan(a);
        expect(isBusinessTime(cal, d - 1)).toBe(true);
        const n = nextBusinessStart(cal, a);
        expect(n).toBeGreaterThanOrEqual(a);
        expect(isBusinessTime(cal, n)).toBe(true);
        expect(businessMsBetween(cal, a, n)).toBe(0);
        // isBusinessTime agrees with the measure of the next millisecond.
        expect(isBusinessTime(cal, a)).toBe(businessMsBetween(cal, a, a + 1) === 1);
      }),
      RUNS,
    );
  });

  it('ms-level add and between invert each other too', () => {
    fc.assert(
      fc.property(calendar, instant, fc.integer({ min: 0, max: 3_000_000_000 }), ([, cal], a, ms) => {
        expect(businessMsBetween(cal, a, addBusinessMs(cal, a, ms))).toBe(ms);
      }),
      RUNS,
    );
  });
});

/**
 * An independent, deliberately naive oracle for fixed-offset calendars: walk minute by minute,
 * find the local date and time, and look the rules up directly in the configuration.
 */
const oracleMemo = new WeakMap<CalendarConfig, Map<string, ReturnType<typeof parseWindow>[]>>();
function oracleIsBusiness(cfg: CalendarConfig, offsetMin: number, t: number): boolean {
  const local = new Date(t + offsetMin * 60_000);
  const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes();
  const dateOf = (d: Date) => d.toISOString().slice(0, 10);
  let memo = oracleMemo.get(cfg);
  if (!memo) oracleMemo.set(cfg, (memo = new Map()));
  const windowsOn = (d: Date) => {
    const key = dateOf(d);
    let hit = memo.get(key);
    if (!hit) memo.set(key, (hit = lookup(d)));
    return hit.map((w) => w!);
  };
  const lookup = (d: Date) => {
    const entry = cfg.holidays?.find((h) => h.date === dateOf(d));
    if (entry?.kind === 'holiday') return [];
    let texts: string[] | undefined;
    if (entry?.kind === 'workday') {
      const mu = cfg.makeUpWorkday;
      texts = entry.windows ?? (mu && 'windows' in mu ? mu.windows : cfg.week?.[mu && 'weekday' in mu ? mu.weekday : 'mon']);
    } else texts = cfg.week?.[WEEKDAY_KEYS[d.getUTCDay()]];
    return (texts ?? []).map((x) => parseWindow(x)!);
  };
  const today = windowsOn(local);
  if (today.some((w) => minuteOfDay >= w.start && minuteOfDay < Math.min(w.end, 1440))) return true;
  const yesterday = new Date(local.getTime() - 86_400_000);
  return windowsOn(yesterday).some((w) => w.end > 1440 && minuteOfDay + 1440 < w.end);
}

describe('business-time arithmetic against a naive minute-by-minute oracle', () => {
  const cases: Array<[string, BusinessCalendar, CalendarConfig, number]> = [
    ['office (+08:00)', office, officeConfig, 480],
    ['night (+08:00)', night, nightConfig, 480],
    ['seven-day with short make-up days', sevenDay, sevenDayConfig, 480],
    ['mixed (−03:30)', mixed, mixedConfig, -210],
  ];
  for (const [name, cal, cfg, offset] of cases) {
    it(`${name}: minutes between two instants up to four days apart`, () => {
      fc.assert(
        fc.property(minuteInstant, fc.integer({ min: 0, max: 4 * 1440 }), (a, span) => {
          let expected = 0;
          for (let t = a; t < a + span * 60_000; t += 60_000) if (oracleIsBusiness(cfg, offset, t)) expected++;
          expect(businessMinutesBetween(cal, a, a + span * 60_000)).toBe(expected);
          expect(isBusinessTime(cal, a)).toBe(oracleIsBusiness(cfg, offset, a));
        }),
        { numRuns: 60 },
      );
    });
  }
});
