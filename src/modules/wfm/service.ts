/**
 * Queue statistics, forecast and staffing from stored history (the store + the pure core).
 * No HTTP here: routes and CLI commands both call these functions.
 */
import { AppError } from '../../core/errors';
import type { Store } from '../../db';
import { backtest, defaultCandidates, forecastSeries, selectMethod, weeklyOrigins, type ForecastMethod, type MethodScore } from './forecast';
import { fillIntervals, foldSlots, localDateRangeUtc, type FoldOptions, type SlCounting } from './history';
import { createIntervalAccumulator, deriveMetrics, periodStartOf, rollUp, type IntervalStat, type IntervalSums, type RollUpPeriod } from './intervals';
import { seriesFromIntervalStats } from './series';
import { agentsWithShrinkage, requiredAgents, type StaffingTarget } from './staffing';
import { availabilityAt, availabilityFromHistory, MIN_AVAILABILITY_HOURS } from './fidelityCalibration';
import { createPresenceCollector } from './presence';
import { loadSchedule, scheduledOver } from './schedule';
import { callRecords, forecastCalendar, loadCalendarDays, loadSlots, parseCalendar, type QueueRow } from './store';
import { addDays, dayNumber, localDateOf, weekdayOf } from './timezone';
import type { SlDefinition } from './types';

export type IntervalMinutes = 15 | 30 | 60;
const DAY = 86_400_000;
/** Longest range one statistics / forecast / staffing request may cover. */
export const MAX_RANGE_DAYS = { interval: 93, period: 732, forecast: 92 } as const;

// Generic so a figure that cannot be null keeps `number` in the answer's type (the web imports it).
const r3 = <T extends number | null>(x: T): T => (x === null ? x : Math.round(x * 1000) / 1000) as T;
const r6 = <T extends number | null>(x: T): T => (x === null ? x : Math.round(x * 1e6) / 1e6) as T;

/** A valid local date range of at most `maxDays` days, else a localised 400. */
export function checkRange(from: string, to: string, maxDays: number): void {
  let a: number;
  let b: number;
  try {
    a = dayNumber(from);
    b = dayNumber(to);
  } catch {
    throw new AppError(400, 'wfm.bad_range', { from, to, max: maxDays });
  }
  if (b < a || b - a + 1 > maxDays) throw new AppError(400, 'wfm.bad_range', { from, to, max: maxDays });
}

/** The SL counting rules of a queue, overridden per request. */
export function countingOf(queue: QueueRow, over: Partial<SlCounting> = {}): SlCounting {
  return {
    thresholdSeconds: over.thresholdSeconds ?? Number(queue.sl_threshold_s),
    definition: over.definition ?? (queue.sl_definition as SlDefinition),
    shortAbandonSeconds: over.shortAbandonSeconds ?? Number(queue.short_abandon_s),
  };
}

/**
 * Interval statistics of local dates `from`…`to` (only intervals with activity). From the stored
 * 15-minute slots when they were counted with the requested T and short-abandon limit, otherwise
 * recomputed from the stored calls.
 */
export async function intervalStatsOf(store: Store, queue: QueueRow, from: string, to: string, intervalMinutes: IntervalMinutes, counting: SlCounting): Promise<{ stats: IntervalStat[]; source: 'slots' | 'calls' }> {
  const zone = queue.time_zone;
  const { startMs, endMs } = localDateRangeUtc(from, to, zone);
  const inRange = (s: IntervalStat) => s.date >= from && s.date <= to;
  if (counting.thresholdSeconds === Number(queue.slots_threshold_s) && counting.shortAbandonSeconds === Number(queue.slots_short_abandon_s)) {
    const slots = await loadSlots(store.db, queue.id, startMs, endMs);
    return { stats: foldSlots(slots, { queue: queue.name, intervalMinutes, timeZone: zone, sl: counting }).filter(inRange), source: 'slots' };
  }
  const acc = createIntervalAccumulator({ intervalMinutes, timeZone: zone, sl: counting, allQueuesKey: null });
  for await (const r of callRecords(store.db, queue, new Date(startMs - DAY).toISOString(), new Date(endMs).toISOString())) acc.add(r);
  return { stats: acc.result().filter(inRange), source: 'calls' };
}

function sumsOf(stats: readonly IntervalStat[]): { sums: IntervalSums; agents: Set<string> } {
  const sums: IntervalSums = { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinT: 0, waitAnsweredSeconds: 0, waitAllSeconds: 0, talkSeconds: 0, busySeconds: 0, staffedSeconds: 0 };
  const agents = new Set<string>();
  for (const s of stats) {
    for (const k of Object.keys(sums) as (keyof IntervalSums)[]) sums[k] += s[k];
    for (const a of s.agents) agents.add(a);
  }
  return { sums, agents };
}

function metricsOut(s: IntervalSums, counting: SlCounting) {
  const m = deriveMetrics(s, counting);
  return {
    offered: s.offered, answered: s.answered, abandoned: s.abandoned, shortAbandoned: s.shortAbandoned, answeredWithinT: s.answeredWithinT,
    serviceLevel: r6(m.serviceLevel), answerRate: r6(m.answerRate), abandonmentRate: r6(m.abandonmentRate), asa: r3(m.asa), aht: r3(m.aht),
    occupancy: r6(m.occupancy), patienceSeconds: r3(m.patienceSeconds), talkSeconds: r3(s.talkSeconds), busySeconds: r3(s.busySeconds),
    staffedSeconds: s.staffedSeconds,
  };
}

export interface StatsQuery {
  from: string;
  to: string;
  intervalMinutes: IntervalMinutes;
  rollUp: 'interval' | RollUpPeriod;
  sl?: Partial<SlCounting>;
}

/** Statistics per interval (complete grid) or per day / week / month, with totals and the definitions used. */
export async function queueStatistics(store: Store, queue: QueueRow, q: StatsQuery) {
  checkRange(q.from, q.to, q.rollUp === 'interval' ? MAX_RANGE_DAYS.interval : MAX_RANGE_DAYS.period);
  const counting = countingOf(queue, q.sl);
  const cal = parseCalendar(queue.calendar_json);
  const { stats, source } = await intervalStatsOf(store, queue, q.from, q.to, q.intervalMinutes, counting);
  const fold: FoldOptions = { queue: queue.name, intervalMinutes: q.intervalMinutes, timeZone: queue.time_zone, sl: counting };
  const total = sumsOf(stats);
  const base = {
    queue: { id: queue.id, name: queue.name, timeZone: queue.time_zone },
    from: q.from,
    to: q.to,
    intervalMinutes: q.intervalMinutes,
    rollUp: q.rollUp,
    source,
    definitions: { slThresholdSeconds: counting.thresholdSeconds, slDefinition: counting.definition, shortAbandonSeconds: counting.shortAbandonSeconds, weekStartsOn: cal.weekStartsOn },
    totals: { ...metricsOut(total.sums, counting), agentsOnDuty: total.agents.size, agentHours: r3(total.sums.staffedSeconds / 3600) },
  };
  if (q.rollUp === 'interval') {
    const grid = fillIntervals(stats, q.from, q.to, fold);
    // The published schedule beside the agents seen in the data (null where nothing is published).
    const span = localDateRangeUtc(q.from, q.to, queue.time_zone);
    const published = await loadSchedule(store.db, queue.id, new Date(span.startMs).toISOString(), new Date(span.endMs).toISOString());
    const scheduled = scheduledOver(published, grid.map((s) => Date.parse(s.startAt)), q.intervalMinutes * 60_000);
    const rows = grid.map((s, i) => ({
      date: s.date, start: s.start, startAt: s.startAt, ...metricsOut(s, counting), agentsOnDuty: s.agentsOnDuty,
      scheduledOnDuty: scheduled[i] ? r3(scheduled[i]!.onDuty) : null,
      scheduledWorking: scheduled[i] ? r3(scheduled[i]!.working) : null,
    }));
    return { ...base, schedulePublished: published.length > 0, rows };
  }
  const periods = rollUp(stats, q.rollUp, { weekStartsOn: cal.weekStartsOn });
  const byStart = new Map(periods.map((p) => [p.periodStart, p]));
  const rows = [];
  for (let d = periodStartOf(q.from, q.rollUp, cal.weekStartsOn); d <= q.to; d = nextPeriod(d, q.rollUp)) {
    const p = byStart.get(d);
    const sums = p ?? sumsOf([]).sums;
    rows.push({
      periodStart: d, periodEnd: addDays(nextPeriod(d, q.rollUp), -1), ...metricsOut(sums, counting),
      agentsOnDuty: p?.agentsOnDuty ?? 0, agentHours: r3((p?.staffedSeconds ?? 0) / 3600), intervals: p?.intervals ?? 0,
    });
  }
  return { ...base, rows };
}

function nextPeriod(start: string, period: RollUpPeriod): string {
  if (period === 'day') return addDays(start, 1);
  if (period === 'week') return addDays(start, 7);
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

// ------------------------------------------------------------------ forecast

export interface ForecastQuery {
  from: string;
  to: string;
  intervalMinutes: IntervalMinutes;
  /** 'auto' (backtest), or a candidate name; default: the queue's setting, else 'auto'. */
  method?: string;
  /** Weeks of history to train on (default 26). */
  historyWeeks?: number;
  /** Weekly origins of the selection backtest (default 6). */
  backtestWeeks?: number;
}

const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Names of the forecast candidates (for validation and the UI). */
export function forecastMethodNames(): string[] {
  return defaultCandidates().map((m) => m.name);
}

/** Last complete local date of history: the day of the last call, or yesterday if that is today. */
function lastHistoryDate(queue: QueueRow, now: number): string | null {
  if (!queue.last_call_at) return null;
  const last = localDateOf(Date.parse(queue.last_call_at), queue.time_zone);
  const today = localDateOf(now, queue.time_zone);
  return last >= today ? addDays(today, -1) : last;
}

/**
 * Forecast of offered calls per interval for local dates `from`…`to`, trained on history up to
 * the day before `from` (or the last complete day of history). The method is chosen by a
 * rolling-origin backtest unless fixed; the backtest scores are part of the answer, as are the
 * actuals wherever history covers the range (forecast vs actual).
 */
export async function queueForecast(store: Store, queue: QueueRow, q: ForecastQuery, now = Date.now()) {
  checkRange(q.from, q.to, MAX_RANGE_DAYS.forecast);
  const zone = queue.time_zone;
  const lastHist = lastHistoryDate(queue, now);
  const firstHist = queue.first_call_at ? localDateOf(Date.parse(queue.first_call_at), zone) : null;
  if (!lastHist || !firstHist || lastHist < firstHist) throw new AppError(409, 'wfm.no_history', { queue: queue.name });
  const origin = addDays(q.from, -1) < lastHist ? addDays(q.from, -1) : lastHist;
  const historyWeeks = q.historyWeeks ?? 26;
  const histFrom = [firstHist, addDays(origin, -historyWeeks * 7 + 1)].sort()[1];
  if (dayNumber(origin) - dayNumber(histFrom) + 1 < 7) throw new AppError(409, 'wfm.history_too_short', { queue: queue.name, days: 7 });
  if (dayNumber(q.to) - dayNumber(origin) > 183) throw new AppError(400, 'wfm.bad_range', { from: q.from, to: q.to, max: MAX_RANGE_DAYS.forecast });

  const counting = countingOf(queue);
  const cal = parseCalendar(queue.calendar_json);
  const days = await loadCalendarDays(store.db, queue.id);
  const calendar = forecastCalendar(cal, days);
  const hours = Object.values(cal.openHours);
  const window = hours.length ? { from: hhmm(Math.min(...hours.map((h) => toMin(h.from)))), to: hhmm(Math.max(...hours.map((h) => toMin(h.to)))) } : { from: '00:00', to: '24:00' };
  const windowStart = toMin(window.from);
  const { stats: history } = await intervalStatsOf(store, queue, histFrom, origin, q.intervalMinutes, counting);
  const series = seriesFromIntervalStats(history, queue.name, window);
  series.intervalMinutes = q.intervalMinutes;
  series.dayStartMinute = windowStart;
  series.slotsPerDay = Math.ceil((toMin(window.to) - windowStart) / q.intervalMinutes);

  // Method choice: rolling-origin backtest, one week ahead, over the last weeks of history.
  const candidates = defaultCandidates();
  const requested = q.method ?? queue.forecast_method ?? 'auto';
  let method: ForecastMethod | undefined;
  let chosenBy: 'backtest' | 'queue' | 'request' | 'default';
  let scores: MethodScore[] | null = null;
  // Each backtest origin needs at least two weeks of training before it.
  const backtestWeeks = Math.min(q.backtestWeeks ?? 6, Math.floor((series.days.length - 14) / 7));
  let origins: string[] = [];
  if (backtestWeeks >= 1) {
    origins = weeklyOrigins(series, backtestWeeks, { weekStartsOn: cal.weekStartsOn });
    scores = backtest(series, candidates, { origins, horizonDays: 7, calendar });
    if (scores.every((s) => !Number.isFinite(s.wape))) scores = null;
  }
  if (requested !== 'auto') {
    method = candidates.find((m) => m.name === requested);
    if (!method) throw new AppError(400, 'wfm.unknown_method', { method: requested, methods: candidates.map((m) => m.name).join(', ') });
    chosenBy = q.method !== undefined ? 'request' : 'queue';
  } else if (scores) {
    const best = selectMethod(scores.filter((s) => Number.isFinite(s.wape)));
    method = candidates.find((m) => m.name === best.method)!;
    chosenBy = 'backtest';
  } else {
    // Too little history to compare methods: the mean of recent same weekdays is the safe choice.
    method = candidates.find((m) => m.name === 'mean-last-4-weeks')!;
    chosenBy = 'default';
  }

  const fc = forecastSeries(series, method, { horizonDays: dayNumber(q.to) - dayNumber(origin), originDate: origin, calendar });
  const fcByDate = new Map(fc.map((d) => [d.date, d.values]));

  // Actuals where history covers the range (today's partial day included, as far as it goes).
  const lastActual = queue.last_call_at ? localDateOf(Date.parse(queue.last_call_at), zone) : null;
  const actualTo = lastActual && lastActual < q.to ? lastActual : q.to;
  const actualStats = lastActual && lastActual >= q.from ? (await intervalStatsOf(store, queue, q.from, actualTo, q.intervalMinutes, counting)).stats : [];
  const grid = fillIntervals(actualStats, q.from, q.to, { queue: queue.name, intervalMinutes: q.intervalMinutes, timeZone: zone, sl: counting });
  const intervals = grid.map((g) => {
    const values = fcByDate.get(g.date);
    const k = Math.floor((toMin(g.start) - windowStart) / q.intervalMinutes);
    const forecast = values && k >= 0 && k < values.length && toMin(g.start) >= windowStart ? values[k] : 0;
    return { date: g.date, start: g.start, startAt: g.startAt, forecast: r3(forecast)!, actual: lastActual !== null && g.date <= actualTo ? g.offered : null };
  });
  const dayRows = new Map<string, { date: string; forecast: number; actual: number | null; open: boolean }>();
  for (const iv of intervals) {
    let d = dayRows.get(iv.date);
    if (!d) dayRows.set(iv.date, (d = { date: iv.date, forecast: 0, actual: null, open: !calendar.holidays!.includes(iv.date) && (!!calendar.openDates?.includes(iv.date) || !cal.closedWeekdays.includes(weekdayOf(iv.date))) }));
    d.forecast += iv.forecast;
    if (iv.actual !== null) d.actual = (d.actual ?? 0) + iv.actual;
  }
  let err = 0;
  let act = 0;
  let points = 0;
  for (const iv of intervals) {
    if (iv.actual === null || iv.date > (lastHist ?? '')) continue;
    err += Math.abs(iv.actual - iv.forecast);
    act += iv.actual;
    points++;
  }
  const baseline = scores?.find((s) => s.method === 'seasonal-naive') ?? null;
  const chosenScore = scores?.find((s) => s.method === method!.name) ?? null;
  return {
    queue: { id: queue.id, name: queue.name, timeZone: zone },
    from: q.from,
    to: q.to,
    intervalMinutes: q.intervalMinutes,
    origin,
    history: { from: histFrom, to: origin, days: series.days.length },
    window,
    method: { name: method.name, description: method.description, chosenBy },
    backtest: scores && {
      origins,
      horizonDays: 7,
      metric: 'WAPE',
      baseline: 'seasonal-naive',
      chosen: method.name,
      chosenWape: chosenScore ? r6(chosenScore.wape) : null,
      baselineWape: baseline ? r6(baseline.wape) : null,
      chosenMase: chosenScore ? r6(chosenScore.mase) : null,
      baselineMase: baseline ? r6(baseline.mase) : null,
      methods: scores.map((s) => ({
        method: s.method, description: s.description, wape: r6(s.wape), mase: r6(s.mase), points: s.points,
        byHorizon: s.byHorizon.map((h) => ({ step: h.step, wape: r6(Number.isFinite(h.wape) ? h.wape : null), mase: r6(Number.isFinite(h.mase) ? h.mase : null), points: h.points })),
      })),
    },
    calendar: {
      closedWeekdays: cal.closedWeekdays,
      openHours: cal.openHours,
      days: days.filter((d) => d.date >= histFrom && d.date <= q.to),
    },
    accuracy: points > 0 && act > 0 ? { wape: r6(err / act), points, through: lastHist } : null,
    totals: { forecast: r3([...dayRows.values()].reduce((a, d) => a + d.forecast, 0)), actual: [...dayRows.values()].some((d) => d.actual !== null) ? [...dayRows.values()].reduce((a, d) => a + (d.actual ?? 0), 0) : null },
    days: [...dayRows.values()].map((d) => ({ ...d, forecast: r3(d.forecast)! })),
    intervals,
  };
}

// ------------------------------------------------------------------ staffing

export interface StaffingQuery extends ForecastQuery {
  /** Volume source: the forecast (default) or the recorded history of the range. */
  source?: 'forecast' | 'actual';
  model?: 'erlang-c' | 'erlang-a';
  serviceLevel?: number;
  thresholdSeconds?: number;
  slDefinition?: SlDefinition;
  asaSeconds?: number;
  maxOccupancy?: number;
  shrinkage?: number;
  patienceSeconds?: number;
  ahtSeconds?: number;
  /**
   * `history`: scale the agents needed by the availability of present agents learned from the
   * 8 weeks of calls before the range (fidelity report, "availability"); `none` (default): do not.
   */
  availability?: 'none' | 'history';
  /** The forecast of this range when the caller already has it (intraday view), to spare a second backtest. */
  precomputedForecast?: Awaited<ReturnType<typeof queueForecast>>;
}

/** Mean AHT (talk) and patience estimate of the 8 weeks of history up to `to`. */
async function historyHandling(store: Store, queue: QueueRow, to: string) {
  const from = addDays(to, -55);
  const { startMs, endMs } = localDateRangeUtc(from, to, queue.time_zone);
  const slots = await loadSlots(store.db, queue.id, startMs, endMs);
  let talk = 0;
  let answered = 0;
  let waitAll = 0;
  let abandoned = 0;
  for (const s of slots) {
    talk += s.sums.talkSeconds;
    answered += s.sums.answered;
    waitAll += s.sums.waitAllSeconds;
    abandoned += s.sums.abandoned;
  }
  return { from, to, aht: answered > 0 ? talk / answered : null, patience: abandoned > 0 ? waitAll / abandoned : null, answered, abandoned };
}

/**
 * Availability of present agents learned from the 8 weeks of recorded calls up to `to`: hourly
 * statistics and each agent's service spans, read in one pass (see availabilityFromHistory).
 */
export async function historyAvailability(store: Store, queue: QueueRow, to: string, counting: SlCounting) {
  const from = addDays(to, -55);
  const zone = queue.time_zone;
  const { startMs, endMs } = localDateRangeUtc(from, to, zone);
  const acc = createIntervalAccumulator({ intervalMinutes: 60, timeZone: zone, sl: counting, allQueuesKey: null });
  const spans = createPresenceCollector({ timeZone: zone, allQueuesKey: null });
  for await (const r of callRecords(store.db, queue, new Date(startMs).toISOString(), new Date(endMs).toISOString())) {
    acc.add(r);
    spans.add(r);
  }
  const learned = availabilityFromHistory(acc.result().filter((s) => s.date >= from && s.date <= to), spans.spans().get(queue.name) ?? []);
  return { from, to, ...learned };
}

/** Required agents per interval for the forecast (or recorded) volume, with Erlang C or A. */
export async function queueStaffing(store: Store, queue: QueueRow, q: StaffingQuery, now = Date.now()) {
  checkRange(q.from, q.to, MAX_RANGE_DAYS.forecast);
  const source = q.source ?? 'forecast';
  const fc = source === 'forecast' ? (q.precomputedForecast ?? (await queueForecast(store, queue, q, now))) : null;
  const counting = countingOf(queue, { thresholdSeconds: q.thresholdSeconds, definition: q.slDefinition });
  let volumes: { date: string; start: string; startAt: string; calls: number; agentsOnDuty: number | null }[];
  if (fc) volumes = fc.intervals.map((i) => ({ date: i.date, start: i.start, startAt: i.startAt, calls: i.forecast, agentsOnDuty: null }));
  else {
    const { stats } = await intervalStatsOf(store, queue, q.from, q.to, q.intervalMinutes, counting);
    volumes = fillIntervals(stats, q.from, q.to, { queue: queue.name, intervalMinutes: q.intervalMinutes, timeZone: queue.time_zone, sl: counting }).map((s) => ({
      date: s.date, start: s.start, startAt: s.startAt, calls: s.offered, agentsOnDuty: s.agentsOnDuty,
    }));
  }
  const handlingTo = fc ? fc.origin : addDays(q.from, -1);
  const hist = await historyHandling(store, queue, handlingTo < q.to ? handlingTo : q.to);
  const wrapUp = Number(queue.wrap_up_s);
  let ahtSeconds: number;
  let ahtSource: 'request' | 'queue' | 'history';
  if (q.ahtSeconds !== undefined) [ahtSeconds, ahtSource] = [q.ahtSeconds, 'request'];
  else if (queue.default_aht_s !== null) [ahtSeconds, ahtSource] = [Number(queue.default_aht_s), 'queue'];
  else if (hist.aht !== null) [ahtSeconds, ahtSource] = [hist.aht + wrapUp, 'history'];
  else throw new AppError(409, 'wfm.aht_unknown', { queue: queue.name });
  const model = q.model ?? (queue.model as 'erlang-c' | 'erlang-a');
  let patienceSeconds: number | null = null;
  let patienceSource: 'request' | 'queue' | 'history' | null = null;
  if (model === 'erlang-a') {
    if (q.patienceSeconds !== undefined) [patienceSeconds, patienceSource] = [q.patienceSeconds, 'request'];
    else if (queue.patience_s !== null) [patienceSeconds, patienceSource] = [Number(queue.patience_s), 'queue'];
    else if (hist.patience !== null) [patienceSeconds, patienceSource] = [hist.patience, 'history'];
    else throw new AppError(409, 'wfm.patience_unknown', { queue: queue.name });
  }
  const slGoal = q.serviceLevel ?? Number(queue.sl_target);
  const asa = q.asaSeconds ?? (queue.target_asa_s === null ? undefined : Number(queue.target_asa_s));
  const maxOccupancy = q.maxOccupancy ?? (queue.max_occupancy === null ? undefined : Number(queue.max_occupancy));
  const shrinkage = q.shrinkage ?? Number(queue.shrinkage);
  const target: StaffingTarget = {
    ...(slGoal > 0 && { serviceLevel: { target: slGoal, thresholdSeconds: counting.thresholdSeconds, definition: counting.definition, shortAbandonSeconds: counting.shortAbandonSeconds } }),
    ...(asa !== undefined && { maxAsaSeconds: asa }),
    ...(maxOccupancy !== undefined && { maxOccupancy }),
    shrinkage,
  };
  if (!target.serviceLevel && target.maxAsaSeconds === undefined) throw new AppError(400, 'wfm.erlang.target_required');
  const learned = q.availability === 'history' ? await historyAvailability(store, queue, hist.to, counting) : null;
  const availabilityOf = (start: string) => (learned?.model ? availabilityAt(learned.model, `${start.slice(0, 2)}:00`) : null);
  const intervalSeconds = q.intervalMinutes * 60;
  const hoursPer = q.intervalMinutes / 60;
  const rows = volumes.map((v) => {
    let r;
    try {
      r = requiredAgents({ calls: v.calls, intervalSeconds, ahtSeconds, ...(patienceSeconds !== null && { patienceSeconds }) }, target);
    } catch (e) {
      if (e instanceof RangeError) throw new AppError(400, 'wfm.erlang.infeasible', { reason: e.message });
      throw e;
    }
    const m = r.measures;
    // Agents present to give `agents` effective servers at this hour's availability; shrinkage on top.
    const availability = availabilityOf(v.start);
    const present = availability === null ? null : Math.max(0, Math.ceil(r.agents / availability - 1e-9));
    const presentFractional = availability === null ? null : r.agentsFractional / availability;
    const scheduled = present === null ? r.scheduled : agentsWithShrinkage(present, shrinkage);
    const scheduledFractional = presentFractional === null ? r.scheduledFractional : presentFractional / (1 - shrinkage);
    return {
      date: v.date, start: v.start, startAt: v.startAt, calls: r3(v.calls)!, agents: r.agents, agentsFractional: r3(r.agentsFractional)!,
      availability: r6(availability), present, presentFractional: r3(presentFractional),
      scheduled, scheduledFractional: r3(scheduledFractional)!, serviceLevel: r6(m.serviceLevel), asa: r3(Number.isFinite(m.asa) ? m.asa : null),
      occupancy: r6(m.occupancy), abandonment: model === 'erlang-a' ? r6(m.abandonment) : null, binding: r.binding, agentsOnDuty: v.agentsOnDuty,
    };
  });
  const dayMap = new Map<string, { date: string; calls: number; agentHours: number; scheduledHours: number; peakAgents: number; peakScheduled: number }>();
  for (const r of rows) {
    let d = dayMap.get(r.date);
    if (!d) dayMap.set(r.date, (d = { date: r.date, calls: 0, agentHours: 0, scheduledHours: 0, peakAgents: 0, peakScheduled: 0 }));
    d.calls += r.calls;
    d.agentHours += r.agents * hoursPer;
    d.scheduledHours += r.scheduled * hoursPer;
    d.peakAgents = Math.max(d.peakAgents, r.agents);
    d.peakScheduled = Math.max(d.peakScheduled, r.scheduled);
  }
  const days = [...dayMap.values()].map((d) => ({ ...d, calls: r3(d.calls)!, agentHours: r3(d.agentHours)!, scheduledHours: r3(d.scheduledHours)! }));
  return {
    queue: { id: queue.id, name: queue.name, timeZone: queue.time_zone },
    from: q.from,
    to: q.to,
    intervalMinutes: q.intervalMinutes,
    source,
    inputs: {
      model,
      ahtSeconds: r3(ahtSeconds),
      ahtSource,
      ahtHistory: { from: hist.from, to: hist.to, talkSeconds: r3(hist.aht), wrapUpSeconds: wrapUp, answered: hist.answered },
      patienceSeconds: r3(patienceSeconds),
      patienceSource,
      serviceLevel: target.serviceLevel ? { target: slGoal, thresholdSeconds: counting.thresholdSeconds } : null,
      asaSeconds: asa ?? null,
      maxOccupancy: maxOccupancy ?? null,
      shrinkage,
      availability: learned && {
        from: learned.from, to: learned.to, hours: learned.hours, minHours: MIN_AVAILABILITY_HOURS, applied: learned.model !== null,
        overall: r6(learned.model?.overall ?? null), slope: r6(learned.model?.slope ?? null),
        byHour: learned.model ? [...learned.model.byStart].sort(([a], [b]) => (a < b ? -1 : 1)).map(([start, value]) => ({ start, availability: r6(value)! })) : [],
      },
    },
    definitions: { slThresholdSeconds: counting.thresholdSeconds, slDefinition: counting.definition, shortAbandonSeconds: counting.shortAbandonSeconds },
    forecast: fc && { method: fc.method, origin: fc.origin, backtest: fc.backtest && { chosen: fc.backtest.chosen, chosenWape: fc.backtest.chosenWape, baselineWape: fc.backtest.baselineWape } },
    totals: {
      calls: r3(rows.reduce((a, r) => a + r.calls, 0)),
      agentHours: r3(rows.reduce((a, r) => a + r.agents * hoursPer, 0)),
      scheduledHours: r3(rows.reduce((a, r) => a + r.scheduled * hoursPer, 0)),
      peakAgents: rows.reduce((a, r) => Math.max(a, r.agents), 0),
      peakScheduled: rows.reduce((a, r) => Math.max(a, r.scheduled), 0),
    },
    days,
    intervals: rows,
  };
}

/** Recent performance of a queue (last 28 days of history) for lists and detail pages. */
export async function queueRecent(store: Store, queue: QueueRow, now = Date.now()) {
  const to = queue.last_call_at ? localDateOf(Math.min(now, Date.parse(queue.last_call_at)), queue.time_zone) : null;
  if (!to) return null;
  const from = addDays(to, -27);
  // The stored slots as they were counted (a rebuild after a settings change may be pending).
  const counting = countingOf(queue, { thresholdSeconds: Number(queue.slots_threshold_s), shortAbandonSeconds: Number(queue.slots_short_abandon_s) });
  const { startMs, endMs } = localDateRangeUtc(from, to, queue.time_zone);
  const slots = await loadSlots(store.db, queue.id, startMs, endMs);
  const { sums, agents } = sumsOf(foldSlots(slots, { queue: queue.name, intervalMinutes: 60, timeZone: queue.time_zone, sl: counting }));
  return { from, to, slThresholdSeconds: counting.thresholdSeconds, slDefinition: counting.definition, ...metricsOut(sums, counting), agentsOnDuty: agents.size, callsPerDay: r3(sums.offered / 28) };
}
