import { describe, expect, it } from 'vitest';
import { checkRoster, type RosterRule } from './rosterRules';
import { rosterProblemSchema, type RosterAssignment, type RosterProblemInput } from './rosterSchemas';

const base: RosterProblemInput = {
  startDate: '2026-03-02', // Monday
  days: 7,
  shiftTypes: [
    { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
    { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
    { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480, skills: ['night-cert'] },
  ],
  agents: [
    { id: 'wang', name: '王芳', skills: ['night-cert'] },
    { id: 'li', name: '李强' },
  ],
};

/** Checker output; demand findings (no demand is given here, so every shift is "over") only when asked. */
const check = (input: Partial<RosterProblemInput>, xs: [string, string, string][], withDemand = false) => {
  const p = rosterProblemSchema.parse({ ...base, ...input });
  const assignments: RosterAssignment[] = xs.map(([agentId, date, shiftTypeId]) => ({ agentId, date, shiftTypeId }));
  return checkRoster(p, assignments).filter((v) => withDemand || v.severity !== 'demand');
};
const rules = (vs: { rule: RosterRule }[]) => vs.map((v) => v.rule).sort();

describe('roster rule checker', () => {
  it('accepts a clean roster', () => {
    expect(
      check({ rules: { weekendsTolerance: 5 } }, [
        ['wang', '2026-03-02', 'E'],
        ['wang', '2026-03-03', 'L'],
        ['li', '2026-03-02', 'L'],
      ]),
    ).toEqual([]);
  });

  it('minimum rest: a late shift ending 23:00 then an early one at 07:00 is 8 h', () => {
    const v = check({}, [
      ['li', '2026-03-02', 'L'],
      ['li', '2026-03-03', 'E'],
    ]).filter((x) => x.rule === 'minRest');
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ agentId: 'li', date: '2026-03-03', shiftTypeId: 'E', severity: 'hard', details: { restHours: 8, minHours: 11 } });
    expect(v[0].message['zh-CN']).toBe('李强 在 2026-03-03 上班前只休息了 8 小时，少于 11 小时');
    expect(v[0].message.en).toBe('李强 rests only 8 h before the shift on 2026-03-03 (minimum 11 h)');
  });

  it('no early shift the day after a night shift, even with enough rest', () => {
    // A 00:00–04:00 night on day 1 then 07:00 early on day 2 leaves 27 h of rest.
    const v = check(
      {
        shiftTypes: [
          { id: 'E', start: '07:00', durationMinutes: 480 },
          { id: 'N0', start: '00:00', durationMinutes: 240 },
        ],
      },
      [
        ['li', '2026-03-02', 'N0'],
        ['li', '2026-03-03', 'E'],
      ],
    );
    expect(rules(v)).toEqual(['earlyAfterNight']);
    expect(v[0]).toMatchObject({ agentId: 'li', date: '2026-03-03', details: { nightDate: '2026-03-02' } });
    expect(check({ shiftTypes: [{ id: 'E', start: '07:00', durationMinutes: 480 }, { id: 'N0', start: '00:00', durationMinutes: 240 }], rules: { noEarlyAfterNight: false } }, [
      ['li', '2026-03-02', 'N0'],
      ['li', '2026-03-03', 'E'],
    ])).toEqual([]);
  });

  it('history before the horizon counts for rest and 早-after-夜', () => {
    const v = check(
      { agents: [{ id: 'li', history: { lastShift: { date: '2026-03-01', start: '23:00', durationMinutes: 480 } } }] },
      [['li', '2026-03-02', 'E']],
    );
    expect(rules(v)).toEqual(['earlyAfterNight', 'minRest']);
  });

  it('eligibility: leave, skills, allowed shift types, no nights', () => {
    const v = check(
      {
        agents: [
          { id: 'li', unavailable: [{ date: '2026-03-02', reason: 'leave' }], allowedShiftTypes: ['E', 'N'] },
          { id: 'zhao', skills: ['night-cert'], noNights: true },
        ],
      },
      [
        ['li', '2026-03-02', 'E'],
        ['li', '2026-03-04', 'N'],
        ['li', '2026-03-06', 'L'],
        ['zhao', '2026-03-04', 'N'],
      ],
    ).filter((x) => x.severity === 'hard');
    expect(v.map((x) => [x.rule, x.agentId, x.date])).toEqual([
      ['availability', 'li', '2026-03-02'],
      ['skill', 'li', '2026-03-04'],
      ['shiftNotAllowed', 'li', '2026-03-06'],
      ['shiftNotAllowed', 'zhao', '2026-03-04'],
    ]);
    expect(v[0].message['zh-CN']).toContain('请假');
    expect(v[3].details.why).toBe('noNights');
  });

  it('one shift a day', () => {
    const v = check({ rules: { minRestMinutes: 0 } }, [
      ['li', '2026-03-02', 'E'],
      ['li', '2026-03-02', 'L'],
    ]);
    expect(rules(v)).toEqual(['oneShiftPerDay']);
  });

  it('weekly hours, days off, consecutive days off, days in a row', () => {
    const week = ['02', '03', '04', '05', '06', '07'].map((d) => ['li', `2026-03-${d}`, 'E'] as [string, string, string]);
    const v = check({ rules: { consecutiveDaysOff: true, maxConsecutiveWorkDays: 5, weekendsTolerance: 9 } }, week);
    // 6 × 8 h = 48 h > 40 h; 1 day off < 2; no pair off; 6 days in a row > 5.
    expect(rules(v)).toEqual(['consecutiveDaysOff', 'daysOff', 'maxConsecutiveDays', 'maxWeeklyHours']);
    const run = v.find((x) => x.rule === 'maxConsecutiveDays')!;
    expect(run).toMatchObject({ date: '2026-03-07', details: { days: 6, max: 5 } });
    const hours = v.find((x) => x.rule === 'maxWeeklyHours')!;
    expect(hours.details).toMatchObject({ hours: 48, maxHours: 40 });
  });

  it('leave days are not days off; unavailable days are', () => {
    const work = ['02', '03', '04', '05'].map((d) => ['li', `2026-03-${d}`, 'E'] as [string, string, string]);
    const leave = check(
      { agents: [{ id: 'li', unavailable: [{ date: '2026-03-06', reason: 'leave' }, { date: '2026-03-07', reason: 'leave' }] }], rules: { weekendsTolerance: 9 } },
      work,
    );
    expect(rules(leave)).toEqual(['daysOff']); // only Sunday is a rest day
    const unavailable = check(
      { agents: [{ id: 'li', unavailable: [{ date: '2026-03-06', reason: 'unavailable' }, { date: '2026-03-07', reason: 'unavailable' }] }], rules: { weekendsTolerance: 9 } },
      work,
    );
    expect(unavailable).toEqual([]);
  });

  it('carries the working streak in from history', () => {
    const v = check({ agents: [{ id: 'li', history: { consecutiveWorkDays: 6 } }] }, [['li', '2026-03-02', 'E']]);
    expect(rules(v)).toEqual(['maxConsecutiveDays']);
    expect(v[0].details).toMatchObject({ days: 7 });
  });

  it('a short last week needs proportionally fewer days off', () => {
    // 10 days = one full block + 3 days; ⌊2 × 3 / 7⌋ = 0 days off needed in the 3-day block.
    const xs = ['09', '10', '11'].map((d) => ['li', `2026-03-${d}`, 'E'] as [string, string, string]);
    expect(check({ days: 10, rules: { weekendsTolerance: 9 } }, xs)).toEqual([]);
  });

  it('coverage and over-staffing per day and shift, with later demand overriding', () => {
    const v = check(
      {
        days: 2,
        demand: [
          { shiftTypeId: 'E', required: 2 },
          { shiftTypeId: 'E', date: '2026-03-03', required: 0 },
        ],
        rules: { weekendsTolerance: 9 },
      },
      [
        ['li', '2026-03-02', 'E'],
        ['wang', '2026-03-03', 'E'],
      ],
      true,
    );
    expect(v.map((x) => [x.rule, x.date, x.details.required, x.details.assigned])).toEqual([
      ['coverage', '2026-03-02', 2, 1],
      ['overstaffed', '2026-03-03', 0, 1],
    ]);
    expect(v[0].message['zh-CN']).toBe('2026-03-02 的 早班 需要 2 人，只排了 1 人，缺 1 人');
  });

  it('fair shares of nights follow available days', () => {
    const p: Partial<RosterProblemInput> = {
      days: 14,
      agents: [
        { id: 'a', skills: ['night-cert'] },
        { id: 'b', skills: ['night-cert'] },
        { id: 'c', skills: [] }, // cannot work nights: outside the night pool
      ],
      rules: { weekendsTolerance: 99, nightsTolerance: 1 },
    };
    const nights = (agent: string, days: number[]) =>
      days.map((d) => [agent, `2026-03-${String(2 + d).padStart(2, '0')}`, 'N'] as [string, string, string]);
    // 6 nights in total, equal availability → 3 each; 5/1 breaks ±1 for both.
    const v = check(p, [...nights('a', [0, 2, 4, 6, 8]), ...nights('b', [10])]);
    expect(v.map((x) => [x.rule, x.agentId, x.details.count, x.details.target])).toEqual([
      ['fairNights', 'a', 5, 3],
      ['fairNights', 'b', 1, 3],
    ]);
    expect(check(p, [...nights('a', [0, 2, 4, 6]), ...nights('b', [8, 10])])).toEqual([]);
  });

  it('pinned assignments must be present', () => {
    const v = check({ pinned: [{ agentId: 'li', date: '2026-03-04', shiftTypeId: 'L' }] }, []);
    expect(rules(v)).toEqual(['pinned']);
  });

  it('flags unknown references instead of crashing', () => {
    const v = check({}, [
      ['ghost', '2026-03-02', 'E'],
      ['li', '2026-03-02', 'X'],
      ['li', '2026-04-30', 'E'],
    ]);
    expect(v.map((x) => x.rule)).toEqual(['unknownReference', 'unknownReference', 'unknownReference']);
  });
});
