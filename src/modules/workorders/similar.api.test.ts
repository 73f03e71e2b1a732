/**
 * The desk's duplicate check reads flags and cached bigrams instead of every candidate's texts and
 * ids (issue 17, order creation third round). Its answers must be the ones of the full read: the
 * previous implementation is kept here as the reference and both are compared over a mix of
 * orders (same unit / caller, categories, similar and unrelated texts, closed, other project), with
 * cold and warm caches. Runs on SQLite and on PostgreSQL (DATABASE_URL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/helpers';
import { loadActor } from '../auth/service';
import type { Actor } from '../auth/permissions';
import { bigrams, bigramSimilarity, SIMILAR_THRESHOLD, similarOpenOrders, similarOpenOrdersBrief, type SimilarQuery } from './board';
import { orderQuery } from './queries';
import { createWorkOrderAlone, transitionInTx } from './service';

let env: TestEnv;
let agent: Actor;
beforeAll(async () => {
  env = await createTestEnv();
  agent = (await loadActor(env.ctx.store.db, env.fx.users.agent_a, 'session'))!;
});
afterAll(() => env.close());

/** The duplicate check as it was before this round: every candidate's columns read and compared in memory. */
async function reference(actor: Actor, s: SimilarQuery, limit = 10) {
  let q = orderQuery(env.ctx.store.db, env.ctx.store.dialect, actor, { queue: 'open' });
  if (s.projectId) q = q.where('o.project_id', '=', s.projectId);
  q = q.where((eb) =>
    eb.or([
      ...(s.unitId ? [eb('o.unit_id', '=', s.unitId)] : []),
      ...(s.partyId ? [eb('o.party_id', '=', s.partyId)] : []),
      ...(s.text && s.projectId ? [eb('o.created_at', '>=', new Date(Date.now() - 30 * 86_400_000).toISOString())] : []),
    ]),
  );
  if (!s.unitId && !s.partyId && !(s.text && s.projectId)) return [];
  const rows = await q.clearSelect().select(['o.id', 'o.title', 'o.description', 'o.unit_id', 'o.party_id', 'o.category']).orderBy('o.created_at', 'desc').limit(500).execute();
  const want = bigrams(s.text);
  const out: Array<{ id: string; reasons: string[]; similarity: number }> = [];
  for (const r of rows) {
    const reasons: string[] = [];
    const sameCategory = !!s.category && r.category === s.category;
    if (s.unitId && r.unit_id === s.unitId && sameCategory) reasons.push('same_unit_category');
    if (s.partyId && r.party_id === s.partyId && sameCategory) reasons.push('same_caller_category');
    const sim = want.size ? bigramSimilarity(want, bigrams(`${r.title} ${r.description ?? ''}`)) : 0;
    if (sim >= SIMILAR_THRESHOLD) reasons.push('similar_text');
    if (!s.category && !reasons.length && ((s.unitId && r.unit_id === s.unitId) || (s.partyId && r.party_id === s.partyId))) reasons.push(s.unitId && r.unit_id === s.unitId ? 'same_unit' : 'same_caller');
    if (reasons.length) out.push({ id: r.id, reasons, similarity: Math.round(sim * 100) / 100 });
  }
  const rank = (x: (typeof out)[number]) => (x.reasons.some((r) => r.endsWith('_category')) ? 2 : 0) + x.similarity;
  return out.sort((a, b) => rank(b) - rank(a)).slice(0, limit);
}

describe('duplicate check: same answers as reading every candidate', () => {
  it('matches the full read for units, callers, categories and texts, cold and warm', async () => {
    const { fx } = env;
    const mk = (o: { title: string; description?: string; category?: string; unitId?: string; partyId?: string; projectId?: string }) =>
      createWorkOrderAlone(env.ctx, agent, { kind: 'repair', projectId: o.projectId ?? fx.projectA, ...o });
    // Created through the service, not the route: the text cache has never seen these orders.
    const leak = await mk({ title: '卫生间水管漏水', description: '地面积水，楼下天花板渗水', category: '水电', unitId: fx.unitA1, partyId: fx.partyA1 });
    await mk({ title: '卫生间漏水', category: '水电', unitId: fx.unitA2 });
    await mk({ title: '厨房水龙头漏水', category: '水电', partyId: fx.partyA1 });
    await mk({ title: '电梯异响', description: '三号电梯运行时有异响', category: '电梯', unitId: fx.unitA1 });
    await mk({ title: '楼道灯不亮', category: '公共照明' });
    await mk({ title: '楼道灯坏了不亮', description: null as unknown as string, category: '公共照明' });
    await mk({ title: '门禁卡失灵', unitId: fx.unitA1 });
    await mk({ title: '卫生间水管漏水', category: '水电', projectId: fx.projectB, unitId: fx.unitB1 });
    // A closed order is no candidate.
    const done = await mk({ title: '卫生间水管漏水了', category: '水电', unitId: fx.unitA1 });
    const cancelled = await env.ctx.store.db.transaction().execute((trx) => transitionInTx(env.ctx, trx, agent, done.id, 'cancel', { at: new Date().toISOString(), reason: '重复' }));
    expect(cancelled.order.state).toBe('cancelled');
    const queries: SimilarQuery[] = [
      { projectId: fx.projectA, unitId: fx.unitA1, category: '水电', text: '卫生间水管又漏水了' },
      { projectId: fx.projectA, unitId: fx.unitA1, text: '门禁' },
      { projectId: fx.projectA, unitId: fx.unitA1 },
      { unitId: fx.unitA1, category: '水电' },
      { partyId: fx.partyA1, category: '水电' },
      { partyId: fx.partyA1 },
      { projectId: fx.projectA, partyId: fx.partyA1, unitId: fx.unitA2, category: '电梯', text: '漏水' },
      { projectId: fx.projectA, text: '楼道的灯不亮了' },
      { projectId: fx.projectA, text: '绿化带被占用' },
      { projectId: fx.projectA, category: '水电' },
      { text: '卫生间漏水' },
    ];
    let nonEmpty = 0;
    for (const round of ['cold', 'warm']) {
      for (const s of queries) {
        const want = await reference(agent, s);
        const got = await similarOpenOrders(env.ctx.store.db, env.ctx, agent, s);
        const brief = await similarOpenOrdersBrief(env.ctx.store.db, env.ctx, agent, s);
        const strip = (xs: Array<{ row: { id: string }; reasons: string[]; similarity: number }>) => xs.map((x) => ({ id: x.row.id, reasons: x.reasons, similarity: x.similarity }));
        expect(strip(got), `${round} ${JSON.stringify(s)}`).toEqual(want);
        expect(strip(brief), `${round} ${JSON.stringify(s)}`).toEqual(want);
        if (want.length) nonEmpty++;
      }
    }
    // The comparison is not vacuous: most queries find something, and the leak is found by its text.
    expect(nonEmpty).toBeGreaterThanOrEqual(14);
    const byText = await similarOpenOrdersBrief(env.ctx.store.db, env.ctx, agent, { projectId: fx.projectA, text: '卫生间水管又漏水了' });
    expect(byText.find((x) => x.row.id === leak.id)).toMatchObject({ reasons: ['similar_text'], row: { id: leak.id, number: leak.number, state: 'received' } });
  });
});
