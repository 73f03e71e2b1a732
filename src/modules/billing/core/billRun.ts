/**
 * Bill run planning (出账): which bill lines a period's run must create. Pure and idempotent:
 * every line carries a deterministic key, and lines whose key already exists are not planned
 * again, so running a period twice (or re-running after a crash) creates nothing twice.
 */
import { BillingError } from './errors';
import type { DecimalInput } from './decimal';
import {
  type Cycle,
  type DateStr,
  type Period,
  addDays,
  assertDate,
  cyclePeriodKey,
  cyclePeriodsOverlapping,
  intersect,
  monthOf,
  parsePeriod,
} from './dates';
import {
  type AppliedDiscount,
  type DiscountTerms,
  type MeterReplacement,
  type MonthPortion,
  applyDiscounts,
  areaMonthlyFen,
  meterConsumption,
  meteredChargeFen,
  prorateRangeFen,
} from './fees';

/** A billable unit (单元/房间/商铺, or a parking space 车位) with its place in the hierarchy. */
export interface BillableUnit {
  readonly id: string;
  readonly projectId: string;
  readonly phaseId?: string;
  readonly buildingId?: string;
  /** Free-form kind used by fee-item filters: 'residential', 'commercial', 'parking', … */
  readonly kind: string;
  /** Chargeable area (计费面积) in m², at most 2 decimals; needed by area-based items. */
  readonly areaM2?: DecimalInput;
}

/**
 * Who is liable for a unit's fees over an inclusive date range (计费责任期): an owner from
 * handover, a tenant for a lease, a parking-space renter. `end` null = open-ended. Days with
 * no occupancy are not billed; to bill an owner for a vacant flat, record the owner here.
 */
export interface Occupancy {
  readonly id: string;
  readonly unitId: string;
  readonly partyId: string;
  readonly role?: string;
  readonly start: DateStr;
  readonly end: DateStr | null;
}

interface FeeItemBase {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  /** Reporting category: 'property', 'water', 'electricity', 'parking', 'service', … */
  readonly category: string;
  readonly cycle: Cycle;
  /** Only units of these kinds are billed (e.g. ['parking'] for parking rent); absent = all. */
  readonly unitKinds?: readonly string[];
  /** Inclusive validity of the item (price changes are modelled as a new item). */
  readonly validFrom?: DateStr;
  readonly validTo?: DateStr;
  /** Due date = coverage start (metered: reading date) + dueDays. Default 0. */
  readonly dueDays?: number;
}

/** Area-based fee (物业费): area m² × unitPriceFen per m² per month. */
export interface AreaFeeItem extends FeeItemBase {
  readonly kind: 'area';
  readonly unitPriceFen: DecimalInput;
}

/** Fixed monthly fee per unit (e.g. 垃圾清运费, parking rent 车位租金 with unitKinds ['parking']). */
export interface FixedFeeItem extends FeeItemBase {
  readonly kind: 'fixed';
  readonly monthlyFen: number;
}

/** Metered fee (水费/电费): consumption from readings × unitPriceFen per unit consumed. */
export interface MeteredFeeItem extends FeeItemBase {
  readonly kind: 'metered';
  readonly unitPriceFen: DecimalInput;
}

export type FeeItem = AreaFeeItem | FixedFeeItem | MeteredFeeItem;

/** A meter reading (抄表) for one unit and metered fee item. */
export interface MeterReading {
  readonly id: string;
  readonly unitId: string;
  readonly feeItemId: string;
  readonly readDate: DateStr;
  readonly previous: DecimalInput;
  readonly current: DecimalInput;
  readonly replacement?: MeterReplacement;
  /** Meter ratio (倍率), default 1. */
  readonly multiplier?: DecimalInput;
}

/**
 * A discount rule. It applies to a line when every given filter matches; the date window is
 * tested against the line's coverage start. Example, prepay a year 5 % off:
 * `{ id: 'prepay', kind: 'percent', percentOff: '5', cycles: ['yearly'], unitIds: [...] }`.
 */
export type Discount = {
  readonly id: string;
  readonly name?: string;
  readonly feeItemIds?: readonly string[];
  readonly unitIds?: readonly string[];
  readonly cycles?: readonly Cycle[];
  readonly validFrom?: DateStr;
  readonly validTo?: DateStr;
} & DiscountTerms;

export type LineBasis =
  | { readonly kind: 'area'; readonly areaM2: string; readonly unitPriceFen: string; readonly monthlyFen: number; readonly months: readonly MonthPortion[] }
  | { readonly kind: 'fixed'; readonly monthlyFen: number; readonly months: readonly MonthPortion[] }
  | {
      readonly kind: 'metered';
      readonly readingId: string;
      readonly readDate: DateStr;
      readonly previous: string;
      readonly current: string;
      readonly consumption: string;
      readonly multiplier: string;
      readonly unitPriceFen: string;
    };

/** A bill line the run should create. */
export interface PlannedBillLine {
  /** Idempotency key; see billLineKey. */
  readonly key: string;
  readonly unitId: string;
  readonly projectId: string;
  readonly phaseId?: string;
  readonly buildingId?: string;
  readonly occupancyId: string;
  readonly partyId: string;
  readonly feeItemId: string;
  readonly category: string;
  readonly cycle: Cycle;
  /** The fee item's cycle period billed: '2026-03', '2026-Q1' or '2026'. */
  readonly periodKey: string;
  /** Inclusive days billed (period ∩ occupancy ∩ item validity). */
  readonly coverStart: DateStr;
  readonly coverEnd: DateStr;
  /** Month the receivable belongs to in reports: first month of the period. */
  readonly accountMonth: string;
  readonly dueDate: DateStr;
  readonly basis: LineBasis;
  readonly grossFen: number;
  readonly discounts: readonly AppliedDiscount[];
  readonly discountFen: number;
  /** Amount receivable = gross − discounts. */
  readonly amountFen: number;
}

export type BillRunIssueCode =
  | 'invalid_fee_item'
  | 'invalid_occupancy'
  | 'missing_area'
  | 'invalid_area'
  /** Area × price (or another product) is too large to compute: reported as such, not as a missing area. */
  | 'amount_overflow'
  | 'overlapping_occupancies'
  | 'meter_error'
  | 'no_occupant'
  | 'duplicate_reading'
  | 'duplicate_key';

/** Something the run could not bill; the rest of the run is unaffected. */
export interface BillRunIssue {
  readonly code: BillRunIssueCode;
  readonly message: string;
  readonly unitId?: string;
  readonly feeItemId?: string;
  readonly periodKey?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface BillRunPlan {
  readonly period: Period;
  /** Lines to create, sorted by unit, fee item, period, coverage start. */
  readonly lines: PlannedBillLine[];
  /** Keys that were due but already exist (the idempotent no-ops). */
  readonly alreadyBilled: string[];
  readonly issues: BillRunIssue[];
}

export interface BillRunOptions {
  readonly readings?: readonly MeterReading[];
  readonly discounts?: readonly Discount[];
  /**
   * The largest gross amount one bill line may have. A line above it is not billed but reported
   * as `amount_overflow`: a price keyed with extra digits must not become a bill of 1 万亿元.
   */
  readonly maxLineFen?: number;
}

/**
 * The idempotency key of a bill line: one per (fee item period, unit, fee item, occupancy).
 * The occupancy is part of it because a period split by a move-out / move-in yields one line
 * per liable party; it is always included so a key never changes when a later occupancy is
 * recorded. Parts are URI-encoded so no two distinct tuples can produce the same key.
 */
export function billLineKey(periodKey: string, unitId: string, feeItemId: string, occupancyId: string): string {
  return ['BL', periodKey, unitId, feeItemId, occupancyId].map(encodeURIComponent).join('|');
}

/**
 * Plans the bill lines of a run for `period` ('YYYY-MM', 'YYYY-Qn' or 'YYYY').
 *
 * For each area / fixed fee item and each matching unit of its project, every period of the
 * item's cycle that overlaps the run period is billed (a March run bills a quarterly item's
 * Q1 and a yearly item's year — unless their keys exist already), prorated by days over each
 * occupancy. Metered items are billed from `options.readings` dated within the run period, to
 * the occupant on the reading date. Lines whose key is in `existingBillKeys` are skipped.
 * Problems with one unit or item are reported in `issues` and never abort the run.
 */
export function planBillRun(
  period: string,
  units: readonly BillableUnit[],
  occupancies: readonly Occupancy[],
  feeItems: readonly FeeItem[],
  existingBillKeys: Iterable<string>,
  options: BillRunOptions = {},
): BillRunPlan {
  const run = parsePeriod(period);
  const existing = new Set(existingBillKeys);
  const issues: BillRunIssue[] = [];
  const lines: PlannedBillLine[] = [];
  const alreadyBilled: string[] = [];
  const seen = new Set<string>();
  const discounts = options.discounts ?? [];

  const occByUnit = new Map<string, Occupancy[]>();
  for (const o of occupancies) {
    try {
      assertDate(o.start, 'occupancy start');
      if (o.end !== null) assertDate(o.end, 'occupancy end');
      if (o.end !== null && o.end < o.start) throw new BillingError('INVALID_RANGE', `occupancy ${o.id} ends before it starts`);
    } catch (e) {
      issues.push({ code: 'invalid_occupancy', unitId: o.unitId, message: (e as Error).message, details: { occupancyId: o.id } });
      continue;
    }
    const list = occByUnit.get(o.unitId) ?? [];
    list.push(o);
    occByUnit.set(o.unitId, list);
  }

  // Takes the line without discount fields and completes it in place (no copy: runs are large).
  const emit = (line: Omit<PlannedBillLine, 'discounts' | 'discountFen' | 'amountFen'>, unit: BillableUnit, item: FeeItem) => {
    if (seen.has(line.key)) {
      issues.push({ code: 'duplicate_key', unitId: unit.id, feeItemId: item.id, periodKey: line.periodKey, message: `bill key generated twice in one run: ${line.key}` });
      return;
    }
    seen.add(line.key);
    if (options.maxLineFen !== undefined && line.grossFen > options.maxLineFen) {
      issues.push({ code: 'amount_overflow', unitId: unit.id, feeItemId: item.id, periodKey: line.periodKey, message: `bill line of ${line.grossFen} fen exceeds the limit of ${options.maxLineFen} fen; check the price of fee item ${item.id}` });
      return;
    }
    if (existing.has(line.key)) {
      alreadyBilled.push(line.key);
      return;
    }
    const matching = discounts.length ? discounts.filter((d) => discountMatches(d, line, item)) : discounts;
    const { discountFen, netFen, applied } = applyDiscounts(line.grossFen, matching);
    const full = line as { -readonly [K in keyof PlannedBillLine]: PlannedBillLine[K] };
    full.discounts = applied;
    full.discountFen = discountFen;
    full.amountFen = netFen;
    lines.push(full);
  };

  for (const item of feeItems) {
    try {
      validateFeeItem(item);
    } catch (e) {
      issues.push({ code: 'invalid_fee_item', feeItemId: item.id, message: (e as Error).message });
      continue;
    }
    const itemUnits = units.filter((u) => u.projectId === item.projectId && (!item.unitKinds || item.unitKinds.includes(u.kind)));
    if (item.kind === 'metered') {
      planMetered(item, itemUnits, run, occByUnit, options.readings ?? [], issues, emit);
      continue;
    }
    for (const cp of cyclePeriodsOverlapping(item.cycle, run)) {
      const billable = intersect({ start: cp.start, end: cp.end }, { start: item.validFrom ?? cp.start, end: item.validTo ?? null });
      if (!billable) continue;
      for (const unit of itemUnits) {
        let monthlyFen: number;
        let areaM2 = '';
        if (item.kind === 'area') {
          if (unit.areaM2 === undefined) {
            issues.push({ code: 'missing_area', unitId: unit.id, feeItemId: item.id, periodKey: cp.key, message: `unit ${unit.id} has no chargeable area` });
            continue;
          }
          try {
            monthlyFen = areaMonthlyFen(unit.areaM2, item.unitPriceFen);
            areaM2 = String(unit.areaM2);
          } catch (e) {
            const code = e instanceof BillingError && e.code === 'AMOUNT_OVERFLOW' ? 'amount_overflow' : 'invalid_area';
            issues.push({ code, unitId: unit.id, feeItemId: item.id, periodKey: cp.key, message: (e as Error).message });
            continue;
          }
        } else {
          monthlyFen = item.monthlyFen;
        }
        const segments: { occ: Occupancy; start: DateStr; end: DateStr }[] = [];
        for (const occ of occByUnit.get(unit.id) ?? []) {
          const seg = intersect({ start: billable.start, end: billable.end }, { start: occ.start, end: occ.end });
          if (seg) segments.push({ occ, start: seg.start, end: seg.end as DateStr });
        }
        segments.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.occ.id < b.occ.id ? -1 : 1));
        const overlap = segments.findIndex((s, i) => i > 0 && s.start <= segments[i - 1].end);
        if (overlap > 0) {
          issues.push({
            code: 'overlapping_occupancies',
            unitId: unit.id,
            feeItemId: item.id,
            periodKey: cp.key,
            message: `occupancies ${segments[overlap - 1].occ.id} and ${segments[overlap].occ.id} of unit ${unit.id} overlap; nothing billed for this unit and period`,
          });
          continue;
        }
        for (const seg of segments) {
          const { fen, months } = prorateRangeFen(monthlyFen, seg.start, seg.end);
          if (fen === 0) continue;
          const basis: LineBasis =
            item.kind === 'area'
              ? { kind: 'area', areaM2, unitPriceFen: String(item.unitPriceFen), monthlyFen, months }
              : { kind: 'fixed', monthlyFen, months };
          emit(
            {
              key: billLineKey(cp.key, unit.id, item.id, seg.occ.id),
              ...placeOf(unit),
              occupancyId: seg.occ.id,
              partyId: seg.occ.partyId,
              feeItemId: item.id,
              category: item.category,
              cycle: item.cycle,
              periodKey: cp.key,
              coverStart: seg.start,
              coverEnd: seg.end,
              accountMonth: monthOf(cp.start),
              dueDate: addDays(seg.start, item.dueDays ?? 0),
              basis,
              grossFen: fen,
            },
            unit,
            item,
          );
        }
      }
    }
  }

  lines.sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.feeItemId, b.feeItemId) || cmp(a.periodKey, b.periodKey) || cmp(a.coverStart, b.coverStart) || cmp(a.key, b.key));
  return { period: run, lines, alreadyBilled, issues };
}

function planMetered(
  item: MeteredFeeItem,
  itemUnits: readonly BillableUnit[],
  run: Period,
  occByUnit: Map<string, Occupancy[]>,
  readings: readonly MeterReading[],
  issues: BillRunIssue[],
  emit: (line: Omit<PlannedBillLine, 'discounts' | 'discountFen' | 'amountFen'>, unit: BillableUnit, item: FeeItem) => void,
): void {
  const unitById = new Map(itemUnits.map((u) => [u.id, u]));
  const used = new Map<string, string>();
  const sorted = readings
    .filter((r) => r.feeItemId === item.id && unitById.has(r.unitId))
    .slice()
    .sort((a, b) => cmp(a.unitId, b.unitId) || cmp(a.readDate, b.readDate) || cmp(a.id, b.id));
  for (const r of sorted) {
    const unit = unitById.get(r.unitId) as BillableUnit;
    try {
      assertDate(r.readDate, 'readDate');
    } catch (e) {
      issues.push({ code: 'meter_error', unitId: r.unitId, feeItemId: item.id, message: (e as Error).message, details: { readingId: r.id } });
      continue;
    }
    if (r.readDate < run.start || r.readDate > run.end) continue;
    if ((item.validFrom && r.readDate < item.validFrom) || (item.validTo && r.readDate > item.validTo)) continue;
    const periodKey = cyclePeriodKey(item.cycle, r.readDate);
    const cp = parsePeriod(periodKey);
    const dupOf = used.get(`${r.unitId}|${periodKey}`);
    if (dupOf !== undefined) {
      issues.push({
        code: 'duplicate_reading',
        unitId: r.unitId,
        feeItemId: item.id,
        periodKey,
        message: `reading ${r.id} is a second reading in period ${periodKey} (first: ${dupOf}); not billed`,
        details: { readingId: r.id, firstReadingId: dupOf },
      });
      continue;
    }
    used.set(`${r.unitId}|${periodKey}`, r.id);
    const occ = (occByUnit.get(r.unitId) ?? []).filter((o) => o.start <= r.readDate && (o.end === null || o.end >= r.readDate));
    if (occ.length !== 1) {
      issues.push({
        code: occ.length === 0 ? 'no_occupant' : 'overlapping_occupancies',
        unitId: r.unitId,
        feeItemId: item.id,
        periodKey,
        message: occ.length === 0 ? `no liable party for unit ${r.unitId} on ${r.readDate}` : `several occupancies of unit ${r.unitId} on ${r.readDate}`,
        details: { readingId: r.id },
      });
      continue;
    }
    let consumption: string;
    let fen: number;
    try {
      consumption = meterConsumption(r.previous, r.current, r.replacement);
      fen = meteredChargeFen(consumption, item.unitPriceFen, r.multiplier ?? 1);
    } catch (e) {
      const err = e as BillingError;
      issues.push({ code: 'meter_error', unitId: r.unitId, feeItemId: item.id, periodKey, message: err.message, details: { readingId: r.id, error: err.code, ...err.details } });
      continue;
    }
    if (fen === 0) continue;
    const o = occ[0];
    const cover = intersect({ start: cp.start, end: cp.end }, { start: o.start, end: o.end }) as { start: DateStr; end: DateStr };
    emit(
      {
        key: billLineKey(periodKey, r.unitId, item.id, o.id),
        ...placeOf(unit),
        occupancyId: o.id,
        partyId: o.partyId,
        feeItemId: item.id,
        category: item.category,
        cycle: item.cycle,
        periodKey,
        coverStart: cover.start,
        coverEnd: cover.end,
        accountMonth: monthOf(cp.start),
        dueDate: addDays(r.readDate, item.dueDays ?? 0),
        basis: {
          kind: 'metered',
          readingId: r.id,
          readDate: r.readDate,
          previous: String(r.previous),
          current: String(r.current),
          consumption,
          multiplier: String(r.multiplier ?? 1),
          unitPriceFen: String(item.unitPriceFen),
        },
        grossFen: fen,
      },
      unit,
      item,
    );
  }
}

function placeOf(unit: BillableUnit): Pick<PlannedBillLine, 'unitId' | 'projectId' | 'phaseId' | 'buildingId'> {
  return { unitId: unit.id, projectId: unit.projectId, phaseId: unit.phaseId, buildingId: unit.buildingId };
}

function validateFeeItem(item: FeeItem): void {
  if (item.validFrom) assertDate(item.validFrom, 'validFrom');
  if (item.validTo) assertDate(item.validTo, 'validTo');
  if (item.dueDays !== undefined && (!Number.isInteger(item.dueDays) || item.dueDays < 0)) {
    throw new BillingError('INVALID_FEE_ITEM', `fee item ${item.id}: dueDays must be a non-negative integer`);
  }
  if (!['monthly', 'quarterly', 'yearly'].includes(item.cycle)) {
    throw new BillingError('INVALID_FEE_ITEM', `fee item ${item.id}: unknown cycle ${String(item.cycle)}`);
  }
  if (item.kind === 'fixed') {
    if (!Number.isSafeInteger(item.monthlyFen) || item.monthlyFen < 0) {
      throw new BillingError('INVALID_FEE_ITEM', `fee item ${item.id}: monthlyFen must be a non-negative integer`);
    }
  } else if (item.kind === 'area' || item.kind === 'metered') {
    // Parses (and so validates) the price; the value itself is used per unit later.
    meteredChargeFen(0, item.unitPriceFen);
  } else {
    throw new BillingError('INVALID_FEE_ITEM', `fee item ${(item as FeeItem).id}: unknown kind`);
  }
}

function discountMatches(d: Discount, line: Pick<PlannedBillLine, 'unitId' | 'feeItemId' | 'coverStart' | 'cycle'>, item: FeeItem): boolean {
  return (
    (!d.feeItemIds || d.feeItemIds.includes(item.id)) &&
    (!d.unitIds || d.unitIds.includes(line.unitId)) &&
    (!d.cycles || d.cycles.includes(line.cycle)) &&
    (!d.validFrom || line.coverStart >= d.validFrom) &&
    (!d.validTo || line.coverStart <= d.validTo)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
