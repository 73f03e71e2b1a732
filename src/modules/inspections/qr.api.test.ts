import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, ok, PASSWORD, type Session, type TestEnv } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { closeBrowser } from '../reports/render/browser';
import { localDate } from './core';
import { inspectionSweep } from './jobs';

let env: TestEnv;
let inspector: Session;
let inspectorB: Session;
let agent: Session;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const decode = (buf: Buffer): string | undefined => {
  const png = PNG.sync.read(buf);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
};
const hhmm = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16);

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA, projectB, buildingA } = env.fx;
  ids.inspector = await createUser(env.ctx.store.db, { orgId, username: 'inspector', displayName: '高建国', role: 'inspector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'inspector_b', displayName: '钱安', role: 'inspector', password: PASSWORD, projectIds: [projectB] });
  inspector = await login(env.app, 'inspector');
  inspectorB = await login(env.app, 'inspector_b');
  agent = await login(env.app, 'agent_a');
  const cl = await ok(await inspector.inject('POST', '/api/inspections/checklists', { projectId: projectA, name: '巡查', items: [{ code: 'exit', label: '疏散通道畅通', type: 'check' }] }), 201);
  for (const [code, name, location] of [['CP01', '1号楼大堂', '一层'], ['CP02', '地下车库', 'B2 东侧'], ['CP03', '屋顶水箱', null]] as const) {
    const cp = await ok(await inspector.inject('POST', '/api/inspections/checkpoints', { projectId: projectA, buildingId: buildingA, code, name, location, checklistId: cl.id }), 201);
    ids[code] = cp.id;
    tokens[code] = decodeURIComponent(cp.qrPayload.split('/').pop());
  }
  // The route walks CP02 before CP01; CP03 is not on it.
  const route = await ok(await inspector.inject('POST', '/api/inspections/routes', { projectId: projectA, name: '夜巡', checkpointIds: [ids.CP02, ids.CP01] }), 201);
  ids.route = route.id;
  await ok(
    await inspector.inject('POST', '/api/inspections/plans', { projectId: projectA, name: '夜巡', kind: 'patrol', routeId: route.id, checklistId: cl.id, schedule: { type: 'daily', times: [hhmm(new Date(Date.now() - 10 * 60_000))] }, windowMinutes: 60, graceMinutes: 30, assigneeId: ids.inspector }),
    201,
  );
  const from = localDate(new Date(Date.now() - 2 * 86_400_000).toISOString());
  await ok(await inspector.inject('POST', '/api/inspections/tasks/generate', { projectId: projectA, from, to: localDate(new Date().toISOString()) }));
  await inspectionSweep(env.ctx);
});
afterAll(async () => {
  await closeBrowser();
  await env?.close();
});

describe('checkpoint QR images', () => {
  it('the PNG decodes back to the absolute link on the request’s host', async () => {
    const res = await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/qr.png?size=300`, undefined, { host: 'patrol.example.com:8080' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(decode(res.rawPayload)).toBe(`http://patrol.example.com:8080/m/checkpoint/${tokens.CP01}`);
  });

  it('the configured public address wins over the Host header; download names the file', async () => {
    env.ctx.config.publicUrl = 'https://wy.example.cn/';
    try {
      const res = await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP02}/qr.png?download=1`, undefined, { host: 'evil.test' });
      expect(decode(res.rawPayload)).toBe(`https://wy.example.cn/m/checkpoint/${tokens.CP02}`);
      expect(res.headers['content-disposition']).toBe('attachment; filename="checkpoint-CP02.png"');
    } finally {
      env.ctx.config.publicUrl = undefined;
    }
  });

  it('the SVG is an image, and scope is enforced', async () => {
    const svg = await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/qr.svg`);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toMatch(/<svg[^>]*viewBox/);
    expect((await inspectorB.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/qr.png`)).statusCode).toBe(403);
    expect((await agent.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/qr.png`)).statusCode).toBe(403);
    expect((await env.app.inject({ method: 'GET', url: `/api/inspections/checkpoints/${ids.CP01}/qr.png` })).statusCode).toBe(401);
    expect((await inspector.inject('GET', '/api/inspections/checkpoints/nope/qr.png')).statusCode).toBe(404);
    expect((await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/qr.png?size=5000`)).statusCode).toBe(400);
  });

  it('a regenerated code changes the image; the old token no longer resolves', async () => {
    const before = decode((await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP03}/qr.png`)).rawPayload);
    const cp = await ok(await inspector.inject('POST', `/api/inspections/checkpoints/${ids.CP03}/regenerate-qr`));
    const after = decode((await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP03}/qr.png`)).rawPayload);
    expect(after).not.toBe(before);
    expect(after!.endsWith(cp.qrPayload)).toBe(true);
    expect((await inspector.inject('GET', `/api/inspections/checkpoints/by-qr/${tokens.CP03}`)).statusCode).toBe(404);
    tokens.CP03 = decodeURIComponent(cp.qrPayload.split('/').pop());
  });

  it('a label PNG holds a QR that decodes', async () => {
    const res = await inspector.inject('GET', `/api/inspections/checkpoints/${ids.CP01}/label.png`, undefined, { host: 'patrol.example.com' });
    expect(res.statusCode, res.body).toBe(200);
    const png = PNG.sync.read(res.rawPayload);
    expect(png.width).toBe(720); // 360 px at 2× for print
    expect(decode(res.rawPayload)).toBe(`http://patrol.example.com/m/checkpoint/${tokens.CP01}`);
  }, 60_000);
});

describe('printable QR sheets', () => {
  const text = (pdf: Buffer) => {
    const f = path.join(os.tmpdir(), `sheet-${process.pid}-${Date.now()}.pdf`);
    fs.writeFileSync(f, pdf);
    try {
      return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
    } finally {
      fs.rmSync(f, { force: true });
    }
  };

  it('prints a project’s checkpoints as a PDF with their names, codes and the project', async () => {
    const res = await inspector.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const t = text(res.rawPayload);
    for (const s of ['1号楼大堂', '地下车库', '屋顶水箱', 'CP01', 'CP03', '阳光花园', 'B2 东侧']) expect(t).toContain(s);
  }, 60_000);

  it('prints a route in walking order, and picked checkpoints only', async () => {
    const route = text((await inspector.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}&routeId=${ids.route}`)).rawPayload);
    expect(route.indexOf('地下车库')).toBeGreaterThanOrEqual(0);
    expect(route.indexOf('地下车库')).toBeLessThan(route.indexOf('1号楼大堂'));
    expect(route).not.toContain('屋顶水箱');
    const picked = text((await inspector.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}&ids=${ids.CP03}`)).rawPayload);
    expect(picked).toContain('屋顶水箱');
    expect(picked).not.toContain('地下车库');
  }, 60_000);

  it('refuses an empty selection, another project’s route and another project', async () => {
    const empty = await inspector.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}&q=不存在`);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('inspections.qr_sheet_empty');
    expect((await inspectorB.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}`)).statusCode).toBe(403);
    expect((await inspectorB.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectB}&routeId=${ids.route}`)).statusCode).toBe(404);
    expect((await inspector.inject('GET', `/api/inspections/qr-sheet.pdf?projectId=${env.fx.projectA}&ids=a;b`)).statusCode).toBe(400);
  });
});

describe('typed codes, the route of the day and missed checkpoints', () => {
  it('finds a checkpoint by its code in any letter case, within scope', async () => {
    const r = await ok(await inspector.inject('GET', '/api/inspections/checkpoints/lookup?code=cp02'));
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ code: 'CP02', name: '地下车库', projectName: '阳光花园', qrPayload: `/m/checkpoint/${tokens.CP02}` });
    expect((await ok(await inspectorB.inject('GET', '/api/inspections/checkpoints/lookup?code=CP02'))).items).toHaveLength(0);
  });

  it('shows today’s round with its points in route order, and progress after a check', async () => {
    const now = new Date().toISOString();
    // The sweep also made tomorrow's round: take the one running now.
    const cur = (await ok(await inspector.inject('GET', '/api/inspections/tasks?mine=1&status=pending'))).items.find((t: any) => t.plannedStart <= now && t.missedAfter > now);
    await ok(await inspector.inject('POST', `/api/inspections/tasks/${cur.id}/start`));
    await ok(await inspector.inject('POST', `/api/inspections/tasks/${cur.id}/results`, { qrToken: tokens.CP02, answers: [{ code: 'exit', value: true }] }), 201);
    const day = await ok(await inspector.inject('GET', '/api/inspections/today'));
    const task = day.tasks.find((t: any) => t.id === cur.id);
    expect(day.tasks[0].id).toBe(cur.id); // the running round comes first
    expect(task).toMatchObject({ phase: 'in_progress', checkpointCount: 2, checkedCount: 1, missedCheckpointCount: 0, projectName: '阳光花园' });
    expect(task.checkpoints.map((p: any) => [p.code, p.visited, p.missed])).toEqual([
      ['CP02', true, false],
      ['CP01', false, false],
    ]);
    expect(task.checkpoints[1].qrPayload).toBe(`/m/checkpoint/${tokens.CP01}`);
    // Someone in another project sees none of it.
    expect((await ok(await inspectorB.inject('GET', '/api/inspections/today'))).tasks).toHaveLength(0);
  });

  it('flags the unvisited points of a missed round in the list, the filter and the detail', async () => {
    const missed = await ok(await inspector.inject('GET', '/api/inspections/tasks?status=missed'));
    expect(missed.items.length).toBeGreaterThan(0);
    for (const t of missed.items) expect(t.missedCheckpointCount).toBe(2);
    const flagged = await ok(await inspector.inject('GET', '/api/inspections/tasks?missedCheckpoints=1'));
    expect(flagged.items.map((t: any) => t.id).sort()).toEqual(missed.items.map((t: any) => t.id).sort());
    const detail = await ok(await inspector.inject('GET', `/api/inspections/tasks/${missed.items[0].id}`));
    expect(detail.checkpoints.map((p: any) => p.missed)).toEqual([true, true]);
    const running = (await ok(await inspector.inject('GET', '/api/inspections/tasks?status=in_progress'))).items[0];
    expect(running.missedCheckpointCount).toBe(0);
    const runningDetail = await ok(await inspector.inject('GET', `/api/inspections/tasks/${running.id}`));
    expect(runningDetail.checkpoints.map((p: any) => p.missed)).toEqual([false, false]);
  });

  it('completing a round with a point left counts it as missed', async () => {
    const running = (await ok(await inspector.inject('GET', '/api/inspections/tasks?status=in_progress'))).items[0];
    const done = await ok(await inspector.inject('POST', `/api/inspections/tasks/${running.id}/complete`, {}));
    expect(done.missedCheckpointCount).toBe(1);
    const day = await ok(await inspector.inject('GET', '/api/inspections/today'));
    const t = day.tasks.find((x: any) => x.id === running.id);
    // A round from before midnight that is finished drops off tomorrow's list; today it is there.
    if (t) expect(t.checkpoints.map((p: any) => [p.code, p.missed])).toEqual([['CP02', false], ['CP01', true]]);
    expect(day.summary.missedCheckpoints).toBeGreaterThanOrEqual(t ? 1 : 0);
  });
});
