/**
 * Interval-count import into the store: stream (CSV/TSV text or an XLSX workbook) → parser →
 * 15-minute slots of the queue, so that forecast, staffing and statistics read either source.
 * Memory is bounded by the number of intervals in the file, not by its rows.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Store } from '../../db';
import { splitLines } from './callRecords';
import { SLOT_MINUTES, type SlotRow } from './history';
import { decodeText, type TextEncodingName } from './importer';
import { createIntervalCountParser, type IntervalCountFormat, type IntervalCountRecord, type IntervalCountReport } from './intervalCounts';
import { refreshQueueSummary, withQueueLock, type QueueRow } from './store';

const SLOT_MS = SLOT_MINUTES * 60_000;

export interface IntervalImportOptions {
  queue: QueueRow;
  format: IntervalCountFormat;
  /** Length of one row's interval in minutes (5, 15, 30, 60, …); default the queue's interval. */
  sourceMinutes?: number;
  xlsx?: boolean;
  encoding?: TextEncodingName;
}

export interface IntervalImportResult {
  report: IntervalCountReport;
  /** 15-minute slots written (replacing what the queue had for them). */
  slotsWritten: number;
  seconds: number;
}

/**
 * Spreads one record over the 15-minute slots it covers: counts by largest remainder (so they
 * stay integers and sum exactly), durations in proportion. Shorter rows fall into their slot.
 */
export function slotsOfRecord(r: IntervalCountRecord, sourceMinutes: number): SlotRow[] {
  const startMs = Date.parse(r.startAt);
  const n = Math.max(1, Math.round(sourceMinutes / SLOT_MINUTES));
  const first = Math.floor(startMs / SLOT_MS) * SLOT_MS;
  const share = (total: number, i: number) => Math.floor(((i + 1) * total) / n) - Math.floor((i * total) / n);
  const within = r.answeredWithinT ?? 0;
  const out: SlotRow[] = [];
  for (let i = 0; i < n; i++) {
    const answered = share(r.answered, i);
    out.push({
      slotMs: first + i * SLOT_MS,
      sums: {
        offered: share(r.offered, i), answered, abandoned: share(r.abandoned, i), shortAbandoned: 0, answeredWithinT: share(within, i),
        waitAnsweredSeconds: (r.asaSeconds ?? 0) * answered, waitAllSeconds: (r.asaSeconds ?? 0) * answered,
        talkSeconds: (r.ahtSeconds ?? 0) * answered, busySeconds: (r.ahtSeconds ?? 0) * answered,
      },
      agents: [],
    });
  }
  return out;
}

async function* xlsxRows(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<{ fields: string[]; line: number }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(source), { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = (row.values as unknown[]).slice(1);
      yield { line: row.number, fields: values.map(cellText) };
    }
    break; // the first worksheet only
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // Spreadsheet dates are wall-clock values: read them as local time.
  if (v instanceof Date) return v.toISOString().slice(0, 19);
  if (typeof v === 'object' && v !== null && 'result' in v) return cellText((v as { result: unknown }).result);
  if (typeof v === 'object' && v !== null && 'text' in v) return String((v as { text: unknown }).text);
  return String(v);
}

/** Imports interval counts into `options.queue`'s slots. */
export async function importIntervalCounts(store: Store, source: AsyncIterable<string | Uint8Array>, options: IntervalImportOptions): Promise<IntervalImportResult> {
  return withQueueLock(options.queue.id, async () => {
    const t0 = performance.now();
    const sourceMinutes = options.sourceMinutes ?? Number(options.queue.interval_minutes);
    const parser = createIntervalCountParser({ sourceTimeZone: options.queue.time_zone, ...options.format });
    const slots = new Map<number, SlotRow>();
    const take = (r: IntervalCountRecord | null) => {
      if (!r) return;
      for (const s of slotsOfRecord(r, sourceMinutes)) {
        const prev = slots.get(s.slotMs);
        if (!prev) slots.set(s.slotMs, s);
        else for (const k of Object.keys(s.sums) as (keyof SlotRow['sums'])[]) prev.sums[k] += s.sums[k];
      }
    };
    if (options.xlsx) for await (const row of xlsxRows(source)) take(parser.parseFields(row.fields, row.line));
    else for await (const line of splitLines(decodeText(source, options.encoding))) take(parser.parseLine(line));
    const rows = [...slots.values()].sort((a, b) => a.slotMs - b.slotMs);
    const q = options.queue;
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await store.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('wfm_slots').where('queue_id', '=', q.id).where('slot_at', 'in', chunk.map((s) => new Date(s.slotMs).toISOString())).execute();
        await trx
          .insertInto('wfm_slots')
          .values(chunk.map((s) => ({
            org_id: q.org_id, queue_id: q.id, slot_at: new Date(s.slotMs).toISOString(), offered: s.sums.offered, answered: s.sums.answered,
            abandoned: s.sums.abandoned, short_abandoned: 0, answered_within_t: s.sums.answeredWithinT, wait_answered_s: s.sums.waitAnsweredSeconds,
            wait_all_s: s.sums.waitAllSeconds, talk_s: s.sums.talkSeconds, busy_s: s.sums.busySeconds, agents_json: '[]',
          })))
          .execute();
      });
    }
    // The queue's history range covers interval counts too (forecast and staffing read it).
    if (rows.length) await refreshQueueSummary(store.db, q.id);
    return { report: parser.report(), slotsWritten: rows.length, seconds: (performance.now() - t0) / 1000 };
  });
}
