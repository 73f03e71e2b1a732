/**
 * The knowledge base end to end, in a real browser against the real server with the demo's 106
 * published articles: the desk suggests answers as the caller's words are typed and records the
 * one used; an editor drafts, an approver publishes, a resident finds it in the FAQ on a phone.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import deskCN from '../../web/src/i18n/desk.zh-CN.json';
import kbCN from '../../web/src/i18n/knowledge.zh-CN.json';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const K = kbCN.knowledge;
const PHONE = { width: 375, height: 812, isMobile: true };
const browser = useBrowser();

type Session = Awaited<ReturnType<typeof apiSession>>;
const sessions = new Map<string, Promise<Session>>();
const as = (user: string) => {
  let s = sessions.get(user);
  if (!s) sessions.set(user, (s = apiSession(user)));
  return s;
};

interface PartyView {
  id: string;
  name: string;
  phones: { digits: string; kind: string }[];
  units: { unitId: string; moveOutDate: string | null }[];
}

/** Nothing wider than the screen: no sideways scrolling of the whole page. */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('knowledge on the desk', () => {
  it('suggests answers as the agent types the caller’s words, inserts the phrase and records the article on a contact resolved on the spot', async () => {
    const { page } = await openPage(browser());
    await signIn(page, 'agent1');
    const agent = await as('agent1');
    // A caller whose number identifies one person in one unit (the desk then knows the project).
    const parties = await agent.get<{ items: PartyView[] }>('/api/parties?pageSize=60');
    let digits: string | undefined;
    for (const p of parties.items) {
      const mobile = p.phones.find((x) => x.kind === 'mobile');
      if (!mobile || p.units.filter((u) => !u.moveOutDate).length !== 1) continue;
      const screen = await agent.get<{ parties: unknown[] }>(`/api/desk/caller?phone=${mobile.digits}`);
      if (screen.parties.length === 1) {
        digits = mobile.digits;
        break;
      }
    }
    expect(digits, 'a demo caller with one phone and one unit').toBeDefined();

    await page.goto(`${baseUrl()}/desk`);
    const panel = page.getByTestId('desk-knowledge');
    await panel.waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('desk-phone');
    await page.keyboard.type(digits!);
    await page.keyboard.press('Enter');
    await page.getByTestId('caller-result').waitFor();
    await eventually(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

    const words = '家里卫生间漏水了';
    await page.keyboard.type(words);
    // The best answers appear beside the form, the matched words marked.
    const first = page.getByTestId('desk-suggestion').first();
    await first.waitFor();
    // (The guessed category may show its articles first; the words' matches replace them.)
    await eventually(() => panel.locator('mark').count()).toBeGreaterThan(0);
    const titles = await page.getByTestId('desk-suggestion').locator('button.ant-btn-link').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.slice(0, 3).some((x) => /漏水|渗水|跑水/.test(x)), titles.join(' | ')).toBe(true);
    const key = await first.getAttribute('data-key');
    await shot(page, 'knowledge-desk-suggestions');

    // One click puts the article's standard phrase into the summary, after the caller's words.
    await first.getByTestId('desk-insert').click();
    await eventually(() => page.getByTestId('desk-summary').inputValue()).toContain(K.desk.replyPrefix);
    const summary = await page.getByTestId('desk-summary').inputValue();
    expect(summary.startsWith(words)).toBe(true);
    expect(summary.length).toBeGreaterThan(words.length + K.desk.replyPrefix.length + 5);

    // Resolved on the spot: the contact is logged and the article recorded on it.
    await page.getByTestId('desk-spot').click();
    await expect.poll(() => page.getByTestId('desk-result').innerText(), { timeout: 20_000 }).toContain(deskCN.desk.loggedSpot);
    const mine = await agent.get<{ items: { id: string; summary: string; handledOnSpot: boolean }[] }>('/api/contacts?mine=1&pageSize=5');
    expect(mine.items[0]).toMatchObject({ summary, handledOnSpot: true });
    const hit = (await agent.get<{ items: { id: string; key: string }[] }>(`/api/knowledge/search?q=${encodeURIComponent(words)}&limit=20`)).items.find((h) => h.key === key);
    expect(hit, `article ${key} found by search`).toBeDefined();
    const stats = await agent.get<{ uses: number; resolvedOnSpot: number }>(`/api/knowledge/articles/${hit!.id}/stats`);
    expect(stats.uses).toBeGreaterThanOrEqual(1);
    expect(stats.resolvedOnSpot).toBeGreaterThanOrEqual(1);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
  });
});

describe('knowledge centre → approval → resident FAQ', () => {
  it('searches with synonyms, an editor drafts with a preview, an approver publishes, the resident finds and rates it on a phone', async () => {
    const tag = `e2e${Date.now() % 1_000_000}`;
    const title = `地下车库新能源充电桩使用须知 ${tag}`;

    // --- the editor (agent1): search first — 升降梯 finds the lift articles, marked.
    const ed = await openPage(browser());
    await signIn(ed.page, 'agent1');
    await ed.page.goto(`${baseUrl()}/knowledge?q=${encodeURIComponent('升降梯困人')}`);
    const hits = ed.page.getByTestId('kb-hit');
    await hits.first().waitFor();
    expect(await hits.first().innerText()).toMatch(/电梯|困梯/);
    expect(await ed.page.getByTestId('kb-results').locator('mark').count()).toBeGreaterThan(0);
    await shot(ed.page, 'knowledge-search');

    // Browsing without a query lists the published articles, server-paged.
    await ed.page.goto(`${baseUrl()}/knowledge`);
    await ed.page.getByTestId('kb-table').locator('tr.ant-table-row').first().waitFor();

    // Draft a resident-visible article with a preview and a review date (antd DatePicker).
    await ed.page.getByTestId('kb-new').click();
    await ed.page.waitForURL(`${baseUrl()}/knowledge/new`);
    await ed.page.getByTestId('kb-title').fill(title);
    await ed.page.getByTestId('kb-body').fill(`## 开放时间\n\n- 每天 **7:00 – 23:00** 开放；\n- 扫码充电，按度计费。\n\n| 车位区 | 桩数 |\n|---|---|\n| B1 | 12 |`);
    await ed.page.getByTestId('kb-visibility').getByText(K.visibility.residents, { exact: true }).click();
    const preview = ed.page.getByTestId('kb-preview');
    // The title is the preview's h2; the body's ## headings sit one level below it.
    await eventually(() => preview.locator('h3', { hasText: '开放时间' }).count()).toBe(1);
    expect(await preview.locator('h2').first().innerText()).toBe(title);
    expect(await preview.locator('strong').first().innerText()).toBe('7:00 – 23:00');
    expect(await preview.locator('table td').first().innerText()).toBe('B1');
    await ed.page.getByTestId('kb-review-due').click();
    await ed.page.keyboard.type('2027-06-30');
    await ed.page.keyboard.press('Enter');
    await ed.page.getByTestId('kb-change-note').fill('新增充电桩说明');
    await shot(ed.page, 'knowledge-edit');
    await ed.page.getByTestId('kb-save-submit').click();
    await ed.page.waitForURL(/\/knowledge\/articles\/[^/]+$/);
    const articleId = ed.page.url().split('/').pop()!;
    await ed.page.getByTestId('kb-revision').first().waitFor();
    expect(await ed.page.getByTestId('kb-revision').first().getAttribute('data-state')).toBe('submitted');
    // The author cannot approve their own revision.
    expect(await ed.page.getByTestId('kb-approve').count()).toBe(0);
    const drafted = await (await as('agent1')).get<{ article: { published: boolean; reviewDueOn: string | null; visibility: string } }>(`/api/knowledge/articles/${articleId}`);
    expect(drafted.article).toMatchObject({ published: false, reviewDueOn: '2027-06-30', visibility: 'residents' });

    // --- the approver (supervisor): the review queue, the article, approve.
    const ap = await openPage(browser());
    await signIn(ap.page, 'supervisor');
    await ap.page.goto(`${baseUrl()}/knowledge/review`);
    await ap.page.getByTestId('kb-pending').getByText(title).click();
    await ap.page.waitForURL(`${baseUrl()}/knowledge/articles/${articleId}`);
    await ap.page.getByTestId('kb-approve').click();
    await ap.page.getByTestId('kb-decision-note').fill('内容准确');
    await ap.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await eventually(() => ap.page.getByTestId('kb-revision').first().getAttribute('data-state')).toBe('approved');
    await shot(ap.page, 'knowledge-approved');
    const published = await (await as('supervisor')).get<{ article: { published: boolean; live: boolean } }>(`/api/knowledge/articles/${articleId}`);
    expect(published.article).toMatchObject({ published: true, live: true });

    // --- the resident on a phone: 常见问题 from the portal, search, read, rate.
    const re = await openPage(browser(), PHONE);
    await signIn(re.page, 'resident');
    await re.page.goto(`${baseUrl()}/portal`);
    await re.page.getByTestId('portal-faq').click();
    await re.page.waitForURL(`${baseUrl()}/portal/faq`);
    await re.page.getByTestId('faq-item').first().waitFor();
    await re.page.getByTestId('faq-search').fill(tag);
    await re.page.getByTestId('faq-search').press('Enter');
    const item = re.page.getByTestId('faq-item').filter({ hasText: tag });
    await item.waitFor();
    expect(await overflow(re.page)).toBeLessThanOrEqual(0);
    await shot(re.page, 'knowledge-faq-phone');
    await item.click();
    const answer = re.page.getByTestId('faq-answer');
    await answer.waitFor();
    expect(await answer.innerText()).toContain('7:00 – 23:00');
    await re.page.getByTestId('faq-yes').click();
    await re.page.getByTestId('faq-thanks').waitFor();
    expect(await overflow(re.page)).toBeLessThanOrEqual(0);
    const stats = await (await as('supervisor')).get<{ helpful: number; residentRatings: number }>(`/api/knowledge/articles/${articleId}/stats`);
    expect(stats).toMatchObject({ helpful: 1, residentRatings: 1 });

    // --- the editor changes the published article: a draft revision, compared with the published one.
    await ed.page.goto(`${baseUrl()}/knowledge/articles/${articleId}/edit`);
    await eventually(() => ed.page.getByTestId('kb-title').inputValue()).toBe(title);
    const body = await ed.page.getByTestId('kb-body').inputValue();
    await ed.page.getByTestId('kb-body').fill(body.replace('23:00', '22:00'));
    await ed.page.getByTestId('kb-save-draft').click();
    await ed.page.waitForURL(`${baseUrl()}/knowledge/articles/${articleId}`);
    await eventually(() => ed.page.getByTestId('kb-revision').count()).toBe(2);
    expect(await ed.page.getByTestId('kb-revision').first().getAttribute('data-state')).toBe('draft');
    // The published text is unchanged until approved.
    expect(await ed.page.getByTestId('markdown').first().innerText()).toContain('23:00');
    await ed.page.getByTestId('kb-revision').first().getByTestId('kb-diff-open').click();
    const diff = ed.page.getByTestId('kb-diff');
    await diff.waitFor();
    expect(await diff.locator('[data-op=del]').first().innerText()).toContain('23:00');
    expect(await diff.locator('[data-op=add]').first().innerText()).toContain('22:00');
    await shot(ed.page, 'knowledge-diff');
  });

  it('makes a draft article from a closed order', async () => {
    const agent = await as('agent1');
    const closed = await agent.get<{ items: { id: string; title: string }[] }>('/api/orders?queue=closed&pageSize=1');
    expect(closed.items.length, 'a closed demo order').toBe(1);
    const { page } = await openPage(browser());
    await signIn(page, 'agent1');
    await page.goto(`${baseUrl()}/orders/${closed.items[0].id}`);
    await page.getByTestId('order-to-article').click();
    await page.waitForURL(/\/knowledge\/articles\/[^/]+\/edit$/);
    await eventually(() => page.getByTestId('kb-title').inputValue()).toBe(closed.items[0].title);
  });
});
