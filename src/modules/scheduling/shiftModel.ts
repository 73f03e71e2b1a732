/**
 * Shift design as a MILP (pure: problem → LP text + variable map; solution values → report).
 *
 *   minimise   Σ_s cost_s·x_s + P·Σ_t u_t + Q·Σ_t o_t
 *   subject to working_t + u_t − o_t = R_t − fixed_t        (coverage, every interval t)
 *              Σ_k b_{s,j,k} = x_s                          (every break j of every shift s)
 *              Σ_{s∋t} x_s ≤ maxOnDuty_t − fixed_t          (seats, optional)
 *              Σ_{s∈template} x_s ≤ maxTotal                (optional)
 *              min_s ≤ x_s ≤ max_s, x, b integer; u, o ≥ 0
 *   where working_t = Σ_{s∋t} x_s − Σ_{(s,j,k): break k of s covers t} b_{s,j,k}
 *
 * x_s agents start candidate shift s; b_{s,j,k} of them take break j at its k-th allowed start.
 * u_t (short) makes under-coverage a priced soft constraint, so an impossible requirement still
 * gives the best schedule plus a shortfall report. When Q = 0 the row is `≥` and o is dropped.
 */
import { lpBuilder, type Term } from './lpText';
import type { ScheduleProblem } from './shiftSchemas';
import { formatLocal, localParts, localToUtcMs, timeOfDayMinutes } from './time';

export interface CandidateBreak {
  name: string;
  paid: boolean;
  durationIntervals: number;
  /** Allowed break starts, in intervals after the shift start. */
  offsets: number[];
}

export interface ShiftCandidate {
  index: number;
  source: 'template' | 'explicit';
  /** Template or explicit-shift id. */
  sourceId: string;
  name: string;
  startInterval: number;
  lengthMinutes: number;
  paidMinutes: number;
  costFen: number;
  /** Interval indices on duty (already wrapped or truncated at the horizon). */
  covers: number[];
  /** Relative position (0-based from the start) of each entry of `covers`. */
  coverOffsets: number[];
  breaks: CandidateBreak[];
  min: number;
  max: number | null;
  /** Index of the template, for maxTotal rows; null for explicit shifts. */
  templateIndex: number | null;
}

/**
 * How a candidate's agents and breaks appear in the LP.
 * - `patterns`: one integer column per combination of break positions (`offsetIndex[j]` = which
 *   allowed start break j takes); the head count is their sum. Used when combinations are few.
 * - `implicit`: `shift` = head count; `breaks[j][k]` = how many take break j at offset k
 *   (null when break j has a single allowed start, so it needs no variable).
 */
export type CandidateColumns =
  | { form: 'patterns'; patterns: { name: string; offsetIndex: number[] }[] }
  | { form: 'implicit'; shift: string; breaks: (string[] | null)[] };

function headcountVariables(col: CandidateColumns): string[] {
  return col.form === 'patterns' ? col.patterns.map((p) => p.name) : [col.shift];
}

export interface ShiftModel {
  lp: string;
  candidates: ShiftCandidate[];
  /** Requirement used in the coverage rows (after rounding and minPerInterval). */
  required: number[];
  fixed: number[];
  maxOnDuty: (number | null)[];
  shortfallPenaltyFen: number;
  overstaffPenaltyFen: number;
  startUtcMs: number;
  intervalMinutes: number;
  timeZone: string;
  wrapAround: boolean;
  /** LP variable names per candidate, and the shortfall / over-coverage slacks per interval. */
  variables: {
    candidates: CandidateColumns[];
    shortfall: (string | null)[];
    over: (string | null)[];
  };
  stats: { integerVariables: number; continuousVariables: number; rows: number; candidates: number };
}

/** Problems whose hard limits contradict each other before any choice is made. */
export class ScheduleInputError extends Error {
  constructor(
    message: string,
    public readonly issues: { path: (string | number)[]; message: string }[],
  ) {
    super(message);
    this.name = 'ScheduleInputError';
  }
}

function perIntervalArray(v: number | number[] | undefined, n: number, fallback: number | null): (number | null)[] {
  if (v === undefined) return new Array(n).fill(fallback);
  if (Array.isArray(v)) return v.slice();
  return new Array(n).fill(v);
}

/** Expand templates and explicit shifts into concrete candidate shifts on the interval grid. */
export function expandCandidates(p: ScheduleProblem): ShiftCandidate[] {
  const n = p.requirements.length;
  const step = p.intervalMinutes;
  const startUtc = localToUtcMs(p.start, p.timeZone);
  const endUtc = startUtc + n * step * 60_000;
  const out: ShiftCandidate[] = [];

  const place = (startInterval: number, length: number) => {
    const covers: number[] = [];
    const coverOffsets: number[] = [];
    for (let k = 0; k < length; k++) {
      const t = startInterval + k;
      if (t < n) {
        covers.push(t);
        coverOffsets.push(k);
      } else if (p.wrapAround) {
        covers.push(t % n);
        coverOffsets.push(k);
      }
    }
    return { covers, coverOffsets };
  };

  // Local calendar dates touched by the horizon; a start on each date is tried.
  const dates: string[] = [];
  {
    const first = localParts(startUtc, p.timeZone);
    let d = Date.UTC(first.year, first.month - 1, first.day);
    const last = localParts(endUtc - 1, p.timeZone);
    const lastDay = Date.UTC(last.year, last.month - 1, last.day);
    for (; d <= lastDay; d += 86_400_000) dates.push(new Date(d).toISOString().slice(0, 10));
  }

  p.templates.forEach((t, templateIndex) => {
    const startMinutes = new Set<number>();
    for (const s of t.startTimes ?? []) startMinutes.add(timeOfDayMinutes(s));
    if (t.startWindow) {
      const a = timeOfDayMinutes(t.startWindow.earliest);
      const b = timeOfDayMinutes(t.startWindow.latest);
      for (let m = a; m <= b; m += t.startWindow.stepMinutes) startMinutes.add(m);
    }
    const sortedStarts = [...startMinutes].sort((a, b) => a - b);
    for (const date of dates) {
      const [y, mo, d] = date.split('-').map(Number);
      const dow = new Date(Date.UTC(y, mo - 1, d)).getUTCDay() || 7;
      if (t.days && !t.days.includes(dow)) continue;
      for (const m of sortedStarts) {
        const hh = String(Math.floor(m / 60)).padStart(2, '0');
        const mm = String(m % 60).padStart(2, '0');
        const utc = localToUtcMs(`${date}T${hh}:${mm}`, p.timeZone);
        const idx = (utc - startUtc) / (step * 60_000);
        if (!Number.isInteger(idx) || idx < 0 || idx >= n) continue;
        for (const len of t.lengthsMinutes) {
          const lengthIntervals = len / step;
          const { covers, coverOffsets } = place(idx, lengthIntervals);
          const rules = t.breaks.filter((b) => !b.forLengthsMinutes || b.forLengthsMinutes.includes(len));
          const unpaid = rules.filter((b) => !b.paid).reduce((s, b) => s + b.durationMinutes, 0);
          const paidMinutes = len - unpaid;
          const breaks: CandidateBreak[] = rules.map((b) => {
            const offsets: number[] = [];
            for (let o = b.earliestStartMinutes; o <= b.latestStartMinutes; o += step) offsets.push(o / step);
            return { name: b.name, paid: b.paid, durationIntervals: b.durationMinutes / step, offsets };
          });
          out.push({
            index: out.length,
            source: 'template',
            sourceId: t.id,
            name: t.name ?? t.id,
            startInterval: idx,
            lengthMinutes: len,
            paidMinutes,
            // Integer fen: hourly cost × paid minutes / 60, rounded once per shift.
            costFen: t.costPerShiftFen + Math.round((t.costPerPaidHourFen * paidMinutes) / 60),
            covers,
            coverOffsets,
            breaks,
            min: t.minPerStart,
            max: t.maxPerStart ?? null,
            templateIndex,
          });
        }
      }
    }
  });

  for (const s of p.explicitShifts) {
    const covers: number[] = [];
    const coverOffsets: number[] = [];
    s.pattern.forEach((bit, k) => {
      if (bit !== 1) return;
      const t = s.startInterval + k;
      if (t < n) covers.push(t);
      else if (p.wrapAround) covers.push(t % n);
      else return;
      coverOffsets.push(k);
    });
    out.push({
      index: out.length,
      source: 'explicit',
      sourceId: s.id,
      name: s.name ?? s.id,
      startInterval: s.startInterval + (s.pattern.indexOf(1) >= 0 ? s.pattern.indexOf(1) : 0),
      lengthMinutes: (s.pattern.lastIndexOf(1) - s.pattern.indexOf(1) + 1) * step,
      paidMinutes: s.paidMinutes ?? covers.length * step,
      costFen: s.costFen,
      covers,
      coverOffsets,
      breaks: [],
      min: s.min,
      max: s.max ?? null,
      templateIndex: null,
    });
  }
  return out;
}

/** Requirement per interval as the coverage rows use it. */
export function effectiveRequirements(p: ScheduleProblem): number[] {
  const mins = perIntervalArray(p.minPerInterval, p.requirements.length, 0);
  return p.requirements.map((r, t) => {
    const base = p.requirementRounding === 'ceil' ? Math.ceil(r - 1e-9) : r;
    return Math.max(base, mins[t] ?? 0);
  });
}

/** Index of each break's middle allowed start (the midpoint baseline). */
function midpointOffset(offsets: number[]): number {
  return offsets[Math.floor((offsets.length - 1) / 2)];
}

export function buildShiftModel(p: ScheduleProblem): ShiftModel {
  const n = p.requirements.length;
  const step = p.intervalMinutes;
  const candidates = expandCandidates(p);
  if (p.breakPlacement === 'midpoint') {
    for (const c of candidates) for (const b of c.breaks) b.offsets = [midpointOffset(b.offsets)];
  }
  const required = effectiveRequirements(p);
  const fixed = p.fixedCoverage ? p.fixedCoverage.slice() : new Array(n).fill(0);
  const maxOnDuty = perIntervalArray(p.maxPerInterval, n, null);

  // Hard limits must leave the all-minimum schedule feasible; otherwise say exactly where not.
  const forced = fixed.slice();
  for (const c of candidates) if (c.min > 0) for (const t of c.covers) forced[t] += c.min;
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (let t = 0; t < n; t++) {
    const cap = maxOnDuty[t];
    if (cap !== null && forced[t] > cap) {
      issues.push({
        path: ['maxPerInterval', t],
        message: `interval ${t}: ${forced[t]} agents are on duty by fixed coverage and shift minimums, above the cap of ${cap}`,
      });
    }
  }
  p.templates.forEach((tpl, ti) => {
    if (tpl.maxTotal === undefined) return;
    const minSum = candidates.filter((c) => c.templateIndex === ti).reduce((s, c) => s + c.min, 0);
    if (minSum > tpl.maxTotal) {
      issues.push({
        path: ['templates', ti, 'maxTotal'],
        message: `template ${tpl.id}: minimums add up to ${minSum}, above maxTotal ${tpl.maxTotal}`,
      });
    }
  });
  if (issues.length) throw new ScheduleInputError('hard limits contradict each other', issues);

  const maxCost = candidates.reduce((m, c) => Math.max(m, c.costFen), 0);
  const P = p.shortfallPenaltyFen ?? Math.max(10 * maxCost, 100);
  const Q = p.overstaffPenaltyFen;

  const lp = lpBuilder();
  const objective: Term[] = [];
  const coverTerms: Map<string, number>[] = Array.from({ length: n }, () => new Map());
  const onDutyTerms: string[][] = Array.from({ length: n }, () => []);
  const addCover = (t: number, v: string, c: number) => {
    const m = coverTerms[t];
    m.set(v, (m.get(v) ?? 0) + c);
  };

  const columns: CandidateColumns[] = [];
  const linkRows: { name: string; terms: Term[]; op: '<=' | '>=' | '='; rhs: number }[] = [];
  const patternLimit = p.solver.breakFormulation === 'implicit' ? 1 : p.solver.breakFormulation === 'patterns' ? Infinity : 64;

  for (const c of candidates) {
    // Intervals (absolute) that break j taken at its k-th offset removes from the phones.
    const breakIntervals = c.breaks.map((b) =>
      b.offsets.map((offset) => {
        const ts: number[] = [];
        for (let d = 0; d < b.durationIntervals; d++) {
          const pos = c.coverOffsets.indexOf(offset + d);
          if (pos >= 0) ts.push(c.covers[pos]);
        }
        return ts;
      }),
    );
    const combos = c.breaks.reduce((m, b) => m * b.offsets.length, 1);
    if (combos <= patternLimit) {
      // Explicit form: one integer column per (shift, break positions) — a pure covering
      // column, so rounding any LP solution up stays feasible and HiGHS' heuristics work well.
      const patterns: { name: string; offsetIndex: number[] }[] = [];
      const choice = new Array(c.breaks.length).fill(0);
      for (let q = 0; q < combos; q++) {
        let r = q;
        for (let j = c.breaks.length - 1; j >= 0; j--) {
          choice[j] = r % c.breaks[j].offsets.length;
          r = Math.floor(r / c.breaks[j].offsets.length);
        }
        const name = combos === 1 ? `x${c.index}` : `y${c.index}_${q}`;
        patterns.push({ name, offsetIndex: choice.slice() });
        objective.push([c.costFen, name]);
        const single = combos === 1;
        lp.variable(name, single ? c.min : 0, c.max ?? Infinity, 'integer');
        for (const t of c.covers) {
          addCover(t, name, 1);
          onDutyTerms[t].push(name);
        }
        choice.forEach((k, j) => {
          for (const t of breakIntervals[j][k]) addCover(t, name, -1);
        });
      }
      if (combos > 1) {
        const terms = patterns.map((pt) => [1, pt.name] as Term);
        if (c.min > 0) linkRows.push({ name: `min${c.index}`, terms, op: '>=', rhs: c.min });
        if (c.max !== null) linkRows.push({ name: `max${c.index}`, terms, op: '<=', rhs: c.max });
      }
      columns.push({ form: 'patterns', patterns });
      continue;
    }
    // Implicit form: x agents start the shift; b_{j,k} of them take break j at offset k.
    const x = `x${c.index}`;
    objective.push([c.costFen, x]);
    lp.variable(x, c.min, c.max ?? Infinity, 'integer');
    for (const t of c.covers) {
      addCover(t, x, 1);
      onDutyTerms[t].push(x);
    }
    const perBreak: (string[] | null)[] = [];
    c.breaks.forEach((b, j) => {
      if (b.offsets.length === 1) {
        // A fixed break needs no variable: it just removes x from those intervals.
        for (const t of breakIntervals[j][0]) addCover(t, x, -1);
        perBreak.push(null);
        return;
      }
      const names = b.offsets.map((_, k) => `b${c.index}_${j}_${k}`);
      names.forEach((name, k) => {
        lp.variable(name, 0, c.max ?? Infinity, 'integer');
        for (const t of breakIntervals[j][k]) addCover(t, name, -1);
      });
      linkRows.push({ name: `brk${c.index}_${j}`, terms: [...names.map((v) => [1, v] as Term), [-1, x]], op: '=', rhs: 0 });
      perBreak.push(names);
    });
    columns.push({ form: 'implicit', shift: x, breaks: perBreak });
  }

  const shortVars: (string | null)[] = new Array(n).fill(null);
  const overVars: (string | null)[] = new Array(n).fill(null);
  for (let t = 0; t < n; t++) {
    const need = required[t] - fixed[t];
    const terms: Term[] = [...coverTerms[t]].filter(([, c]) => c !== 0).map(([v, c]) => [c, v] as Term);
    if (need > 0) {
      const u = `u${t}`;
      shortVars[t] = u;
      lp.variable(u, 0, Infinity);
      objective.push([P, u]);
      terms.push([1, u]);
    }
    if (Q > 0 && terms.length > 0) {
      const o = `o${t}`;
      overVars[t] = o;
      lp.variable(o, 0, Infinity);
      objective.push([Q, o]);
      terms.push([-1, o]);
      lp.row(`cov${t}`, terms, '=', need);
    } else if (need > 0) {
      lp.row(`cov${t}`, terms, '>=', need);
    }
  }
  for (const r of linkRows) lp.row(r.name, r.terms, r.op, r.rhs);
  for (let t = 0; t < n; t++) {
    const cap = maxOnDuty[t];
    if (cap === null || onDutyTerms[t].length === 0) continue;
    lp.row(`seat${t}`, onDutyTerms[t].map((v) => [1, v] as Term), '<=', cap - fixed[t]);
  }
  p.templates.forEach((tpl, ti) => {
    if (tpl.maxTotal === undefined) return;
    const vars = candidates
      .filter((c) => c.templateIndex === ti)
      .flatMap((c) => headcountVariables(columns[c.index]).map((v) => [1, v] as Term));
    if (vars.length) lp.row(`tot${ti}`, vars, '<=', tpl.maxTotal);
  });
  lp.objective(objective);
  const counts = lp.counts();
  return {
    lp: lp.text(),
    candidates,
    required,
    fixed,
    maxOnDuty,
    shortfallPenaltyFen: P,
    overstaffPenaltyFen: Q,
    startUtcMs: localToUtcMs(p.start, p.timeZone),
    intervalMinutes: step,
    timeZone: p.timeZone,
    wrapAround: p.wrapAround,
    variables: { candidates: columns, shortfall: shortVars, over: overVars },
    stats: {
      integerVariables: counts.integer + counts.binary,
      continuousVariables: counts.continuous,
      rows: counts.rows,
      candidates: candidates.length,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading a solution back

export interface BreakPlacement {
  name: string;
  paid: boolean;
  durationMinutes: number;
  placements: { startInterval: number; startLocal: string; count: number }[];
}

export interface ScheduledShift {
  source: 'template' | 'explicit';
  sourceId: string;
  name: string;
  startInterval: number;
  startLocal: string;
  startUtc: string;
  endLocal: string;
  lengthMinutes: number;
  paidMinutes: number;
  count: number;
  costPerAgentFen: number;
  costFen: number;
  breaks: BreakPlacement[];
}

export interface IntervalCoverage {
  interval: number;
  startLocal: string;
  /** Requirement as given. */
  requirement: number;
  /** Requirement used (rounded up unless `fractional`, raised to minPerInterval). */
  required: number;
  onDuty: number;
  onBreak: number;
  working: number;
  short: number;
  over: number;
}

export interface CoverageGap {
  fromInterval: number;
  toInterval: number;
  fromLocal: string;
  /** End of the last interval of the run (exclusive). */
  toLocal: string;
  /** Largest number of agents short (or over) within the run. */
  maxAgents: number;
  /** Agent-hours short (or over) in the run. */
  agentHours: number;
}

export interface ScheduleSolution {
  /** Agents per candidate (index = candidate index). */
  counts: number[];
  /** Agents per candidate × break × allowed offset. */
  breakCounts: number[][][];
}

/** Round a solver's values into integral counts (with a consistent break split). */
export function solutionFromValues(model: ShiftModel, values: Map<string, number>): ScheduleSolution {
  const get = (v: string) => Math.max(0, Math.round(values.get(v) ?? 0));
  const counts: number[] = [];
  const breakCounts: number[][][] = [];
  model.candidates.forEach((c, i) => {
    const col = model.variables.candidates[i];
    const perBreak = c.breaks.map((b) => new Array(b.offsets.length).fill(0));
    if (col.form === 'patterns') {
      let total = 0;
      for (const pt of col.patterns) {
        const y = get(pt.name);
        total += y;
        pt.offsetIndex.forEach((k, j) => (perBreak[j][k] += y));
      }
      counts.push(total);
      breakCounts.push(perBreak);
      return;
    }
    const x = Math.max(c.min, get(col.shift));
    counts.push(x);
    col.breaks.forEach((names, j) => {
      if (!names) {
        perBreak[j][0] = x;
        return;
      }
      const raw = names.map(get);
      // Rounding noise must not change the head count; fix the sum on the largest entry.
      const diff = x - raw.reduce((s, v) => s + v, 0);
      if (diff !== 0) {
        const k = raw.indexOf(Math.max(...raw));
        raw[k] = Math.max(0, raw[k] + diff);
      }
      perBreak[j] = raw;
    });
    breakCounts.push(perBreak);
  });
  return { counts, breakCounts };
}

/** The all-minimum schedule with breaks at their earliest start (always within the hard limits). */
export function minimumSolution(model: ShiftModel): ScheduleSolution {
  const counts = model.candidates.map((c) => c.min);
  const breakCounts = model.candidates.map((c, i) =>
    c.breaks.map((b) => b.offsets.map((_, k) => (k === 0 ? counts[i] : 0))),
  );
  return { counts, breakCounts };
}

export interface ScheduleReport {
  shifts: ScheduledShift[];
  coverage: IntervalCoverage[];
  shortfall: { agentIntervals: number; agentHours: number; intervals: number; periods: CoverageGap[] };
  overCoverage: { agentIntervals: number; agentHours: number; intervals: number; periods: CoverageGap[] };
  /** Σ shift cost (integer fen). */
  shiftCostFen: number;
  /** Shortfall priced with the model's penalty (fen, rounded). */
  shortfallPenaltyFen: number;
  overstaffPenaltyFen: number;
  /** shiftCostFen + penalties: what the MILP minimises. */
  objectiveFen: number;
  agents: number;
  paidHours: number;
}

/** Coverage, shortfall and cost of a solution, recomputed from the counts (not from solver slacks). */
export function reportSolution(model: ShiftModel, requirements: number[], sol: ScheduleSolution): ScheduleReport {
  const n = model.required.length;
  const stepMs = model.intervalMinutes * 60_000;
  const local = (t: number) => formatLocal(model.startUtcMs + t * stepMs, model.timeZone);
  const onDuty = model.fixed.slice();
  const onBreak = new Array(n).fill(0);
  const shifts: ScheduledShift[] = [];
  let shiftCostFen = 0;
  let agents = 0;
  let paidMinutes = 0;

  model.candidates.forEach((c, i) => {
    const x = sol.counts[i];
    if (x <= 0) return;
    agents += x;
    paidMinutes += x * c.paidMinutes;
    shiftCostFen += x * c.costFen;
    for (const t of c.covers) onDuty[t] += x;
    const breaks: BreakPlacement[] = c.breaks.map((b, j) => {
      const placements: BreakPlacement['placements'] = [];
      b.offsets.forEach((off, k) => {
        const cnt = sol.breakCounts[i][j][k] ?? 0;
        if (cnt <= 0) return;
        for (let d = 0; d < b.durationIntervals; d++) {
          const pos = c.coverOffsets.indexOf(off + d);
          if (pos >= 0) onBreak[c.covers[pos]] += cnt;
        }
        const abs = model.wrapAround ? (c.startInterval + off) % n : c.startInterval + off;
        placements.push({ startInterval: abs, startLocal: local(abs), count: cnt });
      });
      return { name: b.name, paid: b.paid, durationMinutes: b.durationIntervals * model.intervalMinutes, placements };
    });
    shifts.push({
      source: c.source,
      sourceId: c.sourceId,
      name: c.name,
      startInterval: c.startInterval,
      startLocal: local(c.startInterval),
      startUtc: new Date(model.startUtcMs + c.startInterval * stepMs).toISOString(),
      endLocal: formatLocal(model.startUtcMs + c.startInterval * stepMs + c.lengthMinutes * 60_000, model.timeZone),
      lengthMinutes: c.lengthMinutes,
      paidMinutes: c.paidMinutes,
      count: x,
      costPerAgentFen: c.costFen,
      costFen: x * c.costFen,
      breaks,
    });
  });

  const coverage: IntervalCoverage[] = [];
  for (let t = 0; t < n; t++) {
    const working = onDuty[t] - onBreak[t];
    const short = Math.max(0, model.required[t] - working);
    const over = Math.max(0, working - model.required[t]);
    coverage.push({
      interval: t,
      startLocal: local(t),
      requirement: requirements[t],
      required: model.required[t],
      onDuty: onDuty[t],
      onBreak: onBreak[t],
      working,
      short: roundSmall(short),
      over: roundSmall(over),
    });
  }
  const hours = model.intervalMinutes / 60;
  const runs = (key: 'short' | 'over') => {
    const periods: CoverageGap[] = [];
    let agentIntervals = 0;
    let count = 0;
    let cur: CoverageGap | null = null;
    for (const c of coverage) {
      const v = c[key];
      if (v > 0) {
        agentIntervals += v;
        count++;
        if (!cur) {
          cur = { fromInterval: c.interval, toInterval: c.interval, fromLocal: c.startLocal, toLocal: '', maxAgents: 0, agentHours: 0 };
          periods.push(cur);
        }
        cur.toInterval = c.interval;
        cur.toLocal = local(c.interval + 1);
        cur.maxAgents = Math.max(cur.maxAgents, v);
        cur.agentHours = roundSmall(cur.agentHours + v * hours);
      } else cur = null;
    }
    return { agentIntervals: roundSmall(agentIntervals), agentHours: roundSmall(agentIntervals * hours), intervals: count, periods };
  };
  const shortfall = runs('short');
  const overCoverage = runs('over');
  const shortfallPenaltyFen = Math.round(shortfall.agentIntervals * model.shortfallPenaltyFen);
  const overstaffPenaltyFen = Math.round(overCoverage.agentIntervals * model.overstaffPenaltyFen);
  return {
    shifts,
    coverage,
    shortfall,
    overCoverage,
    shiftCostFen,
    shortfallPenaltyFen,
    overstaffPenaltyFen,
    objectiveFen: shiftCostFen + shortfallPenaltyFen + overstaffPenaltyFen,
    agents,
    paidHours: roundSmall(paidMinutes / 60),
  };
}

function roundSmall(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
