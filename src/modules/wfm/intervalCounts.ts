/**
 * Interval-count import (时段话务量导入): many ACD exports give counts per interval rather than
 * call records — interval start, offered, answered, abandoned, optionally AHT, ASA, calls
 * answered within the SL threshold (or the SL itself) and agents. Streaming like the
 * call-record parser: one row at a time, bad rows counted, reported with their line and skipped.
 */
import { compileTimePattern, splitDelimited, CallRecordFormatError, type ColumnRef } from './callRecords';
import type { IntervalStat } from './intervals';
import { deriveMetrics } from './intervals';
import { localNaiveToUtcMs, naiveDate, utcToLocalNaiveMs } from './timezone';
import type { SlSpec } from './types';

export interface IntervalCountColumns {
  start: ColumnRef;
  offered: ColumnRef;
  answered?: ColumnRef;
  abandoned?: ColumnRef;
  ahtSeconds?: ColumnRef;
  asaSeconds?: ColumnRef;
  /** Calls answered within the SL threshold (preferred) … */
  answeredWithinT?: ColumnRef;
  /** … or the SL as a fraction (0.8) or percentage (80 / 80 %), ÷ offered. */
  serviceLevel?: ColumnRef;
  agents?: ColumnRef;
  queue?: ColumnRef;
}

/** Header names recognised when a column is not mapped (lower case). */
const ALIASES: Record<keyof IntervalCountColumns, string[]> = {
  start: ['interval_start', 'start', 'datetime', 'interval', 'time', 'timestamp', '时段', '开始时间'],
  offered: ['offered', 'calls', 'offered_calls', '呼入量', '来电量'],
  answered: ['answered', 'handled', '接通量', '接听量'],
  abandoned: ['abandoned', 'abandons', '放弃量'],
  ahtSeconds: ['aht', 'aht_s', 'aht_seconds', '平均处理时长'],
  asaSeconds: ['asa', 'asa_s', 'asa_seconds', '平均应答速度'],
  answeredWithinT: ['answered_within_t', 'answered_in_sl', 'sl_answered'],
  serviceLevel: ['service_level', 'sl', '服务水平'],
  agents: ['agents', 'staffed', 'agents_staffed', '在岗人数'],
  queue: ['queue', 'skill', '队列'],
};

export interface IntervalCountFormat {
  /** Mapped columns; unmapped ones are looked up by the usual header names. */
  columns?: Partial<IntervalCountColumns>;
  delimiter?: string;
  /** Format of the start column (see `compileTimePattern`); default `iso`. */
  timeFormat?: string;
  /** Zone of local times; default Asia/Shanghai. */
  sourceTimeZone?: string;
  /** Read clock fields as local time even when a value carries Z or an offset. */
  ignoreZone?: boolean;
  defaultQueue?: string;
  maxReportedErrors?: number;
}

export type IntervalCountIssueReason = 'missing-fields' | 'bad-time' | 'bad-number' | 'negative-duration' | 'inconsistent-counts';

export interface IntervalCountRecord {
  line: number;
  queue: string;
  /** Interval start, UTC ISO. */
  startAt: string;
  offered: number;
  answered: number;
  abandoned: number;
  ahtSeconds?: number;
  asaSeconds?: number;
  answeredWithinT?: number;
  agents?: number;
}

export interface IntervalCountReport {
  rowsRead: number;
  records: number;
  offered: number;
  malformed: number;
  malformedByReason: Partial<Record<IntervalCountIssueReason, number>>;
  issues: { line: number; reason: IntervalCountIssueReason; message: string }[];
  issuesTruncated: boolean;
  firstStartAt?: string;
  lastStartAt?: string;
}

export interface IntervalCountParser {
  /** One physical text line (header included). */
  parseLine(line: string): IntervalCountRecord | null;
  /** One row of already split fields (e.g. a spreadsheet row); `line` is its row number. */
  parseFields(fields: string[], line: number): IntervalCountRecord | null;
  report(): IntervalCountReport;
}

export function createIntervalCountParser(format: IntervalCountFormat = {}): IntervalCountParser {
  const zone = format.sourceTimeZone ?? 'Asia/Shanghai';
  localNaiveToUtcMs(0, zone);
  const parseTime = compileTimePattern(format.timeFormat ?? 'iso');
  const maxIssues = format.maxReportedErrors ?? 1000;
  let idx: Partial<Record<keyof IntervalCountColumns, number>> | null = null;
  let delimiter = format.delimiter;
  let lineNo = 0;
  const rep: IntervalCountReport = { rowsRead: 0, records: 0, offered: 0, malformed: 0, malformedByReason: {}, issues: [], issuesTruncated: false };

  function header(names: string[]): void {
    const lower = names.map((n) => n.trim().toLowerCase().replace(/^\ufeff/, ''));
    const out: Partial<Record<keyof IntervalCountColumns, number>> = {};
    for (const key of Object.keys(ALIASES) as (keyof IntervalCountColumns)[]) {
      const ref = format.columns?.[key];
      let i: number;
      if (typeof ref === 'number') i = ref;
      else if (typeof ref === 'string') {
        i = lower.indexOf(ref.trim().toLowerCase());
        if (i < 0) throw new CallRecordFormatError(`column "${ref}" (for ${key}) not found in header: ${names.join(', ')}`);
      } else i = lower.findIndex((n) => ALIASES[key].includes(n));
      if (i >= 0) out[key] = i;
    }
    if (out.start === undefined || out.offered === undefined) throw new CallRecordFormatError(`interval start and offered columns are required; header: ${names.join(', ')}`);
    idx = out;
  }

  function bad(line: number, reason: IntervalCountIssueReason, message: string): null {
    rep.malformed++;
    rep.malformedByReason[reason] = (rep.malformedByReason[reason] ?? 0) + 1;
    if (rep.issues.length < maxIssues) rep.issues.push({ line, reason, message });
    else rep.issuesTruncated = true;
    return null;
  }

  function parseFields(f: string[], line: number): IntervalCountRecord | null {
    if (idx === null) {
      header(f);
      return null;
    }
    if (f.every((x) => x.trim() === '')) return null;
    rep.rowsRead++;
    const m = idx;
    const need = Math.max(...Object.values(m).map((v) => v as number));
    if (f.length <= need) return bad(line, 'missing-fields', `expected ${need + 1} fields, got ${f.length}`);
    const get = (k: keyof IntervalCountColumns) => (m[k] === undefined ? undefined : f[m[k]!].trim());
    const startText = get('start')!;
    const tf = parseTime(startText);
    if (!tf) return bad(line, 'bad-time', `bad interval start "${startText}"`);
    const naive = Date.UTC(tf.y, tf.mo - 1, tf.d, tf.h, tf.mi, tf.s);
    const utc = tf.offsetMin !== undefined && !format.ignoreZone ? naive - tf.offsetMin * 60_000 : localNaiveToUtcMs(naive, zone);
    const nums: Partial<Record<keyof IntervalCountColumns, number>> = {};
    for (const k of ['offered', 'answered', 'abandoned', 'ahtSeconds', 'asaSeconds', 'answeredWithinT', 'serviceLevel', 'agents'] as const) {
      const t = get(k);
      if (t === undefined || t === '') {
        if (k === 'offered') return bad(line, 'missing-fields', 'offered is empty');
        continue;
      }
      const pctSign = k === 'serviceLevel' && t.endsWith('%');
      const v = Number(pctSign ? t.slice(0, -1).trim() : t);
      if (!Number.isFinite(v)) return bad(line, 'bad-number', `bad ${k} "${t}"`);
      if (v < 0) return bad(line, 'negative-duration', `negative ${k} ${v}`);
      nums[k] = pctSign || (k === 'serviceLevel' && v > 1) ? v / 100 : v;
    }
    const offered = nums.offered!;
    const abandoned = nums.abandoned ?? (nums.answered !== undefined ? Math.max(0, offered - nums.answered) : 0);
    const answered = nums.answered ?? offered - abandoned;
    if (answered + abandoned > offered + 1e-9 || answered < 0) return bad(line, 'inconsistent-counts', `answered ${answered} + abandoned ${abandoned} > offered ${offered}`);
    let within = nums.answeredWithinT;
    if (within === undefined && nums.serviceLevel !== undefined) within = Math.round(Math.min(1, nums.serviceLevel) * offered);
    if (within !== undefined && within > answered + 1e-9) return bad(line, 'inconsistent-counts', `answered within T ${within} > answered ${answered}`);
    const rec: IntervalCountRecord = { line, queue: get('queue') || format.defaultQueue || 'default', startAt: new Date(utc).toISOString(), offered, answered, abandoned };
    if (nums.ahtSeconds !== undefined) rec.ahtSeconds = nums.ahtSeconds;
    if (nums.asaSeconds !== undefined) rec.asaSeconds = nums.asaSeconds;
    if (within !== undefined) rec.answeredWithinT = within;
    if (nums.agents !== undefined) rec.agents = nums.agents;
    rep.records++;
    rep.offered += offered;
    if (!rep.firstStartAt || rec.startAt < rep.firstStartAt) rep.firstStartAt = rec.startAt;
    if (!rep.lastStartAt || rec.startAt > rep.lastStartAt) rep.lastStartAt = rec.startAt;
    return rec;
  }

  return {
    parseFields,
    parseLine(raw) {
      lineNo++;
      const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (text.trim() === '') return null;
      if (delimiter === undefined) delimiter = text.includes('\t') ? '\t' : text.split(';').length > text.split(',').length ? ';' : ',';
      const f = splitDelimited(text, delimiter, delimiter !== '\t');
      if (f === null) return idx === null ? (header([text]), null) : bad(lineNo, 'missing-fields', 'unterminated quote');
      return parseFields(f, lineNo);
    },
    report: () => ({ ...rep, malformedByReason: { ...rep.malformedByReason }, issues: [...rep.issues] }),
  };
}

/** True when a header line looks like an interval-count export (has start and offered columns). */
export function looksLikeIntervalCounts(headerLine: string): boolean {
  try {
    createIntervalCountParser().parseLine(headerLine);
    return true;
  } catch {
    return false;
  }
}

/**
 * Interval statistics from interval counts, so that fidelity, forecast and staffing take either
 * source. Records are summed into local intervals of `intervalMinutes`. Without ASA the waits are
 * unknown (0); without answered-within-T the SL is unknown (null); queue exposure for the patience
 * estimate is taken as ASA × answered, a lower bound (the abandoners' waits are not in the data).
 */
export function intervalStatsFromCounts(records: Iterable<IntervalCountRecord>, options: { intervalMinutes: number; timeZone?: string; sl?: SlSpec; allQueuesKey?: string | null }): IntervalStat[] {
  const minutes = options.intervalMinutes;
  const intervalMs = minutes * 60_000;
  const zone = options.timeZone ?? 'Asia/Shanghai';
  const sl = { thresholdSeconds: options.sl?.thresholdSeconds ?? 20, definition: options.sl?.definition ?? 'offered' };
  const allKey = options.allQueuesKey === undefined ? '*' : options.allQueuesKey;
  const groups = new Map<string, { queue: string; idx: number; offered: number; answered: number; abandoned: number; within: number; withinKnown: boolean; wait: number; talk: number; agents: number; agentsKnown: boolean; n: number }>();
  const add = (queue: string, r: IntervalCountRecord) => {
    const i = Math.floor(utcToLocalNaiveMs(Date.parse(r.startAt), zone) / intervalMs);
    const key = `${queue}\u0000${i}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { queue, idx: i, offered: 0, answered: 0, abandoned: 0, within: 0, withinKnown: true, wait: 0, talk: 0, agents: 0, agentsKnown: true, n: 0 }));
    g.n++;
    g.offered += r.offered;
    g.answered += r.answered;
    g.abandoned += r.abandoned;
    if (r.answeredWithinT === undefined) g.withinKnown = false;
    else g.within += r.answeredWithinT;
    g.wait += (r.asaSeconds ?? 0) * r.answered;
    g.talk += (r.ahtSeconds ?? 0) * r.answered;
    if (r.agents === undefined) g.agentsKnown = false;
    else g.agents += r.agents;
  };
  for (const r of records) {
    add(r.queue, r);
    if (allKey !== null && allKey !== r.queue) add(allKey, r);
  }
  const out: IntervalStat[] = [];
  for (const g of groups.values()) {
    const naiveStart = g.idx * intervalMs;
    const sums = {
      offered: g.offered, answered: g.answered, abandoned: g.abandoned, shortAbandoned: 0, answeredWithinT: g.within,
      waitAnsweredSeconds: g.wait, waitAllSeconds: g.wait, talkSeconds: g.talk, busySeconds: g.talk, staffedSeconds: 0,
    };
    // Sub-intervals of equal length: the interval's agents are their mean.
    const agents = g.agentsKnown ? g.agents / g.n : 0;
    sums.staffedSeconds = agents * minutes * 60;
    const metrics = deriveMetrics(sums, sl);
    if (!g.withinKnown) metrics.serviceLevel = null;
    const dayStart = Math.floor(naiveStart / 86_400_000) * 86_400_000;
    out.push({
      queue: g.queue, date: naiveDate(naiveStart), start: new Date(naiveStart).toISOString().slice(11, 16), slot: Math.round((naiveStart - dayStart) / intervalMs),
      startAt: new Date(localNaiveToUtcMs(naiveStart, zone)).toISOString(), intervalMinutes: minutes, slThresholdSeconds: sl.thresholdSeconds,
      slDefinition: sl.definition, ...sums, ...metrics, agentsOnDuty: agents, agents: [],
    });
  }
  return out.sort((x, y) => (x.queue < y.queue ? -1 : x.queue > y.queue ? 1 : x.startAt < y.startAt ? -1 : 1));
}
