/**
 * 回访 with standard phrases (issue 15): the agent opens a pending return visit, picks a call
 * script from the knowledge base in the notes' phrase picker, the phrase lands at the cursor, and
 * saving the visit records "answered with article X" on the order.
 */
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_LABELS } from '../../src/modules/workorders/lifecycle/labels';
import { apiSession, baseUrl, eventually, openPage, shot, signIn, useBrowser } from './browser';

const L = LIFECYCLE_LABELS['zh-CN'];
const browser = useBrowser();

interface Visit { id: string; orderId: string; number: string }
interface Article { id: string; title: string; body: string }

describe('return visits', () => {
  it('the agent inserts a standard phrase into the notes at the cursor and the use is recorded on the order', async () => {
    const agent = await apiSession('agent1');
    const pending = (await agent.get<{ items: Visit[] }>('/api/visits?status=pending&pageSize=5')).items;
    expect(pending.length, 'the demo has pending return visits').toBeGreaterThan(0);
    const scripts = (await agent.get<{ items: Article[] }>('/api/knowledge/articles?view=published&type=script&pageSize=10')).items;
    expect(scripts.length, 'the seed has call scripts').toBeGreaterThan(0);
    const visit = pending[0];

    const { page } = await openPage(browser());
    await signIn(page, 'agent1');
    await page.goto(`${baseUrl()}/visits`);
    await page.getByTestId('visits-search').fill(visit.number);
    await page.getByTestId('visits-search').press('Enter');
    const row = page.getByTestId('visits-table').locator('tr', { hasText: visit.number });
    await row.waitFor();
    await row.getByTestId('visit-start').click();
    const drawer = page.getByTestId('visit-drawer');
    const notes = drawer.getByTestId('visit-notes');
    await notes.waitFor();
    // Type the agent's own words, put the cursor between them, then insert a script there.
    await notes.fill('业主反馈：。已致谢');
    await notes.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
    await drawer.getByTestId('phrase-open').click();
    const picker = page.getByTestId('phrase-picker');
    await picker.getByTestId('phrase-item').first().waitFor();
    // Search narrows the list (a two-character term).
    await picker.getByTestId('phrase-search').fill('结束');
    await picker.getByTestId('phrase-search').press('Enter');
    await eventually(async () => (await picker.getByTestId('phrase-item').first().innerText())).toContain('结束');
    const title = (await picker.getByTestId('phrase-item').first().innerText()).split('\n')[0].trim();
    const article = scripts.find((a) => a.title === title) ?? (await agent.get<{ items: Article[] }>(`/api/knowledge/articles?view=published&type=script&pageSize=50`)).items.find((a) => a.title === title);
    expect(article, title).toBeDefined();
    await shot(page, 'visit-phrases');
    await picker.getByTestId('phrase-insert').first().click();
    await eventually(() => picker.count()).toBe(0);
    const value = await notes.inputValue();
    expect(value.startsWith('业主反馈： ')).toBe(true);
    expect(value.endsWith(' 。已致谢')).toBe(true);
    expect(value.length).toBeGreaterThan('业主反馈：。已致谢'.length + 4);

    await page.locator('label.ant-radio-button-wrapper').filter({ hasText: new RegExp(`^${L.outcomes.satisfied}$`) }).click();
    await page.getByTestId('visit-submit').click();
    await eventually(async () => (await agent.get<{ items: Visit[] }>(`/api/visits?status=pending&q=${encodeURIComponent(visit.number)}`)).items.length).toBe(0);
    await eventually(async () => (await agent.get<{ orderUses: number }>(`/api/knowledge/articles/${article!.id}/stats`)).orderUses).toBeGreaterThan(0);
  });
});
