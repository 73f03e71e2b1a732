/**
 * 质检 operations, each in one transaction: scorecards (a new version per change), evaluations
 * and their workflow (score → notify → acknowledge | dispute → review → closed, every change in
 * quality_audit), consequences from the penalty ladder, calibration sessions.
 */
import type { Kysely, Transaction } from 'kysely';
import { AppError, badRequest, conflict, notFound } from '../../core/errors';
import { newId, nowIso } from '../../db/ids';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/permissions';
import { localDate } from '../inspections/core';
import { enqueue } from '../notifications/outbox';
import {
  cohenKappa, computeScore, findingSeverity, fleissKappa, inspectorStrictness, LADDER_STEPS, LADDER_WINDOW_DAYS, nextLadderStep, percentAgreement, allItems,
  type Answers, type LadderStep, type ScorecardDef, type ScoreResult, type SubjectKind,
} from './core';
import type { QualityEvaluationTable, QualityScorecardTable, ReviewOutcome } from './schema';

type Db = Kysely<DB> | Transaction<DB>;
const DAY = 86_400_000;
export const toCenti = (score: number) => Math.round(score * 100);
export const fromCenti = (c: number | null) => (c == null ? null : c / 100);

// ---------- scorecards ----------

export function definitionOf(row: Pick<QualityScorecardTable, 'definition_json'>): ScorecardDef {
  return JSON.parse(row.definition_json) as ScorecardDef;
}

export async function loadScorecard(db: Db, orgId: string, id: string) {
  const row = await db.selectFrom('quality_scorecards').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('what.quality_scorecard');
  return row;
}

/** The first version of a scorecard, or a new version of the one with `key` (the new one becomes current). */
export async function saveScorecard(db: Kysely<DB>, actor: Actor, input: { key: string; name: string; description?: string | null; definition: ScorecardDef }): Promise<QualityScorecardTable> {
  return db.transaction().execute(async (trx) => {
    const last = await trx.selectFrom('quality_scorecards').select(['version']).where('org_id', '=', actor.orgId).where('key', '=', input.key).orderBy('version', 'desc').executeTakeFirst();
    await trx.updateTable('quality_scorecards').set({ current: 0 }).where('org_id', '=', actor.orgId).where('key', '=', input.key).execute();
    const row: QualityScorecardTable = {
      id: newId(), org_id: actor.orgId, key: input.key, version: (last?.version ?? 0) + 1, name: input.name, description: input.description ?? null,
      definition_json: JSON.stringify(input.definition), current: 1, created_by: actor.userId, created_at: nowIso(),
    };
    await trx.insertInto('quality_scorecards').values(row).execute();
    return row;
  });
}

/** Score answers or refuse with every problem listed (400, details = the problems). */
export function scoreOrThrow(def: ScorecardDef, answers: Answers): ScoreResult {
  const r = computeScore(def, answers);
  if (!r.ok) throw badRequest(r.problems[0].code, { item: r.problems[0].item }, { problems: r.problems });
  return r.result;
}

// ---------- subjects ----------

export interface Subject {
  kind: SubjectKind;
  id: string;
  projectId: string | null;
  /** The staff member whose work it is (null for a call whose agent name matches no user). */
  agentId: string | null;
  occurredAt: string;
  summary: string | null;
}

/** Users by username and display name, for matching the agent names in imported call history. */
export async function agentNameMap(db: Db, orgId: string): Promise<Map<string, string>> {
  const users = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('org_id', '=', orgId).where('role', '!=', 'resident').execute();
  const m = new Map<string, string>();
  for (const u of users) m.set(u.display_name, u.id);
  for (const u of users) m.set(u.username, u.id);
  return m;
}

/** What an evaluation or calibration is about: a contact, an order, or a call (`queueId:callKey`). */
export async function loadSubject(db: Db, orgId: string, kind: SubjectKind, id: string): Promise<Subject> {
  if (kind === 'contact') {
    const c = await db.selectFrom('contacts').select(['id', 'project_id', 'owner_id', 'occurred_at', 'summary']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('what.contact');
    return { kind, id, projectId: c.project_id, agentId: c.owner_id, occurredAt: c.occurred_at, summary: c.summary };
  }
  if (kind === 'order') {
    const o = await db.selectFrom('work_orders').select(['id', 'project_id', 'owner_id', 'created_at', 'number', 'title']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
    if (!o) throw notFound('what.order');
    return { kind, id, projectId: o.project_id, agentId: o.owner_id, occurredAt: o.created_at, summary: `${o.number} ${o.title}` };
  }
  const sep = id.indexOf(':');
  const queueId = id.slice(0, sep);
  const callKey = id.slice(sep + 1);
  const c = sep > 0
    ? await db.selectFrom('wfm_calls as c').innerJoin('wfm_queues as q', 'q.id', 'c.queue_id').select(['c.arrival_at', 'c.agent', 'c.talk_s', 'q.project_id', 'q.name']).where('c.org_id', '=', orgId).where('c.queue_id', '=', queueId).where('c.call_key', '=', callKey).executeTakeFirst()
    : undefined;
  if (!c) throw notFound('what.quality_call');
  const names = await agentNameMap(db, orgId);
  return { kind, id, projectId: c.project_id, agentId: c.agent ? names.get(c.agent) ?? null : null, occurredAt: c.arrival_at, summary: `${c.name} ${c.agent ?? ''} ${c.talk_s}s` };
}

// ---------- evaluations ----------

async function audit(db: Db, e: { id: string; org_id: string }, actor: Actor, action: string, from: { state: string | null; score: number | null }, to: { state: string | null; score: number | null }, note: string | null = null) {
  await db.insertInto('quality_audit').values({
    id: newId(), org_id: e.org_id, evaluation_id: e.id, at: nowIso(), actor_id: actor.userId, action,
    from_state: from.state, to_state: to.state, from_score_centi: from.score, to_score_centi: to.score, note,
  }).execute();
}

export async function loadEvaluation(db: Db, orgId: string, id: string): Promise<QualityEvaluationTable> {
  const e = await db.selectFrom('quality_evaluations').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!e) throw notFound('what.quality_evaluation');
  return e;
}

/** Update an evaluation only if it is still the version read (two racing reviewers: one wins, 409 for the other). */
async function patch(db: Db, e: QualityEvaluationTable, set: Partial<QualityEvaluationTable>): Promise<QualityEvaluationTable> {
  const ts = nowIso();
  const r = await db.updateTable('quality_evaluations').set({ ...set, version: e.version + 1, updated_at: ts }).where('id', '=', e.id).where('version', '=', e.version).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('quality.changed_meanwhile');
  return { ...e, ...set, version: e.version + 1, updated_at: ts };
}

export interface NewEvaluation {
  subjectKind: SubjectKind;
  subjectId: string;
  scorecardId?: string | null;
  agentId?: string | null;
  inspectorId?: string | null;
  planItemId?: string | null;
  recordingUrl?: string | null;
  attachmentId?: string | null;
  transcript?: string | null;
}

/** An evaluation assigned to an inspector (state assigned), on the scorecard given or the current one of `key`. */
export async function createEvaluation(db: Db, actor: Actor, input: NewEvaluation, assertProject: (projectId: string | null) => void): Promise<QualityEvaluationTable> {
  const s = await loadSubject(db, actor.orgId, input.subjectKind, input.subjectId);
  assertProject(s.projectId);
  const agentId = input.agentId ?? s.agentId;
  if (!agentId) throw badRequest('quality.agent_unknown');
  const agent = await db.selectFrom('users').select(['id', 'role']).where('org_id', '=', actor.orgId).where('id', '=', agentId).executeTakeFirst();
  if (!agent || agent.role === 'resident') throw notFound('what.user');
  let scorecardId = input.scorecardId;
  if (!scorecardId) {
    const cur = await db.selectFrom('quality_scorecards').select('id').where('org_id', '=', actor.orgId).where('current', '=', 1).orderBy('key').executeTakeFirst();
    if (!cur) throw badRequest('quality.no_scorecard');
    scorecardId = cur.id;
  } else await loadScorecard(db, actor.orgId, scorecardId);
  const inspectorId = input.inspectorId ?? actor.userId;
  if (inspectorId === agentId) throw badRequest('quality.self_inspection');
  const ts = nowIso();
  const row: QualityEvaluationTable = {
    id: newId(), org_id: actor.orgId, project_id: s.projectId, scorecard_id: scorecardId, subject_kind: s.kind, subject_id: s.id, occurred_at: s.occurredAt,
    agent_id: agentId, inspector_id: inspectorId, plan_item_id: input.planItemId ?? null, state: 'assigned', answers_json: null, result_json: null,
    score_centi: null, passed: null, severity: null, comment: null, recording_url: input.recordingUrl ?? null, attachment_id: input.attachmentId ?? null,
    transcript: input.transcript ?? null, scored_at: null, notified_at: null, acknowledged_at: null, disputed_at: null, dispute_reason: null,
    reviewer_id: null, review_outcome: null, review_note: null, reviewed_at: null, closed_at: null, version: 1, created_at: ts, updated_at: ts,
  };
  await db.insertInto('quality_evaluations').values(row).execute();
  if (input.planItemId) await db.updateTable('quality_plan_items').set({ evaluation_id: row.id }).where('org_id', '=', actor.orgId).where('id', '=', input.planItemId).execute();
  await audit(db, row, actor, 'assign', { state: null, score: null }, { state: 'assigned', score: null });
  return row;
}

/**
 * Score (or re-score, until the agent has it) an evaluation. With `release` the agent is notified
 * at once (outbox) and the finding, if any, goes to the penalty ladder.
 */
export async function scoreEvaluation(db: Kysely<DB>, actor: Actor, id: string, input: { answers: Answers; comment?: string | null; release: boolean; version?: number }): Promise<QualityEvaluationTable> {
  return db.transaction().execute(async (trx) => {
    const e = await loadEvaluation(trx, actor.orgId, id);
    if (input.version !== undefined && input.version !== e.version) throw conflict('quality.changed_meanwhile');
    if (e.state !== 'assigned' && e.state !== 'scored') throw conflict('quality.bad_state', { state: e.state });
    if (e.inspector_id !== actor.userId && !mayOverride(actor)) throw new AppError(403, 'quality.not_inspector');
    const def = definitionOf(await loadScorecard(trx, actor.orgId, e.scorecard_id));
    const r = scoreOrThrow(def, input.answers);
    const ts = nowIso();
    let next = await patch(trx, e, {
      state: 'scored', answers_json: JSON.stringify(input.answers), result_json: JSON.stringify(resultSummary(r)), score_centi: toCenti(r.score), passed: r.passed ? 1 : 0,
      severity: findingSeverity(r), comment: input.comment ?? e.comment, scored_at: ts,
    });
    await audit(trx, e, actor, e.state === 'assigned' ? 'score' : 'rescore', { state: e.state, score: e.score_centi }, { state: 'scored', score: next.score_centi });
    if (input.release) next = await releaseIn(trx, actor, next);
    return next;
  });
}

/** Managers and admins may act for an inspector (e.g. one who left). */
const mayOverride = (a: Actor) => a.role === 'manager' || a.role === 'admin';

export function resultSummary(r: ScoreResult) {
  return { raw: r.raw, earned: r.earned, possible: r.possible, criticalFailed: r.criticalFailed, fatalFailed: r.fatalFailed, items: r.items.map((i) => ({ key: i.key, fraction: i.fraction, lost: Math.round(i.lost * 100) / 100 })) };
}

export async function releaseEvaluation(db: Kysely<DB>, actor: Actor, id: string): Promise<QualityEvaluationTable> {
  return db.transaction().execute(async (trx) => {
    const e = await loadEvaluation(trx, actor.orgId, id);
    if (e.state !== 'scored') throw conflict('quality.bad_state', { state: e.state });
    if (e.inspector_id !== actor.userId && !mayOverride(actor)) throw new AppError(403, 'quality.not_inspector');
    return releaseIn(trx, actor, e);
  });
}

async function releaseIn(trx: Transaction<DB>, actor: Actor, e: QualityEvaluationTable): Promise<QualityEvaluationTable> {
  const ts = nowIso();
  const next = await patch(trx, e, { state: 'notified', notified_at: ts });
  await audit(trx, e, actor, 'notify', { state: e.state, score: e.score_centi }, { state: 'notified', score: e.score_centi });
  await enqueue(trx, { orgId: e.org_id, topic: 'quality.evaluated', dedupeKey: `quality.evaluated:${e.id}:${next.version}`, recipientId: e.agent_id, payload: { evaluationId: e.id, score: fromCenti(e.score_centi), passed: e.passed === 1 } });
  if (next.severity) await applyLadder(trx, actor, next);
  return next;
}

/**
 * The ladder step for a finding: prior findings of the agent within the window (released,
 * not overturned, scored before this one) and the last step given decide it (core.nextLadderStep).
 * Fines and dismissal wait for a manager's approval; from the 质检提醒单 on, a 整改通知单 with a
 * deadline and a follow-up inspection goes with it.
 */
async function applyLadder(trx: Transaction<DB>, actor: Actor, e: QualityEvaluationTable) {
  const at = e.scored_at ?? nowIso();
  const since = new Date(Date.parse(at) - LADDER_WINDOW_DAYS * DAY).toISOString();
  const prior = await trx.selectFrom('quality_evaluations').select((eb) => eb.fn.countAll().as('n'))
    .where('org_id', '=', e.org_id).where('agent_id', '=', e.agent_id).where('id', '!=', e.id).where('severity', 'is not', null)
    .where('notified_at', 'is not', null).where('scored_at', '>=', since).where('scored_at', '<=', at)
    .where((eb) => eb.or([eb('review_outcome', 'is', null), eb('review_outcome', '!=', 'overturned')]))
    .executeTakeFirst();
  const priorCount = Number(prior?.n ?? 0);
  const last = await trx.selectFrom('quality_actions').select(['step']).where('org_id', '=', e.org_id).where('agent_id', '=', e.agent_id).where('type', '=', 'ladder')
    .where('state', 'not in', ['rejected', 'cancelled']).where('created_at', '>=', since).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  const lastStep = last?.step && (LADDER_STEPS as readonly string[]).includes(last.step) ? (last.step as LadderStep) : null;
  const n = nextLadderStep(e.severity as 'minor' | 'major' | 'serious', priorCount, lastStep);
  const ts = nowIso();
  const base = { org_id: e.org_id, agent_id: e.agent_id, project_id: e.project_id, evaluation_id: e.id, created_by: actor.userId, created_at: ts, decided_by: null, decided_at: null, acknowledged_at: null, done_at: null, library_ids_json: null, follow_up_evaluation_id: null, note: null };
  const ladderId = newId();
  await trx.insertInto('quality_actions').values({
    ...base, id: ladderId, type: 'ladder', step: n.step, severity: e.severity, prior_count: priorCount, state: n.needsApproval ? 'pending_approval' : 'issued',
    needs_approval: n.needsApproval ? 1 : 0, doc_no: n.signed ? await docNo(trx, e.org_id, 'ZJ', ts) : null, assignee_id: null, due_on: null,
  }).execute();
  if (!n.needsApproval) await notifyAction(trx, e.org_id, ladderId, e.agent_id, n.step);
  else await actionAudit(trx, e.org_id, ladderId, actor.userId, 'propose', null, null);
  if (n.signed) {
    await trx.insertInto('quality_actions').values({
      ...base, id: newId(), type: 'rectification', step: null, severity: e.severity, prior_count: priorCount, state: 'issued', needs_approval: 0,
      doc_no: await docNo(trx, e.org_id, 'ZG', ts), assignee_id: e.inspector_id, due_on: localDate(new Date(Date.parse(ts) + 7 * DAY).toISOString()),
    }).execute();
  }
}

/** One line of a consequence's trail (quality_action_audit, append-only). */
export async function actionAudit(db: Db, orgId: string, actionId: string, actorId: string, event: string, fineFen: number | null, note: string | null) {
  await db.insertInto('quality_action_audit').values({ id: newId(), org_id: orgId, action_id: actionId, at: nowIso(), actor_id: actorId, event, fine_fen: fineFen, note }).execute();
}

export async function notifyAction(db: Db, orgId: string, actionId: string, agentId: string, step: string) {
  await enqueue(db, { orgId, topic: 'quality.action', dedupeKey: `quality.action:${actionId}`, recipientId: agentId, payload: { actionId, step } });
}

/** Readable document numbers: prefix + local date + daily sequence (ZJ = 质检提醒单, ZG = 整改通知单). */
async function docNo(db: Db, orgId: string, prefix: string, ts: string): Promise<string> {
  const day = localDate(ts).replace(/-/g, '');
  const n = await db.selectFrom('quality_actions').select((eb) => eb.fn.countAll().as('n')).where('org_id', '=', orgId).where('doc_no', 'like', `${prefix}${day}%`).executeTakeFirst();
  return `${prefix}${day}${String(Number(n?.n ?? 0) + 1).padStart(4, '0')}`;
}

/** The agent's answer: acknowledge (closes) or dispute with a reason (goes to a second reviewer). */
export async function agentResponds(db: Kysely<DB>, actor: Actor, id: string, response: { kind: 'acknowledge' } | { kind: 'dispute'; reason: string }): Promise<QualityEvaluationTable> {
  return db.transaction().execute(async (trx) => {
    const e = await loadEvaluation(trx, actor.orgId, id);
    if (e.agent_id !== actor.userId) throw notFound('what.quality_evaluation');
    if (e.state !== 'notified') throw conflict('quality.bad_state', { state: e.state });
    const ts = nowIso();
    if (response.kind === 'acknowledge') {
      const next = await patch(trx, e, { state: 'acknowledged', acknowledged_at: ts, closed_at: ts });
      await audit(trx, e, actor, 'acknowledge', { state: e.state, score: e.score_centi }, { state: 'acknowledged', score: e.score_centi });
      return next;
    }
    const next = await patch(trx, e, { state: 'disputed', disputed_at: ts, dispute_reason: response.reason });
    await audit(trx, e, actor, 'dispute', { state: e.state, score: e.score_centi }, { state: 'disputed', score: e.score_centi }, response.reason);
    await enqueue(trx, { orgId: e.org_id, topic: 'quality.disputed', dedupeKey: `quality.disputed:${e.id}`, recipientId: e.inspector_id, payload: { evaluationId: e.id } });
    return next;
  });
}

/**
 * A second reviewer decides a dispute: upheld (score stands), partly upheld (new answers, new
 * score), overturned (the finding is withdrawn: the reviewer's answers, or full marks). The
 * reviewer is neither the inspector nor the agent. Ladder steps of a changed finding are
 * cancelled and the ladder applied again to what remains.
 */
export async function reviewDispute(db: Kysely<DB>, actor: Actor, id: string, input: { outcome: ReviewOutcome; answers?: Answers | null; note: string }): Promise<QualityEvaluationTable> {
  return db.transaction().execute(async (trx) => {
    const e = await loadEvaluation(trx, actor.orgId, id);
    if (e.state !== 'disputed') throw conflict('quality.bad_state', { state: e.state });
    if (actor.userId === e.inspector_id || actor.userId === e.agent_id) throw new AppError(403, 'quality.reviewer_not_independent');
    const ts = nowIso();
    let set: Partial<QualityEvaluationTable> = { state: 'closed', reviewer_id: actor.userId, review_outcome: input.outcome, review_note: input.note, reviewed_at: ts, closed_at: ts };
    if (input.outcome === 'partly_upheld' && !input.answers) throw badRequest('quality.review_needs_answers');
    if (input.outcome !== 'upheld') {
      const def = definitionOf(await loadScorecard(trx, actor.orgId, e.scorecard_id));
      const r = input.answers ? scoreOrThrow(def, input.answers) : scoreOrThrow(def, fullMarks(def));
      const severity = input.outcome === 'overturned' ? null : findingSeverity(r);
      set = { ...set, answers_json: JSON.stringify(input.answers ?? fullMarks(def)), result_json: JSON.stringify(resultSummary(r)), score_centi: toCenti(r.score), passed: r.passed ? 1 : 0, severity };
    }
    const next = await patch(trx, e, set);
    await audit(trx, e, actor, `review_${input.outcome}`, { state: e.state, score: e.score_centi }, { state: 'closed', score: next.score_centi }, input.note);
    if (input.outcome !== 'upheld' && next.severity !== e.severity) {
      await trx.updateTable('quality_actions').set({ state: 'cancelled', decided_by: actor.userId, decided_at: ts, note: 'review' })
        .where('org_id', '=', e.org_id).where('evaluation_id', '=', e.id).where('state', 'in', ['pending_approval', 'issued']).execute();
      if (next.severity) await applyLadder(trx, actor, next);
    }
    await enqueue(trx, { orgId: e.org_id, topic: 'quality.reviewed', dedupeKey: `quality.reviewed:${e.id}`, recipientId: e.agent_id, payload: { evaluationId: e.id, outcome: input.outcome, score: fromCenti(next.score_centi) } });
    return next;
  });
}

export function fullMarks(def: ScorecardDef): Answers {
  const a: Answers = {};
  for (const i of allItems(def)) a[i.key] = { value: i.scale === 'yes_no' ? 1 : i.scale === 'scale5' ? 5 : i.maxPoints ?? 1 };
  return a;
}

// ---------- consequences ----------

export async function decideAction(db: Kysely<DB>, actor: Actor, id: string, approve: boolean, note: string | null) {
  return db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('quality_actions').selectAll().where('org_id', '=', actor.orgId).where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound('what.quality_action');
    if (a.state !== 'pending_approval') throw conflict('quality.bad_state', { state: a.state });
    // Money and employment: a manager's decision (admins too), never the inspector's.
    if (actor.role !== 'manager' && actor.role !== 'admin') throw new AppError(403, 'quality.manager_only');
    // Four eyes: whoever raised the step or proposed the amount cannot also approve it.
    if (actor.userId === a.created_by || actor.userId === a.proposed_by) throw new AppError(403, 'quality.four_eyes');
    if (approve && a.step === 'fine' && !(a.fine_fen && a.fine_fen > 0)) throw badRequest('quality.fine_amount_needed');
    const ts = nowIso();
    const r = await trx.updateTable('quality_actions').set({ state: approve ? 'issued' : 'rejected', decided_by: actor.userId, decided_at: ts, note: note ?? a.note }).where('id', '=', id).where('state', '=', 'pending_approval').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('quality.bad_state', { state: 'decided' });
    await actionAudit(trx, a.org_id, a.id, actor.userId, approve ? 'approve' : 'reject', a.fine_fen ?? null, note);
    if (approve) await notifyAction(trx, a.org_id, a.id, a.agent_id, a.step ?? a.type);
    return { ...a, state: approve ? ('issued' as const) : ('rejected' as const), decided_by: actor.userId, decided_at: ts };
  });
}

// ---------- calibration ----------

export interface CalibrationSubject {
  kind: SubjectKind;
  id: string;
  recordingUrl?: string | null;
}

/** Agreement over a revealed calibration: per item (ratings = item values) and overall, plus per-subject scores. */
export function calibrationAgreement(def: ScorecardDef, subjects: number, inspectors: readonly string[], scores: ReadonlyArray<{ subject_index: number; inspector_id: string; answers_json: string; score_centi: number; passed: number }>) {
  // Only inspectors who scored every subject enter the kappas (Fleiss needs equal raters per subject).
  const complete = inspectors.filter((i) => scores.filter((s) => s.inspector_id === i).length === subjects);
  const answersOf = new Map(scores.map((s) => [`${s.subject_index}|${s.inspector_id}`, JSON.parse(s.answers_json) as Answers]));
  const cat = (a: Answers | undefined, k: string) => {
    const v = a?.[k]?.value;
    return v === null || v === undefined ? 'na' : String(v);
  };
  const items = allItems(def).map((it) => {
    const ratings = Array.from({ length: subjects }, (_, s) => complete.map((ins) => cat(answersOf.get(`${s}|${ins}`), it.key)));
    const pa = percentAgreement(ratings);
    const fk = fleissKappa(ratings);
    return { key: it.key, label: it.label, percentAgreement: pa.pairwise, unanimous: pa.unanimous, fleissKappa: fk.kappa };
  });
  const pooled = allItems(def).flatMap((it) => Array.from({ length: subjects }, (_, s) => complete.map((ins) => cat(answersOf.get(`${s}|${ins}`), it.key))));
  const passRatings = Array.from({ length: subjects }, (_, s) => complete.map((ins) => String(scores.find((x) => x.subject_index === s && x.inspector_id === ins)?.passed ?? '')));
  const overallPa = percentAgreement(pooled);
  const overall = {
    raters: complete.length,
    percentAgreement: overallPa.pairwise,
    unanimous: overallPa.unanimous,
    fleissKappa: fleissKappa(pooled).kappa,
    cohenKappa: complete.length === 2 ? cohenKappa(pooled.map((r) => r[0]), pooled.map((r) => r[1])).kappa : null,
    passFailAgreement: percentAgreement(passRatings).pairwise,
  };
  const strictness = inspectorStrictness(scores.map((s) => ({ subject: String(s.subject_index), inspectorId: s.inspector_id, score: s.score_centi / 100 })));
  const perSubject = Array.from({ length: subjects }, (_, s) => {
    const l = scores.filter((x) => x.subject_index === s);
    const vals = l.map((x) => x.score_centi / 100);
    return { index: s, consensus: vals.length ? Math.round((vals.reduce((a, b) => a + b, 0) / vals.length) * 100) / 100 : null, spread: vals.length ? Math.max(...vals) - Math.min(...vals) : null, scores: l.map((x) => ({ inspectorId: x.inspector_id, score: x.score_centi / 100, passed: x.passed === 1 })) };
  });
  return { items, overall, strictness, perSubject };
}
