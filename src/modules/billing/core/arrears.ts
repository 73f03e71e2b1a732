/**
 * Arrears (欠费) and aging (账龄). A bill is in arrears from the day after its due date while
 * anything of it is outstanding; its age is the number of days past due.
 */
import { BillingError, assertFen } from './errors';
import { type DateStr, assertDate, diffDays, monthOf, monthsBetween } from './dates';
import type { AccountState } from './ledger';

export interface AgingBucket {
  readonly label: string;
  /** Inclusive bounds in days past due. */
  readonly minDays: number;
  readonly maxDays: number;
}

/** 0–30, 31–60, 61–90, 91–180, 181–365, >365 days past due. */
export const DEFAULT_AGING_BUCKETS: readonly AgingBucket[] = [
  { label: '0-30', minDays: 1, maxDays: 30 },
  { label: '31-60', minDays: 31, maxDays: 60 },
  { label: '61-90', minDays: 61, maxDays: 90 },
  { label: '91-180', minDays: 91, maxDays: 180 },
  { label: '181-365', minDays: 181, maxDays: 365 },
  { label: '>365', minDays: 366, maxDays: Number.POSITIVE_INFINITY },
];

/** An outstanding bill for arrears purposes. */
export interface ArrearsItem {
  readonly billId: string;
  readonly dueDate: DateStr;
  readonly outstandingFen: number;
  /** Days the bill charges for; absent = the due date's month. */
  readonly coverStart?: DateStr;
  readonly coverEnd?: DateStr;
}

/** Days past due as of a date (0 on or before the due date). */
export function daysPastDue(dueDate: DateStr, asOf: DateStr): number {
  return Math.max(0, diffDays(dueDate, asOf));
}

export interface AgingReport {
  /** Outstanding but not yet past due. */
  readonly notDueFen: number;
  readonly buckets: readonly (AgingBucket & { readonly fen: number; readonly count: number })[];
  readonly overdueFen: number;
  /** Age of the oldest overdue bill, 0 if none. */
  readonly oldestDaysPastDue: number;
}

/**
 * Ages outstanding amounts as of a date into buckets (default 0–30 … >365 days past due).
 * Buckets must be contiguous from day 1 and end open (maxDays = Infinity).
 */
export function agingReport(items: readonly ArrearsItem[], asOf: DateStr, buckets: readonly AgingBucket[] = DEFAULT_AGING_BUCKETS): AgingReport {
  assertDate(asOf, 'asOf');
  validateBuckets(buckets);
  const rows = buckets.map((b) => ({ ...b, fen: 0, count: 0 }));
  let notDue = 0;
  let oldest = 0;
  for (const it of items) {
    assertFen(it.outstandingFen, 'outstandingFen');
    if (it.outstandingFen === 0) continue;
    const age = daysPastDue(it.dueDate, asOf);
    if (age === 0) {
      notDue += it.outstandingFen;
      continue;
    }
    const row = rows.find((r) => age >= r.minDays && age <= r.maxDays) as (typeof rows)[number];
    row.fen += it.outstandingFen;
    row.count += 1;
    oldest = Math.max(oldest, age);
  }
  return { notDueFen: notDue, buckets: rows, overdueFen: rows.reduce((s, r) => s + r.fen, 0), oldestDaysPastDue: oldest };
}

function validateBuckets(buckets: readonly AgingBucket[]): void {
  let next = 1;
  for (const b of buckets) {
    if (b.minDays !== next || b.maxDays < b.minDays) {
      throw new BillingError('INVALID_RANGE', `aging buckets must be contiguous from day 1; bucket ${b.label} starts at ${b.minDays}, expected ${next}`);
    }
    next = b.maxDays + 1;
  }
  if (next !== Number.POSITIVE_INFINITY) throw new BillingError('INVALID_RANGE', 'the last aging bucket must be open-ended (maxDays = Infinity)');
}

/**
 * How many months an account is in arrears (欠费月数): the number of distinct calendar months
 * charged for by bills that are past due and still outstanding. Two utility bills for March
 * and the March property fee are one month; a quarterly bill left unpaid is three.
 */
export function monthsInArrears(items: readonly ArrearsItem[], asOf: DateStr): number {
  const months = new Set<string>();
  for (const it of items) {
    if (it.outstandingFen <= 0 || daysPastDue(it.dueDate, asOf) === 0) continue;
    if (it.coverStart && it.coverEnd) for (const m of monthsBetween(it.coverStart, it.coverEnd)) months.add(m);
    else months.add(monthOf(it.coverStart ?? it.dueDate));
  }
  return months.size;
}

/** Total past-due outstanding amount. */
export function overdueFen(items: readonly ArrearsItem[], asOf: DateStr): number {
  return items.reduce((s, it) => s + (daysPastDue(it.dueDate, asOf) > 0 ? it.outstandingFen : 0), 0);
}

/** The outstanding bills of a replayed ledger as arrears items (bills fully settled are left out). */
export function arrearsItemsFromLedger(state: AccountState): ArrearsItem[] {
  return state.bills
    .filter((b) => b.outstandingFen > 0)
    .map((b) => ({ billId: b.bill.id, dueDate: b.bill.dueDate, outstandingFen: b.outstandingFen, coverStart: b.bill.coverStart, coverEnd: b.bill.coverEnd }));
}
