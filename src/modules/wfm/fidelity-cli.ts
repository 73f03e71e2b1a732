/**
 * Writes docs/wfm-erlang-fidelity.md: observed service level per hour against Erlang C and
 * Erlang A predictions made from each hour's own arrivals, AHT, agents on duty and estimated
 * patience — for any months of call records (Anonymous Bank layout) or interval counts.
 *
 * Usage: npx tsx src/modules/wfm/fidelity-cli.ts [FILE_OR_DIR…]   (default ../shared/data/anonymous-bank)
 */
import { createReadStream } from 'node:fs';
import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { anonymousBankFormat, importCallRecords, splitLines, type ImportReport } from './callRecords';
import { erlangFidelity, quantile, summarizeErrors, type ErrorSummary, type FidelityRow } from './fidelity';
import { fidelityNoiseFloor } from './fidelityFloor';
import { createIntervalCountParser, intervalStatsFromCounts, looksLikeIntervalCounts, type IntervalCountRecord, type IntervalCountReport } from './intervalCounts';
import { createIntervalAccumulator, type IntervalStat } from './intervals';
import { adaptivePresence, createPresenceCollector, idleThresholdFromGaps, presenceByAgent, presenceByInterval, rollUpPresence, withinAgentGaps, type IntervalPresence, type ServiceSpan } from './presence';
import { availabilityAt, crossFittedAvailability, foldsOf, learnAvailability, PRESENCE_TAIL, type AvailabilityModel } from './fidelityCalibration';
import { callTypePools, POOL_RULES, pooledServiceLevel, splitPresence, sumTalk, talkByInterval, type PoolLoad, type PoolRule } from './fidelityPools';
import { weekdayOf } from './timezone';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
const defaultDataDir = path.resolve(projectRoot, '../shared/data/anonymous-bank');
const CALL_RECORD_ZONE = 'Asia/Jerusalem';
const T = 20;
const MIN_OFFERED = 20;
const SENSITIVITY = [60, 120, 300, 600, 900, 1800];

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '—');
const num = (x: number, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const errC = (r: FidelityRow) => r.erlangCSl - r.observedSl;
const errA = (r: FidelityRow) => r.erlangASl - r.observedSl;

export interface FidelityReportOptions {
  /** Idle threshold (s) that ends an agent's stretch; default: chosen from the data's own gaps. */
  idleThresholdSeconds?: number;
  /**
   * `adaptive` (default): the threshold rises in light traffic by the expected idle gap of an
   * on-duty agent (see `adaptivePresence`); `fixed`: one threshold for every hour.
   */
  presenceModel?: PresenceModel;
  /**
   * Files or directories of earlier months to learn availability from (`--train`): the report's
   * months are then predicted from that history alone, as a planner would predict a new month.
   * Without it, each month (or week) is predicted from the other months (weeks) of the data.
   */
  trainPaths?: readonly string[];
}

/** Where the availability scored for a period was learned. */
interface AvailabilityLearning {
  /** "from other months" / "from other weeks" / "from the history given". */
  from: string;
  /** What one row of the per-period table is: month, week, or the whole data. */
  unit: string;
  foldOf: (date: string) => string;
  models: Map<string, AvailabilityModel>;
  byHourOnly: Map<string, AvailabilityModel>;
  /** How it is kept out of sample, for the section's text. */
  outOfSample: string;
}

export type PresenceModel = 'fixed' | 'adaptive';
const TAIL = PRESENCE_TAIL;
const LOMO_TAILS = [0.05, 0.01, 0.001];

type Source =
  | { file: string; kind: 'call-records'; report: ImportReport }
  | { file: string; kind: 'interval-counts'; report: IntervalCountReport };

/** Files named by the arguments: directories expand to their .tsv/.csv/.txt files, sorted. */
export async function expandDataPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if ((await stat(p)).isDirectory()) {
      const names = (await readdir(p)).filter((n) => /\.(tsv|csv|txt)$/i.test(n)).sort();
      out.push(...names.map((n) => path.join(p, n)));
    } else out.push(p);
  }
  return out;
}

async function firstLine(file: string): Promise<string> {
  for await (const l of splitLines(createReadStream(file, { start: 0, end: 64 * 1024 }))) return l;
  return '';
}

function summaryRow(label: string, s: ErrorSummary): string {
  return `| ${label} | ${s.n} | ${num(s.mean)} | ${num(s.median)} | ${num(s.medianAbs)} | ${num(s.mae)} | ${num(s.rmse)} | ${pct(s.within005)} | ${pct(s.within010)} |`;
}
const SUMMARY_HEAD = '| model | hours | bias (mean) | median | median \\|err\\| | MAE | RMSE | \\|err\\| ≤ 0.05 | \\|err\\| ≤ 0.10 |\n|---|---|---|---|---|---|---|---|---|';

/** Reads the files and evaluates every working hour on presence: what the report and a training set share. */
async function loadHours(files: readonly string[], options: FidelityReportOptions) {
  const acc = createIntervalAccumulator({ intervalMinutes: 60, timeZone: CALL_RECORD_ZONE, sl: { thresholdSeconds: T, definition: 'offered' } });
  const collector = createPresenceCollector({ timeZone: CALL_RECORD_ZONE });
  const counts: IntervalCountRecord[] = [];
  const sources: Source[] = [];
  for (const file of files) {
    const head = await firstLine(file);
    if (/vru\+line/i.test(head)) {
      const report = await importCallRecords(splitLines(createReadStream(file)), anonymousBankFormat({ sourceTimeZone: CALL_RECORD_ZONE }), (r) => {
        acc.add(r);
        collector.add(r);
      });
      sources.push({ file, kind: 'call-records', report });
    } else if (looksLikeIntervalCounts(head)) {
      // Interval counts carry local clock times; read them as such.
      const parser = createIntervalCountParser({ sourceTimeZone: 'UTC', ignoreZone: true });
      for await (const l of splitLines(createReadStream(file))) {
        const r = parser.parseLine(l);
        if (r) counts.push(r);
      }
      sources.push({ file, kind: 'interval-counts', report: parser.report() });
    } else throw new Error(`${file}: neither call records (Anonymous Bank layout) nor interval counts`);
  }
  const spans: ServiceSpan[] = collector.spans().get('*') ?? [];
  const gaps = withinAgentGaps(spans).sort((a, b) => a - b);
  const autoThreshold = idleThresholdFromGaps(gaps, TAIL);
  const threshold = options.idleThresholdSeconds ?? autoThreshold;
  const model: PresenceModel = options.presenceModel ?? 'adaptive';
  const presenceAt = (th: number) => presenceByInterval(spans, { intervalMinutes: 60, idleThresholdSeconds: th });
  const presenceOf = (m: PresenceModel, th: number, tail = TAIL) =>
    m === 'fixed' ? presenceAt(th) : adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: th, tailProbability: tail }).presence;
  const adaptive = model === 'adaptive' ? adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: threshold, tailProbability: TAIL }) : null;
  const presence = adaptive ? adaptive.presence : presenceAt(threshold);
  const presenceFixed = presenceAt(threshold);
  const slotOf = (s: IntervalStat) => Math.floor(Date.parse(`${s.date}T${s.start}:00Z`) / 3_600_000);
  const allCallStats = acc.result();
  const callStats = allCallStats.filter((s) => s.queue === '*');
  const countStats = intervalStatsFromCounts(counts, { intervalMinutes: 60, timeZone: 'UTC', sl: { thresholdSeconds: T } }).filter((s) => s.queue === '*');
  const stats = [...callStats, ...countStats];
  const fromCounts = new Set(countStats.map((s) => s.startAt));
  const agentsBy = (p: Map<number, IntervalPresence>) => (s: IntervalStat) => (fromCounts.has(s.startAt) ? s.agentsOnDuty : (p.get(slotOf(s))?.agentsPresent ?? 0));

  // Working weekdays from the data itself: weekdays whose mean daily traffic is at least 20 % of the busiest weekday's.
  const perWd = Array.from({ length: 7 }, () => ({ offered: 0, days: new Set<string>() }));
  for (const s of stats) {
    const w = perWd[weekdayOf(s.date)];
    w.offered += s.offered;
    w.days.add(s.date);
  }
  const meanWd = perWd.map((w) => (w.days.size ? w.offered / w.days.size : 0));
  const busiest = Math.max(...meanWd);
  const weekdays = meanWd.map((m, i) => (m >= 0.2 * busiest ? i : -1)).filter((i) => i >= 0);
  const WD = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

  const base = { minOffered: MIN_OFFERED, weekdays, patiencePrior: 5 };
  const rows = erlangFidelity(stats, { ...base, agentsOf: agentsBy(presence) }).filter((r) => Number.isFinite(r.observedSl));
  return { acc, collector, sources, spans, gaps, threshold, model, presenceAt, presenceOf, adaptive, presence, presenceFixed, slotOf, allCallStats, stats, agentsBy, weekdays, WD, base, rows };
}

/** Builds the fidelity report for the files/directories in `paths`; returns markdown. */
/** The report's headline figures, for scripts (`wfm fidelity --json`). */
export interface FidelitySummary {
  files: string[];
  months: string[];
  /** Working hours scored. */
  hours: number;
  /** The product's prediction: presence × availability learned without the predicted hours' outcomes. */
  headline: { learnedFrom: string; outOfSample: string; erlangA: ErrorSummary; erlangC: ErrorSummary; erlangAByMonth: Record<string, ErrorSummary> } | null;
  /** Presence alone as the agent count (nothing learned from outcomes). */
  presenceOnly: { erlangA: ErrorSummary; erlangC: ErrorSummary; erlangAByMonth: Record<string, ErrorSummary> };
  /** Median |err| an exactly right Erlang A would score on these hours. */
  noiseFloorMedianAbs: number;
}

/** The fidelity report as markdown (`wfm fidelity`). */
export async function runFidelityReport(paths: string | readonly string[] = defaultDataDir, options: FidelityReportOptions = {}): Promise<string> {
  return (await fidelityReport(paths, options)).markdown;
}

/** The fidelity report: markdown and its headline figures. */
export async function fidelityReport(paths: string | readonly string[] = defaultDataDir, options: FidelityReportOptions = {}): Promise<{ markdown: string; summary: FidelitySummary }> {
  const given = typeof paths === 'string' ? [paths] : paths.length ? [...paths] : [defaultDataDir];
  const files = await expandDataPaths(given);
  if (files.length === 0) throw new Error('no data files');
  const { collector, sources, spans, gaps, threshold, model, presenceAt, presenceOf, adaptive, presence, presenceFixed, slotOf, allCallStats, stats, agentsBy, weekdays, WD, base, rows } = await loadHours(files, options);
  const rowsDistinct = erlangFidelity(stats, base).filter((r) => Number.isFinite(r.observedSl));
  const rowsFixed = erlangFidelity(stats, { ...base, agentsOf: agentsBy(presenceFixed) }).filter((r) => Number.isFinite(r.observedSl));
  // Leave one month out: the presence model and tail probability are chosen on one month's
  // Erlang A median |err| and judged on the others.
  const lomoConfigs = spans.length ? (['fixed', 'adaptive'] as const).flatMap((m) => LOMO_TAILS.map((tail) => ({ model: m as PresenceModel, tail }))) : [];
  const lomo = lomoConfigs.map((c) => {
    const th = options.idleThresholdSeconds ?? idleThresholdFromGaps(gaps, c.tail);
    const rs = erlangFidelity(stats, { ...base, agentsOf: agentsBy(presenceOf(c.model, th, c.tail)) }).filter((r) => Number.isFinite(r.observedSl));
    const byMonth = new Map<string, { a: ErrorSummary; c: ErrorSummary }>();
    for (const m of new Set(rs.map((r) => r.date.slice(0, 7)))) {
      const mr = rs.filter((r) => r.date.startsWith(m));
      byMonth.set(m, { a: summarizeErrors(mr.map(errA)), c: summarizeErrors(mr.map(errC)) });
    }
    return { ...c, threshold: th, byMonth };
  });
  const sC = summarizeErrors(rows.map(errC));
  const sA = summarizeErrors(rows.map(errA));
  // Availability learned from the history given, else from the other months (or weeks): never from
  // the predicted hour's own period.
  const learning = await availabilityLearning(rows, options);
  const presenceAgents = agentsBy(presence);
  // An hour outside every fold (too few calls to be a row) keeps its presence: it is not scored anyway.
  const calibratedRows = (models: Map<string, AvailabilityModel> | undefined) => {
    if (!learning || !models) return [];
    const agentsOf = (s: IntervalStat) => {
      const m = models.get(learning.foldOf(s.date));
      const agents = presenceAgents(s);
      return m ? agents * availabilityAt(m, s.start, { agents, distinctAgents: s.agentsOnDuty }) : agents;
    };
    return erlangFidelity(stats, { ...base, agentsOf }).filter((r) => Number.isFinite(r.observedSl));
  };
  const rowsCal = calibratedRows(learning?.models);
  const rowsCalByHour = calibratedRows(learning?.byHourOnly);
  const sCal = rowsCal.length ? summarizeErrors(rowsCal.map(errA)) : null;
  const sCalC = summarizeErrors(rowsCal.map(errC));
  // The months evaluated: those with scored hours. A file's last calls can run past midnight into a
  // month of their own, which has records but no hour to score and is not a month of the data.
  const scoredMonths = [...new Set(rows.map((r) => r.date.slice(0, 7)))].sort();
  const months = scoredMonths.length ? scoredMonths : [...new Set(stats.map((s) => s.date.slice(0, 7)))].sort();
  const pooling = spans.length ? poolingByRule(rows, allCallStats, collector.spans(), presenceByAgent(spans, { intervalMinutes: 60, idleThresholdSeconds: adaptive ? adaptive.thresholdAt : threshold }), slotOf) : null;

  const o: string[] = [];
  const shown = given.map((f) => path.relative(projectRoot, f)).join(' ');
  o.push('# Erlang C / Erlang A fidelity');
  o.push('');
  const trainShown = options.trainPaths?.length ? ` --train ${options.trainPaths.map((f) => path.relative(projectRoot, f)).join(' ')}` : '';
  o.push(`Generated by \`node bin/shouwen.mjs wfm fidelity --data ${shown}${trainShown} --out docs/wfm-erlang-fidelity.md\`${options.idleThresholdSeconds !== undefined ? ` (with \`--idle-threshold ${options.idleThresholdSeconds}\`)` : ''}. Do not edit by hand. Months: ${months.join(', ')}.`);
  o.push('');
  o.push('## Method');
  o.push('');
  o.push(`- Call records (Anonymous Bank layout, source zone ${CALL_RECORD_ZONE}) or interval counts; PHANTOM calls skipped, calls that ended in the VRU are not offered; malformed rows reported and skipped (below).`);
  o.push(`- Hourly intervals, all call types pooled. Working weekdays taken from the data (mean daily traffic ≥ 20 % of the busiest weekday's): ${weekdays.map((w) => WD[w]).join(', ')}. Hours with at least ${MIN_OFFERED} offered calls, agents ≥ 1 and one answered call.`);
  o.push(`- **Observed SL** = answered within ${T} s ÷ offered (abandoners count as failures).`);
  o.push(`- **Agents on duty = time-weighted presence**: an agent is present from the first to the last call of a stretch; a gap between calls longer than the idle threshold ends the stretch (a break or the end of a shift); the data carry no wrap-up. ${model === 'adaptive' ? `The threshold depends on the hour's traffic: with n agents present, a busy agent-equivalents (talk time ÷ 3600) and λ answered calls, the idle agent-time (n − a)·3600 s is split into λ idle periods (each answered call ends one), so by Little's law an on-duty agent's mean idle gap is (n − a)·3600 ÷ λ; the hour's threshold is that mean × ln(1 ÷ ${TAIL}), never below the pooled threshold below nor above 3600 s. n depends on the threshold, and an hour whose every gap was cut shows no idle time, so the iteration starts from each hour's own gaps (median of the gaps beginning in it ÷ ln 2 × ln(1 ÷ ${TAIL}), with at least 5 gaps) and then only rises; ${adaptive!.thresholds.size} of ${presence.size} hours got a higher threshold (median ${num(quantile([...adaptive!.thresholds.values()].sort((x, y) => x - y), 0.5), 0)} s). ` : ''}Presence per hour = agent-seconds present ÷ 3600, fractional; the models are evaluated at ⌊n⌋ and ⌈n⌉ agents and interpolated. The distinct-agent count (agents with talk time in the hour) is kept for comparison. Interval-count files use their own agents column.`);
  o.push(`- **Idle threshold ${num(threshold, 0)} s**${options.idleThresholdSeconds === undefined ? `, chosen from the data's own gaps, not from any accuracy figure: an on-duty agent's idle time between calls is taken as exponential, its mean estimated robustly from the median within-agent gap (${num(quantile(gaps, 0.5), 0)} s over ${gaps.length} gaps; median ÷ ln 2 = ${num(quantile(gaps, 0.5) / Math.LN2, 0)} s), and a gap that an on-duty agent would exceed with probability below 1 % ends the stretch: threshold = mean × ln 100` : ' (given on the command line)'}. Within-agent gap quantiles: P25 ${num(quantile(gaps, 0.25), 0)} s, P75 ${num(quantile(gaps, 0.75), 0)} s, P90 ${num(quantile(gaps, 0.9), 0)} s, P99 ${num(quantile(gaps, 0.99), 0)} s.`);
  o.push('- AHT = mean talk time of the hour\'s answered calls; Erlang A patience = the hour\'s queue time ÷ abandonments, shrunk toward the pooled estimate with 5 pseudo-abandonments.');
  o.push('- Error = predicted − observed SL per hour. Median |err| is the headline figure (goal: ≤ 0.06 with Erlang A on unseen months, Erlang A no worse than Erlang C). The headline model is Erlang A on presence × availability learned out of sample (below: from the history given with \`--train\`, else each month from the other months); presence alone, which learns nothing from outcomes, stands beside it.');
  o.push('');
  o.push('## Data');
  o.push('');
  o.push('| file | kind | rows | records | offered | malformed skipped | malformed by reason |');
  o.push('|---|---|---|---|---|---|---|');
  for (const s of sources) {
    const reasons = Object.entries(s.report.malformedByReason).map(([k, v]) => `${k} ${v}`).join(', ');
    const offered = s.kind === 'call-records' ? s.report.answered + s.report.abandoned : s.report.offered;
    o.push(`| ${path.basename(s.file)} | ${s.kind} | ${s.report.rowsRead} | ${s.report.records} | ${offered} | ${s.report.malformed} | ${reasons} |`);
  }
  o.push('');
  if (spans.length) {
    o.push('## Agents on duty: presence against distinct agents');
    o.push('');
    const working = rows.map((r) => r.agents).sort((a, b) => a - b);
    const workingD = rows.map((r) => r.distinctAgents).sort((a, b) => a - b);
    o.push(`Over the ${rows.length} hours evaluated: median presence ${num(quantile(working, 0.5), 2)} agents against ${num(quantile(workingD, 0.5), 1)} distinct agents (P25 ${num(quantile(working, 0.25), 2)} / ${num(quantile(workingD, 0.25), 1)}, P75 ${num(quantile(working, 0.75), 2)} / ${num(quantile(workingD, 0.75), 1)}).`);
    o.push('');
    o.push('| month | present agent-hours | distinct agent-hours | ratio | hours with activity |');
    o.push('|---|---|---|---|---|');
    for (const m of rollUpPresence(presence, 60, 'month')) o.push(`| ${m.periodStart.slice(0, 7)} | ${num(m.presentHours, 0)} | ${num(m.distinctAgentHours, 0)} | ${num(m.ratio)} | ${m.intervals} |`);
    o.push('');
    const days = rollUpPresence(presence, 60, 'day');
    const ratios = days.map((d) => d.ratio).filter(Number.isFinite).sort((a, b) => a - b);
    o.push(`Per day (${days.length} days): ratio presence ÷ distinct P10 ${num(quantile(ratios, 0.1))}, median ${num(quantile(ratios, 0.5))}, P90 ${num(quantile(ratios, 0.9))}. Per-day and per-hour figures: \`shouwen wfm presence --data … --by day|interval\`.`);
    o.push('');
  }
  o.push(`## Service-level error (${rows.length} working hours)`);
  o.push('');
  o.push(SUMMARY_HEAD);
  if (sCal && learning) {
    o.push(summaryRow(`Erlang C, presence × availability ${learning.from}`, sCalC));
    o.push(summaryRow(`Erlang A, presence × availability ${learning.from}`, sCal));
    o.push(summaryRow(`Erlang A, presence × clock-hour availability only, ${learning.from}`, summarizeErrors(rowsCalByHour.map(errA))));
  }
  o.push(summaryRow(`Erlang C, presence (${model})`, sC));
  o.push(summaryRow(`Erlang A, presence (${model})`, sA));
  if (model === 'adaptive') {
    o.push(summaryRow('Erlang C, presence (fixed threshold)', summarizeErrors(rowsFixed.map(errC))));
    o.push(summaryRow('Erlang A, presence (fixed threshold)', summarizeErrors(rowsFixed.map(errA))));
  }
  o.push(summaryRow('Erlang C, distinct agents', summarizeErrors(rowsDistinct.map(errC))));
  o.push(summaryRow('Erlang A, distinct agents', summarizeErrors(rowsDistinct.map(errA))));
  o.push('');
  // What an exactly right model would score on single hours like these (see fidelityFloor.ts).
  const floorOf = (rs: FidelityRow[]) => fidelityNoiseFloor(rs.map((r) => ({ offered: r.offered, agents: r.agents, ahtSeconds: r.ahtSeconds, patienceSeconds: r.patienceSeconds })), { sl: { thresholdSeconds: T, definition: 'offered' }, patiencePrior: 5, reps: 5, seed: 1 });
  const floor = floorOf(rows);
  o.push('### Noise floor: an exact model against single hours');
  o.push('');
  o.push(`One hour of a queue is one random realisation, so even a model that is exactly right misses it. Each evaluated hour was replayed 5 times as an exact M/M/N+M queue (Erlang A's own assumptions) with that hour's calls, AHT, patience and ⌊presence⌉ agents, after a warm-up hour of the same traffic; AHT and patience were then re-estimated from the replay as above and Erlang A scored against it. Seeded, so the figures repeat.`);
  o.push('');
  o.push('| evaluated on | hours | median \\|err\\| of an exact model (mean of 5 replays) | range over replays | bias | Erlang A on the data |');
  o.push('|---|---|---|---|---|---|');
  const floorRow = (label: string, rs: FidelityRow[], f = floorOf(rs)) => o.push(`| ${label} | ${rs.length} | ${num(f.medianAbs)} | ${num(Math.min(...f.medianAbsByRep))}–${num(Math.max(...f.medianAbsByRep))} | ${num(f.bias)} | ${num(summarizeErrors(rs.map(errA)).medianAbs)} |`);
  floorRow('all', rows, floor);
  for (const m of months) {
    const rs = rows.filter((r) => r.date.startsWith(m));
    if (rs.length) floorRow(m, rs);
  }
  o.push('');
  o.push('### By month (presence)');
  o.push('');
  o.push(SUMMARY_HEAD);
  for (const m of months) {
    const rs = rows.filter((r) => r.date.startsWith(m));
    if (!rs.length) continue;
    o.push(summaryRow(`C, ${m}`, summarizeErrors(rs.map(errC))));
    o.push(summaryRow(`A, ${m}`, summarizeErrors(rs.map(errA))));
  }
  o.push('');
  o.push('### By traffic (presence)');
  o.push('');
  o.push(SUMMARY_HEAD);
  const bands: [string, number, number][] = [['20–79 calls/h', 20, 80], ['80–139 calls/h', 80, 140], ['140+ calls/h', 140, Infinity]];
  for (const [label, lo, hi] of bands) {
    const rs = rows.filter((r) => r.offered >= lo && r.offered < hi);
    if (!rs.length) continue;
    o.push(summaryRow(`C, ${label}`, summarizeErrors(rs.map(errC))));
    o.push(summaryRow(`A, ${label}`, summarizeErrors(rs.map(errA))));
  }
  o.push('');
  o.push('### By hour of day (presence)');
  o.push('');
  o.push('| hour | hours | observed SL | C bias | C median \\|err\\| | A bias | A median \\|err\\| |');
  o.push('|---|---|---|---|---|---|---|');
  for (const h of [...new Set(rows.map((r) => r.start))].sort()) {
    const rs = rows.filter((r) => r.start === h);
    const c = summarizeErrors(rs.map(errC));
    const a = summarizeErrors(rs.map(errA));
    o.push(`| ${h} | ${rs.length} | ${num(rs.reduce((x, r) => x + r.observedSl, 0) / rs.length)} | ${num(c.mean)} | ${num(c.medianAbs)} | ${num(a.mean)} | ${num(a.medianAbs)} |`);
  }
  o.push('');
  o.push('### Calibration (predicted SL bins against observed)');
  o.push('');
  o.push('| predicted SL | C hours | C mean predicted | C mean observed | A hours | A mean predicted | A mean observed |');
  o.push('|---|---|---|---|---|---|---|');
  for (let b = 0; b < 10; b++) {
    const lo = b / 10;
    const hi = (b + 1) / 10;
    const inBin = (p: number) => p >= lo && (b === 9 ? p <= 1 : p < hi);
    const c = rows.filter((r) => inBin(r.erlangCSl));
    const a = rows.filter((r) => inBin(r.erlangASl));
    const mean = (rs: FidelityRow[], f: (r: FidelityRow) => number) => (rs.length ? rs.reduce((x, r) => x + f(r), 0) / rs.length : NaN);
    o.push(`| ${lo.toFixed(1)}–${hi.toFixed(1)} | ${c.length} | ${num(mean(c, (r) => r.erlangCSl))} | ${num(mean(c, (r) => r.observedSl))} | ${a.length} | ${num(mean(a, (r) => r.erlangASl))} | ${num(mean(a, (r) => r.observedSl))} |`);
  }
  o.push('');
  o.push('## Other measures (presence)');
  o.push('');
  o.push('| quantity (predicted − observed) | hours | bias (mean) | median | MAE | RMSE |');
  o.push('|---|---|---|---|---|---|');
  const other = (label: string, s: ErrorSummary, d = 3) => `| ${label} | ${s.n} | ${num(s.mean, d)} | ${num(s.median, d)} | ${num(s.mae, d)} | ${num(s.rmse, d)} |`;
  o.push(other('Erlang A abandonment rate', summarizeErrors(rows.map((r) => r.erlangAAbandonment - r.observedAbandonment))));
  o.push(other('Erlang C ASA, s (stable hours)', summarizeErrors(rows.map((r) => (Number.isFinite(r.erlangCAsa) ? r.erlangCAsa - r.observedAsa : NaN))), 1));
  o.push(other('Erlang A ASA, s', summarizeErrors(rows.map((r) => r.erlangAAsa - r.observedAsa)), 1));
  o.push('');
  if (sCal && learning) availabilitySection(o, rows, rowsCal, rowsCalByHour, learning);
  if (spans.length) {
    o.push('## Sensitivity to the idle threshold (shown for transparency; not used to choose it)');
    o.push('');
    o.push('| idle threshold s | median presence | C bias | C median \\|err\\| | A bias | A median \\|err\\| |');
    o.push('|---|---|---|---|---|---|');
    for (const th of SENSITIVITY) {
      const rs = erlangFidelity(stats, { ...base, agentsOf: agentsBy(presenceAt(th)) }).filter((r) => Number.isFinite(r.observedSl));
      const c = summarizeErrors(rs.map(errC));
      const a = summarizeErrors(rs.map(errA));
      o.push(`| ${th} | ${num(quantile(rs.map((r) => r.agents).sort((x, y) => x - y), 0.5), 2)} | ${num(c.mean)} | ${num(c.medianAbs)} | ${num(a.mean)} | ${num(a.medianAbs)} |`);
    }
    o.push('');
  }
  if (lomo.length && months.length >= 2) {
    o.push('## Leave one month out');
    o.push('');
    o.push(`Candidates: presence model (fixed threshold, or adaptive by traffic) × tail probability (${LOMO_TAILS.join(', ')}; the pooled threshold is re-derived from the gaps for each). For each month, the candidate with the lowest Erlang A median |err| on that month is chosen and scored on the other months, which it never saw.`);
    o.push('');
    o.push(`| candidate | pooled threshold s | ${months.map((m) => `A median \|err\| ${m}`).join(' | ')} | ${months.map((m) => `C median \|err\| ${m}`).join(' | ')} |`);
    o.push(`|${'---|'.repeat(2 + 2 * months.length)}`);
    for (const c of lomo) o.push(`| ${c.model}, tail ${c.tail} | ${num(c.threshold, 0)} | ${months.map((m) => num(c.byMonth.get(m)?.a.medianAbs ?? NaN)).join(' | ')} | ${months.map((m) => num(c.byMonth.get(m)?.c.medianAbs ?? NaN)).join(' | ')} |`);
    o.push('');
    o.push('| chosen on | candidate | scored on | A median \|err\| | A bias | C median \|err\| | A no worse than C |');
    o.push('|---|---|---|---|---|---|---|');
    for (const m of months) {
      const best = [...lomo].filter((c) => c.byMonth.has(m)).sort((x, y) => x.byMonth.get(m)!.a.medianAbs - y.byMonth.get(m)!.a.medianAbs)[0];
      if (!best) continue;
      for (const other of months.filter((x) => x !== m)) {
        const r = best.byMonth.get(other);
        if (!r) continue;
        o.push(`| ${m} | ${best.model}, tail ${best.tail} | ${other} | ${num(r.a.medianAbs)} | ${num(r.a.mean)} | ${num(r.c.medianAbs)} | ${r.a.medianAbs <= r.c.medianAbs ? 'yes' : 'no'} |`);
      }
    }
    o.push('');
  }
  if (pooling && pooling.types.length > 1) {
    o.push('## Multi-skill pooling: call types served by partly dedicated agents');
    o.push('');
    o.push(`The headline pools all call types in one M/M/n+M per hour. Agents who serve mostly one type pool less than that assumes. Here the types are grouped into pools from each month's own records (type and agent of every answered call; an agent's main type is the one with most of its talk time), each hour's presence is split over the pools by each agent's share of talk time in that hour (else in the month), each pool is evaluated with its own calls, AHT and patience (shrunk toward the pooled estimate as above), and the hour's SL is the pools' weighted by offered calls. Rules: **pooled** — one pool (the headline); **desks** — each type joins the pool of its host, the main type of the agents who carry most of its talk; **specialists** — a type is its own pool as soon as one agent has it as main type, other types join their host; **per type** — every type alone. Same ${pooling.hours} hours as the headline.`);
    o.push('');
    o.push(`| rule | ${months.map((m) => `pools ${m}`).join(' | ')} | ${months.map((m) => `A median \|err\| ${m}`).join(' | ')} | ${months.map((m) => `A bias ${m}`).join(' | ')} | ${months.map((m) => `C median \|err\| ${m}`).join(' | ')} |`);
    o.push(`|${'---|'.repeat(1 + 4 * months.length)}`);
    for (const rule of POOL_RULES) {
      const by = pooling.byRule.get(rule)!;
      const cell = (m: string, f: (x: PoolScore) => string) => (by.has(m) ? f(by.get(m)!) : '—');
      o.push(`| ${RULE_LABEL[rule]} | ${months.map((m) => cell(m, (x) => x.pools.join(' / '))).join(' | ')} | ${months.map((m) => cell(m, (x) => num(x.a.medianAbs))).join(' | ')} | ${months.map((m) => cell(m, (x) => num(x.a.mean))).join(' | ')} | ${months.map((m) => cell(m, (x) => num(x.c.medianAbs))).join(' | ')} |`);
    }
    o.push('');
    if (months.length >= 2) {
      o.push('Leave one month out: the rule with the lowest Erlang A median |err| on one month (ties: fewer pools on that month, then the order above — the pooled model is the default) is scored on the other, with pools drawn from that month\'s own records.');
      o.push('');
      o.push('| chosen on | rule | scored on | A median \|err\| | pooled A median \|err\| | C median \|err\| | A no worse than C |');
      o.push('|---|---|---|---|---|---|---|');
      for (const m of months) {
        const ranked = POOL_RULES.filter((r) => pooling.byRule.get(r)!.has(m)).sort((x, y) => {
          const a = pooling.byRule.get(x)!.get(m)!;
          const b = pooling.byRule.get(y)!.get(m)!;
          return a.a.medianAbs - b.a.medianAbs || a.pools.length - b.pools.length || POOL_RULES.indexOf(x) - POOL_RULES.indexOf(y);
        });
        const best = ranked[0];
        if (!best) continue;
        for (const other of months.filter((x) => x !== m)) {
          const r = pooling.byRule.get(best)!.get(other);
          const base = pooling.byRule.get('pooled')!.get(other);
          if (!r || !base) continue;
          o.push(`| ${m} | ${RULE_LABEL[best]} | ${other} | ${num(r.a.medianAbs)} | ${num(base.a.medianAbs)} | ${num(r.c.medianAbs)} | ${r.a.medianAbs <= r.c.medianAbs ? 'yes' : 'no'} |`);
        }
      }
      o.push('');
    }
  }
  o.push('## Reading');
  o.push('');
  const goal = sA.medianAbs <= 0.06;
  if (sCal && learning) {
    const byMonth = months.map((f) => ({ f, medianAbs: summarizeErrors(rowsCal.filter((r) => r.date.startsWith(f)).map(errA)).medianAbs })).filter((x) => Number.isFinite(x.medianAbs));
    const everyMonth = byMonth.every((x) => x.medianAbs <= 0.06);
    o.push(`- With each hour's presence scaled by the availability learned ${learning.from} (its clock hour and its presence ÷ distinct agents; section above; ${learning.outOfSample}), Erlang A has median |err| ${num(sCal.medianAbs)} (bias ${num(sCal.mean)}; ${byMonth.map((x) => `${x.f} ${num(x.medianAbs)}`).join(', ')}) and Erlang C ${num(sCalC.medianAbs)}: Erlang A is ${sCal.medianAbs <= sCalC.medianAbs ? '**no worse than**' : '**worse than**'} Erlang C, and the goal of median |err| ≤ 0.06 on months the model has not seen is ${sCal.medianAbs <= 0.06 ? '**met** over these hours' : '**not met**'}${byMonth.length > 1 ? ` and ${everyMonth ? 'in every' : 'not in every'} month` : ''}. A planner divides the agents Erlang A asks for by the hour's availability: the staffing view does it with availability learned from the queue's last 8 weeks (人员需求 → 在岗可用率, \`shouwen staffing --availability history\`, \`GET /api/wfm/queues/{id}/staffing?availability=history\`).`);
  }
  o.push(`- With presence alone as the agent count (nothing learned from outcomes), Erlang A has median |err| ${num(sA.medianAbs)} (bias ${num(sA.mean)}) and Erlang C ${num(sC.medianAbs)} (bias ${num(sC.mean)}): Erlang A is ${sA.medianAbs <= sC.medianAbs ? '**no worse than**' : '**worse than**'} Erlang C, and the goal of median |err| ≤ 0.06 is ${goal ? '**met**' : '**not met**'} on these months.`);
  o.push(`- Even an exactly right Erlang A would score a median |err| of about ${num(floor.medianAbs)} on these hours (noise floor above): the gap between the data's ${num(sA.medianAbs)} and that floor is what a better model or better inputs can still win; a goal below the floor cannot be met hour by hour, whatever the model.`);
  o.push(model === 'adaptive'
    ? '- The traffic-dependent threshold lifts presence in light hours, where a fixed one cut on-duty agents waiting for the next call; an hour with fewer than five gaps keeps the pooled threshold, so sparse early and late hours can stay undercounted (see the by-hour table). The model and its tail probability were settled with these two months in view; the leave-one-month-out table shows how the choice of tail carries from one month to the other. Scheduled or logged-in agents, when a queue has them, are the better input.'
    : '- A fixed idle threshold treats a long wait between calls the same at 08:00 as at the peak, although an on-duty agent waits longer between calls when traffic is light; the by-hour table shows where that bites. Scheduled or logged-in agents, when a queue has them, are the better input.');
  // Read back only the months the pooling section scored.
  const pooledMonths = pooling ? [...pooling.byRule.get('pooled')!.keys()] : [];
  if (pooling && pooling.types.length > 1 && pooledMonths.length >= 2) {
    // The held-out result of the pooling section, read back for the summary.
    const held = pooledMonths.flatMap((m) => {
      const best = POOL_RULES.filter((r) => pooling.byRule.get(r)!.has(m)).sort((x, y) => {
        const a = pooling.byRule.get(x)!.get(m)!;
        const b = pooling.byRule.get(y)!.get(m)!;
        return a.a.medianAbs - b.a.medianAbs || a.pools.length - b.pools.length || POOL_RULES.indexOf(x) - POOL_RULES.indexOf(y);
      })[0];
      return pooledMonths.filter((x) => x !== m).map((other) => ({ m, other, rule: best, a: pooling.byRule.get(best)!.get(other)!.a.medianAbs, base: pooling.byRule.get('pooled')!.get(other)!.a.medianAbs }));
    });
    const better = held.every((h) => h.a < h.base - 5e-4);
    o.push(`- Multi-skill pooling (section above), chosen on one month and scored on another: ${held.map((h) => `${RULE_LABEL[h.rule]} chosen on ${h.m} → ${h.other} ${num(h.a)} against ${num(h.base)} pooled`).join('; ')}. ${better ? 'It improves every held-out month, but the headline keeps one pool until that holds on further months.' : 'It does not improve every held-out month, so the headline keeps one pool.'}`);
  }
  // Measured by hand on these two months; not recomputed, so shown only for them.
  if (months.join(',') === '1999-01,1999-02') o.push('- Tried and rejected (each alone, against the method above, on 1999-01 and 1999-02 when this section was written; Erlang A median |err| January / February, baseline 0.072 / 0.061): evaluating per 5/10/15/20/30-minute sub-interval with its own arrivals and presence and weighting by offered calls (0.086/0.069, 0.075/0.057, 0.073/0.057, 0.072/0.058, 0.073/0.059 — chosen on one month, it does not improve the other in both directions; short slices under-count presence before an agent\'s first call); calls bucketed by queue entry instead of arrival (0.074 / 0.061); presence extended before the first and after the last call of a stretch by the expected idle gap (0.085 / 0.089 both ends, 0.073 / 0.072 half — raises the optimistic bias); service-time variability (talk-time CV² ≈ 1.5, waits scaled by (1 + CV²) ÷ 2 as in Allen–Cunneen: 0.076 / 0.058); patience prior k = 1, 2, 10, 20, 50 or pooled only (best on January k = 10 → February 0.062, best on February k = 20 → January 0.070: no consistent gain); patience shrunk toward the same clock hour\'s pool (0.073 / 0.064); multi-skill pooling (section above: the desks rule leaves January one pool, as NE\'s one specialist carries 31 % of its talk, and takes February from 0.061 to 0.055, where two specialists carry 51 %; the specialists rule scores 0.067 / 0.055, but January\'s gain comes from TT split off on the strength of two agents with 10 calls between them, 2 % of its talk, not from a desk; per type 0.090 / 0.088; presence split by the month\'s talk shares instead of the hour\'s 0.072 / 0.062 desks, 0.068 / 0.062 specialists — held out, better one way and equal the other); priority (observed SL of PS calls 09:00–17:00 by priority: 2 → 0.20 / 0.23, 1 → 0.15 / 0.15, 0 → 0.98 / 0.98 — 97 % of priority-0 PS calls never enter the queue; their wait is spent in the VRU, 10 s at the median against 6 s for priorities 1–2, and their hang-ups there are not offered): two classes with abandonment, the higher evaluated alone on all agents and the lower on the agents its carried load leaves (preemptive approximation) — higher class priority 2: 0.142 / 0.133 (bias +0.14), priorities 1–2: 0.161 / 0.155, priority 0: 0.150 / 0.170, the (type, priority) cells whose answered calls mostly skip the queue, drawn per month: 0.136 / 0.135; non-preemptive head-of-line priority simulated exactly as a two-class M/M/n+M (20 seeded replays per hour) — higher class priority 2: 0.081 / 0.074, priority 0: 0.082 / 0.074, against 0.077 / 0.064 for the same simulation in arrival order. Arrival order wins on both months for every choice of class, so leave-one-month-out keeps it both ways: at the same totals a priority order spreads the waits (short for one class, long for the other), and with a delayed call\'s mean wait (60–80 s for priorities 1–2) well above 20 s that puts more calls under 20 s — the direction in which the pooled model already errs (bias +0.03); agents from the queue itself — the mean number of agents talking while at least one caller waits, which in an M/M/n queue is n — gives 0.088 / 0.090 (bias −0.07): during waits about 9 % of present agents are not talking (median ratio to presence 0.90), so the calls are not served from one pool, and taking only the talking agents as servers is too pessimistic; handling time = talk + the pick-up gap measured when a caller was already waiting as the agent freed up (median 5 s over 19,773 such gaps, P10 4 s; the data carry no wrap-up) gives 0.076 / 0.055 (bias +0.011 / +0.008) — February better, January worse. Patience of any shape instead of exponential (M/M/n+G, exact through the virtual waiting time: the offered wait has density λπ_{n−1}·exp(λH(x) − nμx) with H the integral of the patience survival; a piecewise-constant abandonment hazard in 5-second steps from the data, scaled per hour by its abandonments as the exponential estimate is; it reproduces Erlang A exactly when the hazard is flat): the hazard is nearly flat here (1.6–4.7 per thousand per second over the first two minutes, with a small peak near 60 s, and 2 after), so it scores 0.074 / 0.063 with the month\'s own hazard and 0.072 / 0.062 with the other month\'s — no gain. Availability by weekday and clock hour instead of clock hour alone (0.076 / 0.058; shrunk toward the clock hour 0.070 / 0.059), or by a morning/afternoon/evening band (0.075 / 0.053): no consistent gain. None improved both months, so none was adopted. The one that does — availability learned from the other month (section above) — is reported beside the headline rather than in place of it, because it is learned from outcomes.');
  o.push('');
  const byMonthOf = (rs: readonly FidelityRow[]) => Object.fromEntries(months.map((m) => [m, summarizeErrors(rs.filter((r) => r.date.startsWith(m)).map(errA))]).filter(([, x]) => (x as ErrorSummary).n > 0));
  const summary: FidelitySummary = {
    files: files.map((f) => path.basename(f)),
    months,
    hours: rows.length,
    headline: sCal && learning ? { learnedFrom: learning.from, outOfSample: learning.outOfSample, erlangA: sCal, erlangC: sCalC, erlangAByMonth: byMonthOf(rowsCal) } : null,
    presenceOnly: { erlangA: sA, erlangC: sC, erlangAByMonth: byMonthOf(rows) },
    noiseFloorMedianAbs: floor.medianAbs,
  };
  return { markdown: o.join('\n'), summary };
}

/** Where availability comes from: the history given (`trainPaths`), else cross-fitting over the data's months or weeks. */
async function availabilityLearning(rows: readonly FidelityRow[], options: FidelityReportOptions): Promise<AvailabilityLearning | null> {
  if (options.trainPaths?.length) {
    const files = await expandDataPaths(options.trainPaths);
    if (files.length === 0) throw new Error('no training files');
    const history = (await loadHours(files, options)).rows;
    const months = [...new Set(history.map((r) => r.date.slice(0, 7)))].sort();
    const all = () => 'history';
    const predicted = new Set(rows.map((r) => r.date.slice(0, 7)));
    const overlap = months.filter((m) => predicted.has(m));
    return {
      from: 'from the history given', unit: 'history', foldOf: all,
      models: new Map([['history', learnAvailability(history)]]),
      byHourOnly: new Map([['history', learnAvailability(history, { useRatio: false })]]),
      outOfSample: overlap.length
        ? `the history given (${months.join(', ')}; \`--train\`) overlaps the predicted months (${overlap.join(', ')}), so these figures are **in sample** for those months`
        : `every hour is predicted with availability fitted on the history given (${months.join(', ')}; \`--train\`), none of the predicted hours' outcomes`,
    };
  }
  const folds = foldsOf(rows.map((r) => r.date));
  if (!folds) return null;
  return {
    from: `from other ${folds.kind}s`, unit: folds.kind, foldOf: folds.foldOf,
    models: crossFittedAvailability(rows, folds.foldOf),
    byHourOnly: crossFittedAvailability(rows, folds.foldOf, { useRatio: false }),
    outOfSample: `each ${folds.kind} is predicted with availability fitted on the other ${folds.kind}s, never on its own outcomes`,
  };
}

/** The availability section: learned from all the data for planning, and each period scored out of sample. */
function availabilitySection(o: string[], rows: readonly FidelityRow[], rowsCal: readonly FidelityRow[], rowsCalByHour: readonly FidelityRow[], learning: AvailabilityLearning) {
  const { foldOf, unit } = learning;
  const all = learning.unit === 'history' ? learning.models.get('history')! : learnAvailability(rows);
  o.push(`## Availability learned ${learning.from}`);
  o.push('');
  o.push(`Presence counts an agent from the first to the last call of a stretch, but a present agent is not always available to the queue (other work, skills the waiting calls do not need, short breaks), and presence is itself measured with error. Each past hour tells how many agents Erlang A needs to reproduce what was observed. The log of its ratio to presence is modelled as a clock-hour effect plus an elasticity on the hour's presence ÷ distinct agents — a second, independent count of who worked: where presence is low beside the distinct count (many short stretches), stretches cut on-duty time, and the other way round. Fitted by least absolute deviations, the clock-hour effects as medians shrunk toward none with 10 pseudo-hours, the two alternated until they settle. It is learned from outcomes, so it is scored only out of sample: ${learning.outOfSample}.`);
  o.push('');
  o.push(`${unit === 'history' ? `Learned on the history's ${all.hours} hours` : `Learned on all ${all.hours} hours (for planning; not used to score)`}: elasticity ${num(all.slope)} on presence ÷ distinct agents; at the typical ratio ${num(all.typicalRatio)}, availability ${num(all.overall)} overall and by clock hour:`);
  o.push('');
  const starts = [...all.byStart.keys()].sort();
  o.push(`| clock hour | ${starts.join(' | ')} |`);
  o.push(`|${'---|'.repeat(1 + starts.length)}`);
  o.push(`| availability | ${starts.map((h) => num(all.byStart.get(h)!, 2)).join(' | ')} |`);
  o.push('');
  o.push(`| ${unit === 'history' ? 'predicted' : `${unit} predicted`} | learned from hours | elasticity | availability at typical ratio | hours | A median \|err\| presence | A median \|err\| with availability | A bias with availability | A median \|err\| clock hour only | C median \|err\| with availability |`);
  o.push('|---|---|---|---|---|---|---|---|---|---|');
  for (const [f, m] of learning.models) {
    const before = rows.filter((r) => foldOf(r.date) === f);
    const label = unit === 'history' ? 'all' : f;
    const after = rowsCal.filter((r) => foldOf(r.date) === f);
    if (!after.length) continue;
    const a = summarizeErrors(after.map(errA));
    const byHour = summarizeErrors(rowsCalByHour.filter((r) => foldOf(r.date) === f).map(errA));
    o.push(`| ${label} | ${m.hours} | ${num(m.slope)} | ${num(m.overall)} | ${after.length} | ${num(summarizeErrors(before.map(errA)).medianAbs)} | ${num(a.medianAbs)} | ${num(a.mean)} | ${num(byHour.medianAbs)} | ${num(summarizeErrors(after.map(errC)).medianAbs)} |`);
  }
  o.push('');
}

const RULE_LABEL: Record<PoolRule, string> = { pooled: 'pooled', desks: 'desks', specialists: 'specialists', 'per-type': 'per type' };

interface PoolScore {
  /** The month's pools (member types joined by +). */
  pools: string[];
  a: ErrorSummary;
  c: ErrorSummary;
}

/**
 * Scores each pooling rule on the headline's hours, month by month: pools are drawn from that
 * month's own records, presence per agent is split over them by talk share (see fidelityPools.ts).
 */
function poolingByRule(rows: readonly FidelityRow[], callStats: readonly IntervalStat[], spansByQueue: Map<string, ServiceSpan[]>, agentPresence: Map<number, Map<string, number>>, slotOf: (s: IntervalStat) => number) {
  const byType = new Map([...spansByQueue].filter(([q]) => q !== '*'));
  const talk = talkByInterval(byType, 60);
  const monthOf = (slot: number) => new Date(slot * 3_600_000).toISOString().slice(0, 7);
  const statsBySlot = new Map<number, IntervalStat[]>();
  for (const s of callStats) {
    if (s.queue === '*') continue;
    const k = slotOf(s);
    statsBySlot.set(k, [...(statsBySlot.get(k) ?? []), s]);
  }
  const rowSlot = (r: FidelityRow) => Math.floor(Date.parse(`${r.date}T${r.start}:00Z`) / 3_600_000);
  const kept = new Set(rows.map(rowSlot));
  // The pooled patience of the headline: queue exposure ÷ abandonments over its hours.
  const sums = callStats.filter((s) => s.queue === '*' && kept.has(slotOf(s))).reduce((x, s) => ({ w: x.w + s.waitAllSeconds, ab: x.ab + s.abandoned }), { w: 0, ab: 0 });
  const pooledPatience = sums.ab > 0 ? sums.w / sums.ab : Infinity;
  const months = [...new Set(rows.map((r) => r.date.slice(0, 7)))].sort();
  const talkByMonth = new Map(months.map((m) => [m, sumTalk(talk, (k) => monthOf(k) === m)]));
  const byRule = new Map<PoolRule, Map<string, PoolScore>>();
  for (const rule of POOL_RULES) {
    const perMonth = new Map<string, PoolScore>();
    for (const m of months) {
      const monthTalk = talkByMonth.get(m)!;
      const poolOf = callTypePools(monthTalk, rule);
      const errA: number[] = [];
      const errC: number[] = [];
      for (const r of rows.filter((x) => x.date.startsWith(m))) {
        const k = rowSlot(r);
        const agents = splitPresence(agentPresence.get(k) ?? new Map(), poolOf, talk.get(k), monthTalk);
        const loads = new Map<string, PoolLoad>();
        for (const s of statsBySlot.get(k) ?? []) {
          const pool = poolOf.get(s.queue) ?? s.queue;
          const l = loads.get(pool) ?? { offered: 0, answered: 0, abandoned: 0, talkSeconds: 0, waitAllSeconds: 0, agents: agents.get(pool) ?? 0 };
          l.offered += s.offered;
          l.answered += s.answered;
          l.abandoned += s.abandoned;
          l.talkSeconds += s.talkSeconds;
          l.waitAllSeconds += s.waitAllSeconds;
          loads.set(pool, l);
        }
        const p = pooledServiceLevel([...loads.values()], { intervalSeconds: 3600, sl: { thresholdSeconds: T, definition: 'offered' }, pooledPatienceSeconds: pooledPatience, patiencePrior: 5, fallbackAhtSeconds: r.ahtSeconds });
        errA.push(p.erlangA - r.observedSl);
        errC.push(p.erlangC - r.observedSl);
      }
      perMonth.set(m, { pools: [...new Set(poolOf.values())].sort((x, y) => (x.length === y.length ? (x < y ? -1 : 1) : y.length - x.length)), a: summarizeErrors(errA), c: summarizeErrors(errC) });
    }
    byRule.set(rule, perMonth);
  }
  const types = [...byType.keys()].sort();
  return { byRule, types, hours: rows.length };
}

/** Presence per interval, day or month as CSV lines (for `wfm presence`). */
export async function presenceCsv(paths: readonly string[], by: 'interval' | 'day' | 'month', idleThresholdSeconds?: number, model: PresenceModel = 'adaptive'): Promise<string> {
  const files = await expandDataPaths(paths);
  const collector = createPresenceCollector({ timeZone: CALL_RECORD_ZONE });
  for (const file of files) await importCallRecords(splitLines(createReadStream(file)), anonymousBankFormat({ sourceTimeZone: CALL_RECORD_ZONE }), (r) => collector.add(r));
  const spans = collector.spans().get('*') ?? [];
  const th = idleThresholdSeconds ?? idleThresholdFromGaps(withinAgentGaps(spans));
  const p = model === 'adaptive' ? adaptivePresence(spans, { intervalMinutes: 60, baseThresholdSeconds: th, tailProbability: TAIL }).presence : presenceByInterval(spans, { intervalMinutes: 60, idleThresholdSeconds: th });
  if (by === 'interval') {
    const lines = ['interval_start,agents_present,distinct_agents'];
    for (const x of [...p.values()].sort((a, b) => a.slotIndex - b.slotIndex)) lines.push(`${new Date(x.slotIndex * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')},${x.agentsPresent.toFixed(3)},${x.distinctAgents}`);
    return `${lines.join('\n')}\n`;
  }
  const lines = ['period_start,present_agent_hours,distinct_agent_hours,ratio'];
  for (const g of rollUpPresence(p, 60, by)) lines.push(`${g.periodStart},${g.presentHours.toFixed(2)},${g.distinctAgentHours.toFixed(2)},${g.ratio.toFixed(4)}`);
  return `${lines.join('\n')}\n`;
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const md = await runFidelityReport(process.argv.length > 2 ? process.argv.slice(2).map((p) => path.resolve(p)) : defaultDataDir);
  const target = path.join(projectRoot, 'docs/wfm-erlang-fidelity.md');
  await writeFile(target, md);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
