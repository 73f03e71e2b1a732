/**
 * Roster builder, MILP strategy: binary y[a,d,s] = agent a works shift type s starting on day d.
 * Pure: problem → LP text + variable map; values → assignments. Shares no code with the checker.
 *
 * Labour and eligibility rules are hard constraints, coverage is soft (priced shortfall), so the
 * model always has a solution (nobody working satisfies every hard row). Pinned assignments are
 * fixed to 1 and the rows they touch are loosened just enough to stay feasible; whatever rule a
 * pin then breaks is reported by the checker, with the agent and the day.
 *
 * Rows (per agent a unless said otherwise):
 *   one a day        Σ_s y[a,d,s] ≤ 1
 *   coverage (d,s)   Σ_a y[a,d,s] + short[d,s] ≥ required;  Σ_a y[a,d,s] ≤ max(required + maxOverstaff, pins)
 *                    (Σ_a y[a,d,s] − over[d,s] ≤ required when extra agents are priced)
 *   rest / 早 after 夜 / forbidden sequence   y[a,d,s] + Σ_{s' clashing on d'} y[a,d',s'] ≤ 1
 *   weekly hours     Σ paid·y over the week block ≤ max hours
 *   days off         Σ y over the block's non-leave days ≤ non-leave days − required days off
 *   working days     min ≤ Σ y over the block ≤ max (rules.min/maxWorkDaysPerWeek)
 *   consecutive off  z[a,d] ≤ 1 − work(d), z[a,d] ≤ 1 − work(d+1), Σ z ≥ 1
 *   max in a row     Σ work over any K+1 consecutive days (history included) ≤ K
 *   fair share       n_a − share_a·T − f⁺_a ≤ tol,  share_a·T − n_a − f⁻_a ≤ tol  (nights, weekends)
 *   contract minimum Σ paid·y + deficit ≥ prorated minimum
 *
 * A softened rule family (rules.mode) gets a slack variable e ≥ 0 in its rows, priced
 * weights.rulePenalty per unit. The hard lower bounds (working days, contract minimum when hard)
 * are elastic too, at HARD_PENALTY: they can contradict other hard rules (bans, sequences), and a
 * model that stays feasible can then say which rows gave way (`elastic`), instead of a bare
 * "infeasible".
 */
import { lpBuilder, type Term } from './lpText';
import { prepareRoster, type RosterPrep } from './rosterPrep';
import { ruleMode, type FlexRule, type RosterAssignment, type RosterProblem } from './rosterSchemas';

/** Price of a requested pair of days off that pins have already made impossible. */
const PAIR_PENALTY = 100_000;
/** Price of a unit of elastic slack on a hard lower bound: above any shortfall or soft cost. */
export const HARD_PENALTY = 1_000_000;

export interface RosterCell {
  name: string;
  agent: number;
  day: number;
  shift: number;
  pinned: boolean;
}

export interface RosterModel {
  lp: string;
  prep: RosterPrep;
  /** Every y variable (pinned ones included). */
  cells: RosterCell[];
  /** Required count per day × shift type. */
  required: number[][];
  dates: string[];
  stats: { binaries: number; continuous: number; rows: number };
  /** Slack variables of hard lower bounds: non-zero in a solution = those rules conflict. */
  elastic: { name: string; rule: 'minWorkDays' | 'minWeeklyHours'; agent: number; block: number; unit: 'days' | 'hours' }[];
}

export function buildRosterModel(p: RosterProblem, prep: RosterPrep = prepareRoster(p)): RosterModel {
  const { D, S, required, kinds, paid, weekend, blocks, clash, reach } = prep;
  const W = p.weights;
  const R = p.rules;
  const lp = lpBuilder();
  const objective: Term[] = [];
  const cells: RosterCell[] = [];
  const byAgent: RosterCell[][] = p.agents.map(() => []);
  const at: (RosterCell | undefined)[][][] = p.agents.map(() => Array.from({ length: D }, () => new Array(S)));
  const pinCount: number[][] = Array.from({ length: D }, () => new Array(S).fill(0));
  const elastic: RosterModel['elastic'] = [];
  const soft = (rule: FlexRule) => ruleMode(p, rule) === 'soft';
  /** A slack variable for a softened row (priced per unit), as a term with the given sign. */
  const slack = (name: string, sign: 1 | -1, upper = Infinity): Term => {
    lp.variable(name, 0, upper);
    objective.push([W.rulePenalty, name]);
    return [sign, name];
  };

  prep.agents.forEach((ag, a) => {
    for (let d = 0; d < D; d++) {
      for (let s = 0; s < S; s++) {
        const pinned = ag.pins[d].includes(s);
        if (!pinned && !ag.eligible[d][s]) continue;
        if (pinned) pinCount[d][s]++;
        const cell = { name: `y${a}_${d}_${s}`, agent: a, day: d, shift: s, pinned };
        cells.push(cell);
        byAgent[a].push(cell);
        at[a][d][s] = cell;
      }
    }
  });
  for (const c of cells) lp.variable(c.name, c.pinned ? 1 : 0, 1, 'binary');
  const dayCells = (a: number, d: number) => at[a][d].filter((c): c is RosterCell => !!c);

  // Coverage: shortfall priced, never more than asked (unless pins already exceed it).
  for (let d = 0; d < D; d++) {
    for (let s = 0; s < S; s++) {
      const terms: Term[] = [];
      for (let a = 0; a < p.agents.length; a++) {
        const c = at[a][d][s];
        if (c) terms.push([1, c.name]);
      }
      if (required[d][s] > pinCount[d][s]) {
        const u = `short${d}_${s}`;
        lp.variable(u, 0, required[d][s]);
        objective.push([W.shortfall, u]);
        lp.row(`cov${d}_${s}`, [...terms, [1, u]], '>=', required[d][s]);
      }
      const cap = Math.max(required[d][s] + R.maxOverstaff, pinCount[d][s]);
      if (terms.length > cap) lp.row(`cap${d}_${s}`, terms, '<=', cap);
      if (R.maxOverstaff > 0 && W.overstaff > 0 && terms.length > required[d][s]) {
        const o = `over${d}_${s}`;
        lp.variable(o, 0, Infinity);
        objective.push([W.overstaff, o]);
        lp.row(`ovr${d}_${s}`, [...terms, [-1, o]], '<=', required[d][s]);
      }
    }
  }

  prep.agents.forEach((ag, a) => {
    const agent = p.agents[a];
    const mine = byAgent[a];
    for (let d = 0; d < D; d++) {
      const cs = dayCells(a, d);
      if (cs.length > 1 && cs.filter((c) => c.pinned).length < 2) lp.row(`one${a}_${d}`, cs.map((c) => [1, c.name]), '<=', 1);
    }
    // Rest, 早-after-夜 and forbidden-sequence clashes, grouped by the later day (its shifts are
    // mutually exclusive). A pair forbidden only by softened families goes to a priced row.
    for (const c of mine) {
      if (c.pinned) continue;
      for (let d2 = c.day + 1; d2 <= Math.min(D - 1, c.day + reach); d2++) {
        const hard: RosterCell[] = [];
        const priced: RosterCell[] = [];
        for (const c2 of dayCells(a, d2)) {
          if (c2.pinned) continue;
          const why = prep.clashWhy(c.day, c.shift, d2, c2.shift);
          if (!why.length) continue;
          (why.every(soft) ? priced : hard).push(c2);
        }
        if (hard.length) lp.row(`rest_${c.name}_${d2}`, [[1, c.name], ...hard.map((c2) => [1, c2.name] as Term)], '<=', 1);
        if (priced.length) {
          const e = slack(`erest_${c.name}_${d2}`, -1, 1);
          lp.row(`srest_${c.name}_${d2}`, [[1, c.name], ...priced.map((c2) => [1, c2.name] as Term), e], '<=', 1);
        }
      }
    }
    blocks.forEach((blk, b) => {
      const cs = mine.filter((c) => c.day >= blk.first && c.day <= blk.last);
      // Hours in hours (not minutes) keeps the matrix well scaled.
      if (cs.reduce((s, c) => s + paid[c.shift], 0) > ag.maxMinutes[b]) {
        const e: Term[] = soft('maxWeeklyHours') ? [slack(`ehrs${a}_${b}`, -1)] : [];
        lp.row(`hrs${a}_${b}`, [...cs.map((c) => [paid[c.shift] / 60, c.name] as Term), ...e], '<=', ag.maxMinutes[b] / 60);
      }
      const work = cs.filter((c) => !ag.leave[c.day]);
      if (new Set(work.map((c) => c.day)).size > ag.maxWorkDays[b]) {
        const e: Term[] = soft('daysOff') ? [slack(`eoff${a}_${b}`, -1)] : [];
        lp.row(`off${a}_${b}`, [...work.map((c) => [1, c.name] as Term), ...e], '<=', ag.maxWorkDays[b]);
      }
      if (new Set(cs.map((c) => c.day)).size > ag.maxWorkDaysRule[b]) {
        const e: Term[] = soft('maxWorkDays') ? [slack(`emwd${a}_${b}`, -1)] : [];
        lp.row(`mwd${a}_${b}`, [...cs.map((c) => [1, c.name] as Term), ...e], '<=', ag.maxWorkDaysRule[b]);
      }
      if (ag.minWorkDays[b] > 0) {
        const e = `eminwd${a}_${b}`;
        lp.variable(e, 0, ag.minWorkDays[b]);
        if (soft('minWorkDays')) objective.push([W.rulePenalty, e]);
        else {
          objective.push([HARD_PENALTY, e]);
          elastic.push({ name: e, rule: 'minWorkDays', agent: a, block: b, unit: 'days' });
        }
        lp.row(`minwd${a}_${b}`, [...cs.map((c) => [1, c.name] as Term), [1, e]], '>=', ag.minWorkDays[b]);
      }
      if (ag.pairHard[b] || ag.pairSoft[b]) {
        let freePair = false;
        const zs: Term[] = [];
        const zRows: { name: string; terms: Term[] }[] = [];
        for (let d = blk.first; d < blk.last; d++) {
          if (ag.leave[d] || ag.leave[d + 1]) continue;
          const c1 = dayCells(a, d);
          const c2 = dayCells(a, d + 1);
          if (!c1.length && !c2.length) freePair = true;
          const z = `z${a}_${d}`;
          zs.push([1, z]);
          for (const [dd, cc] of [[d, c1], [d + 1, c2]] as const) {
            if (cc.length) zRows.push({ name: `zr${a}_${d}_${dd}`, terms: [[1, z], ...cc.map((c) => [1, c.name] as Term)] });
          }
        }
        if (!freePair) {
          for (const [, z] of zs) lp.variable(z, 0, 1, 'binary');
          for (const r of zRows) lp.row(r.name, r.terms, '<=', 1);
          if (ag.pairSoft[b]) {
            const e = `pairslack${a}_${b}`;
            lp.variable(e, 0, 1);
            objective.push([PAIR_PENALTY, e]);
            zs.push([1, e]);
          }
          lp.row(`pair${a}_${b}`, zs, '>=', 1);
        }
      }
      if (ag.minMinutes[b] > 0) {
        const def = `mindef${a}_${b}`;
        lp.variable(def, 0, ag.minMinutes[b] / 60);
        if (soft('minWeeklyHours')) objective.push([W.minHours, def]);
        else {
          objective.push([HARD_PENALTY, def]);
          elastic.push({ name: def, rule: 'minWeeklyHours', agent: a, block: b, unit: 'hours' });
        }
        lp.row(`minh${a}_${b}`, [...cs.map((c) => [paid[c.shift] / 60, c.name] as Term), [1, def]], '>=', ag.minMinutes[b] / 60);
      }
    });

    // At most K working days in any K+1 consecutive days, counting the streak before day 0.
    const K = R.maxConsecutiveWorkDays;
    const h = ag.historyStreak;
    for (let start = -Math.min(h, K); start + K < D; start++) {
      const histDays = Math.max(0, -start);
      const cs: RosterCell[] = [];
      let pinnedDays = 0;
      let workable = 0;
      for (let d = Math.max(0, start); d <= start + K; d++) {
        const dc = dayCells(a, d);
        cs.push(...dc);
        if (ag.pins[d].length) pinnedDays++;
        if (dc.length) workable++;
      }
      const rhs = Math.max(0, K - histDays, pinnedDays);
      if (workable > rhs) {
        const e: Term[] = soft('maxConsecutiveDays') ? [slack(`erun${a}_${start + K}`, -1)] : [];
        lp.row(`run${a}_${start + K}`, [...cs.map((c) => [1, c.name] as Term), ...e], '<=', rhs);
      }
    }

    // Preferences: small rewards / costs, far below coverage and fairness; paid hours and soft
    // bans priced per cell.
    const pref = agent.preferences;
    const wp = W.preference * agent.preferenceWeight;
    for (const c of mine) {
      let w = (W.paidHour * paid[c.shift]) / 60;
      if (!c.pinned) {
        const id = p.shiftTypes[c.shift].id;
        if (pref.shiftTypes.includes(id)) w -= wp;
        if (pref.avoidShiftTypes.includes(id)) w += wp;
        if (pref.daysOff.includes(prep.dates[c.day])) w += wp;
        if (ag.banned[c.day][c.shift]) w += W.rulePenalty;
      }
      if (w !== 0) objective.push([w, c.name]);
    }
  });

  // Fair shares of nights and weekends.
  const addFairness = (tag: string, pool: number[], counted: (c: RosterCell) => boolean, weight: number[], tolerance: number) => {
    if (pool.length < 2 || W.fairness === 0) return;
    const total = pool.reduce((s, a) => s + weight[a], 0);
    if (total === 0) return;
    const T = `${tag}T`;
    lp.variable(T, 0, Infinity);
    const all: Term[] = pool.flatMap((a) => byAgent[a].filter(counted).map((c) => [-1, c.name] as Term));
    lp.row(`${tag}tot`, [[1, T], ...all], '=', 0);
    for (const a of pool) {
      const share = weight[a] / total;
      const mine: Term[] = byAgent[a].filter(counted).map((c) => [1, c.name]);
      const fp = `${tag}p${a}`;
      const fn = `${tag}n${a}`;
      lp.variable(fp, 0, Infinity);
      lp.variable(fn, 0, Infinity);
      objective.push([W.fairness, fp], [W.fairness, fn]);
      lp.row(`${tag}hi${a}`, [...mine, [-share, T], [-1, fp]], '<=', tolerance);
      lp.row(`${tag}lo${a}`, [...mine.map(([c, v]) => [-c, v] as Term), [share, T], [-1, fn]], '<=', tolerance);
    }
  };
  addFairness('fn', prep.nightPool, (c) => kinds[c.shift] === 'night', prep.nightWeight, R.nightsTolerance);
  addFairness('fw', p.agents.map((_, a) => a), (c) => weekend[c.day], prep.weekendWeight, R.weekendsTolerance);

  lp.objective(objective);
  const counts = lp.counts();
  return {
    lp: lp.text(),
    prep,
    cells,
    required,
    dates: prep.dates,
    stats: { binaries: counts.binary + counts.integer, continuous: counts.continuous, rows: counts.rows },
    elastic,
  };
}

/** Assignments from solver values (y ≥ 0.5), pinned cells always included. */
export function assignmentsFromValues(p: RosterProblem, model: RosterModel, values: Map<string, number> | null): RosterAssignment[] {
  return model.cells
    .filter((c) => c.pinned || (values?.get(c.name) ?? 0) > 0.5)
    .map((c) => ({ agentId: p.agents[c.agent].id, date: model.dates[c.day], shiftTypeId: p.shiftTypes[c.shift].id }));
}

/** Solver start values for a roster (y = 1 for the given assignments, 0 otherwise). */
export function startValues(p: RosterProblem, model: RosterModel, assignments: RosterAssignment[]): Map<string, number> {
  const on = new Set(assignments.map((x) => `${x.agentId}|${x.date}|${x.shiftTypeId}`));
  const m = new Map<string, number>();
  for (const c of model.cells) {
    m.set(c.name, on.has(`${p.agents[c.agent].id}|${model.dates[c.day]}|${p.shiftTypes[c.shift].id}`) ? 1 : 0);
  }
  return m;
}

/** The builder's own count of unfilled places per day × shift type (cross-checked against the checker in tests). */
export function builderShortfall(p: RosterProblem, model: { required: number[][]; dates: string[] }, assignments: RosterAssignment[]): number[][] {
  const filled = model.required.map((r) => r.map(() => 0));
  const dayOf = new Map(model.dates.map((d, i) => [d, i]));
  const shiftOf = new Map(p.shiftTypes.map((s, i) => [s.id, i]));
  for (const x of assignments) filled[dayOf.get(x.date)!][shiftOf.get(x.shiftTypeId)!]++;
  return model.required.map((r, d) => r.map((req, s) => Math.max(0, req - filled[d][s])));
}
