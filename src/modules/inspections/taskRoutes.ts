/**
 * Rounds and what they find: generated tasks (start, check points, complete), ad-hoc checks and
 * results, completion statistics and the hazard register.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError } from '../../core/errors';
import { idParam, pageQuery, paginate } from '../../core/paging';
import { nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize } from '../auth/permissions';
import { localDate } from './core';
import { completeTask, generateTasks, recordResult, startTask } from './service';
import { isOver, missedCheckpointCount, taskPhase } from './qrToday';
import { answersSchema, hazardSchema, idStr, inspectionKit, isoTime, resultOut, tags } from './routeKit';
import type { InspectionTaskTable } from './schema';

/** A task as the API answers it (the web app reads this type). */
export type InspectionTaskOut = ReturnType<typeof taskOut>;
const taskOut = (t: InspectionTaskTable & { assignee_name?: string | null }) => ({
  id: t.id,
  projectId: t.project_id,
  planId: t.plan_id,
  routeId: t.route_id,
  title: t.title,
  kind: t.kind,
  plannedStart: t.planned_start,
  plannedEnd: t.planned_end,
  missedAfter: t.missed_after,
  assigneeId: t.assignee_id,
  assigneeName: t.assignee_name ?? null,
  status: t.status,
  timeliness: t.timeliness,
  startedAt: t.started_at,
  completedAt: t.completed_at,
  checkpointCount: t.checkpoint_count,
  checkedCount: t.checked_count,
  abnormalCount: t.abnormal_count,
  // Points of a finished or missed round that nobody visited (漏检点).
  missedCheckpointCount: missedCheckpointCount({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after, checkpointCount: Number(t.checkpoint_count), checkedCount: Number(t.checked_count) }, nowIso()),
  note: t.note,
});

export async function taskRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const { ctx, db, inScope, assertProject, projectOf } = inspectionKit(app);

  // ---------- tasks 巡检任务 ----------
  app.post(
    '/api/inspections/tasks/generate',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '按计划生成巡检任务（幂等）Generate tasks from plans (idempotent)', body: z.object({ projectId: idStr, from: dateStr, to: dateStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.write');
      await assertProject(a, req.body.projectId, 'inspections.write');
      if (req.body.to < req.body.from || Date.parse(req.body.to) - Date.parse(req.body.from) > 62 * 86_400_000) throw new AppError(400, 'inspections.range_too_long');
      return generateTasks(ctx(), a.orgId, req.body);
    },
  );
  app.get(
    '/api/inspections/tasks',
    { config: access('inspections.read', 'project'),
      schema: {
        tags,
        summary: '巡检任务（计划与实际时间，准时/迟到/漏检）Tasks with planned vs actual times',
        querystring: z.object({
          ...pageQuery,
          projectId: idStr.optional(),
          planId: idStr.optional(),
          status: z.enum(['pending', 'in_progress', 'completed', 'missed']).optional(),
          timeliness: z.enum(['on_time', 'late', 'missed']).optional(),
          assigneeId: idStr.optional(),
          mine: z.enum(['1']).optional(),
          missedCheckpoints: z.enum(['1']).optional(),
          from: isoTime.optional(),
          to: isoTime.optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('inspection_tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').selectAll('t').select('u.display_name as assignee_name').where('t.org_id', '=', a.orgId), 't.project_id');
      if (f.projectId) q = q.where('t.project_id', '=', f.projectId);
      if (f.planId) q = q.where('t.plan_id', '=', f.planId);
      if (f.status) q = q.where('t.status', '=', f.status);
      if (f.timeliness) q = q.where('t.timeliness', '=', f.timeliness);
      if (f.assigneeId) q = q.where('t.assignee_id', '=', f.assigneeId);
      if (f.mine) q = q.where((eb) => eb.or([eb('t.assignee_id', '=', a.userId), eb('t.assignee_id', 'is', null)]));
      if (f.missedCheckpoints) {
        const now = nowIso();
        q = q.where((eb) => eb.and([eb('t.checked_count', '<', eb.ref('t.checkpoint_count')), eb.or([eb('t.status', 'in', ['completed', 'missed']), eb('t.missed_after', '<', now)])]));
      }
      if (f.from) q = q.where('t.planned_start', '>=', new Date(f.from).toISOString());
      if (f.to) q = q.where('t.planned_start', '<', new Date(f.to).toISOString());
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('t.planned_start').orderBy('t.id'), taskOut);
    },
  );
  app.get('/api/inspections/tasks/:id', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检任务详情：路线巡检点与检查结果 Task with its route and results', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.read');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.read', a);
    const t = await db().selectFrom('inspection_tasks as t').leftJoin('users as u', 'u.id', 't.assignee_id').selectAll('t').select('u.display_name as assignee_name').where('t.id', '=', req.params.id).executeTakeFirstOrThrow();
    const points = t.route_id ? await db().selectFrom('route_checkpoints as rc').innerJoin('checkpoints as c', 'c.id', 'rc.checkpoint_id').select(['rc.seq', 'c.id', 'c.code', 'c.name', 'c.location']).where('rc.route_id', '=', t.route_id).orderBy('rc.seq').execute() : [];
    const results = await db().selectFrom('inspection_results').selectAll().where('task_id', '=', t.id).orderBy('checked_at').execute();
    const over = isOver(taskPhase({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after }, nowIso()));
    return {
      ...taskOut(t),
      checkpoints: points.map((p) => {
        const r = results.filter((x) => x.checkpoint_id === p.id);
        return { seq: p.seq, id: p.id, code: p.code, name: p.name, location: p.location, checked: r.length > 0, missed: over && r.length === 0, outcome: r.some((x) => x.outcome === 'abnormal') ? 'abnormal' : r.length ? 'normal' : null };
      }),
      results: results.map(resultOut),
    };
  });
  app.post('/api/inspections/tasks/:id/start', { config: access('inspections.write', 'project'), schema: { tags, summary: '开始巡检 Start a round', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
    return taskOut(await startTask(ctx(), a, req.params.id));
  });
  app.post(
    '/api/inspections/tasks/:id/results',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '提交巡检点检查结果（扫码令牌；异常自动生成隐患工单）Record a checkpoint result', params: idParam, body: z.object({ checkpointId: idStr.optional(), qrToken: z.string().max(60).optional(), answers: answersSchema, note: z.string().max(1000).nullish(), hazard: hazardSchema.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
      return reply.status(201).send(await recordResult(ctx(), a, { ...req.body, taskId: req.params.id }));
    },
  );
  app.post('/api/inspections/tasks/:id/complete', { config: access('inspections.write', 'project'), schema: { tags, summary: '完成巡检（计算准时/迟到）Complete a round', params: idParam, body: z.object({ note: z.string().max(1000).nullish() }) } }, async (req) => {
    const a = authorize(req.actor, 'inspections.write');
    await projectOf('inspection_tasks', req.params.id, 'what.inspection_task', 'inspections.write', a);
    return taskOut(await completeTask(ctx(), a, req.params.id, req.body.note ?? null));
  });

  // ---------- results 检查结果 ----------
  app.post(
    '/api/inspections/results',
    { config: access('inspections.write', 'project'), schema: { tags, summary: '临时检查（不属于任务；异常自动生成隐患工单）Ad-hoc check', body: z.object({ checkpointId: idStr.optional(), qrToken: z.string().max(60).optional(), equipmentId: idStr.optional(), answers: answersSchema, note: z.string().max(1000).nullish(), hazard: hazardSchema.optional() }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.write');
      if (req.body.checkpointId) await projectOf('checkpoints', req.body.checkpointId, 'what.checkpoint', 'inspections.write', a);
      if (req.body.equipmentId) await projectOf('fire_equipment', req.body.equipmentId, 'what.equipment', 'inspections.write', a);
      const r = await recordResult(ctx(), a, req.body);
      return reply.status(201).send(r);
    },
  );
  app.get(
    '/api/inspections/results',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '检查结果 Results', querystring: z.object({ ...pageQuery, projectId: idStr.optional(), checkpointId: idStr.optional(), equipmentId: idStr.optional(), outcome: z.enum(['normal', 'abnormal']).optional(), from: isoTime.optional(), to: isoTime.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(a, db().selectFrom('inspection_results').selectAll().where('org_id', '=', a.orgId), 'project_id');
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.checkpointId) q = q.where('checkpoint_id', '=', f.checkpointId);
      if (f.equipmentId) q = q.where('equipment_id', '=', f.equipmentId);
      if (f.outcome) q = q.where('outcome', '=', f.outcome);
      if (f.from) q = q.where('checked_at', '>=', new Date(f.from).toISOString());
      if (f.to) q = q.where('checked_at', '<', new Date(f.to).toISOString());
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('checked_at', 'desc').orderBy('id'), resultOut);
    },
  );

  // ---------- statistics 统计 ----------
  app.get(
    '/api/inspections/stats',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检完成情况：按计划与人员统计准时、迟到、漏检 On-time / late / missed by plan and inspector', querystring: z.object({ projectId: idStr, from: dateStr, to: dateStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      await assertProject(a, req.query.projectId, 'inspections.read');
      const from = new Date(`${req.query.from}T00:00:00+08:00`).toISOString();
      const to = new Date(Date.parse(`${req.query.to}T00:00:00+08:00`) + 86_400_000).toISOString();
      const rows = await db()
        .selectFrom('inspection_tasks as t')
        .leftJoin('inspection_plans as p', 'p.id', 't.plan_id')
        .leftJoin('users as u', 'u.id', 't.assignee_id')
        .select(['t.plan_id', 'p.name as plan_name', 't.assignee_id', 'u.display_name as assignee_name', 't.status', 't.timeliness', 't.abnormal_count', 't.missed_after'])
        .where('t.project_id', '=', req.query.projectId)
        .where('t.planned_start', '>=', from)
        .where('t.planned_start', '<', to)
        .execute();
      const now = nowIso();
      type Acc = { key: string; label: string; total: number; onTime: number; late: number; missed: number; open: number; abnormal: number };
      const group = (key: (r: (typeof rows)[number]) => [string, string]) => {
        const m = new Map<string, Acc>();
        for (const r of rows) {
          const [k, label] = key(r);
          const acc = m.get(k) ?? { key: k, label, total: 0, onTime: 0, late: 0, missed: 0, open: 0, abnormal: 0 };
          acc.total++;
          const tl = r.timeliness ?? (r.status !== 'completed' && now > r.missed_after ? 'missed' : null);
          if (tl === 'on_time') acc.onTime++;
          else if (tl === 'late') acc.late++;
          else if (tl === 'missed') acc.missed++;
          else acc.open++;
          acc.abnormal += Number(r.abnormal_count);
          m.set(k, acc);
        }
        return [...m.values()].map((x) => ({ ...x, onTimeRate: x.total - x.open ? x.onTime / (x.total - x.open) : null, completionRate: x.total - x.open ? (x.onTime + x.late) / (x.total - x.open) : null }));
      };
      return {
        byPlan: group((r) => [r.plan_id ?? '', r.plan_name ?? '—']),
        byInspector: group((r) => [r.assignee_id ?? '', r.assignee_name ?? '（未指派）']),
        total: group(() => ['all', '合计'])[0] ?? null,
      };
    },
  );

  // ---------- hazard register 隐患台账 ----------
  app.get(
    '/api/inspections/hazards',
    { config: access('inspections.read', 'project'),
      schema: {
        tags,
        summary: '隐患台账：巡检发现的隐患及整改进度（流转用 /api/orders/:id/actions/…）Hazard register',
        querystring: z.object({ ...pageQuery, projectId: idStr.optional(), state: z.string().max(30).optional(), severity: z.enum(['low', 'medium', 'high', 'critical']).optional(), overdue: z.enum(['1']).optional(), department: z.string().max(40).optional() }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      let q = inScope(
        a,
        db()
          .selectFrom('work_orders as o')
          .leftJoin('inspection_results as r', 'r.hazard_order_id', 'o.id')
          .leftJoin('checkpoints as c', 'c.id', 'r.checkpoint_id')
          .leftJoin('fire_equipment as e', 'e.id', 'r.equipment_id')
          .leftJoin('users as u', 'u.id', 'o.assignee_id')
          .select(['o.id', 'o.number', 'o.project_id', 'o.title', 'o.state', 'o.severity', 'o.due_date', 'o.department', 'o.assignee_id', 'u.display_name as assignee_name', 'o.created_at', 'o.closed_at', 'o.extra_json', 'r.id as result_id', 'r.checked_at', 'c.name as checkpoint_name', 'e.code as equipment_code'])
          .where('o.org_id', '=', a.orgId)
          .where('o.kind', '=', 'hazard'),
        'o.project_id',
      );
      if (f.projectId) q = q.where('o.project_id', '=', f.projectId);
      if (f.state) q = q.where('o.state', '=', f.state);
      if (f.severity) q = q.where('o.severity', '=', f.severity);
      if (f.department) q = q.where('o.department', '=', f.department);
      const today = localDate(nowIso());
      if (f.overdue) q = q.where('o.state', 'not in', ['closed', 'cancelled']).where('o.due_date', '<', today);
      return paginate(q, f.page, f.pageSize, (x) => x.orderBy('o.created_at', 'desc').orderBy('o.id'), (h) => {
        const extra = h.extra_json ? JSON.parse(h.extra_json) : {};
        return {
          orderId: h.id,
          number: h.number,
          projectId: h.project_id,
          title: h.title,
          state: h.state,
          severity: h.severity,
          deadline: h.due_date,
          overdue: !!h.due_date && h.due_date < today && !['closed', 'cancelled'].includes(h.state),
          department: h.department ?? extra.responsibleDepartment ?? null,
          assigneeId: h.assignee_id,
          assigneeName: h.assignee_name,
          reportedAt: h.created_at,
          closedAt: h.closed_at,
          reinspectionFailCount: extra.reinspectionFailCount ?? 0,
          resultId: h.result_id,
          foundAt: h.checked_at,
          checkpointName: h.checkpoint_name,
          equipmentCode: h.equipment_code,
        };
      });
    },
  );
}
