/**
 * The technician app's server side (issue 11): duty read back, steps scoped to the technician's
 * own orders, idempotent replays, before/after photos, materials and the customer's signature.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../auth/service';
import { createTestEnv, login, multipart, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { decodeSignature } from './fieldwork';

let env: TestEnv;
const s: Record<string, Session> = {};
// A 1×1 PNG, complete (IHDR, IDAT, IEND), so the signature decoder accepts it.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2dd2f5c0000000049454e44ae426082', 'hex');
const SIG = `data:image/png;base64,${PNG.toString('base64')}`;
let mine = ''; // dispatched to tech
let theirs = ''; // dispatched to tech2

const order = (title: string) =>
  s.agent_a.inject('POST', '/api/orders', { projectId: env.fx.projectA, kind: 'repair', category: '水电', title, unitId: env.fx.unitA1, areaScope: 'unit', partyId: env.fx.partyA1 }).then((r) => ok(r, 201));
const step = (who: Session, id: string, name: string, body: Record<string, unknown> = {}) => who.inject('POST', `/api/fieldwork/orders/${id}/steps/${name}`, body);
const photo = (who: Session, id: string, phase: string, key?: string) => {
  const m = multipart({ name: 'leak.png', content: PNG, type: 'image/png' });
  return env.app.inject({ method: 'POST', url: `/api/fieldwork/orders/${id}/photos?phase=${phase}${key ? `&key=${key}` : ''}`, payload: m.payload, headers: { ...who.headers, ...m.headers } });
};
const events = async (id: string) => (await ok(await s.dispatcher.inject('GET', `/api/orders/${id}`))).events.map((e: any) => e.action) as string[];

beforeAll(async () => {
  env = await createTestEnv();
  const { fx } = env;
  const tech2 = await createUser(env.ctx.store.db, { orgId: fx.orgId, username: 'tech2', displayName: 'tech2', role: 'technician', password: PASSWORD, projectIds: [fx.projectA], skills: ['水电'], onDuty: true });
  for (const u of ['agent_a', 'dispatcher', 'tech', 'tech2', 'resident_a1']) s[u] = await login(env.app, u);
  mine = (await order('卫生间漏水')).id;
  theirs = (await order('厨房漏水')).id;
  await ok(await s.dispatcher.inject('POST', `/api/orders/${mine}/actions/dispatch`, { assigneeId: fx.users.tech }));
  await ok(await s.dispatcher.inject('POST', `/api/orders/${theirs}/actions/dispatch`, { assigneeId: tech2 }));
}, 120_000);
afterAll(async () => env?.close());

describe('duty', () => {
  it('is stored on the server and read back on any device', async () => {
    expect((await ok(await s.tech.inject('GET', '/api/me/duty'))).onDuty).toBe(true);
    await ok(await s.tech.inject('POST', '/api/technicians/me/duty', { onDuty: false }));
    const other = await login(env.app, 'tech'); // a second phone
    expect((await ok(await other.inject('GET', '/api/me/duty'))).onDuty).toBe(false);
    await ok(await s.tech.inject('POST', '/api/technicians/me/duty', { onDuty: true }));
    expect((await ok(await other.inject('GET', '/api/me/duty'))).onDuty).toBe(true);
    expect((await s.resident_a1.inject('GET', '/api/me/duty')).statusCode).toBe(403);
    expect((await s.agent_a.inject('GET', '/api/me/duty')).statusCode).toBe(403);
  });
});

describe('scope', () => {
  it('a technician cannot act on, photograph or add materials to another technician\'s order', async () => {
    for (const st of ['accept', 'start', 'complete']) expect((await step(s.tech2, mine, st, { key: `scope-${st}-1234` })).statusCode, st).toBe(403);
    expect((await photo(s.tech2, mine, 'before')).statusCode).toBe(403);
    expect((await s.tech2.inject('POST', `/api/orders/${mine}/materials`, { name: '生料带', quantity: 1 })).statusCode).toBe(403);
    expect((await s.tech2.inject('GET', `/api/orders/${mine}/materials`)).statusCode).toBe(403);
    // Nothing was recorded under the refused keys.
    expect(await events(mine)).not.toContain('accept');
  });
  it('residents are refused', async () => {
    expect((await step(s.resident_a1, mine, 'accept')).statusCode).toBe(403);
    expect((await s.resident_a1.inject('GET', `/api/orders/${mine}/materials`)).statusCode).toBe(403);
    expect((await photo(s.resident_a1, mine, 'before')).statusCode).toBe(403);
  });
  it('photos and materials need the order to be the technician\'s active work', async () => {
    // Dispatched to tech2 but tech2 has not accepted: still theirs, so allowed; tech is refused.
    expect((await photo(s.tech, theirs, 'before')).statusCode).toBe(403);
    expect((await photo(s.tech2, theirs, 'before')).statusCode).toBe(201);
  });
});

describe('a completion from the phone, with replays', () => {
  it('accept replayed answers with the first result and records one event', async () => {
    const first = await step(s.tech, mine, 'accept', { key: 'accept-key-0001' });
    const body = await ok(first);
    expect(body.state).toBe('accepted');
    const again = await step(s.tech, mine, 'accept', { key: 'accept-key-0001' });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replay']).toBe('true');
    expect(again.json()).toEqual(body);
    expect((await events(mine)).filter((a) => a === 'accept')).toHaveLength(1);
    // Without the key the same step is a real second attempt and the engine refuses it.
    expect((await step(s.tech, mine, 'accept')).statusCode).toBe(409);
  });

  it('a key reused for another action is refused', async () => {
    const res = await step(s.tech, mine, 'start', { key: 'accept-key-0001' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('fieldwork.key_reused');
  });

  it('a stale version is a 409 with a localised message', async () => {
    const o = await ok(await s.tech.inject('GET', `/api/orders/${mine}`));
    const res = await step(s.tech, mine, 'start', { key: 'start-stale-01', expectedVersion: o.version - 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('lifecycle.version_conflict');
    expect(res.json().error.message).toMatch(/已被他人修改/);
    // The failed attempt did not burn its key: the same key succeeds with the right version.
    const ok2 = await ok(await step(s.tech, mine, 'start', { key: 'start-stale-01', expectedVersion: o.version }));
    expect(ok2.state).toBe('in_progress');
    const acts = await events(mine);
    expect(acts.filter((a) => a === 'arrive')).toHaveLength(1);
    expect(acts.filter((a) => a === 'start_work')).toHaveLength(1);
  });

  it('materials and before photos, replayed, are recorded once', async () => {
    const m = { key: 'mat-key-00001', name: '角阀', quantity: 2, unit: '个', unitPriceFen: 1550 };
    const a1 = await ok(await s.tech.inject('POST', `/api/orders/${mine}/materials`, m), 201);
    const a2 = await ok(await s.tech.inject('POST', `/api/orders/${mine}/materials`, m), 201);
    expect(a2).toEqual(a1);
    await ok(await s.tech.inject('POST', `/api/orders/${mine}/materials`, { key: 'mat-key-00002', name: '生料带', quantity: 1.5, unit: '卷' }), 201);
    const list = await ok(await s.dispatcher.inject('GET', `/api/orders/${mine}/materials`));
    expect(list.items.map((x: any) => [x.name, x.quantity, x.amountFen])).toEqual([['角阀', 2, 3100], ['生料带', 1.5, null]]);
    expect(list.totalFen).toBe(3100);
    const tape = list.items[1].id;
    await ok(await s.tech.inject('DELETE', `/api/orders/${mine}/materials/${tape}`), 204);
    await ok(await s.tech.inject('DELETE', `/api/orders/${mine}/materials/${tape}`), 204);
    expect((await ok(await s.tech.inject('GET', `/api/orders/${mine}/materials`))).items).toHaveLength(1);

    const p1 = await ok(await photo(s.tech, mine, 'before', 'photo-key-0001'), 201);
    const p2 = await ok(await photo(s.tech, mine, 'before', 'photo-key-0001'), 201);
    expect(p2.id).toBe(p1.id);
    expect((await photo(s.tech, mine, 'sideways')).statusCode).toBe(400);
    const gif = multipart({ name: 'x.pdf', content: Buffer.from('%PDF-1.4 hello'), type: 'application/pdf' });
    const pdf = await env.app.inject({ method: 'POST', url: `/api/fieldwork/orders/${mine}/photos?phase=after`, payload: gif.payload, headers: { ...s.tech.headers, ...gif.headers } });
    expect(pdf.statusCode).toBe(415);
  });

  it('completion carries the signature; replayed, it completes once', async () => {
    expect((await step(s.tech, mine, 'complete', { key: 'done-bad-0001', signature: { dataUrl: 'data:image/png;base64,AAAA', signerName: '张伟' } })).statusCode).toBe(400);
    const body = { key: 'done-key-0001', note: '更换角阀，已试水', signature: { dataUrl: SIG, signerName: '张伟' } };
    const first = await ok(await step(s.tech, mine, 'complete', body));
    expect(['completed', 'awaiting_visit']).toContain(first.state);
    const again = await step(s.tech, mine, 'complete', body);
    expect(again.json()).toEqual(first);
    const o = await ok(await s.dispatcher.inject('GET', `/api/orders/${mine}`));
    expect(o.events.filter((e: any) => e.action === 'complete')).toHaveLength(1);
    const sigs = o.attachments.filter((x: any) => x.phase === 'signature');
    expect(sigs).toHaveLength(1);
    expect(sigs[0].signerName).toBe('张伟');
    expect(o.attachments.filter((x: any) => x.phase === 'before')).toHaveLength(1);
    expect(o.materialsUsed).toEqual([expect.objectContaining({ name: '角阀', quantity: 2, unit: '个', unitPriceFen: 1550 })]);
    const file = await s.dispatcher.inject('GET', sigs[0].url);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    // Closed to further materials: no longer the technician's active work.
    expect((await s.tech.inject('POST', `/api/orders/${mine}/materials`, { name: '螺丝', quantity: 1 })).statusCode).toBe(403);
  });

  it('hold needs a reason; resume returns to work', async () => {
    await ok(await step(s.tech2, theirs, 'accept', { key: 't2-accept-01' }));
    await ok(await step(s.tech2, theirs, 'start', { key: 't2-start-001' }));
    expect((await step(s.tech2, theirs, 'hold', { key: 't2-hold-0001' })).statusCode).toBe(400);
    const held = await ok(await step(s.tech2, theirs, 'hold', { key: 't2-hold-0002', holdReason: 'waiting_parts' }));
    expect(held.state).toBe('on_hold');
    expect((await ok(await step(s.tech2, theirs, 'resume', { key: 't2-resume-01' }))).state).toBe('in_progress');
  });
});

describe('decodeSignature', () => {
  it('accepts a PNG data URL and refuses anything else', () => {
    expect(decodeSignature(SIG).equals(PNG)).toBe(true);
    expect(() => decodeSignature('data:image/jpeg;base64,/9j/4AAQ')).toThrow();
    expect(() => decodeSignature(`data:image/png;base64,${Buffer.from('%PDF-1.4 not a png at all, padded to be long enough for the size check').toString('base64')}`)).toThrow();
  });
});
