/**
 * 质检 over HTTP (docs/quality.md lists every route with its body and response).
 * Staff routes need quality.read / quality.write and are narrowed to the caller's projects;
 * `/api/quality/my/*` (quality.self, scope self) shows agents their own evaluations and notices.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, badRequest, conflict, notFound } from '../../core/errors';
import { pageQuery } from '../../core/paging';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, hasPermission, projectFilter, type Actor } from '../auth/permissions';
import { noticeHtml, noticesDocx, type NoticeDoc } from '../billing/documents';
import { localDate } from '../inspections/core';
import { checkScorecard, DEFAULT_SAMPLING, SCALES, SUBJECT_KINDS, type Answers, type LadderStep, type Reason, type SamplingConfig, type ScorecardDef, type ScoreResult, type Severity, type SubjectKind } from './core';
import { libraryOut } from './coachingRoutes';
import { createPlan, qualityFigures, utcRange, type PlanStats } from './queries';
import { ACTION_STATES, ACTION_TYPES, REVIEW_OUTCOMES, type QualityActionTable, type QualityEvaluationTable, type QualityScorecardTable } from './schema';
import {
  agentResponds, calibrationAgreement, createEvaluation, decideAction, definitionOf, fromCenti, loadEvaluation, loadScorecard, loadSubject, releaseEvaluation,
  reviewDispute, saveScorecard, scoreEvaluation, scoreOrThrow, toCenti, type CalibrationSubject,
} from './service';

const idStr = z.string().min(1).max(40);
/** A call is `queueId:callKey`; contacts and orders their id. */
const subjectId = z.string().min(1).max(300);
const key = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const itemSchema = z.object({
  key,
  label: z.string().trim().min(1).max(80),
  weight: z.number().positive().max(1000),
  scale: z.enum(SCALES),
  maxPoints: z.number().int().positive().max(100).optional(),
  naAllowed: z.boolean().default(false),
  critical: z.boolean().default(false),
  fatal: z.boolean().default(false),
  rootCauses: z.array(z.string().trim().min(1).max(40)).max(30).optional(),
  guidance: z.string().max(1000).optional(),
});
const definitionSchema = z.object({
  sections: z.array(z.object({ key, label: z.string().trim().min(1).max(80), items: z.array(itemSchema).min(1).max(60) })).min(1).max(20),
  passThreshold: z.number().min(1).max(100),
  criticalCap: z.number().min(0).max(100),
});
const answerSchema = z.object({
  value: z.number().nullable(),
  evidenceAt: z.number().min(0).max(86_400).nullish(),
  evidenceQuote: z.string().max(500).nullish(),
  rootCauses: z.array(z.string().max(40)).max(10).optional(),
  note: z.string().max(500).nullish(),
});
const answersSchema = z.record(z.string().max(40), answerSchema);

// ---------- the JSON these routes answer (the web client imports these types, type-only) ----------

/** What an evaluation keeps of its score (service.resultSummary): no score or pass mark, those are columns. */
export type StoredResult = Omit<ScoreResult, 'score' | 'passed' | 'items'> & { items: Array<{ key: string; fraction: number | null; lost: number }> };
export interface AuditEntry {
  at: string;
  actorId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  fromScore: number | null;
  toScore: number | null;
  note: string | null;
}
export interface PlanItemView {
  id: string;
  planId: string;
  subject: { kind: SubjectKind; id: string; occurredAt: string | null };
  projectId: string | null;
  agentId: string;
  agentName: string | null;
  inspectorId: string;
  inspectorName: string | null;
  dueOn: string;
  stratum: Reason;
  reasons: Reason[];
  evaluationId: string | null;
}
export interface PlanView {
  id: string;
  name: string;
  seed: number;
  from: string;
  to: string;
  projectId: string | null;
  scorecardId: string;
  /** Plans drawn before teams existed have no `teamIds`. */
  config: SamplingConfig & { kinds: SubjectKind[]; inspectorIds: string[]; teamIds?: string[] };
  stats: PlanStats;
  createdAt: string;
}
export interface CalibrationSummaryView {
  id: string;
  name: string;
  scorecardId: string;
  state: 'open' | 'revealed';
  subjects: number;
  inspectorIds: string[];
  createdAt: string;
  revealedAt: string | null;
}
export interface CalibrationScoreView {
  subjectIndex: number;
  inspectorId?: string;
  answers: Answers;
  score: number;
  passed: boolean;
}
export interface CalibrationView {
  id: string;
  name: string;
  scorecard: ReturnType<typeof scorecardOut>;
  state: 'open' | 'revealed';
  subjects: Array<CalibrationSubject & { projectId: string | null; summary: string | null }>;
  inspectors: { id: string; name: string | null; scored: number }[];
  myScores: CalibrationScoreView[];
  /** Everyone's, once revealed. */
  scores?: CalibrationScoreView[];
  agreement: ReturnType<typeof calibrationAgreement> | null;
  createdAt: string;
  revealedAt: string | null;
}

export function scorecardOut(r: QualityScorecardTable) {
  return { id: r.id, key: r.key, version: r.version, name: r.name, description: r.description, current: r.current === 1, definition: definitionOf(r), createdAt: r.created_at };
}

export function evaluationOut(e: QualityEvaluationTable, names: Map<string, string>) {
  return {
    id: e.id, projectId: e.project_id, scorecardId: e.scorecard_id, subject: { kind: e.subject_kind as SubjectKind, id: e.subject_id, occurredAt: e.occurred_at },
    agentId: e.agent_id, agentName: names.get(e.agent_id) ?? null, inspectorId: e.inspector_id, inspectorName: names.get(e.inspector_id) ?? null,
    planItemId: e.plan_item_id, state: e.state, answers: e.answers_json ? (JSON.parse(e.answers_json) as Answers) : null, result: e.result_json ? (JSON.parse(e.result_json) as StoredResult) : null,
    score: fromCenti(e.score_centi), passed: e.passed == null ? null : e.passed === 1, severity: e.severity as Severity | null, comment: e.comment,
    recordingUrl: e.recording_url, attachmentId: e.attachment_id, transcript: e.transcript,
    scoredAt: e.scored_at, notifiedAt: e.notified_at, acknowledgedAt: e.acknowledged_at, disputedAt: e.disputed_at, disputeReason: e.dispute_reason,
    reviewerId: e.reviewer_id, reviewerName: e.reviewer_id ? names.get(e.reviewer_id) ?? null : null, reviewOutcome: e.review_outcome, reviewNote: e.review_note, reviewedAt: e.reviewed_at,
    closedAt: e.closed_at, version: e.version, createdAt: e.created_at,
  };
}

export function actionOut(a: QualityActionTable, names: Map<string, string>) {
  return {
    id: a.id, type: a.type, agentId: a.agent_id, agentName: names.get(a.agent_id) ?? null, projectId: a.project_id, evaluationId: a.evaluation_id, step: a.step as LadderStep | null, severity: a.severity as Severity | null,
    priorCount: a.prior_count, state: a.state, needsApproval: a.needs_approval === 1, docNo: a.doc_no, assigneeId: a.assignee_id, assigneeName: a.assignee_id ? names.get(a.assignee_id) ?? null : null,
    dueOn: a.due_on, note: a.note, libraryIds: a.library_ids_json ? (JSON.parse(a.library_ids_json) as string[]) : [], followUpEvaluationId: a.follow_up_evaluation_id,
    createdAt: a.created_at, decidedBy: a.decided_by, decidedAt: a.decided_at, acknowledgedAt: a.acknowledged_at, doneAt: a.done_at, fineFen: a.fine_fen ?? null,
  };
}

const STEP_ZH: Record<LadderStep, string> = { verbal_reminder: '口头提醒', verbal_warning: '口头警告', qa_notice: '质检提醒单', retraining: '下岗培训', fine: '经济扣罚', dismissal: '辞退' };

/** 质检提醒单 / 整改通知单 as data for the shared notice renderers (HTML and DOCX). */
function actionDoc(a: QualityActionTable, e: QualityEvaluationTable | undefined, agentName: string, org: string, def: ScorecardDef | null): NoticeDoc {
  const lost = e?.result_json ? (JSON.parse(e.result_json) as { items: Array<{ key: string; lost: number; fraction: number | null }> }).items.filter((i) => i.fraction !== null && i.fraction < 1) : [];
  const labels = new Map((def?.sections ?? []).flatMap((s) => s.items.map((i) => [i.key, i.label] as const)));
  const answers = e?.answers_json ? (JSON.parse(e.answers_json) as Answers) : {};
  const rows = lost.map((i) => [labels.get(i.key) ?? i.key, String(i.lost), answers[i.key]?.evidenceQuote ?? (answers[i.key]?.evidenceAt != null ? `录音 ${answers[i.key]!.evidenceAt} 秒处` : '')]);
  const when = e?.occurred_at ? localDate(e.occurred_at) : '';
  const isNotice = a.type === 'ladder';
  return {
    title: isNotice ? '质检提醒单' : '整改通知单',
    number: a.doc_no ?? a.id,
    addressee: `${agentName}：`,
    paragraphs: isNotice
      ? [`经质检，你于 ${when} 处理的服务记录得分 ${fromCenti(e?.score_centi ?? null) ?? '—'} 分，存在以下问题。依据质检管理规定，本次处理为「${a.step ? STEP_ZH[a.step as LadderStep] ?? a.step : ''}」（近 ${90} 天内此前问题 ${a.prior_count ?? 0} 次）。`]
      : [`经质检，你于 ${when} 处理的服务记录存在以下问题，请于 ${a.due_on ?? ''} 前完成整改。整改期满后质检组将进行跟踪抽检。`],
    table: rows.length ? { headers: ['质检项目', '扣分', '依据'], rows } : undefined,
    after: [isNotice ? '请认真对照改进。如有异议，可在系统中对该次质检结果提出申诉。' : '整改完成后请告知质检专员。'],
    signature: [org, '质检组', localDate(a.created_at)],
    notes: ['员工签收：____________  日期：____________'],
  };
}

export async function qualityRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['quality'];

  const userNames = async (orgId: string, ids: Array<string | null>) => {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    if (!want.length) return new Map<string, string>();
    const rows = await db().selectFrom('users').select(['id', 'display_name']).where('org_id', '=', orgId).where('id', 'in', want).execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  };
  /** A row's project against the caller's: rows without a project are for organisation-wide users only. */
  const inScope = (a: Actor, projectId: string | null) => a.projectIds === 'all' || (!!projectId && a.projectIds.includes(projectId));
  const assertProject = (a: Actor) => (projectId: string | null) => {
    if (!inScope(a, projectId)) throw new AppError(403, 'auth.out_of_scope');
  };
  const visibleEvaluation = async (a: Actor, id: string) => {
    const e = await loadEvaluation(db(), a.orgId, id);
    if (!inScope(a, e.project_id)) throw notFound('what.quality_evaluation');
    return e;
  };
  const projectsOf = (a: Actor, projectId?: string) => {
    if (projectId && !inScope(a, projectId)) throw new AppError(403, 'auth.out_of_scope');
    return projectFilter(a);
  };

  // ---------- scorecards ----------

  app.get('/api/quality/scorecards', { config: access('quality.read', 'org'), schema: { tags, summary: '评分表（各版本）Scorecards', querystring: z.object({ all: z.enum(['0', '1']).default('0') }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    let q = db().selectFrom('quality_scorecards').selectAll().where('org_id', '=', a.orgId);
    if (req.query.all === '0') q = q.where('current', '=', 1);
    return { items: (await q.orderBy('key').orderBy('version', 'desc').execute()).map(scorecardOut) };
  });

  app.get('/api/quality/scorecards/:id', { config: access('quality.read', 'org'), schema: { tags, summary: '评分表 A scorecard version', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    return scorecardOut(await loadScorecard(db(), a.orgId, req.params.id));
  });

  app.post(
    '/api/quality/scorecards',
    { config: access('quality.write', 'org'), schema: { tags, summary: '新建评分表或新版本 Create a scorecard or its next version', body: z.object({ key, name: z.string().trim().min(1).max(80), description: z.string().max(1000).nullish(), definition: definitionSchema }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const problems = checkScorecard(req.body.definition as ScorecardDef);
      if (problems.length) throw badRequest(problems[0], {}, { problems });
      reply.code(201);
      return scorecardOut(await saveScorecard(db(), a, { ...req.body, definition: req.body.definition as ScorecardDef }));
    },
  );

  app.post(
    '/api/quality/score-preview',
    { config: access('quality.read', 'none'), schema: { tags, summary: '试算得分 Score answers without saving', body: z.object({ scorecardId: idStr, answers: answersSchema }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      return scoreOrThrow(definitionOf(await loadScorecard(db(), a.orgId, req.body.scorecardId)), req.body.answers as Answers);
    },
  );

  // ---------- sampling plans ----------

  app.post(
    '/api/quality/plans',
    {
      config: access('quality.write', 'project'),
      schema: {
        tags,
        summary: '抽样计划（可复现的随机种子）Draw a sampling plan',
        body: z.object({
          name: z.string().trim().min(1).max(80),
          scorecardId: idStr,
          projectId: idStr.nullish(),
          from: dateStr,
          to: dateStr,
          seed: z.number().int().min(0).max(2 ** 31 - 1),
          kinds: z.array(z.enum(SUBJECT_KINDS)).min(1).default(['contact']),
          inspectorIds: z.array(idStr).min(1).max(200),
          perInspectorPerDay: z.number().int().min(1).max(500).default(DEFAULT_SAMPLING.perInspectorPerDay),
          minPerAgentPerWeek: z.number().int().min(0).max(100).default(DEFAULT_SAMPLING.minPerAgentPerWeek),
          riskShare: z.number().min(0).max(1).default(DEFAULT_SAMPLING.riskShare),
          longHandleS: z.number().int().min(1).max(86_400).default(DEFAULT_SAMPLING.longHandleS),
          workdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).default(DEFAULT_SAMPLING.workdays),
          maxItems: z.number().int().min(1).max(100_000).nullish(),
          teamIds: z.array(idStr).max(100).default([]),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const b = req.body;
      if (b.to < b.from || Date.parse(b.to) - Date.parse(b.from) > 92 * 86_400_000) throw badRequest('quality.bad_period');
      const projects = projectsOf(a, b.projectId ?? undefined);
      await loadScorecard(db(), a.orgId, b.scorecardId);
      const inspectors = await db().selectFrom('users').select(['id', 'role']).where('org_id', '=', a.orgId).where('id', 'in', b.inspectorIds).execute();
      if (inspectors.length !== new Set(b.inspectorIds).size || inspectors.some((u) => !['qa', 'manager', 'admin', 'supervisor'].includes(u.role))) throw badRequest('quality.bad_inspectors');
      if (b.teamIds.length) {
        const teams = await db().selectFrom('quality_teams').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', 'in', b.teamIds).execute();
        if (teams.length !== new Set(b.teamIds).size) throw notFound('what.quality_team');
        for (const t of teams) if (t.project_id) assertProject(a)(t.project_id);
      }
      const { plan, sample } = await createPlan(db(), a, {
        name: b.name, scorecardId: b.scorecardId, projectId: b.projectId ?? null, kinds: b.kinds, inspectorIds: [...new Set(b.inspectorIds)], teamIds: [...new Set(b.teamIds)],
        config: { seed: b.seed, from: b.from, to: b.to, perInspectorPerDay: b.perInspectorPerDay, minPerAgentPerWeek: b.minPerAgentPerWeek, riskShare: b.riskShare, longHandleS: b.longHandleS, workdays: b.workdays, maxItems: b.maxItems ?? null },
      }, projects);
      reply.code(201);
      return { id: plan.id, name: plan.name, seed: plan.seed, from: plan.period_from, to: plan.period_to, stats: JSON.parse(plan.stats_json), drawn: sample.items.length };
    },
  );

  app.get('/api/quality/plans', { config: access('quality.read', 'project'), schema: { tags, summary: '抽样计划列表 Plans' } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const pf = projectFilter(a);
    let q = db().selectFrom('quality_plans').selectAll().where('org_id', '=', a.orgId);
    // Plans over all projects are for organisation-wide users; scoped users see their projects' plans.
    if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
    const rows = await q.orderBy('created_at', 'desc').limit(200).execute();
    return { items: rows.map((p): PlanView => ({ id: p.id, name: p.name, seed: p.seed, from: p.period_from, to: p.period_to, projectId: p.project_id, scorecardId: p.scorecard_id, config: JSON.parse(p.config_json), stats: JSON.parse(p.stats_json), createdAt: p.created_at })) };
  });

  const planItemsQuery = z.object({ ...pageQuery, inspectorId: idStr.optional(), agentId: idStr.optional(), dueOn: dateStr.optional(), open: z.enum(['0', '1']).optional() });
  const planItems = async (a: Actor, filter: { planId?: string } & z.infer<typeof planItemsQuery>) => {
    const pf = projectFilter(a);
    let q = db().selectFrom('quality_plan_items').selectAll().where('org_id', '=', a.orgId);
    if (filter.planId) q = q.where('plan_id', '=', filter.planId);
    if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
    if (filter.inspectorId) q = q.where('inspector_id', '=', filter.inspectorId);
    if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
    if (filter.dueOn) q = q.where('due_on', '=', filter.dueOn);
    if (filter.open === '1') q = q.where('evaluation_id', 'is', null);
    const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q.orderBy('due_on').orderBy('occurred_at').orderBy('id').limit(filter.pageSize).offset((filter.page - 1) * filter.pageSize).execute();
    const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.inspector_id]));
    return {
      items: rows.map((r): PlanItemView => ({ id: r.id, planId: r.plan_id, subject: { kind: r.subject_kind as SubjectKind, id: r.subject_id, occurredAt: r.occurred_at }, projectId: r.project_id, agentId: r.agent_id, agentName: names.get(r.agent_id) ?? null, inspectorId: r.inspector_id, inspectorName: names.get(r.inspector_id) ?? null, dueOn: r.due_on, stratum: r.stratum as Reason, reasons: JSON.parse(r.reasons_json) as Reason[], evaluationId: r.evaluation_id })),
      total, page: filter.page, pageSize: filter.pageSize,
    };
  };

  app.get('/api/quality/plans/:id/items', { config: access('quality.read', 'project'), schema: { tags, summary: '计划抽中的记录及原因 Drawn items with reasons', params: z.object({ id: idStr }), querystring: planItemsQuery } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    return planItems(a, { ...req.query, planId: req.params.id });
  });

  app.get('/api/quality/queue', { config: access('quality.write', 'project'), schema: { tags, summary: '我的待检队列 The inspector’s queue', querystring: planItemsQuery } }, async (req) => {
    const a = authorize(req.actor, 'quality.write');
    return planItems(a, { open: '1', ...req.query, inspectorId: a.userId });
  });

  // ---------- evaluations ----------

  app.get(
    '/api/quality/evaluations',
    {
      config: access('quality.read', 'project'),
      schema: {
        tags,
        summary: '质检记录（可按坐席、质检员、项目、结果、评分项下钻）Evaluations',
        querystring: z.object({
          ...pageQuery, projectId: idStr.optional(), agentId: idStr.optional(), inspectorId: idStr.optional(), state: z.string().max(20).optional(),
          passed: z.enum(['0', '1']).optional(), disputed: z.enum(['0', '1']).optional(), failedItem: key.optional(), from: dateStr.optional(), to: dateStr.optional(),
        }),
      },
    },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      const f = req.query;
      const pf = projectsOf(a, f.projectId);
      let q = db().selectFrom('quality_evaluations').selectAll().where('org_id', '=', a.orgId);
      if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
      if (f.projectId) q = q.where('project_id', '=', f.projectId);
      if (f.agentId) q = q.where('agent_id', '=', f.agentId);
      if (f.inspectorId) q = q.where('inspector_id', '=', f.inspectorId);
      if (f.state) q = q.where('state', '=', f.state as any);
      if (f.passed) q = q.where('passed', '=', Number(f.passed));
      if (f.disputed === '1') q = q.where('disputed_at', 'is not', null);
      if (f.from || f.to) {
        const r = utcRange(f.from ?? '2000-01-01', f.to ?? '2999-12-31');
        q = q.where('scored_at', '>=', r.start).where('scored_at', '<', r.end);
      }
      // Failed item: a JSON fragment match, the same on SQLite and PostgreSQL text columns.
      if (f.failedItem) q = q.where('result_json', 'like', `%"key":"${f.failedItem}","fraction":0%`);
      const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute();
      const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.inspector_id, r.reviewer_id]));
      return { items: rows.map((r) => evaluationOut(r, names)), total, page: f.page, pageSize: f.pageSize };
    },
  );

  const auditOf = async (id: string): Promise<AuditEntry[]> =>
    (await db().selectFrom('quality_audit').selectAll().where('evaluation_id', '=', id).orderBy('at').orderBy('id').execute()).map((r) => ({
      at: r.at, actorId: r.actor_id, action: r.action, fromState: r.from_state, toState: r.to_state, fromScore: fromCenti(r.from_score_centi), toScore: fromCenti(r.to_score_centi), note: r.note,
    }));

  app.get('/api/quality/evaluations/:id', { config: access('quality.read', 'project'), schema: { tags, summary: '质检详情（含评分表版本、记录摘要与审计轨迹）Evaluation', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const e = await visibleEvaluation(a, req.params.id);
    const names = await userNames(a.orgId, [e.agent_id, e.inspector_id, e.reviewer_id]);
    const subject = await loadSubject(db(), a.orgId, e.subject_kind as any, e.subject_id).catch(() => null);
    return { ...evaluationOut(e, names), subjectSummary: subject?.summary ?? null, scorecard: scorecardOut(await loadScorecard(db(), a.orgId, e.scorecard_id)), audit: await auditOf(e.id) };
  });

  app.post(
    '/api/quality/evaluations',
    {
      config: access('quality.write', 'project'),
      schema: {
        tags,
        summary: '新建质检（可直接评分）Create an evaluation, optionally scored',
        body: z.object({
          subjectKind: z.enum(SUBJECT_KINDS), subjectId, scorecardId: idStr.nullish(), agentId: idStr.nullish(), planItemId: idStr.nullish(),
          recordingUrl: z.string().url().max(1000).nullish(), attachmentId: idStr.nullish(), transcript: z.string().max(50_000).nullish(),
          answers: answersSchema.optional(), comment: z.string().max(2000).nullish(), release: z.boolean().default(true),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const b = req.body;
      let inspectorId: string | null = null;
      let planProject: string | null | undefined;
      let scorecardId = b.scorecardId ?? null;
      if (b.planItemId) {
        const pi = await db().selectFrom('quality_plan_items').selectAll().where('org_id', '=', a.orgId).where('id', '=', b.planItemId).executeTakeFirst();
        if (!pi || !inScope(a, pi.project_id)) throw notFound('what.quality_plan_item');
        if (pi.evaluation_id) throw conflict('quality.already_evaluated');
        if (pi.subject_kind !== b.subjectKind || pi.subject_id !== b.subjectId) throw badRequest('quality.plan_item_mismatch');
        inspectorId = pi.inspector_id;
        planProject = pi.project_id;
        // An item drawn by a plan is scored on the plan's scorecard unless one is named.
        if (!scorecardId) scorecardId = (await db().selectFrom('quality_plans').select('scorecard_id').where('id', '=', pi.plan_id).executeTakeFirst())?.scorecard_id ?? null;
      }
      if (inspectorId && inspectorId !== a.userId && a.role !== 'manager' && a.role !== 'admin') throw new AppError(403, 'quality.not_inspector');
      void planProject;
      const e = await db().transaction().execute((trx) => createEvaluation(trx, a, { ...b, scorecardId, inspectorId: inspectorId ?? a.userId }, assertProject(a)));
      const out = b.answers ? await scoreEvaluation(db(), a, e.id, { answers: b.answers as Answers, comment: b.comment, release: b.release }) : e;
      reply.code(201);
      return evaluationOut(out, await userNames(a.orgId, [out.agent_id, out.inspector_id]));
    },
  );

  app.put(
    '/api/quality/evaluations/:id/score',
    { config: access('quality.write', 'project'), schema: { tags, summary: '评分 / 改分（通知坐席前）Score or re-score', params: z.object({ id: idStr }), body: z.object({ answers: answersSchema, comment: z.string().max(2000).nullish(), release: z.boolean().default(true), version: z.number().int().optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.write');
      await visibleEvaluation(a, req.params.id);
      const e = await scoreEvaluation(db(), a, req.params.id, { ...req.body, answers: req.body.answers as Answers });
      return evaluationOut(e, await userNames(a.orgId, [e.agent_id, e.inspector_id]));
    },
  );

  app.post('/api/quality/evaluations/:id/release', { config: access('quality.write', 'project'), schema: { tags, summary: '发布给坐席 Notify the agent', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.write');
    await visibleEvaluation(a, req.params.id);
    const e = await releaseEvaluation(db(), a, req.params.id);
    return evaluationOut(e, await userNames(a.orgId, [e.agent_id, e.inspector_id]));
  });

  app.post(
    '/api/quality/evaluations/:id/review',
    { config: access('quality.write', 'project'), schema: { tags, summary: '申诉复核：维持 / 部分维持（新分）/ 撤销 Decide a dispute', params: z.object({ id: idStr }), body: z.object({ outcome: z.enum(REVIEW_OUTCOMES), answers: answersSchema.nullish(), note: z.string().trim().min(1).max(2000) }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.write');
      await visibleEvaluation(a, req.params.id);
      const e = await reviewDispute(db(), a, req.params.id, { ...req.body, answers: (req.body.answers as Answers | null | undefined) ?? null });
      return evaluationOut(e, await userNames(a.orgId, [e.agent_id, e.inspector_id, e.reviewer_id]));
    },
  );

  // ---------- the agent's own ----------

  const myEvaluation = async (a: Actor, id: string) => {
    const e = await loadEvaluation(db(), a.orgId, id);
    // Agents see what was released to them — never drafts, never someone else's.
    if (e.agent_id !== a.userId || !e.notified_at) throw notFound('what.quality_evaluation');
    return e;
  };

  app.get('/api/quality/my/evaluations', { config: access('quality.self', 'self'), schema: { tags, summary: '我的质检结果 My evaluations', querystring: z.object({ ...pageQuery }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    const q = db().selectFrom('quality_evaluations').selectAll().where('org_id', '=', a.orgId).where('agent_id', '=', a.userId).where('notified_at', 'is not', null);
    const total = Number((await q.clearSelect().select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await q.orderBy('notified_at', 'desc').orderBy('id', 'desc').limit(req.query.pageSize).offset((req.query.page - 1) * req.query.pageSize).execute();
    const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.inspector_id, r.reviewer_id]));
    return { items: rows.map((r) => evaluationOut(r, names)), total, page: req.query.page, pageSize: req.query.pageSize };
  });

  app.get('/api/quality/my/evaluations/:id', { config: access('quality.self', 'self'), schema: { tags, summary: '我的质检详情 One of my evaluations', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    const e = await myEvaluation(a, req.params.id);
    const names = await userNames(a.orgId, [e.agent_id, e.inspector_id, e.reviewer_id]);
    return { ...evaluationOut(e, names), scorecard: scorecardOut(await loadScorecard(db(), a.orgId, e.scorecard_id)), audit: await auditOf(e.id) };
  });

  app.post('/api/quality/my/evaluations/:id/acknowledge', { config: access('quality.self', 'self'), schema: { tags, summary: '确认质检结果 Acknowledge', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    await myEvaluation(a, req.params.id);
    const e = await agentResponds(db(), a, req.params.id, { kind: 'acknowledge' });
    return evaluationOut(e, await userNames(a.orgId, [e.agent_id, e.inspector_id]));
  });

  app.post(
    '/api/quality/my/evaluations/:id/dispute',
    { config: access('quality.self', 'self'), schema: { tags, summary: '申诉 Dispute with a reason', params: z.object({ id: idStr }), body: z.object({ reason: z.string().trim().min(2).max(2000) }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.self');
      await myEvaluation(a, req.params.id);
      const e = await agentResponds(db(), a, req.params.id, { kind: 'dispute', reason: req.body.reason });
      return evaluationOut(e, await userNames(a.orgId, [e.agent_id, e.inspector_id]));
    },
  );

  app.get('/api/quality/my/actions', { config: access('quality.self', 'self'), schema: { tags, summary: '我的质检提醒 / 整改通知 My notices' } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    // Steps awaiting a manager's decision are not shown before they are decided.
    const rows = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('agent_id', '=', a.userId).where('type', 'in', ['ladder', 'rectification']).where('state', 'in', ['issued', 'acknowledged', 'done']).orderBy('created_at', 'desc').limit(200).execute();
    const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.assignee_id]));
    return { items: rows.map((r) => actionOut(r, names)) };
  });

  const myAction = async (a: Actor, id: string) => {
    const r = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!r || r.agent_id !== a.userId || r.type === 'coaching' || !['issued', 'acknowledged', 'done'].includes(r.state)) throw notFound('what.quality_action');
    return r;
  };

  app.post('/api/quality/my/actions/:id/acknowledge', { config: access('quality.self', 'self'), schema: { tags, summary: '签收质检提醒单 / 整改通知单 Sign for a notice', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    const r = await myAction(a, req.params.id);
    if (r.state !== 'issued') throw conflict('quality.bad_state', { state: r.state });
    const ts = nowIso();
    await db().updateTable('quality_actions').set({ state: r.type === 'ladder' ? 'acknowledged' : 'issued', acknowledged_at: ts }).where('id', '=', r.id).where('acknowledged_at', 'is', null).execute();
    return actionOut({ ...r, state: r.type === 'ladder' ? 'acknowledged' : 'issued', acknowledged_at: ts }, await userNames(a.orgId, [r.agent_id, r.assignee_id]));
  });

  const sendDoc = async (reply: any, a: Actor, r: QualityActionTable, format: 'html' | 'docx') => {
    const e = r.evaluation_id ? await loadEvaluation(db(), a.orgId, r.evaluation_id) : undefined;
    const names = await userNames(a.orgId, [r.agent_id]);
    const org = (await db().selectFrom('organisations').select('name').where('id', '=', a.orgId).executeTakeFirst())?.name ?? '';
    const def = e ? definitionOf(await loadScorecard(db(), a.orgId, e.scorecard_id)) : null;
    const doc = actionDoc(r, e, names.get(r.agent_id) ?? '', org, def);
    if (format === 'docx') return reply.type(DOCX).header('content-disposition', `attachment; filename="${doc.number}.docx"`).send(await noticesDocx([doc]));
    return reply.type('text/html; charset=utf-8').send(noticeHtml(doc));
  };

  app.get('/api/quality/my/actions/:id/document', { config: access('quality.self', 'self'), schema: { tags, summary: '我的质检提醒单（HTML / DOCX）My notice as a document', params: z.object({ id: idStr }), querystring: z.object({ format: z.enum(['html', 'docx']).default('html') }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'quality.self');
    return sendDoc(reply, a, await myAction(a, req.params.id), req.query.format);
  });

  // ---------- consequences ----------

  const visibleAction = async (a: Actor, id: string) => {
    const r = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!r || !inScope(a, r.project_id)) throw notFound('what.quality_action');
    return r;
  };

  app.get(
    '/api/quality/actions',
    { config: access('quality.read', 'project'), schema: { tags, summary: '处理措施：阶梯处罚、整改通知、辅导任务 Consequences', querystring: z.object({ type: z.enum(ACTION_TYPES).optional(), state: z.enum(ACTION_STATES).optional(), agentId: idStr.optional(), assigneeId: idStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      const pf = projectFilter(a);
      let q = db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId);
      if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
      if (req.query.type) q = q.where('type', '=', req.query.type);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.agentId) q = q.where('agent_id', '=', req.query.agentId);
      if (req.query.assigneeId) q = q.where('assignee_id', '=', req.query.assigneeId);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.assignee_id]));
      return { items: rows.map((r) => actionOut(r, names)) };
    },
  );

  app.post(
    '/api/quality/actions',
    {
      config: access('quality.write', 'project'),
      schema: { tags, summary: '新建辅导任务或整改通知单 Create a coaching task or rectification notice', body: z.object({ type: z.enum(['coaching', 'rectification']), evaluationId: idStr, assigneeId: idStr, dueOn: dateStr, note: z.string().max(2000).nullish(), libraryIds: z.array(idStr).max(20).default([]) }) },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const b = req.body;
      const e = await visibleEvaluation(a, b.evaluationId);
      const assignee = await db().selectFrom('users').select(['id', 'role']).where('org_id', '=', a.orgId).where('id', '=', b.assigneeId).executeTakeFirst();
      if (!assignee || assignee.role === 'resident') throw notFound('what.user');
      const row: QualityActionTable = {
        id: newId(), org_id: a.orgId, type: b.type, agent_id: e.agent_id, project_id: e.project_id, evaluation_id: e.id, step: null, severity: e.severity, prior_count: null,
        state: 'issued', needs_approval: 0, doc_no: null, assignee_id: b.assigneeId, due_on: b.dueOn, note: b.note ?? null, library_ids_json: JSON.stringify(b.libraryIds),
        follow_up_evaluation_id: null, created_by: a.userId, created_at: nowIso(), decided_by: null, decided_at: null, acknowledged_at: null, done_at: null,
      };
      if (b.type === 'rectification') row.doc_no = `ZG${localDate(row.created_at).replace(/-/g, '')}${row.id.slice(-4).toUpperCase()}`;
      await db().insertInto('quality_actions').values(row).execute();
      reply.code(201);
      return actionOut(row, await userNames(a.orgId, [row.agent_id, row.assignee_id]));
    },
  );

  app.post(
    '/api/quality/actions/:id/decide',
    { config: access('quality.write', 'project'), schema: { tags, summary: '经理审批扣罚 / 辞退 A manager approves or rejects a step', params: z.object({ id: idStr }), body: z.object({ approve: z.boolean(), note: z.string().max(2000).nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.write');
      await visibleAction(a, req.params.id);
      const r = await decideAction(db(), a, req.params.id, req.body.approve, req.body.note ?? null);
      return actionOut(r, await userNames(a.orgId, [r.agent_id, r.assignee_id]));
    },
  );

  app.post(
    '/api/quality/actions/:id/complete',
    { config: access('quality.read', 'project'), schema: { tags, summary: '完成辅导 / 整改跟踪抽检 Complete coaching or record the follow-up inspection', params: z.object({ id: idStr }), body: z.object({ followUpEvaluationId: idStr.nullish(), note: z.string().max(2000).nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      const r = await visibleAction(a, req.params.id);
      if (r.type === 'ladder') throw badRequest('quality.not_completable');
      if (r.state === 'done' || r.state === 'cancelled') throw conflict('quality.bad_state', { state: r.state });
      // Coaching is the team lead's; a rectification's follow-up needs an inspector.
      const canWrite = a.role === 'qa' || a.role === 'manager' || a.role === 'admin';
      if (r.assignee_id !== a.userId && !canWrite) throw new AppError(403, 'quality.not_assignee');
      let state: 'done' | 'issued' = 'done';
      if (r.type === 'rectification') {
        if (!req.body.followUpEvaluationId) throw badRequest('quality.follow_up_needed');
        const f = await visibleEvaluation(a, req.body.followUpEvaluationId);
        if (f.agent_id !== r.agent_id || f.passed == null) throw badRequest('quality.follow_up_mismatch');
        // A failed follow-up keeps the notice open.
        state = f.passed === 1 ? 'done' : 'issued';
      }
      const ts = nowIso();
      await db().updateTable('quality_actions').set({ state, done_at: state === 'done' ? ts : null, follow_up_evaluation_id: req.body.followUpEvaluationId ?? r.follow_up_evaluation_id, note: req.body.note ?? r.note }).where('id', '=', r.id).execute();
      const next = { ...r, state, done_at: state === 'done' ? ts : null, follow_up_evaluation_id: req.body.followUpEvaluationId ?? r.follow_up_evaluation_id };
      return actionOut(next, await userNames(a.orgId, [r.agent_id, r.assignee_id]));
    },
  );

  app.get('/api/quality/actions/:id/document', { config: access('quality.read', 'project'), schema: { tags, summary: '质检提醒单 / 整改通知单（HTML 打印版或 DOCX）Notice document', params: z.object({ id: idStr }), querystring: z.object({ format: z.enum(['html', 'docx']).default('html') }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'quality.read');
    const r = await visibleAction(a, req.params.id);
    if (!r.doc_no) throw badRequest('quality.no_document');
    return sendDoc(reply, a, r, req.query.format);
  });

  // ---------- calibration ----------

  const calibrationSubjects = (json: string) => JSON.parse(json) as Array<CalibrationSubject & { projectId: string | null; summary: string | null }>;
  const visibleCalibration = async (a: Actor, id: string) => {
    const c = await db().selectFrom('quality_calibrations').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!c || !calibrationSubjects(c.subjects_json).every((s) => inScope(a, s.projectId))) throw notFound('what.quality_calibration');
    return c;
  };

  app.post(
    '/api/quality/calibrations',
    {
      config: access('quality.write', 'project'),
      schema: { tags, summary: '校准会（多名质检员盲评同一批记录）Create a calibration session', body: z.object({ name: z.string().trim().min(1).max(80), scorecardId: idStr, subjects: z.array(z.object({ kind: z.enum(SUBJECT_KINDS), id: subjectId, recordingUrl: z.string().url().max(1000).nullish() })).min(1).max(50), inspectorIds: z.array(idStr).min(2).max(30) }) },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const b = req.body;
      await loadScorecard(db(), a.orgId, b.scorecardId);
      const subjects = [];
      for (const s of b.subjects) {
        const sub = await loadSubject(db(), a.orgId, s.kind, s.id);
        assertProject(a)(sub.projectId);
        subjects.push({ kind: s.kind, id: s.id, recordingUrl: s.recordingUrl ?? null, projectId: sub.projectId, summary: sub.summary });
      }
      const ins = [...new Set(b.inspectorIds)];
      const users = await db().selectFrom('users').select(['id', 'role']).where('org_id', '=', a.orgId).where('id', 'in', ins).execute();
      if (ins.length < 2 || users.length !== ins.length || users.some((u) => !['qa', 'manager', 'admin', 'supervisor'].includes(u.role))) throw badRequest('quality.bad_inspectors');
      const row = { id: newId(), org_id: a.orgId, name: b.name, scorecard_id: b.scorecardId, subjects_json: JSON.stringify(subjects), inspectors_json: JSON.stringify(ins), state: 'open' as const, created_by: a.userId, created_at: nowIso(), revealed_at: null };
      await db().insertInto('quality_calibrations').values(row).execute();
      reply.code(201);
      return { id: row.id, name: row.name, state: row.state, subjects, inspectorIds: ins };
    },
  );

  app.get('/api/quality/calibrations', { config: access('quality.read', 'project'), schema: { tags, summary: '校准会列表 Calibration sessions' } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const rows = await db().selectFrom('quality_calibrations').selectAll().where('org_id', '=', a.orgId).orderBy('created_at', 'desc').limit(200).execute();
    return {
      items: rows
        .filter((c) => calibrationSubjects(c.subjects_json).every((s) => inScope(a, s.projectId)))
        .map((c): CalibrationSummaryView => ({ id: c.id, name: c.name, scorecardId: c.scorecard_id, state: c.state, subjects: calibrationSubjects(c.subjects_json).length, inspectorIds: JSON.parse(c.inspectors_json) as string[], createdAt: c.created_at, revealedAt: c.revealed_at })),
    };
  });

  app.get('/api/quality/calibrations/:id', { config: access('quality.read', 'project'), schema: { tags, summary: '校准会：揭晓前只见自己的评分，揭晓后见一致性 Session (blind until revealed)', params: z.object({ id: idStr }) } }, async (req): Promise<CalibrationView> => {
    const a = authorize(req.actor, 'quality.read');
    const c = await visibleCalibration(a, req.params.id);
    const subjects = calibrationSubjects(c.subjects_json);
    const inspectors = JSON.parse(c.inspectors_json) as string[];
    const scores = await db().selectFrom('quality_calibration_scores').selectAll().where('calibration_id', '=', c.id).execute();
    const names = await userNames(a.orgId, inspectors);
    const base = { id: c.id, name: c.name, scorecard: scorecardOut(await loadScorecard(db(), a.orgId, c.scorecard_id)), state: c.state, subjects, inspectors: inspectors.map((i) => ({ id: i, name: names.get(i) ?? null, scored: scores.filter((s) => s.inspector_id === i).length })), createdAt: c.created_at, revealedAt: c.revealed_at };
    const mine = scores.filter((s) => s.inspector_id === a.userId).map((s) => ({ subjectIndex: s.subject_index, answers: JSON.parse(s.answers_json) as Answers, score: s.score_centi / 100, passed: s.passed === 1 }));
    if (c.state !== 'revealed') return { ...base, myScores: mine, agreement: null };
    return { ...base, myScores: mine, scores: scores.map((s) => ({ subjectIndex: s.subject_index, inspectorId: s.inspector_id, answers: JSON.parse(s.answers_json) as Answers, score: s.score_centi / 100, passed: s.passed === 1 })), agreement: calibrationAgreement(base.scorecard.definition, subjects.length, inspectors, scores) };
  });

  app.post(
    '/api/quality/calibrations/:id/scores',
    { config: access('quality.write', 'project'), schema: { tags, summary: '校准评分（揭晓前可修改）Score one item of a session', params: z.object({ id: idStr }), body: z.object({ subjectIndex: z.number().int().min(0).max(49), answers: answersSchema }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.write');
      const c = await visibleCalibration(a, req.params.id);
      if (c.state !== 'open') throw conflict('quality.calibration_revealed');
      if (!(JSON.parse(c.inspectors_json) as string[]).includes(a.userId)) throw new AppError(403, 'quality.not_calibration_member');
      if (req.body.subjectIndex >= calibrationSubjects(c.subjects_json).length) throw badRequest('quality.bad_subject_index');
      const r = scoreOrThrow(definitionOf(await loadScorecard(db(), a.orgId, c.scorecard_id)), req.body.answers as Answers);
      const row = { calibration_id: c.id, subject_index: req.body.subjectIndex, inspector_id: a.userId, org_id: a.orgId, answers_json: JSON.stringify(req.body.answers), score_centi: toCenti(r.score), passed: r.passed ? 1 : 0, scored_at: nowIso() };
      await db().insertInto('quality_calibration_scores').values(row)
        .onConflict((oc) => oc.columns(['calibration_id', 'subject_index', 'inspector_id']).doUpdateSet({ answers_json: row.answers_json, score_centi: row.score_centi, passed: row.passed, scored_at: row.scored_at }))
        .execute();
      return { subjectIndex: row.subject_index, score: r.score, passed: r.passed };
    },
  );

  app.post('/api/quality/calibrations/:id/reveal', { config: access('quality.write', 'project'), schema: { tags, summary: '揭晓评分 Reveal everyone’s scores', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.write');
    const c = await visibleCalibration(a, req.params.id);
    if (c.state !== 'open') throw conflict('quality.calibration_revealed');
    const r = await db().updateTable('quality_calibrations').set({ state: 'revealed', revealed_at: nowIso() }).where('id', '=', c.id).where('state', '=', 'open').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('quality.calibration_revealed');
    const scores = await db().selectFrom('quality_calibration_scores').selectAll().where('calibration_id', '=', c.id).execute();
    const def = definitionOf(await loadScorecard(db(), a.orgId, c.scorecard_id));
    return { id: c.id, state: 'revealed', agreement: calibrationAgreement(def, calibrationSubjects(c.subjects_json).length, JSON.parse(c.inspectors_json), scores) };
  });

  // ---------- exemplary recordings ----------

  app.get(
    '/api/quality/library',
    {
      config: access(['quality.read', 'quality.self'], 'project'),
      schema: { tags, summary: '优秀 / 反面录音库（坐席也可浏览）Exemplary recordings', querystring: z.object({ kind: z.enum(['good', 'bad']).optional(), topic: z.string().max(40).optional(), tag: z.string().max(20).optional(), q: z.string().max(40).optional() }) },
    },
    async (req) => {
      // Agents browse the library to learn from it (quality.self); inspectors curate it.
      const a = authorize(req.actor, hasPermission(req.actor!, 'quality.read') ? 'quality.read' : 'quality.self');
      const pf = projectFilter(a);
      let q = db().selectFrom('quality_library').selectAll().where('org_id', '=', a.orgId);
      if (pf) q = q.where((eb) => eb.or([eb('project_id', 'is', null), ...(pf.length ? [eb('project_id', 'in', [...pf])] : [])]));
      if (req.query.kind) q = q.where('kind', '=', req.query.kind);
      if (req.query.topic) q = q.where('topic', '=', req.query.topic);
      // Tags are a JSON array of strings: match the quoted element, the same on both databases.
      if (req.query.tag) q = q.where('tags_json', 'like', `%${JSON.stringify(req.query.tag).replace(/[%_]/g, '')}%`);
      if (req.query.q) {
        const like = `%${req.query.q.replace(/[%_]/g, '')}%`;
        q = q.where((eb) => eb.or([eb('title', 'like', like), eb('note', 'like', like), eb('topic', 'like', like)]));
      }
      const rows = await q.orderBy('topic').orderBy('created_at', 'desc').limit(500).execute();
      const links = rows.length ? await db().selectFrom('quality_library_articles').select(['library_id']).where('org_id', '=', a.orgId).where('library_id', 'in', rows.map((r) => r.id)).execute() : [];
      return { items: rows.map((r) => ({ ...libraryOut(r), articleCount: links.filter((l) => l.library_id === r.id).length })) };
    },
  );

  app.post(
    '/api/quality/library',
    {
      config: access('quality.write', 'project'),
      schema: {
        tags,
        summary: '标记优秀 / 反面录音 Add to the library',
        body: z.object({ kind: z.enum(['good', 'bad']), topic: z.string().trim().min(1).max(40), title: z.string().trim().min(1).max(120), note: z.string().max(2000).nullish(), tags: z.array(z.string().trim().min(1).max(20)).max(10).default([]), evaluationId: idStr.nullish(), recordingUrl: z.string().url().max(1000).nullish(), transcript: z.string().max(50_000).nullish() }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const b = req.body;
      const e = b.evaluationId ? await visibleEvaluation(a, b.evaluationId) : null;
      // A recording is marked once it has been scored: the mark rests on the evaluation.
      if (e && e.scored_at == null) throw conflict('quality.bad_state', { state: e.state });
      const row = {
        id: newId(), org_id: a.orgId, project_id: e?.project_id ?? null, evaluation_id: e?.id ?? null, kind: b.kind, topic: b.topic, title: b.title, note: b.note ?? null,
        recording_url: b.recordingUrl ?? e?.recording_url ?? null, transcript: b.transcript ?? e?.transcript ?? null, tags_json: JSON.stringify([...new Set(b.tags)]), attachment_id: e?.attachment_id ?? null,
        created_by: a.userId, created_at: nowIso(),
      };
      await db().insertInto('quality_library').values(row).execute();
      reply.code(201);
      return libraryOut(row);
    },
  );

  app.delete('/api/quality/library/:id', { config: access('quality.write', 'project'), schema: { tags, summary: '移出录音库 Remove from the library', params: z.object({ id: idStr }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'quality.write');
    const r = await db().selectFrom('quality_library').select(['id', 'project_id']).where('org_id', '=', a.orgId).where('id', '=', req.params.id).executeTakeFirst();
    if (!r || (r.project_id && !inScope(a, r.project_id))) throw notFound('what.quality_library');
    await db().deleteFrom('quality_library').where('id', '=', r.id).execute();
    reply.code(204);
  });

  // ---------- figures ----------

  app.get(
    '/api/quality/figures',
    { config: access('quality.read', 'project'), schema: { tags, summary: '质检指标（分子 / 分母）QA figures with numerators and denominators', querystring: z.object({ from: dateStr, to: dateStr, projectId: idStr.optional(), agentId: idStr.optional(), inspectorId: idStr.optional() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      if (req.query.to < req.query.from) throw badRequest('quality.bad_period');
      return qualityFigures(db(), a, req.query, projectsOf(a, req.query.projectId));
    },
  );
}
