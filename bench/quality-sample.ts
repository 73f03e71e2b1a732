/**
 * 质检 sampling: draw a month's sample for 200 agents over 100,000 contacts (aim ≤ 2 s).
 * 1. the pure draw (core.drawSample) on generated candidates, five runs;
 * 2. the whole plan through the database on SQLite (or PostgreSQL with DATABASE_URL): candidates
 *    read from 100,000 contacts with their orders' signals, drawn, and the items written.
 * Run: npx tsx bench/quality-sample.ts
 */
import { Rng } from '../src/modules/demo/random';
import { drawSample, type Candidate } from '../src/modules/quality/core';
import { createPlan } from '../src/modules/quality/queries';
import { saveScorecard } from '../src/modules/quality/service';
import { SEED_SCORECARDS } from '../src/modules/quality/seeds';
import { createUser } from '../src/modules/auth/service';
import { newId, nowIso } from '../src/db/ids';
import { openTestContext } from '../test/helpers';

const AGENTS = 200;
const CONTACTS = 100_000;
const INSPECTORS = 6;
const from = '2026-11-01';
const to = '2026-11-30';
const cfg = { seed: 1, from, to, perInspectorPerDay: 60, minPerAgentPerWeek: 2, riskShare: 0.5, longHandleS: 600, workdays: [1, 2, 3, 4, 5, 6, 7] };

async function main() {
  const r = new Rng(7);
  const agents = Array.from({ length: AGENTS }, (_, i) => `agent${i}`);
  const cands: Candidate[] = Array.from({ length: CONTACTS }, (_, i) => {
    const t = Date.parse(`${from}T00:00:00+08:00`) + r.next() * 30 * 86_400_000;
    const at = new Date(t).toISOString();
    return { kind: 'contact', id: `c${i}`, agentId: r.pick(agents), projectId: 'p', at, day: new Date(t + 8 * 3600_000).toISOString().slice(0, 10), complaint: r.chance(0.05), reopened: r.chance(0.02), dissatisfied: r.chance(0.01) };
  });
  const inspectors = Array.from({ length: INSPECTORS }, (_, i) => `qa${i}`);
  const times: number[] = [];
  let drawn = 0;
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    const s = drawSample({ candidates: cands, inspectors, newAgents: new Set(agents.slice(0, 10)), fallingAgents: new Set(agents.slice(10, 20)), excluded: new Set() }, { ...cfg, seed: k });
    times.push(performance.now() - t0);
    drawn = s.items.length;
  }
  console.log(`pure draw: ${CONTACTS} candidates, ${AGENTS} agents, ${INSPECTORS} inspectors → ${drawn} items; ms per run: ${times.map((x) => x.toFixed(0)).join(', ')}`);

  const { ctx, cleanup } = await openTestContext();
  try {
    const db = ctx.store.db;
    const ts = nowIso();
    const orgId = newId();
    await db.insertInto('organisations').values({ id: orgId, name: 'bench', code: 'bench', created_at: ts, updated_at: ts }).execute();
    const projectId = newId();
    await db.insertInto('projects').values({ id: projectId, org_id: orgId, code: 'B', name: 'bench', kind: 'residential', address: null, time_zone: 'Asia/Shanghai', created_at: ts, updated_at: ts }).execute();
    const userIds: string[] = [];
    for (let i = 0; i < AGENTS; i++) userIds.push(await createUser(db, { orgId, username: `a${i}`, displayName: `a${i}`, role: 'agent', password: 'bench-password-1' }));
    const qaIds: string[] = [];
    for (let i = 0; i < INSPECTORS; i++) qaIds.push(await createUser(db, { orgId, username: `q${i}`, displayName: `q${i}`, role: 'qa', password: 'bench-password-1' }));
    const rows = cands.map((c, i) => ({ id: newId(), org_id: orgId, project_id: projectId, channel: 'phone' as const, category: c.complaint ? ('complaint' as const) : ('enquiry' as const), occurred_at: c.at, caller_name: null, caller_phone: null, party_id: null, unit_id: null, summary: `c${i}`, handled_on_spot: 1, order_id: null, owner_id: userIds[Number(c.agentId.slice(5))], created_at: c.at }));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('contacts').values(rows.slice(i, i + 500)).execute();
    const actor = { userId: qaIds[0], orgId, username: 'q0', displayName: 'q0', role: 'qa' as const, projectIds: 'all' as const, partyId: null, unitIds: [], via: 'session' as const };
    const card = await saveScorecard(db, actor, SEED_SCORECARDS[0]);
    const t0 = performance.now();
    const { sample } = await createPlan(db, actor, { name: 'bench', scorecardId: card.id, projectId: null, kinds: ['contact'], inspectorIds: qaIds, config: cfg }, undefined);
    console.log(`plan through the database (${ctx.config.databaseUrl ? 'PostgreSQL' : 'SQLite'}): ${sample.items.length} items drawn and stored in ${(performance.now() - t0).toFixed(0)} ms`);
  } finally {
    await cleanup();
  }
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
