/**
 * 质检 follow-through over HTTP: coaching tasks (辅导), the manager's four-eyes approval of fines
 * and dismissal, teams (for rotation and targeted plans) and the recording library's links to
 * knowledge articles. Registered next to qualityRoutes (register.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dateStr } from '../../core/dates';
import { AppError, badRequest, conflict, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import { access } from '../auth/access';
import { authorize, hasPermission, projectFilter, type Actor } from '../auth/permissions';
import { canRead, viewerOf } from '../knowledge/queries';
import { allItems, type SubjectKind } from './core';
import { actionOut } from './routes';
import type { QualityActionTable, QualityLibraryTable } from './schema';
import { actionAudit, definitionOf, fromCenti, loadEvaluation, loadScorecard, notifyAction } from './service';

const idStr = z.string().min(1).max(40);
const tag = z.string().trim().min(1).max(20);

export interface CoachingItem {
  key: string;
  label: string;
}

// ---------- the JSON these routes answer (the web client imports these types, type-only) ----------

export interface TrailEntry {
  at: string;
  actorId: string;
  actorName: string | null;
  event: string;
  fineFen: number | null;
  note: string | null;
}
export type LibraryView = ReturnType<typeof libraryOut>;
/** A knowledge article linked to a library item, as far as the caller may read it. */
export interface LinkedArticle {
  id: string;
  key: string;
  title: string;
  type: string;
}
export type CoachingView = ReturnType<typeof coachingOut>;
export interface CoachingDetailView extends CoachingView {
  createdByName: string | null;
  evaluation: { id: string; score: number | null; passed: boolean | null; scoredAt: string | null; subject: { kind: SubjectKind; id: string; occurredAt: string | null } } | null;
  followUp: { id: string; score: number | null; passed: boolean | null; scoredAt: string | null } | null;
  library: LibraryView[];
  trail: TrailEntry[];
}
export interface ApprovalView extends ReturnType<typeof actionOut> {
  createdBy: string;
  createdByName: string | null;
  proposedBy: string | null;
  proposedByName: string | null;
  decidedByName: string | null;
  score: number | null;
  /** Four eyes: false for the proposer and the creator. */
  canDecide: boolean;
}
/** 班组: agents under a leader, optionally tied to a project. */
export interface TeamView {
  id: string;
  name: string;
  projectId: string | null;
  leadId: string | null;
  leadName: string | null;
  members: { id: string; name: string | null }[];
}

export function coachingOut(r: QualityActionTable, names: Map<string, string>) {
  return {
    ...actionOut(r, names), coachId: r.assignee_id, coachName: r.assignee_id ? names.get(r.assignee_id) ?? null : null, goal: r.goal ?? null,
    items: r.items_json ? (JSON.parse(r.items_json) as CoachingItem[]) : [], sourceActionId: r.source_action_id ?? null, agentNote: r.agent_note ?? null, closeNote: r.close_note ?? null,
  };
}

export function libraryOut(r: QualityLibraryTable) {
  return {
    id: r.id, kind: r.kind, topic: r.topic, title: r.title, note: r.note, tags: r.tags_json ? (JSON.parse(r.tags_json) as string[]) : [], recordingUrl: r.recording_url,
    attachmentId: r.attachment_id ?? null, transcript: r.transcript, evaluationId: r.evaluation_id, projectId: r.project_id, createdAt: r.created_at,
  };
}

export async function coachingRoutes(appBase: FastifyInstance) {
  const app = appBase.withTypeProvider<ZodTypeProvider>();
  const db = () => app.ctx.store.db;
  const tags = ['quality'];

  const userNames = async (orgId: string, ids: Array<string | null | undefined>) => {
    const want = [...new Set(ids.filter((x): x is string => !!x))];
    if (!want.length) return new Map<string, string>();
    const rows = await db().selectFrom('users').select(['id', 'display_name']).where('org_id', '=', orgId).where('id', 'in', want).execute();
    return new Map(rows.map((u) => [u.id, u.display_name]));
  };
  const inScope = (a: Actor, projectId: string | null) => a.projectIds === 'all' || (!!projectId && a.projectIds.includes(projectId));
  /** Writers (QA, manager, admin) and supervisors (team leads) run coaching. */
  const mayCoach = (a: Actor) => hasPermission(a, 'quality.write') || a.role === 'supervisor';
  const loadAction = async (a: Actor, id: string) => {
    const r = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!r || !inScope(a, r.project_id)) throw notFound('what.quality_action');
    return r;
  };
  const trail = async (actionId: string) => {
    const rows = await db().selectFrom('quality_action_audit').selectAll().where('action_id', '=', actionId).orderBy('at').orderBy('id').execute();
    return rows;
  };
  const trailOut = async (orgId: string, actionId: string): Promise<TrailEntry[]> => {
    const rows = await trail(actionId);
    const names = await userNames(orgId, rows.map((r) => r.actor_id));
    return rows.map((r) => ({ at: r.at, actorId: r.actor_id, actorName: names.get(r.actor_id) ?? null, event: r.event, fineFen: r.fine_fen, note: r.note }));
  };
  const libraryItems = async (orgId: string, ids: string[]) =>
    ids.length ? (await db().selectFrom('quality_library').selectAll().where('org_id', '=', orgId).where('id', 'in', ids).execute()).map(libraryOut) : [];

  // ---------- coaching ----------

  app.post(
    '/api/quality/coaching',
    {
      config: access('quality.read', 'project'),
      schema: {
        tags,
        summary: '新建辅导任务（来自质检记录或提醒单）Create a coaching task from an evaluation or a notice',
        body: z.object({
          evaluationId: idStr.nullish(), sourceActionId: idStr.nullish(), coachId: idStr.nullish(), dueOn: dateStr, goal: z.string().trim().min(1).max(500),
          itemKeys: z.array(z.string().max(40)).max(60).optional(), libraryIds: z.array(idStr).max(20).default([]), note: z.string().max(2000).nullish(),
        }),
      },
    },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.read');
      if (!mayCoach(a)) throw new AppError(403, 'auth.forbidden');
      const b = req.body;
      const source = b.sourceActionId ? await loadAction(a, b.sourceActionId) : null;
      if (source && source.type === 'coaching') throw badRequest('quality.coaching_source_needed');
      const evaluationId = b.evaluationId ?? source?.evaluation_id ?? null;
      if (!evaluationId) throw badRequest('quality.coaching_source_needed');
      const e = await loadEvaluation(db(), a.orgId, evaluationId);
      if (!inScope(a, e.project_id)) throw notFound('what.quality_evaluation');
      if (source && source.agent_id !== e.agent_id) throw badRequest('quality.coaching_source_needed');
      // The coach: named, else the leader of the agent's team.
      let coachId = b.coachId ?? null;
      if (!coachId) {
        const m = await db().selectFrom('quality_team_members as m').innerJoin('quality_teams as t', 't.id', 'm.team_id').select('t.lead_id').where('m.org_id', '=', a.orgId).where('m.user_id', '=', e.agent_id).executeTakeFirst();
        coachId = m?.lead_id ?? null;
      }
      if (!coachId) throw badRequest('quality.coach_needed');
      const coach = await db().selectFrom('users').select(['id', 'role']).where('org_id', '=', a.orgId).where('id', '=', coachId).executeTakeFirst();
      if (!coach || coach.role === 'resident') throw notFound('what.user');
      if (coachId === e.agent_id) throw badRequest('quality.coach_needed');
      // Items to work on: the named ones, else those the evaluation lost points on.
      const def = definitionOf(await loadScorecard(db(), a.orgId, e.scorecard_id));
      const labels = new Map(allItems(def).map((i) => [i.key, i.label]));
      const failed = e.result_json ? (JSON.parse(e.result_json) as { items: Array<{ key: string; fraction: number | null }> }).items.filter((i) => i.fraction !== null && i.fraction < 1).map((i) => i.key) : [];
      const keys = b.itemKeys ?? failed;
      for (const k of keys) if (!labels.has(k)) throw badRequest('quality.unknown_item', { item: k });
      const lib = await libraryItems(a.orgId, b.libraryIds);
      if (lib.length !== new Set(b.libraryIds).size) throw notFound('what.quality_library');
      const row: QualityActionTable = {
        id: newId(), org_id: a.orgId, type: 'coaching', agent_id: e.agent_id, project_id: e.project_id, evaluation_id: e.id, step: null, severity: e.severity, prior_count: null,
        state: 'issued', needs_approval: 0, doc_no: null, assignee_id: coachId, due_on: b.dueOn, note: b.note ?? null, library_ids_json: JSON.stringify(b.libraryIds),
        follow_up_evaluation_id: null, created_by: a.userId, created_at: nowIso(), decided_by: null, decided_at: null, acknowledged_at: null, done_at: null,
        goal: b.goal, items_json: JSON.stringify(keys.map((k) => ({ key: k, label: labels.get(k)! }))), source_action_id: source?.id ?? null, agent_note: null, close_note: null, fine_fen: null, proposed_by: null,
      };
      await db().transaction().execute(async (trx) => {
        await trx.insertInto('quality_actions').values(row).execute();
        await actionAudit(trx, a.orgId, row.id, a.userId, 'create', null, b.goal);
        await notifyAction(trx, a.orgId, row.id, e.agent_id, 'coaching');
      });
      reply.code(201);
      return coachingOut(row, await userNames(a.orgId, [row.agent_id, row.assignee_id]));
    },
  );

  app.get(
    '/api/quality/coaching',
    { config: access('quality.read', 'project'), schema: { tags, summary: '辅导任务 Coaching tasks', querystring: z.object({ state: z.enum(['issued', 'acknowledged', 'done', 'cancelled']).optional(), coachId: idStr.optional(), agentId: idStr.optional(), mine: z.enum(['0', '1']).default('0') }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      const pf = projectFilter(a);
      let q = db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('type', '=', 'coaching');
      if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
      if (req.query.state) q = q.where('state', '=', req.query.state);
      if (req.query.agentId) q = q.where('agent_id', '=', req.query.agentId);
      const coach = req.query.mine === '1' ? a.userId : req.query.coachId;
      if (coach) q = q.where('assignee_id', '=', coach);
      const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(500).execute();
      const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.assignee_id]));
      return { items: rows.map((r) => coachingOut(r, names)) };
    },
  );

  const coachingDetail = async (a: Actor, r: QualityActionTable): Promise<CoachingDetailView> => {
    const names = await userNames(a.orgId, [r.agent_id, r.assignee_id, r.created_by]);
    const e = r.evaluation_id ? await loadEvaluation(db(), a.orgId, r.evaluation_id) : null;
    const f = r.follow_up_evaluation_id ? await loadEvaluation(db(), a.orgId, r.follow_up_evaluation_id).catch(() => null) : null;
    return {
      ...coachingOut(r, names), createdByName: names.get(r.created_by) ?? null,
      evaluation: e ? { id: e.id, score: fromCenti(e.score_centi), passed: e.passed == null ? null : e.passed === 1, scoredAt: e.scored_at, subject: { kind: e.subject_kind as SubjectKind, id: e.subject_id, occurredAt: e.occurred_at } } : null,
      followUp: f ? { id: f.id, score: fromCenti(f.score_centi), passed: f.passed == null ? null : f.passed === 1, scoredAt: f.scored_at } : null,
      library: await libraryItems(a.orgId, r.library_ids_json ? (JSON.parse(r.library_ids_json) as string[]) : []),
      trail: await trailOut(a.orgId, r.id),
    };
  };

  app.get('/api/quality/coaching/:id', { config: access('quality.read', 'project'), schema: { tags, summary: '辅导任务详情 A coaching task', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const r = await loadAction(a, req.params.id);
    if (r.type !== 'coaching') throw notFound('what.quality_action');
    return coachingDetail(a, r);
  });

  app.post(
    '/api/quality/coaching/:id/close',
    { config: access('quality.read', 'project'), schema: { tags, summary: '辅导完成（辅导人填写小结）Close a coaching task with a note', params: z.object({ id: idStr }), body: z.object({ note: z.string().trim().min(2).max(2000), followUpEvaluationId: idStr.nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.read');
      const r = await loadAction(a, req.params.id);
      if (r.type !== 'coaching') throw notFound('what.quality_action');
      if (r.assignee_id !== a.userId && !hasPermission(a, 'quality.write')) throw new AppError(403, 'quality.not_assignee');
      // The agent acknowledges first: coaching is closed on something both sides have seen.
      if (r.state !== 'acknowledged') throw conflict('quality.bad_state', { state: r.state });
      let followUp = r.follow_up_evaluation_id ?? null;
      if (req.body.followUpEvaluationId) {
        const f = await loadEvaluation(db(), a.orgId, req.body.followUpEvaluationId);
        if (!inScope(a, f.project_id) || f.agent_id !== r.agent_id || f.id === r.evaluation_id) throw badRequest('quality.follow_up_mismatch');
        followUp = f.id;
      }
      const ts = nowIso();
      const u = await db().updateTable('quality_actions').set({ state: 'done', done_at: ts, close_note: req.body.note, follow_up_evaluation_id: followUp }).where('id', '=', r.id).where('state', '=', 'acknowledged').executeTakeFirst();
      if (Number(u.numUpdatedRows) !== 1) throw conflict('quality.bad_state', { state: 'done' });
      await actionAudit(db(), a.orgId, r.id, a.userId, 'close', null, req.body.note);
      return coachingDetail(a, { ...r, state: 'done', done_at: ts, close_note: req.body.note, follow_up_evaluation_id: followUp });
    },
  );

  // ---------- the agent's coaching ----------

  const myCoaching = async (a: Actor, id: string) => {
    const r = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!r || r.agent_id !== a.userId || r.type !== 'coaching' || r.state === 'cancelled') throw notFound('what.quality_action');
    return r;
  };

  app.get('/api/quality/my/coaching', { config: access('quality.self', 'self'), schema: { tags, summary: '我的辅导 My coaching tasks' } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    const rows = await db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('agent_id', '=', a.userId).where('type', '=', 'coaching').where('state', 'in', ['issued', 'acknowledged', 'done'])
      .orderBy('created_at', 'desc').limit(200).execute();
    const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.assignee_id]));
    return { items: rows.map((r) => coachingOut(r, names)) };
  });

  app.get('/api/quality/my/coaching/:id', { config: access('quality.self', 'self'), schema: { tags, summary: '我的辅导详情 One of my coaching tasks', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.self');
    return coachingDetail(a, await myCoaching(a, req.params.id));
  });

  app.post(
    '/api/quality/my/coaching/:id/acknowledge',
    { config: access('quality.self', 'self'), schema: { tags, summary: '确认辅导 Acknowledge a coaching task', params: z.object({ id: idStr }), body: z.object({ note: z.string().max(2000).nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.self');
      const r = await myCoaching(a, req.params.id);
      if (r.state !== 'issued') throw conflict('quality.bad_state', { state: r.state });
      const ts = nowIso();
      await db().updateTable('quality_actions').set({ state: 'acknowledged', acknowledged_at: ts, agent_note: req.body.note ?? null }).where('id', '=', r.id).where('state', '=', 'issued').execute();
      await actionAudit(db(), a.orgId, r.id, a.userId, 'acknowledge', null, req.body.note ?? null);
      return coachingDetail(a, { ...r, state: 'acknowledged', acknowledged_at: ts, agent_note: req.body.note ?? null });
    },
  );

  // ---------- manager's approval of fines and dismissal ----------

  app.get('/api/quality/approvals', { config: access('quality.read', 'project'), schema: { tags, summary: '待审批的经济扣罚 / 辞退 Steps awaiting a manager', querystring: z.object({ state: z.enum(['pending_approval', 'decided']).default('pending_approval') }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const pf = projectFilter(a);
    let q = db().selectFrom('quality_actions').selectAll().where('org_id', '=', a.orgId).where('type', '=', 'ladder').where('needs_approval', '=', 1);
    if (pf) q = q.where('project_id', 'in', pf.length ? [...pf] : ['']);
    q = req.query.state === 'pending_approval' ? q.where('state', '=', 'pending_approval') : q.where('decided_at', 'is not', null);
    const rows = await q.orderBy('created_at', 'desc').limit(300).execute();
    const names = await userNames(a.orgId, rows.flatMap((r) => [r.agent_id, r.created_by, r.proposed_by, r.decided_by]));
    const evals = rows.length ? await db().selectFrom('quality_evaluations').select(['id', 'score_centi', 'scored_at']).where('id', 'in', rows.map((r) => r.evaluation_id ?? '')).execute() : [];
    const evalOf = new Map(evals.map((e) => [e.id, e]));
    const mayDecide = a.role === 'manager' || a.role === 'admin';
    return {
      items: rows.map((r): ApprovalView => ({
        ...actionOut(r, names), fineFen: r.fine_fen ?? null, createdBy: r.created_by, createdByName: names.get(r.created_by) ?? null, proposedBy: r.proposed_by ?? null, proposedByName: r.proposed_by ? names.get(r.proposed_by) ?? null : null,
        decidedByName: r.decided_by ? names.get(r.decided_by) ?? null : null, score: fromCenti(evalOf.get(r.evaluation_id ?? '')?.score_centi ?? null),
        // Four eyes, shown before the click: the proposer sees the row but cannot decide it.
        canDecide: mayDecide && r.state === 'pending_approval' && r.created_by !== a.userId && r.proposed_by !== a.userId,
      })),
    };
  });

  app.post(
    '/api/quality/actions/:id/propose',
    { config: access('quality.write', 'project'), schema: { tags, summary: '提出扣罚金额（分）Propose the fine', params: z.object({ id: idStr }), body: z.object({ fineFen: z.number().int().min(1).max(100_000_000), note: z.string().max(2000).nullish() }) } },
    async (req) => {
      const a = authorize(req.actor, 'quality.write');
      const r = await loadAction(a, req.params.id);
      if (r.state !== 'pending_approval') throw conflict('quality.bad_state', { state: r.state });
      if (r.step !== 'fine') throw badRequest('quality.not_a_fine');
      await db().updateTable('quality_actions').set({ fine_fen: req.body.fineFen, proposed_by: a.userId }).where('id', '=', r.id).where('state', '=', 'pending_approval').execute();
      await actionAudit(db(), a.orgId, r.id, a.userId, 'propose', req.body.fineFen, req.body.note ?? null);
      return { ...actionOut({ ...r, fine_fen: req.body.fineFen, proposed_by: a.userId }, await userNames(a.orgId, [r.agent_id])), fineFen: req.body.fineFen, proposedBy: a.userId };
    },
  );

  app.get('/api/quality/actions/:id/trail', { config: access('quality.read', 'project'), schema: { tags, summary: '处理措施的审计轨迹 A consequence’s audit trail', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    const r = await loadAction(a, req.params.id);
    return { items: await trailOut(a.orgId, r.id) };
  });

  // ---------- teams ----------

  const teamBody = z.object({ name: z.string().trim().min(1).max(40), projectId: idStr.nullish(), leadId: idStr.nullish(), memberIds: z.array(idStr).max(500).default([]) });
  const teamsOut = async (a: Actor, ids?: string[]): Promise<TeamView[]> => {
    let q = db().selectFrom('quality_teams').selectAll().where('org_id', '=', a.orgId);
    if (ids) q = q.where('id', 'in', ids.length ? ids : ['']);
    const teams = (await q.orderBy('name').execute()).filter((t) => a.projectIds === 'all' || !t.project_id || inScope(a, t.project_id));
    const members = teams.length ? await db().selectFrom('quality_team_members').select(['user_id', 'team_id']).where('org_id', '=', a.orgId).where('team_id', 'in', teams.map((t) => t.id)).execute() : [];
    const names = await userNames(a.orgId, [...members.map((m) => m.user_id), ...teams.map((t) => t.lead_id)]);
    return teams.map((t) => ({
      id: t.id, name: t.name, projectId: t.project_id, leadId: t.lead_id, leadName: t.lead_id ? names.get(t.lead_id) ?? null : null,
      members: members.filter((m) => m.team_id === t.id).map((m) => ({ id: m.user_id, name: names.get(m.user_id) ?? null })),
    }));
  };
  const saveTeam = async (a: Actor, id: string, b: z.infer<typeof teamBody>, isNew: boolean) => {
    if (b.projectId && !inScope(a, b.projectId)) throw new AppError(403, 'auth.out_of_scope');
    const people = [...new Set([...b.memberIds, ...(b.leadId ? [b.leadId] : [])])];
    const users = people.length ? await db().selectFrom('users').select(['id', 'role']).where('org_id', '=', a.orgId).where('id', 'in', people).execute() : [];
    if (users.length !== people.length || users.some((u) => u.role === 'resident')) throw notFound('what.user');
    const dup = await db().selectFrom('quality_teams').select('id').where('org_id', '=', a.orgId).where('name', '=', b.name).where('id', '!=', id).executeTakeFirst();
    if (dup) throw conflict('quality.team_name_taken');
    await db().transaction().execute(async (trx) => {
      if (isNew) await trx.insertInto('quality_teams').values({ id, org_id: a.orgId, name: b.name, project_id: b.projectId ?? null, lead_id: b.leadId ?? null, created_at: nowIso() }).execute();
      else await trx.updateTable('quality_teams').set({ name: b.name, project_id: b.projectId ?? null, lead_id: b.leadId ?? null }).where('id', '=', id).execute();
      // An agent is in one team: joining this one moves them out of any other.
      await trx.deleteFrom('quality_team_members').where('org_id', '=', a.orgId).where((eb) => eb.or([eb('team_id', '=', id), ...(b.memberIds.length ? [eb('user_id', 'in', [...new Set(b.memberIds)])] : [])])).execute();
      const rows = [...new Set(b.memberIds)].map((u) => ({ org_id: a.orgId, user_id: u, team_id: id }));
      if (rows.length) await trx.insertInto('quality_team_members').values(rows).execute();
    });
    return (await teamsOut(a, [id]))[0];
  };

  app.get('/api/quality/teams', { config: access('quality.read', 'project'), schema: { tags, summary: '坐席班组 Agent teams' } }, async (req) => {
    const a = authorize(req.actor, 'quality.read');
    return { items: await teamsOut(a) };
  });

  app.post('/api/quality/teams', { config: access('quality.write', 'project'), schema: { tags, summary: '新建班组 Create a team', body: teamBody } }, async (req, reply) => {
    const a = authorize(req.actor, 'quality.write');
    reply.code(201);
    return saveTeam(a, newId(), req.body, true);
  });

  app.put('/api/quality/teams/:id', { config: access('quality.write', 'project'), schema: { tags, summary: '修改班组及成员 Update a team and its members', params: z.object({ id: idStr }), body: teamBody } }, async (req) => {
    const a = authorize(req.actor, 'quality.write');
    const t = (await teamsOut(a, [req.params.id]))[0];
    if (!t) throw notFound('what.quality_team');
    return saveTeam(a, t.id, req.body, false);
  });

  // ---------- recording library ↔ knowledge articles ----------

  const visibleLibrary = async (a: Actor, id: string) => {
    const r = await db().selectFrom('quality_library').selectAll().where('org_id', '=', a.orgId).where('id', '=', id).executeTakeFirst();
    if (!r || (r.project_id && !inScope(a, r.project_id))) throw notFound('what.quality_library');
    return r;
  };
  /** Linked articles the caller may read (published, in their projects); none without knowledge.read. */
  const articlesOf = async (a: Actor, libraryId: string): Promise<LinkedArticle[]> => {
    if (!hasPermission(a, 'knowledge.read')) return [];
    const ids = (await db().selectFrom('quality_library_articles').select('article_id').where('library_id', '=', libraryId).execute()).map((r) => r.article_id);
    if (!ids.length) return [];
    const v = await viewerOf(db(), a);
    const now = nowIso();
    const rows = await db().selectFrom('knowledge_articles').selectAll().where('org_id', '=', a.orgId).where('id', 'in', ids).execute();
    return rows.filter((r) => canRead(v, r, now)).map((r) => ({ id: r.id, key: r.key, title: r.title, type: r.type }));
  };

  app.get('/api/quality/library/:id', { config: access(['quality.read', 'quality.self'], 'project'), schema: { tags, summary: '录音库条目（含关联知识文章）A library item with its articles', params: z.object({ id: idStr }) } }, async (req) => {
    const a = authorize(req.actor, hasPermission(req.actor!, 'quality.read') ? 'quality.read' : 'quality.self');
    const r = await visibleLibrary(a, req.params.id);
    return { ...libraryOut(r), articles: await articlesOf(a, r.id) };
  });

  app.post(
    '/api/quality/library/:id/articles',
    { config: access('quality.write', 'project'), schema: { tags, summary: '关联知识文章 Link a knowledge article', params: z.object({ id: idStr }), body: z.object({ articleId: idStr }) } },
    async (req, reply) => {
      const a = authorize(req.actor, 'quality.write');
      const r = await visibleLibrary(a, req.params.id);
      const art = await db().selectFrom('knowledge_articles').select('id').where('org_id', '=', a.orgId).where('id', '=', req.body.articleId).executeTakeFirst();
      if (!art) throw notFound('what.knowledge_article');
      await db().insertInto('quality_library_articles').values({ library_id: r.id, article_id: art.id, org_id: a.orgId, created_by: a.userId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['library_id', 'article_id']).doNothing()).execute();
      reply.code(201);
      return { ...libraryOut(r), articles: await articlesOf(a, r.id) };
    },
  );

  app.delete('/api/quality/library/:id/articles/:articleId', { config: access('quality.write', 'project'), schema: { tags, summary: '取消关联 Unlink an article', params: z.object({ id: idStr, articleId: idStr }) } }, async (req, reply) => {
    const a = authorize(req.actor, 'quality.write');
    const r = await visibleLibrary(a, req.params.id);
    await db().deleteFrom('quality_library_articles').where('library_id', '=', r.id).where('article_id', '=', req.params.articleId).execute();
    reply.code(204);
  });

  app.get(
    '/api/quality/library/by-article/:articleId',
    { config: access('knowledge.read', 'project'), schema: { tags, summary: '文章的相关录音 Recordings linked to an article', params: z.object({ articleId: idStr }) } },
    async (req) => {
      const a = authorize(req.actor, 'knowledge.read');
      // Recordings are for staff who coach or are coached; other readers of the article see none.
      if (!hasPermission(a, 'quality.read') && !hasPermission(a, 'quality.self')) return { items: [] };
      const rows = await db().selectFrom('quality_library as l').innerJoin('quality_library_articles as x', 'x.library_id', 'l.id').selectAll('l')
        .where('x.org_id', '=', a.orgId).where('x.article_id', '=', req.params.articleId).orderBy('l.created_at', 'desc').execute();
      return { items: rows.filter((r) => !r.project_id || inScope(a, r.project_id)).map(libraryOut) };
    },
  );
}
