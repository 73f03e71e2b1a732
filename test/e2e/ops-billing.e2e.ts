/**
 * Property operations in the browser: a collector takes a payment for a house in arrears and the
 * receipt matches the API; the collection report charts and exports; a failed fire-equipment
 * check opens a hazard that a supervisor assigns for rectification.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import zh from '../../web/src/i18n/zh-CN.json';
import ops from '../../web/src/i18n/ops.zh-CN.json';
import { formatMoney } from '../../web/src/format';
import { fenToYuanInput } from '../../web/src/opsMoney';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

const O = ops.ops;
const browser = useBrowser();

interface Page<T> {
  items: T[];
  total: number;
}

describe('billing and inspections', () => {
  it('takes a payment for the house most in arrears: receipt issued, bills settled, account cleared', async () => {
    const api = await apiSession('collector');
    const project = (await api.get<Page<{ id: string }>>('/api/projects')).items[0];
    const arrears = await api.get<Page<{ accountId: string; unitNumber: string; outstandingFen: number; overdueFen: number }>>(`/api/billing/arrears?projectId=${project.id}&pageSize=5`);
    const target = arrears.items[0];
    expect(target.overdueFen).toBeGreaterThan(0);

    const { page } = await openPage(browser());
    await signIn(page, 'collector');
    await page.goto(`${baseUrl()}/billing/bills?projectId=${project.id}`);
    await page.getByTestId('aging-chart').locator('canvas').waitFor();
    const row = page.getByTestId('arrears-table').locator('.ant-table-row').filter({ hasText: target.unitNumber }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain(formatMoney(target.overdueFen, 'zh-CN'));
    await shot(page, 'billing-arrears');
    await row.click();
    const drawer = page.getByTestId('account-drawer');
    await drawer.getByTestId('account-bills').locator('.ant-table-row').first().waitFor();
    await drawer.getByTestId('account-pay').click();

    // The amount starts at what the house owes; cash needs no transaction reference.
    const amount = page.getByTestId('pay-form').getByLabel(O.pay.amount);
    await eventually(() => amount.inputValue()).toBe(fenToYuanInput(target.outstandingFen));
    await page.getByTestId('pay-account').waitFor();
    await page.getByTestId('pay-submit').click();
    const done = page.getByTestId('pay-done');
    await done.waitFor();
    const receiptNo = /[A-Z]{2}\d{6,}/.exec(await done.innerText())?.[0];
    expect(receiptNo).toBeTruthy();
    await shot(page, 'billing-payment');

    const payments = await api.get<Page<{ id: string; amountFen: number; method: string; allocatedFen: number }>>(`/api/billing/payments?receiptNo=${receiptNo}`);
    expect(payments.items).toHaveLength(1);
    expect(payments.items[0]).toMatchObject({ amountFen: target.outstandingFen, method: 'cash', allocatedFen: target.outstandingFen });
    const account = await api.get<{ outstandingFen: number }>(`/api/billing/accounts/${target.accountId}`);
    expect(account.outstandingFen).toBe(0);
    // The printable receipt the link opens carries the same number.
    const href = await page.getByTestId('receipt-link').getAttribute('href');
    const receipt = await api.raw('GET', href!);
    expect(receipt.status).toBe(200);
    expect(await receipt.text()).toContain(receiptNo!);

    // The payments screen finds it by receipt number.
    await page.goto(`${baseUrl()}/billing/payments?projectId=${project.id}&receiptNo=${receiptNo}`);
    await eventually(() => page.getByTestId('payments-table').locator('.ant-table-row').count()).toBe(1);
    expect(await page.getByTestId('payments-table').innerText()).toContain(formatMoney(target.outstandingFen, 'zh-CN'));
  });

  it('fee items read in yuan from the fen the API stores, with translated categories and a zh-CN month picker', async () => {
    const api = await apiSession('manager');
    const project = (await api.get<Page<{ id: string }>>('/api/projects')).items[0];
    const items = (await api.get<Page<{ name: string; kind: string; category: string; unitPrice: string | null }>>(`/api/billing/fee-items?projectId=${project.id}&pageSize=100`)).items;
    // The demo price of 物业服务费 is 250 fen per m² a month, i.e. 2.50 元 — showing "250 元" is the fen/yuan mix-up.
    const property = items.find((i) => i.kind === 'area' && i.category === 'property')!;
    expect(property.unitPrice).toBe('250');
    const service = items.find((i) => i.kind === 'service' && i.unitPrice === '5000');

    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/billing/fee-items?projectId=${project.id}`);
    const table = page.getByTestId('fee-items-table');
    const row = table.locator('.ant-table-row').filter({ hasText: property.name }).first();
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(O.fee.unitPrice.area.replace('{{price}}', '2.50'));
    expect(text).not.toContain('250 元');
    expect(text).toContain(O.fee.categories.property);
    if (service) expect(await table.locator('.ant-table-row').filter({ hasText: service.name }).first().innerText()).toContain(O.fee.unitPrice.service.replace('{{price}}', '50.00'));
    // No raw category code anywhere in the table.
    const all = await table.innerText();
    for (const code of ['property', 'parking', 'service', 'water']) expect(all).not.toMatch(new RegExp(`\\b${code}\\b`));
    // The bill-run month reads the Chinese way (2026年7月), not "July 2026".
    // antd puts data-* and aria-* on the picker's own input.
    const month = await page.getByTestId('run-period').inputValue();
    expect(month).toMatch(/^\d{4}年\d{1,2}月$/);
    await shot(page, 'billing-fee-items');
  });

  it('charts the collection rate by building and exports the same report as XLSX', async () => {
    const api = await apiSession('manager');
    const project = (await api.get<Page<{ id: string }>>('/api/projects')).items[0];
    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/billing/reports?projectId=${project.id}&groupBy=buildingId&fromMonth=2026-01&toMonth=2026-06`);
    await page.getByTestId('collection-chart').locator('canvas').waitFor();
    const report = await api.get<{ rows: unknown[]; total: { receivableFen: number; receivedFen: number } }>(`/api/billing/reports/collection?projectId=${project.id}&groupBy=buildingId&fromMonth=2026-01&toMonth=2026-06`);
    expect(await page.getByTestId('collection-table').locator('.ant-table-row').count()).toBe(Math.min(50, report.rows.length));
    const totals = await page.getByTestId('collection-totals').innerText();
    expect(totals).toContain(formatMoney(report.total.receivableFen, 'zh-CN'));
    expect(totals).toContain(formatMoney(report.total.receivedFen, 'zh-CN'));
    await shot(page, 'billing-collection', true);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('collection-export').click()]);
    expect(download.suggestedFilename()).toBe('collection-2026-01-2026-06.xlsx');
    const bytes = fs.readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK'); // an XLSX is a zip archive
  });

  it('a failed fire-equipment check opens a hazard; a supervisor assigns it for rectification', async () => {
    const inspector = await apiSession('inspector');
    const project = (await inspector.get<Page<{ id: string }>>('/api/projects')).items[0];
    const equipment = (await inspector.get<Page<{ id: string; code: string; status: string }>>(`/api/inspections/fire-equipment?projectId=${project.id}&status=in_service&pageSize=50`)).items.at(-1)!;

    const { page } = await openPage(browser());
    await signIn(page, 'inspector');
    await page.goto(`${baseUrl()}/inspections/fire-equipment?projectId=${project.id}&q=${encodeURIComponent(equipment.code)}`);
    const row = page.getByTestId('equipment-table').locator('.ant-table-row').filter({ hasText: equipment.code }).first();
    await row.waitFor();
    await row.getByTestId('equipment-check').click();
    await page.getByTestId('check-item-overall').getByText(O.insp.abnormal).click();
    await page.getByLabel(O.hazard.department).fill('工程部');
    await page.getByRole('dialog').getByRole('button', { name: buttonName(zh.common.save) }).click();

    // The new hazard opens on the hazard register.
    await page.waitForURL(/\/inspections\/hazards\?open=/);
    const orderId = new URL(page.url()).searchParams.get('open')!;
    const drawer = page.getByTestId('hazard-drawer');
    await drawer.getByTestId('hazard-events').waitFor();
    const order = await inspector.get<{ kind: string; state: string; department: string; extra: { equipmentId: string } }>(`/api/orders/${orderId}`);
    expect(order).toMatchObject({ kind: 'hazard', state: 'reported', department: '工程部' });
    expect(order.extra.equipmentId).toBe(equipment.id);
    const checked = await inspector.get<{ status: string }>(`/api/inspections/fire-equipment/${equipment.id}`);
    expect(checked.status).toBe('faulty');
    await shot(page, 'hazard-reported');

    // A supervisor assigns the rectification to a technician.
    const supervisor = await apiSession('supervisor');
    const tech = (await supervisor.get<{ items: { id: string; displayName: string; role: string; active: boolean }[] }>('/api/users?role=technician')).items.find((u) => u.active)!;
    const sup = await openPage(browser());
    await signIn(sup.page, 'supervisor');
    await sup.page.goto(`${baseUrl()}/inspections/hazards?projectId=${project.id}&open=${orderId}`);
    const supDrawer = sup.page.getByTestId('hazard-drawer');
    await supDrawer.getByTestId('hazard-action-assign').click();
    const form = sup.page.getByTestId('hazard-action-form');
    await form.getByTestId('hazard-assignee').click();
    await sup.page.keyboard.type(tech.displayName);
    await sup.page.locator('.ant-select-item-option').filter({ hasText: tech.displayName }).first().click();
    await sup.page.getByRole('dialog').last().getByRole('button', { name: buttonName(zh.common.save) }).click();
    await eventually(async () => (await supervisor.get<{ state: string }>(`/api/orders/${orderId}`)).state).toBe('assigned');
    const assigned = await supervisor.get<{ assigneeId: string; events: { action: string }[] }>(`/api/orders/${orderId}`);
    expect(assigned.assigneeId).toBe(tech.id);
    // The drawer follows: the state as the engine names it, and one history entry per event.
    const labels = await supervisor.get<{ states: Record<string, string>; stateOverrides: { hazard?: Record<string, string> } }>('/api/orders/meta/labels');
    await eventually(() => supDrawer.getByTestId('hazard-state').innerText()).toBe(labels.stateOverrides.hazard?.assigned ?? labels.states.assigned);
    await eventually(() => supDrawer.getByTestId('hazard-events').locator('.ant-timeline-item').count()).toBe(assigned.events.length);
    await shot(sup.page, 'hazard-assigned');
  });
});
