import { describe, expect, it } from 'vitest';
import zhCN from '../../web/src/i18n/zh-CN.json';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

interface Phone {
  kind: string;
  display: string;
  digits: string;
  extension: string | null;
}
interface Party {
  id: string;
  name: string;
  kind: string;
  idNumberMasked: string | null;
  phones: Phone[];
  units: { unitNumber: string }[];
}
interface Page<T> {
  items: T[];
  total: number;
}

const browser = useBrowser();

describe('registry', () => {
  it('finds a party by mobile number and opens the detail drawer with masked ID, phones and units', async () => {
    const api = await apiSession('supervisor');
    const list = await api.get<Page<Party>>('/api/parties?pageSize=50&kind=person');
    const target = list.items.find((p) => p.phones.some((ph) => ph.kind === 'mobile') && p.idNumberMasked && p.units.length);
    expect(target, 'a demo person with a mobile phone, an ID number and a unit').toBeTruthy();
    const mobile = target!.phones.find((ph) => ph.kind === 'mobile')!;

    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/parties`);
    const search = page.getByTestId('party-search');
    await search.fill(mobile.digits);
    await search.press('Enter');
    await page.waitForURL(new RegExp(`q=${mobile.digits}`));
    const rows = page.getByTestId('parties-table').locator('.ant-table-row');
    await eventually(() => rows.count()).toBeGreaterThan(0);
    await eventually(() => rows.first().innerText()).toContain(target!.name);
    await shot(page, 'parties-search');

    await rows.filter({ hasText: target!.name }).first().getByRole('button', { name: target!.name }).click();
    const drawer = page.getByTestId('party-drawer');
    await drawer.getByTestId('party-id-masked').waitFor();
    expect(await drawer.getByTestId('party-id-masked').innerText()).toBe(target!.idNumberMasked);
    // Only the masked form ever reaches the page.
    expect(target!.idNumberMasked).toMatch(/\*{4,}/);
    expect(await drawer.getByTestId('party-phones').innerText()).toContain(mobile.display);
    expect(await drawer.getByTestId('party-units').innerText()).toContain(target!.units[0].unitNumber);
    await shot(page, 'party-drawer');
  });

  it('finds a company by its landline without the area code', async () => {
    const api = await apiSession('supervisor');
    const companies = await api.get<Page<Party>>('/api/parties?pageSize=100&kind=company');
    const withArea = companies.items.flatMap((p) => p.phones.filter((ph) => ph.kind === 'landline' && /^0\d{2,3}-/.test(ph.display)).map((ph) => ({ p, ph })));
    expect(withArea.length, 'demo companies have landlines with area codes').toBeGreaterThan(0);
    const { p, ph } = withArea[0];
    const local = ph.display.replace(/^0\d{2,3}-/, '').replace(/\s*\D+\s*\d+$/, '').replace(/\D/g, '');

    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/parties?q=${local}`);
    const rows = page.getByTestId('parties-table').locator('.ant-table-row');
    await eventually(async () => (await rows.allInnerTexts()).join('\n')).toContain(p.name);
  });

  it('filters units, pages, opens a unit with its occupants, and shows the project chart', async () => {
    const api = await apiSession('supervisor');
    const projects = await api.get<Page<{ id: string; code: string; name: string }>>('/api/projects');
    const ht = projects.items[0];
    const occupied = await api.get<Page<{ id: string; number: string }>>(`/api/units?projectId=${ht.id}&state=occupied&pageSize=20`);

    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/units?projectId=${ht.id}&state=occupied`);
    const table = page.getByTestId('units-table');
    await table.locator('.ant-table-row').first().waitFor();
    await eventually(() => page.locator('.ant-pagination-total-text').innerText()).toContain(occupied.total.toLocaleString('zh-CN'));
    // Every listed unit has the filtered state.
    const states = await table.locator('.ant-table-row .ant-tag').allInnerTexts();
    expect(new Set(states)).toEqual(new Set([zhCN.unitState.occupied]));
    await shot(page, 'units');

    // Page 2 is another slice of the same filtered list.
    await page.locator('.ant-pagination-item-2').click();
    await page.waitForURL(/page=2/);
    await eventually(async () => (await table.locator('.ant-table-row td button').first().innerText()).trim()).not.toBe(occupied.items[0].number);

    // Search by unit number narrows the list.
    const wanted = occupied.items[3].number;
    const search = page.getByTestId('unit-search');
    await search.fill(wanted);
    await search.press('Enter');
    await eventually(async () => (await table.locator('.ant-table-row td button').allInnerTexts()).map((s) => s.trim())).toContain(wanted);
    await table.getByRole('button', { name: wanted, exact: true }).click();
    const drawer = page.getByTestId('unit-drawer');
    await drawer.getByTestId('occupants').locator('.ant-table-row').first().waitFor();
    const detail = await api.get<{ occupants: { name: string }[] }>(`/api/units/${occupied.items[3].id}`);
    const occupantsText = await drawer.getByTestId('occupants').innerText();
    for (const o of detail.occupants) expect(occupantsText).toContain(o.name);
    await shot(page, 'unit-drawer');

    await page.goto(`${baseUrl()}/registry/projects/${ht.id}`);
    await page.getByTestId('pie-chart').locator('canvas').waitFor();
    const proj = await api.get<{ unitCounts: Record<string, number> }>(`/api/projects/${ht.id}`);
    const countsText = await page.getByTestId('unit-counts').innerText();
    for (const n of Object.values(proj.unitCounts)) expect(countsText).toContain(n.toLocaleString('zh-CN'));
    await shot(page, 'project-detail');
  });

  it('creates a unit: server validation lands on the field, the fixed form saves', async () => {
    const api = await apiSession('supervisor');
    const projects = await api.get<Page<{ id: string; code: string; name: string }>>('/api/projects');
    const ht = projects.items[0];
    const buildings = await api.get<Page<{ id: string; name: string; phaseName: string | null }>>(`/api/buildings?projectId=${ht.id}&pageSize=1`);
    const b = buildings.items[0];
    const number = `E2E-${Date.now() % 1_000_000}`;

    const { page, allowHttpError } = await openPage(browser());
    allowHttpError('/api/units');
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/units?projectId=${ht.id}&buildingId=${b.id}`);
    await page.getByTestId('units-table').locator('.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: zhCN.unit.create }).click();
    const form = page.getByTestId('unit-form');
    await form.waitFor();
    await form.getByLabel(zhCN.unit.number).fill(number);
    await form.getByLabel(zhCN.unit.areaM2).fill('12.345'); // three decimals: the server refuses it
    await form.getByLabel(zhCN.unit.areaM2).press('Enter');
    const areaItem = form.locator('.ant-form-item').filter({ has: page.getByLabel(zhCN.unit.areaM2) });
    await areaItem.locator('.ant-form-item-explain-error').waitFor();
    // The text under the field is the server's own message for that field.
    const res = await api.raw('POST', '/api/units', { buildingId: b.id, number, areaM2: '12.345', type: 'residence', state: 'vacant' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { path: string; message: string }[] } };
    const expected = body.error.details.find((d) => d.path === 'body.areaM2')!.message;
    expect(await areaItem.locator('.ant-form-item-explain-error').innerText()).toBe(expected);
    await shot(page, 'unit-form-error');

    await form.getByLabel(zhCN.unit.areaM2).fill('88.5');
    // By its text, not its accessible name: when the refused save answers within a frame, antd's
    // loading icon can stay in the button mid-leave (invisible, width 0), and its aria-label
    // ("loading") then joins the button's name.
    await page.locator('.ant-modal-footer button.ant-btn-primary', { hasText: buttonName(zhCN.common.save) }).click();
    // Saved: the drawer of the new unit opens.
    await page.getByTestId('unit-drawer').getByText(number).first().waitFor();
    const found = await api.get<Page<{ number: string; areaM2: number }>>(`/api/units?buildingId=${b.id}&q=${number}`);
    expect(found.items).toEqual([expect.objectContaining({ number, areaM2: 88.5 })]);
  });

  it('creates a customer linked to a unit: a bad phone is marked on its own input, the fixed form saves', async () => {
    const api = await apiSession('supervisor');
    const vacant = await api.get<Page<{ id: string; number: string }>>('/api/units?state=vacant&pageSize=1');
    const unit = vacant.items[0];
    const name = `测试客户${Date.now() % 10_000}`;

    const { page, allowHttpError } = await openPage(browser());
    allowHttpError('/api/parties');
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/parties`);
    await page.getByTestId('parties-table').locator('.ant-table-row').first().waitFor();
    await page.getByRole('button', { name: zhCN.party.create }).click();
    const form = page.getByTestId('party-form');
    await form.waitFor();
    await form.getByLabel(zhCN.party.name).fill(name);
    await form.getByLabel(zhCN.party.phoneN.replace('{{n}}', '1'), { exact: true }).fill('13912345678');
    await form.getByRole('button', { name: zhCN.party.addPhone }).click();
    await form.getByLabel(zhCN.party.phoneN.replace('{{n}}', '2'), { exact: true }).fill('12');
    // Link the unit: type its number into the search box, pick it.
    await form.getByLabel(zhCN.party.unitN.replace('{{n}}', '1'), { exact: true }).fill(unit.number);
    await page.locator('.ant-select-item-option').filter({ hasText: unit.number }).first().click();
    await page.getByRole('button', { name: buttonName(zhCN.common.save) }).click();

    const res = await api.raw('POST', '/api/parties', { kind: 'person', name: 'x', phones: ['12'], units: [{ unitId: unit.id, role: 'owner' }] });
    const expected = ((await res.json()) as { error: { message: string } }).error.message;
    const phone2 = form.locator('.ant-form-item').filter({ has: page.getByLabel(zhCN.party.phoneN.replace('{{n}}', '2'), { exact: true }) });
    await eventually(() => phone2.locator('.ant-form-item-explain-error').textContent()).toBe(expected);
    const phone1 = form.locator('.ant-form-item').filter({ has: page.getByLabel(zhCN.party.phoneN.replace('{{n}}', '1'), { exact: true }) });
    expect(await phone1.locator('.ant-form-item-explain-error').count()).toBe(0);
    await shot(page, 'party-form-error');

    await form.getByRole('button', { name: zhCN.party.removePhone.replace('{{n}}', '2') }).click();
    await form.getByLabel(zhCN.party.phoneN.replace('{{n}}', '2'), { exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('dialog').locator('.ant-modal-footer .ant-btn-primary').click();
    const drawer = page.getByTestId('party-drawer');
    await drawer.getByTestId('party-units').getByText(unit.number).waitFor();
    expect(await drawer.getByTestId('party-phones').innerText()).toContain('139 1234 5678');
    const saved = await api.get<Page<Party>>(`/api/parties?q=${encodeURIComponent(name)}`);
    expect(saved.items).toHaveLength(1);
    expect(saved.items[0].phones.map((p) => p.digits)).toEqual(['13912345678']);
    expect(saved.items[0].units.map((u) => u.unitNumber)).toEqual([unit.number]);
  });

  it('lists parking spaces with their state', async () => {
    const api = await apiSession('supervisor');
    const spaces = await api.get<Page<{ code: string }>>('/api/parking-spaces?pageSize=20');
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/parking`);
    const rows = page.getByTestId('parking-table').locator('.ant-table-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(spaces.items.length);
    expect(await rows.first().innerText()).toContain(spaces.items[0].code);
    await shot(page, 'parking');
  });
});
