/**
 * Inspections on the store: task generation from plans (idempotent by task key), marking
 * missed rounds (FOR UPDATE SKIP LOCKED on PostgreSQL), recording checks, and opening a hazard
 * work order for every abnormal result — in the same transaction as the result.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AppContext } from '../../core/context';
import { usableTimeZone } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { cnHolidays, type HolidayEntry } from '../sla/holidays';
import { createWorkOrder } from '../workorders/service';
import {
  defaultDeadline,
  evaluateChecklist,
  localDate,
  nextCheckDue,
  planOccurrences,
  SEVERITY_RULES,
  timeliness,
  type ChecklistItem,
  type ItemAnswer,
  type PlanSchedule,
  type Severity,
} from './core';
import type { InspectionTaskTable } from './schema';

type Db = Kysely<DB> | Transaction<DB>;

/** Shipped PRC holiday schedules for the years touched (years without one are skipped). */
export function holidaysFor(from: string, to: string): HolidayEntry[] {
  const out: HolidayEntry[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    try {
      out.push(...cnHolidays([y]));
    } catch {
      // no shipped schedule for that year
    }
  }
  return out;
}

/**
 * Creates the tasks of every active plan (of a project, or all) whose rounds fall in [from, to].
 * The task key is plan|local start, inserted with ON CONFLICT DO NOTHING: generating twice, or
 * from two processes at once, never makes a round twice.
 */
export async function generateTasks(ctx: AppContext, orgId: string, opts: { projectId?: string; from: string; to: string }): Promise<{ created: number; planned: number }> {
  const db = ctx.store.db;
  let q = db.selectFrom('inspection_plans').selectAll().where('org_id', '=', orgId).where('active', '=', 1);
  if (opts.projectId) q = q.where('project_id', '=', opts.projectId);
  const plans = await q.execute();
  const holidays = holidaysFor(opts.from, opts.to);
  const ts = nowIso();
  const rows: InspectionTaskTable[] = [];
  for (const p of plans) {
    const from = p.valid_from && p.valid_from > opts.from ? p.valid_from : opts.from;
    const to = p.valid_to && p.valid_to < opts.to ? p.valid_to : opts.to;
    if (from > to) continue;
    const count = p.route_id ? Number((await db.selectFrom('route_checkpoints').select((eb) => eb.fn.countAll().as('n')).where('route_id', '=', p.route_id).executeTakeFirst())?.n ?? 0) : 0;
    const project = await db.selectFrom('projects').select('time_zone').where('id', '=', p.project_id).executeTakeFirst();
    const occ = planOccurrences(JSON.parse(p.schedule_json) as PlanSchedule, from, to, { timeZone: usableTimeZone(project?.time_zone), windowMinutes: p.window_minutes, graceMinutes: p.grace_minutes, holidays });
    for (const o of occ) {
      rows.push({
        id: newId(),
        org_id: orgId,
        project_id: p.project_id,
        plan_id: p.id,
        route_id: p.route_id,
        checklist_id: p.checklist_id,
        task_key: `${p.id}|${o.local}`,
        title: o.holiday ? `${p.name}（${o.holiday}前）` : p.name,
        kind: p.kind,
        planned_start: o.plannedStart,
        planned_end: o.plannedEnd,
        missed_after: o.missedAfter,
        assignee_id: p.assignee_id,
        status: 'pending',
        timeliness: null,
        started_at: null,
        started_by: null,
        completed_at: null,
        completed_by: null,
        checkpoint_count: count,
        checked_count: 0,
        abnormal_count: 0,
        note: null,
        created_at: ts,
        updated_at: ts,
      });
    }
  }
  let created = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 300) {
      const r = await trx.insertInto('inspection_tasks').values(rows.slice(i, i + 300)).onConflict((oc) => oc.column('task_key').doNothing()).returning('id').execute();
      created += r.length;
    }
  });
  return { created, planned: rows.length };
}

/**
 * Marks rounds whose grace period is over as missed. Claims rows with FOR UPDATE SKIP LOCKED
 * on PostgreSQL so several processes share the sweep without waiting on each other.
 */
export async function markMissed(ctx: AppContext, now = new Date(), limit = 500): Promise<number> {
  const nowS = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx) => {
    const lock = ctx.store.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const claimed = await sql<{ id: string }>`
      select id from inspection_tasks where status in ('pending', 'in_progress') and missed_after < ${nowS}
      order by missed_after limit ${limit} ${lock}`.execute(trx);
    const ids = claimed.rows.map((r) => r.id);
    if (!ids.length) return 0;
    await trx.updateTable('inspection_tasks').set({ status: 'missed', timeliness: 'missed', updated_at: nowS }).where('id', 'in', ids).execute();
    return ids.length;
  });
}

const LEADS = new Set(['admin', 'manager', 'supervisor']);

async function taskFor(db: Db, actor: Actor, taskId: string) {
  const t = await db.selectFrom('inspection_tasks').selectAll().where('id', '=', taskId).where('org_id', '=', actor.orgId).executeTakeFirst();
  if (!t) throw notFound('what.inspection_task');
  if (t.assignee_id && t.assignee_id !== actor.userId && !LEADS.has(actor.role)) throw new AppError(403, 'inspections.not_assignee');
  return t;
}

export async function startTask(ctx: AppContext, actor: Actor, taskId: string, at = nowIso()): Promise<InspectionTaskTable> {
  const db = ctx.store.db;
  const t = await taskFor(db, actor, taskId);
  if (t.status === 'missed' || at > t.missed_after) throw new AppError(409, 'inspections.task_missed');
  if (t.status === 'completed') throw new AppError(409, 'inspections.task_completed');
  // A round may be started up to an hour early, not the night before.
  if (Date.parse(at) < Date.parse(t.planned_start) - 3600_000) throw new AppError(409, 'inspections.task_not_open', { start: t.planned_start });
  if (t.status === 'pending') {
    await db.updateTable('inspection_tasks').set({ status: 'in_progress', started_at: at, started_by: actor.userId, assignee_id: t.assignee_id ?? actor.userId, updated_at: at }).where('id', '=', t.id).where('status', '=', 'pending').execute();
  }
  return db.selectFrom('inspection_tasks').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
}

export async function completeTask(ctx: AppContext, actor: Actor, taskId: string, note: string | null, at = nowIso()): Promise<InspectionTaskTable> {
  const db = ctx.store.db;
  const t = await taskFor(db, actor, taskId);
  if (t.status === 'completed') throw new AppError(409, 'inspections.task_completed');
  if (t.status === 'missed' || at > t.missed_after) throw new AppError(409, 'inspections.task_missed');
  if (t.status === 'pending') throw new AppError(409, 'inspections.task_not_started');
  const tl = timeliness({ plannedEnd: t.planned_end, missedAfter: t.missed_after, completedAt: at }, at);
  const r = await db
    .updateTable('inspection_tasks')
    .set({ status: 'completed', completed_at: at, completed_by: actor.userId, timeliness: tl, note: note ?? t.note, updated_at: at })
    .where('id', '=', t.id)
    .where('status', '=', 'in_progress')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'conflict.version');
  return db.selectFrom('inspection_tasks').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
}

export interface HazardInput {
  severity?: Severity;
  title?: string;
  description?: string;
  /** 责任部门, e.g. 工程部 / 秩序部. */
  department?: string;
  deadline?: string;
  category?: string;
}

export interface ResultInput {
  taskId?: string | null;
  checkpointId?: string | null;
  /** The token from the checkpoint's QR code: proves the check was made on site. */
  qrToken?: string | null;
  equipmentId?: string | null;
  answers: ItemAnswer[];
  note?: string | null;
  hazard?: HazardInput;
  at?: string;
}

const EQUIPMENT_NAMES: Record<string, string> = {
  extinguisher: '灭火器',
  hydrant: '消火栓',
  emergency_light: '应急照明',
  smoke_detector: '烟感探测器',
  sprinkler: '喷淋',
  fire_door: '防火门',
  alarm_panel: '火灾报警控制器',
  other: '消防设施',
};

/**
 * Records one check (a checkpoint on a round, an ad-hoc check, or a piece of fire equipment).
 * An abnormal result opens a hazard order (隐患) — severity, responsible department and deadline
 * from the input or the defaults — in the same transaction, and links it to the result.
 */
export async function recordResult(ctx: AppContext, actor: Actor, input: ResultInput): Promise<{ id: string; outcome: 'normal' | 'abnormal'; hazardOrderId: string | null; hazardNumber: string | null; abnormal: unknown[] }> {
  const db = ctx.store.db;
  const at = input.at ?? nowIso();
  const task = input.taskId ? await taskFor(db, actor, input.taskId) : null;
  if (task && task.status !== 'in_progress') throw new AppError(409, task.status === 'pending' ? 'inspections.task_not_started' : task.status === 'missed' ? 'inspections.task_missed' : 'inspections.task_completed');
  let checkpoint = input.checkpointId ? await db.selectFrom('checkpoints').selectAll().where('id', '=', input.checkpointId).where('org_id', '=', actor.orgId).executeTakeFirst() : undefined;
  if (input.checkpointId && !checkpoint) throw notFound('what.checkpoint');
  if (!checkpoint && input.qrToken) {
    checkpoint = await db.selectFrom('checkpoints').selectAll().where('qr_token', '=', input.qrToken).where('org_id', '=', actor.orgId).executeTakeFirst();
    if (!checkpoint) throw new AppError(400, 'inspections.qr_invalid');
  }
  if (checkpoint && input.qrToken && checkpoint.qr_token !== input.qrToken) throw new AppError(400, 'inspections.qr_mismatch');
  const equipment = input.equipmentId ? await db.selectFrom('fire_equipment').selectAll().where('id', '=', input.equipmentId).where('org_id', '=', actor.orgId).executeTakeFirst() : undefined;
  if (input.equipmentId && !equipment) throw notFound('what.equipment');
  if (!checkpoint && !equipment) throw new AppError(400, 'inspections.target_required');
  const projectId = checkpoint?.project_id ?? equipment!.project_id;
  if (task) {
    if (task.project_id !== projectId) throw new AppError(400, 'inspections.not_on_route');
    if (task.route_id && checkpoint) {
      const on = await db.selectFrom('route_checkpoints').select('seq').where('route_id', '=', task.route_id).where('checkpoint_id', '=', checkpoint.id).executeTakeFirst();
      if (!on) throw new AppError(400, 'inspections.not_on_route');
    }
  }
  const checklistId = task?.checklist_id ?? checkpoint?.checklist_id ?? null;
  const checklist = checklistId ? await db.selectFrom('checklists').select('items_json').where('id', '=', checklistId).executeTakeFirst() : undefined;
  const items = checklist ? (JSON.parse(checklist.items_json) as ChecklistItem[]) : [];
  const evaluated = evaluateChecklist(items, input.answers);
  if (evaluated.problems.length) throw new AppError(400, 'inspections.answers_invalid', { items: evaluated.problems.map((p) => p.code).join(', ') }, evaluated.problems);

  const project = await db.selectFrom('projects').select('time_zone').where('id', '=', projectId).executeTakeFirst();
  const day = localDate(at, usableTimeZone(project?.time_zone));
  return db.transaction().execute(async (trx) => {
    const id = newId();
    let hazardOrderId: string | null = null;
    let hazardNumber: string | null = null;
    if (evaluated.outcome === 'abnormal') {
      const h = input.hazard ?? {};
      const severity: Severity = h.severity ?? 'medium';
      const where = checkpoint ? `${checkpoint.name}${checkpoint.location ? `（${checkpoint.location}）` : ''}` : `${EQUIPMENT_NAMES[equipment!.kind] ?? '消防设施'} ${equipment!.code}（${equipment!.location}）`;
      const findings = evaluated.abnormal.map((x) => `${x.label}${typeof x.value === 'boolean' ? '异常' : `：${String(x.value)}`}${x.note ? `（${x.note}）` : ''}`).join('；');
      const created = await createWorkOrder(ctx, trx, actor, {
        projectId,
        kind: 'hazard',
        category: h.category ?? (equipment || checkpoint?.kind === 'fire' ? '消防' : '安全'),
        priority: SEVERITY_RULES[severity].priority,
        title: h.title ?? `${where}：${findings}`.slice(0, 120),
        description: [h.description, `巡检发现：${findings}`, input.note].filter(Boolean).join('\n'),
        areaScope: 'public',
        buildingId: checkpoint?.building_id ?? equipment?.building_id ?? null,
        location: where.slice(0, 200),
        channel: 'patrol',
        severity,
        dueDate: h.deadline ?? defaultDeadline(severity, day),
        extra: { inspectionResultId: id, checkpointId: checkpoint?.id ?? null, equipmentId: equipment?.id ?? null, taskId: task?.id ?? null, responsibleDepartment: h.department ?? null },
        at: new Date(at),
      });
      hazardOrderId = created.id;
      hazardNumber = created.number;
      // The responsible department is part of the hazard from the start (the dispatcher may change it on assignment).
      if (h.department) await trx.updateTable('work_orders').set({ department: h.department }).where('id', '=', created.id).execute();
    }
    await trx
      .insertInto('inspection_results')
      .values({
        id,
        org_id: actor.orgId,
        project_id: projectId,
        task_id: task?.id ?? null,
        checkpoint_id: checkpoint?.id ?? null,
        equipment_id: equipment?.id ?? null,
        checked_at: at,
        checked_by: actor.userId,
        via_qr: input.qrToken ? 1 : 0,
        outcome: evaluated.outcome,
        items_json: JSON.stringify(evaluated.items),
        note: input.note ?? null,
        hazard_order_id: hazardOrderId,
        created_at: nowIso(),
      })
      .execute();
    if (task) {
      const counts = await trx
        .selectFrom('inspection_results')
        .select((eb) => [eb.fn.count<number>('checkpoint_id').distinct().as('checked'), eb.fn.sum<number>(eb.case().when('outcome', '=', 'abnormal').then(1).else(0).end()).as('abnormal')])
        .where('task_id', '=', task.id)
        .executeTakeFirst();
      await trx.updateTable('inspection_tasks').set({ checked_count: Number(counts?.checked ?? 0), abnormal_count: Number(counts?.abnormal ?? 0), updated_at: nowIso() }).where('id', '=', task.id).execute();
    }
    if (equipment) {
      await trx
        .updateTable('fire_equipment')
        .set({ last_checked_on: day, next_check_due: nextCheckDue(equipment.kind, day), status: evaluated.outcome === 'abnormal' ? 'faulty' : equipment.status === 'faulty' ? 'in_service' : equipment.status, updated_at: nowIso() })
        .where('id', '=', equipment.id)
        .execute();
    }
    return { id, outcome: evaluated.outcome, hazardOrderId, hazardNumber, abnormal: evaluated.abnormal as unknown[] };
  });
}
