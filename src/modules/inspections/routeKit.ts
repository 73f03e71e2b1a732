/** Schemas and helpers shared by the inspection route files. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { notFound } from '../../core/errors';
import { authorize, projectFilter, type Actor, type Permission } from '../auth/permissions';

export const tags = ['inspections'];
export const idStr = z.string().min(1).max(40);
// Calendar dates come from the shared strict schema (impossible dates are a 400, not a 500).
export const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });

export const answersSchema = z
  .array(z.object({ code: z.string().min(1).max(30), value: z.union([z.boolean(), z.number(), z.string().max(200), z.null()]), note: z.string().max(500).optional() }))
  .max(100);
export const hazardSchema = z.object({
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  title: z.string().trim().min(1).max(120).optional(),
  description: z.string().max(2000).optional(),
  department: z.string().trim().min(1).max(40).optional(),
  deadline: dateStr.optional(),
  category: z.string().max(40).optional(),
});

/** A check result as the API shows it (tasks and the equipment register list them). */
export function resultOut(r: any) {
  return {
    id: r.id,
    projectId: r.project_id,
    taskId: r.task_id,
    checkpointId: r.checkpoint_id,
    equipmentId: r.equipment_id,
    checkedAt: r.checked_at,
    checkedBy: r.checked_by,
    viaQr: !!r.via_qr,
    outcome: r.outcome,
    items: JSON.parse(r.items_json),
    note: r.note,
    hazardOrderId: r.hazard_order_id,
  };
}

/** Database access and the project-scope checks every inspection route file uses. */
export function inspectionKit(app: Pick<FastifyInstance, 'ctx'>) {
  const ctx = () => app.ctx;
  const db = () => app.ctx.store.db;

  const inScope = <Q extends { where: any }>(a: Actor, q: Q, col: string): Q => {
    const pf = projectFilter(a);
    return pf ? (q.where(col, 'in', pf.length ? pf : ['']) as Q) : q;
  };
  async function assertProject(a: Actor, projectId: string, perm: Permission) {
    const p = await db().selectFrom('projects').select('id').where('id', '=', projectId).where('org_id', '=', a.orgId).executeTakeFirst();
    if (!p) throw notFound('what.project');
    authorize(a, perm, { projectId });
  }
  async function projectOf(table: 'checkpoints' | 'inspection_routes' | 'inspection_plans' | 'inspection_tasks' | 'fire_equipment' | 'checklists', id: string, what: string, perm: Permission, a: Actor) {
    const row = (await db().selectFrom(table as 'checkpoints').select('project_id').where('id', '=', id).where('org_id', '=', a.orgId).executeTakeFirst()) as { project_id: string | null } | undefined;
    if (!row) throw notFound(what);
    if (row.project_id) authorize(a, perm, { projectId: row.project_id });
    else authorize(a, perm);
    return row.project_id;
  }

  return { ctx, db, inScope, assertProject, projectOf };
}
