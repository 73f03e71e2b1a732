/**
 * Pure helpers for stored call history (话单库): dedupe keys of call rows, and the 15-minute UTC
 * slot aggregates that are folded into local 15/30/60-minute intervals on request.
 *
 * Why 15-minute UTC slots: every UTC offset in use is a multiple of 15 minutes, so each slot
 * lies inside exactly one local interval of 15, 30 or 60 minutes in any business zone; all sums
 * are additive and agents are kept by name, so folding gives exactly what the interval
 * accumulator computes from the calls themselves.
 */
import { createHash } from 'node:crypto';
import { deriveMetrics, type IntervalStat, type IntervalSums } from './intervals';
import { dayNumber, localNaiveToUtcMs, naiveDate, utcToLocalNaiveMs } from './timezone';
import type { CallRecord, SlDefinition } from './types';

export const SLOT_MINUTES = 15;
export const SLOT_MS = SLOT_MINUTES * 60_000;
const DAY = 86_400_000;

/** One stored slot: additive sums (staffedSeconds is recomputed when folding) and agent names. */
export interface SlotRow {
  /** Slot start, UTC epoch ms (a multiple of 15 minutes). */
  slotMs: number;
  sums: Omit<IntervalSums, 'staffedSeconds'>;
  agents: readonly string[];
}

/** Definitions a figure is counted with. */
export interface SlCounting {
  thresholdSeconds: number;
  definition: SlDefinition;
  shortAbandonSeconds: number;
}

const SUM_KEYS = ['offered', 'answered', 'abandoned', 'shortAbandoned', 'answeredWithinT', 'waitAnsweredSeconds', 'waitAllSeconds', 'talkSeconds', 'busySeconds'] as const;

function zeroSums(): IntervalSums {
  return { offered: 0, answered: 0, abandoned: 0, shortAbandoned: 0, answeredWithinT: 0, waitAnsweredSeconds: 0, waitAllSeconds: 0, talkSeconds: 0, busySeconds: 0, staffedSeconds: 0 };
}

/** Slot rows from interval statistics computed at 15 minutes in UTC (one queue). */
export function slotRowsFromStats(stats: readonly IntervalStat[]): SlotRow[] {
  return stats.map((s) => {
    const sums = {} as SlotRow['sums'];
    for (const k of SUM_KEYS) sums[k] = s[k];
    return { slotMs: Date.parse(s.startAt), sums, agents: s.agents };
  });
}

/** Adds slot `b` into `a` (same slot): sums add, agents unite. */
export function mergeSlotRows(a: SlotRow, b: SlotRow): SlotRow {
  const sums = { ...a.sums };
  for (const k of SUM_KEYS) sums[k] += b.sums[k];
  return { slotMs: a.slotMs, sums, agents: [...new Set([...a.agents, ...b.agents])].sort() };
}

export interface FoldOptions {
  queue: string;
  intervalMinutes: 15 | 30 | 60;
  timeZone: string;
  sl: SlCounting;
}

/**
 * Folds 15-minute UTC slots into local intervals of `intervalMinutes` in `timeZone`, with the
 * same fields and ordering as `createIntervalAccumulator(...).result()` for one queue.
 * `sl.thresholdSeconds` and `sl.shortAbandonSeconds` must be those the slots were counted with.
 */
export function foldSlots(slots: Iterable<SlotRow>, options: FoldOptions): IntervalStat[] {
  const minutes = options.intervalMinutes;
  const intervalMs = minutes * 60_000;
  const groups = new Map<number, { sums: IntervalSums; agents: Set<string> }>();
  for (const s of slots) {
    const idx = Math.floor(utcToLocalNaiveMs(s.slotMs, options.timeZone) / intervalMs);
    let g = groups.get(idx);
    if (!g) groups.set(idx, (g = { sums: zeroSums(), agents: new Set() }));
    for (const k of SUM_KEYS) g.sums[k] += s.sums[k];
    for (const a of s.agents) g.agents.add(a);
  }
  const out: IntervalStat[] = [];
  for (const [idx, g] of [...groups.entries()].sort((x, y) => x[0] - y[0])) {
    g.sums.staffedSeconds = g.agents.size * minutes * 60;
    out.push(intervalRow(options, idx * intervalMs, g.sums, [...g.agents].sort()));
  }
  return out;
}

function intervalRow(options: FoldOptions, naiveStart: number, sums: IntervalSums, agents: string[]): IntervalStat {
  const intervalMs = options.intervalMinutes * 60_000;
  const dayStart = Math.floor(naiveStart / DAY) * DAY;
  return {
    queue: options.queue,
    date: naiveDate(naiveStart),
    start: new Date(naiveStart).toISOString().slice(11, 16),
    slot: Math.round((naiveStart - dayStart) / intervalMs),
    startAt: new Date(localNaiveToUtcMs(naiveStart, options.timeZone)).toISOString(),
    intervalMinutes: options.intervalMinutes,
    slThresholdSeconds: options.sl.thresholdSeconds,
    slDefinition: options.sl.definition,
    ...sums,
    ...deriveMetrics(sums, options.sl),
    agentsOnDuty: agents.length,
    agents,
  };
}

/**
 * Every interval of the local dates `from`…`to` (inclusive), taking rows from `stats` and
 * zeros elsewhere — a complete grid for charts and forecasts. Rows outside the dates are dropped.
 */
export function fillIntervals(stats: readonly IntervalStat[], from: string, to: string, options: FoldOptions): IntervalStat[] {
  const byKey = new Map(stats.map((s) => [`${s.date} ${s.start}`, s]));
  const out: IntervalStat[] = [];
  const perDay = 1440 / options.intervalMinutes;
  for (let d = dayNumber(from); d <= dayNumber(to); d++) {
    for (let k = 0; k < perDay; k++) {
      const naiveStart = d * DAY + k * options.intervalMinutes * 60_000;
      const key = `${naiveDate(naiveStart)} ${new Date(naiveStart).toISOString().slice(11, 16)}`;
      out.push(byKey.get(key) ?? intervalRow(options, naiveStart, zeroSums(), []));
    }
  }
  return out;
}

/** UTC ms range [start, end) of the local dates `from`…`to` (inclusive) in `timeZone`. */
export function localDateRangeUtc(from: string, to: string, timeZone: string): { startMs: number; endMs: number } {
  return { startMs: localNaiveToUtcMs(dayNumber(from) * DAY, timeZone), endMs: localNaiveToUtcMs((dayNumber(to) + 1) * DAY, timeZone) };
}

/**
 * Windows for rebuilding slots in [fromMs, toMs) (UTC day boundaries): slots of a window can only
 * receive talk time from calls that arrived up to a day earlier, so each window reads arrivals
 * from one day before its start. (Calls whose wait + talk exceed a day lose the excess.)
 */
export function rebuildWindows(fromMs: number, toMs: number, windowDays = 14): { startMs: number; endMs: number; readFromMs: number }[] {
  const out: { startMs: number; endMs: number; readFromMs: number }[] = [];
  for (let w = fromMs; w < toMs; w += windowDays * DAY) {
    const end = Math.min(toMs, w + windowDays * DAY);
    out.push({ startMs: w, endMs: end, readFromMs: w - DAY });
  }
  return out;
}

/** UTC days touched by an import of arrivals in [minMs, maxMs]: one day after the last, for talk running past midnight. */
export function affectedDays(minMs: number, maxMs: number): { fromMs: number; toMs: number } {
  return { fromMs: Math.floor(minMs / DAY) * DAY, toMs: (Math.floor(maxMs / DAY) + 2) * DAY };
}

/**
 * Dedupe keys of call rows: the export's call id, else a content hash of the call. Identical
 * calls within one file (same arrival second, outcome, durations, agent) get `#2`, `#3`, … so
 * that they are kept, yet a re-import of the same file produces the same keys. The occurrence
 * memory is bounded (identical rows are adjacent in practice).
 */
export class CallKeyer {
  private readonly seen = new Map<string, number>();
  constructor(private readonly memory = 50_000) {}
  key(r: CallRecord): string {
    if (r.callId !== undefined) return r.callId;
    const h = createHash('sha1')
      .update(`${r.queue}|${r.arrivalAt}|${r.offered ? 1 : 0}${r.answered ? 1 : 0}${r.abandoned ? 1 : 0}|${r.waitSeconds}|${r.talkSeconds}|${r.agent ?? ''}`)
      .digest('base64url')
      .slice(0, 20);
    const n = (this.seen.get(h) ?? 0) + 1;
    this.seen.delete(h);
    this.seen.set(h, n);
    if (this.seen.size > this.memory) this.seen.delete(this.seen.keys().next().value as string);
    return n === 1 ? `h:${h}` : `h:${h}#${n}`;
  }
}

/** Stored outcome of a call record. */
export function outcomeOf(r: Pick<CallRecord, 'answered' | 'abandoned'>): 'answered' | 'abandoned' | 'not_offered' {
  return r.answered ? 'answered' : r.abandoned ? 'abandoned' : 'not_offered';
}

/** A stored call row back as a call record (for statistics with other definitions). */
export function recordFromRow(row: {
  call_key: string; arrival_at: string; outcome: string; wait_s: number; talk_s: number; agent: string | null;
  service_start_at: string | null; service_end_at: string | null;
}, queue: string): CallRecord {
  const answered = row.outcome === 'answered';
  const r: CallRecord = {
    line: 0, queue, arrivalAt: row.arrival_at, offered: row.outcome !== 'not_offered', answered, abandoned: row.outcome === 'abandoned',
    waitSeconds: Number(row.wait_s), talkSeconds: Number(row.talk_s), callId: row.call_key,
  };
  if (row.agent !== null) r.agent = row.agent;
  if (row.service_start_at !== null) r.serviceStartAt = row.service_start_at;
  if (row.service_end_at !== null) r.serviceEndAt = row.service_end_at;
  return r;
}
