/**
 * Tables of the cashier's desk: corrections (作废 / 冲红 / 销账 / 红字冲减), the cashier's daily
 * close (日结), per-project receipt numbering and approval threshold, deposits held on an
 * account (押金) and the record of receipt reprints (重打). Money in integer fen.
 */

export type CorrectionKind = 'void' | 'reversal' | 'cancel_bill' | 'credit_note';
export type CorrectionStatus = 'pending' | 'applied' | 'rejected';
/** payments.kind and payments.status (stored as text). */
export type PaymentKind = 'payment' | 'reversal' | 'deposit' | 'deposit_refund' | 'temp_parking';
export type PaymentStatus = 'valid' | 'voided';

/**
 * One correction. The original payment or bill is never changed in place beyond its status
 * and its link to the correction; the effect is booked as new settlements / a red entry.
 */
export interface BillingCorrectionTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  kind: CorrectionKind;
  payment_id: string | null;
  bill_id: string | null;
  amount_fen: number;
  reason: string;
  status: CorrectionStatus;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** Reversals: the red entry (a payments row with a negative amount). */
  red_payment_id: string | null;
  /** Reversals: the payment that re-applied the money to the right account. */
  reapply_payment_id: string | null;
  /** Where the money should go after the reversal (asked for with the request). */
  reapply_account_id: string | null;
  applied_at: string | null;
  created_at: string;
}

/** 日结: one row per project, cashier and business day; once there the day's payments cannot be voided. */
export interface CashierCloseTable {
  id: string;
  org_id: string;
  project_id: string;
  collector_id: string;
  day: string;
  /** JSON: { [method]: { count, fen } } of valid entries (red entries and refunds negative). */
  expected_json: string;
  /** JSON: { [method]: fen } as counted / checked against the channel statement. */
  counted_json: string;
  expected_cash_fen: number;
  counted_cash_fen: number;
  /** Counted − expected over all counted channels (cash first of all). */
  difference_fen: number;
  difference_reason: string | null;
  payment_count: number;
  voided_count: number;
  total_fen: number;
  closed_by: string;
  closed_at: string;
  created_at: string;
}

/** Receipt number pattern and correction approval threshold per project. */
export interface CashierSettingsTable {
  project_id: string;
  org_id: string;
  receipt_pattern: string;
  approval_threshold_fen: number;
  /** What the payment QR on bill notices carries (placeholders such as {noticeNo}); none when null. */
  payment_qr_template: string | null;
  payment_qr_caption: string | null;
  updated_by: string | null;
  updated_at: string;
}

/** 押金台账: money held for a purpose (renovation), kept apart from the fee credit balance. */
export interface DepositEntryTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  source_kind: string;
  source_id: string;
  kind: 'received' | 'deducted' | 'refunded';
  amount_fen: number;
  payment_id: string | null;
  reason: string | null;
  day: string;
  created_by: string | null;
  created_at: string;
}

/** Every print after the first (重打), with who and when. */
export interface ReceiptPrintTable {
  id: string;
  org_id: string;
  payment_id: string;
  print_no: number;
  printed_by: string | null;
  printed_at: string;
}

/** 缴费通知单 as sent: the notice frozen as issued (a reprint is identical), by which channel and when. */
export interface BillNoticeTable {
  id: string;
  org_id: string;
  project_id: string;
  building_id: string | null;
  account_id: string;
  period: string;
  notice_no: string;
  total_fen: number;
  /** The NoticeDoc as issued. */
  data_json: string;
  /** print (handed out / posted) or app (visible to the unit's residents). */
  channel: 'print' | 'app';
  sent_by: string | null;
  sent_at: string;
}
