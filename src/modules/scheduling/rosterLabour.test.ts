/**
 * Labour rules of issue 13: working days per week, bans, forbidden sequences, preference weights,
 * priced over-coverage, a hard contract minimum, hard/soft modes, conflict explanations — and the
 * published pyworkforce instance (optimum 2379) solved in the product's own input.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solveRoster, type RosterResult } from './roster';
import { checkRoster } from './rosterRules';
import { rosterProblemSchema, type RosterAssignment, type RosterProblemInput } from './rosterSchemas';
import { pyworkforceObjective, rosterFromPyworkforce, type PyworkforceRosterData } from './pyworkforceRoster';

const DATA = path.resolve(__dirname, '../../../../shared/data/pyworkforce-rostering/rostering_data.json');

const base = (over: Partial<RosterProblemInput> = {}): RosterProblemInput => ({
  startDate: '2026-03-02', // Monday
  days: 7,
  shiftTypes: [
    { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
    { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
    { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480 },
  ],
  agents: [{ id: 'a' }, { id: 'b' }],
  weights: { fairness: 0 },
  ...over,
  rules: { minDaysOffPerWeek: 0, maxConsecutiveWorkDays: 7, ...over.rules },
  solver: { method: 'milp', timeLimitSeconds: 20, mipRelGap: 0, ...over.solver },
});
const daysOf = (r: RosterResult, agentId: string) => new Set(r.assignments.filter((x) => x.agentId === agentId).map((x) => x.date)).size;
const rulesOf = (r: { rule: string; severity: string }[], severity?: string) =>
  r.filter((v) => !severity || v.severity === severity).map((v) => v.rule);
const check = (input: RosterProblemInput, xs: [string, string, string][]) =>
  checkRoster(
    rosterProblemSchema.parse(input),
    xs.map(([agentId, date, shiftTypeId]): RosterAssignment => ({ agentId, date, shiftTypeId })),
  ).filter((v) => v.severity !== 'demand');
const week = (agent: string, shift: string, n: number): [string, string, string][] =>
  Array.from({ length: n }, (_, d) => [agent, `2026-03-0${2 + d}`, shift]);

describe('pyworkforce MinHoursRoster instance (55 agents × 7 days × 4 shifts)', () => {
  const data = JSON.parse(fs.readFileSync(DATA, 'utf8')) as PyworkforceRosterData;

  it('reproduces the published optimum 2379 and keeps every rule', async () => {
    const input = rosterFromPyworkforce(data, { timeLimitSeconds: 45 });
    const r = await solveRoster(input);
    expect(r.status).toBe('optimal');
    expect(r.solver.objective).toBeCloseTo(2379, 6);
    expect(r.solver.bestBound).toBeCloseTo(2379, 6);
    // Recomputed from the roster in pyworkforce's terms, not read from the solver.
    expect(pyworkforceObjective(data, r.assignments)).toBe(2379);
    expect(r.conflicts).toEqual([]);
    expect(r.summary.hard).toBe(0);
    expect(r.summary.placesShort).toBe(0);

    // The instance's rules, checked here once more by hand.
    const p = rosterProblemSchema.parse(input);
    const dayIndex = (date: string) => (Date.parse(date) - Date.parse(p.startDate)) / 86_400_000;
    for (const agent of data.resources) {
      const mine = r.assignments.filter((x) => x.agentId === agent);
      expect(new Set(mine.map((x) => x.date)).size).toBe(mine.length);
      expect(mine.length).toBeGreaterThanOrEqual(7 - data.max_resting);
      expect(mine.reduce((s, x) => s + x.paidMinutes, 0)).toBeGreaterThanOrEqual(data.min_working_hours * 60);
      for (const x of mine.filter((y) => y.shiftTypeId === 'Night')) {
        expect(mine.some((y) => dayIndex(y.date) === dayIndex(x.date) + 1)).toBe(false);
      }
    }
    for (const ban of data.banned_shifts ?? []) {
      expect(r.assignments.some((x) => x.agentId === ban.resource && x.shiftTypeId === ban.shift && dayIndex(x.date) === ban.day)).toBe(false);
    }
    for (const [shift, req] of Object.entries(data.required_resources)) {
      req.forEach((n, d) => expect(r.assignments.filter((x) => x.shiftTypeId === shift && dayIndex(x.date) === d).length).toBeGreaterThanOrEqual(n));
    }
  }, 60_000);

  it('`shouwen roster --pyworkforce` solves an instance file as it stands and reports its objective in pyworkforce\'s terms', () => {
    const root = path.resolve(__dirname, '../../..');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-pyw-'));
    const run = (...args: string[]) => spawnSync(process.execPath, [path.join(root, 'bin/shouwen.mjs'), 'roster', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, SHOUWEN_DATA: dir } });
    try {
      const ok = run('--pyworkforce', DATA, '--json', '--time-limit-s', '45');
      expect(ok.status, ok.stderr).toBe(0);
      const out = JSON.parse(ok.stdout);
      expect(out.status).toBe('optimal');
      expect(out.pyworkforce).toEqual({ objective: 2379, feasible: true });
      expect(out.assignments.length).toBeGreaterThanOrEqual(data.resources.length * (7 - data.max_resting));
      // A horizon other than a week cannot be written in per-week rules: refused with the reason.
      const twoWeeks = path.join(dir, 'two-weeks.json');
      fs.writeFileSync(twoWeeks, JSON.stringify({ ...data, num_days: 14 }));
      const refused = run('--pyworkforce', twoWeeks);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('7-day');
      expect(run('--pyworkforce', DATA, '--input', DATA).status).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('new labour rules: the builder keeps them, the checker finds them', () => {
  it('minimum working days per week', async () => {
    // One early place a day, two agents who must each work 5 days: over-coverage is the only way.
    const input = base({ demand: [{ shiftTypeId: 'E', required: 1 }], rules: { minWorkDaysPerWeek: 5, maxOverstaff: 1 }, weights: { fairness: 0, paidHour: 1 } });
    const r = await solveRoster(input);
    expect(r.status).toBe('optimal');
    expect(daysOf(r, 'a')).toBe(5);
    expect(daysOf(r, 'b')).toBe(5);
    expect(r.summary.hard).toBe(0);
    const v = check(input, [...week('a', 'E', 5), ...week('b', 'E', 4)]);
    expect(rulesOf(v)).toEqual(['minWorkDays']);
    expect(v[0]).toMatchObject({ agentId: 'b', severity: 'hard', details: { days: 4, required: 5 } });
    // Unavailable days lower the minimum.
    expect(check({ ...input, agents: [{ id: 'a' }, { id: 'b', unavailable: [{ date: '2026-03-08', reason: 'leave' }] }] }, [...week('a', 'E', 5), ...week('b', 'E', 4)])).toEqual([]);
  });

  it('maximum working days per week', async () => {
    const input = base({ demand: [{ shiftTypeId: 'E', required: 1 }], agents: [{ id: 'a' }], rules: { maxWorkDaysPerWeek: 4 } });
    const r = await solveRoster(input);
    expect(daysOf(r, 'a')).toBe(4);
    expect(r.summary.placesShort).toBe(3);
    expect(r.summary.hard).toBe(0);
    expect(rulesOf(check(input, week('a', 'E', 5)))).toEqual(['maxWorkDays']);
  });

  it('bans on (agent, day, shift), hard and soft', async () => {
    const demand = [{ shiftTypeId: 'E', date: '2026-03-03', required: 1 }];
    const agents = [{ id: 'a', bannedShifts: [{ shiftTypeId: 'E', date: '2026-03-03' }] }];
    const hard = base({ demand, agents });
    const r = await solveRoster(hard);
    expect(r.assignments).toEqual([]);
    expect(r.summary.placesShort).toBe(1);
    const v = check(hard, [['a', '2026-03-03', 'E']]);
    expect(v).toMatchObject([{ rule: 'banned', severity: 'hard', agentId: 'a', date: '2026-03-03', shiftTypeId: 'E' }]);
    expect(v[0].message['zh-CN']).toBe('a 被禁止在 2026-03-03 上 早班');
    // A ban without a date holds every day; a soft ban is priced below a missing agent.
    expect(rulesOf(check(base({ agents: [{ id: 'a', bannedShifts: [{ shiftTypeId: 'N' }] }] }), [['a', '2026-03-06', 'N']]))).toEqual(['banned']);
    const softBan = base({ demand, agents, rules: { mode: { banned: 'soft' } }, weights: { fairness: 0, rulePenalty: 50 } });
    const s = await solveRoster(softBan);
    expect(s.assignments.map((x) => x.agentId)).toEqual(['a']);
    expect(s.violations.map((x) => [x.rule, x.severity])).toEqual([['banned', 'soft']]);
  });

  it('forbidden sequences: night then any shift / night then early only', async () => {
    const demand = [
      { shiftTypeId: 'N', date: '2026-03-02', required: 1 },
      { shiftTypeId: 'L', date: '2026-03-03', required: 1 },
    ];
    const any = base({ demand, agents: [{ id: 'a' }], rules: { minRestMinutes: 0, forbiddenSequences: [{ from: 'N' }] } });
    const r = await solveRoster(any);
    expect(r.summary.placesShort).toBe(1);
    expect(r.summary.hard).toBe(0);
    const v = check(any, [
      ['a', '2026-03-02', 'N'],
      ['a', '2026-03-03', 'L'],
    ]);
    expect(v).toMatchObject([{ rule: 'forbiddenSequence', date: '2026-03-03', shiftTypeId: 'L', details: { prevDate: '2026-03-02' } }]);
    const onlyEarly = base({ demand, agents: [{ id: 'a' }], rules: { minRestMinutes: 0, forbiddenSequences: [{ from: 'N', to: ['E'] }] } });
    const r2 = await solveRoster(onlyEarly);
    expect(r2.summary.placesShort).toBe(0);
    expect(r2.summary.hard).toBe(0);
  });

  it('minimum rest and maximum consecutive days as soft rules', async () => {
    // 晚班 ends 23:00, 早班 starts 07:00: 8 h of rest. Hard: one place stays empty. Soft: both filled.
    const demand = [
      { shiftTypeId: 'L', date: '2026-03-02', required: 1 },
      { shiftTypeId: 'E', date: '2026-03-03', required: 1 },
    ];
    const hard = await solveRoster(base({ demand, agents: [{ id: 'a' }] }));
    expect(hard.summary.placesShort).toBe(1);
    const soft = await solveRoster(base({ demand, agents: [{ id: 'a' }], rules: { mode: { minRest: 'soft' } } }));
    expect(soft.summary.placesShort).toBe(0);
    expect(soft.violations.map((x) => [x.rule, x.severity])).toEqual([['minRest', 'soft']]);

    const run = base({ demand: [{ shiftTypeId: 'E', required: 1 }], agents: [{ id: 'a' }], rules: { maxConsecutiveWorkDays: 3, maxMinutesPerWeek: 7 * 480 } });
    expect((await solveRoster(run)).summary.placesShort).toBe(1); // 3 on, 1 off, 3 on
    const softRun = await solveRoster({ ...run, rules: { ...run.rules, mode: { maxConsecutiveDays: 'soft' } } });
    expect(softRun.summary.placesShort).toBe(0);
    expect(rulesOf(softRun.violations, 'soft')).toContain('maxConsecutiveDays');
  });

  it('per-agent preference weights decide who gets the wished shift', async () => {
    const demand = [
      { shiftTypeId: 'E', required: 1 },
      { shiftTypeId: 'L', required: 1 },
    ];
    const agents = (wa: number, wb: number) => [
      { id: 'a', preferenceWeight: wa, preferences: { shiftTypes: ['E'] } },
      { id: 'b', preferenceWeight: wb, preferences: { shiftTypes: ['E'] } },
    ];
    const input = (wa: number, wb: number) => base({ days: 3, demand, agents: agents(wa, wb), rules: { minRestMinutes: 0 } });
    const early = (r: RosterResult) => r.assignments.filter((x) => x.shiftTypeId === 'E').map((x) => x.agentId);
    expect(early(await solveRoster(input(1, 3)))).toEqual(['b', 'b', 'b']);
    expect(early(await solveRoster(input(3, 1)))).toEqual(['a', 'a', 'a']);
  });

  it('over-coverage: allowed and priced, or reported', async () => {
    // A 40-hour hard minimum with 4 places for 2 agents forces over-coverage of one shift type.
    const input = base({
      days: 5,
      demand: [{ shiftTypeId: 'E', required: 1 }],
      agents: [
        { id: 'a', minMinutesPerWeek: 40 * 60 * 7 / 5 },
        { id: 'b', minMinutesPerWeek: 40 * 60 * 7 / 5 },
      ],
      rules: { maxOverstaff: 1, mode: { minWeeklyHours: 'hard' } },
      weights: { fairness: 0, overstaff: 7 },
    });
    const r = await solveRoster(input);
    expect(r.status).toBe('optimal');
    expect(r.assignments).toHaveLength(10);
    expect(r.solver.objective).toBeCloseTo(5 * 7, 6);
    expect(r.violations).toEqual([]);
    // Without an allowance the same roster is over-staffed, and a short week breaks the hard minimum.
    const strict = rosterProblemSchema.parse({ ...input, rules: { ...input.rules, maxOverstaff: 0 } });
    const xs = r.assignments.map(({ agentId, date, shiftTypeId }) => ({ agentId, date, shiftTypeId }));
    expect(new Set(rulesOf(checkRoster(strict, xs)))).toEqual(new Set(['overstaffed']));
    const short = checkRoster(strict, xs.slice(1)).filter((v) => v.rule === 'minWeeklyHours');
    expect(short).toMatchObject([{ severity: 'hard' }]);
  });
});

describe('conflicting hard rules are explained', () => {
  it('pre-check: banned from every shift on days the agent must work', async () => {
    const input = base({
      demand: [{ shiftTypeId: 'E', required: 1 }],
      agents: [{ id: 'a', name: '王芳', bannedShifts: [{ shiftTypeId: 'E', date: '2026-03-03' }, { shiftTypeId: 'E', date: '2026-03-04' }] }],
      rules: { minWorkDaysPerWeek: 6, maxMinutesPerWeek: 7 * 480 },
    });
    const r = await solveRoster(input);
    expect(r.status).toBe('infeasible');
    expect(r.conflicts).toMatchObject([{ rules: ['minWorkDays', 'banned'], agentId: 'a', date: '2026-03-02', source: 'precheck', details: { required: 6, workable: 5 } }]);
    expect(r.conflicts[0].message['zh-CN']).toBe('王芳 在 2026-03-02 起的一周至少要上班 6 天，但只有 5 天有可上的班次（禁排班次）');
    // The roster is still the best possible: 5 days, and the checker names the broken rule.
    expect(daysOf(r, 'a')).toBe(5);
    expect(rulesOf(r.violations, 'hard')).toEqual(['minWorkDays']);
  });

  it('pre-check: working days required vs days off and weekly hours', async () => {
    const input = base({ demand: [{ shiftTypeId: 'E', required: 1 }], agents: [{ id: 'a' }], rules: { minWorkDaysPerWeek: 6, minDaysOffPerWeek: 2, maxMinutesPerWeek: 7 * 480 } });
    const r = await solveRoster(input);
    expect(r.status).toBe('infeasible');
    expect(r.conflicts.map((c) => c.rules)).toEqual([['minWorkDays', 'daysOff']]);
    expect(r.conflicts[0].message.en).toBe('a must work at least 6 days in the week from 2026-03-02, but days off a week allow at most 5');
    // 6 days of 8 h against the default 40-hour week.
    const hours = await solveRoster({ ...input, rules: { ...input.rules, minDaysOffPerWeek: 1, maxMinutesPerWeek: 40 * 60 } });
    expect(hours.conflicts.map((c) => c.rules)).toEqual([['minWorkDays', 'maxWeeklyHours']]);
  });

  it('solver: no pre-check catches it, the elastic slack names the rule that gave way', async () => {
    // Only night shifts, and no shift the day after a night: at most 4 of 7 days, yet 6 required.
    const r = await solveRoster(
      base({ demand: [{ shiftTypeId: 'N', required: 1 }], agents: [{ id: 'a' }], rules: { minWorkDaysPerWeek: 6, minRestMinutes: 0, maxMinutesPerWeek: 7 * 480, forbiddenSequences: [{ from: 'N' }] } }),
    );
    expect(r.status).toBe('infeasible');
    expect(r.conflicts).toMatchObject([{ rules: ['minWorkDays', 'forbiddenSequence'], source: 'solver', details: { short: 2, unit: 'days' } }]);
    expect(daysOf(r, 'a')).toBe(4);
    expect(rulesOf(r.violations, 'hard')).toEqual(['minWorkDays']);
  });
});
