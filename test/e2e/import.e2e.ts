import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zhCN from '../../web/src/i18n/zh-CN.json';
import { IMPORT_COLUMNS } from '../../web/src/pages/import/template';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const browser = useBrowser();

const HEADER = IMPORT_COLUMNS.map((c) => c.header).join(',');

function csv(projectCode: string, building: string, badArea: boolean): Buffer {
  const rows = [
    HEADER,
    `${projectCode},一期,${building},${building}-101,1,88.5,住宅,已入住,测试业主甲,业主,13912345601,,2024-05-01`,
    `${projectCode},一期,${building},${building}-102,1,${badArea ? 'abc' : '90.25'},住宅,空置,,,,,`,
    `${projectCode},一期,${building},${building}-103,1,101,住宅,已入住,测试租户乙,租户,021-68881234,,2024-06-01`,
  ];
  return Buffer.from('\ufeff' + rows.join('\r\n') + '\r\n', 'utf8');
}

async function choose(page: Page, name: string, buffer: Buffer) {
  await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
  await page.getByTestId('import-file').filter({ hasText: name }).waitFor();
}

describe('import', () => {
  it('offers the template; a bad row is listed by line and column; after the fix a dry run and then the import succeed with progress', async () => {
    const api = await apiSession('supervisor');
    const project = (await api.get<{ items: { code: string }[] }>('/api/projects')).items[0];
    const building = `E2E${Date.now() % 1_000_000}`;

    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/registry/import`);
    await page.getByTestId('template-download').waitFor();
    await shot(page, 'import');

    // Template: a CSV whose header row is exactly the accepted columns.
    const [tpl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('template-download').click()]);
    const tplText = fs.readFileSync((await tpl.path())!, 'utf8').replace(/^\ufeff/, '');
    expect(tplText.split(/\r?\n/)[0]).toBe(HEADER);

    // 1) a file with one bad row (line 3: area "abc") imports nothing and lists the row.
    await choose(page, 'units-bad.csv', csv(project.code, building, true));
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-failed').waitFor();
    const errorRows = page.getByTestId('import-errors').locator('.ant-table-row');
    await eventually(() => errorRows.count()).toBe(1);
    const cells = (await errorRows.first().locator('td').allInnerTexts()).map((s) => s.trim());
    expect(cells[0]).toBe('3');
    expect(cells[1]).toBe(zhCN.importField.areaM2);
    expect(cells[2]).toContain('abc');
    expect(await page.getByTestId('import-progress').locator('.ant-progress-status-exception').count()).toBe(1);
    await shot(page, 'import-errors');

    // The error report download carries the same line.
    const [report] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-errors-download').click()]);
    const reportText = fs.readFileSync((await report.path())!, 'utf8').replace(/^\ufeff/, '');
    const reportLines = reportText.split(/\r?\n/).filter(Boolean);
    expect(reportLines).toHaveLength(2);
    expect(reportLines[1].split(',')[0]).toBe('3');
    let units = await api.get<{ total: number }>(`/api/units?q=${building}`);
    expect(units.total).toBe(0);

    // 2) fixed file, dry run: passes, still writes nothing.
    await choose(page, 'units-fixed.csv', csv(project.code, building, false));
    await page.getByTestId('import-dry-run').check();
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-success').waitFor();
    expect(await page.getByTestId('import-success').innerText()).toContain(zhCN.import.dryRunOk.split('：')[0]);
    units = await api.get<{ total: number }>(`/api/units?q=${building}`);
    expect(units.total).toBe(0);

    // 3) the real import: progress bar completes, three units and two parties exist.
    await page.getByTestId('import-dry-run').uncheck();
    await page.getByTestId('import-start').click();
    await page.getByTestId('import-progress').locator('.ant-progress-status-success').waitFor();
    await page.getByTestId('import-success').filter({ hasText: zhCN.import.done.split('：')[0] }).waitFor();
    expect(await page.getByTestId('import-progress').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    await shot(page, 'import-success');
    units = await api.get<{ total: number }>(`/api/units?q=${building}`);
    expect(units.total).toBe(3);
    const parties = await api.get<{ items: { name: string }[] }>(`/api/parties?q=${building}`);
    expect(parties.items.map((p) => p.name).sort()).toEqual(['测试业主甲', '测试租户乙']);
  });
});
