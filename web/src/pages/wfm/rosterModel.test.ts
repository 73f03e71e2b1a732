import { describe, expect, it } from 'vitest';
import { rosterProblemSchema } from '../../../../src/modules/scheduling/rosterSchemas';
import { checkRoster } from '../../../../src/modules/scheduling/rosterRules';
import type { RosterResult } from '../../wfmApi';
import { addDaysYmd, exampleRoster, isoWeekday, rosterCoverage, rosterGrid, rosterProblemFromEditor, violationText } from './rosterModel';

const NAMES = { early: 'Early', late: 'Late', night: 'Night', nightSkill: 'night-ok', agents: ['A', 'B', 'C', 'D', 'E', 'F'] };

describe('the example week', () => {
  const ed = exampleRoster('2026-03-02', NAMES);
  const problem = rosterProblemFromEditor(ed);

  it('is a problem the roster schema accepts', () => {
    const parsed = rosterProblemSchema.safeParse(problem);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });

  it('pins a late then an early shift on consecutive days, which the independent checker flags as too little rest', () => {
    const parsed = rosterProblemSchema.parse(problem);
    const violations = checkRoster(parsed, parsed.pinned);
    expect(violations.some((v) => v.rule === 'minRest' && v.agentId === 'a2' && v.date === '2026-03-06')).toBe(true);
  });

  it('states weekend demand as an override after the every-day figure', () => {
    expect(problem.demand).toEqual([
      { shiftTypeId: 'E', required: 2 },
      { shiftTypeId: 'E', weekdays: [6, 7], required: 1 },
      { shiftTypeId: 'L', required: 1 },
      { shiftTypeId: 'N', required: 1 },
    ]);
    expect(problem.agents.find((a) => a.id === 'a3')?.unavailable).toEqual([{ date: '2026-03-04', reason: 'leave' }]);
    expect(problem.agents.find((a) => a.id === 'a5')?.maxMinutesPerWeek).toBe(1440);
    expect(problem.agents.find((a) => a.id === 'a6')?.history?.lastShift?.date).toBe('2026-03-01');
  });
});

describe('dates', () => {
  it('adds days across month ends and knows ISO weekdays', () => {
    expect(addDaysYmd('2026-02-27', 3)).toBe('2026-03-02');
    expect(isoWeekday('2026-03-02')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
  });
});

describe('rosterGrid', () => {
  it('puts each assignment, leave day and hard violation in its agent × day cell', () => {
    const problem = rosterProblemFromEditor(exampleRoster('2026-03-02', NAMES));
    const a = (agentId: string, date: string, shiftTypeId: string) => ({ agentId, date, shiftTypeId, shiftName: shiftTypeId, kind: 'early' as const, startLocal: `${date}T07:00`, endLocal: `${date}T15:00`, paidMinutes: 480, pinned: false });
    const result = {
      assignments: [a('a1', '2026-03-02', 'E'), a('a2', '2026-03-08', 'L')],
      violations: [
        { rule: 'minRest', severity: 'hard', agentId: 'a2', date: '2026-03-08', shiftTypeId: 'L', details: {}, message: { 'zh-CN': '中', en: 'en' } },
        { rule: 'coverage', severity: 'demand', agentId: null, date: '2026-03-02', shiftTypeId: 'E', details: {}, message: { 'zh-CN': '中', en: 'en' } },
      ],
      agents: [{ agentId: 'a1', name: 'A', shifts: 1, paidHours: 8, nights: 0, weekends: 0, preferencesGranted: 0, preferencesRequested: 0 }],
    } as unknown as RosterResult;
    const g = rosterGrid(problem, result);
    expect(g.dates).toHaveLength(7);
    expect(g.rows.map((r) => r.agentId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(g.rows[0].cells[0].assignment?.shiftTypeId).toBe('E');
    expect(g.rows[0].shifts).toBe(1);
    expect(g.rows[1].cells[6].violations).toHaveLength(1);
    expect(g.rows[2].cells[2].leave).toBe(true);
    expect(g.rows.flatMap((r) => r.cells).filter((c) => c.assignment)).toHaveLength(2);
    expect(violationText(result.violations[0], 'en')).toBe('en');
    expect(violationText(result.violations[0], 'zh-TW')).toBe('中');
  });
});

describe('a roster as a queue schedule', () => {
  const shift = (start: string, end: string, paidMinutes: number) => ({ startUtc: start, endUtc: end, paidMinutes });

  it('counts agents on shift per interval, time-weighted, with zeros between shifts', () => {
    const cov = rosterCoverage(
      [
        shift('2026-03-02T00:00:00.000Z', '2026-03-02T01:00:00.000Z', 60),
        shift('2026-03-02T00:15:00.000Z', '2026-03-02T01:00:00.000Z', 45),
        shift('2026-03-02T02:00:00.000Z', '2026-03-02T02:30:00.000Z', 30),
      ],
      30,
    );
    expect(cov.map((c) => c.startAt)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-02T00:30:00.000Z', '2026-03-02T01:00:00.000Z', '2026-03-02T01:30:00.000Z', '2026-03-02T02:00:00.000Z']);
    expect(cov.map((c) => c.onDuty)).toEqual([1.5, 2, 0, 0, 1]);
    expect(cov.map((c) => c.working)).toEqual([1.5, 2, 0, 0, 1]);
    expect(cov.every((c) => c.intervalMinutes === 30)).toBe(true);
  });

  it('takes a shift\'s unpaid time off its working agents evenly, never above those on shift', () => {
    // 9 h on shift, 8 h paid: 8/9 of the agent works in each interval.
    const cov = rosterCoverage([shift('2026-03-02T01:00:00.000Z', '2026-03-02T10:00:00.000Z', 480)], 60);
    expect(cov).toHaveLength(9);
    for (const c of cov) {
      expect(c.onDuty).toBe(1);
      expect(c.working).toBeCloseTo(8 / 9, 3);
    }
    expect(rosterCoverage([], 30)).toEqual([]);
  });
});
