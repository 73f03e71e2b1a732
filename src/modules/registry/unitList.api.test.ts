import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../db/ids';
import { createTestEnv, login, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
  const { db } = env.ctx.store;
  const { orgId, projectA, projectB } = env.fx;
  const ts = new Date().toISOString();
  // Same-named buildings in two projects (common: every estate has a 1号楼), with clashing unit
  // numbers, so the list must interleave them by number exactly as one sort over all units would.
  const b1B = newId();
  const b2A = newId();
  const bAzA = newId();
  await db
    .insertInto('buildings')
    .values([
      { id: b1B, org_id: orgId, project_id: projectB, phase_id: null, name: '1号楼', floors: 10, created_at: ts, updated_at: ts },
      { id: b2A, org_id: orgId, project_id: projectA, phase_id: null, name: '2号楼', floors: 10, created_at: ts, updated_at: ts },
      { id: bAzA, org_id: orgId, project_id: projectA, phase_id: null, name: 'A座', floors: 10, created_at: ts, updated_at: ts },
    ])
    .execute();
  const rows = [];
  for (let i = 0; i < 9; i++) {
    for (const [b, p] of [[env.fx.buildingA, projectA], [b1B, projectB], [b2A, projectA], [bAzA, projectA]] as const) {
      rows.push({
        id: newId(), org_id: orgId, project_id: p, building_id: b, number: `1-${1100 + i * 3 + (b === b2A ? 1 : 0)}`, floor: 11, area_centi_m2: 9000 + i,
        type: i % 3 ? ('residence' as const) : ('shop' as const), state: i % 2 ? ('occupied' as const) : ('vacant' as const), created_at: ts, updated_at: ts,
      });
    }
  }
  await db.insertInto('units').values(rows).execute();
});
afterAll(async () => env?.close());

/** What the list answered before issue 17's third round: one join, sorted by building name and number (id for ties). */
async function reference(projectIds: string[] | null, f: { state?: 'occupied' | 'vacant'; type?: 'shop'; projectId?: string; q?: string } = {}) {
  let q = env.ctx.store.db
    .selectFrom('units')
    .innerJoin('buildings', 'buildings.id', 'units.building_id')
    .select(['units.id', 'units.number', 'buildings.name'])
    .where('units.org_id', '=', env.fx.orgId);
  if (projectIds) q = q.where('units.project_id', 'in', projectIds);
  if (f.projectId) q = q.where('units.project_id', '=', f.projectId);
  if (f.state) q = q.where('units.state', '=', f.state);
  if (f.type) q = q.where('units.type', '=', f.type);
  if (f.q) q = q.where('units.number', 'like', `%${f.q}%`);
  return (await q.orderBy('buildings.name').orderBy('units.number').orderBy('units.id').execute()).map((r) => `${r.name} ${r.number} ${r.id}`);
}

describe('unit list pages', () => {
  it('give the same units in the same order and total as one sorted join, for every page, scope and filter', async () => {
    const cases: Array<[string, string[] | null, string]> = [
      ['admin', null, ''],
      ['admin', null, 'state=vacant'],
      ['admin', null, 'type=shop'],
      ['admin', null, 'q=110'],
      ['admin', null, `projectId=${env.fx.projectB}`],
      ['agent_a', [env.fx.projectA], ''],
      ['dispatcher', [env.fx.projectA, env.fx.projectB], 'state=occupied'],
    ];
    for (const [user, scope, filter] of cases) {
      const s = await login(env.app, user);
      const params = new URLSearchParams(filter);
      const want = await reference(scope, Object.fromEntries(params) as never);
      expect(want.length).toBeGreaterThan(3);
      for (const pageSize of [1, 4, 7, 500]) {
        const got: string[] = [];
        for (let page = 1; page <= Math.ceil(want.length / pageSize) + 1; page++) {
          const r = await s.inject('GET', `/api/units?pageSize=${pageSize}&page=${page}${filter ? '&' + filter : ''}`);
          expect(r.statusCode).toBe(200);
          const body = r.json();
          expect(body.total).toBe(want.length);
          expect(body.items.length).toBeLessThanOrEqual(pageSize);
          got.push(...body.items.map((u: { buildingName: string; number: string; id: string }) => `${u.buildingName} ${u.number} ${u.id}`));
        }
        expect(got, `${user} ${filter} pageSize ${pageSize}`).toEqual(want);
      }
    }
  });

  it('still keeps residents to their own units', async () => {
    const r = await (await login(env.app, 'resident_a1')).inject('GET', '/api/units?pageSize=50');
    expect(r.json().total).toBe(1);
    expect(r.json().items.map((u: { id: string; buildingName: string }) => [u.id, u.buildingName])).toEqual([[env.fx.unitA1, '1号楼']]);
  });
});
