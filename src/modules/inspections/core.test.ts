import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cnHolidays } from '../sla/holidays';
import {
  checkpointQrPayload,
  defaultDeadline,
  equipmentAlerts,
  evaluateChecklist,
  holidayBreaks,
  localDate,
  nextCheckDue,
  planOccurrences,
  timeliness,
  withinWorkingHours,
  DEFAULT_WORKING_HOURS,
  type ChecklistItem,
} from './core';

const opts = { windowMinutes: 60, graceMinutes: 30 };

describe('plan schedules', () => {
  it('four patrols a day at local times, as UTC instants (Shanghai is UTC+8)', () => {
    const occ = planOccurrences({ type: 'daily', times: ['20:00', '08:00', '16:00', '12:00'] }, '2026-03-02', '2026-03-03', opts);
    expect(occ).toHaveLength(8);
    expect(occ.map((o) => o.local).slice(0, 4)).toEqual(['2026-03-02T08:00', '2026-03-02T12:00', '2026-03-02T16:00', '2026-03-02T20:00']);
    expect(occ[0]).toMatchObject({ plannedStart: '2026-03-02T00:00:00.000Z', plannedEnd: '2026-03-02T01:00:00.000Z', missedAfter: '2026-03-02T01:30:00.000Z' });
    // 20:00 local is 12:00 UTC the same day.
    expect(occ[3].plannedStart).toBe('2026-03-02T12:00:00.000Z');
  });

  it('weekly on Monday and Thursday; monthly on the 31st falls on the last day of short months', () => {
    const weekly = planOccurrences({ type: 'weekly', weekdays: [1, 4], times: ['09:00'] }, '2026-03-01', '2026-03-14', opts);
    // 1 March 2026 is a Sunday: Mondays 2 and 9, Thursdays 5 and 12.
    expect(weekly.map((o) => o.date)).toEqual(['2026-03-02', '2026-03-05', '2026-03-09', '2026-03-12']);
    const monthly = planOccurrences({ type: 'monthly', days: [31], times: ['09:00'] }, '2026-01-01', '2026-04-30', opts);
    expect(monthly.map((o) => o.date)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('pre-holiday safety checks fall the given days before each break', () => {
    const h = cnHolidays([2026]);
    const breaks = holidayBreaks(h);
    expect(breaks.find((b) => b.name === '国庆节')?.start).toBe('2026-10-01');
    expect(breaks.find((b) => b.name === '春节')?.start).toBe('2026-02-15');
    const occ = planOccurrences({ type: 'before_holidays', daysBefore: 2, times: ['10:00'] }, '2026-01-01', '2026-12-31', { ...opts, holidays: h });
    expect(occ.find((o) => o.holiday === '国庆节')?.date).toBe('2026-09-29');
    expect(occ.find((o) => o.holiday === '春节')?.date).toBe('2026-02-13');
    expect(new Set(occ.map((o) => o.holiday)).size).toBe(occ.length);
  });

  it('rejects malformed schedules', () => {
    expect(() => planOccurrences({ type: 'daily', times: ['25:00'] }, '2026-01-01', '2026-01-02', opts)).toThrow();
    expect(() => planOccurrences({ type: 'weekly', weekdays: [0], times: ['08:00'] }, '2026-01-01', '2026-01-02', opts)).toThrow();
    expect(() => planOccurrences({ type: 'daily', times: [] }, '2026-01-01', '2026-01-02', opts)).toThrow();
  });

  it('property: every occurrence lies in the range, in order, with start < end ≤ missedAfter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 1439 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 5, max: 600 }),
        (startOffset, span, minutes, windowMinutes) => {
          const from = new Date(Date.UTC(2025, 0, 1 + startOffset)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2025, 0, 1 + startOffset + span)).toISOString().slice(0, 10);
          const times = minutes.map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
          const occ = planOccurrences({ type: 'daily', times }, from, to, { windowMinutes, graceMinutes: 15 });
          expect(occ).toHaveLength((span + 1) * times.length);
          for (let i = 0; i < occ.length; i++) {
            const o = occ[i];
            expect(o.date >= from && o.date <= to).toBe(true);
            expect(localDate(o.plannedStart)).toBe(o.date);
            expect(o.plannedStart < o.plannedEnd && o.plannedEnd < o.missedAfter).toBe(true);
            if (i > 0) expect(occ[i - 1].plannedStart < o.plannedStart).toBe(true);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('timeliness', () => {
  const t = { plannedEnd: '2026-03-02T01:00:00.000Z', missedAfter: '2026-03-02T01:30:00.000Z' };
  it('is on time within the window, late within the grace period, missed after it', () => {
    expect(timeliness({ ...t, completedAt: '2026-03-02T00:59:59.000Z' }, '2026-03-02T05:00:00.000Z')).toBe('on_time');
    expect(timeliness({ ...t, completedAt: '2026-03-02T01:00:00.000Z' }, '2026-03-02T05:00:00.000Z')).toBe('on_time');
    expect(timeliness({ ...t, completedAt: '2026-03-02T01:20:00.000Z' }, '2026-03-02T05:00:00.000Z')).toBe('late');
    expect(timeliness({ ...t, completedAt: '2026-03-02T01:31:00.000Z' }, '2026-03-02T05:00:00.000Z')).toBe('missed');
    expect(timeliness({ ...t, completedAt: null }, '2026-03-02T01:10:00.000Z')).toBeNull();
    expect(timeliness({ ...t, completedAt: null }, '2026-03-02T01:31:00.000Z')).toBe('missed');
  });
});

describe('checklists', () => {
  const items: ChecklistItem[] = [
    { code: 'exit', label: '疏散通道畅通', type: 'check' },
    { code: 'pressure', label: '灭火器压力', type: 'number', min: 1, max: 1.6, unit: 'MPa' },
    { code: 'light', label: '应急灯', type: 'choice', options: ['正常', '不亮', '缺失'], abnormal: ['不亮', '缺失'] },
    { code: 'remark', label: '备注', type: 'text', required: false },
  ];
  it('marks each item normal or abnormal and the round abnormal if any item is', () => {
    const ok = evaluateChecklist(items, [
      { code: 'exit', value: true },
      { code: 'pressure', value: 1.2 },
      { code: 'light', value: '正常' },
    ]);
    expect(ok.outcome).toBe('normal');
    expect(ok.problems).toEqual([]);
    const bad = evaluateChecklist(items, [
      { code: 'exit', value: false, note: '堆放杂物' },
      { code: 'pressure', value: 0.8 },
      { code: 'light', value: '正常' },
    ]);
    expect(bad.outcome).toBe('abnormal');
    expect(bad.abnormal.map((a) => a.code)).toEqual(['exit', 'pressure']);
  });
  it('reports missing, mistyped and unknown answers', () => {
    const r = evaluateChecklist(items, [
      { code: 'exit', value: 'yes' },
      { code: 'light', value: '坏了' },
      { code: 'nope', value: true },
    ]);
    expect(r.problems).toEqual(expect.arrayContaining([
      { code: 'nope', problem: 'unknown_item' },
      { code: 'exit', problem: 'invalid' },
      { code: 'pressure', problem: 'missing' },
      { code: 'light', problem: 'invalid' },
    ]));
  });
  it('without a checklist uses one overall tick', () => {
    expect(evaluateChecklist([], [{ code: 'overall', value: false }]).outcome).toBe('abnormal');
    expect(evaluateChecklist([], []).problems).toEqual([{ code: 'overall', problem: 'missing' }]);
  });
});

describe('fire equipment', () => {
  it('is due monthly (detectors quarterly) and alerts before expiry', () => {
    expect(nextCheckDue('extinguisher', '2026-03-15')).toBe('2026-04-14');
    expect(nextCheckDue('smoke_detector', '2026-03-15')).toBe('2026-06-13');
    expect(equipmentAlerts({ status: 'in_service', expiryDate: '2026-04-10', nextCheckDue: '2026-03-01' }, '2026-03-20', 30)).toEqual(['expiring', 'check_overdue']);
    expect(equipmentAlerts({ status: 'in_service', expiryDate: '2026-03-19', nextCheckDue: '2026-03-25' }, '2026-03-20', 30)).toEqual(['expired', 'check_due']);
    expect(equipmentAlerts({ status: 'in_service', expiryDate: '2026-06-01', nextCheckDue: '2026-05-01' }, '2026-03-20', 30)).toEqual([]);
    expect(equipmentAlerts({ status: 'retired', expiryDate: '2020-01-01', nextCheckDue: null }, '2026-03-20', 30)).toEqual([]);
  });
  it('hazard deadlines follow severity', () => {
    expect(defaultDeadline('critical', '2026-03-31')).toBe('2026-04-01');
    expect(defaultDeadline('low', '2026-03-31')).toBe('2026-04-15');
  });
});

describe('renovation working hours', () => {
  it('allows 8–12 and 14–18 on working days, nothing at weekends, and follows 调休', () => {
    const h = cnHolidays([2026]);
    // Tuesday 3 March 2026, local 09:30 = 01:30 UTC.
    expect(withinWorkingHours(DEFAULT_WORKING_HOURS, '2026-03-03T01:30:00Z', { holidays: h })).toBe(true);
    expect(withinWorkingHours(DEFAULT_WORKING_HOURS, '2026-03-03T04:30:00Z', { holidays: h })).toBe(false); // 12:30
    expect(withinWorkingHours(DEFAULT_WORKING_HOURS, '2026-03-07T01:30:00Z', { holidays: h })).toBe(false); // Saturday
    // Saturday 28 February 2026 is a make-up working day (调休上班) …
    expect(withinWorkingHours(DEFAULT_WORKING_HOURS, '2026-02-28T01:30:00Z', { holidays: h })).toBe(true);
    // … and Thursday 1 October a holiday.
    expect(withinWorkingHours(DEFAULT_WORKING_HOURS, '2026-10-01T01:30:00Z', { holidays: h })).toBe(false);
    expect(withinWorkingHours({ weekdays: ['08:00-18:00'], weekends: ['09:00-11:00'] }, '2026-03-07T01:30:00Z')).toBe(true);
  });
});

describe('QR payloads', () => {
  it('link to the mobile checkpoint page', () => {
    expect(checkpointQrPayload('abc_DEF-1', 'https://wy.example.com/')).toBe('https://wy.example.com/m/checkpoint/abc_DEF-1');
  });
});
