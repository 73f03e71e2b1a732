/**
 * Call-record import (话单导入) from ACD/PBX exports (CSV/TSV) into normalized contact records.
 *
 * Streaming: the parser consumes one line at a time and keeps only counters and the first
 * `maxReportedErrors` problems, so memory stays bounded whatever the file size. Rows that
 * cannot be interpreted are counted, reported with their line numbers and skipped.
 */
import type { CallRecord } from './types';
import { localNaiveToUtcMs } from './timezone';

/** A column by header name (matched case-insensitively, trimmed) or by 0-based index. */
export type ColumnRef = string | number;

/** Where each field lives in the export. Only `arrival` is required. */
export interface CallRecordColumns {
  /** Queue / skill / call type; absent → `defaultQueue`. */
  queue?: ColumnRef;
  /** Date column, when the time columns hold times of day only. */
  date?: ColumnRef;
  /** Arrival (system entry) time. */
  arrival: ColumnRef;
  queueEnter?: ColumnRef;
  queueExit?: ColumnRef;
  serviceStart?: ColumnRef;
  serviceEnd?: ColumnRef;
  /** Time in queue; otherwise derived from the timestamps. */
  waitSeconds?: ColumnRef;
  /** Talk time; otherwise serviceEnd − serviceStart. */
  talkSeconds?: ColumnRef;
  /** Outcome code; otherwise "answered" = has service/agent/talk time. */
  outcome?: ColumnRef;
  agent?: ColumnRef;
  /** Call identifier; several columns are joined with `:` (e.g. line + per-line counter). */
  callId?: ColumnRef | ColumnRef[];
}

/**
 * Time formats: a pattern of tokens YYYY YY MM M DD D HH H mm ss SSS and literal characters
 * (e.g. `YYMMDD`, `YYYY-MM-DD HH:mm:ss`, `H:mm:ss`), or `iso` (ISO 8601; an explicit offset or
 * Z is honoured, otherwise the source zone applies), `epoch-s`, `epoch-ms`.
 */
export type TimeFormat = string;

/** Column mapping and formats of one export layout. */
export interface CallRecordFormat {
  columns: CallRecordColumns;
  /** Field separator; default: tab if the header has one, else `;` or `,` by frequency. */
  delimiter?: string;
  /**
   * Honour RFC 4180 double quotes (fields may then contain the delimiter or span lines).
   * Default: on for comma/semicolon files, off for tab-separated ones.
   */
  quoting?: boolean;
  /** First non-blank line is a header (default true). Without a header, columns must be indices. */
  hasHeader?: boolean;
  /** Date column format (when `columns.date` is set), e.g. `YYMMDD`. */
  dateFormat?: TimeFormat;
  /** Format of the time columns: time of day (with a date column) or full date-time. */
  timeFormat?: TimeFormat;
  /** Duration columns: plain seconds (default) or `h:mm:ss`. */
  durationFormat?: 'seconds' | 'h:mm:ss';
  /** IANA zone the export's local times are in; default Asia/Shanghai. */
  sourceTimeZone?: string;
  /** Time values meaning "did not happen", e.g. `0:00:00`. Never applied to arrival. */
  nullTimeValues?: string[];
  /** Agent values meaning "no agent", e.g. `NO_SERVER`. */
  nullAgentValues?: string[];
  /** Outcome codes (case-insensitive). Codes in none of the lists make the row malformed. */
  outcomes?: { answered?: string[]; abandoned?: string[]; ignored?: string[] };
  /** Only these queue values are valid (others are malformed); default: any. */
  allowedQueues?: string[];
  /** Queue for exports without a queue column. */
  defaultQueue?: string;
  /** An abandoned call without a queue-entry time ended in the IVR: not offered to agents. */
  requireQueueEntryForAbandon?: boolean;
  /** Timestamps may run backwards by this much (clock skew between systems); default 5 s. */
  clockToleranceSeconds?: number;
  /** Keep at most this many problem rows in the report (all are counted); default 1000. */
  maxReportedErrors?: number;
  /** Two-digit years below this pivot are 20xx, others 19xx; default 70. */
  twoDigitYearPivot?: number;
}

export type MalformedReason =
  | 'missing-fields'
  | 'bad-date'
  | 'bad-time'
  | 'bad-number'
  | 'negative-duration'
  | 'unknown-outcome'
  | 'unknown-queue'
  | 'time-order'
  | 'answered-without-service'
  | 'unterminated-quote';

/** One reported problem row. */
export interface ImportIssue {
  line: number;
  reason: MalformedReason;
  message: string;
}

/** Outcome of an import; all counts cover the whole input even when `issues` is truncated. */
export interface ImportReport {
  /** Physical lines consumed, header included. */
  linesRead: number;
  /** Non-blank data rows (after the header). */
  rowsRead: number;
  blankLines: number;
  /** Records produced (offered or not). */
  records: number;
  answered: number;
  abandoned: number;
  /** Records that never reached the agent queue (e.g. ended in the IVR). */
  notOffered: number;
  /** Rows skipped on purpose by outcome (e.g. PHANTOM), by code. */
  ignored: number;
  ignoredByOutcome: Record<string, number>;
  malformed: number;
  malformedByReason: Partial<Record<MalformedReason, number>>;
  /** The first `maxReportedErrors` malformed rows with their line numbers. */
  issues: ImportIssue[];
  issuesTruncated: boolean;
  recordsByQueue: Record<string, number>;
  firstArrivalAt?: string;
  lastArrivalAt?: string;
}

/** Thrown for layout problems that make the whole file unreadable (e.g. a mapped column is missing). */
export class CallRecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallRecordFormatError';
  }
}

/** Options of the `anonymous-bank` preset. */
export interface AnonymousBankOptions {
  /** Zone of the export's local times; default Asia/Shanghai — pass Asia/Jerusalem for the Israeli bank data. */
  sourceTimeZone?: string;
}

/**
 * Preset for the Technion "Anonymous Bank" layout (`vru+line call_id customer_id priority type
 * date vru_entry vru_exit vru_time q_start q_exit q_time outcome ser_start ser_exit ser_time
 * server`): YYMMDD dates, H:MM:SS times, `0:00:00` = did not happen, outcomes AGENT / HANG /
 * PHANTOM (PHANTOM is a virtual call and is skipped), queue = call type.
 */
export function anonymousBankFormat(options: AnonymousBankOptions = {}): CallRecordFormat {
  return {
    delimiter: '\t',
    hasHeader: true,
    columns: {
      queue: 'type', date: 'date', arrival: 'vru_entry', queueEnter: 'q_start', queueExit: 'q_exit',
      serviceStart: 'ser_start', serviceEnd: 'ser_exit', waitSeconds: 'q_time', talkSeconds: 'ser_time',
      // call_id restarts per VRU line (7,936 repeats in January 1999 alone): the line is part of the key.
      outcome: 'outcome', agent: 'server', callId: ['vru+line', 'call_id'],
    },
    dateFormat: 'YYMMDD',
    timeFormat: 'H:mm:ss',
    durationFormat: 'seconds',
    sourceTimeZone: options.sourceTimeZone ?? 'Asia/Shanghai',
    nullTimeValues: ['0:00:00', '00:00:00'],
    nullAgentValues: ['NO_SERVER', ''],
    outcomes: { answered: ['AGENT'], abandoned: ['HANG'], ignored: ['PHANTOM'] },
    allowedQueues: ['PS', 'PE', 'IN', 'NE', 'NW', 'TT'],
    requireQueueEntryForAbandon: true,
    clockToleranceSeconds: 5,
  };
}

/** Named presets; each takes a source time zone (default Asia/Shanghai). */
export const CALL_RECORD_PRESETS = {
  'anonymous-bank': anonymousBankFormat,
} as const satisfies Record<string, (o?: AnonymousBankOptions) => CallRecordFormat>;

export type CallRecordPreset = keyof typeof CALL_RECORD_PRESETS;

// ---------------------------------------------------------------- time parsing

interface Fields { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number; offsetMin?: number }
type FieldParser = (text: string) => Fields | null;

const TOKENS: [string, string, keyof Fields][] = [
  ['YYYY', '(\\d{4})', 'y'], ['YY', '(\\d{2})', 'y'], ['MM', '(\\d{2})', 'mo'], ['M', '(\\d{1,2})', 'mo'],
  ['DD', '(\\d{2})', 'd'], ['D', '(\\d{1,2})', 'd'], ['HH', '(\\d{2})', 'h'], ['H', '(\\d{1,2})', 'h'],
  ['mm', '(\\d{2})', 'mi'], ['ss', '(\\d{2})', 's'], ['SSS', '(\\d{1,3})', 'ms'],
];

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return MONTH_DAYS[mo - 1];
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** Compiles a date/time pattern; fields not in the pattern default to 1970-01-01 00:00:00. */
export function compileTimePattern(pattern: string, twoDigitYearPivot = 70): FieldParser {
  if (pattern === 'iso') {
    const re = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
    return (text) => {
      const m = re.exec(text);
      if (!m) return null;
      let offsetMin: number | undefined;
      if (m[8]) {
        if (m[8] === 'Z') offsetMin = 0;
        else {
          const sign = m[8][0] === '-' ? -1 : 1;
          const digits = m[8].slice(1).replace(':', '');
          offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
        }
      }
      const f: Fields = {
        y: +m[1], mo: +m[2], d: +m[3], h: m[4] ? +m[4] : 0, mi: m[5] ? +m[5] : 0, s: m[6] ? +m[6] : 0,
        ms: m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0, offsetMin,
      };
      return validFields(f) ? f : null;
    };
  }
  if (pattern === 'epoch-s' || pattern === 'epoch-ms') {
    const unit = pattern === 'epoch-s' ? 1000 : 1;
    return (text) => {
      if (!/^-?\d+(\.\d+)?$/.test(text)) return null;
      const t = new Date(Math.round(Number(text) * unit));
      if (Number.isNaN(t.getTime())) return null;
      return { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds(), offsetMin: 0 };
    };
  }
  let source = '';
  const order: (keyof Fields)[] = [];
  let twoDigitYear = false;
  for (let i = 0; i < pattern.length; ) {
    const tok = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (tok) {
      source += tok[1];
      order.push(tok[2]);
      if (tok[0] === 'YY') twoDigitYear = true;
      i += tok[0].length;
    } else {
      source += pattern[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i++;
    }
  }
  if (order.length === 0) throw new CallRecordFormatError(`time pattern "${pattern}" has no fields`);
  const re = new RegExp(`^${source}$`);
  return (text) => {
    const m = re.exec(text);
    if (!m) return null;
    const f: Fields = { y: 1970, mo: 1, d: 1, h: 0, mi: 0, s: 0, ms: 0 };
    for (let k = 0; k < order.length; k++) f[order[k]] = Number(m[k + 1]);
    if (twoDigitYear) f.y += f.y < twoDigitYearPivot ? 2000 : 1900;
    return validFields(f) ? f : null;
  };
}

function validFields(f: Fields): boolean {
  return f.mo >= 1 && f.mo <= 12 && f.d >= 1 && f.d <= daysInMonth(f.y, f.mo) && f.h <= 23 && f.mi <= 59 && f.s <= 59;
}

function naiveMsOf(f: Fields): number {
  return Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s, f.ms);
}

// ---------------------------------------------------------------- line splitting

/** Splits one delimited line, honouring RFC 4180 quotes. Returns null when a quote is left open. */
export function splitDelimited(line: string, delimiter: string, quoting = true): string[] | null {
  if (!quoting || line.indexOf('"') < 0) return line.split(delimiter);
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  let atFieldStart = true;
  while (i < line.length) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      cur += ch;
      i++;
      continue;
    }
    if (atFieldStart && ch === '"') {
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    if (line.startsWith(delimiter, i)) {
      out.push(cur);
      cur = '';
      atFieldStart = true;
      i += delimiter.length;
      continue;
    }
    cur += ch;
    atFieldStart = false;
    i++;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

function detectDelimiter(header: string): string {
  if (header.includes('\t')) return '\t';
  const semi = header.split(';').length;
  const comma = header.split(',').length;
  return semi > comma ? ';' : ',';
}

// ---------------------------------------------------------------- parser

/** A stateful line-by-line parser; feed it every physical line in order (header included). */
export interface CallRecordParser {
  /** Parses one line; returns the record, or null for header/blank/skipped/malformed lines. */
  parseLine(line: string): CallRecord | null;
  /** Call after the last line (flags a dangling multi-line quote); returns the report. */
  finish(): ImportReport;
  /** The report so far. */
  report(): ImportReport;
}

/** A quoted field may span at most this many physical lines before the row is declared malformed. */
const MAX_PENDING_LINES = 20;
const TIME_KEYS = ['arrival', 'queueEnter', 'queueExit', 'serviceStart', 'serviceEnd'] as const;

/** Creates a streaming parser for `format` (see `anonymousBankFormat` for a preset). */
export function createCallRecordParser(format: CallRecordFormat): CallRecordParser {
  const cols = format.columns;
  if (cols.arrival === undefined) throw new CallRecordFormatError('columns.arrival is required');
  const hasHeader = format.hasHeader ?? true;
  const zone = format.sourceTimeZone ?? 'Asia/Shanghai';
  // Fail fast on an unknown zone.
  localNaiveToUtcMs(0, zone);
  const pivot = format.twoDigitYearPivot ?? 70;
  const timeParser = compileTimePattern(format.timeFormat ?? (cols.date !== undefined ? 'H:mm:ss' : 'iso'), pivot);
  const dateParser = cols.date !== undefined ? compileTimePattern(format.dateFormat ?? 'YYYY-MM-DD', pivot) : null;
  const timeOfDay = dateParser !== null;
  const nullTimes = new Set((format.nullTimeValues ?? []).map((v) => v.trim()));
  const nullAgents = new Set((format.nullAgentValues ?? ['']).map((v) => v.trim().toUpperCase()));
  const upper = (xs?: string[]) => new Set((xs ?? []).map((x) => x.trim().toUpperCase()));
  const outAnswered = upper(format.outcomes?.answered);
  const outAbandoned = upper(format.outcomes?.abandoned);
  const outIgnored = upper(format.outcomes?.ignored);
  const allowedQueues = format.allowedQueues ? new Set(format.allowedQueues) : null;
  const tolMs = (format.clockToleranceSeconds ?? 5) * 1000;
  const maxIssues = format.maxReportedErrors ?? 1000;
  const hmsDuration = format.durationFormat === 'h:mm:ss';

  let delimiter = format.delimiter;
  /** Column indices of a composite call id (null: single column via idx.callId). */
  let callIdIdx: number[] | null = null;
  let idx: Partial<Record<keyof CallRecordColumns, number>> | null = hasHeader ? null : resolveIndices(null);
  let minFields = idx ? maxIndex(idx) + 1 : 0;
  let lineNo = 0;
  let pending: string | null = null;
  let pendingLine = 0;
  let quoting = format.quoting;
  let firstMs = Infinity;
  let lastMs = -Infinity;

  const rep: ImportReport = {
    linesRead: 0, rowsRead: 0, blankLines: 0, records: 0, answered: 0, abandoned: 0, notOffered: 0,
    ignored: 0, ignoredByOutcome: {}, malformed: 0, malformedByReason: {}, issues: [], issuesTruncated: false,
    recordsByQueue: {},
  };

  function resolveIndices(header: string[] | null): Partial<Record<keyof CallRecordColumns, number>> {
    const names = header?.map((h) => h.trim().toLowerCase());
    const resolve = (key: string, ref: ColumnRef): number => {
      if (typeof ref === 'number') {
        if (!Number.isInteger(ref) || ref < 0) throw new CallRecordFormatError(`column index for ${key} must be a non-negative integer`);
        return ref;
      }
      if (!names) throw new CallRecordFormatError(`column "${ref}" for ${key} needs a header row`);
      const i = names.indexOf(ref.trim().toLowerCase());
      if (i < 0) throw new CallRecordFormatError(`column "${ref}" (for ${key}) not found in header: ${header!.join(', ')}`);
      return i;
    };
    const out: Partial<Record<keyof CallRecordColumns, number>> = {};
    for (const [key, ref] of Object.entries(cols) as [keyof CallRecordColumns, ColumnRef | ColumnRef[] | undefined][]) {
      if (ref === undefined) continue;
      if (Array.isArray(ref)) {
        if (ref.length === 0) throw new CallRecordFormatError(`columns.${key} must name at least one column`);
        callIdIdx = ref.map((r) => resolve(key, r));
        out[key] = Math.max(...callIdIdx);
      } else out[key] = resolve(key, ref);
    }
    return out;
  }

  function maxIndex(m: Partial<Record<keyof CallRecordColumns, number>>): number {
    return Math.max(...Object.values(m).map((v) => v as number));
  }

  function malformed(line: number, reason: MalformedReason, message: string): null {
    rep.malformed++;
    rep.malformedByReason[reason] = (rep.malformedByReason[reason] ?? 0) + 1;
    if (rep.issues.length < maxIssues) rep.issues.push({ line, reason, message });
    else rep.issuesTruncated = true;
    return null;
  }

  function field(f: string[], k: keyof CallRecordColumns): string | undefined {
    const i = idx![k];
    return i === undefined ? undefined : f[i].trim();
  }

  function duration(text: string): number {
    const t = text.trim();
    if (hmsDuration) {
      const m = /^(\d+):([0-5]\d):([0-5]\d)$/.exec(t);
      return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : NaN;
    }
    return t === '' || !/^-?\d+(\.\d+)?$/.test(t) ? NaN : Number(t);
  }

  // Per-row scratch (naive local ms and explicit offsets per timestamp), reused to spare the GC.
  const naive = new Float64Array(TIME_KEYS.length);
  const offsets = new Float64Array(TIME_KEYS.length);

  function toUtc(k: number): number | undefined {
    const v = naive[k];
    if (Number.isNaN(v)) return undefined;
    const off = offsets[k];
    return Number.isNaN(off) ? localNaiveToUtcMs(v, zone) : v - off * 60_000;
  }

  function parseRow(f: string[], line: number): CallRecord | null {
    if (f.length < minFields) return malformed(line, 'missing-fields', `expected at least ${minFields} fields, got ${f.length}`);

    const queue = field(f, 'queue') ?? format.defaultQueue ?? 'default';
    if (allowedQueues && !allowedQueues.has(queue)) return malformed(line, 'unknown-queue', `unknown queue "${queue}"`);

    let answered: boolean | undefined;
    let abandoned = false;
    const outcomeText = field(f, 'outcome');
    if (outcomeText !== undefined) {
      const code = outcomeText.toUpperCase();
      if (outIgnored.has(code)) {
        rep.ignored++;
        rep.ignoredByOutcome[code] = (rep.ignoredByOutcome[code] ?? 0) + 1;
        return null;
      }
      if (outAnswered.has(code)) answered = true;
      else if (outAbandoned.has(code)) {
        answered = false;
        abandoned = true;
      } else return malformed(line, 'unknown-outcome', `unknown outcome "${outcomeText}"`);
    }

    // Dates and times, as naive local ms; times of day roll past midnight when they run backwards.
    let baseMs = 0;
    if (dateParser) {
      const dateText = field(f, 'date') ?? '';
      const dt = dateParser(dateText);
      if (!dt) return malformed(line, 'bad-date', `bad date "${dateText}"`);
      baseMs = naiveMsOf(dt);
    }
    naive.fill(NaN);
    offsets.fill(NaN);
    let prev = NaN;
    for (let k = 0; k < TIME_KEYS.length; k++) {
      const key = TIME_KEYS[k];
      const text = field(f, key);
      if (text === undefined) continue;
      // Service times of abandoned calls are not trusted (some exports leave junk there).
      if (answered === false && k >= 3) continue;
      if (k > 0 && (text === '' || nullTimes.has(text))) continue;
      const tf = timeParser(text);
      if (!tf) return malformed(line, 'bad-time', `bad ${key} time "${text}"`);
      let ms = timeOfDay ? baseMs + (tf.h * 3600 + tf.mi * 60 + tf.s) * 1000 + tf.ms : naiveMsOf(tf);
      if (tf.offsetMin !== undefined) offsets[k] = tf.offsetMin;
      if (!Number.isNaN(prev)) {
        if (timeOfDay) while (ms < prev - 12 * 3_600_000) ms += 86_400_000;
        if (ms < prev - tolMs) return malformed(line, 'time-order', `${key} ${text} is before the previous timestamp`);
      }
      naive[k] = ms;
      prev = Number.isNaN(prev) || ms > prev ? ms : prev;
    }

    const agentText = field(f, 'agent');
    const agent = agentText !== undefined && !nullAgents.has(agentText.toUpperCase()) ? agentText : undefined;

    let talk: number | undefined;
    const talkText = field(f, 'talkSeconds');
    if (talkText !== undefined && answered !== false) {
      talk = duration(talkText);
      if (Number.isNaN(talk)) return malformed(line, 'bad-number', `bad talk time "${talkText}"`);
      if (talk < 0) return malformed(line, 'negative-duration', `negative talk time ${talk}`);
    }
    if (answered === undefined) {
      answered = !Number.isNaN(naive[3]) || agent !== undefined || (talk ?? 0) > 0;
      abandoned = !answered;
    }
    if (answered && idx!.serviceStart !== undefined && Number.isNaN(naive[3])) {
      return malformed(line, 'answered-without-service', 'answered call without a service start time');
    }

    const arrivalUtc = toUtc(0)!;
    const enterUtc = toUtc(1);
    const exitUtc = toUtc(2);
    const startUtc = answered ? toUtc(3) : undefined;
    const endUtc = answered ? toUtc(4) : undefined;

    let wait: number;
    const waitText = field(f, 'waitSeconds');
    if (waitText !== undefined) {
      wait = duration(waitText);
      if (Number.isNaN(wait)) return malformed(line, 'bad-number', `bad wait time "${waitText}"`);
      if (wait < 0) return malformed(line, 'negative-duration', `negative wait time ${wait}`);
    } else if (enterUtc !== undefined && exitUtc !== undefined) wait = Math.max(0, (exitUtc - enterUtc) / 1000);
    else if (answered && startUtc !== undefined) wait = Math.max(0, (startUtc - (enterUtc ?? arrivalUtc)) / 1000);
    else wait = 0;
    if (talk === undefined) talk = answered && startUtc !== undefined && endUtc !== undefined ? Math.max(0, (endUtc - startUtc) / 1000) : 0;
    if (!answered) talk = 0;

    const offered = answered || (abandoned && !(format.requireQueueEntryForAbandon && idx!.queueEnter !== undefined && enterUtc === undefined));
    if (!offered) {
      abandoned = false;
      wait = 0;
    }

    const rec: CallRecord = {
      line, queue, arrivalAt: new Date(arrivalUtc).toISOString(), offered, answered, abandoned,
      waitSeconds: wait, talkSeconds: talk,
    };
    if (enterUtc !== undefined) rec.queueEnterAt = new Date(enterUtc).toISOString();
    if (exitUtc !== undefined) rec.queueExitAt = new Date(exitUtc).toISOString();
    if (startUtc !== undefined) rec.serviceStartAt = new Date(startUtc).toISOString();
    if (endUtc !== undefined) rec.serviceEndAt = new Date(endUtc).toISOString();
    if (agent !== undefined && answered) rec.agent = agent;
    const callId = callIdIdx ? callIdIdx.map((i) => f[i].trim()).join(':') : field(f, 'callId');
    if (callId !== undefined && callId !== '' && !/^:*$/.test(callId)) rec.callId = callId;

    rep.records++;
    if (answered) rep.answered++;
    else if (abandoned) rep.abandoned++;
    else rep.notOffered++;
    rep.recordsByQueue[queue] = (rep.recordsByQueue[queue] ?? 0) + 1;
    if (arrivalUtc < firstMs) {
      firstMs = arrivalUtc;
      rep.firstArrivalAt = rec.arrivalAt;
    }
    if (arrivalUtc > lastMs) {
      lastMs = arrivalUtc;
      rep.lastArrivalAt = rec.arrivalAt;
    }
    return rec;
  }

  function parseLine(raw: string): CallRecord | null {
    lineNo++;
    rep.linesRead++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let line = lineNo;
    if (pending !== null) {
      text = `${pending}\n${text}`;
      line = pendingLine;
      pending = null;
    } else if (text.trim() === '') {
      rep.blankLines++;
      return null;
    }
    if (idx === null) {
      delimiter ??= detectDelimiter(text);
      quoting ??= delimiter !== '\t';
      const header = splitDelimited(text, delimiter, quoting);
      if (!header) throw new CallRecordFormatError(`unterminated quote in header (line ${line})`);
      idx = resolveIndices(header);
      minFields = maxIndex(idx) + 1;
      return null;
    }
    delimiter ??= detectDelimiter(text);
    quoting ??= delimiter !== '\t';
    const fields = splitDelimited(text, delimiter, quoting);
    if (fields === null) {
      // A quoted field continues on the next physical line.
      if (lineNo - line >= MAX_PENDING_LINES) {
        rep.rowsRead++;
        return malformed(line, 'unterminated-quote', 'quoted field never closed');
      }
      pending = text;
      pendingLine = line;
      return null;
    }
    rep.rowsRead++;
    return parseRow(fields, line);
  }

  return {
    parseLine,
    finish() {
      if (pending !== null) {
        rep.rowsRead++;
        malformed(pendingLine, 'unterminated-quote', 'quoted field never closed at end of input');
        pending = null;
      }
      return this.report();
    },
    report() {
      return { ...rep, ignoredByOutcome: { ...rep.ignoredByOutcome }, malformedByReason: { ...rep.malformedByReason }, issues: [...rep.issues], recordsByQueue: { ...rep.recordsByQueue } };
    },
  };
}

/**
 * Streams `lines` (e.g. from `splitLines` or a file reader) through the parser and hands every
 * record to `sink` (which may batch into a database). Resolves with the import report.
 */
export async function importCallRecords(
  lines: AsyncIterable<string> | Iterable<string>,
  format: CallRecordFormat,
  sink: (record: CallRecord) => void | Promise<void>,
): Promise<ImportReport> {
  const parser = createCallRecordParser(format);
  for await (const line of lines) {
    const rec = parser.parseLine(line);
    if (rec) {
      const r = sink(rec);
      if (r) await r;
    }
  }
  return parser.finish();
}

/** Splits a stream of text or UTF-8 byte chunks into lines (LF or CRLF), with bounded buffering. */
export async function* splitLines(chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = rest.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && rest.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield rest.slice(start, end);
      start = nl + 1;
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
