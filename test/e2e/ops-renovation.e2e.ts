/**
 * Renovation 装修 in the browser, each step done by the role that owns it on its own screen:
 * the supervisor approves with a deposit, the collector takes the deposit, the front desk issues
 * the permit and starts the works, the inspector finds a violation, serves a rectification
 * notice and passes the re-check, the front desk asks for acceptance, the inspector accepts the
 * works, and the collector refunds the deposit. After every step the API must agree.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import zh from '../../web/src/i18n/zh-CN.json';
import ops from '../../web/src/i18n/ops.zh-CN.json';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

const O = ops.ops;
const browser = useBrowser();

interface RenovationJson {
  orderId: string;
  number: string;
  state: string;
  projectId: string;
  permitNo: string | null;
  deposit: { requiredFen: number | null; paidFen: number; refundedFen: number; deductedFen: number; receiptNo: string | null };
  inspections: { violation: boolean }[];
  notices: { noticeNo: string }[];
}

/** Text fields by label, then select fields by label → option text; `keep` leaves the page open to look at. */
interface StepInput {
  fill?: Record<string, string>;
  choose?: Record<string, string>;
  keep?: boolean;
}

/** Open the renovation register as `username`, open the order's drawer and carry out one action through its form. */
async function actAs(username: string, r: { projectId: string; number: string }, action: string, input: StepInput = {}): Promise<Page> {
  const { page } = await openPage(browser());
  await signIn(page, username);
  await page.goto(`${baseUrl()}/renovations?projectId=${r.projectId}`);
  await page.getByTestId('renovations-table').locator('.ant-table-row').filter({ hasText: r.number }).first().click();
  const drawer = page.getByTestId('renovation-drawer');
  await drawer.getByTestId(`renovation-action-${action}`).click();
  const form = page.getByTestId('renovation-action-form');
  await form.waitFor();
  for (const [label, value] of Object.entries(input.fill ?? {})) await form.getByLabel(label, { exact: true }).fill(value);
  for (const [label, option] of Object.entries(input.choose ?? {})) {
    await form.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  }
  await page.getByRole('dialog').last().getByRole('button', { name: buttonName(zh.common.save) }).click();
  await form.waitFor({ state: 'detached' });
  // Pages not looked at again close now (console errors seen so far still fail the test).
  if (!input.keep) await page.context().close();
  return page;
}

describe('renovation 装修', () => {
  it('goes from application to deposit refund, one role and one screen per step', async () => {
    const front = await apiSession('frontdesk');
    const project = (await front.get<{ items: { id: string }[] }>('/api/projects')).items[0];
    const unit = (await front.get<{ items: { id: string }[] }>(`/api/units?projectId=${project.id}&state=occupied&pageSize=100`)).items.at(-1)!;
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 8 * 3_600_000 + 45 * 86_400_000).toISOString().slice(0, 10);
    const applied = await front.post<RenovationJson>('/api/renovations', {
      projectId: project.id, unitId: unit.id, applicantName: '韩梅梅', applicantPhone: '13700001234', contractorName: '宜居装饰', workers: 3, scope: '客厅吊顶，更换厨房橱柜', plannedStart: today, plannedEnd: later,
    });
    const r = { projectId: project.id, number: applied.number };
    const read = () => front.get<RenovationJson>(`/api/renovations/${applied.orderId}`);
    const state = async () => (await read()).state;

    // The supervisor approves with the deposit the form proposes (2,000 yuan).
    await actAs('supervisor', r, 'approve');
    await eventually(state).toBe('approved');
    expect((await read()).deposit.requiredFen).toBe(200_000);

    // The collector takes the deposit in cash; a receipt number is issued.
    await actAs('collector', r, 'collect_deposit');
    await eventually(async () => (await read()).deposit.paidFen).toBe(200_000);
    expect((await read()).deposit.receiptNo).toMatch(/^YJ\d{12}$/);

    // The front desk issues the permit (the drawer shows its number) and starts the works.
    const permitPage = await actAs('frontdesk', r, 'issue_permit', { keep: true });
    await eventually(state).toBe('permitted');
    const { permitNo } = await read();
    expect(permitNo).toMatch(/^ZX\d{12}$/);
    await eventually(() => permitPage.getByTestId('renovation-drawer').innerText()).toContain(permitNo!);
    await shot(permitPage, 'renovation-permitted');
    await actAs('frontdesk', r, 'start_works');
    await eventually(state).toBe('working');

    // The inspector's patrol finds a violation and serves a rectification notice.
    await actAs('inspector', r, 'inspect', { fill: { [O.renov.violation]: '楼道堆放装修垃圾' } });
    await eventually(state).toBe('violation');
    expect((await read()).inspections.some((i) => i.violation)).toBe(true);
    await actAs('inspector', r, 'issue_rectification_notice', { fill: { [O.renov.requirement]: '当日清运装修垃圾，保持楼道畅通' } });
    await eventually(state).toBe('rectifying');
    const { notices } = await read();
    expect(notices).toHaveLength(1);
    const noticePage = await actAs('inspector', r, 'verify_rectification', { choose: { [O.renov.outcome]: O.renov.outcomes.pass }, keep: true });
    await eventually(state).toBe('working');
    await eventually(() => noticePage.getByTestId('renovation-drawer').innerText()).toContain(notices[0].noticeNo);
    await shot(noticePage, 'renovation-notice');

    // Completion: the front desk asks for acceptance, the inspector accepts, the collector refunds.
    await actAs('frontdesk', r, 'request_acceptance');
    await eventually(state).toBe('awaiting_acceptance');
    await actAs('inspector', r, 'accept_works', { choose: { [O.renov.outcome]: O.renov.outcomes.pass } });
    await eventually(state).toBe('accepted');
    const refundPage = await actAs('collector', r, 'refund_deposit', { fill: { [O.pay.reference]: 'TK-E2E-01' }, keep: true });
    await eventually(state).toBe('deposit_refunded');
    expect((await read()).deposit).toMatchObject({ paidFen: 200_000, refundedFen: 200_000, deductedFen: 0 });
    const labels = await front.get<{ states: Record<string, string>; stateOverrides: { renovation?: Record<string, string> } }>('/api/orders/meta/labels');
    await eventually(() => refundPage.getByTestId('renovation-state').innerText()).toBe(labels.stateOverrides.renovation?.deposit_refunded ?? labels.states.deposit_refunded);
    await shot(refundPage, 'renovation-refunded');
  });
});
