/**
 * Report documents: generate a draft for a period and scope, edit its narrative (figures stay
 * locked to the data), refresh with a list of what changed, approve, publish (archived HTML with
 * a sha256 checksum). Templates: a manager's versioned choice and order of sections.
 */
import { createHash } from 'node:crypto';
import type { AppContext } from '../../core/context';
import { AppError, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { assemble, diffData, isCustomSection, SECTION_IDS, unknownPlaceholders, type ReportModel, type TemplateSection } from './assemble';
import { KPI_LABELS } from './labels';
import { reportData, type ReportData, type ReportType } from './data';
import type { Lang } from './narrative';
import { htmlToPdf } from './render/browser';
import { renderDocx } from './render/docx';
import { renderHtml } from './render/html';
import { renderXlsx } from './render/xlsx';

export type Format = 'html' | 'pdf' | 'docx' | 'xlsx';
type Doc = Awaited<ReturnType<typeof loadDoc>>;

export async function currentTemplate(ctx: AppContext, orgId: string, type: ReportType, version?: number): Promise<{ version: number; sections: TemplateSection[] }> {
  let q = ctx.store.db.selectFrom('report_templates').select(['version', 'sections_json']).where('org_id', '=', orgId).where('type', '=', type);
  if (version !== undefined) q = q.where('version', '=', version);
  const t = await q.orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!t && version) throw notFound('what.report_template');
  return t ? { version: t.version, sections: JSON.parse(t.sections_json) } : { version: 0, sections: SECTION_IDS[type].map((id) => ({ id })) };
}

export async function templateVersions(ctx: AppContext, orgId: string, type: ReportType) {
  const rows = await ctx.store.db
    .selectFrom('report_templates as t')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select(['t.version', 't.created_at', 'u.display_name'])
    .where('t.org_id', '=', orgId)
    .where('t.type', '=', type)
    .orderBy('t.version', 'desc')
    .execute();
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.display_name ?? null }));
}

/** A template's sections must name known sections, KPIs and placeholders — refused with the culprit otherwise. */
export function checkTemplate(type: ReportType, sections: TemplateSection[]): void {
  const known = new Set(SECTION_IDS[type]);
  const seen = new Set<string>();
  for (const s of sections) {
    if (!known.has(s.id) && !isCustomSection(s.id)) throw new AppError(400, 'reports.unknown_section', { section: s.id });
    if (seen.has(s.id)) throw new AppError(400, 'reports.duplicate_section', { section: s.id });
    seen.add(s.id);
    if (isCustomSection(s.id) && !s.title?.trim()) throw new AppError(400, 'reports.custom_needs_title', { section: s.id });
    for (const k of s.kpis ?? []) if (!KPI_LABELS[k]) throw new AppError(400, 'reports.unknown_kpi', { kpi: k });
    for (const text of [s.intro, s.text]) {
      const bad = text ? unknownPlaceholders(text) : [];
      if (bad.length) throw new AppError(400, 'reports.unknown_placeholder', { name: bad[0] });
    }
  }
}

export async function saveTemplate(ctx: AppContext, actor: Actor, type: ReportType, sections: TemplateSection[]) {
  checkTemplate(type, sections);
  const cur = await currentTemplate(ctx, actor.orgId, type);
  const version = cur.version + 1;
  // Unique (org, type, version): of two saves at once one fails instead of both claiming a version.
  await ctx.store.db.insertInto('report_templates').values({ id: newId(), org_id: actor.orgId, type, version, sections_json: JSON.stringify(sections), created_by: actor.userId || null, created_at: nowIso() }).execute();
  return { version, sections };
}

/** A template as it would read for a scope and period, on live data, without saving anything. */
export async function previewTemplate(ctx: AppContext, actor: Actor, o: { type: ReportType; period: string; projectId: string | null; lang: Lang; sections: TemplateSection[] }): Promise<ReportModel> {
  checkTemplate(o.type, o.sections);
  const data = await reportData(ctx, actor, o.type, o.period, o.projectId);
  return assemble(data, o.lang, { sections: o.sections });
}

async function loadDoc(ctx: AppContext, orgId: string, id: string) {
  const d = await ctx.store.db.selectFrom('report_documents').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('what.report');
  return d;
}

export async function getDoc(ctx: AppContext, actor: Actor, id: string): Promise<Doc> {
  const d = await loadDoc(ctx, actor.orgId, id);
  if (d.project_id && actor.projectIds !== 'all' && !actor.projectIds.includes(d.project_id)) throw new AppError(403, 'auth.out_of_scope');
  if (!d.project_id && actor.projectIds !== 'all') throw new AppError(403, 'auth.out_of_scope');
  return d;
}

export function modelOf(d: Doc): ReportModel {
  const data = JSON.parse(d.data_json) as ReportData;
  const { sections, edits } = JSON.parse(d.narrative_json) as { sections: TemplateSection[]; edits: Record<string, string> };
  return assemble(data, d.lang as Lang, { sections, narrative: edits });
}

export function docJson(d: Doc) {
  const model = modelOf(d);
  const { edits } = JSON.parse(d.narrative_json) as { edits: Record<string, string> };
  return {
    id: d.id,
    type: d.type,
    projectId: d.project_id || null,
    period: d.period,
    lang: d.lang,
    status: d.status,
    version: d.version,
    templateVersion: d.template_version,
    generatedAt: d.generated_at,
    approvedAt: d.approved_at,
    publishedAt: d.published_at,
    checksum: d.checksum,
    editedSections: Object.keys(edits),
    model,
    data: JSON.parse(d.data_json) as ReportData,
  };
}

/** Generate (or, for an existing draft, regenerate keeping the edits) a report for a period and scope. */
export async function generate(ctx: AppContext, actor: Actor, o: { type: ReportType; period: string; projectId: string | null; lang: Lang }): Promise<{ doc: Doc; created: boolean; changes: ReturnType<typeof diffData> }> {
  if (o.projectId && actor.projectIds !== 'all' && !actor.projectIds.includes(o.projectId)) throw new AppError(403, 'auth.out_of_scope');
  if (!o.projectId && actor.projectIds !== 'all') throw new AppError(403, 'auth.out_of_scope');
  if (o.type === 'annual' && !/^\d{4}$/.test(o.period)) throw new AppError(400, 'reports.bad_period', { period: o.period });
  if (o.type !== 'annual' && !/^\d{4}-(\d{2}|Q[1-4])$/.test(o.period)) throw new AppError(400, 'reports.bad_period', { period: o.period });
  const data = await reportData(ctx, actor, o.type, o.period, o.projectId);
  const db = ctx.store.db;
  const existing = await db.selectFrom('report_documents').selectAll().where('org_id', '=', actor.orgId).where('type', '=', o.type).where('project_id', '=', o.projectId ?? '').where('period', '=', o.period).where('lang', '=', o.lang).executeTakeFirst();
  const ts = nowIso();
  if (existing) {
    if (existing.status !== 'draft') throw new AppError(409, 'reports.not_draft');
    const changes = diffData(JSON.parse(existing.data_json), data);
    await db.updateTable('report_documents').set({ data_json: JSON.stringify(data), version: existing.version + 1, generated_at: ts, generated_by: actor.userId || null, updated_at: ts }).where('id', '=', existing.id).where('version', '=', existing.version).execute();
    return { doc: await loadDoc(ctx, actor.orgId, existing.id), created: false, changes };
  }
  const tpl = await currentTemplate(ctx, actor.orgId, o.type);
  const id = newId();
  await db
    .insertInto('report_documents')
    .values({ id, org_id: actor.orgId, type: o.type, project_id: o.projectId ?? '', period: o.period, lang: o.lang, status: 'draft', template_version: tpl.version, data_json: JSON.stringify(data), narrative_json: JSON.stringify({ sections: tpl.sections, edits: {} }), version: 1, generated_at: ts, generated_by: actor.userId || null, approved_at: null, approved_by: null, published_at: null, archive_html: null, checksum: null, created_at: ts, updated_at: ts })
    .onConflict((oc) => oc.columns(['org_id', 'type', 'project_id', 'period', 'lang']).doNothing())
    .execute();
  const doc = await db.selectFrom('report_documents').selectAll().where('org_id', '=', actor.orgId).where('type', '=', o.type).where('project_id', '=', o.projectId ?? '').where('period', '=', o.period).where('lang', '=', o.lang).executeTakeFirstOrThrow();
  return { doc, created: doc.id === id, changes: [] };
}

/** Managers edit the narrative only: the figures, tables and charts come from the data. */
export async function editNarrative(ctx: AppContext, actor: Actor, id: string, edits: Record<string, string | null>): Promise<Doc> {
  const d = await getDoc(ctx, actor, id);
  if (d.status !== 'draft') throw new AppError(409, 'reports.not_draft');
  const n = JSON.parse(d.narrative_json) as { sections: Array<{ id: string }>; edits: Record<string, string> };
  const ids = new Set(n.sections.map((s) => s.id));
  for (const [k, v] of Object.entries(edits)) {
    if (!ids.has(k)) throw new AppError(400, 'reports.unknown_section', { section: k });
    if (v === null) delete n.edits[k];
    else n.edits[k] = v;
  }
  const r = await ctx.store.db.updateTable('report_documents').set({ narrative_json: JSON.stringify(n), version: d.version + 1, updated_at: nowIso() }).where('id', '=', d.id).where('version', '=', d.version).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError(409, 'reports.changed');
  return loadDoc(ctx, actor.orgId, id);
}

export async function refresh(ctx: AppContext, actor: Actor, id: string) {
  const d = await getDoc(ctx, actor, id);
  return generate(ctx, actor, { type: d.type, period: d.period, projectId: d.project_id || null, lang: d.lang as Lang });
}

export async function approve(ctx: AppContext, actor: Actor, id: string): Promise<Doc> {
  const d = await getDoc(ctx, actor, id);
  if (d.status !== 'draft') throw new AppError(409, 'reports.not_draft');
  const ts = nowIso();
  await ctx.store.db.updateTable('report_documents').set({ status: 'approved', approved_at: ts, approved_by: actor.userId || null, version: d.version + 1, updated_at: ts }).where('id', '=', d.id).where('version', '=', d.version).execute();
  return loadDoc(ctx, actor.orgId, id);
}

/** Publish an approved document: the HTML is archived once, with its sha256, and never changes again. */
export async function publish(ctx: AppContext, actor: Actor, id: string): Promise<Doc> {
  const d = await getDoc(ctx, actor, id);
  if (d.status !== 'approved') throw new AppError(409, 'reports.not_approved');
  const ts = nowIso();
  const html = renderHtml(modelOf(d), { footer: `${d.period} · ${ts.slice(0, 10)}` });
  const checksum = createHash('sha256').update(html, 'utf8').digest('hex');
  await ctx.store.db.updateTable('report_documents').set({ status: 'published', published_at: ts, archive_html: html, checksum, version: d.version + 1, updated_at: ts }).where('id', '=', d.id).where('version', '=', d.version).execute();
  return loadDoc(ctx, actor.orgId, id);
}

export async function exportDoc(d: Doc, format: Format): Promise<{ body: Buffer | string; type: string; ext: string }> {
  const html = d.archive_html ?? renderHtml(modelOf(d), { draft: d.status === 'draft', footer: `${d.period}` });
  switch (format) {
    case 'html':
      return { body: html, type: 'text/html; charset=utf-8', ext: 'html' };
    case 'pdf':
      return { body: await htmlToPdf(html), type: 'application/pdf', ext: 'pdf' };
    case 'docx':
      return { body: await renderDocx(modelOf(d)), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' };
    default:
      return { body: await renderXlsx(modelOf(d)), type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: 'xlsx' };
  }
}
