/**
 * Workforce planner in the browser: shift design with live solver progress and the coverage
 * chart, the roster grid with the checker's violations, the capacity plan's recommendation,
 * importing call records and reading their statistics, and the Erlang calculator. What the page
 * shows is compared with what the API answers for the same job or query.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zh from '../../web/src/i18n/zh-CN.json';
import wfm from '../../web/src/i18n/wfm.zh-CN.json';
import { formatMoney, formatNumber, formatPercent } from '../../web/src/format';
import { rosterCoverage } from '../../web/src/pages/wfm/rosterModel';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';
import { ROOT } from './globalSetup';

const W = wfm.wfm;
const browser = useBrowser();

/** The job id the page gets when it starts a solve (to read the same job through the API). */
function solveStarted(page: Page, kind: 'schedule' | 'roster' | 'capacity'): Promise<string> {
  return page
    .waitForResponse((r) => r.url().endsWith(`/api/wfm/solve/${kind}`) && r.request().method() === 'POST')
    .then(async (r) => ((await r.json()) as { id: string }).id);
}

interface Job<R> {
  status: string;
  progress: { phase: string; objective: number | null } | null;
  result: R;
}

describe('workforce planner', () => {
  it('designs shifts for the example day: live progress, shifts, coverage chart and shortfall report', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/wfm/schedule`);
    await eventually(() => page.getByTestId('requirements-summary').innerText()).toContain('48');
    const started = solveStarted(page, 'schedule');
    await page.getByTestId('solve-start').click();
    const id = await started;
    // The progress panel follows the server-sent events until the solver reports it is done.
    await page.getByTestId('solve-progress').waitFor();
    await eventually(() => page.getByTestId('solve-phase').innerText()).toBe(W.solve.phase.done);
    await page.getByTestId('schedule-result').waitFor();

    const api = await apiSession('supervisor');
    const job = await api.get<Job<{ status: string; shiftCostFen: number; agents: number; shifts: { count: number }[]; shortfall: { periods: unknown[] }; coverage: unknown[] }>>(`/api/wfm/jobs/${id}`);
    expect(job.status).toBe('done');
    expect(job.result.coverage).toHaveLength(48);
    // Every step of the solve is ticked off, and the last figures shown are the solver's last report.
    expect(await page.getByTestId('solve-progress').locator('.ant-steps-item-finish').count()).toBe(4);
    expect(await page.getByTestId('solve-figures').innerText()).toContain(formatMoney(job.progress!.objective!, 'zh-CN'));

    const result = page.getByTestId('schedule-result');
    expect(await result.innerText()).toContain(formatMoney(job.result.shiftCostFen, 'zh-CN'));
    await result.getByTestId('coverage-chart').locator('canvas').waitFor();
    const rows = result.getByTestId('shifts-table').locator('.ant-table-row');
    expect(await rows.count()).toBe(Math.min(20, job.result.shifts.length));
    expect(job.result.shifts.reduce((s, x) => s + x.count, 0)).toBe(job.result.agents);
    if (job.result.shortfall.periods.length === 0) await result.getByTestId('shortfall-none').waitFor();
    else expect(await result.getByTestId('shortfall-table').locator('.ant-table-row').count()).toBe(job.result.shortfall.periods.length);
    await shot(page, 'wfm-schedule', true);
  });

  it('designs shifts from a queue\'s staffing, publishes them as the queue\'s schedule and shows the gap in intraday', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    const api = await apiSession('supervisor');
    const queues = await api.get<{ items: { id: string; name: string }[] }>('/api/wfm/queues');
    const hotline = queues.items.find((q) => q.name === '客服热线')!;
    await page.goto(`${baseUrl()}/wfm/schedule`);
    await page.locator('label.ant-radio-button-wrapper').filter({ hasText: W.schedule.sourceStaffing }).click();
    await page.getByTestId('requirements-card').getByLabel(W.queue.pick).first().click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: hotline.name }).first().click();
    await page.getByRole('button', { name: buttonName(W.schedule.loadStaffing) }).click();
    await eventually(() => page.getByTestId('requirements-summary').innerText()).not.toContain(W.schedule.noRequirements);
    const started = solveStarted(page, 'schedule');
    await page.getByTestId('solve-start').click();
    const id = await started;
    await expect.poll(() => page.getByTestId('solve-phase').innerText(), { timeout: 90_000 }).toBe(W.solve.phase.done);
    const job = await api.get<Job<{ horizon: { start: string }; coverage: { working: number; onDuty: number }[] }>>(`/api/wfm/jobs/${id}`);

    await page.getByTestId('schedule-publish-button').click();
    await page.getByTestId('schedule-published').waitFor();
    const day = job.result.horizon.start.slice(0, 10);
    const intraday = await api.get<{ schedule: { published: boolean }; intervals: { start: string; scheduledWorking: number | null; gap: number | null }[] }>(`/api/wfm/queues/${hotline.id}/intraday?date=${day}`);
    expect(intraday.schedule.published).toBe(true);
    // The day's intervals carry the design's working agents (same interval length as the queue's staffing).
    const working = intraday.intervals.map((i) => i.scheduledWorking);
    expect(working.slice(0, job.result.coverage.length)).toEqual(job.result.coverage.slice(0, working.length).map((c) => c.working));

    await page.getByTestId('schedule-open-intraday').click();
    await page.waitForURL(/tab=intraday/);
    const table = page.getByTestId('intraday-table');
    await table.locator('.ant-table-row').first().waitFor();
    expect(await table.locator('thead').innerText()).toContain(W.intraday.gap);
    await page.getByTestId('intraday-gap-summary').waitFor();
    const shown = intraday.intervals.find((i) => i.gap !== null && i.gap !== 0);
    if (shown) expect(await table.innerText()).toContain(shown.start);
    await shot(page, 'wfm-intraday-schedule', true);
  });

  it('rosters the example week: grid of agents × days with the rule the pinned shifts break', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/wfm/roster`);
    await page.getByTestId('roster-agents').locator('.ant-table-row').first().waitFor();
    const agentRows = await page.getByTestId('roster-agents').locator('.ant-table-row').count();
    const started = solveStarted(page, 'roster');
    await page.getByTestId('roster-start').click();
    const id = await started;
    await page.getByTestId('roster-result').waitFor();

    const api = await apiSession('supervisor');
    const job = await api.get<Job<{ assignments: unknown[]; violations: { rule: string; severity: string; agentId: string | null }[]; summary: { hard: number } }>>(`/api/wfm/jobs/${id}`);
    const grid = page.getByTestId('roster-grid');
    expect(await grid.locator('.ant-table-row').count()).toBe(agentRows);
    expect(await grid.locator('.ant-table-row').first().getByTestId('roster-cell').count()).toBe(7);
    expect(await grid.locator('[data-kind]').count()).toBe(job.result.assignments.length);
    // The example pins a late shift then an early one for the second agent: 8 hours of rest.
    const minRest = job.result.violations.filter((v) => v.rule === 'minRest');
    expect(minRest.length).toBeGreaterThan(0);
    const violations = page.getByTestId('roster-violations');
    expect(await violations.locator('.ant-table-row').count()).toBe(Math.min(20, job.result.violations.length));
    const pinnedAgent = W.roster.exampleNames.split(',')[1];
    const firstMinRest = violations.locator('.ant-table-row').filter({ hasText: W.roster.rule.minRest }).first();
    expect(await firstMinRest.innerText()).toContain(pinnedAgent);
    expect(await page.getByTestId('roster-hard').innerText()).toContain(String(job.result.summary.hard));
    await shot(page, 'wfm-roster', true);

    // Published to a queue: its schedule holds the roster's agents on shift per interval.
    const queues = await api.get<{ items: { id: string; name: string; intervalMinutes: 15 | 30 | 60 }[] }>('/api/wfm/queues');
    const repairs = queues.items.find((q) => q.name === '报修专线')!;
    const publish = page.getByTestId('roster-publish');
    await publish.getByRole('combobox', { name: W.roster.publishQueue }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: repairs.name }).first().click();
    await publish.getByTestId('roster-publish-button').click();
    await publish.getByTestId('roster-published').waitFor();
    type Shift = { date: string; startUtc: string; endUtc: string; paidMinutes: number };
    const shifts = (await api.get<Job<{ assignments: Shift[] }>>(`/api/wfm/jobs/${id}`)).result.assignments;
    const expected = rosterCoverage(shifts, repairs.intervalMinutes);
    const first = shifts.map((a) => a.date).sort()[0];
    const stored = await api.get<{ intervals: { startAt: string; onDuty: number; working: number }[] }>(`/api/wfm/queues/${repairs.id}/schedule?from=${first}&to=${first}`);
    expect(stored.intervals.length).toBeGreaterThan(0);
    const byStart = new Map(expected.map((c) => [c.startAt, c]));
    for (const iv of stored.intervals) expect([iv.onDuty, iv.working]).toEqual([byStart.get(iv.startAt)!.onDuty, byStart.get(iv.startAt)!.working]);
    expect(Math.max(...stored.intervals.map((i) => i.onDuty))).toBeGreaterThan(0);
    await publish.getByTestId('roster-open-intraday').click();
    await page.waitForURL(/tab=intraday/);
    await page.getByTestId('intraday-table').locator('thead').filter({ hasText: W.intraday.scheduled }).waitFor();
    // The summary says when the schedule was published.
    expect(await page.getByTestId('intraday-gap-summary').innerText()).toContain(W.intraday.publishedAt.split('{{')[0].trim());
    await shot(page, 'wfm-intraday-roster', true);
  });

  it('compares overtime, hiring and temporary staff and shows the recommendation', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/wfm/capacity`);
    await page.getByTestId('capacity-form').waitFor();
    const started = solveStarted(page, 'capacity');
    await page.getByTestId('capacity-start').click();
    const id = await started;
    await page.getByTestId('capacity-result').waitFor({ timeout: 90_000 });

    const api = await apiSession('supervisor');
    const job = await api.get<Job<{ recommendation: { 'zh-CN': string }; options: { option: string }[] }>>(`/api/wfm/jobs/${id}`);
    expect(job.status).toBe('done');
    expect(await page.getByTestId('capacity-recommendation').innerText()).toBe(job.result.recommendation['zh-CN']);
    expect(await page.getByTestId('capacity-options').locator('.ant-table-row').count()).toBe(job.result.options.length);
    await page.getByTestId('capacity-chart').locator('canvas').waitFor();
    await shot(page, 'wfm-capacity', true);
  });

  it('imports a slice of real call records into a new queue and shows its interval statistics with the definitions', async () => {
    const source = path.join(ROOT, '..', 'shared', 'data', 'anonymous-bank', '1999-01.tsv');
    const lines = fs.readFileSync(source, 'utf8').split(/\r?\n/).slice(0, 400);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwen-wfm-e2e-'));
    const file = path.join(dir, 'bank-1999-01-slice.tsv');
    fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
    // Digits only: a Latin run in a name shown on the queue list would read as an untranslated word in the role sweep.
    const name = `导入测试 ${Date.now() % 100_000_000}`;

    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/wfm/queues`);
    await page.getByRole('button', { name: W.queue.create }).click();
    const form = page.getByTestId('queue-form');
    await form.getByLabel(W.queue.name).fill(name);
    await page.getByRole('dialog').getByRole('button', { name: buttonName(zh.common.save) }).click();
    await page.waitForURL(/\/wfm\/queues\/[^/]+\?tab=import/);
    const queueId = new URL(page.url()).pathname.split('/').pop()!;

    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('call-file').waitFor();
    await page.getByTestId('call-timezone').fill('Asia/Jerusalem');
    await page.getByTestId('call-import-start').click();
    await page.getByTestId('call-import-progress').waitFor();
    await page.getByTestId('call-import-done').waitFor({ timeout: 60_000 });

    const api = await apiSession('supervisor');
    const imports = await api.get<{ items: { status: string; inserted: number; records: number; malformed: number }[] }>(`/api/wfm/queues/${queueId}/imports`);
    expect(imports.items[0].status).toBe('done');
    expect(imports.items[0].inserted).toBeGreaterThan(100);
    expect(await page.getByTestId('call-import-done').innerText()).toContain(formatNumber(imports.items[0].inserted, 'zh-CN'));
    await shot(page, 'wfm-import');

    await page.getByRole('tab', { name: W.tab.stats }).click();
    const totals = page.getByTestId('stats-totals');
    await totals.waitFor();
    const stats = await api.get<{ totals: { offered: number; answered: number }; definitions: { text: { serviceLevel: string } } }>(`/api/wfm/queues/${queueId}/stats?interval=30&rollUp=interval`);
    expect(stats.totals.offered).toBeGreaterThan(0);
    const totalsText = await totals.innerText();
    expect(totalsText).toContain(formatNumber(stats.totals.offered, 'zh-CN'));
    expect(totalsText).toContain(formatNumber(stats.totals.answered, 'zh-CN'));
    expect(await page.getByTestId('stats-definitions').innerText()).toContain(stats.definitions.text.serviceLevel);
    await page.getByTestId('stats-volume-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('stats-table').locator('.ant-table-row').count()).toBeGreaterThan(0);
    await shot(page, 'wfm-stats', true);

    // Staffing: the simulator's figures beside Erlang's for the first day of the plan.
    await page.getByRole('tab', { name: W.tab.staffing }).click();
    await page.getByTestId('staffing-simulation').waitFor();
    const simulated = page.waitForResponse((r) => r.url().endsWith('/api/wfm/simulate') && r.request().method() === 'POST');
    await page.getByTestId('simulation-run').click();
    const sim = (await (await simulated).json()) as { serviceLevel: { mean: number; low: number; high: number } };
    const summary = page.getByTestId('simulation-summary');
    await summary.waitFor();
    const simText = await summary.innerText();
    expect(simText).toContain(W.sim.slSim);
    expect(simText).toContain(formatPercent(sim.serviceLevel.mean, 'zh-CN'));
    expect(simText).toContain(formatPercent(Math.max(0, sim.serviceLevel.low), 'zh-CN'));
    expect(await page.getByTestId('simulation-table').locator('thead').innerText()).toContain(W.sim.simSl);
    await shot(page, 'wfm-staffing-simulation', true);

    // Availability learned from history: 400 calls are too few hours to learn from, and the page says so.
    const withAvailability = page.waitForResponse((r) => r.url().includes(`/api/wfm/queues/${queueId}/staffing?`) && r.url().includes('availability=history'));
    await page.getByTestId('staffing-availability').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: W.staffing.availabilityModes.history }).first().click();
    const learned = (await (await withAvailability).json()) as { inputs: { availability: { applied: boolean; hours: number; minHours: number } } };
    expect(learned.inputs.availability.applied).toBe(false);
    const thin = W.staffing.availabilityThin.replace('{{hours}}', String(learned.inputs.availability.hours)).replace('{{min}}', String(learned.inputs.availability.minHours));
    await eventually(() => page.getByTestId('staffing-inputs').innerText()).toContain(thin);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the Erlang calculator with the server’s figures', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'supervisor');
    await page.goto(`${baseUrl()}/wfm/erlang`);
    await page.getByTestId('erlang-submit').click();
    const card = page.getByTestId('erlang-result');
    await card.waitFor();
    const api = await apiSession('supervisor');
    const out = await api.post<{ agents: number; agentsFractional: number; agentsWithShrinkage: number }>('/api/wfm/erlang', {
      model: 'c', calls: 120, intervalMinutes: 30, ahtSeconds: 240, serviceLevel: 0.8, thresholdSeconds: 20, maxOccupancy: 0.85, shrinkage: 0.3,
    });
    const text = await card.innerText();
    expect(text).toContain(formatNumber(out.agentsFractional, 'zh-CN', 2));
    expect(text).toContain(String(out.agentsWithShrinkage));
  });
});
