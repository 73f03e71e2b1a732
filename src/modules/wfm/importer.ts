/**
 * Call-history import into the store (话单入库): stream → parser → batched inserts (dedupe by
 * call key per queue) → rebuild of the 15-minute aggregates of the days the file touched.
 * Memory is bounded by the batch size, the parser's report and one rebuild window.
 */
import type { Store } from '../../db';
import { createCallRecordParser, splitLines, type CallRecordFormat, type ImportReport } from './callRecords';
import { affectedDays, CallKeyer } from './history';
import { callRow, insertCalls, rebuildSlots, refreshQueueSummary, withQueueLock, type CallRow, type QueueRow } from './store';

export type ImportPhase = 'reading' | 'aggregating' | 'done';
export const TEXT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const;
export type TextEncodingName = (typeof TEXT_ENCODINGS)[number];

/**
 * Decodes a byte stream to text. `auto` looks at the first chunk: valid UTF-8 (a character cut
 * at the chunk end is fine) means UTF-8, anything else GB18030 — what Excel in China saves CSV as.
 */
export async function* decodeText(source: AsyncIterable<string | Uint8Array>, encoding: TextEncodingName = 'auto'): AsyncGenerator<string> {
  let decoder: TextDecoder | null = encoding === 'auto' ? null : new TextDecoder(encoding);
  for await (const chunk of source) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    if (!decoder) {
      let utf8 = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
      } catch {
        utf8 = false;
      }
      decoder = new TextDecoder(utf8 ? 'utf-8' : 'gb18030');
    }
    yield decoder.decode(chunk, { stream: true });
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

export interface CallImportProgress {
  phase: ImportPhase;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
  records: number;
  inserted: number;
  duplicates: number;
  malformed: number;
}

export interface CallImportOptions {
  queue: QueueRow;
  format: CallRecordFormat;
  /** Keep only rows whose queue column has one of these values (others are counted and skipped). */
  sourceQueues?: string[];
  /** File size, for progress in percent. */
  totalBytes?: number;
  /** Rows per transaction (default 5,000). */
  batchSize?: number;
  /** Text encoding of the file; `auto` (default) reads UTF-8 unless the start of the file is not valid UTF-8, then GB18030. */
  encoding?: TextEncodingName;
  onProgress?: (p: CallImportProgress) => void | Promise<void>;
}

export interface CallImportResult {
  report: ImportReport;
  /** Calls newly stored. */
  inserted: number;
  /** Records the queue already had (same call key): not stored again. */
  duplicates: number;
  /** Records skipped because their queue column was not in `sourceQueues`. */
  otherQueues: number;
  otherQueuesByValue: Record<string, number>;
  /** 15-minute slots recomputed. */
  slotsRebuilt: number;
  bytesRead: number;
  seconds: number;
}

/** Imports a byte/text stream of call records into `options.queue`. */
export async function importCalls(store: Store, source: AsyncIterable<string | Uint8Array>, options: CallImportOptions): Promise<CallImportResult> {
  return withQueueLock(options.queue.id, () => run(store, source, options));
}

async function run(store: Store, source: AsyncIterable<string | Uint8Array>, options: CallImportOptions): Promise<CallImportResult> {
  const t0 = performance.now();
  const { queue, format } = options;
  const batchSize = options.batchSize ?? 5000;
  const keep = options.sourceQueues?.length ? new Set(options.sourceQueues) : null;
  const hasQueueColumn = format.columns.queue !== undefined;
  const parser = createCallRecordParser(format);
  const keyer = new CallKeyer();
  let bytesRead = 0;
  let inserted = 0;
  let stored = 0;
  let otherQueues = 0;
  const otherQueuesByValue: Record<string, number> = {};
  let minMs = Infinity;
  let maxMs = -Infinity;
  let batch: CallRow[] = [];

  const progress = async (phase: ImportPhase) => {
    if (!options.onProgress) return;
    const r = parser.report();
    await options.onProgress({
      phase, bytesRead, totalBytes: options.totalBytes ?? bytesRead, rowsRead: r.rowsRead, records: r.records,
      inserted, duplicates: stored - inserted, malformed: r.malformed,
    });
  };
  const flush = async () => {
    if (batch.length === 0) return;
    stored += batch.length;
    inserted += await insertCalls(store, queue.org_id, queue.id, batch);
    batch = [];
    await progress('reading');
    // Let other requests (and progress polls) in between transactions.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };

  async function* counted(): AsyncGenerator<string | Uint8Array> {
    for await (const chunk of source) {
      bytesRead += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      yield chunk;
    }
  }

  for await (const line of splitLines(decodeText(counted(), options.encoding))) {
    const rec = parser.parseLine(line);
    if (!rec) continue;
    if (keep && !keep.has(rec.queue)) {
      otherQueues++;
      otherQueuesByValue[rec.queue] = (otherQueuesByValue[rec.queue] ?? 0) + 1;
      continue;
    }
    const ms = Date.parse(rec.arrivalAt);
    if (ms < minMs) minMs = ms;
    if (ms > maxMs) maxMs = ms;
    batch.push(callRow(rec, keyer.key(rec), hasQueueColumn ? rec.queue : null));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  const report = parser.finish();

  let slotsRebuilt = 0;
  if (inserted > 0) {
    await progress('aggregating');
    const { fromMs, toMs } = affectedDays(minMs, maxMs);
    slotsRebuilt = await rebuildSlots(store, queue, fromMs, toMs);
    await refreshQueueSummary(store.db, queue.id);
  }
  await progress('done');
  return {
    report, inserted, duplicates: stored - inserted, otherQueues, otherQueuesByValue, slotsRebuilt, bytesRead,
    seconds: (performance.now() - t0) / 1000,
  };
}
