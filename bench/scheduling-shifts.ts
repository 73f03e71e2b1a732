/**
 * Bench: shift design for one week at 15-minute intervals on real volumes.
 *
 * Requirements: /work/shared/data/us-bank-calls (calls per 5 min, weekdays 07:00–21:00) for the
 * week of 2003-03-10, summed to 15 minutes, turned into agents with Erlang C (AHT 240 s, 80 % of
 * calls answered within 20 s). Saturday and Sunday have no traffic in this data set.
 * Shifts: a start every 15 minutes of every day, lengths 4/6/8/10 h, an unpaid 30-minute break
 * for shifts over 6 h placed by the MILP, cost 30 yuan per paid hour + 20 yuan per shift.
 *
 * Run: npx tsx bench/scheduling-shifts.ts [--gap 0.01] [--limit 30] [--scale 1] [--midpoint] [--implicit]
 */
import { readFileSync } from 'node:fs';
import { erlangCAgents } from '../src/modules/scheduling/erlangC';
import { solveSchedule } from '../src/modules/scheduling/shiftDesign';
import type { ScheduleProblemInput } from '../src/modules/scheduling/shiftSchemas';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const gap = Number(arg('gap', '0.01'));
const limit = Number(arg('limit', '30'));
const midpoint = process.argv.includes('--midpoint');
/** Compare the implicit break formulation (head count + break-start counts) with the default patterns. */
const implicit = process.argv.includes('--implicit');
const weekStart = arg('week', '2003-03-10');
/** Scale call volumes (e.g. 0.05 for a property service centre's size, where integrality bites). */
const scale = Number(arg('scale', '1'));

const csv = readFileSync(new URL('../../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv', import.meta.url), 'utf8');
const per15 = new Map<string, number>();
for (const line of csv.split('\n').slice(1)) {
  const [dt, calls] = line.split(',');
  if (!dt) continue;
  // The file's "Z" is local time (see data README): keep the wall clock as written.
  const day = dt.slice(0, 10);
  const minutes = Number(dt.slice(11, 13)) * 60 + Number(dt.slice(14, 16));
  const key = `${day}T${Math.floor(minutes / 15)}`;
  per15.set(key, (per15.get(key) ?? 0) + Number(calls));
}

const days: string[] = [];
for (let d = 0; d < 7; d++) {
  const t = new Date(`${weekStart}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + d);
  days.push(t.toISOString().slice(0, 10));
}
const requirements: number[] = [];
let calls = 0;
for (const day of days) {
  for (let q = 0; q < 96; q++) {
    const c = (per15.get(`${day}T${q}`) ?? 0) * scale;
    calls += c;
    requirements.push(erlangCAgents(c, 240, 900, 0.8, 20));
  }
}

const problem: ScheduleProblemInput = {
  start: `${weekStart}T00:00`,
  intervalMinutes: 15,
  requirements,
  breakPlacement: midpoint ? 'midpoint' : 'optimize',
  templates: [
    {
      id: 'any',
      name: '弹性班',
      startWindow: { earliest: '00:00', latest: '23:45', stepMinutes: 15 },
      lengthsMinutes: [240, 360, 480, 600],
      breaks: [
        { name: '午餐', durationMinutes: 30, earliestStartMinutes: 180, latestStartMinutes: 300, forLengthsMinutes: [480] },
        { name: '午餐', durationMinutes: 30, earliestStartMinutes: 240, latestStartMinutes: 360, forLengthsMinutes: [600] },
      ],
      costPerShiftFen: 2000,
      costPerPaidHourFen: 3000,
    },
  ],
  solver: { timeLimitSeconds: limit, mipRelGap: gap, breakFormulation: implicit ? 'implicit' : 'auto' },
};

let firstIncumbentMs: number | null = null;
const trace: string[] = [];
const result = await solveSchedule(problem, {
  onProgress: (p) => {
    if (p.phase === 'incumbent' && firstIncumbentMs === null) firstIncumbentMs = p.elapsedMs;
    if (p.phase === 'tick' && p.gap !== null) trace.push(`${(p.elapsedMs / 1000).toFixed(1)}s gap ${(p.gap * 100).toFixed(2)}%`);
  },
});

const peak = Math.max(...requirements);
console.log(
  JSON.stringify(
    {
      instance: {
        week: weekStart,
        volumeScale: scale,
        calls,
        intervals: requirements.length,
        peakRequirement: peak,
        requiredAgentHours: requirements.reduce((s, r) => s + r, 0) / 4,
        breakPlacement: problem.breakPlacement,
        breakFormulation: implicit ? 'implicit' : 'auto',
      },
      model: result.model,
      solver: {
        status: result.status,
        objectiveFen: result.solver.objective,
        bestBoundFen: result.solver.bestBound,
        gapPercent: result.solver.gap === null ? null : +(result.solver.gap * 100).toFixed(3),
        solverSeconds: result.solver.solverSeconds && +result.solver.solverSeconds.toFixed(2),
        wallSeconds: +(result.solver.wallMs / 1000).toFixed(2),
        firstIncumbentSeconds: firstIncumbentMs === null ? null : +(firstIncumbentMs / 1000).toFixed(2),
        nodes: result.solver.nodes,
      },
      schedule: {
        agentsScheduled: result.agents,
        paidHours: result.paidHours,
        shiftCostYuan: result.shiftCostFen / 100,
        shortAgentIntervals: result.shortfall.agentIntervals,
        overAgentHours: result.overCoverage.agentHours,
      },
      gapTrace: trace.filter((_, i) => i % 4 === 0),
    },
    null,
    2,
  ),
);
