/**
 * Pure pieces of the shift-design screen (排班设计): the template editor's rows → the problem
 * JSON the solver takes, the example day, and the figures the result view shows. No React here,
 * so every rule is unit-tested.
 */
import { parseNumberList, yuanToFen } from '../../opsMoney';
import type { IntervalCoverage, ScheduleProblem, ShiftTemplateInput, SolvePhase, SolveProgress } from '../../wfmApi';

/** One row of the template editor, as the user typed it (strings, yuan, hours). */
export interface TemplateRow {
  key: string;
  name: string;
  /** "07:00, 08:00" or a window "06:00-09:00/30" (earliest–latest every 30 minutes). */
  starts: string;
  /** Shift lengths in hours: "8" or "8, 9.5". */
  lengthsHours: string;
  /** Lunch / break: minutes (0 = none), window start/end in minutes after the shift start, paid? */
  breakMinutes: number;
  breakEarliest: number;
  breakLatest: number;
  breakPaid: boolean;
  /** Cost of a paid hour, yuan. */
  hourlyYuan: string;
}

export type RowProblem = 'name' | 'starts' | 'lengths' | 'break' | 'cost';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const pad = (n: number) => String(n).padStart(2, '0');
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** "7:00" → "07:00" so people need not type the leading zero. */
function normTime(s: string): string | null {
  const m = /^(\d{1,2})[:：](\d{2})$/.exec(s.trim());
  if (!m) return null;
  const v = `${pad(Number(m[1]))}:${m[2]}`;
  return TIME.test(v) ? v : null;
}

/** The starts column: a list of times, or a window "earliest-latest/step". */
export function parseStarts(text: string): { startTimes: string[] } | { startWindow: { earliest: string; latest: string; stepMinutes: number } } | null {
  const w = /^\s*(\d{1,2}[:：]\d{2})\s*[-–~至]\s*(\d{1,2}[:：]\d{2})\s*\/\s*(\d+)\s*$/.exec(text);
  if (w) {
    const earliest = normTime(w[1]);
    const latest = normTime(w[2]);
    const step = Number(w[3]);
    if (!earliest || !latest || step <= 0 || toMinutes(latest) < toMinutes(earliest)) return null;
    return { startWindow: { earliest, latest, stepMinutes: step } };
  }
  const times = text
    .split(/[\s,，;；、]+/)
    .filter(Boolean)
    .map(normTime);
  if (!times.length || times.some((x) => x === null)) return null;
  return { startTimes: [...new Set(times as string[])] };
}

/** Editor row → solver template, or the list of fields that are wrong. */
export function templateFromRow(row: TemplateRow, index: number): { template: ShiftTemplateInput } | { problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  if (!row.name.trim()) problems.push('name');
  const starts = parseStarts(row.starts);
  if (!starts) problems.push('starts');
  const { values: hours, bad } = parseNumberList(row.lengthsHours);
  const lengths = hours.map((h) => Math.round(h * 60));
  const lengthsOk = hours.length > 0 && !bad.length && hours.every((h) => h > 0 && h <= 24);
  if (!lengthsOk) problems.push('lengths');
  const br = row.breakMinutes > 0;
  // A break is judged against the lengths only when those are readable.
  if (br && (row.breakLatest < row.breakEarliest || row.breakEarliest < 0 || (lengthsOk && lengths.some((len) => row.breakLatest + row.breakMinutes > len)))) problems.push('break');
  const fen = yuanToFen(row.hourlyYuan);
  if (fen === null) problems.push('cost');
  if (problems.length) return { problems };
  return {
    template: {
      id: `t${index + 1}`,
      name: row.name.trim(),
      ...starts!,
      lengthsMinutes: [...new Set(lengths)],
      breaks: br
        ? [{ name: 'break', durationMinutes: row.breakMinutes, paid: row.breakPaid, earliestStartMinutes: row.breakEarliest, latestStartMinutes: row.breakLatest }]
        : [],
      costPerPaidHourFen: fen!,
    },
  };
}

/** The four-shift system (早/中/晚/夜) with lunch windows; names are filled in by the caller's language. */
export function fourShiftPreset(names: { early: string; middle: string; late: string; night: string }): TemplateRow[] {
  return [
    { key: 'early', name: names.early, starts: '06:00-09:00/30', lengthsHours: '8.5', breakMinutes: 30, breakEarliest: 180, breakLatest: 300, breakPaid: false, hourlyYuan: '30' },
    { key: 'middle', name: names.middle, starts: '10:00-12:00/30', lengthsHours: '8.5', breakMinutes: 30, breakEarliest: 180, breakLatest: 300, breakPaid: false, hourlyYuan: '30' },
    { key: 'late', name: names.late, starts: '14:00-16:00/30', lengthsHours: '8.5', breakMinutes: 30, breakEarliest: 180, breakLatest: 300, breakPaid: false, hourlyYuan: '32' },
    { key: 'night', name: names.night, starts: '22:00, 23:00', lengthsHours: '8', breakMinutes: 30, breakEarliest: 180, breakLatest: 300, breakPaid: true, hourlyYuan: '40' },
  ];
}

/**
 * Agents needed per half hour over one day for a residential hotline: quiet nights, a morning
 * peak around ten and an afternoon peak after two (the shape of the demo call history).
 */
export const EXAMPLE_DAY_30MIN: readonly number[] = [
  2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 6, 7, 9, 10, 11, 11, 10, 9, 7, 6, 8, 9, 10, 11, 11, 10, 9, 8, 7, 6, 6, 5, 5, 4, 4, 4, 3, 3, 3, 2, 2, 2,
];

export interface ProblemSettings {
  start: string;
  intervalMinutes: ScheduleProblem['intervalMinutes'];
  requirements: number[];
  wrapAround: boolean;
  timeLimitSeconds: number;
  gapPercent: number;
}

export function buildScheduleProblem(s: ProblemSettings, templates: ShiftTemplateInput[]): ScheduleProblem {
  return {
    start: s.start,
    timeZone: 'Asia/Shanghai',
    intervalMinutes: s.intervalMinutes,
    requirements: s.requirements,
    wrapAround: s.wrapAround,
    templates,
    solver: { timeLimitSeconds: s.timeLimitSeconds, mipRelGap: s.gapPercent / 100 },
  };
}

/** "2026-03-02T07:30" → "07:30", or "03-02 07:30" when the horizon spans several days. */
export function intervalLabel(startLocal: string, multiDay: boolean): string {
  return multiDay ? `${startLocal.slice(5, 10)} ${startLocal.slice(11, 16)}` : startLocal.slice(11, 16);
}

/** Series for the coverage chart: required, working, and the shortfall shown in red. */
export function coverageSeries(coverage: readonly IntervalCoverage[]) {
  const multiDay = coverage.length > 0 && coverage[0].startLocal.slice(0, 10) !== coverage[coverage.length - 1].startLocal.slice(0, 10);
  return {
    categories: coverage.map((c) => intervalLabel(c.startLocal, multiDay)),
    required: coverage.map((c) => c.required),
    working: coverage.map((c) => c.working),
    onBreak: coverage.map((c) => c.onBreak),
    short: coverage.map((c) => c.short),
    shortIntervals: coverage.filter((c) => c.short > 0).length,
  };
}

// ---------- live progress ----------

/** The solver steps the screen shows, in order. */
export const PROGRESS_STEPS = ['building', 'loading', 'solving', 'done'] as const;
export type ProgressStep = (typeof PROGRESS_STEPS)[number];

export interface ProgressState {
  /** Last event (figures shown live). */
  last: SolveProgress | null;
  /** Step reached: building → loading (worker start) → solving → done. */
  step: ProgressStep;
  /** Better solutions found so far (HiGHS incumbents), with when and how good. */
  incumbents: { elapsedMs: number; objective: number }[];
  events: number;
  cancelled: boolean;
}

export const EMPTY_PROGRESS: ProgressState = { last: null, step: 'building', incumbents: [], events: 0, cancelled: false };

const STEP_OF: Record<SolvePhase, ProgressStep | null> = { building: 'building', loading: 'loading', solving: 'solving', tick: null, incumbent: 'solving', done: 'done', cancelled: 'done' };

/** Fold one progress event into the state. Steps never go backwards (a late tick cannot undo "solving"). */
export function reduceProgress(s: ProgressState, p: SolveProgress): ProgressState {
  const step = STEP_OF[p.phase];
  const next = step && PROGRESS_STEPS.indexOf(step) > PROGRESS_STEPS.indexOf(s.step) ? step : s.step;
  const incumbents =
    p.phase === 'incumbent' && p.objective !== null && (s.incumbents.length === 0 || p.objective < s.incumbents[s.incumbents.length - 1].objective)
      ? [...s.incumbents, { elapsedMs: p.elapsedMs, objective: p.objective }]
      : s.incumbents;
  return { last: p, step: next, incumbents, events: s.events + 1, cancelled: s.cancelled || p.phase === 'cancelled' };
}

/** Share of the time budget used, 0–100 (the bar moves even while HiGHS is presolving). */
export function timeUsedPercent(elapsedMs: number, timeLimitSeconds: number): number {
  if (!(timeLimitSeconds > 0)) return 0;
  return Math.max(0, Math.min(100, Math.round((elapsedMs / (timeLimitSeconds * 1000)) * 100)));
}
