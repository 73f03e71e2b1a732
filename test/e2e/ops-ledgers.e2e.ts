/**
 * Front-desk ledgers in the browser, one test each: a visitor comes and goes, a key is lent and
 * returned, a parcel is received, notified and signed for, a found item goes back to its owner,
 * and a parking permit lets its car in as a resident's. Each step is checked against the API.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zh from '../../web/src/i18n/zh-CN.json';
import ops from '../../web/src/i18n/ops.zh-CN.json';
import { formatMoney } from '../../web/src/format';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

const O = ops.ops;
const browser = useBrowser();

// Digits only (a Latin run in a shown name would read as an untranslated word in the role sweep); the counter keeps two calls in one millisecond apart.
let uniqCount = 0;
const uniq = () => String((Date.now() % 100_000) * 10 + (uniqCount++ % 10));

interface Row {
  id: string;
  status: string;
  [k: string]: unknown;
}

async function openLedger(page: Page, path: string) {
  await signIn(page, 'frontdesk');
  await page.goto(`${baseUrl()}/ledgers/${path}`);
  await page.getByTestId('ledger-table').locator('.ant-table-row').first().waitFor();
}

/** Fill the open modal form (labels → values) and save it. */
async function fillAndSave(page: Page, testId: string, values: Record<string, string>) {
  const form = page.getByTestId(testId);
  await form.waitFor();
  for (const [label, value] of Object.entries(values)) await form.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('dialog').getByRole('button', { name: buttonName(zh.common.save) }).click();
  await form.waitFor({ state: 'detached' });
}

/** The row of the record just made, found with the ledger's own search. */
async function findRow(page: Page, text: string) {
  await page.getByTestId('ledger-search').fill(text);
  await page.getByTestId('ledger-search').press('Enter');
  const row = page.getByTestId('ledger-table').locator('.ant-table-row').filter({ hasText: text });
  await row.first().waitFor();
  return row.first();
}

async function apiRow(path: string, q: string): Promise<Row> {
  const api = await apiSession('frontdesk');
  const page = await api.get<{ items: Row[] }>(`/api/ledgers/${path}?q=${encodeURIComponent(q)}`);
  expect(page.items).toHaveLength(1);
  return page.items[0];
}

describe('front-desk ledgers', () => {
  it('registers a visitor and checks them out', async () => {
    const name = `访客${uniq()}`;
    const { page } = await openPage(browser());
    await openLedger(page, 'visitors');
    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.visitors.visitorName]: name, [O.ledger.phone]: '13900001111', [O.visitors.purpose]: '探亲访友', [O.visitors.idNumber]: '310101199001011234' });
    const row = await findRow(page, name);
    expect(await row.innerText()).toContain(O.visitors.status.in);
    // Only the masked ID number is kept and shown.
    expect(await row.innerText()).toContain('310***********1234');
    expect((await apiRow('visitors', name)).status).toBe('in');

    await row.getByTestId('ledger-action-checkout').click();
    await fillAndSave(page, 'ledger-action-form', {});
    await eventually(() => row.innerText()).toContain(O.visitors.status.out);
    const after = await apiRow('visitors', name);
    expect(after.status).toBe('out');
    expect(after.leftAt).toBeTruthy();
    await shot(page, 'ledger-visitors');
  });

  it('lends a key and takes it back', async () => {
    const label = `E2E 钥匙 ${uniq()}`;
    const { page } = await openPage(browser());
    await openLedger(page, 'keys');
    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.keys.keyLabel]: label, [O.keys.borrowerName]: '测试师傅' });
    const row = await findRow(page, label);
    expect(await row.innerText()).toContain(O.keys.status.out);
    const lent = await apiRow('keys', label);
    expect(lent.status).toBe('out');
    expect(lent.dueBackAt).toBeTruthy();

    await row.getByTestId('ledger-action-return').click();
    await fillAndSave(page, 'ledger-action-form', { [O.ledger.note]: '完好归还' });
    await eventually(() => row.innerText()).toContain(O.keys.status.returned);
    const back = await apiRow('keys', label);
    expect(back.status).toBe('returned');
    expect(back.note).toBe('完好归还');
    await shot(page, 'ledger-keys');
  });

  it('receives a parcel, notifies the recipient and hands it over against a signature', async () => {
    const recipient = `收件人${uniq()}`;
    const { page } = await openPage(browser());
    await openLedger(page, 'mail');
    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.mail.recipientName]: recipient, [O.mail.carrier]: '顺丰', [O.mail.trackingNo]: `SF${uniq()}`, [O.mail.storagePlace]: '前台货架 A1' });
    const row = await findRow(page, recipient);
    expect(await row.innerText()).toContain(O.mail.kinds.parcel);
    expect(await row.innerText()).toContain(O.mail.status.received);

    await row.getByTestId('ledger-action-notify').click();
    await fillAndSave(page, 'ledger-action-form', {});
    await eventually(() => row.innerText()).toContain(O.mail.status.notified);
    expect((await apiRow('mail', recipient)).notifiedAt).toBeTruthy();

    await row.getByTestId('ledger-action-deliver').click();
    await fillAndSave(page, 'ledger-action-form', { [O.mail.signedBy]: recipient });
    await eventually(() => row.innerText()).toContain(O.mail.status.delivered);
    const done = await apiRow('mail', recipient);
    expect(done.status).toBe('delivered');
    expect(done.signedBy).toBe(recipient);
    await shot(page, 'ledger-mail');
  });

  it('logs a found item and returns it to its owner', async () => {
    const item = `E2E 雨伞 ${uniq()}`;
    const { page } = await openPage(browser());
    await openLedger(page, 'lost-found');
    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.lost.item]: item, [O.lost.foundPlace]: '3号楼大堂' });
    const row = await findRow(page, item);
    expect(await row.innerText()).toContain(O.lost.status.found);
    // A fresh item may not be disposed of yet (kept 90 days): the action is not offered.
    expect(await row.getByTestId('ledger-action-dispose').count()).toBe(0);

    await row.getByTestId('ledger-action-return').click();
    await fillAndSave(page, 'ledger-action-form', { [O.lost.claimantName]: '失主甲', [O.ledger.phone]: '13800002222' });
    await eventually(() => row.innerText()).toContain(O.lost.status.returned);
    const back = await apiRow('lost-found', item);
    expect(back.status).toBe('returned');
    expect(back.claimantName).toBe('失主甲');
    await shot(page, 'ledger-lost-found');
  });

  it('issues a parking permit; at the gate the plate checks valid and enters as a resident’s car, then leaves with a fee', async () => {
    const plate = `沪E${String(Date.now() % 100000).padStart(5, '0')}`;
    const holder = `车主${uniq()}`;
    const { page } = await openPage(browser());
    await openLedger(page, 'parking-permits');
    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.ledger.plate]: plate, [O.permits.holderName]: holder });
    const permitRow = await findRow(page, holder);
    expect(await permitRow.innerText()).toContain(plate);
    expect(await permitRow.innerText()).toContain(O.permits.effective.active);
    const permit = await apiRow('parking-permits', holder);
    expect(permit.effectiveStatus).toBe('active');
    expect(await permitRow.innerText()).toContain(String(permit.permitNo));

    // Gate check on the vehicles screen, then the car comes in.
    await page.goto(`${baseUrl()}/ledgers/vehicles`);
    await page.getByTestId('ledger-table').locator('.ant-table-row').first().waitFor();
    await page.getByTestId('permit-check').fill(plate);
    await page.getByTestId('permit-check').press('Enter');
    await eventually(() => page.getByTestId('permit-check-result').innerText()).toContain(O.permits.validYes.replace('{{plate}}', plate));

    await page.getByTestId('ledger-create').click();
    await fillAndSave(page, 'ledger-form', { [O.ledger.plate]: plate.toLowerCase() });
    const carRow = await findRow(page, plate);
    expect(await carRow.innerText()).toContain(O.vehicles.kinds.resident);
    expect(await carRow.innerText()).toContain(O.vehicles.status.in);

    await carRow.getByTestId('ledger-action-exit').click();
    await fillAndSave(page, 'ledger-action-form', { [O.vehicles.feeYuan]: '5' });
    await eventually(() => carRow.innerText()).toContain(O.vehicles.status.out);
    expect(await carRow.innerText()).toContain(formatMoney(500, 'zh-CN'));
    const car = await apiRow('vehicles', plate);
    expect(car.kind).toBe('resident');
    expect(car.feeFen).toBe(500);
    await shot(page, 'ledger-vehicles');
  });
});
