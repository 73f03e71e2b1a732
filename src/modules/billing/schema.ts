/**
 * Billing tables (收费) as Kysely sees them. Money is integer fen in bigint columns; dates are
 * 'YYYY-MM-DD' business dates (Asia/Shanghai), instants ISO-8601 UTC; flags integer 0/1.
 *
 * An account (账户) is a house unit — or a parking space with no house — : bills of every liable
 * party of the unit go to it, payments settle them oldest first and leftover money is the
 * unit's credit (预存款), as property service centres keep their books per house.
 */

import type { Generated } from 'kysely';

export type FeeItemKind = 'area' | 'fixed' | 'metered' | 'service';
export type BillKind = 'charge' | 'late_fee' | 'service';
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/** 收费项目: property fee, fixed fees, metered water/electricity, parking rent, paid services. */
export interface FeeItemTable {
  id: string;
  org_id: string;
  project_id: string;
  code: string;
  name: string;
  kind: FeeItemKind;
  /** Reporting category: property, water, electricity, parking, garbage, service, … */
  category: string;
  cycle: 'monthly' | 'quarterly' | 'yearly';
  /** Decimal text in fen: per m²·month (area), per unit consumed (metered), per unit of service. */
  unit_price: string | null;
  /** Fixed items: fen per month. */
  monthly_fen: number | null;
  /** JSON array of unit kinds the item applies to (residence, shop, office, parking …); null = all. */
  unit_kinds_json: string | null;
  valid_from: string | null;
  valid_to: string | null;
  due_days: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 计费责任期: who is liable for a unit's (or a parking space's) fees from when to when. */
export interface FeeLiabilityTable {
  id: string;
  org_id: string;
  project_id: string;
  target_kind: 'unit' | 'parking';
  /** The unit id or the parking space id. */
  target_id: string;
  /** The house the fees are booked to (the unit itself, or the parking space's unit). */
  account_id: string;
  party_id: string;
  role: string;
  start_date: string;
  end_date: string | null;
  created_at: string;
  updated_at: string;
}

/** 抄表记录. Readings are decimal text so nothing is lost to floats. */
export interface MeterReadingTable {
  id: string;
  org_id: string;
  project_id: string;
  unit_id: string;
  fee_item_id: string;
  read_date: string;
  previous_reading: string;
  current_reading: string;
  multiplier: string;
  old_final: string | null;
  new_initial: string | null;
  source: 'manual' | 'import' | 'demo';
  created_by: string | null;
  created_at: string;
}

/** 优惠: percent or fixed amount off, filtered by fee item, unit, cycle and date. */
export interface FeeDiscountTable {
  id: string;
  org_id: string;
  project_id: string;
  name: string;
  kind: 'percent' | 'fixed';
  percent_off: string | null;
  amount_fen: number | null;
  fee_item_ids_json: string | null;
  unit_ids_json: string | null;
  cycles_json: string | null;
  valid_from: string | null;
  valid_to: string | null;
  /** Discounts apply in this order, each to what is left. */
  seq: number;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 出账批次: one row per run request, with what it created and what it found. */
export interface BillRunTable {
  id: string;
  org_id: string;
  project_id: string;
  period: string;
  started_by: string | null;
  started_at: string;
  finished_at: string;
  planned_count: number;
  created_count: number;
  /** Lines that already existed (an earlier run, or a concurrent run that got there first). */
  existing_count: number;
  created_fen: number;
  issues_json: string;
}

/** 账单 (one bill line). `line_key` is the idempotency key: unique per organisation. */
export interface BillTable {
  id: string;
  org_id: string;
  project_id: string;
  phase_id: string | null;
  building_id: string | null;
  unit_id: string | null;
  space_id: string | null;
  account_id: string;
  party_id: string | null;
  liability_id: string | null;
  fee_item_id: string | null;
  category: string;
  kind: BillKind;
  line_key: string;
  period_key: string;
  cover_start: string;
  cover_end: string;
  /** Month the receivable belongs to in reports ('YYYY-MM'). */
  account_month: string;
  issued_on: string;
  due_date: string;
  gross_fen: number;
  discount_fen: number;
  amount_fen: number;
  paid_fen: number;
  written_off_fen: number;
  outstanding_fen: number;
  basis_json: string | null;
  discounts_json: string | null;
  description: string | null;
  run_id: string | null;
  /** Late fees: the bill whose lateness they charge. */
  source_bill_id: string | null;
  /** Paid services: the work order charged. */
  source_order_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** Per-account balance: the credit (预存款) and a version bumped by every money movement. */
export interface BillingAccountTable {
  id: string;
  org_id: string;
  project_id: string;
  credit_fen: number;
  version: number;
  updated_at: string;
}

/** 收款. Non-cash payments carry the channel reference; (method, reference) is unique. */
export interface PaymentTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  party_id: string | null;
  payer_name: string | null;
  receipt_no: string;
  paid_on: string;
  received_at: string;
  amount_fen: number;
  /** Settled bills with it; the rest went to credit. */
  allocated_fen: number;
  credited_fen: number;
  method: string;
  reference: string | null;
  reference_key: string | null;
  note: string | null;
  collector_id: string | null;
  created_at: string;
  /** payment | reversal (冲红, negative) | deposit | deposit_refund (negative); see cashierSchema.ts. */
  kind: Generated<string>;
  /** valid | voided (作废 before the cashier's day was closed). */
  status: Generated<string>;
  /** Red entry → the payment it reverses; the original → its red entry; a re-apply → the reversed original. */
  reverses_id: string | null;
  reversed_by_id: string | null;
  reapplied_from_id: string | null;
  void_correction_id: string | null;
  reprint_count: Generated<number>;
}

/** Money that settled (part of) a bill: from a payment, the credit balance, or a write-off. */
export interface BillSettlementTable {
  id: string;
  org_id: string;
  account_id: string;
  bill_id: string;
  source: 'payment' | 'credit' | 'write_off';
  source_id: string;
  settled_on: string;
  fen: number;
  created_at: string;
}

/** 退款 out of the credit balance; requested by one person, approved by another. */
export interface RefundTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  amount_fen: number;
  method: string;
  reference: string | null;
  reason: string;
  status: ApprovalStatus;
  requested_by: string;
  requested_on: string;
  decided_by: string | null;
  decided_on: string | null;
  decision_note: string | null;
  created_at: string;
}

/** 核销 / 减免: takes effect only once approved by someone other than the requester. */
export interface WriteOffTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  bill_id: string;
  amount_fen: number;
  reason: string;
  status: ApprovalStatus;
  requested_by: string;
  requested_on: string;
  decided_by: string | null;
  decided_on: string | null;
  decision_note: string | null;
  created_at: string;
}

/** Daily counters for receipt, letter and permit numbers (SK20260315 0001). */
export interface BillingSequenceTable {
  org_id: string;
  prefix: string;
  day: string;
  last: number;
}

/** Per-project billing settings: late-fee rule, dunning ladder, receipt prefix. */
export interface BillingSettingsTable {
  project_id: string;
  org_id: string;
  late_fee_json: string | null;
  ladder_json: string | null;
  receipt_prefix: string;
  /** The day the dunning ladder was last evaluated by the background job. */
  dunning_evaluated_on: string | null;
  updated_by: string | null;
  updated_at: string;
}

/** 收费员 responsible for a project, a building or a unit (the most specific wins). */
export interface CollectorAssignmentTable {
  id: string;
  org_id: string;
  project_id: string;
  building_id: string | null;
  unit_id: string | null;
  /** project|building|unit, unique: one collector per scope. */
  scope_key: string;
  collector_id: string;
  created_at: string;
}

/** 收费计划: a target rate and/or planned amount for a group of the collection report. */
export interface CollectionPlanTable {
  id: string;
  org_id: string;
  project_id: string;
  month: string | null;
  phase_id: string | null;
  building_id: string | null;
  collector_id: string | null;
  fee_item_id: string | null;
  scope_key: string;
  target_rate: string | null;
  planned_fen: number | null;
  created_at: string;
  updated_at: string;
}

export type DunningDecisionStatus = 'not_in_ladder' | 'waiting' | 'due' | 'awaiting_approval' | 'approval_rejected' | 'completed';

/** 催缴 episode of one account: from entering the ladder until paid down below the threshold. */
export interface DunningCaseTable {
  id: string;
  org_id: string;
  project_id: string;
  account_id: string;
  unit_id: string | null;
  party_id: string | null;
  collector_id: string | null;
  entered_on: string;
  status: 'open' | 'closed';
  closed_on: string | null;
  close_reason: string | null;
  months_in_arrears: number;
  overdue_fen: number;
  decision: DunningDecisionStatus;
  next_step_code: string | null;
  next_due_on: string | null;
  evaluated_on: string;
  created_at: string;
  updated_at: string;
}

export interface DunningStepTable {
  id: string;
  org_id: string;
  case_id: string;
  step_code: string;
  step_index: number;
  action: string;
  scheduled_on: string;
  taken_on: string;
  taken_by: string | null;
  channel: string | null;
  note: string | null;
  /** Notice letters: number and the data the letter was issued with (reprints are identical). */
  letter_no: string | null;
  letter_json: string | null;
  created_at: string;
}

export interface DunningApprovalTable {
  id: string;
  org_id: string;
  case_id: string;
  step_code: string;
  status: 'approved' | 'rejected';
  decided_by: string;
  approver_role: string;
  decided_on: string;
  note: string | null;
  created_at: string;
}

export interface BillingTables {
  fee_items: FeeItemTable;
  fee_liabilities: FeeLiabilityTable;
  meter_readings: MeterReadingTable;
  fee_discounts: FeeDiscountTable;
  bill_runs: BillRunTable;
  bills: BillTable;
  billing_accounts: BillingAccountTable;
  payments: PaymentTable;
  bill_settlements: BillSettlementTable;
  refunds: RefundTable;
  write_offs: WriteOffTable;
  billing_sequences: BillingSequenceTable;
  billing_settings: BillingSettingsTable;
  collector_assignments: CollectorAssignmentTable;
  collection_plans: CollectionPlanTable;
  dunning_cases: DunningCaseTable;
  dunning_steps: DunningStepTable;
  dunning_approvals: DunningApprovalTable;
  billing_corrections: import('./cashierSchema').BillingCorrectionTable;
  cashier_closes: import('./cashierSchema').CashierCloseTable;
  cashier_settings: import('./cashierSchema').CashierSettingsTable;
  deposit_entries: import('./cashierSchema').DepositEntryTable;
  receipt_prints: import('./cashierSchema').ReceiptPrintTable;
  bill_notices: import('./cashierSchema').BillNoticeTable;
}
