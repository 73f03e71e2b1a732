/**
 * Bench: a four-week roster for 150 named agents under the labour rules of issue 13, in the
 * pyworkforce style (minimise paid hours less weighted wishes, over-coverage allowed).
 *
 * 28 days from Monday 2026-03-02; shifts 早 07:00 8 h, 晚 15:00 8 h, 夜 23:00 8 h, 中 10:00 6 h;
 * demand per day drawn with a fixed seed around 34/30/20/18 (weekends 70 %). Hard rules: 5–6
 * working days a week, ≥ 36 h a week, 11 h rest, no 早 after 夜, nothing the day after a 夜
 * except 夜 (forbidden sequence 夜 → 中/晚), ≤ 6 days in a row, ~2 % of (agent, day, shift) banned;
 * each agent prefers one shift type, 10 % with weight 2. Objective: Σ paid hours − Σ weight × wish.
 *
 * Run: npx tsx bench/roster-labour.ts [--agents 150] [--days 28] [--limit 60] [--gap 0.01]
 */
import { solveRoster } from '../src/modules/scheduling/roster';
import type { RosterProblemInput } from '../src/modules/scheduling/rosterSchemas';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const nAgents = Number(arg('agents', '150'));
const days = Number(arg('days', '28'));
const limit = Number(arg('limit', '60'));
const gap = Number(arg('gap', '0.01'));
const scale = nAgents / 150;

let seed = 20260413;
const rand = () => {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const dateAt = (d: number) => new Date(Date.UTC(2026, 2, 2 + d)).toISOString().slice(0, 10);
const ids = ['E', 'L', 'N', 'M'];
const base = [34, 30, 20, 18];

const demand = Array.from({ length: days }, (_, d) => {
  const weekend = d % 7 >= 5;
  return ids.map((id, i) => ({ shiftTypeId: id, date: dateAt(d), required: Math.round(base[i] * scale * (weekend ? 0.7 : 1) * (0.85 + 0.3 * rand())) }));
}).flat();

const problem: RosterProblemInput = {
  startDate: '2026-03-02',
  days,
  shiftTypes: [
    { id: 'E', name: '早班', start: '07:00', durationMinutes: 480 },
    { id: 'L', name: '晚班', start: '15:00', durationMinutes: 480 },
    { id: 'N', name: '夜班', start: '23:00', durationMinutes: 480 },
    { id: 'M', name: '中班', start: '10:00', durationMinutes: 360 },
  ],
  demand,
  agents: Array.from({ length: nAgents }, (_, k) => ({
    id: `A${String(k + 1).padStart(3, '0')}`,
    minMinutesPerWeek: 36 * 60,
    preferenceWeight: rand() < 0.1 ? 2 : 1,
    preferences: { shiftTypes: [ids[Math.floor(rand() * 4)]] },
    bannedShifts: Array.from({ length: days * 4 }, (_, c) => c)
      .filter(() => rand() < 0.02)
      .map((c) => ({ date: dateAt(Math.floor(c / 4)), shiftTypeId: ids[c % 4] })),
  })),
  rules: {
    minWorkDaysPerWeek: 5,
    maxWorkDaysPerWeek: 6,
    minDaysOffPerWeek: 1,
    maxMinutesPerWeek: 48 * 60,
    maxConsecutiveWorkDays: 6,
    forbiddenSequences: [{ from: 'N', to: ['M', 'L'] }],
    maxOverstaff: nAgents,
    mode: { minWeeklyHours: 'hard' },
  },
  weights: { shortfall: 1000, fairness: 0, preference: 1, paidHour: 1 },
  solver: { method: 'milp', timeLimitSeconds: limit, mipRelGap: gap },
};

const t0 = performance.now();
let firstIncumbentMs: number | null = null;
const r = await solveRoster(problem, {
  onProgress: (p) => {
    if (p.phase === 'incumbent' && firstIncumbentMs === null) firstIncumbentMs = p.elapsedMs;
    if (p.phase !== 'tick') process.stderr.write(`${p.phase} ${(p.elapsedMs / 1000).toFixed(1)}s obj=${p.objective ?? '-'} bound=${p.bestBound ?? '-'} gap=${p.gap === null ? '-' : (p.gap * 100).toFixed(2) + '%'}\n`);
  },
});
const wall = performance.now() - t0;
console.log(
  JSON.stringify(
    {
      agents: nAgents,
      days,
      places: demand.reduce((s, x) => s + x.required, 0),
      status: r.status,
      model: r.model,
      objective: r.solver.objective,
      bestBound: r.solver.bestBound,
      gap: r.solver.gap,
      nodes: r.solver.nodes,
      wallSeconds: Math.round(wall / 100) / 10,
      firstIncumbentSeconds: firstIncumbentMs === null ? null : Math.round(firstIncumbentMs / 100) / 10,
      placesShort: r.summary.placesShort,
      hardViolations: r.summary.hard,
      conflicts: r.conflicts.length,
      assignments: r.assignments.length,
      heuristicPlacesShort: r.heuristicPlacesShort,
    },
    null,
    2,
  ),
);
