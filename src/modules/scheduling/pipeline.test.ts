import { describe, expect, it } from 'vitest';
import { solveRoster } from './roster';
import { checkRoster } from './rosterRules';
import { rosterProblemSchema } from './rosterSchemas';
import { dealBreaks, rosterInputFromSchedule } from './scheduleToRoster';
import { solveSchedule } from './shiftDesign';

describe('shift design → roster → breaks per agent', () => {
  it('rosters named agents onto designed shifts and keeps the designed break split', async () => {
    const schedule = await solveSchedule({
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: Array.from({ length: 3 * 24 }, (_, i) => (i % 24 >= 8 && i % 24 < 20 ? 3 : 0)),
      templates: [
        {
          id: 'day',
          name: '白班',
          startTimes: ['08:00', '12:00'],
          lengthsMinutes: [480],
          costPerPaidHourFen: 3000,
          breaks: [{ name: '午餐', durationMinutes: 60, earliestStartMinutes: 180, latestStartMinutes: 300 }],
        },
      ],
      solver: { mipRelGap: 0 },
    });
    expect(schedule.shortfall.agentIntervals).toBe(0);
    const { shiftTypes, demand } = rosterInputFromSchedule(schedule);
    expect(demand.reduce((s, d) => s + d.required, 0)).toBe(schedule.agents);

    const input = {
      startDate: '2026-03-02',
      days: 3,
      shiftTypes,
      demand,
      agents: Array.from({ length: 8 }, (_, i) => ({ id: `a${i}`, name: `坐席${i + 1}` })),
      rules: { weekendsTolerance: 9 },
    };
    const roster = await solveRoster(input);
    expect(roster.summary.placesShort).toBe(0);
    expect(roster.summary.hard).toBe(0);
    expect(checkRoster(rosterProblemSchema.parse(input), roster.assignments).filter((v) => v.severity !== 'soft')).toEqual([]);

    const breaks = dealBreaks(schedule, roster.assignments);
    expect(breaks).toHaveLength(roster.assignments.length);
    // Every designed lunch slot is used exactly once.
    const designed = schedule.shifts.flatMap((s) => s.breaks.flatMap((b) => b.placements.flatMap((p) => new Array(p.count).fill(p.startLocal))));
    const dealt = breaks.flatMap((b) => b.breaks.map((x) => x.startLocal));
    expect(dealt.sort()).toEqual(designed.sort());
    for (const b of breaks) expect(b.breaks[0].startLocal.slice(0, 10)).toBe(b.date);
  });

  it('the roster example of docs/scheduling.md', async () => {
    const r = await solveRoster({
      startDate: '2026-03-02',
      days: 7,
      shiftTypes: [
        { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
        { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
        { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480, skills: ['夜班资质'] },
      ],
      demand: [
        { shiftTypeId: 'E', required: 2 },
        { shiftTypeId: 'L', required: 1 },
        { shiftTypeId: 'N', required: 1 },
        { shiftTypeId: 'E', weekdays: [6, 7], required: 1 },
      ],
      agents: [
        { id: 'wang', name: '王芳', skills: ['夜班资质'], consecutiveDaysOff: true },
        { id: 'li', name: '李强', skills: ['夜班资质'] },
        { id: 'zhang', name: '张敏', unavailable: [{ date: '2026-03-04', reason: 'leave' }], preferences: { shiftTypes: ['E'] } },
        { id: 'zhao', name: '赵磊', skills: ['夜班资质'], noNights: true },
        { id: 'chen', name: '陈静', maxMinutesPerWeek: 1440 },
        {
          id: 'liu',
          name: '刘洋',
          skills: ['夜班资质'],
          history: { lastShift: { date: '2026-03-01', start: '23:00', durationMinutes: 480 }, consecutiveWorkDays: 3 },
        },
      ],
      pinned: [
        { agentId: 'li', date: '2026-03-05', shiftTypeId: 'L' },
        { agentId: 'li', date: '2026-03-06', shiftTypeId: 'E' },
      ],
    });
    expect(r.summary).toMatchObject({ hard: 1, demand: 0, placesShort: 0, byRule: { minRest: 1 } });
    expect(r.violations[0]).toMatchObject({ rule: 'minRest', agentId: 'li', date: '2026-03-06', shiftTypeId: 'E' });
    expect(r.violations[0].message['zh-CN']).toBe('李强 在 2026-03-06 上班前只休息了 8 小时，少于 11 小时');
    const of = (id: string) => r.assignments.filter((x) => x.agentId === id);
    expect(of('liu').find((x) => x.date === '2026-03-02' && x.shiftTypeId === 'E')).toBeUndefined();
    expect(of('zhao').filter((x) => x.kind === 'night')).toEqual([]);
    expect(of('zhang').every((x) => x.shiftTypeId === 'E' && x.date !== '2026-03-04')).toBe(true);
    expect(of('chen').length).toBeLessThanOrEqual(3);
  });
});
