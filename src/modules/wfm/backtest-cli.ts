/**
 * Writes docs/wfm-forecast-accuracy.md: rolling-origin backtest of the forecast candidates on
 * the us-bank-calls series aggregated to 30 minutes; the method is chosen on a selection window
 * and then scored on the last four weeks of the file (one-week-ahead forecasts).
 *
 * Usage: npx tsx src/modules/wfm/backtest-cli.ts [csvPath]
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { backtest, bandCoverage, defaultCandidates, residualBands, selectMethod, weeklyOrigins, type BandCoverage, type ForecastCalendar, type ForecastMethod, type MethodScore, type PredictionBands } from './forecast';
import { parseIntervalCounts, type IntervalCountsReport, type IntervalSeries } from './series';
import { builtInHolidays, withHolidays, type BuiltInCalendar } from './calendars';
import { addDays, weekdayOf } from './timezone';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../../..');
export const defaultDataPath = path.resolve(projectRoot, '../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv');

const TEST_WEEKS = 4;
const SELECTION_WEEKS = 8;

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '—');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

function table(scores: readonly MethodScore[], chosen: string | null): string {
  const steps = [...new Set(scores.flatMap((s) => s.byHorizon.map((h) => h.step)))].sort((a, b) => a - b);
  const head = `| method | WAPE | MASE | ${steps.map((s) => `WAPE h=${s}`).join(' | ')} | ${steps.map((s) => `MASE h=${s}`).join(' | ')} |`;
  const sep = `|${'---|'.repeat(3 + 2 * steps.length)}`;
  const rows = scores.map((s) => {
    const by = new Map(s.byHorizon.map((h) => [h.step, h]));
    const name = s.method === chosen ? `**${s.method}** (chosen)` : s.method;
    return `| ${name} | ${pct(s.wape)} | ${f3(s.mase)} | ${steps.map((k) => pct(by.get(k)?.wape ?? NaN)).join(' | ')} | ${steps.map((k) => f3(by.get(k)?.mase ?? NaN)).join(' | ')} |`;
  });
  return [head, sep, ...rows].join('\n');
}

/** Structured result of the us-bank-calls backtest (what the report is made of). */
export interface UsBankBacktest {
  series: IntervalSeries;
  report: IntervalCountsReport;
  calendar: ForecastCalendar;
  /** Listed holidays on which the file has calls: worked, so treated as open days. */
  workedHolidays: string[];
  gaps: string[];
  candidates: ForecastMethod[];
  selectionOrigins: string[];
  testOrigins: string[];
  dailyOrigins: string[];
  selection: MethodScore[];
  chosen: MethodScore;
  test: MethodScore[];
  daily: MethodScore[];
  /** P10/P90 bands of the chosen method from its selection-window residuals. */
  bands: PredictionBands;
  /** Their coverage on the selection window (in sample) and the test window (step 0 = all). */
  bandCoverageSelection: BandCoverage[];
  bandCoverageTest: BandCoverage[];
}

export interface BacktestReportOptions {
  /** Built-in holiday set (default `us-federal`, the data being a US bank's). */
  calendar?: BuiltInCalendar;
  /** Imported holiday set (from `--holidays FILE`), added to the built-in one. */
  holidays?: { holidays: string[]; openDates: string[]; source: string };
  /** Test window (local dates, inclusive); default the last four weeks of the file. */
  from?: string;
  to?: string;
  /** Horizon in days of the daily-origin table (default 14). */
  horizonDays?: number;
}

/** Runs selection and test backtests on the text of the us-bank-calls CSV (pure). */
export function evaluateUsBankBacktest(csvText: string, options: BacktestReportOptions = {}): UsBankBacktest {
  // The file's timestamps carry a Z but are local clock times (see the data README).
  const { series, report } = parseIntervalCounts(csvText.split('\n'), { intervalMinutes: 30, ignoreZone: true });
  const first = series.days[0].date;
  const last = series.days[series.days.length - 1].date;
  const years = [...new Set(series.days.map((d) => Number(d.date.slice(0, 4))))];
  const listed: ForecastCalendar = withHolidays(
    { closedWeekdays: [0, 6] },
    builtInHolidays(options.calendar ?? 'us-federal', years),
    ...(options.holidays ? [options.holidays] : []),
  );
  // A listed holiday on which the file has calls was a working day for this centre (many stay open
  // on Columbus Day or Veterans Day): it is trained on and scored like any day, and the day after it
  // is not an after-closure day. A planner knows the centre's own closures; here the file is that
  // knowledge, as it is for the weekdays without data.
  const present = new Set(series.days.filter((d) => d.values.some((v) => v > 0)).map((d) => d.date));
  const workedHolidays = (listed.holidays ?? []).filter((d) => present.has(d));
  const calendar: ForecastCalendar = { ...listed, holidays: (listed.holidays ?? []).filter((d) => !present.has(d)) };
  const holidays = new Set(calendar.holidays);
  const gaps: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) {
    const wd = weekdayOf(d);
    if (wd !== 0 && wd !== 6 && !present.has(d) && !holidays.has(d)) gaps.push(d);
  }
  const candidates = defaultCandidates();
  // Test origins: the Sundays before each week of [from, to] (default the last four weeks).
  let testOrigins: string[];
  if (options.from || options.to) {
    const from = options.from ?? first;
    const to = options.to ?? last;
    if (from > to) throw new RangeError(`--from ${from} is after --to ${to}`);
    testOrigins = [];
    for (let d = addDays(from, -((weekdayOf(from) + 7) % 7)); d < to; d = addDays(d, 7)) if (addDays(d, 1) <= last && d >= first) testOrigins.push(d);
    if (testOrigins.length === 0) throw new RangeError(`no test week between ${from} and ${to} inside ${first} … ${last}`);
  } else testOrigins = weeklyOrigins(series, TEST_WEEKS);
  const selectionOrigins = Array.from({ length: SELECTION_WEEKS }, (_, i) => addDays(testOrigins[0], -7 * (SELECTION_WEEKS - i))).filter((d) => d > first);
  const testEnd = options.to ?? last;
  const selection = backtest(series, candidates, { origins: selectionOrigins, horizonDays: 7, calendar });
  const chosen = selectMethod(selection);
  const test = backtest(series, candidates, { origins: testOrigins, horizonDays: 7, calendar });
  // Daily rolling origins over the test window: accuracy by horizon.
  const dailyOrigins: string[] = [];
  for (let d = testOrigins[0]; d < testEnd && d < last; d = addDays(d, 1)) {
    const wd = weekdayOf(d);
    if (wd !== 0 && wd !== 6 && present.has(d)) dailyOrigins.push(d);
  }
  const daily = backtest(series, candidates, { origins: dailyOrigins, horizonDays: options.horizonDays ?? 14, calendar });
  // Prediction intervals: residual quantiles of the chosen method on the selection window only.
  const chosenMethod = candidates.find((c) => c.name === chosen.method)!;
  const bands = residualBands(series, chosenMethod, { origins: selectionOrigins, horizonDays: 7, calendar });
  const bandCoverageSelection = bandCoverage(series, chosenMethod, bands, { origins: selectionOrigins, horizonDays: 7, calendar });
  const bandCoverageTest = bandCoverage(series, chosenMethod, bands, { origins: testOrigins, horizonDays: 7, calendar });
  return { series, report, calendar, workedHolidays, gaps, candidates, selectionOrigins, testOrigins, dailyOrigins, selection, chosen, test, daily, bands, bandCoverageSelection, bandCoverageTest };
}

/** The backtest's figures for scripts (`wfm backtest --json`): the chosen method and the baselines on the test window. */
export function backtestSummary(r: UsBankBacktest) {
  const score = (m: MethodScore) => ({ method: m.method, wape: m.wape, mase: m.mase, points: m.points, byHorizon: m.byHorizon });
  const on = (name: string) => r.test.find((s) => s.method === name)!;
  return {
    data: { first: r.series.days[0].date, last: r.series.days[r.series.days.length - 1].date, days: r.series.days.length, intervalMinutes: r.series.intervalMinutes },
    calendar: { holidays: (r.calendar.holidays ?? []).filter((d) => d >= r.series.days[0].date && d <= r.series.days[r.series.days.length - 1].date), workedHolidays: r.workedHolidays, gaps: r.gaps },
    selection: { origins: r.selectionOrigins, chosen: score(r.chosen) },
    test: {
      origins: r.testOrigins,
      chosen: score(on(r.chosen.method)),
      baselines: { seasonalNaive: score(on('seasonal-naive')), meanLast4Weeks: score(on('mean-last-4-weeks')) },
      methods: r.test.map(score),
      bandCoverage: r.bandCoverageTest,
    },
  };
}

/** Runs the backtest on the us-bank-calls CSV at `dataPath` and returns the markdown report. */
export async function runBacktestReport(dataPath: string = defaultDataPath, options: BacktestReportOptions = {}): Promise<string> {
  const r = evaluateUsBankBacktest(await readFile(dataPath, 'utf8'), options);
  const calName = options.calendar ?? 'us-federal';
  const flags = [calName !== 'us-federal' ? `--calendar ${calName}` : '', options.holidays ? `--holidays ${options.holidays.source}` : '', options.from ? `--from ${options.from}` : '', options.to ? `--to ${options.to}` : '', options.horizonDays ? `--horizon ${options.horizonDays}` : ''].filter(Boolean).join(' ');
  const inRange = (d: string) => d >= r.series.days[0].date && d <= r.series.days[r.series.days.length - 1].date;
  const { series, report, gaps, candidates, selectionOrigins, testOrigins, dailyOrigins, selection, chosen, test, daily, bands, bandCoverageSelection, bandCoverageTest } = r;
  const first = series.days[0].date;
  const last = series.days[series.days.length - 1].date;
  const testChosen = test.find((s) => s.method === chosen.method)!;
  const naive = test.find((s) => s.method === 'seasonal-naive')!;
  const mean4 = test.find((s) => s.method === 'mean-last-4-weeks')!;
  const beatsBoth = testChosen.wape < naive.wape && testChosen.wape < mean4.wape;
  const beatsBothMase = testChosen.mase < naive.mase && testChosen.mase < mean4.mase;
  const firstTestDay = addDays(testOrigins[0], 1);
  const o: string[] = [];
  o.push('# Forecast accuracy — us-bank-calls, 30-minute intervals');
  o.push('');
  o.push('Generated by `runBacktestReport` from `../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv`. Do not edit by hand. To reproduce it, run from the project root:');
  o.push('');
  o.push('```sh');
  o.push(`node bin/shouwen.mjs wfm backtest --data ../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv${flags ? ` ${flags}` : ''} --out docs/wfm-forecast-accuracy.md`);
  o.push('```');
  o.push('');
  o.push('(without `--out` the report goes to stdout; `npx tsx src/modules/wfm/backtest-cli.ts` writes the same file).');
  o.push('');
  o.push('## Data and calendar');
  o.push('');
  o.push(`- ${report.rows} rows of ${report.sourceMinutes}-minute counts, ${first} … ${last}, aggregated to 30 minutes: ${series.slotsPerDay} intervals per day from ${String(Math.floor(series.dayStartMinute / 60)).padStart(2, '0')}:${String(series.dayStartMinute % 60).padStart(2, '0')}, ${series.days.length} days. ${report.incompleteIntervals} incomplete 30-minute intervals were dropped (the lone 21:00 five-minute row of each day).`);
  const shownHolidays = (r.calendar.holidays ?? []).filter(inRange);
  o.push(`- Calendar: \`--calendar ${calName}\`${options.holidays ? ` plus \`--holidays ${options.holidays.source}\`` : ''} (built-in sets: \`us-federal\` — US federal holidays by rule, Good Friday is not one; \`cn\` — the SLA module's PRC holidays and 调休 workdays; \`none\`). Closed: Saturdays, Sundays and the holidays inside the file ${shownHolidays.length ? shownHolidays.join(', ') : '(none)'} (forecast 0, never used for training; the first open day after one carries the after-closure label). Holidays of the set on which the file has calls were worked, so they are open days here (trained on, scored, no after-closure label on the next day): ${r.workedHolidays.filter(inRange).length ? r.workedHolidays.filter(inRange).join(', ') : 'none'}. Weekdays without data that are not holidays are treated as gaps: ${gaps.length ? gaps.join(', ') : 'none'}.`);
  o.push('- Special days are labelled from the calendar: first and second open day of a month, last open day of a month, first and second open day after a holiday, last open day before one. The regression methods learn one effect per label from history (labels seen at least twice in the window).');
  o.push('');
  o.push('## Protocol');
  o.push('');
  o.push('- Rolling origin, one week ahead: at each origin (the Sunday before a week) every method sees only history up to the origin and forecasts every 30-minute interval of the following Monday–Friday. Horizon h = open day after the origin (h = 1 is Monday).');
  o.push('- WAPE = Σ|actual − forecast| ÷ Σ actual over the scored intervals. MASE = mean |error| ÷ the in-sample mean absolute error of seasonal-naive (same interval, previous same weekday) on the history available at that origin.');
  o.push(`- Selection window: ${SELECTION_WEEKS} weeks, origins ${selectionOrigins[0]} … ${selectionOrigins[selectionOrigins.length - 1]}. The method with the lowest WAPE there is chosen, without looking at the test weeks.`);
  o.push('- The candidate set and its defaults (26-week window, 8-week half-life, special-day labels, the 3-week half-life of the weighted weekday mean, the inner 6-week backtest of the combination) were settled during development with this file in view, judged on rolling origins before the test window only (the last four weeks were never used to choose); the choice among candidates below uses the selection window only.');
  o.push('- Prediction intervals: for the chosen method, P10 and P90 of actual ÷ forecast per interval of the day over the selection window (intervals forecast below one call skipped); the band is forecast × those ratios. Coverage is the share of actuals inside it (nominal 80 %).');
  o.push(`- Test window: ${options.from || options.to ? `\`--from ${options.from ?? first}\` \`--to ${options.to ?? last}\`` : `the last ${TEST_WEEKS} weeks of the file`}, ${firstTestDay} … ${options.to ?? last} (origins ${testOrigins.join(', ')}). The selection window is the ${SELECTION_WEEKS} weeks before it.`);
  o.push('');
  o.push('Candidates:');
  o.push('');
  for (const c of candidates) o.push(`- \`${c.name}\`: ${c.description}`);
  o.push('');
  o.push('## Selection window');
  o.push('');
  o.push(table(selection, chosen.method));
  o.push('');
  o.push(`Chosen: **${chosen.method}** (WAPE ${pct(chosen.wape)}, MASE ${f3(chosen.mase)}).`);
  o.push('');
  o.push('## Test window — one week ahead');
  o.push('');
  o.push(table(test, chosen.method));
  o.push('');
  o.push(`Result: the chosen method **${chosen.method}** has WAPE ${pct(testChosen.wape)} and MASE ${f3(testChosen.mase)} against seasonal-naive ${pct(naive.wape)} / ${f3(naive.mase)} and the mean of the last four same weekdays ${pct(mean4.wape)} / ${f3(mean4.mase)}: it ${beatsBoth ? '**beats both**' : '**does not beat both**'} baselines on WAPE${beatsBothMase ? ' and on MASE' : ', not on MASE'}.`);
  o.push('');
  o.push('## Prediction intervals (P10/P90) of the chosen method');
  o.push('');
  const cov = (list: BandCoverage[]) => {
    const all = list.find((c) => c.step === 0);
    const steps = list.filter((c) => c.step > 0);
    return `| ${all ? pct(all.coverage) : '—'} | ${all ? pct(all.below) : '—'} | ${all ? pct(all.above) : '—'} | ${all ? pct(all.relativeWidth) : '—'} | ${steps.map((c) => pct(c.coverage)).join(' | ')} |`;
  };
  const covSteps = [...new Set([...bandCoverageSelection, ...bandCoverageTest].map((c) => c.step).filter((k) => k > 0))].sort((a, b) => a - b);
  o.push(`Bands from ${bands.points} selection-window intervals. Per interval of the day, P10 ÷ forecast ranges ${f3(Math.min(...bands.lower))} … ${f3(Math.max(...bands.lower))} and P90 ÷ forecast ${f3(Math.min(...bands.upper))} … ${f3(Math.max(...bands.upper))}.`);
  o.push('');
  o.push(`| window | coverage | below P10 | above P90 | width ÷ actual | ${covSteps.map((k) => `coverage h=${k}`).join(' | ')} |`);
  o.push(`|${'---|'.repeat(5 + covSteps.length)}`);
  o.push(`| selection (in sample) ${cov(bandCoverageSelection)}`);
  o.push(`| test ${cov(bandCoverageTest)}`);
  o.push('');
  o.push(`## Test window — daily origins, horizons up to ${options.horizonDays ?? 14} days`);
  o.push('');
  o.push(`Origins: every open day from ${dailyOrigins[0]} to ${dailyOrigins[dailyOrigins.length - 1]}; each forecasts the next ${options.horizonDays ?? 14} calendar days, scored where the file has data (long horizons therefore have fewer points).`);
  o.push('');
  o.push(table(daily, chosen.method));
  o.push('');
  return o.join('\n');
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invokedDirectly) {
  const md = await runBacktestReport(process.argv[2] ? path.resolve(process.argv[2]) : defaultDataPath);
  const target = path.join(projectRoot, 'docs/wfm-forecast-accuracy.md');
  await writeFile(target, md);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
