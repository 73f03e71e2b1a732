import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessIntervals,
  businessMinutesBetween,
  CALENDAR_24X7,
  calendarConfigSchema,
  createCalendar,
  currentBusinessEnd,
  describeDay,
  isBusinessTime,
  nextBusinessStart,
} from './calendar';
import { cnHolidays } from './holidays';
import { SlaError } from './time';
import { bj, fmtBj, mixed, newYork, night, office, officeConfig, sevenDay } from './test-fixtures';

const add = (cal: Parameters<typeof addBusinessMinutes>[0], start: string, minutes: number) =>
  fmtBj(addBusinessMinutes(cal, bj(start), minutes));
const between = (cal: Parameters<typeof businessMinutesBetween>[0], a: string, b: string) =>
  businessMinutesBetween(cal, bj(a), bj(b));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof SlaError ? e.code : `not SlaError: ${String(e)}`;
  }
  return undefined;
}

describe('office calendar: windows and lunch break', () => {
  it('skips the lunch break', () => {
    expect(add(office, '2025-09-02 11:30', 60)).toBe('2025-09-02 14:00');
    expect(between(office, '2025-09-02 11:30', '2025-09-02 14:00')).toBe(60);
    expect(between(office, '2025-09-02 12:00', '2025-09-02 13:30')).toBe(0);
  });

  it('puts a deadline that ends exactly at a window end at that end, not after lunch', () => {
    expect(add(office, '2025-09-02 11:00', 60)).toBe('2025-09-02 12:00');
    expect(add(office, '2025-09-02 11:00', 61)).toBe('2025-09-02 13:31');
  });

  it('starts counting at the next window when started outside business time', () => {
    expect(add(office, '2025-09-02 07:00', 30)).toBe('2025-09-02 09:00');
    expect(add(office, '2025-09-02 12:40', 30)).toBe('2025-09-02 14:00');
    expect(add(office, '2025-09-02 19:00', 30)).toBe('2025-09-03 09:00');
  });

  it('treats window starts as inclusive and ends as exclusive', () => {
    expect(isBusinessTime(office, bj('2025-09-02 08:30'))).toBe(true);
    expect(isBusinessTime(office, bj('2025-09-02 08:29'))).toBe(false);
    expect(isBusinessTime(office, bj('2025-09-02 11:59'))).toBe(true);
    expect(isBusinessTime(office, bj('2025-09-02 12:00'))).toBe(false);
    expect(isBusinessTime(office, bj('2025-09-02 13:30'))).toBe(true);
    expect(isBusinessTime(office, bj('2025-09-02 17:30'))).toBe(false);
  });

  it('finds the next business start', () => {
    expect(fmtBj(nextBusinessStart(office, bj('2025-09-02 12:15')))).toBe('2025-09-02 13:30');
    expect(fmtBj(nextBusinessStart(office, bj('2025-09-02 10:15')))).toBe('2025-09-02 10:15');
    expect(fmtBj(nextBusinessStart(office, bj('2025-09-05 18:00')))).toBe('2025-09-08 08:30');
    expect(fmtBj(currentBusinessEnd(office, bj('2025-09-02 10:15')))).toBe('2025-09-02 12:00');
    expect(currentBusinessEnd(office, bj('2025-09-02 12:15'))).toBeNull();
  });

  it('skips weekends', () => {
    expect(add(office, '2025-09-05 17:00', 60)).toBe('2025-09-08 09:00');
    expect(between(office, '2025-09-05 17:00', '2025-09-08 09:00')).toBe(60);
    expect(isBusinessTime(office, bj('2025-09-06 10:00'))).toBe(false);
  });

  it('spans several weeks by whole days', () => {
    // Ten working days of 450 minutes from Monday morning end on the second Friday evening.
    expect(add(office, '2025-09-01 08:30', 10 * 450)).toBe('2025-09-12 17:30');
    expect(between(office, '2025-09-01 00:00', '2025-09-15 00:00')).toBe(10 * 450);
  });

  it('lists business intervals clipped to a range', () => {
    const iv = businessIntervals(office, bj('2025-09-02 10:00'), bj('2025-09-03 09:00')).map(([s, e]) => [fmtBj(s), fmtBj(e)]);
    expect(iv).toEqual([
      ['2025-09-02 10:00', '2025-09-02 12:00'],
      ['2025-09-02 13:30', '2025-09-02 17:30'],
      ['2025-09-03 08:30', '2025-09-03 09:00'],
    ]);
  });

  it('is antisymmetric and rejects negative durations', () => {
    expect(between(office, '2025-09-02 14:00', '2025-09-02 11:30')).toBe(-60);
    expect(codeOf(() => addBusinessMinutes(office, bj('2025-09-02 10:00'), -1))).toBe('sla.invalid_duration');
    expect(codeOf(() => addBusinessMinutes(office, Number.NaN, 1))).toBe('sla.invalid_instant');
    expect(addBusinessMinutes(office, bj('2025-09-06 10:00'), 0)).toBe(bj('2025-09-06 10:00'));
  });
});

describe('office calendar: PRC holidays and make-up workdays (调休)', () => {
  it('skips the National Day / Mid-Autumn holiday 2025-10-01..08', () => {
    expect(add(office, '2025-09-30 17:00', 60)).toBe('2025-10-09 09:00');
    for (const d of ['2025-10-01', '2025-10-03', '2025-10-06', '2025-10-08'])
      expect(isBusinessTime(office, bj(`${d} 10:00`))).toBe(false);
  });

  it('works the make-up Sunday 2025-09-28 and Saturday 2025-10-11 on a weekday schedule', () => {
    expect(add(office, '2025-09-26 17:00', 60)).toBe('2025-09-28 09:00');
    expect(add(office, '2025-10-10 17:00', 60)).toBe('2025-10-11 09:00');
    expect(isBusinessTime(office, bj('2025-10-11 12:30'))).toBe(false); // lunch applies too
    expect(isBusinessTime(office, bj('2025-10-18 10:00'))).toBe(false); // an ordinary Saturday
    expect(between(office, '2025-10-11 00:00', '2025-10-12 00:00')).toBe(450);
  });

  it('crosses the Spring Festival 2025 with its make-up Sunday', () => {
    // Fri 24 Jan, (Sat off), Sun 26 make-up, Mon 27, holiday 28 Jan–4 Feb, Wed 5, Thu 6.
    expect(add(office, '2025-01-24 08:30', 5 * 450)).toBe('2025-02-06 17:30');
  });

  it('counts 248 working days in 2025 and in 2026 (365 − 104 weekend days − 13 statutory days)', () => {
    expect(between(office, '2025-01-01 00:00', '2026-01-01 00:00')).toBe(248 * 450);
    expect(between(office, '2026-01-01 00:00', '2027-01-01 00:00')).toBe(248 * 450);
  });

  it('handles very long targets (two years of working time) in one call', () => {
    expect(add(office, '2025-01-01 00:00', 2 * 248 * 450)).toBe('2026-12-31 17:30');
  });

  it('uses a configurable schedule on make-up days', () => {
    // sevenDay: open every day 08:00–20:00, but a make-up day only 09:00–12:00.
    expect(isBusinessTime(sevenDay, bj('2025-10-11 10:00'))).toBe(true);
    expect(isBusinessTime(sevenDay, bj('2025-10-11 14:00'))).toBe(false);
    expect(isBusinessTime(sevenDay, bj('2025-10-18 14:00'))).toBe(true); // ordinary Saturday open
    const weekdayCopy = createCalendar({ ...officeConfig, makeUpWorkday: { weekday: 'fri' }, week: { ...officeConfig.week, fri: ['09:00-10:00'] } });
    expect(describeDay(weekdayCopy, '2025-10-11').windows).toEqual(['09:00-10:00']);
  });

  it('lets a single entry carry its own windows', () => {
    const cal = createCalendar({
      ...officeConfig,
      holidays: [...cnHolidays([2026]), { date: '2025-12-27', kind: 'workday', name: '盘点', windows: ['10:00-11:00'] }],
    });
    expect(between(cal, '2025-12-27 00:00', '2025-12-28 00:00')).toBe(60);
  });

  it('describes days for the admin UI', () => {
    expect(describeDay(office, '2025-10-11')).toMatchObject({ weekday: 'sat', working: true, source: 'workday', name: '国庆节、中秋节' });
    expect(describeDay(office, '2025-10-08')).toMatchObject({ weekday: 'wed', working: false, source: 'holiday' });
    expect(describeDay(office, '2025-10-15')).toEqual({
      date: '2025-10-15',
      weekday: 'wed',
      working: true,
      source: 'regular',
      windows: ['08:30-12:00', '13:30-17:30'],
    });
    expect(describeDay(CALENDAR_24X7, '2025-10-01').working).toBe(true);
  });
});

describe('windows across midnight', () => {
  it('runs a Monday-night window into Tuesday morning', () => {
    expect(isBusinessTime(night, bj('2025-09-01 23:00'))).toBe(true);
    expect(isBusinessTime(night, bj('2025-09-02 05:59'))).toBe(true);
    expect(isBusinessTime(night, bj('2025-09-02 06:00'))).toBe(false);
    expect(add(night, '2025-09-01 23:00', 120)).toBe('2025-09-02 01:00');
    expect(add(night, '2025-09-02 05:00', 120)).toBe('2025-09-02 23:00');
    expect(between(night, '2025-09-01 00:00', '2025-09-08 00:00')).toBe(5 * 480);
  });

  it('has the Friday-night window but none on Saturday night', () => {
    expect(isBusinessTime(night, bj('2025-09-06 03:00'))).toBe(true); // Fri 22:00 → Sat 06:00
    expect(isBusinessTime(night, bj('2025-09-06 23:00'))).toBe(false);
    expect(add(night, '2025-09-06 05:00', 120)).toBe('2025-09-08 23:00');
  });

  it('attaches the window to the evening it starts: holiday evening off, holiday morning on', () => {
    // 2025-09-30 (Tue) is a working day: its night runs into the 1 Oct holiday morning.
    expect(isBusinessTime(night, bj('2025-10-01 02:00'))).toBe(true);
    // 2025-10-08 (Wed) is a holiday: no window that night, even though 9 Oct is a workday.
    expect(isBusinessTime(night, bj('2025-10-09 02:00'))).toBe(false);
    expect(isBusinessTime(night, bj('2025-10-09 23:00'))).toBe(true);
  });

  it('merges overlapping windows across midnight and adjacent 24-hour days', () => {
    // mixed (UTC−03:30): Tue 20:00–Wed 08:00 overlaps Wed 00:00–02:00 and 07:00–09:00.
    const z = (s: string) => Date.parse(s.replace(' ', 'T') + ':00-03:30');
    expect(businessMinutesBetween(mixed, z('2025-06-10 19:00'), z('2025-06-11 10:00'))).toBe(13 * 60);
    expect(addBusinessMinutes(mixed, z('2025-06-10 20:00'), 13 * 60)).toBe(z('2025-06-11 09:00'));
    // Sat, Sun, Mon 00:00–24:00 back to back: 72 hours, no gaps at midnight.
    expect(businessMinutesBetween(mixed, z('2025-06-07 00:00'), z('2025-06-10 00:00'))).toBe(72 * 60);
    expect(addBusinessMinutes(mixed, z('2025-06-07 00:00'), 72 * 60)).toBe(z('2025-06-10 00:00'));
    // Tue 3 June is a holiday: Tuesday's night window is gone, Wednesday's own windows remain.
    expect(businessMinutesBetween(mixed, z('2025-06-03 00:00'), z('2025-06-04 12:00'))).toBe(4 * 60);
  });
});

describe('24×7 and time zones', () => {
  it('counts wall-clock time on 24×7', () => {
    expect(addBusinessMinutes(CALENDAR_24X7, bj('2025-10-01 10:00'), 90)).toBe(bj('2025-10-01 11:30'));
    expect(businessMinutesBetween(CALENDAR_24X7, bj('2025-10-01 10:00'), bj('2025-10-03 10:00'))).toBe(2880);
    expect(isBusinessTime(CALENDAR_24X7, bj('2025-10-01 03:00'))).toBe(true);
  });

  it('supports any fixed-offset zone', () => {
    const ist = createCalendar({ timeZone: '+05:30', week: { mon: ['09:00-17:00'] } });
    // Monday 2025-09-01 09:00 in +05:30 is 03:30 UTC.
    expect(isBusinessTime(ist, Date.UTC(2025, 8, 1, 3, 30))).toBe(true);
    expect(isBusinessTime(ist, Date.UTC(2025, 8, 1, 3, 29))).toBe(false);
    expect(addBusinessMinutes(ist, Date.UTC(2025, 8, 1, 0, 0), 60)).toBe(Date.UTC(2025, 8, 1, 4, 30));
    const utc = createCalendar({ timeZone: 'UTC', week: { mon: ['09:00-17:00'] } });
    expect(nextBusinessStart(utc, Date.UTC(2025, 8, 1, 0, 0))).toBe(Date.UTC(2025, 8, 1, 9, 0));
  });

  it('gives the same answers for Asia/Shanghai and +08:00', () => {
    const fixed = createCalendar({ ...officeConfig, timeZone: '+08:00' });
    for (const [s, m] of [['2025-01-24 08:30', 2250], ['2025-09-30 17:00', 60], ['2026-02-13 16:00', 999]] as const)
      expect(addBusinessMinutes(fixed, bj(s), m)).toBe(addBusinessMinutes(office, bj(s), m));
  });

  it('follows DST in an IANA zone with DST', () => {
    // Sunday 2025-03-09 has 23 hours in New York, Sunday 2025-11-02 has 25.
    expect(businessMinutesBetween(newYork, Date.parse('2025-03-09T05:00:00Z'), Date.parse('2025-03-10T04:00:00Z'))).toBe(23 * 60);
    expect(businessMinutesBetween(newYork, Date.parse('2025-11-02T04:00:00Z'), Date.parse('2025-11-03T05:00:00Z'))).toBe(25 * 60);
    // Weekday window 09:00–17:00 is 13:00–21:00 UTC in summer, 14:00–22:00 in winter.
    expect(isBusinessTime(newYork, Date.parse('2025-07-01T13:00:00Z'))).toBe(true);
    expect(isBusinessTime(newYork, Date.parse('2025-12-02T13:00:00Z'))).toBe(false);
    expect(isBusinessTime(newYork, Date.parse('2025-12-02T14:00:00Z'))).toBe(true);
  });

  it('uses the tz database for old Asia/Shanghai instants (PRC DST 1986–1991)', () => {
    const cal = createCalendar({ week: { fri: ['09:00-10:00'] } });
    // 1988-07-01 was a Friday under UTC+9 (DST): 09:00 local = 00:00 UTC.
    expect(isBusinessTime(cal, Date.UTC(1988, 6, 1, 0, 0))).toBe(true);
    expect(isBusinessTime(cal, Date.UTC(1988, 6, 1, 1, 0))).toBe(false);
  });
});

describe('calendar validation', () => {
  it('rejects bad configurations with codes', () => {
    expect(codeOf(() => createCalendar({ week: {} }))).toBe('sla.calendar_without_windows');
    expect(codeOf(() => createCalendar({ week: { mon: ['8:30-12:00'] } }))).toBe('sla.invalid_window');
    expect(codeOf(() => createCalendar({ week: { mon: ['08:00-08:00'] } }))).toBe('sla.invalid_window');
    expect(codeOf(() => createCalendar({ week: { mon: ['08:00-12:00', '11:00-13:00'] } }))).toBe('sla.windows_overlap');
    expect(codeOf(() => createCalendar({ week: { mon: ['06:00-12:00', '22:00-07:00'] } }))).toBe('sla.windows_overlap');
    expect(codeOf(() => createCalendar({ timeZone: 'Mars/Olympus', week: { mon: ['08:00-12:00'] } }))).toBe('sla.invalid_time_zone');
    expect(codeOf(() => createCalendar({ timeZone: '+15:00', week: { mon: ['08:00-12:00'] } }))).toBe('sla.invalid_time_zone');
    const dup = [
      { date: '2025-10-01', kind: 'holiday' as const, name: 'a' },
      { date: '2025-10-01', kind: 'workday' as const, name: 'b' },
    ];
    expect(codeOf(() => createCalendar({ week: { mon: ['08:00-12:00'] }, holidays: dup }))).toBe('holidays.duplicate_date');
    expect(codeOf(() => createCalendar({ mode: '24x7' }))).toBeUndefined();
  });

  it('validates admin-edited configurations with the zod schema', () => {
    expect(calendarConfigSchema.safeParse(officeConfig).success).toBe(true);
    expect(calendarConfigSchema.safeParse({ week: { mon: ['25:00-26:00'] } }).success).toBe(false);
    expect(calendarConfigSchema.safeParse({ week: { moon: ['08:00-09:00'] } }).success).toBe(false);
    expect(calendarConfigSchema.safeParse({ makeUpWorkday: { windows: [] } }).success).toBe(false);
    expect(calendarConfigSchema.safeParse({ holidays: [{ date: '2025-02-30', kind: 'holiday', name: 'x' }] }).success).toBe(false);
  });
});
