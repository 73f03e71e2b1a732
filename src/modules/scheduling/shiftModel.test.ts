import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lpBuilder, lpNumber } from './lpText';
import {
  buildShiftModel,
  effectiveRequirements,
  expandCandidates,
  reportSolution,
  ScheduleInputError,
  solutionFromValues,
} from './shiftModel';
import { scheduleProblemSchema, type ScheduleProblemInput } from './shiftSchemas';
import { formatLocal, localToUtcMs } from './time';

const parse = (p: ScheduleProblemInput) => scheduleProblemSchema.parse(p);

describe('lpText', () => {
  it('writes signs, unit coefficients and sections', () => {
    const b = lpBuilder();
    b.objective([
      [3, 'x'],
      [-1, 'y'],
      [0, 'z'],
    ]);
    b.row('c1', [
      [1, 'x'],
      [2.5, 'y'],
    ], '>=', 4);
    b.variable('x', 0, 10, 'integer');
    b.variable('y', 0, Infinity);
    b.variable('w', 1, 1, 'binary');
    const text = b.text();
    expect(text).toContain('obj: 3 x - y');
    expect(text).toContain('c1: x + 2.5 y >= 4');
    expect(text).toContain('0 <= x <= 10');
    expect(text).toContain('y >= 0');
    expect(text).toMatch(/Generals\n x\n/);
    expect(text).toMatch(/Binaries\n w\n/);
    expect(b.counts()).toEqual({ integer: 1, binary: 1, continuous: 1, rows: 1 });
  });

  it('sums repeated terms of one variable (the HiGHS reader would keep only the last)', () => {
    const b = lpBuilder();
    b.objective([
      [2, 'x'],
      [1, 'y'],
      [3, 'x'],
      [-1, 'y'],
    ]);
    expect(b.text()).toContain('obj: 5 x\n');
  });

  it('formats numbers without exponents and rejects non-finite ones', () => {
    expect(lpNumber(1e-7)).toBe('0.0000001');
    expect(lpNumber(0.1 + 0.2)).toBe('0.3');
    expect(() => lpNumber(Infinity)).toThrow();
  });

  it('wraps long rows', () => {
    const b = lpBuilder();
    b.row('r', Array.from({ length: 200 }, (_, i) => [1, `v${i}`] as const), '<=', 1);
    const lines = b.text().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(260);
  });
});

describe('time helpers', () => {
  it('maps Shanghai local time to UTC (UTC+8, no DST)', () => {
    const ms = localToUtcMs('2026-03-02T07:00', 'Asia/Shanghai');
    expect(new Date(ms).toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(formatLocal(ms, 'Asia/Shanghai')).toBe('2026-03-02T07:00');
  });
  it('round-trips in a zone with daylight saving', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 24 * 4 }), (q) => {
        const ms = Date.UTC(2026, 0, 1) + q * 15 * 60_000;
        const local = formatLocal(ms, 'Europe/Berlin');
        const back = localToUtcMs(local, 'Europe/Berlin');
        // The repeated autumn hour is ambiguous; either reading is a valid answer.
        return back === ms || formatLocal(back, 'Europe/Berlin') === local;
      }),
    );
  });
});

describe('candidate expansion', () => {
  const base: ScheduleProblemInput = {
    start: '2026-03-02T00:00', // a Monday
    intervalMinutes: 60,
    requirements: new Array(48).fill(1),
    templates: [],
  };

  it('expands a start grid over every day, honouring weekdays', () => {
    const p = parse({
      ...base,
      templates: [
        { id: 'a', startWindow: { earliest: '08:00', latest: '10:00', stepMinutes: 60 }, lengthsMinutes: [240, 480] },
        { id: 'tue', startTimes: ['09:00'], lengthsMinutes: [240], days: [2] },
      ],
    });
    const cs = expandCandidates(p);
    const a = cs.filter((c) => c.sourceId === 'a');
    expect(a).toHaveLength(2 * 3 * 2); // 2 days × 3 starts × 2 lengths
    expect(a.map((c) => c.startInterval).sort((x, y) => x - y)[0]).toBe(8);
    const tue = cs.filter((c) => c.sourceId === 'tue');
    expect(tue.map((c) => c.startInterval)).toEqual([24 + 9]);
  });

  it('truncates at the horizon end, or wraps when asked', () => {
    const tpl = { id: 'n', startTimes: ['22:00'], lengthsMinutes: [480] };
    const cut = expandCandidates(parse({ ...base, requirements: new Array(24).fill(1), templates: [tpl] }));
    expect(cut[0].covers).toEqual([22, 23]);
    const wrap = expandCandidates(parse({ ...base, requirements: new Array(24).fill(1), templates: [tpl], wrapAround: true }));
    expect(wrap[0].covers).toEqual([22, 23, 0, 1, 2, 3, 4, 5]);
  });

  it('prices paid hours without unpaid breaks, in integer fen', () => {
    const p = parse({
      ...base,
      templates: [
        {
          id: 'd',
          startTimes: ['08:00'],
          lengthsMinutes: [540],
          costPerShiftFen: 1000,
          costPerPaidHourFen: 2999,
          breaks: [
            { name: 'lunch', durationMinutes: 60, earliestStartMinutes: 180, latestStartMinutes: 300 },
            { name: 'tea', durationMinutes: 60, paid: true, earliestStartMinutes: 420, latestStartMinutes: 420 },
          ],
        },
      ],
    });
    const [c] = expandCandidates(p);
    expect(c.paidMinutes).toBe(480);
    expect(c.costFen).toBe(1000 + 2999 * 8);
    expect(c.breaks[0].offsets).toEqual([3, 4, 5]);
  });

  it('rejects bad inputs with a path', () => {
    const bad = scheduleProblemSchema.safeParse({
      ...base,
      templates: [
        {
          id: 'x',
          startTimes: ['08:10'],
          lengthsMinutes: [240],
          breaks: [{ durationMinutes: 60, earliestStartMinutes: 120, latestStartMinutes: 240 }],
        },
      ],
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toContain('templates.0.startTimes.0');
    expect(paths).toContain('templates.0.breaks.0');
  });

  it('rejects overlapping break windows', () => {
    const bad = scheduleProblemSchema.safeParse({
      ...base,
      templates: [
        {
          id: 'x',
          startTimes: ['08:00'],
          lengthsMinutes: [480],
          breaks: [
            { durationMinutes: 60, earliestStartMinutes: 120, latestStartMinutes: 240 },
            { durationMinutes: 60, earliestStartMinutes: 240, latestStartMinutes: 300 },
          ],
        },
      ],
    });
    expect(bad.success).toBe(false);
  });
});

describe('requirements', () => {
  it('rounds up by default, keeps fractions when asked, and applies the floor', () => {
    const base: ScheduleProblemInput = {
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: [0, 1.2, 3, 2.0000000001],
      minPerInterval: [1, 0, 0, 0],
      explicitShifts: [{ id: 's', pattern: [1, 1, 1, 1], costFen: 1 }],
    };
    expect(effectiveRequirements(parse(base))).toEqual([1, 2, 3, 2]);
    expect(effectiveRequirements(parse({ ...base, requirementRounding: 'fractional' }))).toEqual([1, 1.2, 3, 2.0000000001]);
  });
});

describe('model builder', () => {
  const problem = parse({
    start: '2026-03-02T00:00',
    intervalMinutes: 60,
    requirements: [1, 2, 0],
    explicitShifts: [
      { id: 'a', pattern: [1, 1, 0], costFen: 10, max: 3 },
      { id: 'b', pattern: [0, 1, 1], costFen: 7, min: 1 },
    ],
    shortfallPenaltyFen: 50,
  });

  it('writes coverage rows with shortfall slacks and bounds', () => {
    const m = buildShiftModel(problem);
    expect(m.lp).toContain('obj: 10 x0 + 7 x1 + 50 u0 + 50 u1');
    expect(m.lp).toContain('cov0: x0 + u0 >= 1');
    expect(m.lp).toContain('cov1: x0 + x1 + u1 >= 2');
    expect(m.lp).not.toContain('cov2'); // no requirement, no over-staffing price: no row
    expect(m.lp).toContain('0 <= x0 <= 3');
    expect(m.lp).toContain('x1 >= 1');
    expect(m.stats).toMatchObject({ integerVariables: 2, continuousVariables: 2, rows: 2 });
  });

  it('adds over-coverage slacks and equality rows when over-staffing is priced', () => {
    const m = buildShiftModel({ ...problem, overstaffPenaltyFen: 3 });
    expect(m.lp).toContain('cov1: x0 + x1 + u1 - o1 = 2');
    expect(m.lp).toContain('cov2: x1 - o2 = 0');
  });

  it('uses break-pattern columns, or implicit break counts when asked', () => {
    const p = parse({
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: [1, 1, 1, 1],
      templates: [
        {
          id: 't',
          startTimes: ['00:00'],
          lengthsMinutes: [240],
          breaks: [{ durationMinutes: 60, earliestStartMinutes: 1 * 60, latestStartMinutes: 2 * 60 }],
        },
      ],
    });
    const pat = buildShiftModel(p);
    // y0_0 has its break at 01:00, y0_1 at 02:00.
    expect(pat.lp).toContain('cov1: y0_1 + u1 >= 1');
    expect(pat.lp).toContain('cov2: y0_0 + u2 >= 1');
    const imp = buildShiftModel({ ...p, solver: { ...p.solver, breakFormulation: 'implicit' } });
    expect(imp.lp).toContain('cov1: x0 - b0_0_0 + u1 >= 1');
    expect(imp.lp).toContain('brk0_0: b0_0_0 + b0_0_1 - x0 = 0');
  });

  it('reads a solution back the same way from either formulation', () => {
    const p = parse({
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: [2, 2, 2, 2],
      templates: [
        {
          id: 't',
          startTimes: ['00:00'],
          lengthsMinutes: [240],
          breaks: [{ durationMinutes: 60, earliestStartMinutes: 60, latestStartMinutes: 120 }],
        },
      ],
    });
    const pat = buildShiftModel(p);
    const sol1 = solutionFromValues(pat, new Map([['y0_0', 2], ['y0_1', 1]]));
    const imp = buildShiftModel({ ...p, solver: { ...p.solver, breakFormulation: 'implicit' } });
    const sol2 = solutionFromValues(imp, new Map([['x0', 3], ['b0_0_0', 2], ['b0_0_1', 1.0000001]]));
    expect(sol1).toEqual(sol2);
    const r = reportSolution(pat, p.requirements, sol1);
    expect(r.coverage.map((c) => c.working)).toEqual([3, 1, 2, 3]);
    expect(r.shortfall.periods).toEqual([
      { fromInterval: 1, toInterval: 1, fromLocal: '2026-03-02T01:00', toLocal: '2026-03-02T02:00', maxAgents: 1, agentHours: 1 },
    ]);
    expect(r.overCoverage.agentIntervals).toBe(2);
  });

  it('says which intervals make hard limits contradictory', () => {
    const p = parse({
      start: '2026-03-02T00:00',
      intervalMinutes: 60,
      requirements: [1, 1],
      maxPerInterval: [5, 1],
      fixedCoverage: [0, 1],
      explicitShifts: [{ id: 'a', pattern: [1, 1], costFen: 1, min: 1 }],
    });
    try {
      buildShiftModel(p);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ScheduleInputError);
      expect((e as ScheduleInputError).issues.map((i) => i.path)).toEqual([['maxPerInterval', 1]]);
    }
  });

  it('week at 15 minutes, starts every 15 minutes, 4 lengths: 2,688 shift candidates', () => {
    const p = parse({
      start: '2026-03-02T00:00',
      intervalMinutes: 15,
      requirements: new Array(7 * 96).fill(3),
      templates: [
        {
          id: 'any',
          startWindow: { earliest: '00:00', latest: '23:45', stepMinutes: 15 },
          lengthsMinutes: [240, 360, 480, 600],
          breaks: [{ durationMinutes: 30, earliestStartMinutes: 180, latestStartMinutes: 300, forLengthsMinutes: [480, 600] }],
        },
      ],
    });
    const m = buildShiftModel(p);
    expect(m.stats.candidates).toBe(2688);
    // 4 h and 6 h shifts: one column each; 8 h and 10 h: one column per break start (9).
    expect(m.stats.integerVariables).toBe(672 * 2 + 672 * 2 * 9);
  });
});
