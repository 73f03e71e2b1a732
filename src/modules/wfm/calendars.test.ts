import { describe, expect, it } from 'vitest';
import { builtInHolidays, parseHolidayFile, usFederalHolidays, withHolidays, HolidayFileError } from './calendars';
import { forecastSeries, meanOfLastWeeks, regressionProfile, targetDays } from './forecast';
import type { IntervalSeries } from './series';
import { addDays, weekdayOf } from './timezone';
import { forecastCalendar, parseCalendar } from './store';

describe('business calendars', () => {
  it('knows the US federal holidays by rule (observed dates; Good Friday is not one)', () => {
    const h2003 = usFederalHolidays(2003);
    expect(h2003).toEqual(['2003-01-01', '2003-01-20', '2003-02-17', '2003-05-26', '2003-07-04', '2003-09-01', '2003-10-13', '2003-11-11', '2003-11-27', '2003-12-25']);
    expect(h2003).not.toContain('2003-04-18');
    // 2021: 4 July on a Sunday → Monday 5 July; Juneteenth Saturday → Friday 18 June; New Year 2022 (Sat) observed 31 Dec 2021.
    expect(usFederalHolidays(2021)).toEqual(expect.arrayContaining(['2021-07-05', '2021-06-18', '2021-12-31']));
  });

  it('uses the PRC schedule with its make-up workdays', () => {
    const cn = builtInHolidays('cn', [2025, 1999]);
    expect(cn.holidays).toContain('2025-10-01');
    // 调休: Sunday 28 September 2025 is a working day.
    expect(cn.openDates).toContain('2025-09-28');
    expect(builtInHolidays('none', [2025])).toEqual({ holidays: [], openDates: [] });
  });

  it('reads holiday files (one date per line or the SLA JSON) and rejects bad lines with their number', () => {
    expect(parseHolidayFile('date,kind\n2003-05-26\n2003/7/4,holiday\n# comment\n2003-09-27,workday\n')).toEqual({ holidays: ['2003-05-26', '2003-07-04'], openDates: ['2003-09-27'] });
    expect(() => parseHolidayFile('2003-05-26\n2003-13-40\n')).toThrow(HolidayFileError);
    expect(() => parseHolidayFile('2003-05-26,party\n')).toThrow(/line 1/);
  });

  it('makes forecasts zero on closed days and holidays, open on make-up days, and labels the day after a holiday', () => {
    // Eight weeks of Monday–Friday history, 4 slots a day, volume 10 × weekday.
    const days: IntervalSeries['days'] = [];
    for (let d = '2003-03-03'; d < '2003-04-28'; d = addDays(d, 1)) {
      const wd = weekdayOf(d);
      if (wd !== 0 && wd !== 6) days.push({ date: d, values: [1, 2, 3, 4].map((k) => k * 10 * wd) });
    }
    const series: IntervalSeries = { intervalMinutes: 60, dayStartMinute: 540, slotsPerDay: 4, days };
    const cal = withHolidays({ closedWeekdays: [0, 6] }, { holidays: ['2003-04-29'], openDates: ['2003-05-03'] });
    const fc = forecastSeries(series, meanOfLastWeeks(4), { horizonDays: 7, originDate: '2003-04-27', calendar: cal });
    const byDate = new Map(fc.map((d) => [d.date, d.values]));
    expect(byDate.get('2003-04-28')).toEqual([10, 20, 30, 40]);
    expect(byDate.get('2003-04-29')).toEqual([0, 0, 0, 0]); // holiday
    expect(byDate.get('2003-05-04')).toEqual([0, 0, 0, 0]); // Sunday
    expect(byDate.get('2003-04-30')!.every((v) => v > 0)).toBe(true);
    // The Saturday make-up day is open (a target), the after-holiday day is labelled.
    const targets = targetDays('2003-04-27', 7, cal);
    expect(targets.map((t) => t.date)).toContain('2003-05-03');
    expect(targets.find((t) => t.date === '2003-04-30')!.labels).toContain('after-closure');
    expect(forecastSeries(series, regressionProfile(), { horizonDays: 7, originDate: '2003-04-27', calendar: cal }).find((d) => d.date === '2003-04-29')!.values).toEqual([0, 0, 0, 0]);
  });

  it('gives a queue its built-in holiday set through its calendar settings', () => {
    const cal = parseCalendar(JSON.stringify({ closedWeekdays: [0, 6], holidaySet: 'us-federal' }));
    expect(cal.holidaySet).toBe('us-federal');
    const fc = forecastCalendar(cal, [{ date: '2003-03-17', kind: 'holiday', factor: null, label: null, note: null }]);
    expect(fc.holidays).toEqual(expect.arrayContaining(['2003-05-26', '2003-07-04', '2003-03-17']));
    expect(parseCalendar('{"holidaySet":"mars"}').holidaySet).toBe('none');
  });
});
