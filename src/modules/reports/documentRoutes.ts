/** Plans, targets, templates and report documents over HTTP (see docs/reports.md). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, ROLES, type Actor } from '../auth/permissions';
import type { Role } from '../auth/schema';
import { REPORT_TYPES } from './data';
import { placeholderNames, SECTION_IDS } from './assemble';
import { approve, currentTemplate, docJson, editNarrative, exportDoc, generate, getDoc, previewTemplate, publish, refresh, saveTemplate, templateVersions } from './documents';
import { asLang } from './narrative';
import { parsePeriod } from './period';
import { planVsActual, resolveTargets } from './plans';
import { rolePlanVsActual } from './roleKpis';
import { computeKpis } from './routes';

const tags = ['reports'];
const periodStr = z.string().regex(/^\d{4}(-(\d{2}|Q[1-4]))?$/, { message: 'reports.bad_period' });
const idParam = z.object({ id: z.string().max(40) });
const typeEnum = z.enum(REPORT_TYPES as unknown as ['monthly', 'bulletin', 'annual']);

/** Org-wide figures need an org-wide user; a project needs the project. */
function scopeCheck(a: Actor, perm: 'reports.read' | 'reports.manage', projectId: string | null | undefined) {
  if (projectId) authorize(a, perm, { projectId });
  else if (a.projectIds !== 'all') throw new AppError(403, 'auth.out_of_scope');
}

export async function reportDocumentRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;

  app.get('/api/reports/targets', { config: access('reports.read', 'project'), schema: { tags, summary: '计划与实际 Plan vs actual per KPI', querystring: z.object({ period: periodStr, projectId: z.string().max(40).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    scopeCheck(a, 'reports.read', req.query.projectId);
    const p = parsePeriod(req.query.period);
    const kpis = await computeKpis(app.ctx, a, { from: p.from, to: p.to, ...(req.query.projectId ? { projectId: req.query.projectId } : {}) });
    const { targets, items } = await resolveTargets(app.ctx, a.orgId, req.query.projectId ?? null, p);
    return { period: p.code, from: p.from, to: p.to, kpis: planVsActual(kpis, targets), planItems: items };
  });

  // Every staff role's own figures against its targets (the role's home); residents are refused by the gate.
  app.get(
    '/api/reports/role-targets',
    { config: access('signed-in', 'project'), schema: { tags, summary: '本岗位指标：计划与实际及趋势 Plan vs actual of the caller’s role', querystring: z.object({ period: periodStr, projectId: z.string().max(40).optional(), role: z.enum(ROLES as [Role, ...Role[]]).optional() }) } },
    async (req) => {
      const a = req.actor!;
      const projectId = req.query.projectId ?? null;
      if (projectId && a.projectIds !== 'all' && !a.projectIds.includes(projectId)) throw new AppError(403, 'auth.out_of_scope');
      // Looking at another role's set is for those who set targets.
      const role = req.query.role ?? a.role;
      if (role !== a.role) authorize(a, 'reports.manage');
      return rolePlanVsActual(app.ctx, a, role, req.query.period, projectId);
    },
  );

  app.get('/api/reports/plans', { config: access('reports.read', 'project'), schema: { tags, summary: '工作计划（目标与事项）Targets and plan items as set', querystring: z.object({ period: periodStr, projectId: z.string().max(40).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    scopeCheck(a, 'reports.read', req.query.projectId);
    const pid = req.query.projectId ?? '';
    const targets = await db().selectFrom('report_targets').selectAll().where('org_id', '=', a.orgId).where('period', '=', req.query.period).where('project_id', '=', pid).orderBy('kpi_code').execute();
    const items = await db().selectFrom('report_plan_items').selectAll().where('org_id', '=', a.orgId).where('period', '=', req.query.period).where('project_id', '=', pid).orderBy('due_date').execute();
    return {
      targets: targets.map((t) => ({ id: t.id, code: t.kpi_code, op: t.op, threshold: Number(t.threshold), period: t.period, projectId: t.project_id || null })),
      items: items.map((i) => ({ id: i.id, title: i.title, ownerId: i.owner_id, ownerName: i.owner_name, dueDate: i.due_date, status: i.status, note: i.note, period: i.period, projectId: i.project_id || null })),
    };
  });

  const targetBody = z.object({ period: periodStr, projectId: z.string().max(40).nullish(), code: z.string().min(1).max(60).regex(/^[a-z_.0-9]+$/), op: z.enum(['>=', '<=']).default('>='), threshold: z.number().min(0).max(1) });
  app.put('/api/reports/targets', { config: access('reports.manage', 'project'), schema: { tags, summary: '设定指标目标 Set a KPI target', body: targetBody } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    const b = req.body;
    scopeCheck(a, 'reports.manage', b.projectId);
    parsePeriod(b.period);
    const ts = nowIso();
    await db()
      .insertInto('report_targets')
      .values({ id: newId(), org_id: a.orgId, project_id: b.projectId ?? '', period: b.period, kpi_code: b.code, op: b.op, threshold: b.threshold, created_by: a.userId, created_at: ts, updated_at: ts })
      .onConflict((oc) => oc.columns(['org_id', 'project_id', 'period', 'kpi_code']).doUpdateSet({ op: b.op, threshold: b.threshold, updated_at: ts }))
      .execute();
    const t = await db().selectFrom('report_targets').selectAll().where('org_id', '=', a.orgId).where('project_id', '=', b.projectId ?? '').where('period', '=', b.period).where('kpi_code', '=', b.code).executeTakeFirstOrThrow();
    return { id: t.id, code: t.kpi_code, op: t.op, threshold: Number(t.threshold), period: t.period, projectId: t.project_id || null };
  });

  app.delete('/api/reports/targets/:id', { config: access('reports.manage', 'project'), schema: { tags, summary: '删除目标 Delete a target', params: idParam } }, async (req, reply) => {
    const a = authorize(req.actor, 'reports.manage');
    const t = await db().selectFrom('report_targets').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
    if (!t) throw new AppError(404, 'not_found', { what: 'what.report_target' });
    scopeCheck(a, 'reports.manage', t.project_id || null);
    await db().deleteFrom('report_targets').where('id', '=', t.id).execute();
    return reply.status(204).send();
  });

  const itemStatus = z.enum(['open', 'in_progress', 'done', 'cancelled']);
  const itemBody = z.object({ period: periodStr, projectId: z.string().max(40).nullish(), title: z.string().trim().min(1).max(300), ownerId: z.string().max(40).nullish(), ownerName: z.string().max(60).nullish(), dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(), status: itemStatus.default('open'), note: z.string().max(2000).nullish() });
  app.post('/api/reports/plan-items', { config: access('reports.manage', 'project'), schema: { tags, summary: '新增计划事项 Add a plan item', body: itemBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'reports.manage');
    const b = req.body;
    scopeCheck(a, 'reports.manage', b.projectId);
    parsePeriod(b.period);
    let ownerName = b.ownerName ?? null;
    if (b.ownerId) {
      const u = await db().selectFrom('users').select('display_name').where('org_id', '=', a.orgId).where('id', '=', b.ownerId).executeTakeFirst();
      if (!u) throw new AppError(400, 'not_found', { what: 'what.user' });
      ownerName ??= u.display_name;
    }
    const id = newId();
    const ts = nowIso();
    await db().insertInto('report_plan_items').values({ id, org_id: a.orgId, project_id: b.projectId ?? '', period: b.period, title: b.title, owner_id: b.ownerId ?? null, owner_name: ownerName, due_date: b.dueDate ?? null, status: b.status, note: b.note ?? null, created_by: a.userId, created_at: ts, updated_at: ts }).execute();
    return reply.status(201).send({ id });
  });

  app.patch('/api/reports/plan-items/:id', { config: access('reports.manage', 'project'), schema: { tags, summary: '更新计划事项 Update a plan item', params: idParam, body: z.object({ title: z.string().trim().min(1).max(300).optional(), status: itemStatus.optional(), dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(), ownerName: z.string().max(60).nullish(), note: z.string().max(2000).nullish() }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    const it = await db().selectFrom('report_plan_items').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
    if (!it) throw new AppError(404, 'not_found', { what: 'what.plan_item' });
    scopeCheck(a, 'reports.manage', it.project_id || null);
    const b = req.body;
    await db()
      .updateTable('report_plan_items')
      .set({ ...(b.title !== undefined && { title: b.title }), ...(b.status && { status: b.status }), ...(b.dueDate !== undefined && { due_date: b.dueDate }), ...(b.ownerName !== undefined && { owner_name: b.ownerName }), ...(b.note !== undefined && { note: b.note }), updated_at: nowIso() })
      .where('id', '=', it.id)
      .execute();
    return { id: it.id };
  });

  const sectionBody = z.object({
    id: z.string().max(40),
    title: z.string().max(60).optional(),
    intro: z.string().max(2000).optional(),
    text: z.string().max(4000).optional(),
    kpis: z.array(z.string().max(60)).max(20).optional(),
    charts: z.boolean().optional(),
    tables: z.boolean().optional(),
  });
  const sectionsBody = z.array(sectionBody).min(1).max(30);

  app.get('/api/reports/templates/:type', { config: access('reports.read', 'org'), schema: { tags, summary: '报告模板（当前或指定版本）Report template, current or a given version', params: z.object({ type: typeEnum }), querystring: z.object({ version: z.coerce.number().int().min(1).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    return { type: req.params.type, ...(await currentTemplate(app.ctx, a.orgId, req.params.type, req.query.version)), builtIn: SECTION_IDS[req.params.type], placeholders: placeholderNames() };
  });

  app.get('/api/reports/templates/:type/versions', { config: access('reports.read', 'org'), schema: { tags, summary: '模板版本历史 Template versions', params: z.object({ type: typeEnum }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    return { items: await templateVersions(app.ctx, a.orgId, req.params.type) };
  });

  app.put('/api/reports/templates/:type', { config: access('reports.manage', 'org'), schema: { tags, summary: '保存模板新版本 Save a new template version', params: z.object({ type: typeEnum }), body: z.object({ sections: sectionsBody }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    return { type: req.params.type, ...(await saveTemplate(app.ctx, a, req.params.type, req.body.sections)) };
  });

  app.post(
    '/api/reports/templates/:type/preview',
    { config: access('reports.manage', 'project'), schema: { tags, summary: '模板预览（实时数据，不保存）Preview a template on live data', params: z.object({ type: typeEnum }), body: z.object({ sections: sectionsBody, period: periodStr, projectId: z.string().max(40).nullish(), lang: z.enum(['zh-CN', 'zh-TW', 'en']).optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'reports.manage');
      scopeCheck(a, 'reports.manage', req.body.projectId);
      const lang = req.body.lang ?? asLang(req.headers['accept-language']?.split(',')[0]);
      return { model: await previewTemplate(app.ctx, a, { type: req.params.type, period: req.body.period, projectId: req.body.projectId ?? null, lang, sections: req.body.sections }) };
    },
  );

  app.post('/api/reports/documents', { config: access('reports.manage', 'project'), schema: { tags, summary: '生成报告草稿（已有草稿则刷新）Generate a draft (refreshes an existing draft)', body: z.object({ type: typeEnum, period: periodStr, projectId: z.string().max(40).nullish(), lang: z.enum(['zh-CN', 'zh-TW', 'en']).optional() }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'reports.manage');
    const r = await generate(app.ctx, a, { type: req.body.type, period: req.body.period, projectId: req.body.projectId ?? null, lang: req.body.lang ?? asLang(req.headers['accept-language']?.split(',')[0]) });
    return reply.status(r.created ? 201 : 200).send({ ...docJson(r.doc), changes: r.changes });
  });

  app.get('/api/reports/documents', { config: access('reports.read', 'project'), schema: { tags, summary: '报告列表 Report documents', querystring: z.object({ type: typeEnum.optional(), period: periodStr.optional(), projectId: z.string().max(40).optional(), status: z.enum(['draft', 'approved', 'published']).optional() }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    let q = db().selectFrom('report_documents').select(['id', 'type', 'project_id', 'period', 'lang', 'status', 'version', 'generated_at', 'approved_at', 'published_at', 'checksum']).where('org_id', '=', a.orgId);
    if (a.projectIds !== 'all') q = q.where('project_id', 'in', a.projectIds.length ? [...a.projectIds] : ['-']);
    if (req.query.type) q = q.where('type', '=', req.query.type);
    if (req.query.period) q = q.where('period', '=', req.query.period);
    if (req.query.projectId) q = q.where('project_id', '=', req.query.projectId);
    if (req.query.status) q = q.where('status', '=', req.query.status);
    const rows = await q.orderBy('period', 'desc').orderBy('type').limit(500).execute();
    return { items: rows.map((d) => ({ id: d.id, type: d.type, projectId: d.project_id || null, period: d.period, lang: d.lang, status: d.status, version: d.version, generatedAt: d.generated_at, approvedAt: d.approved_at, publishedAt: d.published_at, checksum: d.checksum })) };
  });

  app.get('/api/reports/documents/:id', { config: access('reports.read', 'project'), schema: { tags, summary: '报告（模型与数据）A report: model and figures', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'reports.read');
    return docJson(await getDoc(app.ctx, a, req.params.id));
  });

  app.patch('/api/reports/documents/:id/narrative', { config: access('reports.manage', 'project'), schema: { tags, summary: '编辑叙述（数字锁定）Edit narrative sections (figures are locked)', params: idParam, body: z.object({ sections: z.record(z.string().max(40), z.string().max(20_000).nullable()) }) } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    return docJson(await editNarrative(app.ctx, a, req.params.id, req.body.sections));
  });

  app.post('/api/reports/documents/:id/refresh', { config: access('reports.manage', 'project'), schema: { tags, summary: '按最新数据刷新草稿，返回变化 Refresh figures; returns what changed', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    const r = await refresh(app.ctx, a, req.params.id);
    return { ...docJson(r.doc), changes: r.changes };
  });

  app.post('/api/reports/documents/:id/approve', { config: access('reports.manage', 'project'), schema: { tags, summary: '审核通过 Approve', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    return docJson(await approve(app.ctx, a, req.params.id));
  });

  app.post('/api/reports/documents/:id/publish', { config: access('reports.manage', 'project'), schema: { tags, summary: '发布并归档（sha256）Publish and archive with a checksum', params: idParam } }, async (req) => {
    const a = authorize(req.actor, 'reports.manage');
    return docJson(await publish(app.ctx, a, req.params.id));
  });

  app.get('/api/reports/documents/:id/export', { config: access('reports.read', 'project'), schema: { tags, summary: '导出 HTML / PDF / DOCX / XLSX', params: idParam, querystring: z.object({ format: z.enum(['html', 'pdf', 'docx', 'xlsx']).default('html') }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'reports.read');
    const d = await getDoc(app.ctx, a, req.params.id);
    const out = await exportDoc(d, req.query.format);
    const name = `${d.type}-${d.period}.${out.ext}`;
    return reply.header('content-type', out.type).header('content-disposition', `attachment; filename="${name}"`).send(out.body);
  });

  // The residents' surface: published bulletins of the projects their units are in — nothing else.
  const residentProjects = async (a: Actor) =>
    (await db().selectFrom('units').select('project_id').where('org_id', '=', a.orgId).where('id', 'in', a.unitIds.length ? [...a.unitIds] : ['']).execute()).map((u) => u.project_id);
  const bulletinScope = async (a: Actor): Promise<string[] | 'all'> => (a.role === 'resident' ? residentProjects(a) : a.projectIds === 'all' ? 'all' : [...a.projectIds]);

  // For the OpenAPI document (the web types); fastify serialises with it, so every field of the mapping is listed.
  const bulletinsOut = z.object({
    items: z.array(z.object({ id: z.string(), projectId: z.string().nullable(), projectName: z.string().nullable(), period: z.string(), lang: z.string(), publishedAt: z.string().nullable(), checksum: z.string().nullable() })),
  });
  app.get('/api/bulletins', { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '已发布的物业服务月报 Published owners’ bulletins', response: { 200: bulletinsOut } } }, async (req) => {
    const a = req.actor!;
    const scope = await bulletinScope(a);
    let q = db().selectFrom('report_documents as d').leftJoin('projects as p', 'p.id', 'd.project_id').select(['d.id', 'd.project_id', 'p.name as project_name', 'd.period', 'd.lang', 'd.published_at', 'd.checksum']).where('d.org_id', '=', a.orgId).where('d.type', '=', 'bulletin').where('d.status', '=', 'published');
    if (scope !== 'all') q = q.where('d.project_id', 'in', scope.length ? scope : ['-']);
    const rows = await q.orderBy('d.period', 'desc').limit(120).execute();
    return { items: rows.map((r) => ({ id: r.id, projectId: r.project_id, projectName: r.project_name, period: r.period, lang: r.lang, publishedAt: r.published_at, checksum: r.checksum })) };
  });

  app.get('/api/bulletins/:id', { config: access('signed-in', 'own', { residents: true }), schema: { tags, summary: '月报全文（归档 HTML）A published bulletin (archived HTML)', params: idParam } }, async (req, reply) => {
    const a = req.actor!;
    const d = await db().selectFrom('report_documents').select(['project_id', 'archive_html', 'checksum', 'status', 'type']).where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
    const scope = d ? await bulletinScope(a) : [];
    if (!d || d.type !== 'bulletin' || d.status !== 'published' || (scope !== 'all' && !scope.includes(d.project_id))) throw new AppError(404, 'not_found', { what: 'what.report' });
    return reply.header('content-type', 'text/html; charset=utf-8').header('x-checksum-sha256', d.checksum ?? '').send(d.archive_html);
  });
}
