/**
 * Property test: random small roster problems go through the builder + HiGHS, and every output is
 * checked against every rule by the independent checker (rosterRules.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solveRoster } from './roster';
import { builderShortfall } from './rosterModel';
import { resolveDemand } from './rosterPrep';
import { checkRoster } from './rosterRules';
import { rosterProblemSchema, type RosterAssignment, type RosterProblemInput } from './rosterSchemas';

const START = '2026-03-02';
const dateAt = (d: number) => {
  const t = new Date(Date.UTC(2026, 2, 2 + d));
  return t.toISOString().slice(0, 10);
};

const SHIFTS = [
  { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
  { id: 'M', name: '中班', start: '11:00', durationMinutes: 480, paidMinutes: 420 },
  { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
  { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480 },
  { id: 'S', name: '短夜', start: '01:00', durationMinutes: 240 },
];

/** Random problems small enough to solve to optimality in well under a second. */
const problemArb = (withPins: boolean) =>
  fc
    .record({
      // Mostly a full week or more, so weekly rules bind.
      days: fc.oneof(fc.integer({ min: 3, max: 6 }), fc.integer({ min: 7, max: 9 }), fc.integer({ min: 7, max: 9 })),
      shiftPick: fc.subarray([0, 1, 2, 3, 4], { minLength: 1, maxLength: 4 }),
      enSkillOn: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
      agentCount: fc.integer({ min: 2, max: 5 }),
      seedAgents: fc.array(
        fc.record({
          en: fc.boolean(),
          noNights: fc.boolean(),
          allowed: fc.option(fc.subarray([0, 1, 2, 3, 4], { minLength: 1 }), { nil: undefined }),
          leave: fc.array(fc.record({ day: fc.integer({ min: 0, max: 8 }), reason: fc.constantFrom('leave', 'training', 'unavailable') }), {
            maxLength: 2,
          }),
          // Up to 56 h so that days off and days in a row, not hours, are sometimes the binding rule.
          maxHours: fc.option(fc.constantFrom(16, 24, 32, 40, 56), { nil: undefined }),
          minHours: fc.option(fc.constantFrom(16, 24), { nil: undefined }),
          pair: fc.option(fc.boolean(), { nil: undefined }),
          prefer: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
          avoid: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
          wishOff: fc.option(fc.integer({ min: 0, max: 8 }), { nil: undefined }),
          history: fc.option(fc.record({ shift: fc.integer({ min: 0, max: 4 }), streak: fc.integer({ min: 0, max: 7 }) }), {
            nil: undefined,
          }),
        }),
        { minLength: 5, maxLength: 5 },
      ),
      demand: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 5, maxLength: 5 }),
      override: fc.option(fc.record({ day: fc.integer({ min: 0, max: 8 }), shift: fc.integer({ min: 0, max: 4 }), required: fc.integer({ min: 0, max: 4 }) }), {
        nil: undefined,
      }),
      rules: fc.record({
        minRestMinutes: fc.constantFrom(480, 660, 720),
        noEarlyAfterNight: fc.boolean(),
        minDaysOffPerWeek: fc.integer({ min: 1, max: 2 }),
        consecutiveDaysOff: fc.boolean(),
        maxConsecutiveWorkDays: fc.integer({ min: 3, max: 7 }),
      }),
      pins: fc.array(fc.record({ agent: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 0, max: 8 }), shift: fc.integer({ min: 0, max: 4 }) }), {
        maxLength: withPins ? 4 : 0,
      }),
    })
    .map((g): RosterProblemInput => {
      const shiftTypes = g.shiftPick.map((i) => ({ ...SHIFTS[i], skills: g.enSkillOn === i ? ['en'] : [] }));
      const ids = shiftTypes.map((s) => s.id);
      const idOf = (i: number) => ids[i % ids.length];
      const agents = g.seedAgents.slice(0, g.agentCount).map((a, k) => ({
        id: `a${k}`,
        name: `坐席${k}`,
        skills: a.en ? ['en'] : [],
        noNights: a.noNights,
        allowedShiftTypes: a.allowed ? [...new Set(a.allowed.map(idOf))] : undefined,
        unavailable: a.leave
          .filter((l) => l.day < g.days)
          .filter((l, i, all) => all.findIndex((x) => x.day === l.day) === i)
          .map((l) => ({ date: dateAt(l.day), reason: l.reason as 'leave' | 'training' | 'unavailable' })),
        maxMinutesPerWeek: a.maxHours === undefined ? undefined : a.maxHours * 60,
        minMinutesPerWeek: a.minHours === undefined ? undefined : a.minHours * 60,
        consecutiveDaysOff: a.pair,
        preferences: {
          shiftTypes: a.prefer === undefined ? [] : [idOf(a.prefer)],
          avoidShiftTypes: a.avoid === undefined ? [] : [idOf(a.avoid)],
          daysOff: a.wishOff === undefined || a.wishOff >= g.days ? [] : [dateAt(a.wishOff)],
        },
        history: a.history
          ? {
              lastShift: { date: dateAt(-1), start: SHIFTS[a.history.shift].start, durationMinutes: SHIFTS[a.history.shift].durationMinutes },
              consecutiveWorkDays: a.history.streak,
            }
          : undefined,
      }));
      const demand: RosterProblemInput['demand'] = shiftTypes.map((s, i) => ({ shiftTypeId: s.id, required: g.demand[i] }));
      if (g.override && g.override.day < g.days) {
        demand.push({ shiftTypeId: idOf(g.override.shift), date: dateAt(g.override.day), required: g.override.required });
      }
      const pinned = g.pins
        .filter((x) => x.agent < agents.length && x.day < g.days)
        .map((x) => ({ agentId: `a${x.agent}`, date: dateAt(x.day), shiftTypeId: idOf(x.shift) }));
      return {
        startDate: START,
        days: g.days,
        shiftTypes,
        demand,
        agents,
        pinned,
        rules: g.rules,
        solver: { mipRelGap: 0, timeLimitSeconds: 30 },
      };
    });

const asAssignments = (xs: { agentId: string; date: string; shiftTypeId: string }[]): RosterAssignment[] =>
  xs.map(({ agentId, date, shiftTypeId }) => ({ agentId, date, shiftTypeId }));

describe.each(['milp', 'heuristic'] as const)('roster builder (%s) checked by the independent rule checker', (method) => {
  it('without pins: no hard violation, shortfall agrees, and no unfilled place could take anyone', async () => {
    await fc.assert(
      fc.asyncProperty(problemArb(false), async (generated) => {
        const input = { ...generated, solver: { ...generated.solver, method } };
        const p = rosterProblemSchema.parse(input);
        const r = await solveRoster(input);
        expect(r.model.method).toBe(method);
        if (method === 'milp') expect(r.solver.usedFallback).toBe(false);
        const xs = asAssignments(r.assignments);
        const violations = checkRoster(p, xs);

        // 1. Every hard rule holds.
        expect(violations.filter((v) => v.severity === 'hard')).toEqual([]);
        // 2. Never more people than asked for.
        expect(violations.filter((v) => v.rule === 'overstaffed')).toEqual([]);
        // 3. The builder's own shortfall count matches the checker's, place by place.
        const model = { required: resolveDemand(p), dates: Array.from({ length: p.days }, (_, d) => dateAt(d)) };
        const mine = builderShortfall(p, model, xs);
        const theirs = model.required.map((row) => row.map(() => 0));
        for (const v of violations.filter((x) => x.rule === 'coverage')) {
          const d = model.dates.indexOf(v.date!);
          const s = p.shiftTypes.findIndex((t) => t.id === v.shiftTypeId);
          theirs[d][s] = Number(v.details.short);
        }
        expect(mine).toEqual(theirs);
        expect(r.summary.placesShort).toBe(mine.flat().reduce((a, b) => a + b, 0));

        // 4. At an optimum (MILP) or after repair (heuristic), a short place stays short only if
        //    adding any agent to it would break a hard rule.
        if (r.status === 'optimal' || method === 'heuristic') {
          for (const v of violations.filter((x) => x.rule === 'coverage')) {
            for (const agent of p.agents) {
              const added = [...xs, { agentId: agent.id, date: v.date!, shiftTypeId: v.shiftTypeId! }];
              const hard = checkRoster(p, added).filter((x) => x.severity === 'hard' && x.agentId === agent.id);
              expect(hard.length, `${agent.id} could fill ${v.shiftTypeId} on ${v.date}`).toBeGreaterThan(0);
            }
          }
        }
      }),
      { numRuns: 16, seed: 20260302, endOnFailure: true },
    );
  });

  it('with pins: pins are kept and any hard violation concerns a pinned agent', async () => {
    await fc.assert(
      fc.asyncProperty(problemArb(true), async (generated) => {
        const input = { ...generated, solver: { ...generated.solver, method } };
        const p = rosterProblemSchema.parse(input);
        const r = await solveRoster(input);
        const xs = asAssignments(r.assignments);
        for (const pin of p.pinned) expect(xs).toContainEqual(pin);
        const violations = checkRoster(p, xs);
        expect(violations.filter((v) => v.rule === 'pinned')).toEqual([]);
        const pinnedAgents = new Set(p.pinned.map((x) => x.agentId));
        for (const v of violations.filter((x) => x.severity === 'hard')) expect(pinnedAgents.has(v.agentId!)).toBe(true);
        // The report carries exactly the checker's findings.
        expect(r.violations.length).toBe(violations.length);
      }),
      { numRuns: 6, seed: 77, endOnFailure: true },
    );
  });
});
