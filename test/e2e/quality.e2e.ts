/**
 * 质检 end to end, in a real browser against the demo's month of evaluations: the inspector scores
 * a call the sampling plan drew (keyboard scoring, evidence for the deduction), the agent disputes
 * it on a phone, the manager partly upholds with a new score; the QA dashboard draws its charts
 * and drills down to the evaluations. Coaching: QA starts it from an evaluation, the agent
 * acknowledges on a phone, the team leader closes it with a note. A fine: QA proposes the amount,
 * a manager approves it (four eyes). Teams: QA creates one on a phone and renames it.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import qCN from '../../web/src/i18n/quality.zh-CN.json';
import { apiSession, baseUrl, buttonName, eventually, openPage, shot, signIn, useBrowser } from './browser';

const Q = qCN.quality;
const PHONE = { width: 375, height: 812, isMobile: true };
const browser = useBrowser();

interface PlanItem { id: string; planId: string; subject: { kind: string; id: string }; agentId: string; evaluationId: string | null }
interface Evaluation { id: string; state: string; score: number | null; passed: boolean | null; agentId: string; inspectorId: string; reviewOutcome: string | null; answers: Record<string, { value: number | null; evidenceQuote?: string }> | null }

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('quality inspection', () => {
  let evaluationId = '';

  it('an inspector scores a drawn call from the keyboard, the agent disputes on a phone, the manager partly upholds', async () => {
    const qa = await apiSession('qa');
    const agent = await apiSession('agent1');
    const manager = await apiSession('manager');
    const me = (await agent.get<{ user: { id: string } }>('/api/auth/me')).user;
    const qaId = (await qa.get<{ user: { id: string } }>('/api/auth/me')).user.id;

    // The plan drew contacts of agent1 for the QA inspector: one is in the queue.
    const queue = await qa.get<{ items: PlanItem[]; total: number }>(`/api/quality/queue?agentId=${me.id}&pageSize=100`);
    const drawn = queue.items.find((i) => i.subject.kind === 'contact');
    expect(drawn, 'a drawn contact of agent1 in the inspector’s queue').toBeDefined();

    // --- the inspector: queue with the reasons, start, score with the keys.
    const ins = await openPage(browser());
    await signIn(ins.page, 'qa');
    await ins.page.goto(`${baseUrl()}/quality/workbench?agentId=${me.id}`);
    await ins.page.getByTestId('qa-queue-item').first().waitFor();
    const item = ins.page.locator('[data-testid="qa-queue-item"][data-kind="contact"]').first();
    const firstId = await item.getAttribute('data-id');
    expect(await ins.page.getByTestId('qa-queue-item').count()).toBe(queue.total > 100 ? 100 : queue.total);
    // Every item says why it was drawn (a stratum tag in the zh-CN wording).
    const itemText = await item.innerText();
    expect(Object.values(Q.stratum).some((s) => itemText.includes(s)), itemText).toBe(true);
    await item.click();
    await ins.page.getByTestId('qa-selected').waitFor();
    await ins.page.getByTestId('qa-start').click();
    const sheet = ins.page.getByTestId('qa-sheet');
    await sheet.waitFor();
    await eventually(() => ins.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('qa-sheet');
    await eventually(() => sheet.locator('[data-focused="1"]').getAttribute('data-key')).toBe('greeting');
    await shot(ins.page, 'quality-workbench');

    // greeting yes, verification N/A, listening 5, accuracy full (=), ownership 5, time promise NO (a deduction: stays on it).
    for (const k of ['1', 'n', '5', '=', '5', '0']) await ins.page.keyboard.press(k);
    const promise = sheet.locator('[data-key="time_promise"]');
    await eventually(() => promise.getAttribute('data-focused')).toBe('1');
    // Saving without evidence is refused on the screen.
    await ins.page.keyboard.press('Enter');
    await eventually(() => promise.innerText()).toContain(Q.sheet.problem.evidence);
    await promise.getByTestId('qa-evidence-quote').fill('业主问几点能修好，坐席未答复处理时限');
    await promise.locator('[data-testid="qa-evidence-quote"]').press('Tab');
    // Back to the scorecard: the next item, then the keys again.
    await sheet.locator('[data-key="closing"]').click({ position: { x: 3, y: 3 } });
    for (const k of ['1', '5', '1']) await ins.page.keyboard.press(k);
    // 80 of 90 weighted points (verification N/A) = 88.89, above the pass mark of 80.
    await eventually(() => ins.page.getByTestId('qa-score').innerText()).toContain('88.89');
    await ins.page.keyboard.press('Enter');
    await eventually(() => ins.page.getByTestId('qa-sheet').count()).toBe(0);

    // The item taken from the queue now carries its evaluation.
    const started = (await qa.get<{ items: PlanItem[] }>(`/api/quality/plans/${drawn!.planId}/items?agentId=${me.id}&inspectorId=${qaId}&pageSize=100`)).items.find((i) => i.id === firstId);
    expect(started?.evaluationId).toBeTruthy();
    evaluationId = started!.evaluationId!;
    const scored = await qa.get<Evaluation>(`/api/quality/evaluations/${evaluationId}`);
    expect(scored).toMatchObject({ state: 'notified', score: 88.89, passed: true });
    expect(scored.answers!.time_promise).toMatchObject({ value: 0, evidenceQuote: '业主问几点能修好，坐席未答复处理时限' });
    expect(scored.answers!.verification.value).toBeNull();

    // --- the agent, on a phone: opens the result and disputes it with a reason.
    const ag = await openPage(browser(), PHONE);
    await signIn(ag.page, 'agent1');
    await ag.page.goto(`${baseUrl()}/quality/my`);
    await ag.page.getByTestId('qa-my-item').first().waitFor();
    expect(await overflow(ag.page)).toBeLessThanOrEqual(0);
    await ag.page.goto(`${baseUrl()}/quality/my?open=${evaluationId}`);
    await eventually(() => ag.page.getByTestId('qa-my-score').innerText()).toBe('88.89');
    await ag.page.getByTestId('qa-dispute').click();
    await ag.page.getByTestId('qa-dispute-reason').fill('录音后段已告知业主下午三点前上门，请复听');
    await ag.page.getByTestId('qa-dispute-submit').click();
    await eventually(async () => (await agent.get<Evaluation>(`/api/quality/my/evaluations/${evaluationId}`)).state).toBe('disputed');
    await eventually(() => ag.page.getByTestId('qa-my-drawer').innerText()).toContain(Q.state.disputed);
    expect(await overflow(ag.page)).toBeLessThanOrEqual(0);
    await shot(ag.page, 'quality-my-phone');

    // --- the reviewer (manager, neither inspector nor agent): partly upheld, the time promise restored.
    const rv = await openPage(browser());
    await signIn(rv.page, 'manager');
    await rv.page.goto(`${baseUrl()}/quality/evaluations/${evaluationId}`);
    const review = rv.page.getByTestId('qa-review');
    await review.waitFor();
    expect(await review.innerText()).toContain('录音后段已告知业主下午三点前上门');
    await review.getByText(Q.outcome.partly_upheld, { exact: true }).click();
    const rsheet = rv.page.getByTestId('qa-review-sheet');
    await rsheet.waitFor();
    await rsheet.locator('[data-key="time_promise"]').click({ position: { x: 3, y: 3 } });
    await rv.page.keyboard.press('1');
    await eventually(() => rsheet.getByTestId('qa-score').innerText()).toContain('100');
    await rv.page.getByTestId('qa-review-note').fill('复听录音，时限已告知，恢复该项得分');
    await rv.page.getByTestId('qa-review-submit').click();
    await eventually(async () => (await manager.get<Evaluation>(`/api/quality/evaluations/${evaluationId}`)).state).toBe('closed');
    const closed = await manager.get<Evaluation & { audit: { action: string; fromScore: number | null; toScore: number | null }[] }>(`/api/quality/evaluations/${evaluationId}`);
    expect(closed).toMatchObject({ reviewOutcome: 'partly_upheld', score: 100, passed: true });
    expect(closed.audit.map((a) => a.action)).toEqual(expect.arrayContaining(['assign', 'score', 'notify', 'dispute', 'review_partly_upheld']));
    expect(closed.audit.find((a) => a.action === 'review_partly_upheld')).toMatchObject({ fromScore: 88.89, toScore: 100 });
    // The screen shows the new score and the audit trail.
    await eventually(() => rv.page.getByTestId('qa-evaluation-score').innerText()).toBe('100');
    expect(await rv.page.getByTestId('qa-audit').innerText()).toContain(Q.audit.review_partly_upheld);
    await shot(rv.page, 'quality-review');
  });

  it('draws the QA dashboard with its charts, numerators and denominators, and drills down to the evaluations', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'qa');
    await page.goto(`${baseUrl()}/quality/dashboard`);
    await page.getByTestId('qa-dashboard').waitFor();
    for (const id of ['qa-chart-pass', 'qa-chart-score', 'qa-chart-items']) {
      await eventually(() => page.getByTestId(id).getAttribute('data-ready')).toBe('1');
      expect(await page.getByTestId(id).locator('canvas').count(), id).toBeGreaterThan(0);
    }
    // The pass rate with its numerator / denominator, near the demo's ≈ 97 %.
    const kpi = await page.getByTestId('qa-kpi-pass').innerText();
    const m = kpi.match(/([\d.]+)%[\s\S]*?([\d,]+)\s*／\s*([\d,]+)/);
    expect(m, kpi).not.toBeNull();
    const [n, d] = [Number(m![2].replace(/,/g, '')), Number(m![3].replace(/,/g, ''))];
    expect(d).toBeGreaterThan(200);
    expect(n / d).toBeGreaterThan(0.9);
    expect(await page.getByTestId('qa-most-failed').locator('tr.ant-table-row').count()).toBeGreaterThan(0);
    await shot(page, 'quality-dashboard', true);

    // Drill down: the passed evaluations of the period.
    await page.getByTestId('qa-kpi-pass').getByRole('link').click();
    await page.waitForURL(/\/quality\/evaluations\?.*passed=1/);
    await page.getByTestId('qa-evaluations').locator('tr.ant-table-row').first().waitFor();
    expect(await page.getByTestId('qa-evaluations').innerText()).toContain(Q.field.pass);
    expect(await page.getByTestId('qa-evaluations').innerText()).not.toContain(Q.field.fail);
  });
  it('coaching: QA starts it from an evaluation, the agent acknowledges on a phone, the team leader closes it with a note', async () => {
    const qa = await apiSession('qa');
    const agent = await apiSession('agent1');
    const me = (await agent.get<{ user: { id: string } }>('/api/auth/me')).user;
    const supervisorId = (await (await apiSession('supervisor')).get<{ user: { id: string } }>('/api/auth/me')).user.id;
    // A released evaluation of agent1 that lost points somewhere.
    const list = await qa.get<{ items: (Evaluation & { result: { items: { fraction: number | null }[] } | null })[] }>(`/api/quality/evaluations?agentId=${me.id}&pageSize=100`);
    const e = list.items.find((x) => x.score !== null && x.score < 100 && x.state !== 'scored') ?? list.items.find((x) => x.score !== null)!;
    expect(e).toBeDefined();

    const q = await openPage(browser());
    await signIn(q.page, 'qa');
    await q.page.goto(`${baseUrl()}/quality/evaluations/${e.id}`);
    await q.page.getByTestId('qa-start-coaching').click();
    await q.page.waitForURL(/\/quality\/coaching\?evaluation=/);
    await q.page.getByTestId('qa-coaching-goal').fill('开场报工号，承诺处理时限');
    await q.page.getByRole('button', { name: buttonName('保存') }).click();
    // Opens the new task: the team leader (supervisor) is the coach by default.
    const drawer = q.page.getByTestId('qa-coaching-drawer');
    await eventually(() => drawer.innerText()).toContain('开场报工号，承诺处理时限');
    expect(await drawer.innerText()).toContain(Q.coaching.state.issued);
    const tasks = await qa.get<{ items: { id: string; agentId: string; coachId: string; goal: string; state: string }[] }>(`/api/quality/coaching?agentId=${me.id}`);
    const task = tasks.items.find((x) => x.goal === '开场报工号，承诺处理时限')!;
    expect(task).toMatchObject({ coachId: supervisorId, state: 'issued' });

    // The agent, on a phone.
    const ag = await openPage(browser(), PHONE);
    await signIn(ag.page, 'agent1');
    await ag.page.goto(`${baseUrl()}/quality/my-coaching`);
    await ag.page.locator(`[data-testid="qa-my-coaching-item"][data-id="${task.id}"]`).click();
    await ag.page.getByTestId('qa-coaching-acknowledge').click();
    await eventually(async () => (await agent.get<{ state: string }>(`/api/quality/my/coaching/${task.id}`)).state).toBe('acknowledged');
    expect(await overflow(ag.page)).toBeLessThanOrEqual(0);
    await shot(ag.page, 'quality-my-coaching-phone');

    // The team leader closes it with a note.
    const sv = await openPage(browser());
    await signIn(sv.page, 'supervisor');
    await sv.page.goto(`${baseUrl()}/quality/coaching?tab=mine&open=${task.id}`);
    await sv.page.getByTestId('qa-coaching-close-note').fill('逐句示范开场与时限承诺，跟听两通');
    await sv.page.getByTestId('qa-coaching-close').click();
    await eventually(async () => (await qa.get<{ state: string; closeNote: string }>(`/api/quality/coaching/${task.id}`)).state).toBe('done');
    await eventually(() => sv.page.getByTestId('qa-coaching-drawer').innerText()).toContain('逐句示范开场与时限承诺');
    expect(await sv.page.getByTestId('qa-action-trail').innerText()).toContain(Q.trail.close);
    await shot(sv.page, 'quality-coaching');
  });

  it('a fine: QA proposes the amount, a manager approves it; the proposer cannot', async () => {
    const qa = await apiSession('qa');
    const agent = await apiSession('agent1');
    const manager = await apiSession('manager');
    const me = (await agent.get<{ user: { id: string } }>('/api/auth/me')).user;
    const projectId = (await agent.get<{ items: { projectId: string }[] }>('/api/contacts?pageSize=1')).items[0].projectId;
    const card = (await qa.get<{ items: { id: string; definition: { passThreshold: number; sections: { items: { key: string; scale: string; maxPoints?: number; critical: boolean; fatal: boolean; weight: number }[] }[] } }[] }>('/api/quality/scorecards')).items[0];
    const items = card.definition.sections.flatMap((x) => x.items);
    const answers: Record<string, { value: number; evidenceQuote?: string }> = {};
    for (const it of items) answers[it.key] = { value: it.scale === 'yes_no' ? 1 : it.scale === 'scale5' ? 5 : it.maxPoints ?? 1 };
    // A minor finding: zero the heaviest ordinary items until the score falls below the pass mark.
    for (const it of items.filter((i) => !i.critical && !i.fatal).sort((a, b) => b.weight - a.weight)) {
      answers[it.key] = { value: it.scale === 'scale5' ? 1 : 0, evidenceQuote: '未按规范处理' };
      if (!(await qa.post<{ passed: boolean }>('/api/quality/score-preview', { scorecardId: card.id, answers })).passed) break;
    }
    // Repeat findings walk agent1 up the ladder to the fine.
    let fine: { id: string } | undefined;
    for (let i = 0; i < 8 && !fine; i++) {
      const c = await agent.post<{ id: string }>('/api/contacts', { projectId, channel: 'phone', category: 'enquiry', summary: `质检复查 ${i}`, handledOnSpot: true });
      await qa.post('/api/quality/evaluations', { subjectKind: 'contact', subjectId: c.id, scorecardId: card.id, answers });
      fine = (await manager.get<{ items: { id: string; step: string; agentId: string }[] }>('/api/quality/approvals')).items.find((x) => x.step === 'fine' && x.agentId === me.id);
    }
    expect(fine, 'a fine awaiting approval').toBeDefined();

    // QA proposes ¥200 on the screen.
    const q = await openPage(browser());
    await signIn(q.page, 'qa');
    await q.page.goto(`${baseUrl()}/quality/approvals`);
    const row = q.page.locator(`[data-testid="qa-approvals"] tr[data-row-key="${fine!.id}"]`);
    // antd puts the test id on the <input> itself or on its wrapper, depending on the addon.
    await row.locator('input[data-testid="qa-fine-input"], [data-testid="qa-fine-input"] input').first().fill('200');
    await row.getByTestId('qa-fine-propose').click();
    await eventually(() => row.getByTestId('qa-fine-amount').innerText()).toContain('200.00');
    // QA is not a manager: the approve button is disabled for them.
    expect(await row.getByTestId('qa-approve').isDisabled()).toBe(true);

    // The manager approves.
    const m = await openPage(browser());
    await signIn(m.page, 'manager');
    await m.page.goto(`${baseUrl()}/quality/approvals`);
    const mrow = m.page.locator(`[data-testid="qa-approvals"] tr[data-row-key="${fine!.id}"]`);
    await eventually(() => mrow.getByTestId('qa-fine-amount').innerText()).toContain('200.00');
    await shot(m.page, 'quality-approvals');
    await mrow.getByTestId('qa-approve').click();
    await eventually(async () => (await manager.get<{ items: { id: string; state: string; fineFen: number | null }[] }>('/api/quality/approvals?state=decided')).items.find((x) => x.id === fine!.id)).toMatchObject({ state: 'issued', fineFen: 20000 });
    const trail = await manager.get<{ items: { event: string }[] }>(`/api/quality/actions/${fine!.id}/trail`);
    expect(trail.items.map((x) => x.event)).toEqual(['propose', 'propose', 'approve']);
  });

  it('teams: QA creates a team of two agents on a phone, sees it in the list and renames it', async () => {
    const qa = await apiSession('qa');
    type Team = { id: string; name: string; projectId: string | null; leadId: string | null; members: { id: string; name: string | null }[] };
    const users = (await qa.get<{ items: { id: string; username: string; displayName: string }[] }>('/api/users')).items;
    const who = (u: string) => users.find((x) => x.username === u)!;
    const [a2, a3, lead] = [who('agent2'), who('agent3'), who('supervisor')];
    expect(a2 && a3 && lead).toBeTruthy();
    // Joining the new team moves the agents out of theirs: put those back at the end for the other tests.
    const before = (await qa.get<{ items: Team[] }>('/api/quality/teams')).items.filter((x) => x.members.some((m) => m.id === a2.id || m.id === a3.id));
    const name = `夜班组${Date.now() % 100000}`;

    const { page } = await openPage(browser(), { width: 390, height: 844, isMobile: true });
    await signIn(page, 'qa');
    try {
      await page.goto(`${baseUrl()}/quality/teams`);
      await page.getByTestId('qa-teams').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.getByTestId('qa-team-new').click();
      const drawer = page.getByTestId('qa-team-drawer');
      await drawer.waitFor();
      // Saving without a name is refused on the screen, in Chinese.
      await page.getByTestId('qa-team-save').click();
      await eventually(() => drawer.innerText()).toContain(Q.teams.nameRequired);
      await page.getByTestId('qa-team-name-input').fill(name);
      const pick = async (testId: string, text: string) => {
        await drawer.getByTestId(testId).click();
        await page.keyboard.type(text);
        await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
      };
      await pick('qa-team-lead', lead.displayName);
      await pick('qa-team-members-select', a2.displayName);
      await pick('qa-team-members-select', a3.displayName);
      await page.keyboard.press('Escape');
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await page.getByTestId('qa-team-save').click();
      await eventually(() => page.getByTestId('qa-team-drawer').count()).toBe(0);

      const card = page.locator('[data-testid="qa-team"]').filter({ has: page.getByTestId('qa-team-name').getByText(name, { exact: true }) });
      await eventually(() => card.getByTestId('qa-team-count').innerText()).toBe(Q.teams.people.replace('{{count}}', '2'));
      const text = await card.innerText();
      for (const s of [a2.displayName, a3.displayName, lead.displayName, Q.teams.allProjects]) expect(text).toContain(s);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, 'quality-teams-phone');
      const created = (await qa.get<{ items: Team[] }>('/api/quality/teams')).items.find((x) => x.name === name)!;
      expect(created).toMatchObject({ projectId: null, leadId: lead.id });
      expect(created.members.map((m) => m.id).sort()).toEqual([a2.id, a3.id].sort());

      // Rename it.
      await card.getByTestId('qa-team-edit').click();
      await page.getByTestId('qa-team-name-input').fill(`${name}改`);
      await page.getByTestId('qa-team-save').click();
      await eventually(() => page.getByTestId('qa-team-drawer').count()).toBe(0);
      await page.getByTestId('qa-team-name').getByText(`${name}改`, { exact: true }).waitFor();
      const renamed = (await qa.get<{ items: Team[] }>('/api/quality/teams')).items.find((x) => x.id === created.id)!;
      expect(renamed.name).toBe(`${name}改`);
      expect(renamed.members.map((m) => m.id).sort()).toEqual([a2.id, a3.id].sort());
    } finally {
      for (const t of before) {
        const r = await qa.raw('PUT', `/api/quality/teams/${t.id}`, { name: t.name, projectId: t.projectId, leadId: t.leadId, memberIds: t.members.map((m) => m.id) });
        expect(r.ok, `restore team ${t.name}`).toBe(true);
      }
    }
  });
});
