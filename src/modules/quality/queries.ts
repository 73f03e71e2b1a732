/**
 * 质检 data access: candidates for sampling drawn from contacts, orders and the call history;
 * the plan written as rows; the figures (with numerators and denominators) over evaluations.
 */
import type { Kysely } from 'kysely';
import { newId, nowIso } from '../../db/ids';
import type { DB } from '../../db/schema';
import type { Actor } from '../auth/permissions';
import { localDate } from '../inspections/core';
import { allItems, daysBetween, drawSample, figure, inspectorStrictness, type Candidate, type SampleResult, type SamplingConfig, type SubjectKind } from './core';
import { agentNameMap, definitionOf } from './service';
import type { QualityEvaluationTable, QualityPlanTable } from './schema';

const DAY = 86_400_000;
/** UTC bounds of local (Asia/Shanghai) dates, inclusive of the last day. */
export function utcRange(from: string, to: string) {
  return { start: new Date(Date.parse(`${from}T00:00:00+08:00`)).toISOString(), end: new Date(Date.parse(`${to}T00:00:00+08:00`) + DAY).toISOString() };
}

export interface CandidateQuery {
  orgId: string;
  from: string;
  to: string;
  /** Projects to draw from; undefined = all. */
  projectIds?: readonly string[];
  kinds: readonly SubjectKind[];
  longHandleS: number;
}

/** Everything that could be inspected in the period, with the risk signals each carries. */
export async function loadCandidates(db: Kysely<DB>, q: CandidateQuery): Promise<Candidate[]> {
  const { start, end } = utcRange(q.from, q.to);
  const out: Candidate[] = [];
  const pf = q.projectIds;
  // Orders reopened or with a dissatisfied return visit (the signals both contacts and orders carry).
  const dissatisfied = new Set((await db.selectFrom('return_visits').select('order_id').where('org_id', '=', q.orgId).where('outcome', '=', 'dissatisfied').where('created_at', '>=', new Date(Date.parse(start) - 60 * DAY).toISOString()).execute()).map((r) => r.order_id));
  if (q.kinds.includes('contact')) {
    let cq = db.selectFrom('contacts as c').leftJoin('work_orders as o', 'o.id', 'c.order_id')
      .select(['c.id', 'c.project_id', 'c.owner_id', 'c.occurred_at', 'c.category', 'c.order_id', 'o.reopen_count', 'c.channel', 'c.caller_phone', 'c.handled_on_spot'])
      .where('c.org_id', '=', q.orgId).where('c.occurred_at', '>=', start).where('c.occurred_at', '<', end);
    if (pf) cq = cq.where('c.project_id', 'in', pf.length ? [...pf] : ['']);
    const rows = await cq.execute();
    // Unhandled calls just before the period can make the first calls of the period callbacks.
    const before = await db.selectFrom('contacts').select(['id', 'occurred_at', 'caller_phone', 'handled_on_spot', 'order_id', 'channel'])
      .where('org_id', '=', q.orgId).where('channel', '=', 'phone').where('caller_phone', 'is not', null)
      .where('occurred_at', '>=', new Date(Date.parse(start) - CALLBACK_WINDOW_MS).toISOString()).where('occurred_at', '<', start).execute();
    const callbacks = callbackContacts([...before, ...rows]);
    for (const c of rows) {
      out.push({ kind: 'contact', id: c.id, agentId: c.owner_id, projectId: c.project_id, at: c.occurred_at, day: localDate(c.occurred_at), complaint: c.category === 'complaint', reopened: Number(c.reopen_count ?? 0) > 0, dissatisfied: !!c.order_id && dissatisfied.has(c.order_id), callbackAfterAbandon: callbacks.has(c.id) });
    }
  }
  if (q.kinds.includes('order')) {
    let oq = db.selectFrom('work_orders').select(['id', 'project_id', 'owner_id', 'created_at', 'kind', 'reopen_count']).where('org_id', '=', q.orgId).where('created_at', '>=', start).where('created_at', '<', end);
    if (pf) oq = oq.where('project_id', 'in', pf.length ? [...pf] : ['']);
    for (const o of await oq.execute()) {
      out.push({ kind: 'order', id: o.id, agentId: o.owner_id, projectId: o.project_id, at: o.created_at, day: localDate(o.created_at), complaint: o.kind === 'complaint', reopened: o.reopen_count > 0, dissatisfied: dissatisfied.has(o.id) });
    }
  }
  if (q.kinds.includes('call')) {
    const names = await agentNameMap(db, q.orgId);
    let wq = db.selectFrom('wfm_calls as c').innerJoin('wfm_queues as w', 'w.id', 'c.queue_id').select(['c.queue_id', 'c.call_key', 'c.arrival_at', 'c.agent', 'c.talk_s', 'w.project_id'])
      .where('c.org_id', '=', q.orgId).where('c.outcome', '=', 'answered').where('c.agent', 'is not', null).where('c.arrival_at', '>=', start).where('c.arrival_at', '<', end);
    if (pf) wq = wq.where('w.project_id', 'in', pf.length ? [...pf] : ['']);
    for (const c of await wq.execute()) {
      const agentId = names.get(c.agent!);
      if (!agentId) continue;
      out.push({ kind: 'call', id: `${c.queue_id}:${c.call_key}`, agentId, projectId: c.project_id, at: c.arrival_at, day: localDate(c.arrival_at), handleS: c.talk_s });
    }
  }
  return out;
}

/** How soon a caller must ring again for the second call to count as a callback. */
export const CALLBACK_WINDOW_MS = 2 * 3_600_000;

/**
 * The 放弃后回拨 stratum, derived from the desk's log because the imported call history carries
 * no caller number (an abandoned call there cannot be tied to anyone). A phone contact is a
 * callback when the same caller number had a phone contact in the two hours before it that was
 * neither answered on the spot nor turned into an order: the first call got no handling (dropped,
 * cut off or left pending), so the caller had to ring again — the situation the stratum is about.
 * Same number, org-wide (callers do not keep to one project's line); contacts without a number
 * or from other channels never count.
 */
export function callbackContacts(rows: ReadonlyArray<{ id: string; occurred_at: string; channel: string; caller_phone: string | null; handled_on_spot: number; order_id: string | null }>): Set<string> {
  const byPhone = new Map<string, typeof rows[number][]>();
  for (const r of rows) {
    const phone = r.caller_phone?.replace(/\D/g, '');
    if (r.channel !== 'phone' || !phone) continue;
    const l = byPhone.get(phone);
    if (l) l.push(r);
    else byPhone.set(phone, [r]);
  }
  const out = new Set<string>();
  for (const l of byPhone.values()) {
    if (l.length < 2) continue;
    l.sort((a, b) => (a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0));
    let lastUnhandled = -Infinity;
    for (const r of l) {
      const t = Date.parse(r.occurred_at);
      if (t - lastUnhandled <= CALLBACK_WINDOW_MS && t > lastUnhandled) out.add(r.id);
      if (!r.handled_on_spot && !r.order_id) lastUnhandled = t;
    }
  }
  return out;
}

/**
 * Agents whose first-contact resolution (contacts closed on the spot / contacts) fell by at least
 * 10 points against the period of the same length before, each period with ≥ 10 contacts.
 */
export async function fallingAgents(db: Kysely<DB>, orgId: string, from: string, to: string): Promise<Set<string>> {
  const len = daysBetween(from, to).length;
  const prevFrom = new Date(Date.parse(`${from}T00:00:00Z`) - len * DAY).toISOString().slice(0, 10);
  const cur = utcRange(from, to);
  const prev = utcRange(prevFrom, from);
  const rows = await db.selectFrom('contacts').select(['owner_id', 'occurred_at', 'handled_on_spot']).where('org_id', '=', orgId).where('occurred_at', '>=', prev.start).where('occurred_at', '<', cur.end).execute();
  const acc = new Map<string, { pc: number; pn: number; cc: number; cn: number }>();
  for (const r of rows) {
    const a = acc.get(r.owner_id) ?? { pc: 0, pn: 0, cc: 0, cn: 0 };
    if (r.occurred_at < cur.start) {
      a.pn++;
      a.pc += r.handled_on_spot;
    } else {
      a.cn++;
      a.cc += r.handled_on_spot;
    }
    acc.set(r.owner_id, a);
  }
  const out = new Set<string>();
  for (const [id, a] of acc) if (a.pn >= 10 && a.cn >= 10 && a.pc / a.pn - a.cc / a.cn >= 0.1) out.add(id);
  return out;
}

/** What a plan records of its draw (quality_plans.stats_json, answered by GET /api/quality/plans). */
export type PlanStats = Pick<SampleResult, 'capacity' | 'candidates' | 'excluded' | 'byStratum' | 'shortAgents'> & { drawn: number };

export interface PlanInput {
  name: string;
  scorecardId: string;
  projectId: string | null;
  kinds: SubjectKind[];
  inspectorIds: string[];
  /** Only agents of these teams (none: every agent). */
  teamIds?: string[];
  config: SamplingConfig;
}

/** Everything the pure draw needs, read from the database. */
export async function samplingInput(db: Kysely<DB>, orgId: string, p: PlanInput, projectIds: readonly string[] | undefined) {
  let candidates = await loadCandidates(db, { orgId, from: p.config.from, to: p.config.to, projectIds: p.projectId ? [p.projectId] : projectIds, kinds: p.kinds, longHandleS: p.config.longHandleS });
  const members = await db.selectFrom('quality_team_members').select(['user_id', 'team_id']).where('org_id', '=', orgId).execute();
  const teamOf = new Map(members.map((m) => [m.user_id, m.team_id]));
  if (p.teamIds?.length) {
    const want = new Set(p.teamIds);
    candidates = candidates.filter((c) => want.has(teamOf.get(c.agentId) ?? ''));
  }
  const users = await db.selectFrom('users').select(['id', 'created_at', 'active']).where('org_id', '=', orgId).execute();
  const firstMonthFrom = new Date(Date.parse(`${p.config.from}T00:00:00Z`) - 30 * DAY).toISOString();
  const newAgents = new Set(users.filter((u) => u.created_at >= firstMonthFrom).map((u) => u.id));
  const onLeave = new Set(users.filter((u) => !u.active).map((u) => u.id));
  const { start } = utcRange(p.config.from, p.config.to);
  // Already inspected or already planned: left out. Rotation looks back 90 days.
  const done = await db.selectFrom('quality_evaluations').select(['subject_kind', 'subject_id', 'inspector_id', 'agent_id', 'created_at']).where('org_id', '=', orgId).where('created_at', '>=', new Date(Date.parse(start) - 90 * DAY).toISOString()).execute();
  const planned = await db.selectFrom('quality_plan_items').select(['subject_kind', 'subject_id']).where('org_id', '=', orgId).where('due_on', '>=', p.config.from).execute();
  const excluded = new Set([...done, ...planned].map((r) => `${r.subject_kind}:${r.subject_id}`));
  const pairHistory = new Map<string, number>();
  const teamHistory = new Map<string, number>();
  for (const d of done) {
    pairHistory.set(`${d.inspector_id}|${d.agent_id}`, (pairHistory.get(`${d.inspector_id}|${d.agent_id}`) ?? 0) + 1);
    const t = teamOf.get(d.agent_id);
    if (t) teamHistory.set(`${d.inspector_id}|${t}`, (teamHistory.get(`${d.inspector_id}|${t}`) ?? 0) + 1);
  }
  return { candidates, inspectors: p.inspectorIds, newAgents, fallingAgents: await fallingAgents(db, orgId, p.config.from, p.config.to), excluded, agentsOnLeave: onLeave, pairHistory, teamOf, teamHistory };
}

/** Draw and store a plan: one row per drawn item with its reasons. */
export async function createPlan(db: Kysely<DB>, actor: Actor, p: PlanInput, projectIds: readonly string[] | undefined): Promise<{ plan: QualityPlanTable; sample: SampleResult }> {
  const input = await samplingInput(db, actor.orgId, p, projectIds);
  const sample = drawSample(input, p.config);
  const plan: QualityPlanTable = {
    id: newId(), org_id: actor.orgId, name: p.name, seed: p.config.seed, period_from: p.config.from, period_to: p.config.to, project_id: p.projectId, scorecard_id: p.scorecardId,
    config_json: JSON.stringify({ ...p.config, kinds: p.kinds, inspectorIds: p.inspectorIds, teamIds: p.teamIds ?? [] }),
    stats_json: JSON.stringify({ capacity: sample.capacity, candidates: sample.candidates, excluded: sample.excluded, drawn: sample.items.length, byStratum: sample.byStratum, shortAgents: sample.shortAgents } satisfies PlanStats),
    created_by: actor.userId, created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('quality_plans').values(plan).execute();
    const rows = sample.items.map((i) => ({
      id: newId(), org_id: actor.orgId, plan_id: plan.id, subject_kind: i.kind, subject_id: i.id, project_id: i.projectId, agent_id: i.agentId, inspector_id: i.inspectorId,
      due_on: i.dueOn, occurred_at: i.at, stratum: i.stratum, reasons_json: JSON.stringify(i.reasons), evaluation_id: null,
    }));
    for (let k = 0; k < rows.length; k += 400) await trx.insertInto('quality_plan_items').values(rows.slice(k, k + 400)).execute();
  });
  return { plan, sample };
}

// ---------- figures ----------

export interface FigureFilter {
  from: string;
  to: string;
  projectId?: string;
  agentId?: string;
  inspectorId?: string;
}

/** Released evaluations scored in the period, within the caller's projects (calibration never appears here). */
export async function evaluationsFor(db: Kysely<DB>, actor: Actor, f: FigureFilter, projects: readonly string[] | undefined) {
  const { start, end } = utcRange(f.from, f.to);
  let q = db.selectFrom('quality_evaluations').selectAll().where('org_id', '=', actor.orgId).where('notified_at', 'is not', null).where('scored_at', '>=', start).where('scored_at', '<', end);
  if (projects) q = q.where('project_id', 'in', projects.length ? [...projects] : ['']);
  if (f.projectId) q = q.where('project_id', '=', f.projectId);
  if (f.agentId) q = q.where('agent_id', '=', f.agentId);
  if (f.inspectorId) q = q.where('inspector_id', '=', f.inspectorId);
  return q.execute();
}

const avg = (rows: QualityEvaluationTable[]) => figure(rows.reduce((s, r) => s + (r.score_centi ?? 0) / 100, 0), rows.length);
const passRate = (rows: QualityEvaluationTable[]) => figure(rows.filter((r) => r.passed === 1).length, rows.length);

function groupBy<T>(rows: T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r) ?? '';
    const l = m.get(k);
    if (l) l.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/**
 * The QA figures for a period (definitions in docs/quality.md): pass rate, average score, by
 * agent / project / inspector / day, most-failed items, dispute rate and outcomes, done vs quota,
 * inspector strictness from revealed calibrations.
 */
export async function qualityFigures(db: Kysely<DB>, actor: Actor, f: FigureFilter, projects: readonly string[] | undefined) {
  const rows = await evaluationsFor(db, actor, f, projects);
  const names = new Map((await db.selectFrom('users').select(['id', 'display_name']).where('org_id', '=', actor.orgId).execute()).map((u) => [u.id, u.display_name]));
  const groups = (key: (r: QualityEvaluationTable) => string | null, label: (k: string) => string | null) =>
    [...groupBy(rows, key)].map(([k, l]) => ({ key: k || null, label: label(k), evaluations: l.length, passRate: passRate(l), averageScore: avg(l) })).sort((a, b) => (a.key ?? '').localeCompare(b.key ?? ''));
  const projectNames = new Map((await db.selectFrom('projects').select(['id', 'name']).where('org_id', '=', actor.orgId).execute()).map((p) => [p.id, p.name]));

  // Items: lost points share and failure count per item key, over evaluations whose scorecard has it.
  const cards = new Map((await db.selectFrom('quality_scorecards').select(['id', 'definition_json']).where('org_id', '=', actor.orgId).execute()).map((c) => [c.id, definitionOf(c)]));
  const items = new Map<string, { key: string; label: string; failed: number; answered: number; na: number }>();
  for (const r of rows) {
    const def = cards.get(r.scorecard_id);
    const res = r.result_json ? (JSON.parse(r.result_json) as { items: Array<{ key: string; fraction: number | null }> }) : null;
    if (!def || !res) continue;
    const labels = new Map(allItems(def).map((i) => [i.key, i.label]));
    for (const it of res.items) {
      const a = items.get(it.key) ?? { key: it.key, label: labels.get(it.key) ?? it.key, failed: 0, answered: 0, na: 0 };
      if (it.fraction === null) a.na++;
      else {
        a.answered++;
        if (it.fraction < 1) a.failed++;
      }
      items.set(it.key, a);
    }
  }
  const itemFigures = [...items.values()].map((i) => ({ key: i.key, label: i.label, failRate: figure(i.failed, i.answered), notApplicable: i.na })).sort((a, b) => b.failRate.numerator - a.failRate.numerator || a.key.localeCompare(b.key));

  const disputed = rows.filter((r) => r.disputed_at);
  const reviewed = disputed.filter((r) => r.review_outcome);
  const outcome = (o: string) => figure(reviewed.filter((r) => r.review_outcome === o).length, reviewed.length);

  // Done vs quota: planned items due in the period and those evaluated.
  let pq = db.selectFrom('quality_plan_items').select(['inspector_id', 'evaluation_id', 'project_id']).where('org_id', '=', actor.orgId).where('due_on', '>=', f.from).where('due_on', '<=', f.to);
  if (projects) pq = pq.where('project_id', 'in', projects.length ? [...projects] : ['']);
  if (f.projectId) pq = pq.where('project_id', '=', f.projectId);
  if (f.inspectorId) pq = pq.where('inspector_id', '=', f.inspectorId);
  const planned = await pq.execute();
  const quota = [...groupBy(planned, (p) => p.inspector_id)].map(([k, l]) => ({ inspectorId: k, name: names.get(k) ?? null, done: figure(l.filter((p) => p.evaluation_id).length, l.length) }));

  // Strictness: revealed calibrations of the period (organisation-wide exercise; inspectors only, no agent data).
  const { start, end } = utcRange(f.from, f.to);
  const cal = await db.selectFrom('quality_calibration_scores as s').innerJoin('quality_calibrations as c', 'c.id', 's.calibration_id')
    .select(['s.calibration_id', 's.subject_index', 's.inspector_id', 's.score_centi']).where('c.org_id', '=', actor.orgId).where('c.state', '=', 'revealed').where('c.revealed_at', '>=', start).where('c.revealed_at', '<', end).execute();
  const strictness = inspectorStrictness(cal.map((s) => ({ subject: `${s.calibration_id}|${s.subject_index}`, inspectorId: s.inspector_id, score: s.score_centi / 100 }))).map((s) => ({ ...s, name: names.get(s.inspectorId) ?? null }));

  return {
    period: { from: f.from, to: f.to },
    evaluations: rows.length,
    passRate: passRate(rows),
    averageScore: avg(rows),
    findings: { minor: rows.filter((r) => r.severity === 'minor').length, major: rows.filter((r) => r.severity === 'major').length, serious: rows.filter((r) => r.severity === 'serious').length },
    disputeRate: figure(disputed.length, rows.length),
    disputeOutcomes: { reviewed: reviewed.length, upheld: outcome('upheld'), partlyUpheld: outcome('partly_upheld'), overturned: outcome('overturned') },
    byAgent: groups((r) => r.agent_id, (k) => names.get(k) ?? null),
    byProject: groups((r) => r.project_id, (k) => projectNames.get(k) ?? null),
    byInspector: groups((r) => r.inspector_id, (k) => names.get(k) ?? null),
    trend: groups((r) => localDate(r.scored_at!), () => null),
    items: itemFigures,
    mostFailed: itemFigures.filter((i) => i.failRate.numerator > 0).slice(0, 5),
    quota,
    strictness,
  };
}
