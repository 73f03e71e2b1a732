/**
 * Staff see the personal data their work needs, no more (issue 10, finding 3): technicians and
 * inspectors have no customer register, see only their work with phones masked off their active
 * orders; attachments need a right to act on the order; writes cannot name another project's
 * customer; inspectors report hazards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/service';
import { createTestEnv, login, multipart, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';

let env: TestEnv;
const s: Record<string, Session> = {};
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PHONE = '13812345678';
let assigned = ''; // dispatched to tech
let other = ''; // dispatched to tech2
let pool = ''; // not yet dispatched

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  const db = env.ctx.store.db;
  const add = (username: string, role: 'inspector' | 'qa' | 'collector' | 'technician', extra: { skills?: string[]; onDuty?: boolean } = {}) =>
    createUser(db, { orgId: fx.orgId, username, displayName: username, role, password: PASSWORD, projectIds: [fx.projectA], ...extra });
  await add('inspector', 'inspector');
  await add('qa', 'qa');
  await add('collector', 'collector');
  await add('tech2', 'technician', { skills: ['水电'], onDuty: true });
  for (const u of ['admin', 'agent_a', 'dispatcher', 'tech', 'tech2', 'inspector', 'qa', 'collector']) s[u] = await login(env.app, u);
  const users = await ok(await s.admin.inject('GET', '/api/users?pageSize=100'));
  const id = (name: string) => users.items.find((u: any) => u.username === name).id as string;
  const order = (title: string) =>
    s.agent_a.inject('POST', '/api/orders', { projectId: fx.projectA, kind: 'repair', category: '水电', title, unitId: fx.unitA1, areaScope: 'unit', partyId: fx.partyA1, contactName: '张先生', contactPhone: PHONE }).then((r) => ok(r, 201));
  assigned = (await order('卫生间漏水')).id;
  other = (await order('厨房漏水')).id;
  pool = (await order('阳台漏水')).id;
  await ok(await s.dispatcher.inject('POST', `/api/orders/${assigned}/actions/dispatch`, { assigneeId: id('tech') }));
  await ok(await s.dispatcher.inject('POST', `/api/orders/${other}/actions/dispatch`, { assigneeId: id('tech2') }));
}, 120_000);
afterAll(async () => env?.close());

const upload = (who: Session, orderId: string) => {
  const m = multipart({ name: 'p.png', content: PNG, type: 'image/png' });
  return env.app.inject({ method: 'POST', url: `/api/orders/${orderId}/attachments`, payload: m.payload, headers: { ...who.headers, ...m.headers } });
};

describe('the customer register is for those whose work needs it', () => {
  it('technicians, inspectors and QA cannot list customers, look up phones or read plates', async () => {
    for (const who of ['tech', 'inspector', 'qa']) {
      for (const url of ['/api/parties', `/api/parties/${env.fx.partyA1}`, `/api/lookup/phone?number=${PHONE}`, '/api/parking-spaces']) {
        const res = await s[who].inject('GET', url);
        expect(res.statusCode, `${who} ${url}`).toBe(403);
        expect(res.body).not.toContain(PHONE);
      }
    }
    // The caller screen is a phone lookup too: the desk's, not QA's or a technician's.
    for (const who of ['tech', 'qa', 'collector']) expect((await s[who].inject('GET', `/api/desk/caller?phone=${PHONE}`)).statusCode, who).toBe(403);
    expect((await s.agent_a.inject('GET', `/api/desk/caller?phone=${PHONE}`)).json().parties[0].name).toBe('张伟');
  });

  it('a unit shows its occupants only to those who may read customers', async () => {
    const forTech = await ok(await s.tech.inject('GET', `/api/units/${env.fx.unitA1}`));
    expect(forTech.number).toBe('1-1201');
    expect(forTech.occupants).toEqual([]);
    expect((await ok(await s.agent_a.inject('GET', `/api/units/${env.fx.unitA1}`))).occupants.map((o: any) => o.name)).toEqual(['张伟']);
  });

  it('collectors keep customers for billing, but not the call log or orders', async () => {
    expect((await ok(await s.collector.inject('GET', `/api/parties?q=${PHONE}`))).items.map((p: any) => p.name)).toEqual(['张伟']);
    for (const url of ['/api/contacts', '/api/orders', `/api/orders/${assigned}`]) expect((await s.collector.inject('GET', url)).statusCode, url).toBe(403);
  });

  it('a resident still reads their own party', async () => {
    const r = await login(env.app, 'resident_a1');
    expect((await ok(await r.inject('GET', `/api/parties/${env.fx.partyA1}`))).name).toBe('张伟');
    expect((await r.inject('GET', `/api/parties/${env.fx.partyA2}`)).statusCode).toBe(403);
    expect((await ok(await r.inject('GET', '/api/parties'))).items.map((p: any) => p.id)).toEqual([env.fx.partyA1]);
  });
});

describe('technicians see their work, with the phone only while they do it', () => {
  it('lists and reads alike: own orders and the grab pool, not a colleague’s', async () => {
    const list = await ok(await s.tech.inject('GET', '/api/orders?pageSize=100'));
    expect(list.items.map((o: any) => o.id).sort()).toEqual([assigned, pool].sort());
    const res = await s.tech.inject('GET', `/api/orders/${other}`);
    expect(res.statusCode).toBe(403);
    expect(res.body).not.toContain('厨房');
    expect((await s.tech.inject('GET', `/api/orders?q=${encodeURIComponent('厨房')}`)).json().total).toBe(0);
  });

  it('the grab pool shows what is needed to decide: no name, no phone', async () => {
    const list = await ok(await s.tech.inject('GET', '/api/orders?queue=unassigned&kind=repair'));
    expect(list.items.map((o: any) => o.id)).toEqual([pool]);
    expect(list.items[0]).toMatchObject({ category: '水电', unitNumber: '1-1201', contactPhone: null, contactName: null, partyName: null });
    const detail = await ok(await s.tech.inject('GET', `/api/orders/${pool}`));
    expect(detail.partyPhones).toEqual([]);
    expect(JSON.stringify(detail)).not.toMatch(/5678|张/);
  });

  it('full phone on the active assigned order, masked once the work is done', async () => {
    const active = await ok(await s.tech.inject('GET', `/api/orders/${assigned}`));
    expect(active.contactPhone).toBe(PHONE);
    expect(active.partyName).toBe('张伟');
    expect(active.partyPhones.join()).toMatch(/1234/);
    for (const action of ['accept', 'arrive', 'start_work']) await ok(await s.tech.inject('POST', `/api/orders/${assigned}/actions/${action}`, {}));
    expect((await ok(await s.tech.inject('POST', `/api/orders/${assigned}/actions/complete`, { note: `已修好，业主电话 ${PHONE}` }))).contactPhone).toBe('138****5678');
    const done = await ok(await s.tech.inject('GET', `/api/orders/${assigned}`));
    expect(done.state).toBe('awaiting_visit');
    expect(done.contactPhone).toBe('138****5678');
    expect(done.partyPhones).toEqual([expect.stringMatching(/^138 ?\*{4} ?5678$/)]);
    expect(JSON.stringify(done)).not.toContain(PHONE);
    expect(done.events.find((e: any) => e.action === 'complete').note).toBe('已修好，业主电话 138****5678');
    // The desk still sees it whole.
    expect((await ok(await s.agent_a.inject('GET', `/api/orders/${assigned}`))).contactPhone).toBe(PHONE);
  });
});

describe('adding attachments needs a right to act on the order', () => {
  it('QA, an inspector and a technician who is not on the job are refused', async () => {
    const hazard = await ok(await s.dispatcher.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'hazard', title: '消防通道堵塞', areaScope: 'public', buildingId: env.fx.buildingA }), 201);
    for (const [who, id] of [['qa', other], ['inspector', hazard.id], ['tech', other], ['tech', pool], ['tech', assigned]] as const) {
      const res = await upload(s[who], id);
      expect(res.statusCode, `${who} → ${id}`).toBe(403);
    }
    expect((await env.ctx.store.db.selectFrom('attachments').select('id').execute()).length).toBe(0);
  });

  it('the assignee at work, the desk and the dispatcher may; reading follows the order', async () => {
    const mine = await upload(s.tech2, other); // dispatched to tech2: active work
    expect(mine.statusCode).toBe(201);
    for (const who of ['agent_a', 'dispatcher']) expect((await upload(s[who], other)).statusCode, who).toBe(201);
    const url = mine.json().url as string;
    expect((await s.tech2.inject('GET', url)).statusCode).toBe(200);
    expect((await s.qa.inject('GET', url)).statusCode).toBe(200);
    expect((await s.tech.inject('GET', url)).statusCode).toBe(403);
  });
});

describe('writes name only customers of the order’s project', () => {
  it("an agent of project A cannot put project B's customer on an order or a contact, and learns nothing of them", async () => {
    const { fx } = env;
    for (const [url, body] of [
      ['/api/orders', { projectId: fx.projectA, kind: 'repair', title: '漏水', partyId: fx.partyB1 }],
      ['/api/contacts', { projectId: fx.projectA, channel: 'phone', category: 'unit_repair', partyId: fx.partyB1, summary: '漏水', order: {} }],
    ] as const) {
      const res = await s.agent_a.inject('POST', url, body);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('orders.party_out_of_project');
      expect(res.body).not.toContain('星河');
    }
    // Not even an organisation-wide admin puts project B's customer on a project A order.
    expect((await s.admin.inject('POST', '/api/orders', { projectId: fx.projectA, kind: 'repair', title: '漏水', partyId: fx.partyB1 })).statusCode).toBe(400);
    expect((await s.admin.inject('POST', '/api/parking-spaces', { projectId: fx.projectA, code: 'P-1', kind: 'owned', state: 'occupied', partyId: fx.partyB1 })).statusCode).toBe(400);
    // A customer of the project is fine.
    expect((await s.agent_a.inject('POST', '/api/contacts', { projectId: fx.projectA, channel: 'phone', category: 'enquiry', partyId: fx.partyA2, summary: '咨询', handledOnSpot: true })).statusCode).toBe(201);
  });
});

describe('inspectors report hazards', () => {
  it('a hazard is created (201); other kinds are refused with a clear message', async () => {
    const created = await s.inspector.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'hazard', title: '配电房门锁损坏', areaScope: 'public', buildingId: env.fx.buildingA, severity: 'high' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'hazard', state: 'reported' });
    expect((await upload(s.inspector, created.json().id)).statusCode).toBe(201); // their own report
    const repair = await s.inspector.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', title: '漏水' });
    expect(repair.statusCode).toBe(403);
    expect(repair.json().error.code).toBe('orders.hazard_only');
    expect(repair.json().error.message).toContain('隐患');
    // Out of their project: refused as before.
    expect((await s.inspector.inject('POST', '/api/orders', { projectId: env.fx.projectB, kind: 'hazard', title: '漏水' })).statusCode).toBe(403);
  });
});

describe('grabbing makes the order the technician’s work', () => {
  it('after grabbing from the pool, the phone is there to call', async () => {
    const grabbed = await ok(await s.tech.inject('POST', `/api/orders/${pool}/grab`));
    expect(grabbed).toMatchObject({ state: 'accepted', contactPhone: PHONE, partyName: '张伟' });
    expect((await upload(s.tech, pool)).statusCode).toBe(201);
    // …and it has left the pool tech2 sees.
    expect((await ok(await s.tech2.inject('GET', '/api/orders?queue=unassigned'))).total).toBe(0);
    expect((await s.tech2.inject('GET', `/api/orders/${pool}`)).statusCode).toBe(403);
  });
});
