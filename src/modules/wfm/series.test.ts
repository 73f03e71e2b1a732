import { describe, expect, it } from 'vitest';
import { parseIntervalCounts, seriesFromIntervalStats } from './series';
import { intervalStats } from './intervals';
import type { CallRecord } from './types';

describe('parseIntervalCounts', () => {
  const lines = ['datetime,calls'];
  // Two days of 5-minute rows 07:00–08:05; 08:00–08:30 only partly covered.
  for (const day of ['2003-03-03', '2003-03-04']) {
    for (let m = 7 * 60; m <= 8 * 60 + 5; m += 5) {
      const hh = String(Math.floor(m / 60)).padStart(2, '0');
      const mm = String(m % 60).padStart(2, '0');
      lines.push(`${day}T${hh}:${mm}:00Z,${day === '2003-03-03' ? 1 : 2}`);
    }
  }

  it('sums source rows into complete target intervals and drops partial ones', () => {
    const { series, report } = parseIntervalCounts(lines, { intervalMinutes: 30, ignoreZone: true });
    expect(report.sourceMinutes).toBe(5);
    expect(report.incompleteIntervals).toBe(2);
    expect(series).toEqual({
      intervalMinutes: 30, dayStartMinute: 420, slotsPerDay: 2,
      days: [{ date: '2003-03-03', values: [6, 6] }, { date: '2003-03-04', values: [12, 12] }],
    });
  });

  it('converts explicit offsets to the business zone unless told the export is local', () => {
    const { series } = parseIntervalCounts(['t,n', '2026-03-02T01:00:00Z,4', '2026-03-02T01:30:00Z,5'], { intervalMinutes: 30, timeZone: 'Asia/Shanghai' });
    expect(series.dayStartMinute).toBe(9 * 60);
    expect(series.days[0]).toEqual({ date: '2026-03-02', values: [4, 5] });
  });

  it('counts malformed rows with line numbers', () => {
    const { report } = parseIntervalCounts(['datetime,calls', '2003-03-03T07:00:00Z,1', 'garbage,2', '2003-03-03T07:05:00Z,-1', '2003-03-03T07:10:00Z,'], { intervalMinutes: 30, ignoreZone: true });
    expect(report.malformed).toBe(3);
    expect(report.issues.map((i) => i.line)).toEqual([3, 4, 5]);
  });
});

describe('seriesFromIntervalStats', () => {
  it('turns offered counts per interval into a day × slot grid', () => {
    const rec = (at: string): CallRecord => ({ line: 1, queue: 'Q', arrivalAt: at, offered: true, answered: false, abandoned: true, waitSeconds: 10, talkSeconds: 0 });
    const stats = intervalStats([rec('2026-03-02T01:05:00Z'), rec('2026-03-02T01:10:00Z'), rec('2026-03-02T02:40:00Z'), rec('2026-03-03T01:00:00Z')], { intervalMinutes: 30 });
    const s = seriesFromIntervalStats(stats, 'Q', { from: '09:00', to: '11:00' });
    expect(s.slotsPerDay).toBe(4);
    expect(s.days).toEqual([{ date: '2026-03-02', values: [2, 0, 0, 1] }, { date: '2026-03-03', values: [1, 0, 0, 0] }]);
  });
});
