/**
 * Import jobs: an import with a row in wfm_imports that records its progress while it runs and
 * its report when it ends — the same for uploads through the API and files given to the CLI.
 */
import type { Store } from '../../db';
import { newId, nowIso } from '../../db/ids';
import { t, type Locale } from '../../core/i18n';
import { AppError } from '../../core/errors';
import { CallRecordFormatError, type CallRecordFormat } from './callRecords';
import { importCalls, type CallImportProgress, type CallImportResult, type TextEncodingName } from './importer';
import type { WfmImportTable } from './schema';
import type { QueueRow } from './store';

export interface ImportJobInput {
  queue: QueueRow;
  userId: string | null;
  fileName: string;
  preset: string | null;
  format: CallRecordFormat;
  sourceQueues?: string[];
  encoding?: TextEncodingName;
  totalBytes: number;
  /** Called after every batch, besides the job row being updated. */
  onProgress?: (p: CallImportProgress) => void;
}

/** Creates the job row and returns its id with a function that runs the import to the end. */
export async function startImportJob(store: Store, input: ImportJobInput): Promise<{ id: string; run: (source: AsyncIterable<string | Uint8Array>) => Promise<CallImportResult> }> {
  const id = newId();
  const db = store.db;
  await db
    .insertInto('wfm_imports')
    .values({
      id, org_id: input.queue.org_id, queue_id: input.queue.id, user_id: input.userId, file_name: input.fileName.slice(0, 200), preset: input.preset,
      format_json: JSON.stringify(input.format), status: 'running', phase: 'reading', total_bytes: input.totalBytes, bytes_read: 0, rows_read: 0,
      records: 0, inserted: 0, duplicates: 0, malformed: 0, report_json: null, issues_json: '[]', error_code: null, error_message: null,
      created_at: nowIso(), finished_at: null,
    })
    .execute();
  const run = async (source: AsyncIterable<string | Uint8Array>) => {
    try {
      const r = await importCalls(store, source, {
        queue: input.queue,
        format: input.format,
        sourceQueues: input.sourceQueues,
        encoding: input.encoding,
        totalBytes: input.totalBytes,
        onProgress: async (p) => {
          input.onProgress?.(p);
          await db
            .updateTable('wfm_imports')
            .set({ phase: p.phase, bytes_read: p.bytesRead, rows_read: p.rowsRead, records: p.records, inserted: p.inserted, duplicates: p.duplicates, malformed: p.malformed })
            .where('id', '=', id)
            .execute();
        },
      });
      const { issues, ...counts } = r.report;
      await db
        .updateTable('wfm_imports')
        .set({
          status: 'done', phase: 'done', bytes_read: r.bytesRead, rows_read: r.report.rowsRead, records: r.report.records, inserted: r.inserted,
          duplicates: r.duplicates, malformed: r.report.malformed, issues_json: JSON.stringify(issues),
          report_json: JSON.stringify({ ...counts, otherQueues: r.otherQueues, otherQueuesByValue: r.otherQueuesByValue, slotsRebuilt: r.slotsRebuilt, seconds: Math.round(r.seconds * 100) / 100 }),
          finished_at: nowIso(),
        })
        .where('id', '=', id)
        .execute();
      return r;
    } catch (e) {
      const err = e instanceof CallRecordFormatError ? new AppError(400, 'wfm.bad_format', { reason: e.message }) : e;
      // The code and its parameters are stored, so the message is localised when read.
      const code = err instanceof AppError ? err.code : 'wfm.import_failed';
      const params = err instanceof AppError ? err.params : {};
      await db.updateTable('wfm_imports').set({ status: 'failed', phase: 'done', error_code: code, error_message: JSON.stringify(params), finished_at: nowIso() }).where('id', '=', id).execute();
      throw err;
    }
  };
  return { id, run };
}

/** API view of an import job; issue reasons are explained in `locale`. */
export function importOut(job: WfmImportTable, locale: Locale, maxIssues = 1000) {
  const issues = (JSON.parse(job.issues_json) as { line: number; reason: string; message: string }[]).slice(0, maxIssues);
  const total = Number(job.total_bytes);
  return {
    id: job.id,
    queueId: job.queue_id,
    fileName: job.file_name,
    preset: job.preset,
    status: job.status as 'running' | 'done' | 'failed',
    phase: job.phase,
    percent: job.status === 'done' ? 100 : total > 0 ? Math.min(99, Math.floor((Number(job.bytes_read) / total) * 100)) : 0,
    totalBytes: total,
    bytesRead: Number(job.bytes_read),
    rowsRead: Number(job.rows_read),
    records: Number(job.records),
    inserted: Number(job.inserted),
    duplicates: Number(job.duplicates),
    malformed: Number(job.malformed),
    report: job.report_json ? JSON.parse(job.report_json) : null,
    issues: issues.map((i) => ({ ...i, reasonText: t(locale, `wfm.malformed.${i.reason}`) })),
    error: job.error_code ? { code: job.error_code, message: t(locale, job.error_code, safeParams(job.error_message)) } : null,
    createdAt: job.created_at,
    finishedAt: job.finished_at,
  };
}

function safeParams(json: string | null): Record<string, string | number> {
  try {
    return json ? (JSON.parse(json) as Record<string, string | number>) : {};
  } catch {
    return {};
  }
}
