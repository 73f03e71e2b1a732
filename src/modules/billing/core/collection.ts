/**
 * Collection reports (收费率报表), with the KPI definitions of DESIGN.md §4:
 *   collection rate 收费率 = amount received for the period / amount receivable for the period
 *   household collection rate 户收费率 = (units billed − units in arrears) / units billed
 * "For the period" means: bills whose accounting month is in the report's months, and money
 * received against those bills up to the cut-off date (not cash taken for other periods).
 */
import { BillingError, assertFen } from './errors';
import { type DateStr, assertDate } from './dates';
import { type DecimalInput, decToRatio, parseDecimal } from './decimal';

export type CollectionDimension = 'projectId' | 'phaseId' | 'buildingId' | 'collectorId' | 'feeItemId' | 'month';

/** One receivable (a bill) with where it belongs and what has been received against it. */
export interface ReceivableRecord {
  readonly billId: string;
  readonly unitId: string;
  readonly projectId: string;
  readonly phaseId?: string;
  readonly buildingId?: string;
  /** Collector (收费员) responsible for the unit. */
  readonly collectorId?: string;
  readonly feeItemId: string;
  /** Accounting month 'YYYY-MM'. */
  readonly month: string;
  readonly amountFen: number;
  /** Payments and credit applied to this bill, dated. */
  readonly receipts: readonly { readonly date: DateStr; readonly fen: number }[];
  /** Approved write-offs on this bill, dated. */
  readonly writeOffs?: readonly { readonly date: DateStr; readonly fen: number }[];
}

/** A target for one group: a collection-rate target ("0.93") and/or a planned amount. */
export interface CollectionPlan {
  readonly group: Partial<Record<CollectionDimension, string>>;
  readonly targetRate?: DecimalInput;
  readonly plannedFen?: number;
}

export interface CollectionRow {
  readonly group: Partial<Record<CollectionDimension, string>>;
  readonly receivableFen: number;
  readonly receivedFen: number;
  readonly writtenOffFen: number;
  /** Still open: amount − received − written off (whatever the write-off mode). */
  readonly outstandingFen: number;
  /** receivedFen / receivableFen, null when nothing was receivable. */
  readonly rate: number | null;
  readonly unitsBilled: number;
  readonly unitsInArrears: number;
  /** (unitsBilled − unitsInArrears) / unitsBilled, null when no unit was billed. */
  readonly householdRate: number | null;
  readonly plan?: {
    readonly targetRate?: number;
    /** rate − targetRate */
    readonly rateGap?: number | null;
    readonly plannedFen?: number;
    /** receivedFen − plannedFen */
    readonly amountGapFen?: number;
  };
}

export interface CollectionReportOptions {
  readonly groupBy: readonly CollectionDimension[];
  /** Count receipts and write-offs dated on or before this day; default: all. */
  readonly cutoff?: DateStr;
  /** Inclusive accounting-month range 'YYYY-MM'; default: all records. */
  readonly fromMonth?: string;
  readonly toMonth?: string;
  /**
   * 'exclude' (default): an approved write-off is no longer receivable (核销 removes it).
   * 'keep': it stays in the receivable and counts as unpaid (the unit stays in arrears).
   */
  readonly writeOffs?: 'exclude' | 'keep';
  readonly plans?: readonly CollectionPlan[];
}

/** 收费率; null when nothing was receivable. */
export function collectionRate(receivedFen: number, receivableFen: number): number | null {
  return receivableFen === 0 ? null : receivedFen / receivableFen;
}

/** 户收费率; null when no unit was billed. */
export function householdCollectionRate(unitsBilled: number, unitsInArrears: number): number | null {
  if (unitsInArrears > unitsBilled) throw new BillingError('INVALID_RANGE', 'more units in arrears than units billed');
  return unitsBilled === 0 ? null : (unitsBilled - unitsInArrears) / unitsBilled;
}

interface Acc {
  group: Partial<Record<CollectionDimension, string>>;
  receivable: number;
  received: number;
  writtenOff: number;
  outstanding: number;
  units: Set<string>;
  arrears: Set<string>;
}

/**
 * Groups receivables by the chosen dimensions and computes both rates per group, plus a total
 * row. A unit is "billed" in a group if it has a receivable there, and "in arrears" if its
 * receivables there are not fully received (or written off) by the cut-off.
 */
export function collectionReport(records: readonly ReceivableRecord[], options: CollectionReportOptions): { rows: CollectionRow[]; total: CollectionRow } {
  if (options.cutoff) assertDate(options.cutoff, 'cutoff');
  const excludeWriteOffs = (options.writeOffs ?? 'exclude') === 'exclude';
  const groups = new Map<string, Acc>();
  const total: Acc = newAcc({});
  for (const r of records) {
    if ((options.fromMonth && r.month < options.fromMonth) || (options.toMonth && r.month > options.toMonth)) continue;
    assertFen(r.amountFen, 'amountFen');
    const upTo = <T extends { date: DateStr; fen: number }>(xs: readonly T[] | undefined) =>
      (xs ?? []).reduce((s, x) => s + (!options.cutoff || x.date <= options.cutoff ? x.fen : 0), 0);
    const received = upTo(r.receipts);
    const writtenOff = upTo(r.writeOffs);
    if (received + writtenOff > r.amountFen) {
      throw new BillingError('INVALID_AMOUNT', `bill ${r.billId}: received plus written off exceeds the amount`, { billId: r.billId });
    }
    const group: Partial<Record<CollectionDimension, string>> = {};
    for (const d of options.groupBy) group[d] = r[d] ?? '';
    const key = JSON.stringify(options.groupBy.map((d) => group[d]));
    let acc = groups.get(key);
    if (!acc) {
      acc = newAcc(group);
      groups.set(key, acc);
    }
    for (const a of [acc, total]) add(a, r, received, writtenOff, excludeWriteOffs);
  }
  const plans = options.plans ?? [];
  const rows = [...groups.values()]
    .sort((a, b) => {
      for (const d of options.groupBy) {
        const x = a.group[d] ?? '';
        const y = b.group[d] ?? '';
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    })
    .map((a) => toRow(a, plans.find((p) => options.groupBy.every((d) => p.group[d] === a.group[d]) && Object.keys(p.group).length === options.groupBy.length)));
  return { rows, total: toRow(total, undefined) };
}

function newAcc(group: Partial<Record<CollectionDimension, string>>): Acc {
  return { group, receivable: 0, received: 0, writtenOff: 0, outstanding: 0, units: new Set(), arrears: new Set() };
}

function add(a: Acc, r: ReceivableRecord, received: number, writtenOff: number, excludeWriteOffs: boolean): void {
  const receivable = r.amountFen - (excludeWriteOffs ? writtenOff : 0);
  a.receivable += receivable;
  a.received += received;
  a.writtenOff += writtenOff;
  a.outstanding += r.amountFen - received - writtenOff;
  // Billed = something receivable; in arrears = part of that receivable not received.
  if (receivable > 0) a.units.add(r.unitId);
  if (receivable - received > 0) a.arrears.add(r.unitId);
}

function toRow(a: Acc, plan: CollectionPlan | undefined): CollectionRow {
  const rate = collectionRate(a.received, a.receivable);
  const row: CollectionRow = {
    group: a.group,
    receivableFen: a.receivable,
    receivedFen: a.received,
    writtenOffFen: a.writtenOff,
    outstandingFen: a.outstanding,
    rate,
    unitsBilled: a.units.size,
    unitsInArrears: a.arrears.size,
    householdRate: householdCollectionRate(a.units.size, a.arrears.size),
  };
  if (!plan) return row;
  const target = plan.targetRate === undefined ? undefined : toNumber(plan.targetRate);
  return {
    ...row,
    plan: {
      ...(target !== undefined ? { targetRate: target, rateGap: rate === null ? null : rate - target } : {}),
      ...(plan.plannedFen !== undefined ? { plannedFen: plan.plannedFen, amountGapFen: a.received - plan.plannedFen } : {}),
    },
  };
}

function toNumber(d: DecimalInput): number {
  const r = decToRatio(parseDecimal(d, { name: 'targetRate' }));
  return Number(r.num) / Number(r.den);
}
