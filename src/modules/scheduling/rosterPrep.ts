/**
 * The roster builder's view of a problem: indices, demand, eligibility, clashes and weekly limits,
 * computed once and used by both builder strategies (MILP in rosterModel.ts, heuristic in
 * rosterGreedy.ts). The checker (rosterRules.ts) does NOT use this file.
 */
import { ruleMode, type FlexRule, type RosterProblem, type ShiftKind } from './rosterSchemas';

const MS_PER_DAY = 86_400_000;

export function parseDay(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

export function toDate(epochDays: number): string {
  const t = new Date(epochDays * MS_PER_DAY);
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** 早/中/晚/夜 by start time when a shift type does not say. */
export function classifyShift(start: string, kind?: ShiftKind): ShiftKind {
  if (kind) return kind;
  const h = minutesOfDay(start) / 60;
  return h >= 5 && h < 10 ? 'early' : h >= 10 && h < 14 ? 'middle' : h >= 14 && h < 20 ? 'late' : 'night';
}

export interface AgentPrep {
  /** eligible[d][s]: a non-pinned assignment is allowed (availability, skills, history, pins). */
  eligible: boolean[][];
  /** banned[d][s]: the agent may not work s on d (hard bans are also not eligible). */
  banned: boolean[][];
  /** Pinned shift indices per day (normally at most one). */
  pins: number[][];
  leave: boolean[];
  maxWeek: number;
  /** Per block: most days that may be worked among non-leave days (loosened to the pins). */
  maxWorkDays: number[];
  /** Per block: rules.maxWorkDaysPerWeek prorated (loosened to the pins). */
  maxWorkDaysRule: number[];
  /** Per block: rules.minWorkDaysPerWeek prorated, less days the agent cannot work (0 = none). */
  minWorkDays: number[];
  /** Per block: max minutes (loosened to the pins). */
  maxMinutes: number[];
  /** Per block: the pair-of-days-off rule applies and can still be met without touching pins. */
  pairHard: boolean[];
  /** Per block: the pair rule applies but pins already make it impossible. */
  pairSoft: boolean[];
  /** Per block: prorated contracted minimum minutes (0 = none). */
  minMinutes: number[];
  historyStreak: number;
}

export interface RosterPrep {
  p: RosterProblem;
  D: number;
  S: number;
  dates: string[];
  required: number[][];
  kinds: ShiftKind[];
  paid: number[];
  weekend: boolean[];
  blocks: { first: number; last: number }[];
  blockOf: number[];
  agents: AgentPrep[];
  /** True when (d1,s1) and (d2,s2) may not both be worked by one agent (rest, 早 after 夜, a forbidden sequence). */
  clash: (d1: number, s1: number, d2: number, s2: number) => boolean;
  /** The rule families that forbid the pair (empty when it is allowed). */
  clashWhy: (d1: number, s1: number, d2: number, s2: number) => FlexRule[];
  /** Days beyond which two shifts can never clash. */
  reach: number;
  nightPool: number[];
  nightWeight: number[];
  weekendWeight: number[];
}

/** Required count for every day × shift type (later demand entries override earlier ones). */
export function resolveDemand(p: RosterProblem): number[][] {
  const first = parseDay(p.startDate);
  const index = new Map(p.shiftTypes.map((t, i) => [t.id, i]));
  const req: number[][] = [];
  for (let d = 0; d < p.days; d++) {
    const date = toDate(first + d);
    const dow = new Date((first + d) * MS_PER_DAY).getUTCDay() || 7;
    const row = new Array(p.shiftTypes.length).fill(0);
    for (const e of p.demand) {
      const s = index.get(e.shiftTypeId);
      if (s === undefined) continue;
      if (e.date && e.date !== date) continue;
      if (e.weekdays && !e.weekdays.includes(dow)) continue;
      row[s] = e.required;
    }
    req.push(row);
  }
  return req;
}

export function prepareRoster(p: RosterProblem): RosterPrep {
  const first = parseDay(p.startDate);
  const D = p.days;
  const S = p.shiftTypes.length;
  const R = p.rules;
  const dates = Array.from({ length: D }, (_, d) => toDate(first + d));
  const required = resolveDemand(p);
  const kinds = p.shiftTypes.map((s) => classifyShift(s.start, s.kind));
  const startMin = p.shiftTypes.map((s) => minutesOfDay(s.start));
  const duration = p.shiftTypes.map((s) => s.durationMinutes);
  const paid = p.shiftTypes.map((s) => s.paidMinutes ?? s.durationMinutes);
  const weekend = dates.map((_, d) => R.weekendDays.includes(new Date((first + d) * MS_PER_DAY).getUTCDay() || 7));
  const shiftIndex = new Map(p.shiftTypes.map((s, i) => [s.id, i]));

  // forbidden[sa][sb]: sb may not start the day after sa.
  const forbidden = p.shiftTypes.map(() => new Array<boolean>(S).fill(false));
  for (const q of R.forbiddenSequences) {
    const from = shiftIndex.get(q.from)!;
    for (let s = 0; s < S; s++) if (!q.to || q.to.includes(p.shiftTypes[s].id)) forbidden[from][s] = true;
  }
  const clashWhy = (d1: number, s1: number, d2: number, s2: number): FlexRule[] => {
    const firstIs1 = d1 * 1440 + startMin[s1] <= d2 * 1440 + startMin[s2];
    const [da, sa, db, sb] = firstIs1 ? [d1, s1, d2, s2] : [d2, s2, d1, s1];
    const why: FlexRule[] = [];
    const rest = db * 1440 + startMin[sb] - (da * 1440 + startMin[sa] + duration[sa]);
    if (rest < R.minRestMinutes) why.push('minRest');
    if (R.noEarlyAfterNight && kinds[sa] === 'night' && kinds[sb] === 'early' && db === da + 1) why.push('earlyAfterNight');
    if (db === da + 1 && forbidden[sa][sb]) why.push('forbiddenSequence');
    return why;
  };
  const clash = (d1: number, s1: number, d2: number, s2: number) => clashWhy(d1, s1, d2, s2).length > 0;
  const reach = Math.ceil((Math.max(...duration) + R.minRestMinutes) / 1440) + 1;

  const blocks: { first: number; last: number }[] = [];
  const blockOf = new Array(D).fill(0);
  for (let b = 0; b * 7 < D; b++) {
    blocks.push({ first: b * 7, last: Math.min(b * 7 + 6, D - 1) });
    for (let d = b * 7; d <= Math.min(b * 7 + 6, D - 1); d++) blockOf[d] = b;
  }

  const agents: AgentPrep[] = p.agents.map((agent) => {
    const reason = new Map(agent.unavailable.map((u) => [parseDay(u.date) - first, u.reason]));
    const leave = Array.from({ length: D }, (_, d) => reason.get(d) === 'leave' || reason.get(d) === 'training');
    const pins: number[][] = Array.from({ length: D }, () => []);
    for (const pin of p.pinned) {
      if (pin.agentId !== agent.id) continue;
      const d = parseDay(pin.date) - first;
      const s = shiftIndex.get(pin.shiftTypeId)!;
      if (!pins[d].includes(s)) pins[d].push(s);
    }
    const pinList = pins.flatMap((ss, d) => ss.map((s) => ({ d, s })));
    const hist = agent.history.lastShift;
    const histD = hist ? parseDay(hist.date) - first : 0;
    const histStart = hist ? histD * 1440 + minutesOfDay(hist.start) : 0;
    const histEnd = hist ? histStart + hist.durationMinutes : 0;
    const histNight = hist ? classifyShift(hist.start, hist.kind) === 'night' : false;

    const banned = Array.from({ length: D }, (_, d) =>
      p.shiftTypes.map((t) => agent.bannedShifts.some((b) => b.shiftTypeId === t.id && (!b.date || b.date === dates[d]))),
    );
    const hardBans = ruleMode(p, 'banned') === 'hard';
    const eligible = Array.from({ length: D }, (_, d) =>
      p.shiftTypes.map((t, s) => {
        if (required[d][s] <= 0 || reason.has(d) || pins[d].length > 0) return false;
        if (hardBans && banned[d][s]) return false;
        if (!t.skills.every((k) => agent.skills.includes(k))) return false;
        if (agent.allowedShiftTypes && !agent.allowedShiftTypes.includes(t.id)) return false;
        if (agent.noNights && kinds[s] === 'night') return false;
        if (hist) {
          if (d * 1440 + startMin[s] - histEnd < R.minRestMinutes) return false;
          if (R.noEarlyAfterNight && histNight && kinds[s] === 'early' && d === histD + 1) return false;
        }
        return !pinList.some((x) => clash(x.d, x.s, d, s));
      }),
    );

    const maxWeek = agent.maxMinutesPerWeek ?? R.maxMinutesPerWeek;
    const wantsPair = agent.consecutiveDaysOff ?? R.consecutiveDaysOff;
    const maxWorkDays: number[] = [];
    const maxMinutes: number[] = [];
    const pairHard: boolean[] = [];
    const pairSoft: boolean[] = [];
    const minMinutes: number[] = [];
    const maxWorkDaysRule: number[] = [];
    const minWorkDays: number[] = [];
    for (const blk of blocks) {
      const len = blk.last - blk.first + 1;
      let nonLeave = 0;
      let pinnedWork = 0;
      let pinnedMinutes = 0;
      for (let d = blk.first; d <= blk.last; d++) {
        for (const s of pins[d]) pinnedMinutes += paid[s];
        if (leave[d]) continue;
        nonLeave++;
        if (pins[d].length) pinnedWork++;
      }
      const needOff = len === 7 ? R.minDaysOffPerWeek : Math.floor((R.minDaysOffPerWeek * len) / 7);
      maxWorkDays.push(Math.max(0, nonLeave - needOff, pinnedWork));
      maxMinutes.push(Math.max(maxWeek, pinnedMinutes));
      let pinnedDays = 0;
      let unavailableDays = 0;
      for (let d = blk.first; d <= blk.last; d++) {
        if (pins[d].length) pinnedDays++;
        if (reason.has(d)) unavailableDays++;
      }
      maxWorkDaysRule.push(Math.max(Math.min(len, Math.ceil((R.maxWorkDaysPerWeek * len) / 7)), pinnedDays));
      minWorkDays.push(Math.max(0, Math.floor((R.minWorkDaysPerWeek * len) / 7) - unavailableDays));
      let pairPossible = false;
      for (let d = blk.first; d < blk.last; d++) {
        if (!leave[d] && !leave[d + 1] && !pins[d].length && !pins[d + 1].length) pairPossible = true;
      }
      const applies = wantsPair && len === 7;
      pairHard.push(applies && pairPossible);
      pairSoft.push(applies && !pairPossible);
      minMinutes.push(agent.minMinutesPerWeek === undefined ? 0 : Math.floor((agent.minMinutesPerWeek * nonLeave) / 7));
    }
    return {
      eligible,
      banned,
      pins,
      leave,
      maxWeek,
      maxWorkDays,
      maxMinutes,
      maxWorkDaysRule,
      minWorkDays,
      pairHard,
      pairSoft,
      minMinutes,
      historyStreak: agent.history.consecutiveWorkDays,
    };
  });

  const availableDays = (a: number, pred: (d: number) => boolean) => {
    const off = new Set(p.agents[a].unavailable.map((u) => parseDay(u.date) - first));
    let n = 0;
    for (let d = 0; d < D; d++) if (!off.has(d) && pred(d)) n++;
    return n;
  };
  const nightShifts = kinds.map((k, s) => (k === 'night' ? s : -1)).filter((s) => s >= 0);
  const nightPool = nightShifts.length
    ? p.agents
        .map((ag, a) => ({ ag, a }))
        .filter(
          ({ ag }) =>
            !ag.noNights &&
            nightShifts.some((s) => {
              const t = p.shiftTypes[s];
              return (!ag.allowedShiftTypes || ag.allowedShiftTypes.includes(t.id)) && t.skills.every((k) => ag.skills.includes(k));
            }),
        )
        .map(({ a }) => a)
    : [];
  return {
    p,
    D,
    S,
    dates,
    required,
    kinds,
    paid,
    weekend,
    blocks,
    blockOf,
    agents,
    clash,
    clashWhy,
    reach,
    nightPool,
    nightWeight: p.agents.map((_, a) => availableDays(a, () => true)),
    weekendWeight: p.agents.map((_, a) => availableDays(a, (d) => weekend[d])),
  };
}
