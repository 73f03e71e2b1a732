import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';

let env: TestEnv;
let desk: Session;
let deskB: Session;

beforeAll(async () => {
  env = await createTestEnv();
  await createUser(env.ctx.store.db, { orgId: env.fx.orgId, username: 'frontdesk', displayName: '刘娜', role: 'front_desk', password: PASSWORD, projectIds: [env.fx.projectA] });
  desk = await login(env.app, 'frontdesk');
  deskB = await login(env.app, 'agent_b');
});
afterAll(async () => env?.close());

describe('front-desk ledgers', () => {
  it('visitors: registered with a masked ID, listed while in, checked out once', async () => {
    const { projectA, unitA1 } = env.fx;
    const v = await ok(await desk.inject('POST', '/api/ledgers/visitors', { projectId: projectA, visitorName: '赵六', visitorPhone: '13700001111', idNumber: '310101199001011234', hostUnitId: unitA1, hostName: '张伟', purpose: '送装修图纸', waitingPlace: '大堂休息区', plate: '沪a 88888' }), 201);
    expect(v).toMatchObject({ status: 'in', idNumberMasked: '310***********1234', plate: '沪A88888', hostUnitId: unitA1, minutes: null });
    expect(JSON.stringify(v)).not.toContain('310101199001011234');
    const stored = await env.ctx.store.db.selectFrom('visitors').selectAll().where('id', '=', v.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain('199001011234');
    expect((await desk.inject('POST', '/api/ledgers/visitors', { projectId: projectA, visitorName: 'x', purpose: 'y', plate: 'ABC' })).statusCode).toBe(400);
    expect((await desk.inject('POST', '/api/ledgers/visitors', { projectId: projectA, visitorName: 'x', purpose: 'y', hostUnitId: env.fx.unitB1 })).statusCode).toBe(404);
    const inNow = await ok(await desk.inject('GET', `/api/ledgers/visitors?projectId=${projectA}&open=1&q=赵`));
    expect(inNow.items.map((x: any) => x.id)).toEqual([v.id]);
    const out = await ok(await desk.inject('POST', `/api/ledgers/visitors/${v.id}/checkout`, {}));
    expect(out.status).toBe('out');
    expect(out.minutes).toBeGreaterThanOrEqual(0);
    expect((await desk.inject('POST', `/api/ledgers/visitors/${v.id}/checkout`, {})).statusCode).toBe(409);
    expect((await desk.inject('PATCH', `/api/ledgers/visitors/${v.id}`, { purpose: '改' })).statusCode).toBe(409);
  });

  it('parking permits and vehicle access: a permit makes a car a resident car; overlapping permits are refused', async () => {
    const { projectA, partyA1, unitA1 } = env.fx;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const p = await ok(await desk.inject('POST', '/api/ledgers/parking-permits', { projectId: projectA, plate: '沪B12345', kind: 'monthly', partyId: partyA1, holderName: '张伟', unitId: unitA1, validFrom: today, validTo: '2099-12-31' }), 201);
    expect(p.permitNo).toMatch(/^TC\d{12}$/);
    expect(p.effectiveStatus).toBe('active');
    expect((await desk.inject('POST', '/api/ledgers/parking-permits', { projectId: projectA, plate: '沪 b12345', kind: 'temporary', holderName: '张伟', validFrom: today, validTo: today })).statusCode).toBe(409);
    const check = await ok(await desk.inject('GET', `/api/ledgers/parking-permits/check?projectId=${projectA}&plate=沪b12345`));
    expect(check).toMatchObject({ plate: '沪B12345', valid: true, inside: false });
    const car = await ok(await desk.inject('POST', '/api/ledgers/vehicles', { projectId: projectA, plate: '沪B12345' }), 201);
    expect(car.kind).toBe('resident');
    const guest = await ok(await desk.inject('POST', '/api/ledgers/vehicles', { projectId: projectA, plate: '苏E67890', purpose: '访友' }), 201);
    expect(guest.kind).toBe('visitor');
    expect((await ok(await desk.inject('GET', `/api/ledgers/parking-permits/check?projectId=${projectA}&plate=沪B12345`))).inside).toBe(true);
    const left = await ok(await desk.inject('POST', `/api/ledgers/vehicles/${guest.id}/exit`, { feeFen: 1000 }));
    expect(left).toMatchObject({ status: 'out', feeFen: 1000 });
    expect((await ok(await desk.inject('GET', `/api/ledgers/vehicles?projectId=${projectA}&status=in`))).items.map((x: any) => x.plate)).toEqual(['沪B12345']);
    const revoked = await ok(await desk.inject('POST', `/api/ledgers/parking-permits/${p.id}/revoke`, { reason: '车位转租' }));
    expect(revoked).toMatchObject({ status: 'revoked', effectiveStatus: 'revoked', revokeReason: '车位转租' });
    expect((await ok(await desk.inject('GET', `/api/ledgers/parking-permits/check?projectId=${projectA}&plate=沪B12345`))).valid).toBe(false);
  });

  it('keys: issued, overdue when not back in time, returned', async () => {
    const k = await ok(await desk.inject('POST', '/api/ledgers/keys', { projectId: env.fx.projectA, keyLabel: '1-1201 备用钥匙', unitId: env.fx.unitA1, borrowerName: '安居装饰 王师傅', purpose: '业主委托开门', dueBackAt: new Date(Date.now() + 3600_000).toISOString() }), 201);
    expect(k).toMatchObject({ status: 'out', overdue: false });
    expect((await ok(await desk.inject('GET', `/api/ledgers/keys?projectId=${env.fx.projectA}&overdue=1`))).items).toEqual([]);
    // The hour passes (moved back rather than waited for).
    await env.ctx.store.db.updateTable('key_loans').set({ due_back_at: new Date(Date.now() - 60_000).toISOString() }).where('id', '=', k.id).execute();
    const overdue = await ok(await desk.inject('GET', `/api/ledgers/keys?projectId=${env.fx.projectA}&overdue=1`));
    expect(overdue.items.map((x: any) => [x.id, x.overdue])).toEqual([[k.id, true]]);
    expect((await ok(await desk.inject('POST', `/api/ledgers/keys/${k.id}/return`, {}))).status).toBe('returned');
  });

  it('mail and parcels: received → notified (through the outbox) → delivered and signed for', async () => {
    const m = await ok(await desk.inject('POST', '/api/ledgers/mail', { projectId: env.fx.projectA, kind: 'parcel', carrier: '顺丰', trackingNo: 'SF1234567890', recipientName: '李娜', recipientUnitId: env.fx.unitA2, recipientPhone: '13900002222', storagePlace: '前台货架 A3' }), 201);
    expect(m.status).toBe('received');
    expect((await desk.inject('POST', `/api/ledgers/mail/${m.id}/deliver`, {})).statusCode).toBe(400);
    await ok(await desk.inject('POST', `/api/ledgers/mail/${m.id}/notify`, { channel: 'sms' }));
    const queued = await env.ctx.store.db.selectFrom('outbox').select(['topic', 'payload_json']).where('topic', '=', 'ledger.mail_arrived').execute();
    expect(queued).toHaveLength(1);
    expect(JSON.parse(queued[0].payload_json)).toMatchObject({ mailId: m.id, storagePlace: '前台货架 A3' });
    const d = await ok(await desk.inject('POST', `/api/ledgers/mail/${m.id}/deliver`, { signedBy: '李娜' }));
    expect(d).toMatchObject({ status: 'delivered', signedBy: '李娜' });
    expect((await ok(await desk.inject('GET', `/api/ledgers/mail?projectId=${env.fx.projectA}&q=SF1234`))).items).toHaveLength(1);
  });

  it('lost and found: returned to the owner; disposal only after the keeping period', async () => {
    const item = await ok(await desk.inject('POST', '/api/ledgers/lost-found', { projectId: env.fx.projectA, item: '黑色钱包', description: '内有银行卡两张', foundPlace: '3号楼电梯', finderName: '保洁 陈阿姨', storagePlace: '前台保险柜' }), 201);
    expect(item).toMatchObject({ status: 'found', mayDispose: false });
    expect((await desk.inject('POST', `/api/ledgers/lost-found/${item.id}/dispose`, { note: '无人认领' })).json().error.code).toBe('ledgers.keep_period');
    const old = await ok(await desk.inject('POST', '/api/ledgers/lost-found', { projectId: env.fx.projectA, item: '雨伞', foundPlace: '大堂', foundAt: new Date(Date.now() - 100 * 86_400_000).toISOString() }), 201);
    expect(old.mayDispose).toBe(true);
    expect((await ok(await desk.inject('POST', `/api/ledgers/lost-found/${old.id}/dispose`, { note: '保管期满，捐赠' }))).status).toBe('disposed');
    const back = await ok(await desk.inject('POST', `/api/ledgers/lost-found/${item.id}/return`, { claimantName: '孙强', claimantPhone: '13600003333', idNumber: '320102198805050011' }));
    expect(back).toMatchObject({ status: 'returned', claimantName: '孙强', claimantIdMasked: '320***********0011' });
  });

  it('keeps other projects out and needs the ledger rights', async () => {
    const list = await ok(await deskB.inject('GET', '/api/ledgers/visitors'));
    expect(list.items).toEqual([]);
    const any = (await ok(await desk.inject('GET', '/api/ledgers/visitors'))).items[0];
    expect((await deskB.inject('GET', `/api/ledgers/visitors/${any.id}`)).statusCode).toBe(403);
    const tech = await login(env.app, 'tech');
    expect((await tech.inject('GET', '/api/ledgers/visitors')).statusCode).toBe(403);
  });
});
