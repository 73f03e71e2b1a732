/**
 * Receipt numbers that never run out (收据号). A project chooses a pattern such as
 * `{prefix}{yyyyMMdd}{seq:6}`; the daily sequence is zero-padded to its width and simply grows
 * longer past it instead of failing, so payment 1,000,000 of a day still gets a number. The
 * counter is keyed by everything in the number except the sequence, so two patterns that render
 * the same text share one counter and numbers stay unique; the database's unique constraint on
 * (organisation, receipt number) is the last word.
 */
import { AppError } from '../../core/errors';
import { nowIso } from '../../db/ids';
import { loadSettings, nextSequence, type Db } from './store';
import { validatePaymentQrTemplate } from './paymentQr';

export const DEFAULT_RECEIPT_PATTERN = '{prefix}{yyyyMMdd}{seq:6}';
/** Voids, reversals and bill cancellations from this amount up need a second person's approval (1,000 元). */
export const DEFAULT_APPROVAL_THRESHOLD_FEN = 100_000;

const TOKEN = /\{(prefix|yyyyMMdd|yyMMdd|yyyy|yy|MM|dd|seq(?::(\d{1,2}))?)\}/g;

/** Checks a pattern: literal letters, digits and '-' only, exactly one {seq:N} with N ≥ 4, and the day in it. */
export function validateReceiptPattern(pattern: string): void {
  const bad = (why: string) => new AppError(400, 'billing.receipt_pattern_invalid', { pattern, why });
  if (pattern.length > 40) throw bad('length');
  const literal = pattern.replace(TOKEN, '');
  if (/[{}]/.test(literal)) throw bad('token');
  if (!/^[A-Za-z0-9-]*$/.test(literal)) throw bad('characters');
  const seqs = [...pattern.matchAll(TOKEN)].filter((m) => m[1].startsWith('seq'));
  if (seqs.length !== 1) throw bad('seq');
  const width = Number(seqs[0][2] ?? 6);
  if (width < 4 || width > 10) throw bad('width');
  // The sequence restarts every day, so the number must carry the day or it would repeat.
  if (!/\{(yyyyMMdd|yyMMdd)\}/.test(pattern) && !(/\{(yyyy|yy)\}/.test(pattern) && /\{MM\}/.test(pattern) && /\{dd\}/.test(pattern))) throw bad('day');
}

/** Renders a pattern; `seq` null renders the sequence as '#' (the counter key). */
export function renderReceiptNo(pattern: string, day: string, prefix: string, seq: number | null): string {
  const [y, m, d] = day.split('-');
  return pattern.replace(TOKEN, (_all, tok: string, w?: string) => {
    switch (tok) {
      case 'prefix':
        return prefix;
      case 'yyyyMMdd':
        return `${y}${m}${d}`;
      case 'yyMMdd':
        return `${y.slice(2)}${m}${d}`;
      case 'yyyy':
        return y;
      case 'yy':
        return y.slice(2);
      case 'MM':
        return m;
      case 'dd':
        return d;
      default:
        return seq === null ? '#' : String(seq).padStart(Number(w ?? 6), '0');
    }
  });
}

export interface CashierSettings {
  receiptPattern: string;
  approvalThresholdFen: number;
  paymentQrTemplate: string | null;
  paymentQrCaption: string | null;
}

export const DEFAULT_PAYMENT_QR_CAPTION = '扫码缴费（付款时请保留通知单号）';

export async function cashierSettings(db: Db, projectId: string): Promise<CashierSettings> {
  const row = await db.selectFrom('cashier_settings').selectAll().where('project_id', '=', projectId).executeTakeFirst();
  return {
    receiptPattern: row?.receipt_pattern ?? DEFAULT_RECEIPT_PATTERN,
    approvalThresholdFen: row ? Number(row.approval_threshold_fen) : DEFAULT_APPROVAL_THRESHOLD_FEN,
    paymentQrTemplate: row?.payment_qr_template ?? null,
    paymentQrCaption: row?.payment_qr_caption ?? null,
  };
}

export async function saveCashierSettings(
  db: Db,
  orgId: string,
  projectId: string,
  userId: string,
  input: { receiptPattern: string; approvalThresholdFen: number; paymentQrTemplate?: string | null; paymentQrCaption?: string | null },
): Promise<void> {
  validateReceiptPattern(input.receiptPattern);
  if (input.paymentQrTemplate) validatePaymentQrTemplate(input.paymentQrTemplate);
  const at = nowIso();
  // Fields left out keep their value; null clears them.
  const qr = {
    ...(input.paymentQrTemplate !== undefined && { payment_qr_template: input.paymentQrTemplate || null }),
    ...(input.paymentQrCaption !== undefined && { payment_qr_caption: input.paymentQrCaption || null }),
  };
  await db
    .insertInto('cashier_settings')
    .values({ project_id: projectId, org_id: orgId, receipt_pattern: input.receiptPattern, approval_threshold_fen: input.approvalThresholdFen, payment_qr_template: null, payment_qr_caption: null, ...qr, updated_by: userId, updated_at: at })
    .onConflict((oc) => oc.column('project_id').doUpdateSet({ receipt_pattern: input.receiptPattern, approval_threshold_fen: input.approvalThresholdFen, ...qr, updated_by: userId, updated_at: at }))
    .execute();
}

/**
 * The next receipt number of a project for a business day, inside the caller's transaction: one
 * atomic upsert of the day's counter (as order numbers are allocated), so concurrent payments
 * never share a number.
 */
export async function allocateReceiptNo(db: Db, orgId: string, projectId: string, day: string, prefix?: string): Promise<string> {
  const { receiptPattern } = await cashierSettings(db, projectId);
  const pfx = prefix ?? (await loadSettings(db, projectId)).receiptPrefix;
  const key = renderReceiptNo(receiptPattern, day, pfx, null);
  const seq = await nextSequence(db, orgId, key, day.replaceAll('-', ''));
  return renderReceiptNo(receiptPattern, day, pfx, seq);
}

/** The counter key and day of a pattern (tests and tools set a counter near its limit with it). */
export function receiptCounterKey(pattern: string, day: string, prefix: string): { prefix: string; day: string } {
  return { prefix: renderReceiptNo(pattern, day, prefix, null), day: day.replaceAll('-', '') };
}
