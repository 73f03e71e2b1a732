import { describe, expect, it } from 'vitest';
import { beijingToIso, callerWords, isoToBeijing, parseInline, parseMarkdown, plainText, splitMarks, standardPhrase } from './knowledgeModel';

describe('highlighted snippets', () => {
  it('marks only <mark> and shows everything else as text', () => {
    expect(splitMarks('卫生间<mark>漏水</mark>怎么办')).toEqual([
      { text: '卫生间', mark: false },
      { text: '漏水', mark: true },
      { text: '怎么办', mark: false },
    ]);
    // Escaped markup in an article stays literal text, never an element.
    const parts = splitMarks('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>电梯</mark>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> & ', mark: false });
    expect(parts[1]).toEqual({ text: '电梯', mark: true });
    expect(splitMarks('<b>x</b>')).toEqual([{ text: '<b>x</b>', mark: false }]);
  });
});

describe('markdown subset', () => {
  it('parses headings, lists, tables, quotes and bold', () => {
    const md = '# 标题\n\n1. 第一步；\n2. **第二步**\n\n- 甲\n- 乙\n\n| 项目 | 时间 |\n|---|---|\n| 装修 | 8:00 |\n\n> 引用\n\n第一行\n第二行';
    const b = parseMarkdown(md);
    expect(b.map((x) => x.kind)).toEqual(['heading', 'list', 'list', 'table', 'quote', 'paragraph']);
    expect(b[1]).toMatchObject({ ordered: true, items: [[{ kind: 'text', text: '第一步；' }], [{ kind: 'strong', text: '第二步' }]] });
    expect(b[2]).toMatchObject({ ordered: false });
    expect(b[3]).toMatchObject({ kind: 'table', head: [[{ text: '项目' }], [{ text: '时间' }]], rows: [[[{ text: '装修' }], [{ text: '8:00' }]]] });
    expect(b[5]).toMatchObject({ kind: 'paragraph', lines: [[{ text: '第一行' }], [{ text: '第二行' }]] });
  });
  it('makes links only of web addresses and app paths', () => {
    expect(parseInline('[看这里](https://example.com/a)')).toEqual([{ kind: 'link', text: '看这里', href: 'https://example.com/a' }]);
    expect(parseInline('[坏](javascript:alert(1))')[0].kind).toBe('text');
  });
  it('gives plain text and the standard phrase of a script', () => {
    expect(plainText('- **线上**：App\n- 线下')).toBe('线上：App\n线下');
    const script = '「您好，华庭物业服务中心，我是客服 **（工号）**，请问有什么可以帮您？」\n\n要点：铃响三声内接听。';
    expect(standardPhrase(script)).toBe('您好，华庭物业服务中心，我是客服 （工号），请问有什么可以帮您？');
    expect(standardPhrase('1. 先关阀门；\n2. 报修')).toBe('1. 先关阀门； 2. 报修');
    expect(standardPhrase('长'.repeat(400), 10)).toHaveLength(10);
  });
});

describe('dates and the caller’s words', () => {
  it('converts Beijing wall time to UTC and back', () => {
    expect(beijingToIso('2026-12-01 08:30')).toBe('2026-12-01T00:30:00.000Z');
    expect(beijingToIso('2026-12-01 02:00')).toBe('2026-11-30T18:00:00.000Z');
    expect(isoToBeijing('2026-11-30T18:00:00.000Z')).toBe('2026-12-01 02:00');
  });
  it('drops inserted replies from the suggestion query', () => {
    expect(callerWords('家里漏水\n答复：请先关阀门', '答复：')).toBe('家里漏水');
    expect(callerWords(' 家里漏水 ', '答复：')).toBe('家里漏水');
    expect(callerWords('答复：请先关阀门', '答复：')).toBe('');
  });
});
