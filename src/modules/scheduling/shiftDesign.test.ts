import { describe, expect, it } from 'vitest';
import type { SolveProgress } from './highsRunner';
import { solveSchedule, startScheduleSolve } from './shiftDesign';
import type { ScheduleProblemInput } from './shiftSchemas';

const hourly = (requirements: number[]): Pick<ScheduleProblemInput, 'start' | 'intervalMinutes' | 'requirements'> => ({
  start: '2026-03-02T00:00',
  intervalMinutes: 60,
  requirements,
});

describe('shift design with HiGHS (optimum known by hand)', () => {
  it('covers [1,2,2,1] with A+B+C (30) rather than D+B (35)', async () => {
    // A 0–2h, B 1–3h, C 2–4h at 10 each, D all day at 25. t0 needs A or D and t3 needs C or D:
    // with D, B must be added (35); without D, A + C + B (30) is exact.
    const r = await solveSchedule({
      ...hourly([1, 2, 2, 1]),
      explicitShifts: [
        { id: 'A', pattern: [1, 1, 0, 0], costFen: 10 },
        { id: 'B', pattern: [0, 1, 1, 0], costFen: 10 },
        { id: 'C', pattern: [0, 0, 1, 1], costFen: 10 },
        { id: 'D', pattern: [1, 1, 1, 1], costFen: 25 },
      ],
      solver: { mipRelGap: 0 },
    });
    expect(r.status).toBe('optimal');
    expect(r.solver.objective).toBe(30);
    expect(r.objectiveFen).toBe(30);
    expect(r.solver.gap).toBe(0);
    expect(r.shifts.map((s) => [s.sourceId, s.count])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 1],
    ]);
    expect(r.shortfall.agentIntervals).toBe(0);
    expect(r.overCoverage.agentIntervals).toBe(0);
  });

  it('an impossible requirement (seats) returns the best schedule and the exact shortfall', async () => {
    // Requirement 3 at 01:00 but only 2 seats: hard-infeasible. Best: 2 agents (200) and one
    // agent-interval short at the default penalty 10 × 100 = 1,000.
    const r = await solveSchedule({
      ...hourly([2, 3, 2]),
      maxPerInterval: 2,
      explicitShifts: [{ id: 'all', pattern: [1, 1, 1], costFen: 100 }],
      solver: { mipRelGap: 0 },
    });
    expect(r.status).toBe('optimal');
    expect(r.shortfallPenaltyFenPerAgentInterval).toBe(1000);
    expect(r.solver.objective).toBe(1200);
    expect(r.shiftCostFen).toBe(200);
    expect(r.shortfall).toEqual({
      agentIntervals: 1,
      agentHours: 1,
      intervals: 1,
      periods: [
        { fromInterval: 1, toInterval: 1, fromLocal: '2026-03-02T01:00', toLocal: '2026-03-02T02:00', maxAgents: 1, agentHours: 1 },
      ],
    });
    expect(r.coverage[1]).toMatchObject({ required: 3, working: 2, short: 1, over: 0 });
  });

  it('leaves a requirement short when covering it costs more than the penalty', async () => {
    const r = await solveSchedule({
      ...hourly([1, 2, 2, 1]),
      explicitShifts: [
        { id: 'A', pattern: [1, 1, 0, 0], costFen: 10 },
        { id: 'C', pattern: [0, 0, 1, 1], costFen: 10 },
      ],
      shortfallPenaltyFen: 6,
      solver: { mipRelGap: 0 },
    });
    // A + C = 20 leaves t1 and t2 one short: 20 + 2 × 6 = 32 < adding A and C again (40).
    expect(r.solver.objective).toBe(32);
    expect(r.shortfall.periods).toHaveLength(1);
    expect(r.shortfall.periods[0]).toMatchObject({ fromInterval: 1, toInterval: 2, maxAgents: 1, agentHours: 2 });
  });

  it('places breaks to keep coverage, where the midpoint rule cannot', async () => {
    // 6 h shift from 00:00 with a 1 h break starting at hour 1–4; need 2 working all day.
    // Working agent-hours 5x ≥ 12 → x ≥ 3, and 3 agents suffice with breaks spread: 3 × 600.
    const problem: ScheduleProblemInput = {
      ...hourly([2, 2, 2, 2, 2, 2]),
      templates: [
        {
          id: 'day',
          startTimes: ['00:00'],
          lengthsMinutes: [360],
          costPerShiftFen: 600,
          breaks: [{ name: 'lunch', durationMinutes: 60, earliestStartMinutes: 60, latestStartMinutes: 240 }],
        },
      ],
      solver: { mipRelGap: 0 },
    };
    const best = await solveSchedule(problem);
    expect(best.solver.objective).toBe(1800);
    expect(best.shortfall.agentIntervals).toBe(0);
    expect(Math.max(...best.coverage.map((c) => c.onBreak))).toBe(1);
    expect(best.shifts[0].breaks[0].placements.reduce((s, p) => s + p.count, 0)).toBe(3);

    // Midpoint: every break at 02:00, so nobody works then whatever the head count: 2 agents
    // (1,200) plus 2 agent-intervals short at 10 × 600 each.
    const mid = await solveSchedule({ ...problem, breakPlacement: 'midpoint' });
    expect(mid.solver.objective).toBe(1200 + 2 * 6000);
    expect(mid.coverage[2]).toMatchObject({ onDuty: 2, onBreak: 2, working: 0, short: 2 });

    // The implicit formulation reaches the same optimum.
    const imp = await solveSchedule({ ...problem, solver: { mipRelGap: 0, breakFormulation: 'implicit' } });
    expect(imp.solver.objective).toBe(1800);
  });

  it('ceil versus fractional requirements', async () => {
    const base: ScheduleProblemInput = {
      ...hourly([1.2]),
      explicitShifts: [{ id: 's', pattern: [1], costFen: 10 }],
      shortfallPenaltyFen: 20,
      solver: { mipRelGap: 0 },
    };
    const ceil = await solveSchedule(base);
    // Needs 2: one agent + 1 short (10 + 20) costs more than two agents (20).
    expect(ceil.solver.objective).toBe(20);
    expect(ceil.agents).toBe(2);
    const frac = await solveSchedule({ ...base, requirementRounding: 'fractional' });
    // One agent and 0.2 short: 10 + 0.2 × 20 = 14.
    expect(frac.solver.objective).toBeCloseTo(14, 9);
    expect(frac.agents).toBe(1);
    expect(frac.coverage[0].short).toBeCloseTo(0.2, 9);
  });

  it('respects min/max per start, maxTotal and fixed coverage', async () => {
    const r = await solveSchedule({
      ...hourly([3, 3, 3, 3]),
      fixedCoverage: [1, 0, 0, 0],
      templates: [
        { id: 'e', startTimes: ['00:00'], lengthsMinutes: [120], costPerShiftFen: 5, maxPerStart: 1 },
        { id: 'l', startTimes: ['02:00'], lengthsMinutes: [120], costPerShiftFen: 5, minPerStart: 1 },
        { id: 'all', startTimes: ['00:00'], lengthsMinutes: [240], costPerShiftFen: 9, maxTotal: 2 },
      ],
      shortfallPenaltyFen: 100,
      solver: { mipRelGap: 0 },
    });
    // all is capped at 2 (18); t1 then needs e ×1 (5), t2–3 need l ×1 (5, also its minimum).
    // With all ×1 instead, t1 could reach only 2 (e is capped at 1): a 100 penalty.
    expect(r.solver.objective).toBe(28);
    expect(r.coverage.map((c) => c.working)).toEqual([4, 3, 3, 3]);
  });

  it('a four-shift 早/中/晚/夜 day, wrapped: cost matches a hand count', async () => {
    const eight = (id: string, name: string, start: string, hourly: number) => ({
      id,
      name,
      startTimes: [start],
      lengthsMinutes: [480],
      costPerPaidHourFen: hourly,
    });
    const r = await solveSchedule({
      ...hourly([1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 3, 5, 5, 5, 5, 4, 4, 4, 4, 2, 2, 2, 2, 1]),
      wrapAround: true,
      templates: [
        eight('early', '早班', '07:00', 3000),
        eight('mid', '中班', '11:00', 3000),
        eight('late', '晚班', '15:00', 3000),
        eight('night', '夜班', '23:00', 4000),
      ],
      solver: { mipRelGap: 0 },
    });
    // early 3 (07–15), mid 2 (11–19) → 5 at 11–15, 2 at 15–19 + late 2 → 4; late 2 covers 19–23;
    // night 1 covers 23–07. 7 × 8 h × 30 yuan + 1 × 8 h × 40 yuan.
    expect(r.solver.objective).toBe(7 * 8 * 3000 + 8 * 4000);
    expect(Object.fromEntries(r.shifts.map((s) => [s.name, s.count]))).toEqual({ 早班: 3, 中班: 2, 晚班: 2, 夜班: 1 });
    expect(r.shifts.find((s) => s.sourceId === 'night')).toMatchObject({
      startLocal: '2026-03-02T23:00',
      startUtc: '2026-03-02T15:00:00.000Z',
      endLocal: '2026-03-03T07:00',
    });
    expect(r.shortfall.agentIntervals).toBe(0);
  });
});

describe('progress and cancellation', () => {
  // A week at 15 minutes with irregular requirements: large enough to take a few seconds.
  const requirements = Array.from({ length: 7 * 96 }, (_, i) => {
    const q = i % 96;
    const d = Math.floor(i / 96);
    return q >= 28 && q < 84 && d < 5 ? Math.round(5 + 8 * Math.sin(((q - 28) / 56) * Math.PI) + ((q * 7 + d * 3) % 5)) : 0;
  });
  const big: ScheduleProblemInput = {
    start: '2026-03-02T00:00',
    intervalMinutes: 15,
    requirements,
    templates: [
      {
        id: 'a',
        startWindow: { earliest: '00:00', latest: '23:45', stepMinutes: 15 },
        lengthsMinutes: [240, 360, 480, 600],
        breaks: [{ durationMinutes: 30, earliestStartMinutes: 180, latestStartMinutes: 300, forLengthsMinutes: [480, 600] }],
        costPerShiftFen: 2000,
        costPerPaidHourFen: 3000,
      },
    ],
    solver: { mipRelGap: 0, timeLimitSeconds: 60 },
  };

  it('reports phases and ticks, and a cancel terminates the worker with a usable schedule', async () => {
    const job = startScheduleSolve(big);
    const events: SolveProgress[] = [];
    job.on('progress', (p) => {
      events.push(p);
      // Cancel on the first tick after HiGHS has started (the solve itself takes seconds).
      if (p.phase === 'tick' && events.some((e) => e.phase === 'solving')) job.cancel();
    });
    const r = await job.result;
    const phases = events.map((e) => e.phase);
    expect(phases[0]).toBe('building');
    expect(phases).toContain('loading');
    expect(phases).toContain('tick');
    expect(phases.at(-1)).toBe('cancelled');
    expect(r.status).toBe('cancelled');
    // Whatever was known at the cancel is still a complete, consistent report.
    expect(r.coverage).toHaveLength(7 * 96);
    const working = r.coverage.reduce((s, c) => s + c.working, 0);
    const short = r.coverage.reduce((s, c) => s + c.short, 0);
    const over = r.coverage.reduce((s, c) => s + c.over, 0);
    const required = r.coverage.reduce((s, c) => s + c.required, 0);
    expect(working + short - over).toBe(required);
    expect(r.solver.fromIncumbent || r.solver.usedFallback).toBe(true);
  });

  it('an already-aborted signal returns at once with the fallback schedule', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await solveSchedule(
      { ...hourly([1, 1]), explicitShifts: [{ id: 's', pattern: [1, 1], costFen: 5, min: 1 }] },
      { signal: controller.signal },
    );
    expect(r.status).toBe('cancelled');
    expect(r.solver.usedFallback).toBe(true);
    expect(r.agents).toBe(1);
  });

  it('rejects invalid input before starting a worker', async () => {
    await expect(solveSchedule({ start: 'x', intervalMinutes: 7, requirements: [] })).rejects.toThrow();
  });
});
