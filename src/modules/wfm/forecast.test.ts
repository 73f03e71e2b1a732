import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  backtest, bandCoverage, bestTwoCombination, defaultCandidates, ewWeekdayProfile, forecastSeries, holtWintersProfile, meanOfLastWeeks,
  regressionProfile, residualBands, seasonalNaive, seasonalNaiveScale, selectMethod, targetDays, trainingDays, wape, weeklyOrigins, type ForecastCalendar, type ForecastMethod,
} from './forecast';
import type { IntervalSeries } from './series';
import { addDays, weekdayOf } from './timezone';
import { evaluateUsBankBacktest } from './backtest-cli';

const SLOTS = 8;
const profile = [0.05, 0.1, 0.15, 0.2, 0.2, 0.15, 0.1, 0.05];
const weekdayLevel = [0, 1200, 1000, 950, 900, 1100, 0];

/** Weekday series (Mon–Fri) level × profile, optional multiplier per date. */
function synthetic(from: string, days: number, mult: (date: string) => number = () => 1): IntervalSeries {
  const out: IntervalSeries = { intervalMinutes: 60, dayStartMinute: 9 * 60, slotsPerDay: SLOTS, days: [] };
  for (let k = 0; k < days; k++) {
    const date = addDays(from, k);
    const wd = weekdayOf(date);
    if (wd === 0 || wd === 6) continue;
    out.days.push({ date, values: profile.map((p) => p * weekdayLevel[wd] * mult(date)) });
  }
  return out;
}
const weekdaysOnly: ForecastCalendar = { closedWeekdays: [0, 6] };

describe('methods on an exactly seasonal series', () => {
  const series = synthetic('2026-01-05', 10 * 7);
  const origin = '2026-03-01'; // a Sunday
  for (const m of [seasonalNaive(), meanOfLastWeeks(4), holtWintersProfile(), regressionProfile(), ewWeekdayProfile(), ewWeekdayProfile({ levelShrink: 0 }), bestTwoCombination([meanOfLastWeeks(4), regressionProfile()])]) {
    it(`${m.name} reproduces it`, () => {
      const fc = forecastSeries(series, m, { horizonDays: 7, originDate: origin, calendar: weekdaysOnly });
      expect(fc.map((d) => d.date)).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08']);
      for (const d of fc) {
        const wd = weekdayOf(d.date);
        const expected = profile.map((p) => p * weekdayLevel[wd]);
        d.values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
      }
    });
  }
});

describe('calendar', () => {
  const series = synthetic('2026-01-05', 8 * 7);
  it('closed days and holidays forecast zero; open hours close slots; special-day factors multiply', () => {
    const cal: ForecastCalendar = {
      closedWeekdays: [0, 6], holidays: ['2026-03-04'],
      openHours: { 5: { from: '09:00', to: '13:00' } },
      specialDays: [{ date: '2026-03-05', factor: 1.5 }],
    };
    const fc = forecastSeries(series, meanOfLastWeeks(4), { horizonDays: 7, originDate: '2026-03-01', calendar: cal });
    const by = new Map(fc.map((d) => [d.date, d.values]));
    expect(by.get('2026-03-04')!.every((v) => v === 0)).toBe(true);
    expect(by.get('2026-03-07')!.every((v) => v === 0)).toBe(true);
    expect(by.get('2026-03-05')![3]).toBeCloseTo(1.5 * 0.2 * 900, 9);
    const fri = by.get('2026-03-06')!;
    expect(fri.slice(4).every((v) => v === 0)).toBe(true);
    expect(fri[0]).toBeCloseTo(0.05 * 1100, 9);
  });

  it('labels month starts, month ends and days after a closure', () => {
    const t = targetDays('2026-03-27', 11, { closedWeekdays: [0, 6], holidays: ['2026-04-03'] });
    const labels = Object.fromEntries(t.map((d) => [d.date, d.labels]));
    expect(labels['2026-03-31']).toEqual(['month-end']);
    expect(labels['2026-04-01']).toEqual(['month-start']);
    expect(labels['2026-04-02']).toEqual(['month-start-2', 'before-closure']);
    expect(labels['2026-04-06']).toEqual(['after-closure']);
    expect(labels['2026-04-07']).toEqual(['after-closure-2']);
    expect(t.map((d) => d.step)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('training skips holidays and excluded days and divides out known factors', () => {
    const days = trainingDays(series, '2026-02-01', { closedWeekdays: [0, 6], holidays: ['2026-01-06'], excludeFromTraining: ['2026-01-07'], specialDays: [{ date: '2026-01-08', factor: 2 }] });
    expect(days.some((d) => d.date === '2026-01-06' || d.date === '2026-01-07')).toBe(false);
    const thu = days.find((d) => d.date === '2026-01-08')!;
    expect(thu.total).toBeCloseTo(900 / 2, 9);
  });
});

describe('special-day effects are learned from labels', () => {
  // Month starts carry +30 % of traffic.
  const cal: ForecastCalendar = { closedWeekdays: [0, 6] };
  const series = synthetic('2025-09-01', 26 * 7, (date) => (targetDays(addDays(date, -1), 1, cal)[0]?.labels.includes('month-start') ? 1.3 : 1));
  it('regression-profile forecasts the uplift on the next month start; the plain mean does not', () => {
    const origin = '2026-02-27'; // Friday; Monday 2 March is a month start
    const reg = forecastSeries(series, regressionProfile(), { horizonDays: 3, originDate: origin, calendar: cal });
    const mean = forecastSeries(series, meanOfLastWeeks(4), { horizonDays: 3, originDate: origin, calendar: cal });
    const day = (f: typeof reg) => f.find((d) => d.date === '2026-03-02')!.values.reduce((a, b) => a + b, 0);
    expect(day(reg) / 1200).toBeGreaterThan(1.2);
    expect(day(reg) / 1200).toBeLessThan(1.35);
    expect(Math.abs(day(mean) / 1200 - 1)).toBeLessThan(0.1);
  });
});

describe('new candidates', () => {
  const constant = (name: string, v: number): ForecastMethod => ({
    name, description: name, forecast: (_h, targets, slots) => targets.map(() => new Float64Array(slots).fill(v)),
  });

  it('ew-weekday-profile lifts the weighted mean by the recent level, as far as its shrink says', () => {
    // The last week runs 20 % above the weeks before.
    const series = synthetic('2026-01-05', 10 * 7, (d) => (d >= '2026-03-09' ? 1.2 : 1));
    const opts = { horizonDays: 7, originDate: '2026-03-15', calendar: weekdaysOnly };
    const mon = (m: ForecastMethod) => forecastSeries(series, m, opts).find((d) => d.date === '2026-03-16')!.values.reduce((a, b) => a + b, 0);
    const plain = mon(ewWeekdayProfile({ levelShrink: 0 }));
    const half = mon(ewWeekdayProfile({ levelShrink: 0.5 }));
    const full = mon(ewWeekdayProfile({ levelShrink: 1 }));
    // Weighted mean of 1.2 (age 0) and 1.0 (ages 1…9) with a 3-week half-life.
    let num = 1.2, den = 1;
    for (let a = 1; a <= 9; a++) { num += 0.5 ** (a / 3); den += 0.5 ** (a / 3); }
    expect(plain / 1200).toBeCloseTo(num / den, 9);
    // The last five days were fitted by the weeks before them at 1.0, so their ratio is 1.2.
    expect(full / plain).toBeCloseTo(1.2, 9);
    expect(half / plain).toBeCloseTo(1.1, 9);
  });

  it('best-two-combination weights the two best bases of its inner backtest by 1 ÷ error', () => {
    const series = synthetic('2026-01-05', 12 * 7);
    // Exact, 10 % high (error ∝ 0.1 of the mean) and far off: the far one is dropped.
    const high: ForecastMethod = { name: 'high', description: 'high', forecast: (h, t, s) => meanOfLastWeeks(4).forecast(h, t, s).map((v) => v.map((x) => x * 1.1)) };
    const low: ForecastMethod = { name: 'low', description: 'low', forecast: (h, t, s) => meanOfLastWeeks(4).forecast(h, t, s).map((v) => v.map((x) => x * 0.8)) };
    const combo = bestTwoCombination([constant('zero', 0), high, low]);
    const mon = forecastSeries(series, combo, { horizonDays: 7, originDate: '2026-03-22', calendar: weekdaysOnly }).find((d) => d.date === '2026-03-23')!;
    // Errors 0.1 and 0.2 of the actuals: weights 2/3 and 1/3 → 1.1·2/3 + 0.8·1/3 = 1.
    mon.values.forEach((v, s) => expect(v).toBeCloseTo(profile[s] * 1200, 6));
  });

  it('residual bands hold the nominal share in sample and scale with the forecast', () => {
    // Actuals = 100 × a deterministic spread of ratios in [0.8, 1.2); forecast a constant 100.
    const series: IntervalSeries = { intervalMinutes: 60, dayStartMinute: 9 * 60, slotsPerDay: 4, days: [] };
    for (let k = 0; k < 70; k++) {
      const date = addDays('2026-01-05', k);
      if (weekdayOf(date) === 0 || weekdayOf(date) === 6) continue;
      series.days.push({ date, values: [0, 1, 2, 3].map((s) => 100 * (0.8 + 0.4 * ((((k * 4 + s) * 0.6180339887) % 1)))) });
    }
    const m = constant('hundred', 100);
    const opts = { origins: weeklyOrigins(series, 8), horizonDays: 7, calendar: weekdaysOnly };
    const bands = residualBands(series, m, opts);
    for (let s = 0; s < 4; s++) {
      expect(bands.lower[s]).toBeGreaterThan(0.8);
      expect(bands.lower[s]).toBeLessThan(0.9);
      expect(bands.upper[s]).toBeGreaterThan(1.1);
      expect(bands.upper[s]).toBeLessThan(1.2);
    }
    const all = bandCoverage(series, m, bands, opts).find((c) => c.step === 0)!;
    expect(all.points).toBe(8 * 5 * 4);
    expect(all.coverage).toBeGreaterThan(0.75);
    expect(all.coverage).toBeLessThan(0.85);
    expect(all.below + all.above + all.coverage).toBeCloseTo(1, 12);
  });
});

describe('accuracy metrics and backtest', () => {
  it('wape and the seasonal-naive scale', () => {
    expect(wape([10, 20, 30], [12, 18, 30])).toBeCloseTo(4 / 60, 12);
    expect(wape([0, 0], [1, 1])).toBeNaN();
    const series = synthetic('2026-01-05', 21, (d) => (d < '2026-01-12' ? 1 : 2));
    const days = trainingDays(series, '2026-02-01', weekdaysOnly);
    // Week 2 and 3 are twice week 1: errors only between week 1 and week 2.
    const expected = (profile.reduce((a, p) => a + p, 0) * (1200 + 1000 + 950 + 900 + 1100)) / (2 * 5 * SLOTS);
    expect(seasonalNaiveScale(days, SLOTS)).toBeCloseTo(expected, 9);
  });

  it('never shows a method data after its origin', () => {
    const series = synthetic('2026-01-05', 10 * 7);
    const seen: string[] = [];
    const spy: ForecastMethod = {
      name: 'spy', description: 'records its history',
      forecast(history, targets, slots) {
        const lastSeen = history[history.length - 1].date;
        for (const t of targets) expect(t.date > lastSeen).toBe(true);
        seen.push(lastSeen);
        return targets.map(() => new Float64Array(slots));
      },
    };
    const origins = weeklyOrigins(series, 3);
    expect(origins).toEqual(['2026-02-22', '2026-03-01', '2026-03-08']);
    const [score] = backtest(series, [spy], { origins, horizonDays: 7, calendar: weekdaysOnly });
    expect(seen).toEqual(['2026-02-20', '2026-02-27', '2026-03-06']);
    expect(score.wape).toBeCloseTo(1, 12); // forecasting zero everywhere
    expect(score.byHorizon.map((h) => h.step)).toEqual([1, 2, 3, 4, 5]);
  });

  it('selects the lowest-WAPE candidate', () => {
    const series = synthetic('2026-01-05', 10 * 7, (d) => 1 + ((d.charCodeAt(9) * 7) % 5) / 50);
    const scores = backtest(series, defaultCandidates(), { origins: weeklyOrigins(series, 3), horizonDays: 7, calendar: weekdaysOnly });
    const best = selectMethod(scores);
    for (const s of scores) expect(best.wape).toBeLessThanOrEqual(s.wape);
  });
});

const usBank = fileURLToPath(new URL('../../../../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv', import.meta.url));
describe.skipIf(!existsSync(usBank))('us-bank-calls, 30 minutes', () => {
  it('the method chosen on the selection window beats seasonal-naive and the mean of four weeks on the last four weeks', () => {
    const r = evaluateUsBankBacktest(readFileSync(usBank, 'utf8'));
    expect(r.series.slotsPerDay).toBe(28);
    expect(r.testOrigins).toEqual(['2003-08-03', '2003-08-10', '2003-08-17', '2003-08-24']);
    // Selection must not overlap the test window.
    expect(r.selectionOrigins[r.selectionOrigins.length - 1] < r.testOrigins[0]).toBe(true);
    const by = new Map(r.test.map((s) => [s.method, s]));
    const chosen = by.get(r.chosen.method)!;
    expect(chosen.wape).toBeLessThan(by.get('seasonal-naive')!.wape);
    expect(chosen.wape).toBeLessThan(by.get('mean-last-4-weeks')!.wape);
    expect(chosen.mase).toBeLessThan(by.get('seasonal-naive')!.mase);
    expect(chosen.mase).toBeLessThan(by.get('mean-last-4-weeks')!.mase);
    // Each test week has five open days of 28 intervals.
    expect(chosen.points).toBe(4 * 5 * 28);
    // Listed holidays without calls are closed; none in the file was worked.
    expect(r.calendar.holidays).toEqual(expect.arrayContaining(['2003-05-26', '2003-07-04']));
    expect(r.workedHolidays).toEqual([]);
  });

  it('a listed holiday on which the file has calls is an open day: trained on and scored as if it were not listed', () => {
    const text = readFileSync(usBank, 'utf8');
    const plain = evaluateUsBankBacktest(text);
    // 2003-08-12 has calls; listing it changes nothing, since the centre worked it.
    const listed = evaluateUsBankBacktest(text, { holidays: { holidays: ['2003-08-12', '2003-08-30'], openDates: [], source: 'extra.csv' } });
    expect(listed.workedHolidays).toEqual(['2003-08-12']);
    expect(listed.calendar.holidays).toContain('2003-08-30');
    expect(listed.calendar.holidays).not.toContain('2003-08-12');
    expect(listed.test).toEqual(plain.test);
  });
});
