/**
 * Independent roster checker: every labour rule, eligibility rule, demand and fairness rule,
 * evaluated directly on a list of assignments.
 *
 * It deliberately shares no code with the roster builder (rosterModel.ts): it reads the same
 * input (schema types only) and re-derives dates, kinds, weeks and rest from first principles,
 * so a builder bug cannot hide behind a shared helper. The property test checks every builder
 * output with this file.
 */
import type { FlexRule, RosterAssignment, RosterProblem } from './rosterSchemas';

export type RosterRule =
  | 'unknownReference'
  | 'pinned'
  | 'availability'
  | 'skill'
  | 'shiftNotAllowed'
  | 'oneShiftPerDay'
  | 'minRest'
  | 'earlyAfterNight'
  | 'maxWeeklyHours'
  | 'daysOff'
  | 'consecutiveDaysOff'
  | 'maxConsecutiveDays'
  | 'minWorkDays'
  | 'maxWorkDays'
  | 'forbiddenSequence'
  | 'banned'
  | 'coverage'
  | 'overstaffed'
  | 'minWeeklyHours'
  | 'fairNights'
  | 'fairWeekends';

/** hard: labour law / eligibility; demand: coverage of the required shifts; soft: fairness and contracts. */
export type RosterSeverity = 'hard' | 'demand' | 'soft';

export const RULE_SEVERITY: Record<RosterRule, RosterSeverity> = {
  unknownReference: 'hard',
  pinned: 'hard',
  availability: 'hard',
  skill: 'hard',
  shiftNotAllowed: 'hard',
  oneShiftPerDay: 'hard',
  minRest: 'hard',
  earlyAfterNight: 'hard',
  maxWeeklyHours: 'hard',
  daysOff: 'hard',
  consecutiveDaysOff: 'hard',
  maxConsecutiveDays: 'hard',
  minWorkDays: 'hard',
  maxWorkDays: 'hard',
  forbiddenSequence: 'hard',
  banned: 'hard',
  coverage: 'demand',
  overstaffed: 'demand',
  minWeeklyHours: 'soft',
  fairNights: 'soft',
  fairWeekends: 'soft',
};

export interface RosterViolation {
  rule: RosterRule;
  severity: RosterSeverity;
  agentId: string | null;
  /** The day concerned (for weekly rules: the first day of the week block). */
  date: string | null;
  shiftTypeId: string | null;
  details: Record<string, string | number>;
  message: { 'zh-CN': string; en: string };
}

type Params = Record<string, string | number>;
const MESSAGES: Record<RosterRule, { zh: (p: Params) => string; en: (p: Params) => string }> = {
  unknownReference: {
    zh: (p) => `排班记录引用了不存在的${p.what}：${p.id}`,
    en: (p) => `Assignment refers to an unknown ${p.what}: ${p.id}`,
  },
  pinned: {
    zh: (p) => `${p.agent} 在 ${p.date} 的指定班次 ${p.shift} 未排入`,
    en: (p) => `${p.agent}: the pinned shift ${p.shift} on ${p.date} is missing`,
  },
  availability: {
    zh: (p) => `${p.agent} 在 ${p.date} 不可排班（${p.reasonZh}），却被排了 ${p.shift}`,
    en: (p) => `${p.agent} is not available on ${p.date} (${p.reason}) but works ${p.shift}`,
  },
  skill: {
    zh: (p) => `${p.agent} 缺少技能 ${p.missing}，不能上 ${p.date} 的 ${p.shift}`,
    en: (p) => `${p.agent} lacks skill ${p.missing} needed for ${p.shift} on ${p.date}`,
  },
  shiftNotAllowed: {
    zh: (p) => `${p.agent} 不可上 ${p.shift}（${p.why === 'noNights' ? '不排夜班' : '不在可上班次内'}），${p.date}`,
    en: (p) => `${p.agent} may not work ${p.shift} (${p.why === 'noNights' ? 'no night shifts' : 'not an allowed shift'}) on ${p.date}`,
  },
  oneShiftPerDay: {
    zh: (p) => `${p.agent} 在 ${p.date} 被排了 ${p.count} 个班次（每天最多一个）`,
    en: (p) => `${p.agent} has ${p.count} shifts starting on ${p.date} (at most one a day)`,
  },
  minRest: {
    zh: (p) => `${p.agent} 在 ${p.date} 上班前只休息了 ${p.restHours} 小时，少于 ${p.minHours} 小时`,
    en: (p) => `${p.agent} rests only ${p.restHours} h before the shift on ${p.date} (minimum ${p.minHours} h)`,
  },
  earlyAfterNight: {
    zh: (p) => `${p.agent} 在 ${p.nightDate} 上夜班后，${p.date} 又上早班`,
    en: (p) => `${p.agent} works an early shift on ${p.date} right after a night shift on ${p.nightDate}`,
  },
  maxWeeklyHours: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周内工作 ${p.hours} 小时，超过上限 ${p.maxHours} 小时`,
    en: (p) => `${p.agent} works ${p.hours} h in the week from ${p.date}, above the limit of ${p.maxHours} h`,
  },
  daysOff: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周内只有 ${p.daysOff} 天休息，至少需要 ${p.required} 天`,
    en: (p) => `${p.agent} has ${p.daysOff} day(s) off in the week from ${p.date}; at least ${p.required} required`,
  },
  consecutiveDaysOff: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周内没有连续两天休息`,
    en: (p) => `${p.agent} has no two consecutive days off in the week from ${p.date}`,
  },
  maxConsecutiveDays: {
    zh: (p) => `${p.agent} 截至 ${p.date} 已连续工作 ${p.days} 天，超过上限 ${p.max} 天`,
    en: (p) => `${p.agent} has worked ${p.days} days in a row by ${p.date}, above the limit of ${p.max}`,
  },
  minWorkDays: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周内只上班 ${p.days} 天，至少需要 ${p.required} 天`,
    en: (p) => `${p.agent} works ${p.days} day(s) in the week from ${p.date}; at least ${p.required} required`,
  },
  maxWorkDays: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周内上班 ${p.days} 天，超过上限 ${p.max} 天`,
    en: (p) => `${p.agent} works ${p.days} days in the week from ${p.date}, above the limit of ${p.max}`,
  },
  forbiddenSequence: {
    zh: (p) => `${p.agent} 在 ${p.prevDate} 上 ${p.prevShift} 后，${p.date} 不能再上 ${p.shift}`,
    en: (p) => `${p.agent} may not work ${p.shift} on ${p.date} after ${p.prevShift} on ${p.prevDate}`,
  },
  banned: {
    zh: (p) => `${p.agent} 被禁止在 ${p.date} 上 ${p.shift}`,
    en: (p) => `${p.agent} is barred from ${p.shift} on ${p.date}`,
  },
  coverage: {
    zh: (p) => `${p.date} 的 ${p.shift} 需要 ${p.required} 人，只排了 ${p.assigned} 人，缺 ${p.short} 人`,
    en: (p) => `${p.shift} on ${p.date} needs ${p.required}, has ${p.assigned}: ${p.short} short`,
  },
  overstaffed: {
    zh: (p) => `${p.date} 的 ${p.shift} 需要 ${p.required} 人，却排了 ${p.assigned} 人`,
    en: (p) => `${p.shift} on ${p.date} needs ${p.required} but has ${p.assigned}`,
  },
  minWeeklyHours: {
    zh: (p) => `${p.agent} 在 ${p.date} 起的一周只排了 ${p.hours} 小时，低于约定的 ${p.minHours} 小时`,
    en: (p) => `${p.agent} has ${p.hours} h in the week from ${p.date}, below the contracted ${p.minHours} h`,
  },
  fairNights: {
    zh: (p) => `${p.agent} 的夜班数 ${p.count} 偏离公平份额 ${p.target}（允许 ±${p.tolerance}）`,
    en: (p) => `${p.agent} has ${p.count} night shifts; fair share ${p.target} (±${p.tolerance})`,
  },
  fairWeekends: {
    zh: (p) => `${p.agent} 的周末班数 ${p.count} 偏离公平份额 ${p.target}（允许 ±${p.tolerance}）`,
    en: (p) => `${p.agent} has ${p.count} weekend shifts; fair share ${p.target} (±${p.tolerance})`,
  },
};

const REASON_ZH: Record<string, string> = { leave: '请假', training: '培训', unavailable: '不可用' };
const DAY_MS = 86_400_000;

function epochDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
function dateOfEpochDay(d: number): string {
  return new Date(d * DAY_MS).toISOString().slice(0, 10);
}
function weekdayOfEpochDay(d: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((d + 3) % 7) + 7) % 7) + 1;
}
function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}
function kindFromStart(hhmm: string): 'early' | 'middle' | 'late' | 'night' {
  const m = clockMinutes(hhmm);
  if (m >= 300 && m < 600) return 'early';
  if (m >= 600 && m < 840) return 'middle';
  if (m >= 840 && m < 1200) return 'late';
  return 'night';
}
const hours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;

export function checkRoster(problem: RosterProblem, assignments: readonly RosterAssignment[]): RosterViolation[] {
  const out: RosterViolation[] = [];
  // A family the problem softens (or hardens) is reported with that severity.
  const modes = problem.rules.mode as Partial<Record<string, 'hard' | 'soft'>>;
  const severityOf = (rule: RosterRule): RosterSeverity => modes[rule as FlexRule] ?? RULE_SEVERITY[rule];
  const add = (rule: RosterRule, agentId: string | null, date: string | null, shiftTypeId: string | null, details: Params) => {
    const m = MESSAGES[rule];
    out.push({
      rule,
      severity: severityOf(rule),
      agentId,
      date,
      shiftTypeId,
      details,
      message: { 'zh-CN': m.zh(details), en: m.en(details) },
    });
  };

  const day0 = epochDay(problem.startDate);
  const nDays = problem.days;
  const rules = problem.rules;
  const shiftById = new Map(problem.shiftTypes.map((s) => [s.id, s]));
  const agentById = new Map(problem.agents.map((a) => [a.id, a]));
  const label = (s: { id: string; name?: string }) => s.name ?? s.id;
  const kindOf = (id: string) => {
    const s = shiftById.get(id)!;
    return s.kind ?? kindFromStart(s.start);
  };
  const paidOf = (id: string) => shiftById.get(id)!.paidMinutes ?? shiftById.get(id)!.durationMinutes;

  // Valid assignments, per agent, by day index.
  const byAgent = new Map<string, { day: number; shiftTypeId: string }[]>();
  for (const x of assignments) {
    const day = epochDay(x.date) - day0;
    if (!agentById.has(x.agentId)) {
      add('unknownReference', x.agentId, x.date, x.shiftTypeId, { what: 'agent', id: x.agentId });
      continue;
    }
    if (!shiftById.has(x.shiftTypeId)) {
      add('unknownReference', x.agentId, x.date, x.shiftTypeId, { what: 'shift type', id: x.shiftTypeId });
      continue;
    }
    if (!(day >= 0 && day < nDays)) {
      add('unknownReference', x.agentId, x.date, x.shiftTypeId, { what: 'date in the horizon', id: x.date });
      continue;
    }
    const list = byAgent.get(x.agentId) ?? [];
    list.push({ day, shiftTypeId: x.shiftTypeId });
    byAgent.set(x.agentId, list);
  }

  // Pinned assignments must be present.
  for (const pin of problem.pinned) {
    const day = epochDay(pin.date) - day0;
    const has = (byAgent.get(pin.agentId) ?? []).some((x) => x.day === day && x.shiftTypeId === pin.shiftTypeId);
    if (!has) {
      const a = agentById.get(pin.agentId);
      const s = shiftById.get(pin.shiftTypeId);
      add('pinned', pin.agentId, pin.date, pin.shiftTypeId, {
        agent: a ? label(a) : pin.agentId,
        shift: s ? label(s) : pin.shiftTypeId,
        date: pin.date,
      });
    }
  }

  // Week blocks: [first, last] day indices.
  const blocks: { first: number; last: number; full: boolean }[] = [];
  for (let b = 0; b < nDays; b += 7) blocks.push({ first: b, last: Math.min(b + 6, nDays - 1), full: b + 6 < nDays });

  const isWeekend = (day: number) => rules.weekendDays.includes(weekdayOfEpochDay(day0 + day));

  for (const agent of problem.agents) {
    const name = label(agent);
    const mine = (byAgent.get(agent.id) ?? []).slice().sort((a, b) => a.day - b.day || clockMinutes(shiftById.get(a.shiftTypeId)!.start) - clockMinutes(shiftById.get(b.shiftTypeId)!.start));
    const offReason = new Map<number, string>();
    for (const u of agent.unavailable) offReason.set(epochDay(u.date) - day0, u.reason);

    // Eligibility of each assignment.
    for (const x of mine) {
      const s = shiftById.get(x.shiftTypeId)!;
      const date = dateOfEpochDay(day0 + x.day);
      const reason = offReason.get(x.day);
      if (reason !== undefined) {
        add('availability', agent.id, date, s.id, { agent: name, date, shift: label(s), reason, reasonZh: REASON_ZH[reason] ?? reason });
      }
      const missing = s.skills.filter((k) => !agent.skills.includes(k));
      if (missing.length) add('skill', agent.id, date, s.id, { agent: name, date, shift: label(s), missing: missing.join(', ') });
      if (agent.allowedShiftTypes && !agent.allowedShiftTypes.includes(s.id)) {
        add('shiftNotAllowed', agent.id, date, s.id, { agent: name, date, shift: label(s), why: 'notAllowed' });
      } else if (agent.noNights && kindOf(s.id) === 'night') {
        add('shiftNotAllowed', agent.id, date, s.id, { agent: name, date, shift: label(s), why: 'noNights' });
      }
      if (agent.bannedShifts.some((b) => b.shiftTypeId === s.id && (b.date === undefined || b.date === date))) {
        add('banned', agent.id, date, s.id, { agent: name, date, shift: label(s) });
      }
    }

    // Forbidden day-to-day sequences (shifts of the horizon only: history carries no shift type).
    for (const prev of mine) {
      for (const next of mine) {
        if (next.day !== prev.day + 1) continue;
        const hit = problem.rules.forbiddenSequences.some((q) => q.from === prev.shiftTypeId && (q.to === undefined || q.to.includes(next.shiftTypeId)));
        if (hit) {
          const date = dateOfEpochDay(day0 + next.day);
          add('forbiddenSequence', agent.id, date, next.shiftTypeId, {
            agent: name,
            date,
            shift: label(shiftById.get(next.shiftTypeId)!),
            prevDate: dateOfEpochDay(day0 + prev.day),
            prevShift: label(shiftById.get(prev.shiftTypeId)!),
          });
        }
      }
    }

    // One shift per day.
    const perDay = new Map<number, number>();
    for (const x of mine) perDay.set(x.day, (perDay.get(x.day) ?? 0) + 1);
    for (const [day, count] of perDay) {
      if (count > 1) {
        const date = dateOfEpochDay(day0 + day);
        add('oneShiftPerDay', agent.id, date, null, { agent: name, date, count });
      }
    }

    // Rest between consecutive shifts (absolute minutes since day 0 midnight), history first.
    const timeline: { start: number; end: number; day: number; kind: string; shiftTypeId: string | null }[] = [];
    const last = agent.history.lastShift;
    if (last) {
      const d = epochDay(last.date) - day0;
      const start = d * 1440 + clockMinutes(last.start);
      timeline.push({ start, end: start + last.durationMinutes, day: d, kind: last.kind ?? kindFromStart(last.start), shiftTypeId: null });
    }
    for (const x of mine) {
      const s = shiftById.get(x.shiftTypeId)!;
      const start = x.day * 1440 + clockMinutes(s.start);
      timeline.push({ start, end: start + s.durationMinutes, day: x.day, kind: kindOf(s.id), shiftTypeId: s.id });
    }
    timeline.sort((a, b) => a.start - b.start);
    for (let i = 1; i < timeline.length; i++) {
      const prev = timeline[i - 1];
      const cur = timeline[i];
      const rest = cur.start - prev.end;
      if (rest < rules.minRestMinutes) {
        const date = dateOfEpochDay(day0 + cur.day);
        add('minRest', agent.id, date, cur.shiftTypeId, {
          agent: name,
          date,
          restHours: hours(rest),
          minHours: hours(rules.minRestMinutes),
        });
      }
    }
    if (rules.noEarlyAfterNight) {
      for (const night of timeline) {
        if (night.kind !== 'night') continue;
        for (const early of timeline) {
          if (early.kind === 'early' && early.day === night.day + 1 && early.shiftTypeId !== null) {
            add('earlyAfterNight', agent.id, dateOfEpochDay(day0 + early.day), early.shiftTypeId, {
              agent: name,
              date: dateOfEpochDay(day0 + early.day),
              nightDate: dateOfEpochDay(day0 + night.day),
            });
          }
        }
      }
    }

    // Weekly rules per block.
    const maxWeek = agent.maxMinutesPerWeek ?? rules.maxMinutesPerWeek;
    const asksPair = agent.consecutiveDaysOff ?? rules.consecutiveDaysOff;
    for (const blk of blocks) {
      const date = dateOfEpochDay(day0 + blk.first);
      const length = blk.last - blk.first + 1;
      let minutes = 0;
      const worked = new Set<number>();
      for (const x of mine) {
        if (x.day < blk.first || x.day > blk.last) continue;
        minutes += paidOf(x.shiftTypeId);
        worked.add(x.day);
      }
      if (minutes > maxWeek) add('maxWeeklyHours', agent.id, date, null, { agent: name, date, hours: hours(minutes), maxHours: hours(maxWeek) });
      const isOff = (day: number) => {
        const r = offReason.get(day);
        return !worked.has(day) && r !== 'leave' && r !== 'training';
      };
      let off = 0;
      let leaveDays = 0;
      for (let d = blk.first; d <= blk.last; d++) {
        if (isOff(d)) off++;
        const r = offReason.get(d);
        if (r === 'leave' || r === 'training') leaveDays++;
      }
      const required = blk.full ? rules.minDaysOffPerWeek : Math.floor((rules.minDaysOffPerWeek * length) / 7);
      if (off < required) add('daysOff', agent.id, date, null, { agent: name, date, daysOff: off, required });
      // Working days: the minimum prorated down (and less each day the agent cannot work), the
      // maximum prorated up, for a short last block.
      let cannotWork = 0;
      for (let d = blk.first; d <= blk.last; d++) if (offReason.has(d)) cannotWork++;
      const minWork = Math.max(0, Math.floor((rules.minWorkDaysPerWeek * length) / 7) - cannotWork);
      const maxWork = Math.min(length, Math.ceil((rules.maxWorkDaysPerWeek * length) / 7));
      if (worked.size < minWork) add('minWorkDays', agent.id, date, null, { agent: name, date, days: worked.size, required: minWork });
      if (worked.size > maxWork) add('maxWorkDays', agent.id, date, null, { agent: name, date, days: worked.size, max: maxWork });
      if (asksPair && blk.full) {
        let pair = false;
        for (let d = blk.first; d < blk.last; d++) if (isOff(d) && isOff(d + 1)) pair = true;
        if (!pair) add('consecutiveDaysOff', agent.id, date, null, { agent: name, date });
      }
      if (agent.minMinutesPerWeek !== undefined) {
        const minMinutes = Math.floor((agent.minMinutesPerWeek * (length - leaveDays)) / 7);
        if (minutes < minMinutes) {
          add('minWeeklyHours', agent.id, date, null, { agent: name, date, hours: hours(minutes), minHours: hours(minMinutes) });
        }
      }
    }

    // Consecutive working days, continuing the streak carried in from before the horizon.
    let streak = agent.history.consecutiveWorkDays;
    let reported = false;
    for (let d = 0; d < nDays; d++) {
      if (perDay.has(d)) {
        streak++;
        if (streak > rules.maxConsecutiveWorkDays && !reported) {
          const date = dateOfEpochDay(day0 + d);
          add('maxConsecutiveDays', agent.id, date, null, { agent: name, date, days: streak, max: rules.maxConsecutiveWorkDays });
          reported = true;
        }
      } else {
        streak = 0;
        reported = false;
      }
    }
  }

  // Demand: later matching entries override earlier ones.
  for (let d = 0; d < nDays; d++) {
    const date = dateOfEpochDay(day0 + d);
    const wd = weekdayOfEpochDay(day0 + d);
    for (const s of problem.shiftTypes) {
      let required = 0;
      for (const e of problem.demand) {
        if (e.shiftTypeId !== s.id) continue;
        if (e.date !== undefined && e.date !== date) continue;
        if (e.weekdays && !e.weekdays.includes(wd)) continue;
        required = e.required;
      }
      let assigned = 0;
      for (const list of byAgent.values()) for (const x of list) if (x.day === d && x.shiftTypeId === s.id) assigned++;
      if (assigned < required) add('coverage', null, date, s.id, { date, shift: label(s), required, assigned, short: required - assigned });
      if (assigned > required + rules.maxOverstaff) add('overstaffed', null, date, s.id, { date, shift: label(s), required, assigned });
    }
  }

  // Fair shares: count_a vs total × (a's available days) / (all pool members' available days).
  const nightTypes = problem.shiftTypes.filter((s) => kindOf(s.id) === 'night');
  const fair = (
    rule: 'fairNights' | 'fairWeekends',
    pool: typeof problem.agents,
    countOf: (agentId: string) => number,
    weightOf: (agent: (typeof problem.agents)[number]) => number,
    tolerance: number,
  ) => {
    if (pool.length < 2) return;
    const W = pool.reduce((s, a) => s + weightOf(a), 0);
    const T = pool.reduce((s, a) => s + countOf(a.id), 0);
    if (W === 0) return;
    for (const a of pool) {
      const target = (T * weightOf(a)) / W;
      const n = countOf(a.id);
      if (Math.abs(n - target) > tolerance + 1e-9) {
        add(rule, a.id, null, null, { agent: label(a), count: n, target: Math.round(target * 100) / 100, tolerance });
      }
    }
  };
  const availableDays = (a: (typeof problem.agents)[number], only?: (day: number) => boolean) => {
    const off = new Set(a.unavailable.map((u) => epochDay(u.date) - day0));
    let c = 0;
    for (let d = 0; d < nDays; d++) if (!off.has(d) && (!only || only(d))) c++;
    return c;
  };
  const nightPool = problem.agents.filter(
    (a) =>
      !a.noNights &&
      nightTypes.some((s) => (!a.allowedShiftTypes || a.allowedShiftTypes.includes(s.id)) && s.skills.every((k) => a.skills.includes(k))),
  );
  const count = (agentId: string, pred: (x: { day: number; shiftTypeId: string }) => boolean) =>
    (byAgent.get(agentId) ?? []).filter(pred).length;
  if (nightTypes.length) {
    fair('fairNights', nightPool, (id) => count(id, (x) => kindOf(x.shiftTypeId) === 'night'), (a) => availableDays(a), rules.nightsTolerance);
  }
  fair('fairWeekends', problem.agents, (id) => count(id, (x) => isWeekend(x.day)), (a) => availableDays(a, isWeekend), rules.weekendsTolerance);

  return out;
}

/** Violations grouped for display: hard first, then demand, then soft. */
export function sortViolations(v: RosterViolation[]): RosterViolation[] {
  const rank: Record<RosterSeverity, number> = { hard: 0, demand: 1, soft: 2 };
  return v.slice().sort((a, b) => rank[a.severity] - rank[b.severity] || (a.date ?? '').localeCompare(b.date ?? ''));
}
