/**
 * The dunning ladder (催缴) on the store. Evaluation opens an episode (case) for each account
 * that qualifies, closes episodes paid down below the threshold, and records what the core's
 * `nextDunningStep` says is next. Steps are taken only when the core says "due" for exactly
 * that step — which, for a step that needs approval, means an approval by an allowed role in
 * this episode. Nothing escalates by itself.
 */
import { sql } from 'kysely';
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { enqueue } from '../notifications/outbox';
import {
  BillingError,
  addDays,
  inLadder,
  ladderSchedule,
  monthsInArrears,
  nextDunningStep,
  overdueFen,
  type ArrearsItem,
  type DunningDecision,
  type DunningLadder,
  type StepApproval,
  type StepRecord,
} from './core';
import { loadAssignments, resolveCollector } from './collectors';
import type { DunningCaseTable } from './schema';
import { guarded, loadSettings, nextSequence, today, type Db, type Who } from './store';

export interface AccountArrears {
  accountId: string;
  projectId: string;
  unitId: string | null;
  buildingId: string | null;
  partyId: string | null;
  items: (ArrearsItem & { feeItemId: string | null; accountMonth: string; amountFen: number; category: string })[];
}

/** Outstanding bills of a project (or of some accounts), grouped by account. */
export async function loadArrears(db: Db, orgId: string, filter: { projectId?: string; accountIds?: readonly string[] }): Promise<Map<string, AccountArrears>> {
  let q = db
    .selectFrom('bills')
    .select(['id', 'account_id', 'project_id', 'unit_id', 'building_id', 'party_id', 'fee_item_id', 'category', 'account_month', 'due_date', 'cover_start', 'cover_end', 'amount_fen', 'outstanding_fen', 'issued_on'])
    .where('org_id', '=', orgId)
    .where('outstanding_fen', '>', 0);
  if (filter.projectId) q = q.where('project_id', '=', filter.projectId);
  if (filter.accountIds) q = q.where('account_id', 'in', filter.accountIds.length ? filter.accountIds : ['']);
  const rows = await q.orderBy('due_date').orderBy('issued_on').execute();
  const out = new Map<string, AccountArrears>();
  for (const r of rows) {
    let acc = out.get(r.account_id);
    if (!acc) {
      acc = { accountId: r.account_id, projectId: r.project_id, unitId: r.unit_id, buildingId: r.building_id, partyId: r.party_id, items: [] };
      out.set(r.account_id, acc);
    }
    // The latest liable party is the one the ladder addresses.
    if (r.party_id) acc.partyId = r.party_id;
    acc.items.push({
      billId: r.id,
      dueDate: r.due_date,
      outstandingFen: Number(r.outstanding_fen),
      coverStart: r.cover_start,
      coverEnd: r.cover_end,
      feeItemId: r.fee_item_id,
      accountMonth: r.account_month,
      amountFen: Number(r.amount_fen),
      category: r.category,
    });
  }
  return out;
}

interface CaseHistory {
  history: StepRecord[];
  approvals: StepApproval[];
}

async function historyOf(db: Db, caseIds: readonly string[]): Promise<Map<string, CaseHistory>> {
  const out = new Map<string, CaseHistory>();
  for (const id of caseIds) out.set(id, { history: [], approvals: [] });
  for (let i = 0; i < caseIds.length; i += 500) {
    const ids = caseIds.slice(i, i + 500);
    const steps = await db.selectFrom('dunning_steps').select(['case_id', 'step_code', 'taken_on', 'step_index']).where('case_id', 'in', ids).orderBy('step_index').execute();
    for (const s of steps) out.get(s.case_id)!.history.push({ code: s.step_code, takenOn: s.taken_on });
    const apps = await db.selectFrom('dunning_approvals').selectAll().where('case_id', 'in', ids).orderBy('created_at').execute();
    for (const a of apps) out.get(a.case_id)!.approvals.push({ stepCode: a.step_code, status: a.status, decidedBy: a.decided_by, approverRole: a.approver_role, decidedOn: a.decided_on });
  }
  return out;
}

/** The case columns that follow from a decision. */
function decisionColumns(d: DunningDecision): Pick<DunningCaseTable, 'decision' | 'next_step_code' | 'next_due_on'> {
  if (d.status === 'not_in_ladder' || d.status === 'completed') return { decision: d.status, next_step_code: null, next_due_on: null };
  if (d.status === 'approval_rejected') return { decision: d.status, next_step_code: d.step.code, next_due_on: null };
  return { decision: d.status, next_step_code: d.step.code, next_due_on: d.dueOn };
}

export interface EvaluationSummary {
  asOf: string;
  accountsInArrears: number;
  opened: number;
  closed: number;
  open: number;
  due: number;
  awaitingApproval: number;
}

/**
 * Evaluate the ladder for a project as of a date, in one transaction: open, update and close
 * episodes, and queue a notice to the collector when a step falls due (once per step).
 */
export async function evaluateDunning(ctx: AppContext, who: Who, projectId: string, asOf: string): Promise<EvaluationSummary> {
  const { ladder } = await loadSettings(ctx.store.db, projectId);
  return ctx.store.db.transaction().execute(async (trx) => {
    const arrears = await loadArrears(trx, who.orgId, { projectId });
    const assignments = await loadAssignments(trx, who.orgId, projectId);
    const open = await trx.selectFrom('dunning_cases').selectAll().where('project_id', '=', projectId).where('org_id', '=', who.orgId).where('status', '=', 'open').execute();
    const hist = await historyOf(trx, open.map((c) => c.id));
    const at = nowIso();
    const summary: EvaluationSummary = { asOf, accountsInArrears: 0, opened: 0, closed: 0, open: 0, due: 0, awaitingApproval: 0 };
    const handled = new Set<string>();

    for (const c of open) {
      handled.add(c.account_id);
      const acc = arrears.get(c.account_id);
      const months = acc ? monthsInArrears(acc.items, asOf) : 0;
      const overdue = acc ? overdueFen(acc.items, asOf) : 0;
      let d: DunningDecision;
      try {
        d = nextDunningStep(ladder, { asOf, monthsInArrears: months, overdueFen: overdue, enteredOn: c.entered_on, ...hist.get(c.id)! });
      } catch (e) {
        // The ladder was reconfigured under a running episode: close it; a new one starts below.
        if (!(e instanceof BillingError)) throw e;
        await closeCase(trx, c.id, asOf, 'ladder_changed', at);
        handled.delete(c.account_id);
        summary.closed++;
        continue;
      }
      if (d.status === 'not_in_ladder') {
        await closeCase(trx, c.id, asOf, 'paid_down', at);
        summary.closed++;
        continue;
      }
      await trx
        .updateTable('dunning_cases')
        .set({ ...decisionColumns(d), months_in_arrears: months, overdue_fen: overdue, evaluated_on: asOf, updated_at: at, collector_id: c.collector_id ?? resolveCollector(assignments, acc ?? { projectId }) })
        .where('id', '=', c.id)
        .execute();
      await count(trx, who.orgId, c, d, summary);
    }

    for (const acc of arrears.values()) {
      const months = monthsInArrears(acc.items, asOf);
      const overdue = overdueFen(acc.items, asOf);
      if (months > 0) summary.accountsInArrears++;
      if (handled.has(acc.accountId) || !inLadder(ladder, months, overdue)) continue;
      const d = nextDunningStep(ladder, { asOf, monthsInArrears: months, overdueFen: overdue, enteredOn: asOf, history: [] });
      const row: DunningCaseTable = {
        id: newId(),
        org_id: who.orgId,
        project_id: projectId,
        account_id: acc.accountId,
        unit_id: acc.unitId,
        party_id: acc.partyId,
        collector_id: resolveCollector(assignments, acc),
        entered_on: asOf,
        status: 'open',
        closed_on: null,
        close_reason: null,
        months_in_arrears: months,
        overdue_fen: overdue,
        ...decisionColumns(d),
        evaluated_on: asOf,
        created_at: at,
        updated_at: at,
      };
      const r = await trx
        .insertInto('dunning_cases')
        .values(row)
        .onConflict((oc) => oc.column('account_id').where(sql<boolean>`status = 'open'`).doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) continue;
      summary.opened++;
      await count(trx, who.orgId, row, d, summary);
    }
    await trx.updateTable('billing_settings').set({ dunning_evaluated_on: asOf }).where('project_id', '=', projectId).execute();
    return summary;
  });
}

async function closeCase(db: Db, id: string, on: string, reason: string, at: string) {
  await db.updateTable('dunning_cases').set({ status: 'closed', closed_on: on, close_reason: reason, decision: 'not_in_ladder', next_step_code: null, next_due_on: null, updated_at: at }).where('id', '=', id).execute();
}

async function count(db: Db, orgId: string, c: Pick<DunningCaseTable, 'id' | 'collector_id' | 'account_id' | 'project_id'>, d: DunningDecision, s: EvaluationSummary) {
  s.open++;
  if (d.status === 'due') {
    s.due++;
    await enqueue(db, { orgId, topic: 'billing.dunning_due', dedupeKey: `dunning:${c.id}:${d.step.code}`, recipientId: c.collector_id, payload: { caseId: c.id, accountId: c.account_id, step: d.step.code, dueOn: d.dueOn } });
  }
  if (d.status === 'awaiting_approval') {
    s.awaitingApproval++;
    await enqueue(db, { orgId, topic: 'billing.dunning_approval', dedupeKey: `dunning-approval:${c.id}:${d.step.code}`, recipientId: null, payload: { caseId: c.id, accountId: c.account_id, step: d.step.code, dueOn: d.dueOn } });
  }
}

/** The current decision for one case, recomputed from the account's arrears right now. */
export async function caseDecision(db: Db, orgId: string, c: DunningCaseTable, ladder: DunningLadder, asOf: string) {
  const acc = (await loadArrears(db, orgId, { accountIds: [c.account_id] })).get(c.account_id);
  const months = acc ? monthsInArrears(acc.items, asOf) : 0;
  const overdue = acc ? overdueFen(acc.items, asOf) : 0;
  const h = (await historyOf(db, [c.id])).get(c.id)!;
  const decision = await guarded(() => nextDunningStep(ladder, { asOf, monthsInArrears: months, overdueFen: overdue, enteredOn: c.entered_on, ...h }));
  return { decision, months, overdue, history: h, items: acc?.items ?? [] };
}

const REFUSAL: Record<string, string> = {
  not_in_ladder: 'billing.dunning.not_in_ladder',
  waiting: 'billing.dunning.not_yet_due',
  awaiting_approval: 'billing.dunning.approval_required',
  approval_rejected: 'billing.dunning.approval_rejected',
  completed: 'billing.dunning.completed',
};

export interface LetterData {
  letterNo: string;
  issuedOn: string;
  payBy: string;
  companyName: string;
  projectName: string;
  unitLabel: string;
  partyName: string;
  monthsInArrears: number;
  totalFen: number;
  items: { month: string; feeName: string; amountFen: number; outstandingFen: number; dueDate: string }[];
  collectorName: string | null;
}

/**
 * Take a step of the ladder. Refused (409) unless the core says this very step is due on the
 * day it is taken; a notice-letter step gets its letter number and the letter's data frozen.
 */
export async function takeStep(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: { stepCode: string; takenOn?: string; channel?: string | null; note?: string | null },
): Promise<{ stepId: string; letterNo: string | null; decision: DunningDecision }> {
  const takenOn = input.takenOn ?? today();
  if (takenOn > today()) throw new AppError(400, 'billing.future_date', { date: takenOn });
  return ctx.store.db.transaction().execute(async (trx) => {
    const lock = ctx.store.dialect === 'postgres' ? sql`for update` : sql``;
    const locked = await sql<DunningCaseTable>`select * from dunning_cases where id = ${caseId} and org_id = ${actor.orgId} ${lock}`.execute(trx);
    const c = locked.rows[0];
    if (!c) throw notFound('what.dunning_case');
    if (c.status !== 'open') throw new AppError(409, 'billing.dunning.closed');
    const { ladder } = await loadSettings(trx, c.project_id);
    const { decision, months, items } = await caseDecision(trx, actor.orgId, c, ladder, takenOn);
    if (decision.status !== 'due') {
      const params: Record<string, string> = {};
      if ('step' in decision) params.step = decision.step.code;
      if ('dueOn' in decision) params.dueOn = decision.dueOn;
      throw new AppError(409, REFUSAL[decision.status], params);
    }
    if (decision.step.code !== input.stepCode) throw new AppError(409, 'billing.dunning.wrong_step', { expected: decision.step.code });
    const schedule = ladderSchedule(ladder, c.entered_on);
    let letterNo: string | null = null;
    let letterJson: string | null = null;
    if (decision.step.action === 'notice_letter') {
      letterNo = `CJ${takenOn.replaceAll('-', '')}${String(await nextSequence(trx, actor.orgId, 'CJ', takenOn)).padStart(4, '0')}`;
      letterJson = JSON.stringify(await letterData(trx, actor.orgId, c, letterNo, takenOn, months, items));
    }
    const stepId = newId();
    await trx
      .insertInto('dunning_steps')
      .values({
        id: stepId,
        org_id: actor.orgId,
        case_id: c.id,
        step_code: decision.step.code,
        step_index: decision.stepIndex,
        action: decision.step.action,
        scheduled_on: schedule[decision.stepIndex].scheduledOn,
        taken_on: takenOn,
        taken_by: actor.userId,
        channel: input.channel ?? null,
        note: input.note ?? null,
        letter_no: letterNo,
        letter_json: letterJson,
        created_at: nowIso(),
      })
      .execute();
    const after = await caseDecision(trx, actor.orgId, c, ladder, takenOn);
    await trx.updateTable('dunning_cases').set({ ...decisionColumns(after.decision), evaluated_on: takenOn, updated_at: nowIso() }).where('id', '=', c.id).execute();
    return { stepId, letterNo, decision: after.decision };
  });
}

/** Approve or reject a step that needs approval (e.g. measures 采取措施): only allowed roles count. */
export async function decideStepApproval(
  ctx: AppContext,
  actor: Actor,
  caseId: string,
  input: { stepCode: string; approve: boolean; note?: string | null },
): Promise<{ decision: DunningDecision }> {
  const db = ctx.store.db;
  const c = await db.selectFrom('dunning_cases').selectAll().where('id', '=', caseId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!c) throw notFound('what.dunning_case');
  if (c.status !== 'open') throw new AppError(409, 'billing.dunning.closed');
  const { ladder } = await loadSettings(db, c.project_id);
  const step = ladder.steps.find((s) => s.code === input.stepCode);
  if (!step) throw new AppError(400, 'billing.dunning.unknown_step', { step: input.stepCode });
  if (!step.requiresApproval) throw new AppError(400, 'billing.dunning.no_approval_needed', { step: step.code });
  if (step.approverRoles && !step.approverRoles.includes(actor.role)) throw new AppError(403, 'billing.dunning.approver_role', { roles: step.approverRoles.join(', ') });
  const on = today();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('dunning_approvals')
      .values({ id: newId(), org_id: actor.orgId, case_id: c.id, step_code: step.code, status: input.approve ? 'approved' : 'rejected', decided_by: actor.userId, approver_role: actor.role, decided_on: on, note: input.note ?? null, created_at: nowIso() })
      .execute();
    const after = await caseDecision(trx, actor.orgId, c, ladder, on);
    await trx.updateTable('dunning_cases').set({ ...decisionColumns(after.decision), evaluated_on: on, updated_at: nowIso() }).where('id', '=', c.id).execute();
    return { decision: after.decision };
  });
}

async function letterData(db: Db, orgId: string, c: DunningCaseTable, letterNo: string, issuedOn: string, months: number, items: AccountArrears['items']): Promise<LetterData> {
  const org = await db.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst();
  const project = await db.selectFrom('projects').select('name').where('id', '=', c.project_id).executeTakeFirst();
  const unit = c.unit_id
    ? await db.selectFrom('units').innerJoin('buildings', 'buildings.id', 'units.building_id').select(['units.number', 'buildings.name as building']).where('units.id', '=', c.unit_id).executeTakeFirst()
    : undefined;
  const party = c.party_id ? await db.selectFrom('parties').select('name').where('id', '=', c.party_id).executeTakeFirst() : undefined;
  const collector = c.collector_id ? await db.selectFrom('users').select('display_name').where('id', '=', c.collector_id).executeTakeFirst() : undefined;
  const feeIds = [...new Set(items.map((i) => i.feeItemId).filter((x): x is string => !!x))];
  const fees = feeIds.length ? await db.selectFrom('fee_items').select(['id', 'name']).where('id', 'in', feeIds).execute() : [];
  const feeName = new Map(fees.map((f) => [f.id, f.name]));
  const overdue = items.filter((i) => i.dueDate < issuedOn);
  return {
    letterNo,
    issuedOn,
    payBy: addDays(issuedOn, 7),
    companyName: org?.name ?? '',
    projectName: project?.name ?? '',
    unitLabel: unit ? `${unit.building} ${unit.number}` : c.account_id,
    partyName: party?.name ?? '业主',
    monthsInArrears: months,
    totalFen: overdue.reduce((s, i) => s + i.outstandingFen, 0),
    items: overdue.map((i) => ({
      month: i.accountMonth,
      feeName: i.feeItemId ? (feeName.get(i.feeItemId) ?? i.category) : CATEGORY_NAMES[i.category] ?? i.category,
      amountFen: i.amountFen,
      outstandingFen: i.outstandingFen,
      dueDate: i.dueDate,
    })),
    collectorName: collector?.display_name ?? null,
  };
}

export const CATEGORY_NAMES: Record<string, string> = {
  property: '物业服务费',
  water: '水费',
  electricity: '电费',
  parking: '车位租金',
  garbage: '垃圾清运费',
  service: '有偿服务费',
  late_fee: '滞纳金',
};
