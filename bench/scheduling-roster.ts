/**
 * Bench: a month's roster for 150 named agents on a four-shift 早/中/晚/夜 system.
 *
 * 30 days from Monday 2026-03-02; demand per day 38/28/24/11 on weekdays and 22/18/16/9 at
 * weekends (2,742 places, about 7 % below the agents' capacity after leave); agents generated with a fixed seed: 60 % night-certified (夜班 needs
 * it), 10 % no nights, 10 % part-time (24 h/week), 0–3 days of leave, half asking for two
 * consecutive days off, one preferred and one avoided shift type each. Default labour rules
 * (11 h rest, no 早 after 夜, 40 h/week, 2 days off/week, ≤ 6 days in a row).
 *
 * Run: npx tsx bench/scheduling-roster.ts [--agents 150] [--days 30] [--limit 60] [--gap 0.01]
 *      [--method auto|milp|heuristic]
 */
import { solveRoster } from '../src/modules/scheduling/roster';
import type { RosterProblemInput } from '../src/modules/scheduling/rosterSchemas';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const nAgents = Number(arg('agents', '150'));
const days = Number(arg('days', '30'));
const limit = Number(arg('limit', '60'));
const gap = Number(arg('gap', '0.01'));
const method = arg('method', 'auto') as 'auto' | 'milp' | 'heuristic';
const scale = nAgents / 150;

// Small deterministic PRNG (mulberry32) so every run rosters the same agents.
let seed = 20260302;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
const dateAt = (d: number) => new Date(Date.UTC(2026, 2, 2 + d)).toISOString().slice(0, 10);

const shiftIds = ['E', 'M', 'L', 'N'];
const problem: RosterProblemInput = {
  startDate: '2026-03-02',
  days,
  shiftTypes: [
    { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
    { id: 'M', name: '中班', start: '11:00', durationMinutes: 480 },
    { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
    { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480, skills: ['night-cert'] },
  ],
  demand: [
    ...[38, 28, 24, 11].map((r, i) => ({ shiftTypeId: shiftIds[i], required: Math.round(r * scale) })),
    ...[22, 18, 16, 9].map((r, i) => ({ shiftTypeId: shiftIds[i], weekdays: [6, 7], required: Math.round(r * scale) })),
  ],
  agents: Array.from({ length: nAgents }, (_, k) => {
    const leaveDays = Math.floor(rand() * 4);
    const leaveStart = Math.floor(rand() * (days - 3));
    return {
      id: `A${String(k + 1).padStart(3, '0')}`,
      name: `坐席${k + 1}`,
      skills: rand() < 0.6 ? ['night-cert'] : [],
      noNights: rand() < 0.1,
      maxMinutesPerWeek: rand() < 0.1 ? 24 * 60 : undefined,
      unavailable: Array.from({ length: leaveDays }, (_, i) => ({ date: dateAt(leaveStart + i), reason: 'leave' as const })),
      consecutiveDaysOff: rand() < 0.5,
      preferences: { shiftTypes: [pick(shiftIds)], avoidShiftTypes: [pick(shiftIds)] },
    };
  }),
  solver: { timeLimitSeconds: limit, mipRelGap: gap, method },
};

const places = (() => {
  let n = 0;
  for (let d = 0; d < days; d++) {
    const dow = new Date(Date.UTC(2026, 2, 2 + d)).getUTCDay() || 7;
    n += (dow >= 6 ? [22, 18, 16, 9] : [38, 28, 24, 11]).reduce((s, r) => s + Math.round(r * scale), 0);
  }
  return n;
})();

let firstIncumbentMs: number | null = null;
const t0 = performance.now();
const r = await solveRoster(problem, {
  onProgress: (p) => {
    if (p.phase === 'incumbent' && firstIncumbentMs === null) firstIncumbentMs = p.elapsedMs;
  },
});
const wall = (performance.now() - t0) / 1000;
const nights = r.agents.filter((a) => a.nights > 0).map((a) => a.nights);
console.log(
  JSON.stringify(
    {
      instance: { agents: nAgents, days, places },
      model: r.model,
      heuristicPlacesShort: r.heuristicPlacesShort,
      solver: {
        status: r.status,
        objective: r.solver.objective,
        bestBound: r.solver.bestBound,
        gapPercent: r.solver.gap === null ? null : +(r.solver.gap * 100).toFixed(3),
        solverSeconds: r.solver.solverSeconds && +r.solver.solverSeconds.toFixed(2),
        wallSeconds: +wall.toFixed(2),
        firstIncumbentSeconds: firstIncumbentMs === null ? null : +(firstIncumbentMs / 1000).toFixed(2),
      },
      roster: {
        assignments: r.assignments.length,
        placesShort: r.summary.placesShort,
        violations: r.summary,
        nightsPerNightWorker: nights.length ? { min: Math.min(...nights), max: Math.max(...nights) } : null,
      },
    },
    null,
    2,
  ),
);
