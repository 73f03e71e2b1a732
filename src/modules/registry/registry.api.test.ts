import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, type Session, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await login(env.app, 'admin');
});
afterAll(async () => env?.close());

describe('registry CRUD', () => {
  it('creates project → phase → building → unit → party with phones, and reads them back', async () => {
    const p = await admin.inject('POST', '/api/projects', { code: 'LY', name: '绿苑小区', kind: 'residential', address: '杭州市西湖区' });
    expect(p.statusCode).toBe(201);
    const projectId = p.json().id;
    const ph = await admin.inject('POST', `/api/projects/${projectId}/phases`, { name: '一期', seq: 1 });
    expect(ph.statusCode).toBe(201);
    const b = await admin.inject('POST', '/api/buildings', { projectId, phaseId: ph.json().id, name: '3幢', floors: 11 });
    expect(b.statusCode).toBe(201);
    const u = await admin.inject('POST', '/api/units', { buildingId: b.json().id, number: '3-601', floor: 6, areaM2: '101.25', type: 'residence', state: 'vacant' });
    expect(u.statusCode).toBe(201);
    const unit = (await admin.inject('GET', `/api/units/${u.json().id}`)).json();
    expect(unit).toMatchObject({ number: '3-601', areaM2: 101.25, state: 'vacant', buildingName: '3幢', projectId });

    const party = await admin.inject('POST', '/api/parties', {
      kind: 'person', name: '王秀英', idNumber: '11010519491231002X', phones: ['139 0571 2345', '0571-87654321 转 12'],
      units: [{ unitId: u.json().id, role: 'owner', moveInDate: '2024-06-01' }],
    });
    expect(party.statusCode).toBe(201);
    const got = (await admin.inject('GET', `/api/parties/${party.json().id}`)).json();
    expect(got.name).toBe('王秀英');
    expect(got.idNumberMasked).toBe('110***********002X');
    expect(JSON.stringify(got)).not.toContain('11010519491231002X');
    expect(got.phones.map((x: any) => x.display).sort()).toEqual(['0571-87654321 转 12', '139 0571 2345']);
    expect(got.units[0]).toMatchObject({ unitNumber: '3-601', role: 'owner', moveInDate: '2024-06-01' });

    const patched = await admin.inject('PATCH', `/api/units/${u.json().id}`, { state: 'occupied', areaM2: 101.3 });
    expect(patched.statusCode).toBe(200);
    expect((await admin.inject('GET', `/api/units/${u.json().id}`)).json()).toMatchObject({ state: 'occupied', areaM2: 101.3 });

    const moveOut = await admin.inject('PATCH', `/api/party-units/${got.units[0].relationId}`, { moveOutDate: '2024-05-01' });
    expect(moveOut.statusCode).toBe(400);
    const moveOut2 = await admin.inject('PATCH', `/api/party-units/${got.units[0].relationId}`, { moveOutDate: '2025-09-30' });
    expect(moveOut2.statusCode).toBe(200);

    // A building with units cannot be deleted; the unit with a party cannot either.
    expect((await admin.inject('DELETE', `/api/buildings/${b.json().id}`)).statusCode).toBe(409);
    expect((await admin.inject('DELETE', `/api/units/${u.json().id}`)).statusCode).toBe(409);
  });

  it('rejects duplicates with 409 and a message, not 500', async () => {
    const dup = await admin.inject('POST', '/api/units', { buildingId: env.fx.buildingA, number: '1-1201', areaM2: 80, type: 'residence', state: 'vacant' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('conflict.duplicate');
    expect(dup.json().error.message).toMatch(/已存在/);
  });

  it('rejects bad areas, phones and ID numbers with field messages', async () => {
    const area = await admin.inject('POST', '/api/units', { buildingId: env.fx.buildingA, number: 'X-1', areaM2: '12.345', type: 'residence', state: 'vacant' });
    expect(area.statusCode).toBe(400);
    expect(area.json().error.message).toContain('面积');
    const phone = await admin.inject('POST', '/api/parties', { kind: 'person', name: '某人', phones: ['12345'] });
    expect(phone.statusCode).toBe(400);
    expect(phone.json().error.code).toBe('validation.phone');
    const id = await admin.inject('POST', '/api/parties', { kind: 'person', name: '某人', idNumber: '110105194912310021' });
    expect(id.statusCode).toBe(400);
    expect(id.json().error.code).toBe('validation.id_number');
    const missing = await admin.inject('POST', '/api/units', { number: 'X-1' }, { 'accept-language': 'en' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/^Invalid request/);
    expect(missing.json().error.details.map((d: any) => d.path)).toEqual(expect.arrayContaining(['body.buildingId', 'body.areaM2']));
  });

  it('searches parties by name, phone (with or without area code) and unit number', async () => {
    const byName = (await admin.inject('GET', '/api/parties?q=' + encodeURIComponent('张'))).json();
    expect(byName.items.map((p: any) => p.name)).toContain('张伟');
    const byMobile = (await admin.inject('GET', '/api/parties?q=138-1234-5678')).json();
    expect(byMobile.items.map((p: any) => p.id)).toEqual([env.fx.partyA1]);
    const byLocal = (await admin.inject('GET', '/api/parties?q=62345678')).json();
    expect(byLocal.items.map((p: any) => p.id)).toEqual([env.fx.partyA2]);
    const byUnit = (await admin.inject('GET', '/api/parties?q=A-1501')).json();
    expect(byUnit.items.map((p: any) => p.id)).toEqual([env.fx.partyB1]);
    const lookup = (await admin.inject('GET', '/api/lookup/phone?number=' + encodeURIComponent('(021)6234-5678'))).json();
    expect(lookup.parties[0].units[0].unitNumber).toBe('1-1202');
  });

  it('a name holding digits is searched as a name, not as a phone (张伟 has 138-1234-5678)', async () => {
    const made = await admin.inject('POST', '/api/parties', { kind: 'company', name: '测试客户5678' });
    expect(made.statusCode).toBe(201);
    const byName = (await admin.inject('GET', '/api/parties?q=' + encodeURIComponent('测试客户5678'))).json();
    expect(byName.items.map((p: any) => p.id)).toEqual([made.json().id]);
    // The bare digits still reach the phone.
    const byDigits = (await admin.inject('GET', '/api/parties?q=5678')).json();
    expect(byDigits.items.map((p: any) => p.id)).toContain(env.fx.partyA1);
  });

  it('pages and filters units', async () => {
    const page1 = (await admin.inject('GET', `/api/units?projectId=${env.fx.projectA}&pageSize=1&page=1`)).json();
    const page2 = (await admin.inject('GET', `/api/units?projectId=${env.fx.projectA}&pageSize=1&page=2`)).json();
    expect(page1.total).toBeGreaterThanOrEqual(2);
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0].id).not.toBe(page2.items[0].id);
    const occupied = (await admin.inject('GET', `/api/units?projectId=${env.fx.projectB}&state=occupied`)).json();
    expect(occupied.items.map((u: any) => u.number)).toEqual(['A-1501']);
  });

  it('manages parking spaces', async () => {
    const c = await admin.inject('POST', '/api/parking-spaces', { projectId: env.fx.projectA, code: 'B1-001', kind: 'rented', state: 'occupied', unitId: env.fx.unitA1, plate: '沪A12345' });
    expect(c.statusCode).toBe(201);
    const list = (await admin.inject('GET', `/api/parking-spaces?q=${encodeURIComponent('沪A')}`)).json();
    expect(list.items.map((x: any) => x.code)).toContain('B1-001');
  });

  it('serves health, OpenAPI and docs', async () => {
    const h = await env.app.inject({ method: 'GET', url: '/api/health' });
    expect(h.json()).toMatchObject({ status: 'ok' });
    const o = (await env.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(o.openapi).toMatch(/^3\./);
    expect(Object.keys(o.paths)).toEqual(expect.arrayContaining(['/api/units', '/api/parties', '/api/auth/login']));
    const d = await env.app.inject({ method: 'GET', url: '/docs/' });
    expect([200, 302]).toContain(d.statusCode);
  });
});
