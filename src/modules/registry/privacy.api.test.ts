import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, multipart, type TestEnv } from '../../../test/helpers';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => env?.close());

const ID = '440305198807150015';

describe('ID numbers stay out of logs and responses', () => {
  it('are stored protected, shown masked and never written to the log, even on errors', async () => {
    const admin = await login(env.app, 'admin');
    const created = await admin.inject('POST', '/api/parties', { kind: 'person', name: '陈某', idNumber: ID, phones: ['13511112222'], units: [{ unitId: env.fx.unitA1, role: 'family' }] });
    expect(created.statusCode).toBe(201);
    // invalid variants and a failing request that carries the number
    await admin.inject('POST', '/api/parties', { kind: 'person', name: '陈某', idNumber: ID.slice(0, 17) + '9' }); // wrong check digit
    await admin.inject('POST', '/api/parties', { kind: 'nobody', name: '', idNumber: ID });
    await admin.inject('PATCH', `/api/parties/${created.json().id}`, { idNumber: ID, phones: ['bad'] });
    const csv = `项目编码,楼栋,房号,面积,客户姓名,证件号码\nPA,1号楼,1-1999,90,某某,${ID}\nPA,1号楼,1-2000,90.999,某某二,${ID}`;
    const m = multipart({ name: 'u.csv', content: Buffer.from(csv) }, { wait: '1' });
    const imp = await env.app.inject({ method: 'POST', url: '/api/registry/import', payload: m.payload, headers: { ...admin.headers, ...m.headers } });
    expect(imp.statusCode).toBe(422);

    const got = await admin.inject('GET', `/api/parties/${created.json().id}`);
    expect(got.json().idNumberMasked).toBe('440***********0015');
    for (const body of [got.body, imp.body, (await admin.inject('GET', '/api/parties?q=' + encodeURIComponent('陈某'))).body]) expect(body).not.toContain(ID);

    const row = await env.ctx.store.db.selectFrom('parties').selectAll().where('id', '=', created.json().id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(ID);
    expect(env.ctx.secrets.decrypt(row.id_number_cipher!)).toBe(ID);

    const log = env.logs.join('\n');
    expect(log.length).toBeGreaterThan(100); // the logger did record these requests
    expect(log).not.toContain(ID);
    expect(log).not.toContain(ID.slice(0, 17));
    expect(log).not.toMatch(/sw_session=/);
  });
});
