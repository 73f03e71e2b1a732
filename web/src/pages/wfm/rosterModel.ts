/**
 * Pure pieces of the rostering screen (排人): the editor's rows → the problem JSON, the example
 * week, and the agents × days grid built from a result.
 */
import type { RosterAgentInput, RosterAssignment, RosterProblem, RosterResult, RosterViolation, ShiftKind } from '../../wfmApi';

export interface ShiftTypeRow {
  key: string;
  id: string;
  name: string;
  start: string;
  hours: number;
  /** Skills the shift needs, comma separated. */
  skills: string;
  /** Head count needed on weekdays and (optionally different) on Saturday and Sunday. */
  weekday: number;
  weekend: number | null;
}

export interface AgentRow {
  key: string;
  id: string;
  name: string;
  skills: string;
  noNights: boolean;
  maxHoursWeek: number | null;
  /** Dates on leave, comma separated. */
  leave: string;
  /** Shift type ids the agent would like to work. */
  prefer: string[];
  /** Parts of the agent the editor does not show (history, two days off in a row) kept as given. */
  extra?: Pick<RosterAgentInput, 'history' | 'consecutiveDaysOff'>;
}

export interface PinRow {
  key: string;
  agentId: string;
  date: string;
  shiftTypeId: string;
}

export interface RosterEditor {
  startDate: string;
  days: number;
  shiftTypes: ShiftTypeRow[];
  agents: AgentRow[];
  pins: PinRow[];
  method: 'auto' | 'milp' | 'heuristic';
  timeLimitSeconds: number;
}

const list = (s: string) =>
  s
    .split(/[\s,，;；、]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export function addDaysYmd(ymd: string, days: number): string {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a calendar date. */
export function isoWeekday(ymd: string): IsoWeekday {
  const d = new Date(`${ymd}T00:00:00Z`).getUTCDay();
  return (d === 0 ? 7 : d) as IsoWeekday;
}

export function rosterProblemFromEditor(e: RosterEditor): RosterProblem {
  const demand: RosterProblem['demand'] = [];
  for (const s of e.shiftTypes) {
    demand.push({ shiftTypeId: s.id, required: s.weekday });
    // Later entries override earlier ones: the weekend figure wins on Saturday and Sunday.
    if (s.weekend !== null && s.weekend !== s.weekday) demand.push({ shiftTypeId: s.id, weekdays: [6, 7], required: s.weekend });
  }
  return {
    startDate: e.startDate,
    days: e.days,
    shiftTypes: e.shiftTypes.map((s) => ({ id: s.id, name: s.name, start: s.start, durationMinutes: Math.round(s.hours * 60), skills: list(s.skills) })),
    demand,
    agents: e.agents.map((a) => ({
      id: a.id,
      name: a.name,
      skills: list(a.skills),
      noNights: a.noNights,
      ...(a.maxHoursWeek !== null && { maxMinutesPerWeek: Math.round(a.maxHoursWeek * 60) }),
      unavailable: list(a.leave).map((date) => ({ date, reason: 'leave' as const })),
      preferences: { shiftTypes: a.prefer },
      ...a.extra,
    })),
    pinned: e.pins.filter((p) => p.agentId && p.date && p.shiftTypeId).map((p) => ({ agentId: p.agentId, date: p.date, shiftTypeId: p.shiftTypeId })),
    solver: { method: e.method, timeLimitSeconds: e.timeLimitSeconds },
  };
}

/**
 * A week for six agents with early, late and night shifts: a night-shift skill, a leave day, a
 * part-timer, someone who does not work nights, a night shift carried in from before the week,
 * and two pinned shifts that leave only 8 hours of rest — so the checker has something to say.
 */
export function exampleRoster(startDate: string, names: { early: string; late: string; night: string; nightSkill: string; agents: readonly string[] }): RosterEditor {
  const day = (n: number) => addDaysYmd(startDate, n);
  const a = names.agents;
  return {
    startDate,
    days: 7,
    method: 'auto',
    timeLimitSeconds: 20,
    shiftTypes: [
      { key: 'E', id: 'E', name: names.early, start: '07:00', hours: 8, skills: '', weekday: 2, weekend: 1 },
      { key: 'L', id: 'L', name: names.late, start: '15:00', hours: 8, skills: '', weekday: 1, weekend: null },
      { key: 'N', id: 'N', name: names.night, start: '23:00', hours: 8, skills: names.nightSkill, weekday: 1, weekend: null },
    ],
    agents: [
      { key: 'a1', id: 'a1', name: a[0], skills: names.nightSkill, noNights: false, maxHoursWeek: null, leave: '', prefer: [], extra: { consecutiveDaysOff: true } },
      { key: 'a2', id: 'a2', name: a[1], skills: names.nightSkill, noNights: false, maxHoursWeek: null, leave: '', prefer: [] },
      { key: 'a3', id: 'a3', name: a[2], skills: '', noNights: false, maxHoursWeek: null, leave: day(2), prefer: ['E'] },
      { key: 'a4', id: 'a4', name: a[3], skills: names.nightSkill, noNights: true, maxHoursWeek: null, leave: '', prefer: [] },
      { key: 'a5', id: 'a5', name: a[4], skills: '', noNights: false, maxHoursWeek: 24, leave: '', prefer: [] },
      {
        key: 'a6',
        id: 'a6',
        name: a[5],
        skills: names.nightSkill,
        noNights: false,
        maxHoursWeek: null,
        leave: '',
        prefer: [],
        extra: { history: { lastShift: { date: day(-1), start: '23:00', durationMinutes: 480 }, consecutiveWorkDays: 3 } },
      },
    ],
    pins: [
      { key: 'p1', agentId: 'a2', date: day(3), shiftTypeId: 'L' },
      { key: 'p2', agentId: 'a2', date: day(4), shiftTypeId: 'E' },
    ],
  };
}

/** Rules of the independent checker (rosterRules.ts on the server), named in the catalogues. */
export const ROSTER_RULES = [
  'unknownReference', 'pinned', 'availability', 'skill', 'shiftNotAllowed', 'oneShiftPerDay', 'minRest', 'earlyAfterNight', 'maxWeeklyHours',
  'daysOff', 'consecutiveDaysOff', 'maxConsecutiveDays', 'coverage', 'overstaffed', 'minWeeklyHours', 'fairNights', 'fairWeekends',
] as const;
export type RosterRule = (typeof ROSTER_RULES)[number];
export function isRosterRule(r: string): r is RosterRule {
  return (ROSTER_RULES as readonly string[]).includes(r);
}

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const KIND_COLORS: Record<ShiftKind, string> = { early: 'gold', middle: 'green', late: 'blue', night: 'purple' };

export interface GridCell {
  assignment: RosterAssignment | null;
  leave: boolean;
  /** Hard violations that name this agent on this day. */
  violations: RosterViolation[];
}

export interface GridRow {
  agentId: string;
  name: string;
  cells: GridCell[];
  shifts: number;
  paidHours: number;
}

/** Agents × days: the shift each works (or leave), with the rule breaks that concern that day. */
export function rosterGrid(problem: RosterProblem, result: RosterResult): { dates: string[]; rows: GridRow[] } {
  const dates = Array.from({ length: problem.days }, (_, i) => addDaysYmd(problem.startDate, i));
  const byCell = new Map<string, RosterAssignment>();
  for (const a of result.assignments) byCell.set(`${a.agentId}|${a.date}`, a);
  const viol = new Map<string, RosterViolation[]>();
  for (const v of result.violations) {
    if (!v.agentId || !v.date || v.severity !== 'hard') continue;
    const k = `${v.agentId}|${v.date}`;
    viol.set(k, [...(viol.get(k) ?? []), v]);
  }
  const summary = new Map(result.agents.map((s) => [s.agentId, s]));
  const rows = problem.agents.map((ag) => {
    const leave = new Set((ag.unavailable ?? []).map((u) => u.date));
    return {
      agentId: ag.id,
      name: ag.name ?? ag.id,
      cells: dates.map((d) => ({ assignment: byCell.get(`${ag.id}|${d}`) ?? null, leave: leave.has(d), violations: viol.get(`${ag.id}|${d}`) ?? [] })),
      shifts: summary.get(ag.id)?.shifts ?? 0,
      paidHours: summary.get(ag.id)?.paidHours ?? 0,
    };
  });
  return { dates, rows };
}

/** A violation's message in the reader's language (the checker writes Simplified Chinese and English). */
export function violationText(v: RosterViolation, locale: string): string {
  return locale.startsWith('en') ? v.message.en : v.message['zh-CN'];
}

/** One interval of a queue's published schedule, as `PUT /api/wfm/queues/{id}/schedule` takes it. */
export interface CoverageInterval {
  startAt: string;
  intervalMinutes: 5 | 10 | 15 | 20 | 30 | 60;
  onDuty: number;
  working: number;
}

/**
 * A roster as a queue's schedule: agents on shift per interval, time-weighted (a shift starting at
 * 08:15 counts half in a 08:00–08:30 interval), from the first shift's start to the last one's end,
 * zeros between. A roster places no breaks, so a shift's unpaid time (length − paid) is taken off
 * `working` evenly over the shift.
 */
export function rosterCoverage(assignments: readonly { startUtc: string; endUtc: string; paidMinutes: number }[], intervalMinutes: CoverageInterval['intervalMinutes']): CoverageInterval[] {
  if (assignments.length === 0) return [];
  const len = intervalMinutes * 60_000;
  const spans = assignments.map((a) => {
    const start = Date.parse(a.startUtc);
    const end = Date.parse(a.endUtc);
    return { start, end, workShare: end > start ? Math.min(1, (a.paidMinutes * 60_000) / (end - start)) : 0 };
  });
  const first = Math.floor(Math.min(...spans.map((s) => s.start)) / len) * len;
  const last = Math.ceil(Math.max(...spans.map((s) => s.end)) / len) * len;
  const n = (last - first) / len;
  const onDuty = new Array<number>(n).fill(0);
  const working = new Array<number>(n).fill(0);
  for (const s of spans) {
    for (let i = Math.floor((s.start - first) / len); i < n && first + i * len < s.end; i++) {
      const a = first + i * len;
      const overlap = Math.min(a + len, s.end) - Math.max(a, s.start);
      if (overlap <= 0) continue;
      onDuty[i] += overlap / len;
      working[i] += (overlap / len) * s.workShare;
    }
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return onDuty.map((d, i) => ({ startAt: new Date(first + i * len).toISOString(), intervalMinutes, onDuty: r3(d), working: Math.min(r3(d), r3(working[i])) }));
}
