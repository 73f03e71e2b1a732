/**
 * PDFs of the cashier's desk: the daily close and bill notices, rendered by Chromium from their
 * print-ready HTML; without Chromium a clear 503 and no notice recorded as sent.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { closeBrowser } from '../reports/render/browser';
import { today as businessToday } from './store';

let env: TestEnv;
let collector: Session;
let manager: Session;
const day = businessToday();
const hasChromium = fs.existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium');

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  await createUser(env.ctx.store.db, { orgId, username: 'collector', displayName: '何红梅', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(env.ctx.store.db, { orgId, username: 'manager', displayName: '周经理', role: 'manager', password: PASSWORD });
  collector = await login(env.app, 'collector');
  manager = await login(env.app, 'manager');
});
afterAll(async () => {
  await closeBrowser();
  await env?.close();
});

/** The text of a PDF, when poppler's pdftotext is there to read it. */
function pdfText(buf: Buffer): string | null {
  const file = path.join(os.tmpdir(), `h12-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, buf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } catch {
    return null;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe.skipIf(!hasChromium)('PDF by Chromium', () => {
  it('renders the daily close and bill notices as PDF with their figures', async () => {
    const { projectA, unitA1, buildingA } = env.fx;
    await ok(await collector.inject('POST', '/api/billing/payments', { accountId: unitA1, amountFen: 12_345, method: 'cash' }), 201);
    const close = await ok(await collector.inject('POST', '/api/billing/cashier-closes', { projectId: projectA, counted: { cash: 12_300 }, reason: '短款 0.45 元' }), 201);
    const res = await collector.inject('GET', `/api/billing/cashier-closes/${close.id}/export.pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(res.rawPayload);
    if (text !== null) {
      expect(text).toContain('收费员日结单');
      expect(text).toContain('123.45');
      expect(text).toContain('-0.45');
    }
    // The manager may read it too.
    expect((await manager.inject('GET', `/api/billing/cashier-closes/${close.id}/export.pdf`)).statusCode).toBe(200);

    const period = day.slice(0, 7);
    await ok(await collector.inject('POST', '/api/billing/service-bills', { accountId: unitA1, description: '有偿服务', items: [{ description: '开锁服务', quantity: '1', unitPriceFen: '5000' }] }), 201);
    const batch = await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, buildingId: buildingA, format: 'pdf' });
    expect(batch.statusCode, batch.body.slice(0, 200)).toBe(200);
    expect(batch.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const sent = await ok(await manager.inject('GET', `/api/billing/notices?projectId=${projectA}&period=${period}&pageSize=100`));
    expect(sent.total).toBeGreaterThan(0);
    const one = await collector.inject('GET', `/api/billing/notices/${sent.items[0].id}?format=pdf`);
    expect(one.statusCode).toBe(200);
    expect(one.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const t = pdfText(one.rawPayload);
    if (t !== null) expect(t).toContain('缴费通知单');
  }, 60_000);
});

describe('PDF without Chromium', () => {
  it('answers 503 with a localised message, and issues no notice it could not render', async () => {
    const { projectA, unitA1 } = env.fx;
    const saved = process.env.CHROMIUM_PATH;
    await closeBrowser();
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    try {
      const period = day.slice(0, 7);
      const before = (await ok(await manager.inject('GET', `/api/billing/notices?projectId=${projectA}&pageSize=1`))).total;
      const res = await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1], format: 'pdf' });
      expect(res.statusCode).toBe(503);
      expect(res.json().error.code).toBe('reports.chromium_missing');
      expect(res.json().error.message).toContain('Chromium');
      expect(res.json().error.message).toContain('未找到');
      expect((await ok(await manager.inject('GET', `/api/billing/notices?projectId=${projectA}&pageSize=1`))).total).toBe(before);
      const en = await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1], format: 'pdf' }, { 'accept-language': 'en' });
      expect(en.json().error.message).toContain('Chromium not found');
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
