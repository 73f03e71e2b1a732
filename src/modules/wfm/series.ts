/**
 * Contact-volume series per interval (话务量时间序列): a day × slot grid over the open-hours
 * window, built from interval counts (e.g. a "datetime,calls" export) or from interval stats.
 */
import type { IntervalStat } from './intervals';
import { compileTimePattern, splitDelimited, type ColumnRef } from './callRecords';
import { dayNumber, utcToLocalNaiveMs } from './timezone';

/** Counts per interval for consecutive days; NaN marks an unknown cell. */
export interface IntervalSeries {
  intervalMinutes: number;
  /** Minute of the day at which slot 0 starts (420 = 07:00). */
  dayStartMinute: number;
  slotsPerDay: number;
  /** Days with data, ascending by date; `values.length === slotsPerDay`. */
  days: { date: string; values: number[] }[];
}

export interface IntervalCountsOptions {
  /** Target interval length in minutes (a multiple of the source granularity). */
  intervalMinutes: number;
  timeColumn?: ColumnRef;
  countColumn?: ColumnRef;
  /** Time format (see `compileTimePattern`); default `iso`. */
  timeFormat?: string;
  /** Read the clock fields as local time even when the value carries Z or an offset. */
  ignoreZone?: boolean;
  /** Business zone that values with an explicit offset are converted to; default Asia/Shanghai. */
  timeZone?: string;
  /** Minutes per source row; default: the smallest gap seen between timestamps. */
  sourceMinutes?: number;
  /** Field separator; default `,`. */
  delimiter?: string;
  /** Keep only target intervals fully covered by source rows (default true). */
  dropIncomplete?: boolean;
}

export interface IntervalCountsReport {
  rows: number;
  malformed: number;
  issues: { line: number; message: string }[];
  /** Target intervals dropped because some of their source rows were missing. */
  incompleteIntervals: number;
  sourceMinutes: number;
}

/**
 * Aggregates a "time,count" file (local times) into an `IntervalSeries`. Pure: takes the lines.
 * The first line is a header when its count field is not a number.
 */
export function parseIntervalCounts(lines: Iterable<string>, options: IntervalCountsOptions): { series: IntervalSeries; report: IntervalCountsReport } {
  const target = options.intervalMinutes;
  if (!(Number.isInteger(target) && target > 0 && 1440 % target === 0)) throw new RangeError(`intervalMinutes must divide 1440, got ${target}`);
  const parse = compileTimePattern(options.timeFormat ?? 'iso');
  const delimiter = options.delimiter ?? ',';
  const zone = options.timeZone ?? 'Asia/Shanghai';
  let timeIdx = typeof options.timeColumn === 'number' ? options.timeColumn : 0;
  let countIdx = typeof options.countColumn === 'number' ? options.countColumn : 1;
  const report: IntervalCountsReport = { rows: 0, malformed: 0, issues: [], incompleteIntervals: 0, sourceMinutes: 0 };
  const cells = new Map<number, { sum: number; n: number }>(); // key: minute index since epoch (target-aligned)
  const stamps: number[] = [];
  let lineNo = 0;
  let headerSeen = false;
  for (const raw of lines) {
    lineNo++;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') continue;
    const f = splitDelimited(text, delimiter);
    if (!headerSeen) {
      headerSeen = true;
      if (f && !/^\s*-?\d+(\.\d+)?\s*$/.test(f[countIdx] ?? '')) {
        const names = f.map((x) => x.trim().toLowerCase());
        if (typeof options.timeColumn === 'string') timeIdx = names.indexOf(options.timeColumn.toLowerCase());
        if (typeof options.countColumn === 'string') countIdx = names.indexOf(options.countColumn.toLowerCase());
        if (timeIdx < 0 || countIdx < 0) throw new RangeError(`time/count column not found in header: ${f.join(', ')}`);
        continue;
      }
    }
    report.rows++;
    const bad = (message: string) => {
      report.malformed++;
      if (report.issues.length < 1000) report.issues.push({ line: lineNo, message });
    };
    if (!f || f.length <= Math.max(timeIdx, countIdx)) {
      bad('missing fields');
      continue;
    }
    const tf = parse(f[timeIdx].trim());
    const count = Number(f[countIdx].trim());
    if (!tf) {
      bad(`bad time "${f[timeIdx]}"`);
      continue;
    }
    if (f[countIdx].trim() === '' || !Number.isFinite(count) || count < 0) {
      bad(`bad count "${f[countIdx]}"`);
      continue;
    }
    let ms = Date.UTC(tf.y, tf.mo - 1, tf.d, tf.h, tf.mi, tf.s);
    // An explicit offset moves the value to the business zone, unless the export mislabels local time.
    if (tf.offsetMin !== undefined && !options.ignoreZone) ms = utcToLocalNaiveMs(ms - tf.offsetMin * 60_000, zone);
    const minute = Math.floor(ms / 60_000);
    stamps.push(minute);
    const key = Math.floor(minute / target) * target;
    const c = cells.get(key);
    if (c) {
      c.sum += count;
      c.n++;
    } else cells.set(key, { sum: count, n: 1 });
  }
  let source = options.sourceMinutes ?? 0;
  if (!source) {
    stamps.sort((a, b) => a - b);
    source = target;
    for (let i = 1; i < stamps.length; i++) {
      const gap = stamps[i] - stamps[i - 1];
      if (gap > 0 && gap < source) source = gap;
    }
  }
  report.sourceMinutes = source;
  const perCell = Math.max(1, Math.round(target / source));
  const dropIncomplete = options.dropIncomplete ?? true;
  const byDay = new Map<number, Map<number, number>>();
  let minSlot = Infinity;
  let maxSlot = -Infinity;
  for (const [key, c] of cells) {
    if (dropIncomplete && c.n < perCell) {
      report.incompleteIntervals++;
      continue;
    }
    const day = Math.floor(key / 1440);
    const slot = (key - day * 1440) / target;
    minSlot = Math.min(minSlot, slot);
    maxSlot = Math.max(maxSlot, slot);
    let d = byDay.get(day);
    if (!d) byDay.set(day, (d = new Map()));
    d.set(slot, c.sum);
  }
  const slotsPerDay = byDay.size ? maxSlot - minSlot + 1 : 0;
  const days = [...byDay.keys()].sort((a, b) => a - b).map((day) => {
    const m = byDay.get(day)!;
    const values = Array.from({ length: slotsPerDay }, (_, i) => m.get(minSlot + i) ?? NaN);
    return { date: new Date(day * 86_400_000).toISOString().slice(0, 10), values };
  });
  return {
    series: { intervalMinutes: target, dayStartMinute: byDay.size ? minSlot * target : 0, slotsPerDay, days },
    report,
  };
}

/**
 * Offered calls of one queue as a series over the slots between `from` and `to` (HH:mm,
 * local); days without any interval row are absent, intervals without calls count 0.
 */
export function seriesFromIntervalStats(stats: readonly IntervalStat[], queue: string, window: { from: string; to: string }): IntervalSeries {
  const rows = stats.filter((s) => s.queue === queue);
  if (rows.length === 0) return { intervalMinutes: 60, dayStartMinute: 0, slotsPerDay: 0, days: [] };
  const minutes = rows[0].intervalMinutes;
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const startMin = toMin(window.from);
  const slotsPerDay = Math.max(0, Math.ceil((toMin(window.to) - startMin) / minutes));
  const byDate = new Map<string, number[]>();
  for (const r of rows) {
    const i = Math.floor((toMin(r.start) - startMin) / minutes);
    let v = byDate.get(r.date);
    if (!v) byDate.set(r.date, (v = new Array(slotsPerDay).fill(0)));
    if (i >= 0 && i < slotsPerDay) v[i] += r.offered;
  }
  const days = [...byDate.entries()].sort((a, b) => dayNumber(a[0]) - dayNumber(b[0])).map(([date, values]) => ({ date, values }));
  return { intervalMinutes: minutes, dayStartMinute: startMin, slotsPerDay, days };
}
