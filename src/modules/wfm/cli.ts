/**
 * CLI commands of workforce planning: `import calls`, `forecast`, `staffing` and
 * `wfm backtest | fidelity | queues` (`erlang` and the shared flag parsing are in erlang-cli.ts).
 * Bad or missing flags: a message on stderr and exit code 2.
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../../cli/commands';
import { progressPrinter } from '../../cli/progress';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { t } from '../../core/i18n';
import { erlangCommand, guarded, num, parse, str, UsageError, type Values } from './erlang-cli';
import { formatOverridesSchema, isValidTimeZone, PRESET_NAMES, resolveFormat, type FormatOverrides } from './formats';
import { TEXT_ENCODINGS, type TextEncodingName } from './importer';
import { startImportJob } from './importJobs';
import { queueForecast, queueStaffing, type IntervalMinutes } from './service';
import { createQueue, findQueue, queueOut } from './store';
import { addDays, localDateOf } from './timezone';
import type { SlDefinition } from './types';
import './messages';

export { erlangInputFromArgs, UsageError } from './erlang-cli';

function date(v: Values, name: string): string | undefined {
  const d = str(v, name);
  if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new UsageError(`--${name} ${d}: 应为日期 expected YYYY-MM-DD`);
  return d;
}

function interval(v: Values): IntervalMinutes | undefined {
  const i = num(v, 'interval', { int: true });
  if (i !== undefined && i !== 15 && i !== 30 && i !== 60) throw new UsageError(`--interval ${i}: 应为 expected 15, 30 or 60`);
  return i as IntervalMinutes | undefined;
}

async function withContext<T>(fn: (ctx: AppContext) => Promise<T>, bootstrapFirst = false): Promise<T> {
  // Imported lazily: the file-based `wfm` reports never open the database.
  const { openContext, bootstrap } = await import('../../core/bootstrap');
  const ctx = await openContext();
  try {
    if (bootstrapFirst) await bootstrap(ctx, (m) => process.stderr.write(`${m}\n`));
    return await fn(ctx);
  } finally {
    await ctx.store.close();
  }
}

async function orgOf(ctx: AppContext, code: string | undefined): Promise<string> {
  const org = code
    ? await ctx.store.db.selectFrom('organisations').select('id').where('code', '=', code).executeTakeFirst()
    : await ctx.store.db.selectFrom('organisations').select('id').orderBy('created_at').executeTakeFirst();
  if (!org) throw new AppError(404, 'not_found', { what: code ? `organisation ${code}` : 'organisation' });
  return org.id;
}

async function queueNamed(ctx: AppContext, orgId: string, name: string) {
  const q = (await findQueue(ctx.store.db, orgId, name, true)) ?? (await findQueue(ctx.store.db, orgId, name));
  if (!q) throw new AppError(404, 'not_found', { what: `${t('zh-CN', 'what.wfm_queue')} "${name}"` });
  return q;
}

// ------------------------------------------------------------------ import calls

const IMPORT_USAGE =
  'shouwen import calls <file> --queue Q [--preset anonymous-bank] [--time-zone Asia/Jerusalem] [--format JSON|@file.json] [--column field=Header …] [--time-format F] [--date-format F] [--duration-format seconds|h:mm:ss] [--delimiter D] [--source-queues PS,PE] [--encoding auto|utf-8|gb18030] [--org CODE]';

async function importCallsCmd(args: string[]): Promise<number> {
  return guarded(IMPORT_USAGE, async () => {
    const { values, positionals } = parse(
      args,
      {
        queue: { type: 'string' }, preset: { type: 'string' }, 'time-zone': { type: 'string' }, format: { type: 'string' },
        column: { type: 'string', multiple: true }, 'time-format': { type: 'string' }, 'date-format': { type: 'string' },
        'duration-format': { type: 'string' }, delimiter: { type: 'string' }, 'source-queues': { type: 'string' }, org: { type: 'string' },
        encoding: { type: 'string' },
      },
      true,
    );
    const file = positionals[0];
    if (!file) throw new UsageError('缺少话单文件 missing <file>');
    if (positionals.length > 1) throw new UsageError(`多余的参数 unexpected argument: ${positionals[1]}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`文件不存在 no such file: ${file}`);
    const queueName = str(values, 'queue', true)!;
    const zone = str(values, 'time-zone');
    if (zone !== undefined && !isValidTimeZone(zone)) throw new UsageError(`--time-zone ${zone}: 未知时区 unknown time zone`);
    const preset = str(values, 'preset');
    if (preset !== undefined && !PRESET_NAMES.includes(preset as (typeof PRESET_NAMES)[number])) throw new UsageError(`--preset ${preset}: 可选 expected ${PRESET_NAMES.join(', ')}`);
    const overrides = formatFromFlags(values);
    if (!preset && !overrides.columns?.arrival) throw new UsageError('请给出 --preset，或用 --format / --column arrival=… 说明列映射 give --preset or a column mapping (--format / --column arrival=…)');
    const delimiter = str(values, 'delimiter');
    const encoding = (str(values, 'encoding') ?? 'auto') as TextEncodingName;
    if (!TEXT_ENCODINGS.includes(encoding)) throw new UsageError(`--encoding ${encoding}: 应为 expected ${TEXT_ENCODINGS.join(', ')}`);
    return withContext(async (ctx) => {
      const orgId = await orgOf(ctx, str(values, 'org'));
      let queue = await findQueue(ctx.store.db, orgId, queueName, true);
      const created = !queue;
      if (!queue) queue = await createQueue(ctx.store.db, orgId, { name: queueName, ...(zone && { timeZone: zone }) });
      const format = resolveFormat({ preset, format: { ...overrides, ...(delimiter !== undefined && { delimiter: delimiter === '\\t' ? '\t' : delimiter }) }, timeZone: zone }, queue.time_zone);
      const totalBytes = statSync(file).size;
      const bar = progressPrinter('导入话单 import calls');
      const sourceQueues = str(values, 'source-queues')?.split(',').map((s) => s.trim()).filter(Boolean);
      const job = await startImportJob(ctx.store, {
        queue, userId: null, fileName: path.basename(file), preset: preset ?? null, format, sourceQueues, encoding, totalBytes,
        onProgress: (p) => bar(p.bytesRead, totalBytes),
      });
      const r = await job.run(createReadStream(file));
      bar(totalBytes, totalBytes);
      const rep = r.report;
      for (const i of rep.issues.slice(0, 20)) process.stderr.write(`第 ${i.line} 行 line ${i.line}: ${t('zh-CN', `wfm.malformed.${i.reason}`)} — ${i.message}\n`);
      if (rep.malformed > 20) process.stderr.write(`… 共 ${rep.malformed} 行格式错误已跳过 (${rep.malformed} malformed rows skipped; all reported in the JSON summary)\n`);
      const fresh = (await findQueue(ctx.store.db, orgId, queue.id))!;
      process.stdout.write(
        `${JSON.stringify({
          importId: job.id, queue: fresh.name, queueId: fresh.id, queueCreated: created, timeZone: fresh.time_zone, sourceTimeZone: format.sourceTimeZone,
          file: path.resolve(file), rowsRead: rep.rowsRead, records: rep.records, inserted: r.inserted, duplicates: r.duplicates,
          answered: rep.answered, abandoned: rep.abandoned, notOffered: rep.notOffered, ignored: rep.ignored, ignoredByOutcome: rep.ignoredByOutcome,
          otherQueues: r.otherQueues, malformed: rep.malformed, malformedByReason: rep.malformedByReason, recordsByQueue: rep.recordsByQueue,
          firstArrivalAt: rep.firstArrivalAt ?? null, lastArrivalAt: rep.lastArrivalAt ?? null, slotsRebuilt: r.slotsRebuilt,
          history: queueOut(fresh).history, seconds: Math.round(r.seconds * 100) / 100,
          issues: rep.issues, issuesTruncated: rep.issuesTruncated,
        })}\n`,
      );
      return 0;
    }, true);
  });
}

// ------------------------------------------------------------------ import intervals

const IMPORT_INTERVALS_USAGE =
  'shouwen import intervals <file.csv|file.xlsx> --queue NAME [--source-minutes 5|15|30|60] [--time-zone ZONE] [--time-format FMT] [--column key=header …] [--delimiter D] [--encoding auto|utf-8|gb18030] [--org CODE]';
const INTERVAL_COLUMNS = ['start', 'offered', 'answered', 'abandoned', 'ahtSeconds', 'asaSeconds', 'answeredWithinT', 'serviceLevel', 'agents', 'queue'];

async function importIntervalsCmd(args: string[]): Promise<number> {
  return guarded(IMPORT_INTERVALS_USAGE, async () => {
    const { values, positionals } = parse(
      args,
      {
        queue: { type: 'string' }, 'source-minutes': { type: 'string' }, 'time-zone': { type: 'string' }, 'time-format': { type: 'string' },
        column: { type: 'string', multiple: true }, delimiter: { type: 'string' }, encoding: { type: 'string' }, org: { type: 'string' },
      },
      true,
    );
    const file = positionals[0];
    if (!file) throw new UsageError('缺少文件 missing <file>');
    if (positionals.length > 1) throw new UsageError(`多余的参数 unexpected argument: ${positionals[1]}`);
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`文件不存在 no such file: ${file}`);
    const queueName = str(values, 'queue', true)!;
    const zone = str(values, 'time-zone');
    if (zone !== undefined && !isValidTimeZone(zone)) throw new UsageError(`--time-zone ${zone}: 未知时区 unknown time zone`);
    const sourceMinutes = num(values, 'source-minutes', { int: true, min: 1, max: 1440 });
    if (sourceMinutes !== undefined && 1440 % sourceMinutes !== 0) throw new UsageError('--source-minutes: 应整除 1440 must divide 1440');
    const columns: Record<string, string> = {};
    for (const c of (values.column as string[] | undefined) ?? []) {
      const [k, ...v] = c.split('=');
      if (!INTERVAL_COLUMNS.includes(k) || v.length === 0) throw new UsageError(`--column ${c}: 应为 expected one of ${INTERVAL_COLUMNS.join(', ')}=header`);
      columns[k] = v.join('=');
    }
    const encoding = (str(values, 'encoding') ?? 'auto') as TextEncodingName;
    if (!TEXT_ENCODINGS.includes(encoding)) throw new UsageError(`--encoding ${encoding}: 应为 expected ${TEXT_ENCODINGS.join(', ')}`);
    const delimiter = str(values, 'delimiter');
    return withContext(async (ctx) => {
      const orgId = await orgOf(ctx, str(values, 'org'));
      let queue = await findQueue(ctx.store.db, orgId, queueName, true);
      const created = !queue;
      if (!queue) queue = await createQueue(ctx.store.db, orgId, { name: queueName, ...(zone && { timeZone: zone }) });
      const { importIntervalCounts } = await import('./intervalImport');
      const r = await importIntervalCounts(ctx.store, createReadStream(file), {
        queue, sourceMinutes, encoding, xlsx: /\.xlsx$/i.test(file),
        format: {
          columns, sourceTimeZone: zone ?? queue.time_zone, ...(str(values, 'time-format') && { timeFormat: str(values, 'time-format') }),
          ...(delimiter !== undefined && { delimiter: delimiter === '\\t' ? '\t' : delimiter }),
        },
      });
      for (const i of r.report.issues.slice(0, 20)) process.stderr.write(`第 ${i.line} 行 line ${i.line}: ${t('zh-CN', `wfm.malformed.${i.reason}`)} — ${i.message}\n`);
      const fresh = (await findQueue(ctx.store.db, orgId, queue.id))!;
      process.stdout.write(`${JSON.stringify({ queue: fresh.name, queueId: fresh.id, queueCreated: created, file: path.resolve(file), slotsWritten: r.slotsWritten, ...r.report, history: queueOut(fresh).history, seconds: Math.round(r.seconds * 100) / 100 })}\n`);
      return 0;
    }, true);
  });
}

const COLUMN_FIELDS = ['queue', 'date', 'arrival', 'queueEnter', 'queueExit', 'serviceStart', 'serviceEnd', 'waitSeconds', 'talkSeconds', 'outcome', 'agent', 'callId'];

/** --format JSON (or @file) plus the shortcut flags, validated like the API's `format` field. */
function formatFromFlags(values: Values): FormatOverrides {
  let raw: unknown = {};
  const f = str(values, 'format');
  if (f !== undefined) {
    let text = f;
    if (f.startsWith('@')) {
      if (!existsSync(f.slice(1))) throw new UsageError(`--format ${f}: 文件不存在 no such file`);
      text = readFileSync(f.slice(1), 'utf8');
    }
    try {
      raw = JSON.parse(text);
    } catch {
      throw new UsageError('--format: 不是合法的 JSON not valid JSON');
    }
  }
  const obj = { ...(raw as Record<string, unknown>) };
  const columns: Record<string, string | number | (string | number)[]> = { ...((obj.columns as Record<string, string | number>) ?? {}) };
  for (const c of (values.column as string[] | undefined) ?? []) {
    const m = /^([A-Za-z]+)=(.+)$/.exec(c);
    if (!m || !COLUMN_FIELDS.includes(m[1])) throw new UsageError(`--column ${c}: 应为 expected field=Header, field ∈ ${COLUMN_FIELDS.join(', ')}`);
    const ref = (x: string) => (/^#\d+$/.test(x) ? Number(x.slice(1)) : x);
    columns[m[1]] = m[1] === 'callId' && m[2].includes('+') ? m[2].split('+').map(ref) : ref(m[2]);
  }
  if (Object.keys(columns).length) obj.columns = columns;
  const tf = str(values, 'time-format');
  const df = str(values, 'date-format');
  const du = str(values, 'duration-format');
  if (tf) obj.timeFormat = tf;
  if (df) obj.dateFormat = df;
  if (du) obj.durationFormat = du;
  const parsed = formatOverridesSchema.safeParse(obj);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--format: ${issue.path.join('.') || 'format'}: ${issue.message}`);
  }
  return parsed.data;
}

// ------------------------------------------------------------------ forecast / staffing

const FORECAST_OPTIONS = {
  queue: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, interval: { type: 'string' }, method: { type: 'string' },
  'history-weeks': { type: 'string' }, 'backtest-weeks': { type: 'string' }, json: { type: 'boolean' }, org: { type: 'string' },
} as const;
const FORECAST_USAGE = 'shouwen forecast --queue Q [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--interval 15|30|60] [--method auto|NAME] [--history-weeks N] [--json] [--org CODE]';
const STAFFING_USAGE =
  'shouwen staffing --queue Q [--from D] [--to D] [--interval 15|30|60] [--model c|a] [--sl 0.8] [--threshold-s 20] [--asa-s A] [--max-occupancy 0.85] [--shrinkage 0.3] [--patience-s P] [--aht-s S] [--source forecast|actual] [--availability none|history] [--json]';

function forecastParams(values: Values, queue: { time_zone: string; last_call_at: string | null; interval_minutes: number }) {
  const today = localDateOf(Date.now(), queue.time_zone);
  const last = queue.last_call_at ? localDateOf(Date.parse(queue.last_call_at), queue.time_zone) : today;
  const from = date(values, 'from') ?? addDays(last < today ? last : today, 1);
  const to = date(values, 'to') ?? addDays(from, 6);
  return {
    from, to, intervalMinutes: interval(values) ?? (queue.interval_minutes as IntervalMinutes), method: str(values, 'method'),
    historyWeeks: num(values, 'history-weeks', { int: true, min: 2, max: 156 }), backtestWeeks: num(values, 'backtest-weeks', { int: true, min: 1, max: 26 }),
  };
}

async function forecastCmd(args: string[]): Promise<number> {
  return guarded(FORECAST_USAGE, async () => {
    const { values } = parse(args, FORECAST_OPTIONS);
    const queueName = str(values, 'queue', true)!;
    interval(values);
    date(values, 'from');
    date(values, 'to');
    return withContext(async (ctx) => {
      const queue = await queueNamed(ctx, await orgOf(ctx, str(values, 'org')), queueName);
      const r = await queueForecast(ctx.store, queue, forecastParams(values, queue));
      if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        const f = (x: number | null) => (x === null ? '—' : x.toFixed(1));
        const out = [`${r.queue.name} ${r.from} … ${r.to}, ${r.intervalMinutes} min; 方法 method: ${r.method.name} (${r.method.chosenBy})`];
        if (r.backtest) out.push(`回测 backtest WAPE: ${(100 * (r.backtest.chosenWape ?? NaN)).toFixed(2)} % vs seasonal-naive ${(100 * (r.backtest.baselineWape ?? NaN)).toFixed(2)} %`);
        out.push('日期 date       预测 forecast   实际 actual');
        for (const d of r.days) out.push(`${d.date}  ${f(d.forecast).padStart(12)}  ${f(d.actual).padStart(12)}`);
        process.stdout.write(`${out.join('\n')}\n`);
      }
      return 0;
    });
  });
}

async function staffingCmd(args: string[]): Promise<number> {
  return guarded(STAFFING_USAGE, async () => {
    const { values } = parse(args, {
      ...FORECAST_OPTIONS, model: { type: 'string' }, sl: { type: 'string' }, 'threshold-s': { type: 'string' }, 'asa-s': { type: 'string' },
      'max-occupancy': { type: 'string' }, shrinkage: { type: 'string' }, 'patience-s': { type: 'string' }, 'aht-s': { type: 'string' },
      source: { type: 'string' }, 'sl-definition': { type: 'string' }, availability: { type: 'string' },
    });
    const queueName = str(values, 'queue', true)!;
    const modelRaw = str(values, 'model')?.toLowerCase().replace(/^erlang-?/, '');
    if (modelRaw !== undefined && modelRaw !== 'c' && modelRaw !== 'a') throw new UsageError(`--model ${values.model}: 应为 expected c or a`);
    const source = str(values, 'source');
    if (source !== undefined && source !== 'forecast' && source !== 'actual') throw new UsageError(`--source ${source}: 应为 expected forecast or actual`);
    const availability = str(values, 'availability');
    if (availability !== undefined && availability !== 'none' && availability !== 'history') throw new UsageError(`--availability ${availability}: 应为 expected none or history`);
    const def = str(values, 'sl-definition');
    if (def !== undefined && !['offered', 'answered', 'excludeShortAbandons'].includes(def)) throw new UsageError(`--sl-definition ${def}: 应为 expected offered, answered or excludeShortAbandons`);
    const extra = {
      model: modelRaw === undefined ? undefined : (`erlang-${modelRaw}` as 'erlang-c' | 'erlang-a'),
      serviceLevel: num(values, 'sl', { min: 0, lt: 1, percent: true }),
      thresholdSeconds: num(values, 'threshold-s', { min: 0 }),
      slDefinition: def as SlDefinition | undefined,
      asaSeconds: num(values, 'asa-s', { min: 0 }),
      maxOccupancy: num(values, 'max-occupancy', { gt: 0, max: 1, percent: true }),
      shrinkage: num(values, 'shrinkage', { min: 0, lt: 1, percent: true }),
      patienceSeconds: num(values, 'patience-s', { gt: 0 }),
      ahtSeconds: num(values, 'aht-s', { gt: 0 }),
      source: source as 'forecast' | 'actual' | undefined,
      availability: availability as 'none' | 'history' | undefined,
    };
    interval(values);
    date(values, 'from');
    date(values, 'to');
    return withContext(async (ctx) => {
      const queue = await queueNamed(ctx, await orgOf(ctx, str(values, 'org')), queueName);
      const r = await queueStaffing(ctx.store, queue, { ...forecastParams(values, queue), ...extra });
      if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        const out = [
          `${r.queue.name} ${r.from} … ${r.to}, ${r.intervalMinutes} min, ${r.inputs.model}; AHT ${r.inputs.ahtSeconds} s (${r.inputs.ahtSource}); ${r.inputs.serviceLevel ? `SL ${r.inputs.serviceLevel.target} in ${r.inputs.serviceLevel.thresholdSeconds} s` : ''} ${r.inputs.asaSeconds !== null ? `ASA ≤ ${r.inputs.asaSeconds} s` : ''}; shrinkage ${r.inputs.shrinkage}${r.inputs.availability ? (r.inputs.availability.applied ? `; 在岗可用率 availability ${r.inputs.availability.overall} (${r.inputs.availability.hours} h, ${r.inputs.availability.from} … ${r.inputs.availability.to})` : `; 在岗可用率未修正 availability not applied: ${r.inputs.availability.hours} usable hours < ${r.inputs.availability.minHours}`) : ''}`,
          '日期 date      话务 calls  坐席工时 agent-h  排班工时 sched-h  峰值 peak',
        ];
        for (const d of r.days) out.push(`${d.date}  ${d.calls.toFixed(1).padStart(9)}  ${d.agentHours.toFixed(1).padStart(14)}  ${d.scheduledHours.toFixed(1).padStart(15)}  ${String(d.peakScheduled).padStart(8)}`);
        process.stdout.write(`${out.join('\n')}\n`);
      }
      return 0;
    });
  });
}

// ------------------------------------------------------------------ wfm backtest | fidelity | queues

const WFM_USAGE =
  'shouwen wfm backtest [--data ../shared/data/us-bank-calls/bank_calls_2003-03_to_2003-08.csv] [--calendar us-federal|cn|none] [--holidays FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--horizon DAYS] [--json] [--out docs/wfm-forecast-accuracy.md]\n       shouwen wfm fidelity [--data FILE_OR_DIR …] [--train FILE_OR_DIR …] [--idle-threshold S] [--presence adaptive|fixed] [--json] [--out docs/wfm-erlang-fidelity.md]\n       shouwen wfm presence --data FILE_OR_DIR … [--by interval|day|month] [--idle-threshold S] [--presence adaptive|fixed]\n       shouwen wfm queues [--json] [--org CODE]';

async function wfmCmd(args: string[]): Promise<number> {
  return guarded(WFM_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub === 'fidelity' || sub === 'presence') {
      // --data may repeat, and further files/dirs may follow as positionals: any months, any file names.
      const { values, positionals } = parse(rest, { data: { type: 'string', multiple: true }, train: { type: 'string', multiple: true }, out: { type: 'string' }, 'idle-threshold': { type: 'string' }, by: { type: 'string' }, presence: { type: 'string' }, json: { type: 'boolean' } }, true);
      const data = [...((values.data as string[] | undefined) ?? []), ...positionals];
      for (const d of data) if (!existsSync(d)) throw new UsageError(`--data ${d}: 不存在 not found`);
      const train = (values.train as string[] | undefined) ?? [];
      for (const d of train) if (!existsSync(d)) throw new UsageError(`--train ${d}: 不存在 not found`);
      if (train.length && sub === 'presence') throw new UsageError('--train 仅用于 fidelity only applies to wfm fidelity');
      const idle = num(values, 'idle-threshold', { min: 0, max: 86_400 });
      const presenceModel = str(values, 'presence') ?? 'adaptive';
      if (presenceModel !== 'fixed' && presenceModel !== 'adaptive') throw new UsageError('--presence: fixed | adaptive');
      const mod = await import('./fidelity-cli');
      let text: string;
      if (sub === 'presence') {
        const by = str(values, 'by') ?? 'day';
        if (by !== 'interval' && by !== 'day' && by !== 'month') throw new UsageError('--by: interval | day | month');
        if (data.length === 0) throw new UsageError('--data FILE_OR_DIR 必填 required');
        text = await mod.presenceCsv(data.map((d) => path.resolve(d)), by, idle, presenceModel);
      } else {
        const report = await mod.fidelityReport(data.length ? data.map((d) => path.resolve(d)) : undefined, { idleThresholdSeconds: idle, presenceModel, trainPaths: train.map((d) => path.resolve(d)) });
        text = values.json ? `${JSON.stringify(report.summary)}\n` : report.markdown;
      }
      const out = str(values, 'out');
      if (out) {
        await writeFile(out, text);
        process.stderr.write(`已写入 wrote ${out}\n`);
      } else process.stdout.write(text);
      return 0;
    }
    if (sub === 'backtest') {
      const { values } = parse(rest, {
        data: { type: 'string' }, out: { type: 'string' }, calendar: { type: 'string' }, holidays: { type: 'string' },
        from: { type: 'string' }, to: { type: 'string' }, horizon: { type: 'string' }, json: { type: 'boolean' },
      });
      const data = str(values, 'data');
      if (data !== undefined && !existsSync(data)) throw new UsageError(`--data ${data}: 不存在 not found`);
      const { BUILT_IN_CALENDARS, parseHolidayFile, HolidayFileError } = await import('./calendars');
      const calendar = str(values, 'calendar');
      if (calendar !== undefined && !(BUILT_IN_CALENDARS as readonly string[]).includes(calendar)) throw new UsageError(`--calendar ${calendar}: 应为 expected ${BUILT_IN_CALENDARS.join(', ')}`);
      const holidaysFile = str(values, 'holidays');
      let holidays;
      if (holidaysFile !== undefined) {
        if (!existsSync(holidaysFile)) throw new UsageError(`--holidays ${holidaysFile}: 不存在 not found`);
        try {
          holidays = { ...parseHolidayFile(readFileSync(holidaysFile, 'utf8')), source: holidaysFile };
        } catch (e) {
          if (e instanceof HolidayFileError) throw new UsageError(`--holidays ${holidaysFile}: ${e.message}`);
          throw e;
        }
      }
      const dateFlag = (name: string) => {
        const v = str(values, name);
        if (v !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(v) || new Date(Date.UTC(+v.slice(0, 4), +v.slice(5, 7) - 1, +v.slice(8, 10))).toISOString().slice(0, 10) !== v)) throw new UsageError(`--${name} ${v}: 应为 expected YYYY-MM-DD`);
        return v;
      };
      const options = {
        calendar: calendar as 'none' | 'cn' | 'us-federal' | undefined, holidays, from: dateFlag('from'), to: dateFlag('to'),
        horizonDays: num(values, 'horizon', { int: true, min: 1, max: 60 }),
      };
      let md: string;
      try {
        const bt = await import('./backtest-cli');
        md = values.json ? `${JSON.stringify(bt.backtestSummary(bt.evaluateUsBankBacktest(readFileSync(data ? path.resolve(data) : bt.defaultDataPath, 'utf8'), options)))}\n` : await bt.runBacktestReport(data ? path.resolve(data) : undefined, options);
      } catch (e) {
        if (e instanceof RangeError) throw new UsageError(e.message);
        throw e;
      }
      const out = str(values, 'out');
      if (out) {
        await writeFile(out, md);
        process.stderr.write(`已写入 wrote ${out}\n`);
      } else process.stdout.write(md);
      return 0;
    }
    if (sub === 'queues') {
      const { values } = parse(rest, { json: { type: 'boolean' }, org: { type: 'string' } });
      return withContext(async (ctx) => {
        const orgId = await orgOf(ctx, str(values, 'org'));
        const rows = await ctx.store.db.selectFrom('wfm_queues').selectAll().where('org_id', '=', orgId).orderBy('name').execute();
        const items = rows.map(queueOut);
        if (values.json) process.stdout.write(`${JSON.stringify(items)}\n`);
        else for (const q of items) process.stdout.write(`${q.name}\t${q.timeZone}\t${q.history.calls} calls\t${q.history.firstCallAt ?? '—'} … ${q.history.lastCallAt ?? '—'}\n`);
        return 0;
      });
    }
    throw new UsageError(sub ? `未知子命令 unknown subcommand: ${sub}` : '缺少子命令 missing subcommand');
  });
}

export const wfmCommands: Record<string, Command> = {
  'import intervals': { summary: '导入时段话务量 import interval counts into a queue (shouwen import intervals <file> --queue Q)', run: importIntervalsCmd },
  'import calls': { summary: '导入话单 import call records into a queue (shouwen import calls <file> --queue Q --preset …)', run: importCallsCmd },
  erlang: erlangCommand,
  forecast: { summary: '话务预测 forecast calls per interval for a queue', run: forecastCmd },
  staffing: { summary: '人员需求 required agents per interval for a queue', run: staffingCmd },
  wfm: { summary: 'wfm backtest | fidelity | presence | queues — 预测回测报告、Erlang 拟合报告、在岗人数、队列列表', run: wfmCmd },
};
