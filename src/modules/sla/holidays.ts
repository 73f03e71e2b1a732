/**
 * Public-holiday schedules (法定节假日 / 调休) as data: schema, JSON and CSV import, and the
 * official PRC schedules shipped with the product.
 */
import { z } from 'zod';
import cn2025 from './holidays/cn-2025.json' with { type: 'json' };
import cn2026 from './holidays/cn-2026.json' with { type: 'json' };
import { parseWindow, tryDayNumber, weekdayOfDay } from './time';

/** 'holiday' = day off (放假); 'workday' = a make-up working day (调休上班), usually a weekend. */
export type HolidayKind = 'holiday' | 'workday';

export interface HolidayEntry {
  date: string; // YYYY-MM-DD, in the calendar's own zone
  kind: HolidayKind;
  name: string;
  /** A statutory holiday (法定假日: triple overtime pay) rather than a swapped rest day. */
  statutory?: boolean;
  /** Only for 'workday': the windows of that day when they differ from the default make-up schedule. */
  windows?: string[];
}

export interface HolidayIssue {
  /** 0-based entry index (JSON) — or 1-based line number for CSV. */
  index?: number;
  line?: number;
  code: string;
  params: Record<string, string | number>;
}

export type HolidayParseResult =
  | { ok: true; entries: HolidayEntry[]; warnings: HolidayIssue[] }
  | { ok: false; errors: HolidayIssue[]; warnings: HolidayIssue[] };

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

export const holidayEntrySchema = z
  .strictObject({
    date: z.string().refine((d) => tryDayNumber(d) !== null, { params: { code: 'holidays.invalid_date' } }),
    kind: z.enum(['holiday', 'workday'], { error: () => ({ message: 'holidays.invalid_kind' }) }),
    name: z.string().trim().min(1).max(60),
    statutory: z.boolean().optional(),
    windows: z
      .array(z.string().refine((w) => parseWindow(w) !== null, { params: { code: 'holidays.invalid_window' } }))
      .optional(),
  })
  .superRefine((e, ctx) => {
    if (e.windows && e.kind !== 'workday')
      ctx.addIssue({ code: 'custom', path: ['windows'], message: 'windows only on workdays', params: { code: 'holidays.windows_on_holiday' } });
    if (e.statutory && e.kind !== 'holiday')
      ctx.addIssue({ code: 'custom', path: ['statutory'], message: 'statutory only on holidays', params: { code: 'holidays.statutory_on_workday' } });
  });

/** A whole file: either a bare array of entries or `{ region?, year?, source?, days: [...] }`. */
export const holidayFileSchema = z.union([
  z.array(z.unknown()),
  z.looseObject({ region: z.string().optional(), year: z.number().int().optional(), source: z.string().optional(), days: z.array(z.unknown()) }),
]);

function issueCode(issue: z.core.$ZodIssue): string {
  const params = (issue as { params?: { code?: string } }).params;
  if (params?.code) return params.code;
  const field = String(issue.path[0] ?? '');
  if (field === 'date') return 'holidays.invalid_date';
  if (field === 'kind') return 'holidays.invalid_kind';
  if (field === 'name') return 'holidays.name_required';
  if (field === 'windows') return 'holidays.invalid_window';
  if (issue.code === 'unrecognized_keys') return 'holidays.unknown_field';
  return 'holidays.invalid_entry';
}

/**
 * Validate entries: each on its own, then the set (one entry per date). Warnings flag entries
 * that are legal but probably mistakes: a make-up workday on a Monday–Friday changes nothing
 * on a Monday–Friday calendar.
 */
export function validateHolidayEntries(
  raw: readonly unknown[],
  position: (i: number) => { index?: number; line?: number } = (i) => ({ index: i }),
): HolidayParseResult {
  const errors: HolidayIssue[] = [];
  const warnings: HolidayIssue[] = [];
  const entries: HolidayEntry[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, i) => {
    const r = holidayEntrySchema.safeParse(item);
    if (!r.success) {
      for (const issue of r.error.issues)
        errors.push({ ...position(i), code: issueCode(issue), params: { field: issue.path.join('.') || '-' } });
      return;
    }
    const e = r.data as HolidayEntry;
    const prev = seen.get(e.date);
    if (prev !== undefined) {
      errors.push({ ...position(i), code: 'holidays.duplicate_date', params: { date: e.date } });
      return;
    }
    seen.set(e.date, i);
    const wd = weekdayOfDay(tryDayNumber(e.date)!);
    if (e.kind === 'workday' && wd !== 0 && wd !== 6 && !e.windows)
      warnings.push({ ...position(i), code: 'holidays.workday_on_weekday', params: { date: e.date } });
    entries.push(clean(e));
  });
  if (errors.length) return { ok: false, errors, warnings };
  entries.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { ok: true, entries, warnings };
}

function clean(e: HolidayEntry): HolidayEntry {
  const out: HolidayEntry = { date: e.date, kind: e.kind, name: e.name };
  if (e.statutory) out.statutory = true;
  if (e.windows) out.windows = [...e.windows];
  return out;
}

/** Parse an admin-supplied JSON document (text or already-parsed value). */
export function parseHolidayJson(input: string | unknown): HolidayParseResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ code: 'holidays.invalid_json', params: { message: (e as Error).message } }], warnings: [] };
    }
  }
  const file = holidayFileSchema.safeParse(value);
  if (!file.success) return { ok: false, errors: [{ code: 'holidays.invalid_file', params: {} }], warnings: [] };
  const list = Array.isArray(file.data) ? file.data : file.data.days;
  return validateHolidayEntries(list);
}

// ---------------------------------------------------------------------------------------------
// CSV: date,kind,name[,statutory]
// ---------------------------------------------------------------------------------------------

/** Kinds as people type them in a spreadsheet. */
const KIND_ALIASES: Record<string, HolidayKind> = {
  holiday: 'holiday',
  off: 'holiday',
  休: 'holiday',
  放假: 'holiday',
  假: 'holiday',
  workday: 'workday',
  work: 'workday',
  班: 'workday',
  上班: 'workday',
  调休上班: 'workday',
};

const TRUTHY = new Set(['1', 'true', 'yes', 'y', '是', 'statutory', '法定']);

/** Split one CSV line; supports "quoted, fields" and doubled quotes. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/**
 * Parse `date,kind,name[,statutory]` lines. A header line is optional, blank lines and lines
 * starting with '#' are skipped, a UTF-8 BOM (Excel) is ignored; dates may use '/' ('2025/1/1').
 */
export function parseHolidayCsv(text: string): HolidayParseResult {
  const rows: unknown[] = [];
  const lines: number[] = [];
  const errors: HolidayIssue[] = [];
  const src = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  src.forEach((rawLine, i) => {
    const lineNo = i + 1;
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) return;
    const cells = splitCsvLine(line);
    if (i === 0 || rows.length === 0) {
      if (/^date$/i.test(cells[0]) || cells[0] === '日期') return; // header
    }
    if (cells.length < 3 || cells.length > 4) {
      errors.push({ line: lineNo, code: 'holidays.csv_columns', params: { count: cells.length } });
      return;
    }
    const kind = KIND_ALIASES[cells[1].toLowerCase()];
    const row: Record<string, unknown> = { date: normaliseDate(cells[0]), kind: kind ?? cells[1], name: cells[2] };
    if (cells[3] && TRUTHY.has(cells[3].toLowerCase())) row.statutory = true;
    rows.push(row);
    lines.push(lineNo);
  });
  const result = validateHolidayEntries(rows, (i) => ({ line: lines[i] }));
  if (errors.length) return { ok: false, errors: [...errors, ...(result.ok ? [] : result.errors)], warnings: result.warnings };
  return result;
}

function normaliseDate(text: string): string {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(text);
  if (!m) return text;
  return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
}

/** Entries → CSV in the same form the parser reads (round-trips). */
export function formatHolidayCsv(entries: readonly HolidayEntry[]): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['date,kind,name,statutory'];
  for (const e of entries) lines.push([e.date, e.kind, q(e.name), e.statutory ? 'true' : ''].join(','));
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Shipped schedules
// ---------------------------------------------------------------------------------------------

function load(file: unknown, label: string): HolidayEntry[] {
  const r = parseHolidayJson(file);
  // A broken shipped file is a build error, not a user error.
  if (!r.ok) throw new Error(`shipped holiday file ${label} is invalid: ${JSON.stringify(r.errors)}`);
  return r.entries;
}

/** Official PRC schedules by year, from the State Council notices (see each file's `source`). */
export const CN_HOLIDAYS: Readonly<Record<number, readonly HolidayEntry[]>> = {
  2025: load(cn2025, 'cn-2025'),
  2026: load(cn2026, 'cn-2026'),
};

export const CN_HOLIDAY_SOURCES: Readonly<Record<number, string>> = {
  2025: cn2025.source,
  2026: cn2026.source,
};

/** The shipped PRC entries for the given years (all shipped years by default). */
export function cnHolidays(years?: readonly number[]): HolidayEntry[] {
  const ys = years ?? Object.keys(CN_HOLIDAYS).map(Number);
  const out: HolidayEntry[] = [];
  for (const y of ys) {
    const list = CN_HOLIDAYS[y];
    if (!list) throw new Error(`no shipped PRC holiday schedule for ${y}`);
    out.push(...list.map((e) => ({ ...e })));
  }
  return out;
}

/** Merge schedules; later lists override earlier ones date by date (local admin edits win). */
export function mergeHolidays(...lists: ReadonlyArray<readonly HolidayEntry[]>): HolidayEntry[] {
  const byDate = new Map<string, HolidayEntry>();
  for (const list of lists) for (const e of list) byDate.set(e.date, e);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
