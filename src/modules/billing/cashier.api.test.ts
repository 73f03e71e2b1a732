import ExcelJS from 'exceljs';
import jsQR from 'jsqr';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, login, PASSWORD, type Session, type TestEnv, ok } from '../../../test/helpers';
import { createUser } from '../auth/service';
import { DEFAULT_RECEIPT_PATTERN, receiptCounterKey, validateReceiptPattern } from './receiptNumbers';
import { today as businessToday } from './store';

let env: TestEnv;
let collector: Session;
let collector2: Session;
let manager: Session;
let resident: Session;
let supervisor: Session;
let frontDesk: Session;
let inspector: Session;
const day = businessToday();

beforeAll(async () => {
  env = await createTestEnv();
  const { orgId, projectA } = env.fx;
  const db = env.ctx.store.db;
  await createUser(db, { orgId, username: 'collector', displayName: '何红梅', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(db, { orgId, username: 'collector2', displayName: '陈静', role: 'collector', password: PASSWORD, projectIds: [projectA] });
  await createUser(db, { orgId, username: 'manager', displayName: '周经理', role: 'manager', password: PASSWORD });
  await createUser(db, { orgId, username: 'frontdesk', displayName: '刘娜', role: 'front_desk', password: PASSWORD, projectIds: [projectA] });
  await createUser(db, { orgId, username: 'inspector', displayName: '高建国', role: 'inspector', password: PASSWORD, projectIds: [projectA] });
  collector = await login(env.app, 'collector');
  collector2 = await login(env.app, 'collector2');
  manager = await login(env.app, 'manager');
  resident = await login(env.app, 'resident_a1');
  supervisor = await login(env.app, 'supervisor');
  frontDesk = await login(env.app, 'frontdesk');
  inspector = await login(env.app, 'inspector');
});
afterAll(async () => env?.close());

/** A one-off bill of `fen` on an account (a paid service, issued today). */
async function bill(accountId: string, fen: number, who: Session = collector): Promise<string> {
  const b = await ok(await who.inject('POST', '/api/billing/service-bills', { accountId, description: '有偿服务', items: [{ description: '服务', quantity: '1', unitPriceFen: String(fen) }] }), 201);
  return b.id;
}
async function pay(accountId: string, fen: number, extra: Record<string, unknown> = {}, who: Session = collector) {
  return ok(await who.inject('POST', '/api/billing/payments', { accountId, amountFen: fen, method: 'cash', ...extra }), 201);
}
const billOf = async (id: string) => ok(await manager.inject('GET', `/api/billing/bills/${id}`));

async function readXlsx(raw: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(raw as any);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

describe('receipt numbers 收据号', () => {
  it('default to six digits of daily sequence, and go past 9,999 — and past the width — without running out', async () => {
    // Project B's account, so project A's tests below start without credit.
    const { unitB1, projectB, orgId } = env.fx;
    const first = await pay(unitB1, 100, {}, manager);
    const compact = day.replaceAll('-', '');
    expect(first.receiptNo).toBe(`SK${compact}000001`);
    // Set the day's counter to 9,999 instead of taking 9,999 payments.
    const key = receiptCounterKey(DEFAULT_RECEIPT_PATTERN, day, 'SK');
    await env.ctx.store.db.updateTable('billing_sequences').set({ last: 9_999 }).where('org_id', '=', orgId).where('prefix', '=', key.prefix).where('day', '=', key.day).execute();
    expect((await pay(unitB1, 100, {}, manager)).receiptNo).toBe(`SK${compact}010000`);
    // A narrow pattern grows longer rather than refusing payment 10,000.
    await ok(await manager.inject('PUT', `/api/billing/projects/${projectB}/cashier-settings`, { receiptPattern: 'SF{yyMMdd}-{seq:4}', approvalThresholdFen: 100_000 }));
    const narrow = receiptCounterKey('SF{yyMMdd}-{seq:4}', day, 'SK');
    await env.ctx.store.db.insertInto('billing_sequences').values({ org_id: orgId, prefix: narrow.prefix, day: narrow.day, last: 9_999 }).execute();
    expect((await pay(unitB1, 100, {}, manager)).receiptNo).toBe(`SF${compact.slice(2)}-10000`);
    // Bad patterns are refused with a reason: no day, a short sequence, two sequences.
    for (const p of ['SK{seq:6}', 'SK{yyyyMMdd}{seq:3}', '{yyyyMMdd}{seq:6}{seq:6}', 'SK {yyyyMMdd}{seq:6}']) expect(() => validateReceiptPattern(p)).toThrow();
    expect((await manager.inject('PUT', `/api/billing/projects/${projectB}/cashier-settings`, { receiptPattern: 'SK{seq:6}', approvalThresholdFen: 100_000 })).json().error.code).toBe('billing.receipt_pattern_invalid');
    expect((await collector.inject('PUT', `/api/billing/projects/${projectB}/cashier-settings`, { receiptPattern: DEFAULT_RECEIPT_PATTERN, approvalThresholdFen: 100_000 })).statusCode).toBe(403);
    await ok(await manager.inject('PUT', `/api/billing/projects/${projectB}/cashier-settings`, { receiptPattern: DEFAULT_RECEIPT_PATTERN, approvalThresholdFen: 100_000 }));
  });

  it('are unique when payments arrive at once', async () => {
    const { unitB1 } = env.fx;
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => manager.inject('POST', '/api/billing/payments', { accountId: unitB1, amountFen: 100 + i, method: 'cash' })));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const nos = results.map((r) => r.json().receiptNo);
    expect(new Set(nos).size).toBe(12);
  });
});

describe('corrections 作废 / 冲红 / 重新入账 / 红字冲减', () => {
  it('voids a payment the same day before close: the bill is owed again, the receipt stays, marked 作废', async () => {
    const { unitA1 } = env.fx;
    const b = await bill(unitA1, 5_000);
    const p = await pay(unitA1, 5_000, { billIds: [b] });
    expect((await billOf(b)).outstandingFen).toBe(0);
    // A reason is required.
    expect((await collector.inject('POST', '/api/billing/corrections', { kind: 'void', paymentId: p.id, reason: ' ' })).statusCode).toBe(400);
    const v = await ok(await collector.inject('POST', '/api/billing/corrections', { kind: 'void', paymentId: p.id, reason: '金额录错' }), 201);
    expect(v).toMatchObject({ kind: 'void', status: 'applied', amountFen: 5_000 });
    expect(await billOf(b)).toMatchObject({ outstandingFen: 5_000, paidFen: 0 });
    // Voiding twice is refused; the receipt is still there, marked void on reprint.
    expect((await collector.inject('POST', '/api/billing/corrections', { kind: 'void', paymentId: p.id, reason: '再来' })).json().error.code).toBe('billing.payment_already_voided');
    const html = await collector.inject('GET', `/api/billing/payments/${p.id}/reprint.html`);
    expect(html.body).toContain('重打（第 1 次）');
    expect(html.body).toContain('作废');
    const html2 = await collector.inject('GET', `/api/billing/payments/${p.id}/reprint.html`);
    expect(html2.body).toContain('重打（第 2 次）');
    const trail = await ok(await collector.inject('GET', `/api/billing/payments/${p.id}/trail`));
    expect(trail.original).toMatchObject({ status: 'voided', reprintCount: 2 });
    expect(trail.corrections.map((c: any) => c.kind)).toEqual(['void']);
    expect(trail.reprints.map((r: any) => r.printNo)).toEqual([1, 2]);
  });

  it('a void from the threshold up waits for a second person with the approval right', async () => {
    const { unitA2 } = env.fx;
    const p = await pay(unitA2, 150_000, { method: 'wechat_pay', reference: 'WX-BIG-1' });
    const v = await ok(await collector.inject('POST', '/api/billing/corrections', { kind: 'void', paymentId: p.id, reason: '重复收款' }), 201);
    expect(v.status).toBe('pending');
    const acc = await ok(await manager.inject('GET', `/api/billing/accounts/${unitA2}`));
    expect(acc.creditFen).toBeGreaterThanOrEqual(150_000);
    expect((await collector.inject('POST', `/api/billing/corrections/${v.id}/decide`, { approve: true })).statusCode).toBe(403);
    const d = await ok(await manager.inject('POST', `/api/billing/corrections/${v.id}/decide`, { approve: true, note: '核实重复' }));
    expect(d).toMatchObject({ status: 'applied' });
    expect((await ok(await manager.inject('GET', `/api/billing/accounts/${unitA2}`))).creditFen).toBe(acc.creditFen - 150_000);
  });

  it('closes the day with a counted difference (reason required); the closed day can no longer be voided', async () => {
    const { projectA, unitA1 } = env.fx;
    const b = await bill(unitA1, 8_000, collector2);
    const p = await pay(unitA1, 8_000, { billIds: [b] }, collector2);
    await pay(unitA1, 2_000, { method: 'alipay', reference: 'ALI-001' }, collector2);
    const preview = await ok(await collector2.inject('GET', `/api/billing/cashier-closes/preview?projectId=${projectA}`));
    expect(preview.byMethod.cash).toEqual({ count: 1, fen: 8_000 });
    expect(preview.byMethod.alipay).toEqual({ count: 1, fen: 2_000 });
    expect(preview.totalFen).toBe(10_000);
    const noReason = await collector2.inject('POST', '/api/billing/cashier-closes', { projectId: projectA, counted: { cash: 7_900, alipay: 2_000 } });
    expect(noReason.json().error.code).toBe('billing.close_reason_required');
    const close = await ok(await collector2.inject('POST', '/api/billing/cashier-closes', { projectId: projectA, counted: { cash: 7_900, alipay: 2_000 }, reason: '找零差 1 元' }), 201);
    expect(close).toMatchObject({ expectedCashFen: 8_000, countedCashFen: 7_900, differenceFen: -100, differenceReason: '找零差 1 元', paymentCount: 2, totalFen: 10_000 });
    expect((await collector2.inject('POST', '/api/billing/cashier-closes', { projectId: projectA, counted: { cash: 7_900 }, reason: 'x' })).json().error.code).toBe('billing.day_already_closed');
    const v = await collector2.inject('POST', '/api/billing/corrections', { kind: 'void', paymentId: p.id, reason: '房号录错' });
    expect(v.statusCode).toBe(409);
    expect(v.json().error.code).toBe('billing.void_day_closed');

    // The close as XLSX: channel rows match the close.
    const x = await collector2.inject('GET', `/api/billing/cashier-closes/${close.id}/export.xlsx`);
    expect(x.statusCode).toBe(200);
    const rows = await readXlsx(x.rawPayload);
    expect(rows.find((r) => r[0] === '现金')).toEqual(['现金', 1, 80, 79, -1]);
    expect(rows.find((r) => r[0] === '支付宝')).toEqual(['支付宝', 1, 20, 20, 0]);
    // Another cashier's close is not theirs to read; the manager's summary shows both cashiers.
    expect((await collector.inject('GET', `/api/billing/cashier-closes/${close.id}/export.xlsx`)).statusCode).toBe(403);
    expect((await collector.inject('GET', `/api/billing/cashier-closes/summary?projectId=${projectA}`)).statusCode).toBe(403);
    const sum = await ok(await manager.inject('GET', `/api/billing/cashier-closes/summary?projectId=${projectA}`));
    const c2 = sum.cashiers.find((c: any) => c.collectorName === '陈静');
    expect(c2.close).toMatchObject({ differenceFen: -100 });
    expect(sum.cashiers.find((c: any) => c.collectorName === '何红梅').close).toBeNull();
    (globalThis as any).__closedPayment = { id: p.id, bill: b };
  });

  it('after close: a red entry reverses it, linked both ways, and the money is re-applied to the right unit', async () => {
    const { unitA1, unitA2 } = env.fx;
    const { id, bill: b } = (globalThis as any).__closedPayment;
    const b2 = await bill(unitA2, 8_000);
    const r = await ok(await collector2.inject('POST', '/api/billing/corrections', { kind: 'reversal', paymentId: id, reason: '应收 1-1202 的款记到了 1-1201', reapplyAccountId: unitA2 }), 201);
    expect(r.status).toBe('applied');
    expect(r.redPaymentId).toBeTruthy();
    expect(r.reapplyPaymentId).toBeTruthy();
    expect(await billOf(b)).toMatchObject({ outstandingFen: 8_000, paidFen: 0 });
    expect(await billOf(b2)).toMatchObject({ outstandingFen: 0 });
    const trail = await ok(await collector2.inject('GET', `/api/billing/payments/${r.reapplyPaymentId}/trail`));
    expect(trail.original).toMatchObject({ id, status: 'valid', reversedById: r.redPaymentId, accountId: unitA1 });
    expect(trail.reversal).toMatchObject({ id: r.redPaymentId, kind: 'reversal', amountFen: -8_000, reversesId: id });
    expect(trail.reapplied).toHaveLength(1);
    expect(trail.reapplied[0]).toMatchObject({ id: r.reapplyPaymentId, accountId: unitA2, amountFen: 8_000, reappliedFromId: r.redPaymentId });
    expect(trail.reversal.receiptNo).not.toBe(trail.original.receiptNo);
    // Reversing twice, or re-applying twice, is refused.
    expect((await collector2.inject('POST', '/api/billing/corrections', { kind: 'reversal', paymentId: id, reason: 'again' })).json().error.code).toBe('billing.payment_already_reversed');
    expect((await collector2.inject('POST', `/api/billing/corrections/${r.id}/reapply`, { accountId: unitA2 })).json().error.code).toBe('billing.reapply_done');
    // The red entry is on today's books of whoever booked it: negative cash.
    const pv = await ok(await collector2.inject('GET', `/api/billing/cashier-closes/preview?projectId=${env.fx.projectA}`));
    expect(pv.byKind.reversal).toEqual({ count: 1, fen: -8_000 });
    const red = await collector2.inject('GET', `/api/billing/payments/${r.redPaymentId}/reprint.html`);
    expect(red.body).toContain('冲红');
  });

  it('cancels an unpaid bill, and credit-notes a paid one with approval (the overpaid part becomes credit)', async () => {
    const { unitA1, projectA } = env.fx;
    const unpaid = await bill(unitA1, 3_000);
    const c = await ok(await collector.inject('POST', '/api/billing/corrections', { kind: 'cancel_bill', billId: unpaid, reason: '重复开单' }), 201);
    expect(c.status).toBe('applied');
    expect(await billOf(unpaid)).toMatchObject({ outstandingFen: 0, paidFen: 0, writtenOffFen: 3_000 });
    const paid = await bill(unitA1, 10_000);
    await pay(unitA1, 10_000, { billIds: [paid] });
    expect((await collector.inject('POST', '/api/billing/corrections', { kind: 'cancel_bill', billId: paid, reason: 'x' })).json().error.code).toBe('billing.cancel_bill_paid');
    expect((await collector.inject('POST', '/api/billing/corrections', { kind: 'credit_note', billId: paid, amountFen: 10_001, reason: 'x' })).json().error.code).toBe('billing.credit_note_exceeds');
    const before = (await ok(await manager.inject('GET', `/api/billing/accounts/${unitA1}`))).creditFen;
    const cn = await ok(await collector.inject('POST', '/api/billing/corrections', { kind: 'credit_note', billId: paid, amountFen: 3_000, reason: '面积核减' }), 201);
    expect(cn.status).toBe('pending');
    expect((await collector.inject('POST', '/api/billing/corrections', { kind: 'credit_note', billId: paid, amountFen: 1_000, reason: 'dup' })).json().error.code).toBe('billing.correction_pending');
    await ok(await manager.inject('POST', `/api/billing/corrections/${cn.id}/decide`, { approve: true }));
    expect(await billOf(paid)).toMatchObject({ amountFen: 10_000, paidFen: 7_000, writtenOffFen: 3_000, outstandingFen: 0 });
    expect((await ok(await manager.inject('GET', `/api/billing/accounts/${unitA1}`))).creditFen).toBe(before + 3_000);
    const list = await ok(await manager.inject('GET', `/api/billing/corrections?projectId=${projectA}&billId=${paid}`));
    expect(list.items.map((x: any) => [x.kind, x.status])).toEqual([['credit_note', 'applied']]);
  });
});

describe('deposits and desk sales in the one ledger', () => {
  it('a renovation deposit received, deducted with reason and refunded posts to the unit ledger, the close and the income report', async () => {
    const { projectA, unitA1 } = env.fx;
    const plus = (n: number) => new Date(Date.parse(`${day}T12:00:00+08:00`) + n * 86_400_000).toISOString().slice(0, 10);
    const before = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    const app = await ok(await resident.inject('POST', '/api/renovations', { projectId: projectA, unitId: unitA1, applicantName: '张伟', scope: '厨房改造', plannedStart: plus(1), plannedEnd: plus(30) }), 201);
    const orderId = app.orderId;
    await ok(await supervisor.inject('POST', `/api/renovations/${orderId}/approve`, { depositFen: 200_000 }));
    const dep = await ok(await collector.inject('POST', `/api/renovations/${orderId}/deposit`, { amountFen: 200_000, method: 'wechat_pay', reference: 'WX-YJ-9' }));
    const payments = await ok(await manager.inject('GET', `/api/billing/payments?accountId=${unitA1}&receiptNo=${dep.receiptNo}`));
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({ amountFen: 200_000, allocatedFen: 0, creditedFen: 0, method: 'wechat_pay' });
    await ok(await frontDesk.inject('POST', `/api/renovations/${orderId}/permit`));
    await ok(await frontDesk.inject('POST', `/api/orders/${orderId}/actions/start_works`, {}));
    await ok(await resident.inject('POST', `/api/orders/${orderId}/actions/request_acceptance`, {}));
    await ok(await inspector.inject('POST', `/api/orders/${orderId}/actions/accept_works`, { outcome: 'pass' }));
    await ok(await collector.inject('POST', `/api/renovations/${orderId}/refund`, { amountFen: 180_000, deductionFen: 20_000, reason: '损坏公共走廊地砖', method: 'cash' }));
    const after = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    expect(after.deposits.receivedFen - before.deposits.receivedFen).toBe(200_000);
    expect(after.deposits.deductedFen - before.deposits.deductedFen).toBe(20_000);
    expect(after.deposits.refundedFen - before.deposits.refundedFen).toBe(180_000);
    expect(after.incomeFen - before.incomeFen).toBe(20_000);
    expect((after.byKind.deposit ?? 0) - (before.byKind.deposit ?? 0)).toBe(200_000);
    expect((after.byKind.deposit_refund ?? 0) - (before.byKind.deposit_refund ?? 0)).toBe(-180_000);
    // In the collector's day: the deposit by WeChat Pay in, the refund in cash out.
    const pv = await ok(await collector.inject('GET', `/api/billing/cashier-closes/preview?projectId=${projectA}`));
    expect(pv.byKind.deposit).toEqual({ count: 1, fen: 200_000 });
    expect(pv.byKind.deposit_refund).toEqual({ count: 1, fen: -180_000 });
    // The unit's credit is untouched: a deposit cannot pay fees.
    const acc = await ok(await manager.inject('GET', `/api/billing/accounts/${unitA1}`));
    expect(acc.payments.some((p: any) => p.receiptNo === dep.receiptNo)).toBe(true);
  });

  it('a paid service sold at the desk is billed and paid with one receipt, and counted as service income', async () => {
    const { projectA, unitA2 } = env.fx;
    const before = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    const s = await ok(await collector.inject('POST', '/api/billing/desk-sales', { accountId: unitA2, description: '开锁服务', items: [{ description: '开锁', quantity: '1', unitPriceFen: '5000' }], method: 'cash' }), 201);
    expect(s.payment).toMatchObject({ amountFen: 5_000, allocatedFen: 5_000, creditedFen: 0 });
    expect(await billOf(s.billId)).toMatchObject({ outstandingFen: 0, kind: 'service' });
    const after = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    expect((after.fees.byCategory.service ?? 0) - (before.fees.byCategory.service ?? 0)).toBe(5_000);
  });
});

describe('temporary parking fees 临停费 in the one ledger', () => {
  it('a fee taken at the gate gets a receipt on the project income account, shows in the guard’s day and the income report, and can be reversed but never moved onto a house', async () => {
    const { projectA, unitA1 } = env.fx;
    const before = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    const car = await ok(await frontDesk.inject('POST', '/api/ledgers/vehicles', { projectId: projectA, plate: '沪A·TP123', kind: 'visitor' }), 201);
    const out = await ok(await frontDesk.inject('POST', `/api/ledgers/vehicles/${car.id}/exit`, { feeFen: 1_500, feeMethod: 'wechat_pay', feeReference: 'WX-TP-1' }));
    expect(out).toMatchObject({ status: 'out', feeFen: 1_500 });
    expect(out.feeReceiptNo).toMatch(/\d{6}$/);
    const listed = await ok(await manager.inject('GET', `/api/billing/payments?projectId=${projectA}&receiptNo=${out.feeReceiptNo}`));
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ amountFen: 1_500, allocatedFen: 0, creditedFen: 0, method: 'wechat_pay', accountId: projectA });
    // The guard's day holds it under the channel it came by.
    const pv = await ok(await frontDesk.inject('GET', `/api/billing/cashier-closes/preview?projectId=${projectA}`));
    expect(pv.byKind.temp_parking).toEqual({ count: 1, fen: 1_500 });
    const mid = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    expect(mid.projectIncome.temp_parking - before.projectIncome.temp_parking).toBe(1_500);
    expect(mid.incomeFen - before.incomeFen).toBe(1_500);
    // No house's account was touched.
    const acc = await ok(await manager.inject('GET', `/api/billing/accounts/${unitA1}`));
    expect(acc.payments.some((p: any) => p.receiptNo === out.feeReceiptNo)).toBe(false);
    // A second exit of the same car is refused and books nothing more.
    expect((await frontDesk.inject('POST', `/api/ledgers/vehicles/${car.id}/exit`, { feeFen: 1_500 })).statusCode).toBe(409);
    const again = await ok(await manager.inject('GET', `/api/billing/payments?projectId=${projectA}&receiptNo=${out.feeReceiptNo}`));
    expect(again.total).toBe(1);
    // Reversal (冲红) takes it back out of income; moving it to a house is refused.
    const paymentId = listed.items[0].id;
    const moved = await manager.inject('POST', '/api/billing/corrections', { kind: 'reversal', paymentId, reason: '收错车', reapplyAccountId: unitA1 });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.code).toBe('billing.reapply_project_income');
    await ok(await manager.inject('POST', '/api/billing/corrections', { kind: 'reversal', paymentId, reason: '收错车' }), 201);
    const after = await ok(await manager.inject('GET', `/api/billing/reports/income?projectId=${projectA}&from=${day}&to=${day}`));
    expect(after.projectIncome.temp_parking - before.projectIncome.temp_parking).toBe(0);
    expect(after.incomeFen - before.incomeFen).toBe(0);
  });

  it('refuses a fee above the per-stay limit with a clear error and books nothing', async () => {
    const { projectA } = env.fx;
    const car = await ok(await frontDesk.inject('POST', '/api/ledgers/vehicles', { projectId: projectA, plate: '沪A·TP124', kind: 'visitor' }), 201);
    const res = await frontDesk.inject('POST', `/api/ledgers/vehicles/${car.id}/exit`, { feeFen: 100_001 });
    expect(res.statusCode).toBe(400);
    const still = await ok(await frontDesk.inject('GET', `/api/ledgers/vehicles/${car.id}`));
    expect(still.status).toBe('in');
  });
});

describe('exports 导出', () => {
  it('payments, bills and arrears as XLSX whose rows match, within the caller’s projects', async () => {
    const { projectA, projectB } = env.fx;
    const list = await ok(await manager.inject('GET', `/api/billing/payments?projectId=${projectA}&pageSize=200`));
    const x = await collector.inject('GET', `/api/billing/exports/payments.xlsx?projectId=${projectA}`);
    expect(x.statusCode, x.body).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(x.rawPayload);
    expect(rows[0][0]).toBe('收据号');
    expect(rows.length - 1).toBe(list.total);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(list.items.map((p: any) => p.receiptNo)));
    expect(rows.slice(1).filter((r) => r[3] === '作废')).toHaveLength(2);
    expect(list.items.filter((p: any) => p.status === 'voided')).toHaveLength(2);
    // The red entries of the correction tests: a fee receipt and a temporary parking fee.
    expect(list.items.filter((p: any) => p.kind === 'reversal').map((p: any) => p.amountFen).sort((x: number, y: number) => x - y)).toEqual([-8_000, -1_500]);
    // The parking fee is labelled as project income, not as an id.
    expect(rows.slice(1).some((r) => r[2] === '临时停车费' && r[4] === '项目收入')).toBe(true);

    const bills = await ok(await manager.inject('GET', `/api/billing/bills?projectId=${projectA}&status=open&pageSize=200`));
    const bx = await readXlsx((await collector.inject('GET', `/api/billing/exports/bills.xlsx?projectId=${projectA}&status=open`)).rawPayload);
    expect(bx.length - 1).toBe(bills.total);
    const outstanding = bx.slice(1).reduce((s, r) => s + Math.round(Number(r[9]) * 100), 0);
    expect(outstanding).toBe(bills.items.reduce((s: number, b: any) => s + b.outstandingFen, 0));

    const ax = await readXlsx((await collector.inject('GET', `/api/billing/exports/arrears.xlsx?projectId=${projectA}`)).rawPayload);
    expect(ax[0]).toContain('最近催缴步骤');
    const arrearsFen = ax.slice(1).reduce((s, r) => s + Math.round(Number(r[2]) * 100), 0);
    expect(arrearsFen).toBe(outstanding);

    // Scope: a project-A collector cannot export project B; residents and front desk cannot export.
    expect((await collector.inject('GET', `/api/billing/exports/payments.xlsx?projectId=${projectB}`)).statusCode).toBe(403);
    expect((await resident.inject('GET', `/api/billing/exports/payments.xlsx?projectId=${projectA}`)).statusCode).toBe(403);
    expect((await frontDesk.inject('GET', `/api/billing/exports/arrears.xlsx?projectId=${projectA}`)).statusCode).toBe(403);
  });
});

describe('bill notices 缴费通知单', () => {
  it('per unit and by building: items with their basis, arrears carried, total; recorded; residents see those sent to the app', async () => {
    const { projectA, buildingA, unitA1, partyA1 } = env.fx;
    const period = day.slice(0, 7);
    const [y, m] = period.split('-').map(Number);
    const prev = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    await ok(await manager.inject('POST', '/api/billing/fee-items', { projectId: projectA, code: 'WY', name: '物业服务费', kind: 'area', category: 'property', unitPrice: '280', unitKinds: ['residence'] }), 201);
    await ok(await collector.inject('POST', '/api/billing/liabilities', { targetId: unitA1, partyId: partyA1, startDate: `${prev}-01` }), 201);
    await ok(await collector.inject('POST', '/api/billing/runs', { projectId: projectA, period: prev }), 201);
    const open = (await ok(await manager.inject('GET', `/api/billing/bills?accountId=${unitA1}&status=open&pageSize=200`))).items.filter((b: any) => b.accountMonth <= period);
    const owed = open.reduce((s: number, b: any) => s + b.outstandingFen, 0);
    const arrears = open.filter((b: any) => b.accountMonth < period).reduce((s: number, b: any) => s + b.outstandingFen, 0);
    expect(arrears).toBeGreaterThan(0);

    const one = await ok(await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1], channel: 'app' }), 201);
    expect(one.count).toBe(1);
    expect(one.items[0]).toMatchObject({ accountId: unitA1, totalFen: owed, channel: 'app' });
    expect(one.items[0].noticeNo).toMatch(/^TZ\d{14}$/);
    const html = await collector.inject('GET', `/api/billing/notices/${one.items[0].id}`);
    expect(html.body).toContain('缴费通知单');
    expect(html.body).toContain('往期欠费');
    expect(html.body).toContain('缴费方式');
    expect(html.body).toContain('收费员');
    const docx = await collector.inject('GET', `/api/billing/notices/${one.items[0].id}?format=docx`);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');

    // The resident of the unit sees it; the neighbour does not.
    const mine = await ok(await resident.inject('GET', '/api/billing/notices'));
    expect(mine.items.map((n: any) => n.id)).toEqual([one.items[0].id]);
    expect((await resident.inject('GET', `/api/billing/notices/${one.items[0].id}`)).statusCode).toBe(200);
    const neighbour = await login(env.app, 'resident_a2');
    expect((await ok(await neighbour.inject('GET', '/api/billing/notices'))).items).toEqual([]);
    expect((await neighbour.inject('GET', `/api/billing/notices/${one.items[0].id}`)).statusCode).toBe(404);

    // A batch for the building, printed: one page per unit with something to pay, each recorded.
    const batch = await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, buildingId: buildingA, format: 'html' });
    expect(batch.statusCode, batch.body).toBe(200);
    const pages = batch.body.split('<section').length - 1;
    const printed = await ok(await manager.inject('GET', `/api/billing/notices?projectId=${projectA}&period=${period}&pageSize=100`));
    expect(printed.total).toBe(1 + pages);
    expect(pages).toBeGreaterThanOrEqual(2);
    // The previous period's notice lists the property fee with its basis, in 元.
    const prevHtml = await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period: prev, accountIds: [unitA1], format: 'html' });
    expect(prevHtml.body).toMatch(/\d+\.\d{2} ㎡ × 2\.80 元\/㎡·月/);
    // Printed notices do not go to the app; out-of-scope and resident issuing are refused.
    expect((await ok(await resident.inject('GET', '/api/billing/notices'))).items).toHaveLength(1);
    expect((await collector.inject('POST', '/api/billing/notices', { projectId: env.fx.projectB, period, buildingId: env.fx.buildingB })).statusCode).toBe(403);
    expect((await resident.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1] })).statusCode).toBe(403);
  });

  it('carries a payment QR when the project configures one: the code holds the notice number, the unit and the amount, in HTML and DOCX alike', async () => {
    const { projectA, unitA1 } = env.fx;
    const period = day.slice(0, 7);
    const settings = await ok(await manager.inject('GET', `/api/billing/projects/${projectA}/cashier-settings`));
    // Without the notice number a payment could not be matched: refused, and nothing saved.
    const bad = await manager.inject('PUT', `/api/billing/projects/${projectA}/cashier-settings`, { ...settings, paymentQrTemplate: 'https://pay.example.cn/wy?unit={unit}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('billing.payment_qr_template_invalid');
    expect((await manager.inject('PUT', `/api/billing/projects/${projectA}/cashier-settings`, { ...settings, paymentQrTemplate: 'https://pay.example.cn/wy?ref={noticeNo}&x={bogus}' })).statusCode).toBe(400);
    const saved = await ok(await manager.inject('PUT', `/api/billing/projects/${projectA}/cashier-settings`, { ...settings, paymentQrTemplate: 'https://pay.example.cn/wy?ref={noticeNo}&unit={unit}&amt={amount}', paymentQrCaption: '微信扫码缴费' }));
    expect(saved.receiptPattern).toBe(settings.receiptPattern);
    const n = (await ok(await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1] }), 201)).items[0];
    const html = (await collector.inject('GET', `/api/billing/notices/${n.id}`)).body;
    expect(html).toContain('<svg');
    expect(html).toContain('微信扫码缴费');
    // The Word copy holds the code as a PNG; decoded, it is the configured link filled in for this notice.
    const docx = await collector.inject('GET', `/api/billing/notices/${n.id}?format=docx`);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const media = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    const png = PNG.sync.read(Buffer.from(await zip.file(media[0])!.async('uint8array')));
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    const url = new URL(decoded!.data);
    expect(url.searchParams.get('ref')).toBe(n.noticeNo);
    expect(url.searchParams.get('amt')).toBe((n.totalFen / 100).toFixed(2));
    expect(url.searchParams.get('unit')).toMatch(/\S/);
    // Cleared again: later notices carry no code.
    await ok(await manager.inject('PUT', `/api/billing/projects/${projectA}/cashier-settings`, { ...settings, paymentQrTemplate: null }));
    const plain = (await ok(await collector.inject('POST', '/api/billing/notices', { projectId: projectA, period, accountIds: [unitA1] }), 201)).items[0];
    expect((await collector.inject('GET', `/api/billing/notices/${plain.id}`)).body).not.toContain('<svg');
  });
});

