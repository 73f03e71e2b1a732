/**
 * 报表中心 and 工作计划与目标 in a real browser against the demo: the manager generates the
 * organisation's monthly work report for last month, sees it drawn (title, charts) in the
 * sandboxed preview, rewrites a narrative paragraph (the figures stay locked) and approves it;
 * the targets screen shows plan vs actual with the gap coloured.
 */
import { describe, expect, it } from 'vitest';
import rCN from '../../web/src/i18n/reports.zh-CN.json';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const R = rCN.reports;
const browser = useBrowser();

interface Doc { id: string; type: string; period: string; projectId: string | null; status: string; editedSections: string[]; model: { title: string; sections: { id: string; narrative: string }[] } }
interface Pva { kpis: { code: string; value: number | null; met: boolean | null; gap: number | null }[] }
interface RoleKpis { role: string; kpis: { code: string; value: number | null; tone: string; trend: { period: string; value: number | null }[] }[] }

/** The tone the screens give a judged KPI: met, near (missed by at most 2 points) or missed. */
const toneOf = (k: { met: boolean | null; gap: number | null }) => (k.met ? 'met' : -(k.gap ?? -1) <= 0.02 + 1e-9 ? 'near' : 'missed');
const TONE_RGB: Record<string, string> = { met: 'rgb(56, 158, 13)', near: 'rgb(212, 136, 6)', missed: 'rgb(207, 19, 34)' };

/** Last month in Asia/Shanghai, as the screen proposes it. */
function lastMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

describe('reports', () => {
  it('the manager generates last month’s work report for the organisation, edits its commentary and approves it', async () => {
    const manager = await apiSession('manager');
    const me = (await manager.get<{ user: { projectIds: string[] | 'all' } }>('/api/auth/me')).user;
    expect(me.projectIds, 'the demo manager sees the whole organisation').toBe('all');
    const period = lastMonth();

    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/reports/documents`);
    await page.getByTestId('report-list').waitFor();
    await page.getByTestId('report-generate').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('report-period').waitFor();
    // The form proposes a monthly report of the organisation for last month.
    expect(await dialog.innerText()).toContain(R.type.monthly);
    expect(await dialog.innerText()).toContain(R.org);
    const [y, m] = period.split('-').map(Number);
    expect(await dialog.getByTestId('report-period').inputValue()).toBe(`${y}年${m}月`);
    await page.getByTestId('report-generate-ok').click();

    // Generated: the screen moves to the report.
    await Promise.race([
      page.waitForURL(/\/reports\/documents\/[^/]+$/, { timeout: 60_000 }),
      // A refused form or a failed generation stays in the dialog: fail with what it says.
      dialog.locator('.ant-alert-error, .ant-form-item-explain-error').first().waitFor({ timeout: 60_000 }).then(async () => {
        throw new Error(`generation refused: ${await dialog.innerText()}`);
      }),
    ]);
    const id = page.url().split('/').pop()!;
    const doc = await manager.get<Doc>(`/api/reports/documents/${id}`);
    expect(doc).toMatchObject({ type: 'monthly', period, projectId: null, status: 'draft' });
    const listed = (await manager.get<{ items: Doc[] }>(`/api/reports/documents?type=monthly&period=${period}`)).items;
    expect(listed.map((d) => d.id)).toContain(id);

    // The print-ready HTML in the sandboxed frame: the title and drawn charts.
    const frameEl = page.getByTestId('report-frame');
    expect(await frameEl.getAttribute('sandbox')).toBe('');
    const frame = page.frameLocator('[data-testid="report-frame"]');
    await eventually(() => frame.locator('body').innerText().catch(() => '')).toContain(R.type.monthly);
    expect(await frame.locator('h1').first().innerText()).toContain(R.type.monthly);
    expect(await frame.locator('svg').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('report-status').getAttribute('data-status')).toBe('draft');

    // Rewrite the commentary of the first section that has one.
    const target = doc.model.sections.find((s) => s.narrative.trim())!;
    const section = page.locator(`[data-testid="report-section"][data-section="${target.id}"]`);
    const text = '本月客服中心整体运行平稳，报修及时率仍需提升，下月重点跟进公共区域维修。';
    await section.getByTestId('report-section-text').fill(text);
    await section.getByTestId('report-section-save').click();
    await eventually(async () => (await manager.get<Doc>(`/api/reports/documents/${id}`)).editedSections).toContain(target.id);
    const edited = await manager.get<Doc>(`/api/reports/documents/${id}`);
    expect(edited.model.sections.find((s) => s.id === target.id)!.narrative).toBe(text);
    // The preview follows the edit; its figures did not move.
    await eventually(() => frame.locator('body').innerText().catch(() => '')).toContain(text);
    await eventually(() => section.innerText()).toContain(R.doc.edited);
    await shot(page, 'reports-document', true);

    // Approve: the report is locked.
    await page.getByTestId('report-approve').click();
    await page.getByTestId('report-approve-ok').click();
    await eventually(async () => (await manager.get<Doc>(`/api/reports/documents/${id}`)).status).toBe('approved');
    await eventually(() => page.getByTestId('report-status').getAttribute('data-status')).toBe('approved');
    expect(await page.getByTestId('report-section-text').count()).toBe(0);
    expect(await page.getByTestId('report-publish').count()).toBe(1);
  });

  it('shows plan vs actual on the targets screen with the gap coloured', async () => {
    const manager = await apiSession('manager');
    const period = lastMonth();
    const pva = await manager.get<Pva>(`/api/reports/targets?period=${period}`);
    const judged = pva.kpis.filter((k) => k.value !== null && k.met !== null);
    expect(judged.length, 'the demo has KPIs with targets and data').toBeGreaterThan(0);

    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/reports/targets`);
    const table = page.getByTestId('targets-kpis');
    await table.locator('tr.ant-table-row').first().waitFor();
    expect(await table.locator('tr.ant-table-row').count()).toBe(pva.kpis.length);
    // One coloured gap per KPI judged against a target, red for a miss and green for a hit.
    await eventually(() => table.getByTestId('targets-gap').count()).toBe(judged.length);
    for (const k of judged) {
      const gap = table.locator(`tr[data-code="${k.code}"]`).getByTestId('targets-gap');
      expect(await gap.getAttribute('data-tone'), k.code).toBe(toneOf(k));
      const color = await gap.locator('span').first().evaluate((e) => getComputedStyle(e).color);
      expect(color, k.code).toBe(TONE_RGB[toneOf(k)]);
    }
    expect(await table.innerText()).toContain(R.targets.ratio);
    // Every rate — 催单率 included — reads as a percentage, never a bare number or a code.
    const chase = pva.kpis.find((k) => k.code === 'chase_rate');
    if (chase && chase.value !== null) expect(await table.locator('tr[data-code="chase_rate"]').innerText()).toMatch(new RegExp(`${R.kpi.chase_rate}[\\s\\S]*\\d+\\.\\d%`));
    await shot(page, 'reports-targets', true);
  });

  it('the dashboard shows the role’s own KPIs against their targets, toned and with a trend, as the API computes them', async () => {
    const manager = await apiSession('manager');
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const api = await manager.get<RoleKpis>(`/api/reports/role-targets?period=${month}`);
    expect(api.role).toBe('manager');
    expect(api.kpis.map((k) => k.code)).toEqual(expect.arrayContaining(['collection_rate', 'satisfaction', 'chase_rate']));
    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/dashboard`);
    const card = page.getByTestId('role-targets');
    await card.getByTestId('role-kpi').first().waitFor();
    expect(await card.getByTestId('role-kpi').count()).toBe(api.kpis.length);
    for (const k of api.kpis) expect(await card.locator(`[data-testid="role-kpi"][data-code="${k.code}"]`).getAttribute('data-tone'), k.code).toBe(k.tone);
    // Names, not codes; 催单率 as a percentage.
    const text = await card.innerText();
    expect(text).toContain(R.kpi.chase_rate);
    expect(text).not.toMatch(/chase_rate|collection_rate/);
    const chase = card.locator('[data-testid="role-kpi"][data-code="chase_rate"] [data-testid="role-kpi-value"]');
    const chaseApi = api.kpis.find((k) => k.code === 'chase_rate')!;
    if (chaseApi.value !== null) expect(await chase.innerText()).toMatch(/^\d[\d,]*\.\d%$/);
    if (api.kpis.some((k) => k.trend.filter((p) => p.value !== null).length >= 2)) expect(await card.getByTestId('role-kpi-trend').count()).toBeGreaterThan(0);
    await shot(page, 'dashboard-role-targets', true);
  });

  it('a manager edits the monthly template — a heading, an intro with a placeholder, a custom section — previews it on live data and saves a new version', async () => {
    const manager = await apiSession('manager');
    const before = (await manager.get<{ items: { version: number }[] }>('/api/reports/templates/monthly/versions')).items[0]?.version ?? 0;
    const { page } = await openPage(browser());
    await signIn(page, 'manager');
    await page.goto(`${baseUrl()}/reports/templates`);
    const first = page.getByTestId('template-section').first();
    await first.waitFor();
    await first.getByTestId('template-heading').fill('本月关键指标');
    await page.getByTestId('template-add-custom').click();
    const custom = page.getByTestId('template-section').last();
    expect(await custom.getAttribute('data-id')).toMatch(/^custom-/);
    await custom.getByTestId('template-heading').fill('经理寄语');
    await custom.getByTestId('template-intro').fill('本月共受理来电来访 {{contacts}} 次，收费率 {{collection_rate}}。');
    await page.getByTestId('template-preview').click();
    const body = page.getByTestId('template-preview-body');
    await body.waitFor({ timeout: 60_000 });
    const previewText = await body.innerText();
    expect(previewText).toContain('本月关键指标');
    expect(previewText).toContain('经理寄语');
    // The placeholders are filled from the data.
    expect(previewText).toMatch(/本月共受理来电来访 [\d,.万]+ 次，收费率 (\d+\.\d %|无数据)。/);
    expect(previewText).not.toContain('{{');
    await shot(page, 'reports-template', true);
    await page.getByTestId('template-save').click();
    await eventually(async () => (await manager.get<{ items: { version: number }[] }>('/api/reports/templates/monthly/versions')).items[0]?.version).toBe(before + 1);
    const saved = await manager.get<{ sections: { id: string; title?: string; text?: string }[] }>('/api/reports/templates/monthly');
    expect(saved.sections[0].title).toBe('本月关键指标');
    expect(saved.sections.at(-1)).toMatchObject({ title: '经理寄语' });
  });
});
