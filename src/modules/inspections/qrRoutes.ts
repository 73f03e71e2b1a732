/**
 * The inspector's phone app over HTTP: checkpoint QR codes as PNG / SVG, one printable label as
 * PNG, label sheets as PDF (A4, eight to a page) for a project, a route or picked checkpoints, a
 * checkpoint looked up by its typed code, and the signed-in inspector's route of the day.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import { idParam } from '../../core/paging';
import { nowIso } from '../../db/ids';
import { likeOp } from '../../db/migrationHelpers';
import { access } from '../auth/access';
import { authorize, projectFilter, type Actor } from '../auth/permissions';
import { htmlToPdf, svgsToPng } from '../reports/render/browser';
import { checkpointQrPayload, localDate } from './core';
import { checkpointLink, LABEL_SIZE, labelSvg, publicOrigin, qrPng, qrSvg, sheetHtml, type CheckpointLabel } from './qrCodes';
import { dayOrder, localDayBounds, missedCheckpointCount, pointStates, taskPhase, type RoutePoint } from './qrToday';

const tags = ['inspections'];

// Answers of the phone app's two reads, for the OpenAPI document the web types come from (fastify
// serialises with these: every field the handlers write is listed).
const foundOut = z.object({ id: z.string(), projectId: z.string(), projectName: z.string(), code: z.string(), name: z.string(), location: z.string().nullable(), qrPayload: z.string() });
const phaseEnum = z.enum(['upcoming', 'open', 'in_progress', 'completed', 'missed']);
const dayPointOut = z.object({ seq: z.number(), id: z.string(), code: z.string(), name: z.string(), location: z.string().nullable(), visited: z.boolean(), outcome: z.enum(['normal', 'abnormal']).nullable(), missed: z.boolean(), qrPayload: z.string() });
const dayTaskOut = z.object({
  id: z.string(),
  projectId: z.string(),
  projectName: z.string(),
  title: z.string(),
  kind: z.string(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  missedAfter: z.string(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  status: z.enum(['pending', 'in_progress', 'completed', 'missed']),
  phase: phaseEnum,
  checkpointCount: z.number(),
  checkedCount: z.number(),
  abnormalCount: z.number(),
  missedCheckpointCount: z.number(),
  checkpoints: z.array(dayPointOut),
});
const dayOut = z.object({
  date: z.string(),
  now: z.string(),
  summary: z.object({ tasks: z.number(), completed: z.number(), missed: z.number(), checkpoints: z.number(), checked: z.number(), missedCheckpoints: z.number() }),
  tasks: z.array(dayTaskOut),
});
const idStr = z.string().min(1).max(40);
/** Most labels one sheet request prints (50 pages): a bigger estate prints by route or building. */
const MAX_SHEET_LABELS = 400;

export async function inspectionQrRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const origin = (req: FastifyRequest) => publicOrigin(app.ctx.config.publicUrl, req.protocol, req.host);

  const labelCols = ['c.id', 'c.project_id', 'c.code', 'c.name', 'c.location', 'c.qr_token', 'p.name as project_name'] as const;
  const toLabel = (c: { qr_token: string; code: string; name: string; location: string | null; project_name: string }): CheckpointLabel => ({ token: c.qr_token, code: c.code, name: c.name, location: c.location, project: c.project_name });

  async function checkpointFor(a: Actor, id: string) {
    const c = await db().selectFrom('checkpoints as c').innerJoin('projects as p', 'p.id', 'c.project_id').select(labelCols).where('c.id', '=', id).where('c.org_id', '=', a.orgId).executeTakeFirst();
    if (!c) throw notFound('what.checkpoint');
    authorize(a, 'inspections.read', { projectId: c.project_id });
    return c;
  }
  // The token changes when a QR is regenerated, so the image may be cached only briefly and privately.
  const CACHE = 'private, max-age=60';

  app.get(
    '/api/inspections/checkpoints/:id/qr.png',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检点二维码图片（PNG）Checkpoint QR code as PNG', params: idParam, querystring: z.object({ size: z.coerce.number().int().min(120).max(1200).default(480), download: z.enum(['1']).optional() }) } },
    async (req, reply) => {
      const c = await checkpointFor(authorize(req.actor, 'inspections.read'), req.params.id);
      const png = await qrPng(checkpointLink(origin(req), c.qr_token), req.query.size);
      if (req.query.download) reply.header('content-disposition', `attachment; filename="checkpoint-${c.code}.png"`);
      return reply.type('image/png').header('cache-control', CACHE).send(png);
    },
  );
  app.get('/api/inspections/checkpoints/:id/qr.svg', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检点二维码图片（SVG）Checkpoint QR code as SVG', params: idParam } }, async (req, reply) => {
    const c = await checkpointFor(authorize(req.actor, 'inspections.read'), req.params.id);
    return reply.type('image/svg+xml').header('cache-control', CACHE).send(await qrSvg(checkpointLink(origin(req), c.qr_token)));
  });
  app.get('/api/inspections/checkpoints/:id/label.png', { config: access('inspections.read', 'project'), schema: { tags, summary: '巡检点标签（二维码、编号、名称、位置、项目）PNG A printable label', params: idParam } }, async (req, reply) => {
    const c = await checkpointFor(authorize(req.actor, 'inspections.read'), req.params.id);
    const [png] = await svgsToPng([{ svg: await labelSvg(checkpointLink(origin(req), c.qr_token), toLabel(c)), ...LABEL_SIZE }]);
    return reply.type('image/png').header('content-disposition', `attachment; filename="label-${c.code}.png"`).send(png);
  });

  app.get(
    '/api/inspections/qr-sheet.pdf',
    {
      config: access('inspections.read', 'project'),
      schema: {
        tags,
        summary: '打印二维码：项目、路线或所选巡检点的标签页（A4，每页 8 个）Printable QR label sheet',
        querystring: z.object({
          projectId: idStr,
          routeId: idStr.optional(),
          ids: z.string().max(8200).regex(/^[\w-]+(,[\w-]+)*$/).optional(),
          kind: z.enum(['patrol', 'fire', 'equipment', 'safety']).optional(),
          q: z.string().max(40).optional(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'inspections.read');
      const f = req.query;
      const project = await db().selectFrom('projects').select(['id', 'name']).where('id', '=', f.projectId).where('org_id', '=', a.orgId).executeTakeFirst();
      if (!project) throw notFound('what.project');
      authorize(a, 'inspections.read', { projectId: project.id });
      let rows;
      if (f.routeId) {
        const route = await db().selectFrom('inspection_routes').select(['id', 'project_id']).where('id', '=', f.routeId).where('org_id', '=', a.orgId).executeTakeFirst();
        if (!route || route.project_id !== project.id) throw notFound('what.route');
        // A route's labels print in walking order.
        rows = await db().selectFrom('route_checkpoints as rc').innerJoin('checkpoints as c', 'c.id', 'rc.checkpoint_id').innerJoin('projects as p', 'p.id', 'c.project_id').select(labelCols).where('rc.route_id', '=', route.id).orderBy('rc.seq').limit(MAX_SHEET_LABELS + 1).execute();
      } else {
        let q = db().selectFrom('checkpoints as c').innerJoin('projects as p', 'p.id', 'c.project_id').select(labelCols).where('c.project_id', '=', project.id).where('c.active', '=', 1);
        if (f.ids) q = q.where('c.id', 'in', [...new Set(f.ids.split(','))]);
        if (f.kind) q = q.where('c.kind', '=', f.kind);
        if (f.q) q = q.where('c.name', likeOp(db()), `%${f.q}%`);
        rows = await q.orderBy('c.code').limit(MAX_SHEET_LABELS + 1).execute();
      }
      if (!rows.length) throw new AppError(400, 'inspections.qr_sheet_empty');
      if (rows.length > MAX_SHEET_LABELS) throw new AppError(400, 'inspections.qr_sheet_too_many', { max: MAX_SHEET_LABELS });
      const o = origin(req);
      const html = await sheetHtml(rows.map((c) => ({ link: checkpointLink(o, c.qr_token), label: toLabel(c) })), `${project.name} 巡检点二维码`);
      const pdf = await htmlToPdf(html);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="checkpoint-qr-${localDate(nowIso())}.pdf"`).send(pdf);
    },
  );

  app.get(
    '/api/inspections/checkpoints/lookup',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '按编号查找巡检点（手动输入）Find a checkpoint by its typed code', querystring: z.object({ code: z.string().trim().min(1).max(20) }), response: { 200: z.object({ items: z.array(foundOut) }) } } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const pf = projectFilter(a);
      let q = db()
        .selectFrom('checkpoints as c')
        .innerJoin('projects as p', 'p.id', 'c.project_id')
        .select(labelCols)
        .where('c.org_id', '=', a.orgId)
        .where('c.active', '=', 1)
        // Codes are ASCII letters, digits, - and _: one letter case is as good as the other on a phone keyboard.
        .where((eb) => eb(eb.fn('upper', ['c.code']), '=', req.query.code.toUpperCase()));
      if (pf) q = q.where('c.project_id', 'in', pf.length ? pf : ['']);
      const rows = await q.orderBy('p.name').limit(20).execute();
      return { items: rows.map((c) => ({ id: c.id, projectId: c.project_id, projectName: c.project_name, code: c.code, name: c.name, location: c.location, qrPayload: checkpointQrPayload(c.qr_token) })) };
    },
  );

  app.get(
    '/api/inspections/today',
    { config: access('inspections.read', 'project'), schema: { tags, summary: '今日巡检路线：我的任务与本项目未指派任务，巡检点按顺序及到位/漏检 Route of the day', querystring: z.object({ date: dateStr.optional() }), response: { 200: dayOut } } },
    async (req) => {
      const a = authorize(req.actor, 'inspections.read');
      const now = nowIso();
      const date = req.query.date ?? localDate(now);
      const { start, end } = localDayBounds(date);
      const pf = projectFilter(a);
      let q = db()
        .selectFrom('inspection_tasks as t')
        .innerJoin('projects as p', 'p.id', 't.project_id')
        .leftJoin('users as u', 'u.id', 't.assignee_id')
        .selectAll('t')
        .select(['p.name as project_name', 'u.display_name as assignee_name'])
        .where('t.org_id', '=', a.orgId)
        .where((eb) => eb.or([eb('t.assignee_id', '=', a.userId), eb('t.assignee_id', 'is', null)]))
        // Today's rounds, and one of mine still running from before midnight.
        .where((eb) => eb.or([eb.and([eb('t.planned_start', '>=', start), eb('t.planned_start', '<', end)]), eb.and([eb('t.status', '=', 'in_progress'), eb('t.missed_after', '>=', now)])]));
      if (pf) q = q.where('t.project_id', 'in', pf.length ? pf : ['']);
      const tasks = await q.orderBy('t.planned_start').limit(200).execute();
      const routeIds = [...new Set(tasks.map((t) => t.route_id).filter((x): x is string => !!x))];
      const points = routeIds.length
        ? await db().selectFrom('route_checkpoints as rc').innerJoin('checkpoints as c', 'c.id', 'rc.checkpoint_id').select(['rc.route_id', 'rc.seq', 'c.id', 'c.code', 'c.name', 'c.location', 'c.qr_token']).where('rc.route_id', 'in', routeIds).execute()
        : [];
      const results = tasks.length ? await db().selectFrom('inspection_results').select(['task_id', 'checkpoint_id', 'outcome']).where('task_id', 'in', tasks.map((t) => t.id)).execute() : [];
      const items = tasks.map((t) => {
        const phase = taskPhase({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after }, now);
        const mine = points.filter((p) => p.route_id === t.route_id);
        const tokens = new Map(mine.map((p) => [p.id, p.qr_token]));
        const states = pointStates(
          mine.map((p): RoutePoint => ({ seq: p.seq, id: p.id, code: p.code, name: p.name, location: p.location })),
          results.filter((r) => r.task_id === t.id).map((r) => ({ checkpointId: r.checkpoint_id, outcome: r.outcome })),
          phase,
        );
        return {
          id: t.id,
          projectId: t.project_id,
          projectName: t.project_name,
          title: t.title,
          kind: t.kind,
          plannedStart: t.planned_start,
          plannedEnd: t.planned_end,
          missedAfter: t.missed_after,
          assigneeId: t.assignee_id,
          assigneeName: t.assignee_name,
          status: t.status,
          phase,
          checkpointCount: Number(t.checkpoint_count),
          checkedCount: Number(t.checked_count),
          abnormalCount: Number(t.abnormal_count),
          missedCheckpointCount: missedCheckpointCount({ status: t.status, plannedStart: t.planned_start, missedAfter: t.missed_after, checkpointCount: Number(t.checkpoint_count), checkedCount: Number(t.checked_count) }, now),
          checkpoints: states.map((s) => ({ ...s, qrPayload: checkpointQrPayload(tokens.get(s.id)!) })),
        };
      });
      const ordered = dayOrder(items);
      const sum = (f: (x: (typeof items)[number]) => number) => items.reduce((s, x) => s + f(x), 0);
      return {
        date,
        now,
        summary: {
          tasks: items.length,
          completed: items.filter((x) => x.phase === 'completed').length,
          missed: items.filter((x) => x.phase === 'missed').length,
          checkpoints: sum((x) => x.checkpointCount),
          checked: sum((x) => x.checkedCount),
          missedCheckpoints: sum((x) => x.missedCheckpointCount),
        },
        tasks: ordered,
      };
    },
  );
}
