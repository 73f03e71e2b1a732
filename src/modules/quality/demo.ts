import type { AppContext } from '../../core/context';
import { newId } from '../../db/ids';
import type { Actor } from '../auth/permissions';
import { Rng } from '../demo/random';
import type { DemoRegistry } from '../demo/registry';
import { allItems, type Answers, type ScorecardDef } from './core';
import { createPlan } from './queries';
import { SEED_SCORECARDS } from './seeds';
import { agentResponds, createEvaluation, reviewDispute, saveScorecard, scoreEvaluation, scoreOrThrow, toCenti } from './service';

const DAY = 86_400_000;
const actorOf = (demo: DemoRegistry, username: string, role: Actor['role'], name: string): Actor => ({ userId: demo.staff.get(username)!, orgId: demo.orgId, username, displayName: name, role, projectIds: 'all', partyId: null, unitIds: [], via: 'session' });

/** Realistic answers: mostly full marks, occasional small deductions (with evidence), rare critical or fatal slips. */
function demoAnswers(r: Rng, def: ScorecardDef, badness: number): Answers {
  const a: Answers = {};
  for (const it of allItems(def)) {
    if (it.naAllowed && r.chance(0.15)) {
      a[it.key] = { value: null };
      continue;
    }
    const slip = r.chance(it.fatal ? 0.002 * badness : it.critical ? 0.01 * badness : 0.08 * badness);
    const full = it.scale === 'yes_no' ? 1 : it.scale === 'scale5' ? 5 : it.maxPoints!;
    let v = full;
    if (slip) v = it.scale === 'yes_no' ? 0 : it.scale === 'scale5' ? r.int(2, 4) : r.int(Math.floor(full / 2), full - 1);
    a[it.key] = v === full ? { value: v } : { value: v, evidenceAt: r.int(10, 280), rootCauses: it.rootCauses?.length ? [r.pick(it.rootCauses)] : undefined };
  }
  return a;
}

/**
 * A month of 质检 for the demo call centre: the two scorecards, a sampling plan, ~300 released
 * evaluations of the agents' contacts over the last 30 days (pass rate near 97 %), a few
 * disputes (decided upheld / partly upheld / overturned, one still open), one revealed
 * calibration session and a small recording library.
 */
export async function seedQualityDemo(ctx: AppContext, demo: DemoRegistry, log: (m: string) => void): Promise<void> {
  const db = ctx.store.db;
  const r = new Rng(20261214);
  const qa = actorOf(demo, 'qa', 'qa', '林欣怡');
  const manager = actorOf(demo, 'manager', 'manager', '周经理');
  const cards = [];
  for (const s of SEED_SCORECARDS) cards.push(await saveScorecard(db, qa, s));
  const hotline = cards[0];
  const def = JSON.parse(hotline.definition_json) as ScorecardDef;

  const now = Date.now();
  const from = new Date(now - 30 * DAY).toISOString().slice(0, 10);
  const to = new Date(now - DAY).toISOString().slice(0, 10);
  const agents = ['agent1', 'agent2', 'agent3', 'htagent', 'frontdesk'].map((u) => demo.staff.get(u)!).filter(Boolean);
  const contacts = await db.selectFrom('contacts').select(['id', 'owner_id', 'occurred_at']).where('org_id', '=', demo.orgId).where('owner_id', 'in', agents)
    .where('occurred_at', '>=', new Date(now - 30 * DAY).toISOString()).orderBy('occurred_at').orderBy('id').execute();
  if (!contacts.length) {
    log('demo: quality inspection skipped (no contacts)');
    return;
  }

  // The plan for the coming fortnight, drawn from what exists (shows the reasons in the workbench).
  await createPlan(db, qa, { name: '本月抽样计划', scorecardId: hotline.id, projectId: null, kinds: ['contact', 'order'], inspectorIds: [qa.userId, manager.userId],
    config: { seed: 20261214, from, to, perInspectorPerDay: 10, minPerAgentPerWeek: 2, riskShare: 0.5, longHandleS: 600, workdays: [1, 2, 3, 4, 5, 6, 7], maxItems: 120 } }, undefined);

  // ~10 a day over the month, spread evenly over the contacts.
  const picked = contacts.filter((_, i) => i % Math.max(1, Math.floor(contacts.length / 300)) === 0).slice(0, 300);
  const evaluations: Array<{ id: string; agentId: string; passed: boolean }> = [];
  for (const c of picked) {
    const inspector = r.chance(0.8) ? qa : manager;
    if (inspector.userId === c.owner_id) continue;
    const e = await db.transaction().execute((trx) => createEvaluation(trx, inspector, { subjectKind: 'contact', subjectId: c.id, scorecardId: hotline.id }, () => {}));
    const scored = await scoreEvaluation(db, inspector, e.id, { answers: demoAnswers(r, def, 0.6), release: true });
    // Dates as if scored the day after the call.
    const at = new Date(Math.min(now - 3600_000, Date.parse(c.occurred_at) + DAY)).toISOString();
    await db.updateTable('quality_evaluations').set({ scored_at: at, notified_at: at, created_at: c.occurred_at }).where('id', '=', e.id).execute();
    evaluations.push({ id: e.id, agentId: c.owner_id, passed: scored.passed === 1 });
  }
  // Most agents acknowledge; a few dispute.
  const agentActor = (id: string): Actor => ({ ...qa, userId: id, role: 'agent', username: 'agent' });
  let disputes = 0;
  for (const [i, e] of evaluations.entries()) {
    if (!e.passed && disputes < 4) {
      await agentResponds(db, agentActor(e.agentId), e.id, { kind: 'dispute', reason: '通话中已向业主说明处理时限，请复核录音后段。' });
      disputes++;
      continue;
    }
    if (i % 5 !== 0) await agentResponds(db, agentActor(e.agentId), e.id, { kind: 'acknowledge' });
  }
  const disputed = await db.selectFrom('quality_evaluations').selectAll().where('org_id', '=', demo.orgId).where('state', '=', 'disputed').orderBy('id').execute();
  const outcomes = ['upheld', 'partly_upheld', 'overturned'] as const;
  for (const [i, e] of disputed.slice(0, 3).entries()) {
    const reviewer = e.inspector_id === qa.userId ? manager : qa;
    const answers = JSON.parse(e.answers_json!) as Answers;
    // Partly upheld: the reviewer restores the best-scored deduction.
    if (outcomes[i] === 'partly_upheld') {
      const lost = Object.entries(answers).find(([, a]) => a.value !== null && (a.evidenceAt != null));
      if (lost) answers[lost[0]] = { value: allItems(def).find((x) => x.key === lost[0])!.scale === 'points' ? 10 : allItems(def).find((x) => x.key === lost[0])!.scale === 'scale5' ? 5 : 1 };
    }
    await reviewDispute(db, reviewer, e.id, { outcome: outcomes[i], answers: outcomes[i] === 'partly_upheld' ? answers : null, note: ['复听录音，扣分成立。', '时限已说明，恢复该项得分，其余扣分成立。', '录音显示业主主动挂断，撤销扣分。'][i] });
  }

  // One calibration session: three calls scored blind by QA, the manager and the supervisor, then revealed.
  const supervisor = actorOf(demo, 'supervisor', 'supervisor', '陈主管');
  const calSubjects = picked.slice(5, 8);
  const calId = `${hotline.id.slice(0, 20)}cal`;
  await db.insertInto('quality_calibrations').values({
    id: calId, org_id: demo.orgId, name: '月度校准会', scorecard_id: hotline.id,
    subjects_json: JSON.stringify(await Promise.all(calSubjects.map(async (c) => ({ kind: 'contact', id: c.id, recordingUrl: null, projectId: (await db.selectFrom('contacts').select('project_id').where('id', '=', c.id).executeTakeFirstOrThrow()).project_id, summary: null })))),
    inspectors_json: JSON.stringify([qa.userId, manager.userId, supervisor.userId]), state: 'revealed', created_by: qa.userId, created_at: new Date(now - 7 * DAY).toISOString(), revealed_at: new Date(now - 6 * DAY).toISOString(),
  }).execute();
  for (const [s] of calSubjects.entries()) {
    for (const [k, ins] of [qa, manager, supervisor].entries()) {
      const answers = demoAnswers(new Rng(500 + s * 10 + k), def, 2 + k);
      const res = scoreOrThrow(def, answers);
      await db.insertInto('quality_calibration_scores').values({ calibration_id: calId, subject_index: s, inspector_id: ins.userId, org_id: demo.orgId, answers_json: JSON.stringify(answers), score_centi: toCenti(res.score), passed: res.passed ? 1 : 0, scored_at: new Date(now - 7 * DAY).toISOString() }).execute();
    }
  }

  // Library: one good and one bad example by topic.
  const best = evaluations.find((e) => e.passed);
  const worst = evaluations.find((e) => !e.passed);
  for (const [e, kind, topic, title] of [[best, 'good', '首问负责', '跟进到底的报修来电'], [worst, 'bad', '承诺时限', '未承诺处理时限']] as const) {
    if (!e) continue;
    await db.insertInto('quality_library').values({ id: `${e.id.slice(0, 24)}lib`, org_id: demo.orgId, project_id: null, evaluation_id: e.id, kind, topic, title, note: null, recording_url: null, transcript: null, tags_json: JSON.stringify([topic]), attachment_id: null, created_by: qa.userId, created_at: new Date().toISOString() }).execute();
  }
  // Teams: the hotline agents under the supervisor (the default coach), the tower's agent and the front desk in another.
  const supervisorId = demo.staff.get('supervisor');
  const teams: Array<[string, string[]]> = [['客服热线一组', ['agent1', 'agent2', 'agent3']], ['写字楼与前台组', ['htagent', 'frontdesk']]];
  for (const [name, members] of teams) {
    const id = newId();
    await db.insertInto('quality_teams').values({ id, org_id: demo.orgId, name, project_id: null, lead_id: supervisorId ?? null, created_at: new Date().toISOString() }).execute();
    const rows = members.map((u) => demo.staff.get(u)).filter((u): u is string => !!u).map((u) => ({ org_id: demo.orgId, user_id: u, team_id: id }));
    if (rows.length) await db.insertInto('quality_team_members').values(rows).execute();
  }
  const passed = evaluations.filter((e) => e.passed).length;
  log(`demo: ${evaluations.length} quality evaluations (${((100 * passed) / Math.max(1, evaluations.length)).toFixed(1)} % passed), ${disputes} disputes, 1 calibration session`);
}
