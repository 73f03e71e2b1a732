/**
 * Interval statistics (时段统计) per queue and 15/30/60-minute interval, and roll-ups by day,
 * week and month. Definitions follow DESIGN §4–5; every figure is derived from additive sums
 * so that roll-ups are exact rather than averages of averages.
 */
import type { CallRecord, SlDefinition, SlSpec } from './types';
import { addDays, localNaiveToUtcMs, naiveDate, utcToLocalNaiveMs, weekdayOf } from './timezone';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface IntervalOptions {
  /** Interval length in minutes; must divide a day (15, 30, 60, …). */
  intervalMinutes: number;
  /** Business time zone for interval boundaries and dates; default Asia/Shanghai. */
  timeZone?: string;
  /** Service-level threshold and definition; default 20 s, ÷ offered, short abandons < 5 s. */
  sl?: SlSpec;
  /** Key of an extra all-queues row per interval (agents counted once across queues); null for none. Default `*`. */
  allQueuesKey?: string | null;
  /** Which timestamp assigns a call to an interval; default arrival. */
  bucketBy?: 'arrival' | 'queueEnter';
}

/** Additive counts of one queue over one interval or period. */
export interface IntervalSums {
  /** Calls that reached the agent queue (answered + abandoned). */
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned with wait below the short-abandon threshold. */
  shortAbandoned: number;
  /** Answered with wait ≤ T. */
  answeredWithinT: number;
  /** Σ wait of answered calls (s). */
  waitAnsweredSeconds: number;
  /** Σ queue time of all offered calls (s) — the exposure for the patience estimate. */
  waitAllSeconds: number;
  /** Σ talk time of answered calls (s), by arrival interval. */
  talkSeconds: number;
  /** Σ agent talk time falling inside the interval (s), by when it happened. */
  busySeconds: number;
  /** Σ agents on duty × interval length (s). */
  staffedSeconds: number;
}

/** Figures derived from the sums; null where undefined (e.g. SL with no calls). */
export interface IntervalMetrics {
  serviceLevel: number | null;
  /** Mean wait of answered calls (s). */
  asa: number | null;
  /** Mean talk time of answered calls (s); the data carry no wrap-up time. */
  aht: number | null;
  abandonmentRate: number | null;
  answerRate: number | null;
  /** busySeconds ÷ staffedSeconds. */
  occupancy: number | null;
  /** Exponential-patience estimate: queue exposure ÷ abandonments (s). */
  patienceSeconds: number | null;
}

export interface IntervalStat extends IntervalSums, IntervalMetrics {
  queue: string;
  /** Local date (YYYY-MM-DD) in the business zone. */
  date: string;
  /** Local start time HH:mm. */
  start: string;
  /** Slot index within the local day (0 = 00:00). */
  slot: number;
  /** Interval start, UTC ISO. */
  startAt: string;
  intervalMinutes: number;
  slThresholdSeconds: number;
  slDefinition: SlDefinition;
  /** Distinct agents with talk time in the interval. */
  agentsOnDuty: number;
  agents: string[];
}

export type RollUpPeriod = 'day' | 'week' | 'month';

export interface PeriodStat extends IntervalSums, IntervalMetrics {
  queue: string;
  period: RollUpPeriod;
  /** First local date of the period (a day, the week's first day, or the 1st of the month). */
  periodStart: string;
  slThresholdSeconds: number;
  slDefinition: SlDefinition;
  /** Distinct agents in the period. */
  agentsOnDuty: number;
  /** Σ agents on duty × interval hours. */
  agentHours: number;
  /** Intervals of the period that had any traffic or activity. */
  intervals: number;
}

/** Running sums of one queue-interval (a class: fixed shape, cheap to update a million times). */
class Acc implements IntervalSums {
  offered = 0;
  answered = 0;
  abandoned = 0;
  shortAbandoned = 0;
  answeredWithinT = 0;
  waitAnsweredSeconds = 0;
  waitAllSeconds = 0;
  talkSeconds = 0;
  busySeconds = 0;
  staffedSeconds = 0;
  readonly agents = new Set<string>();
  constructor(readonly queue: string, readonly slotIndex: number) {}
}

function emptySums(): IntervalSums {
  return { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinT: 0, waitAnsweredSeconds: 0, waitAllSeconds: 0, talkSeconds: 0, busySeconds: 0, staffedSeconds: 0 };
}

/** Derives SL, ASA, AHT, abandonment, occupancy and patience from additive sums. */
export function deriveMetrics(s: IntervalSums, sl: { thresholdSeconds: number; definition?: SlDefinition }): IntervalMetrics {
  const def = sl.definition ?? 'offered';
  const denom = def === 'offered' ? s.offered : def === 'answered' ? s.answered : s.offered - s.shortAbandoned;
  return {
    serviceLevel: denom > 0 ? s.answeredWithinT / denom : null,
    asa: s.answered > 0 ? s.waitAnsweredSeconds / s.answered : null,
    aht: s.answered > 0 ? s.talkSeconds / s.answered : null,
    abandonmentRate: s.offered > 0 ? s.abandoned / s.offered : null,
    answerRate: s.offered > 0 ? s.answered / s.offered : null,
    occupancy: s.staffedSeconds > 0 ? Math.min(1, s.busySeconds / s.staffedSeconds) : null,
    patienceSeconds: s.abandoned > 0 ? s.waitAllSeconds / s.abandoned : null,
  };
}

/** Streaming accumulator: memory grows with queues × intervals, not with calls. */
export interface IntervalAccumulator {
  add(record: CallRecord): void;
  result(): IntervalStat[];
}

/** Creates an accumulator of interval statistics for call records. */
export function createIntervalAccumulator(options: IntervalOptions): IntervalAccumulator {
  const minutes = options.intervalMinutes;
  if (!(Number.isInteger(minutes) && minutes > 0 && 1440 % minutes === 0)) throw new RangeError(`intervalMinutes must divide 1440, got ${minutes}`);
  const zone = options.timeZone ?? 'Asia/Shanghai';
  const intervalMs = minutes * MINUTE;
  const sl = { thresholdSeconds: options.sl?.thresholdSeconds ?? 20, definition: options.sl?.definition ?? 'offered', shortAbandonSeconds: options.sl?.shortAbandonSeconds ?? 5 };
  const allKey = options.allQueuesKey === undefined ? '*' : options.allQueuesKey;
  const byQueue = new Map<string, Map<number, Acc>>();

  function acc(queue: string, slotIndex: number): Acc {
    let slots = byQueue.get(queue);
    if (!slots) byQueue.set(queue, (slots = new Map()));
    let a = slots.get(slotIndex);
    if (!a) slots.set(slotIndex, (a = new Acc(queue, slotIndex)));
    return a;
  }

  function addTo(queue: string, r: CallRecord, slotIndex: number, from: number, to: number): void {
    if (r.offered) {
      const a = acc(queue, slotIndex);
      a.offered++;
      a.waitAllSeconds += r.waitSeconds;
      if (r.answered) {
        a.answered++;
        a.waitAnsweredSeconds += r.waitSeconds;
        a.talkSeconds += r.talkSeconds;
        if (r.waitSeconds <= sl.thresholdSeconds) a.answeredWithinT++;
      } else if (r.abandoned) {
        a.abandoned++;
        if (r.waitSeconds < sl.shortAbandonSeconds) a.shortAbandoned++;
      }
    }
    if (!Number.isNaN(from) && r.agent !== undefined) {
      // Spread the talk over the intervals it touches; the agent is on duty in each.
      let s = Math.floor(from / intervalMs);
      const last = to > from ? Math.floor((to - 1) / intervalMs) : s;
      for (; s <= last; s++) {
        const a = acc(queue, s);
        a.agents.add(r.agent);
        const lo = Math.max(from, s * intervalMs);
        const hi = Math.min(to, (s + 1) * intervalMs);
        if (hi > lo) a.busySeconds += (hi - lo) / 1000;
      }
    }
  }

  return {
    add(r: CallRecord) {
      const at = options.bucketBy === 'queueEnter' && r.queueEnterAt ? r.queueEnterAt : r.arrivalAt;
      const atMs = Date.parse(at);
      const slotIndex = Math.floor(utcToLocalNaiveMs(atMs, zone) / intervalMs);
      // Service period in naive local ms (NaN: none).
      let from = NaN;
      let to = NaN;
      if (r.answered && r.agent !== undefined) {
        const startUtc = r.serviceStartAt ? Date.parse(r.serviceStartAt) : atMs + r.waitSeconds * 1000;
        const endUtc = r.serviceEndAt ? Date.parse(r.serviceEndAt) : startUtc + r.talkSeconds * 1000;
        from = utcToLocalNaiveMs(startUtc, zone);
        to = from + Math.max(0, endUtc - startUtc);
      }
      addTo(r.queue, r, slotIndex, from, to);
      if (allKey !== null && allKey !== r.queue) addTo(allKey, r, slotIndex, from, to);
    },
    result() {
      const out: IntervalStat[] = [];
      for (const a of [...byQueue.values()].flatMap((m) => [...m.values()])) {
        const naiveStart = a.slotIndex * intervalMs;
        const sums: IntervalSums = {
          offered: a.offered, answered: a.answered, abandoned: a.abandoned, shortAbandoned: a.shortAbandoned,
          answeredWithinT: a.answeredWithinT, waitAnsweredSeconds: a.waitAnsweredSeconds, waitAllSeconds: a.waitAllSeconds,
          talkSeconds: a.talkSeconds, busySeconds: a.busySeconds, staffedSeconds: a.agents.size * minutes * 60,
        };
        const dayStart = Math.floor(naiveStart / DAY) * DAY;
        out.push({
          queue: a.queue,
          date: naiveDate(naiveStart),
          start: new Date(naiveStart).toISOString().slice(11, 16),
          slot: Math.round((naiveStart - dayStart) / intervalMs),
          startAt: new Date(localNaiveToUtcMs(naiveStart, zone)).toISOString(),
          intervalMinutes: minutes,
          slThresholdSeconds: sl.thresholdSeconds,
          slDefinition: sl.definition,
          ...sums,
          ...deriveMetrics(sums, sl),
          agentsOnDuty: a.agents.size,
          agents: [...a.agents].sort(),
        });
      }
      out.sort((x, y) => (x.queue < y.queue ? -1 : x.queue > y.queue ? 1 : x.startAt < y.startAt ? -1 : x.startAt > y.startAt ? 1 : 0));
      return out;
    },
  };
}

/** Interval statistics of a finite collection of call records. */
export function intervalStats(records: Iterable<CallRecord>, options: IntervalOptions): IntervalStat[] {
  const a = createIntervalAccumulator(options);
  for (const r of records) a.add(r);
  return a.result();
}

/** First local date of the period that contains `date`. */
export function periodStartOf(date: string, period: RollUpPeriod, weekStartsOn = 1): string {
  if (period === 'day') return date;
  if (period === 'month') return `${date.slice(0, 8)}01`;
  const back = (weekdayOf(date) - weekStartsOn + 7) % 7;
  return addDays(date, -back);
}

/**
 * Rolls interval statistics up by day, week (starting `weekStartsOn`, 0 = Sunday, default
 * Monday) or month, per queue. Agents on duty become distinct agents in the period.
 */
export function rollUp(stats: readonly IntervalStat[], period: RollUpPeriod, options: { weekStartsOn?: number } = {}): PeriodStat[] {
  const weekStartsOn = options.weekStartsOn ?? 1;
  const groups = new Map<string, { queue: string; start: string; sums: IntervalSums; agents: Set<string>; intervals: number; th: number; def: SlDefinition }>();
  for (const s of stats) {
    const start = periodStartOf(s.date, period, weekStartsOn);
    const key = `${s.queue}\u0000${start}`;
    let g = groups.get(key);
    if (!g) {
      g = { queue: s.queue, start, sums: emptySums(), agents: new Set(), intervals: 0, th: s.slThresholdSeconds, def: s.slDefinition };
      groups.set(key, g);
    }
    for (const k of Object.keys(g.sums) as (keyof IntervalSums)[]) g.sums[k] += s[k];
    for (const ag of s.agents) g.agents.add(ag);
    g.intervals++;
  }
  const out: PeriodStat[] = [];
  for (const g of groups.values()) {
    out.push({
      queue: g.queue, period, periodStart: g.start, slThresholdSeconds: g.th, slDefinition: g.def,
      ...g.sums, ...deriveMetrics(g.sums, { thresholdSeconds: g.th, definition: g.def }),
      agentsOnDuty: g.agents.size, agentHours: g.sums.staffedSeconds / 3600, intervals: g.intervals,
    });
  }
  out.sort((x, y) => (x.queue < y.queue ? -1 : x.queue > y.queue ? 1 : x.periodStart < y.periodStart ? -1 : x.periodStart > y.periodStart ? 1 : 0));
  return out;
}
