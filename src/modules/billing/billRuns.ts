/**
 * Bill runs (出账) on the store: load what the core needs, let `planBillRun` decide the lines,
 * insert them with ON CONFLICT DO NOTHING on the line key. Running a period twice — or two runs
 * racing — creates each line exactly once: the unique key decides, not a check-then-insert.
 */
import type { AppContext } from '../../core/context';
import { notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import {
  cyclePeriodsOverlapping,
  parsePeriod,
  planBillRun,
  type BillableUnit,
  type BillRunIssue,
  type BillRunPlan,
  type Cycle,
  type Discount,
  type FeeItem,
  type MeterReading,
  type Occupancy,
} from './core';
import { issueBills } from './accounts';
import type { BillTable } from './schema';
import {
  ensureSettings,
  guarded,
  loadBillableTargets,
  toCoreDiscount,
  toCoreFeeItem,
  toCoreOccupancy,
  toCoreReading,
  today,
  type Db,
  type TargetPlace,
  type Who,
} from './store';
import { MAX_BILL_LINE_FEN } from './limits';

export interface RunInputs {
  plan: BillRunPlan;
  places: Map<string, TargetPlace>;
}

/** What a project's bill runs read from the store (fee items, liabilities, discounts, targets). */
export interface ProjectBillingData {
  units: BillableUnit[];
  places: Map<string, TargetPlace>;
  feeItems: FeeItem[];
  occupancies: Occupancy[];
  discounts: Discount[];
}

export async function loadProjectBillingData(db: Db, orgId: string, projectId: string): Promise<ProjectBillingData> {
  const { units, places } = await loadBillableTargets(db, orgId, projectId);
  const feeRows = await db.selectFrom('fee_items').selectAll().where('project_id', '=', projectId).where('org_id', '=', orgId).where('active', '=', 1).execute();
  const feeItems = feeRows.map(toCoreFeeItem).filter((f): f is FeeItem => f !== null);
  const occupancies = (await db.selectFrom('fee_liabilities').select(['id', 'target_id', 'party_id', 'role', 'start_date', 'end_date']).where('project_id', '=', projectId).where('org_id', '=', orgId).execute()).map(toCoreOccupancy);
  const discounts = (await db.selectFrom('fee_discounts').selectAll().where('project_id', '=', projectId).where('org_id', '=', orgId).where('active', '=', 1).orderBy('seq').orderBy('created_at').execute()).map(toCoreDiscount);
  return { units, places, feeItems, occupancies, discounts };
}

/** Meter readings of a project dated within a period. */
export async function loadReadings(db: Db, orgId: string, projectId: string, start: string, end: string): Promise<MeterReading[]> {
  return (await db.selectFrom('meter_readings').selectAll().where('project_id', '=', projectId).where('org_id', '=', orgId).where('read_date', '>=', start).where('read_date', '<=', end).execute()).map(toCoreReading);
}

/** The cycle periods a run can touch: only their keys matter for idempotency. */
export function periodKeysOf(period: string): string[] {
  const run = parsePeriod(period);
  const keys = new Set<string>();
  for (const cycle of ['monthly', 'quarterly', 'yearly'] as Cycle[]) for (const p of cyclePeriodsOverlapping(cycle, run)) keys.add(p.key);
  return [...keys];
}

/** Plans a run from loaded data: the core decides every line. */
export function planFromData(data: ProjectBillingData, period: string, readings: readonly MeterReading[], existingKeys: Iterable<string>): RunInputs {
  const plan = planBillRun(period, data.units, data.occupancies, data.feeItems, existingKeys, { readings, discounts: data.discounts, maxLineFen: MAX_BILL_LINE_FEN });
  return { plan, places: data.places };
}

/** Everything the core needs for one project and period, read in a handful of queries. */
export async function planProjectRun(db: Db, orgId: string, projectId: string, period: string): Promise<RunInputs> {
  const run = await guarded(() => parsePeriod(period));
  const data = await loadProjectBillingData(db, orgId, projectId);
  const readings = await loadReadings(db, orgId, projectId, run.start, run.end);
  const existing = await db.selectFrom('bills').select('line_key').where('project_id', '=', projectId).where('org_id', '=', orgId).where('period_key', 'in', periodKeysOf(period)).where('kind', '=', 'charge').execute();
  return guarded(() => planFromData(data, period, readings, existing.map((e) => e.line_key)));
}

/**
 * The store rows of a plan's lines. Built as one flat literal per row (no spreads): runs write
 * tens of thousands of rows and this keeps them cheap to build and to collect.
 */
export function rowsOfPlan(orgId: string, inputs: RunInputs, runId: string | null, createdBy: string | null, issuedOn: string): BillTable[] {
  const at = nowIso();
  const out: BillTable[] = new Array(inputs.plan.lines.length);
  let i = 0;
  for (const l of inputs.plan.lines) {
    const place = inputs.places.get(l.unitId)!;
    out[i++] = {
      id: newId(),
      org_id: orgId,
      project_id: l.projectId,
      phase_id: l.phaseId ?? null,
      building_id: l.buildingId ?? null,
      unit_id: place.unitId,
      space_id: place.spaceId,
      account_id: place.accountId,
      party_id: l.partyId,
      liability_id: l.occupancyId,
      fee_item_id: l.feeItemId,
      category: l.category,
      kind: 'charge',
      line_key: l.key,
      period_key: l.periodKey,
      cover_start: l.coverStart,
      cover_end: l.coverEnd,
      account_month: l.accountMonth,
      issued_on: issuedOn,
      due_date: l.dueDate,
      gross_fen: l.grossFen,
      discount_fen: l.discountFen,
      amount_fen: l.amountFen,
      paid_fen: 0,
      written_off_fen: 0,
      outstanding_fen: l.amountFen,
      basis_json: JSON.stringify(l.basis),
      discounts_json: l.discounts.length ? JSON.stringify(l.discounts) : null,
      description: null,
      run_id: runId,
      source_bill_id: null,
      source_order_id: null,
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    };
  }
  return out;
}

export interface RunResult {
  runId: string | null;
  period: string;
  dryRun: boolean;
  plannedCount: number;
  createdCount: number;
  /** Lines that already existed: earlier runs, or a concurrent run that inserted them first. */
  existingCount: number;
  createdFen: number;
  issues: BillRunIssue[];
  preview?: { unitId: string; feeItemId: string; periodKey: string; coverStart: string; coverEnd: string; amountFen: number; dueDate: string }[];
}

/**
 * One bill run for a project and period ('2026-03', '2026-Q1', '2026'), in one transaction.
 * `dryRun` plans without writing and returns a preview.
 */
export async function runBills(ctx: AppContext, who: Who, input: { projectId: string; period: string; dryRun?: boolean; issuedOn?: string }): Promise<RunResult> {
  const db = ctx.store.db;
  const project = await db.selectFrom('projects').select('id').where('id', '=', input.projectId).where('org_id', '=', who.orgId).executeTakeFirst();
  if (!project) throw notFound('what.project');
  const issuedOn = input.issuedOn ?? today();
  if (input.dryRun) {
    const inputs = await planProjectRun(db, who.orgId, input.projectId, input.period);
    const p = inputs.plan;
    return {
      runId: null,
      period: input.period,
      dryRun: true,
      plannedCount: p.lines.length + p.alreadyBilled.length,
      createdCount: 0,
      existingCount: p.alreadyBilled.length,
      createdFen: p.lines.reduce((s, l) => s + l.amountFen, 0),
      issues: p.issues,
      preview: p.lines.slice(0, 200).map((l) => ({ unitId: l.unitId, feeItemId: l.feeItemId, periodKey: l.periodKey, coverStart: l.coverStart, coverEnd: l.coverEnd, amountFen: l.amountFen, dueDate: l.dueDate })),
    };
  }
  const startedAt = nowIso();
  return db.transaction().execute(async (trx) => {
    // Planned inside the transaction; a concurrent run may still insert the same keys first —
    // the unique line key turns those into no-ops below.
    const inputs = await planProjectRun(trx, who.orgId, input.projectId, input.period);
    const runId = newId();
    const rows = rowsOfPlan(who.orgId, inputs, runId, who.userId, issuedOn);
    const inserted = await issueBills(trx, ctx.store, rows);
    const createdFen = inserted.reduce((s, b) => s + b.amount_fen, 0);
    const existingCount = inputs.plan.alreadyBilled.length + (rows.length - inserted.length);
    await trx
      .insertInto('bill_runs')
      .values({
        id: runId,
        org_id: who.orgId,
        project_id: input.projectId,
        period: input.period,
        started_by: who.userId,
        started_at: startedAt,
        finished_at: nowIso(),
        planned_count: rows.length + inputs.plan.alreadyBilled.length,
        created_count: inserted.length,
        existing_count: existingCount,
        created_fen: createdFen,
        issues_json: JSON.stringify(inputs.plan.issues.slice(0, 500)),
      })
      .execute();
    await ensureSettings(trx, who.orgId, input.projectId);
    return {
      runId,
      period: input.period,
      dryRun: false,
      plannedCount: rows.length + inputs.plan.alreadyBilled.length,
      createdCount: inserted.length,
      existingCount,
      createdFen,
      issues: inputs.plan.issues,
    };
  });
}
