import { describe, expect, it } from 'vitest';
import { diffChars, diffLines } from './diff';
import { evaluate } from './eval';
import { loadEvalQueries } from './cli';
import { DEFAULT_SYNONYMS, mayDecide, seesPublished, seesRevision, type Viewer } from './rules';
import { SEED_ARTICLES } from './seedArticles';
import { analyseQuery, articleTermRows, fold, indexTerms, scorePostings, snippet, type Posting } from './text';

const terms = (s: string) => [...indexTerms(s).keys()];

describe('tokenisation', () => {
  it('emits Han unigrams and bigrams, Latin words and digit runs, and pairs across scripts', () => {
    expect(terms('3号楼')).toEqual(expect.arrayContaining(['3', '号', '楼', '3号', '号楼']));
    expect(terms('漏水')).toEqual(['漏', '漏水', '水']);
    expect(terms('B1层 WiFi')).toEqual(expect.arrayContaining(['b1', 'b', '1', '层', 'b1层', 'wifi']));
    // Particles are not indexed alone, but inside bigrams they are.
    expect(terms('我的')).toEqual(['我的']);
  });

  it('folds full-width forms, case and interchangeable characters without changing lengths', () => {
    expect(fold('ＡＢ１２')).toBe('ab12');
    expect(fold('缴费')).toBe(fold('交费'));
    expect(fold('催缴物业费地话术').length).toBe('催缴物业费地话术'.length);
  });

  it('indexes title, keywords and body separately with capped frequencies', () => {
    const rows = articleTermRows({ title: '电梯故障', body: '电梯 电梯 电梯 电梯 电梯 电梯 电梯', tags: ['升降梯'], synonyms: [] });
    expect(rows.find((r) => r.field === 't' && r.term === '电梯')?.tf).toBe(1);
    expect(rows.find((r) => r.field === 'b' && r.term === '电梯')?.tf).toBe(5);
    expect(rows.find((r) => r.field === 'k' && r.term === '升降')).toBeTruthy();
  });
});

describe('queries and scoring', () => {
  const postings = (id: string, field: 't' | 'k' | 'b', text: string): Posting[] => [...indexTerms(text)].map(([term, tf]) => ({ articleId: id, field, term, tf }));

  it('turns synonym phrases into groups whose best alternative counts, typed words weighing most', () => {
    const q = analyseQuery('升降梯坏了', DEFAULT_SYNONYMS);
    const g = q.groups.find((x) => x.alternatives.length > 1)!;
    expect(g.alternatives.map((a) => a.map((t) => t.term))).toContainEqual(expect.arrayContaining(['电梯']));
    expect(q.terms).toEqual(expect.arrayContaining(['升降', '电梯', '坏']));
    // The same article found through the typed word scores above one found through a synonym.
    const p = [...postings('typed', 't', '升降梯'), ...postings('syn', 't', '电梯')];
    const [first, second] = scorePostings(q, p, 10).sort((a, b) => b.relevance - a.relevance);
    expect(first.articleId).toBe('typed');
    expect(second.articleId).toBe('syn');
  });

  it('weights title over keywords over body, and drops question fillers', () => {
    const q = analyseQuery('停车怎么收费');
    expect(q.terms).not.toContain('怎么');
    const p = [...postings('title', 't', '停车收费'), ...postings('tag', 'k', '停车收费'), ...postings('body', 'b', '停车收费')];
    expect(scorePostings(q, p, 10).sort((a, b) => b.relevance - a.relevance).map((s) => s.articleId)).toEqual(['title', 'tag', 'body']);
  });

  it('does not match on one stray character of a longer query', () => {
    const q = analyseQuery('动工');
    expect(scorePostings(q, postings('x', 'b', '工作日可以施工'), 5)).toEqual([]);
    expect(scorePostings(analyseQuery('漏'), postings('y', 'b', '漏水'), 5)).toHaveLength(1);
  });
});

describe('snippets', () => {
  it('escapes HTML, marks matches and centres the window on them', () => {
    expect(snippet('<b>电梯</b> 维修', ['电梯'])).toBe('&lt;b&gt;<mark>电梯</mark>&lt;/b&gt; 维修');
    const long = `${'无关内容。'.repeat(40)}三号楼停水通知${'其他。'.repeat(40)}`;
    const s = snippet(long, ['停水'], 40);
    expect(s).toContain('<mark>停水</mark>');
    expect(s.startsWith('…')).toBe(true);
    expect(snippet('ＡＢ卡', ['ab'])).toBe('<mark>ＡＢ</mark>卡');
  });
});

describe('diff', () => {
  it('returns line hunks with context and character parts for changed lines', () => {
    const a = ['一', '二', '三', '四', '五', '六', '七', '八'].join('\n');
    const b = ['一', '二', '三', '四改', '五', '六', '七', '八', '九'].join('\n');
    const h = diffLines(a, b, 1);
    expect(h).toHaveLength(2);
    expect(h[0].lines.map((l) => [l.op, l.text])).toEqual([['equal', '三'], ['del', '四'], ['add', '四改'], ['equal', '五']]);
    expect(h[0].lines[2].parts).toEqual([{ op: 'equal', text: '四' }, { op: 'add', text: '改' }]);
    expect(h[0]).toMatchObject({ oldStart: 3, newStart: 3 });
    expect(h[1].lines.at(-1)).toMatchObject({ op: 'add', text: '九', newNo: 9 });
    expect(diffLines('同样', '同样')).toEqual([]);
    expect(diffChars('物业费 2.80 元', '物业费 3.00 元').new.filter((p) => p.op === 'add').map((p) => p.text).join('')).toMatch(/3|0/);
  });
});

describe('rules', () => {
  const staffA: Viewer = { userId: 'u1', isResident: false, projectIds: ['A'], canApprove: false, isAdmin: false };
  const res: Viewer = { ...staffA, userId: 'r', isResident: true };
  const now = '2026-06-01T00:00:00.000Z';
  const art = { allProjects: false, projectIds: ['B'], visibility: 'residents' as const, published: true, publishAt: null, expireAt: null };

  it('keeps project B’s variant from project A and internal articles from residents', () => {
    expect(seesPublished(staffA, art, now)).toBe(false);
    expect(seesPublished(staffA, { ...art, projectIds: ['A'] }, now)).toBe(true);
    expect(seesPublished(res, { ...art, projectIds: ['A'], visibility: 'internal' }, now)).toBe(false);
    expect(seesPublished(res, { ...art, allProjects: true, expireAt: '2026-05-01T00:00:00.000Z' }, now)).toBe(false);
    expect(seesRevision(res, { ...art, allProjects: true }, { authorId: 'x', state: 'approved' })).toBe(false);
    expect(seesRevision(staffA, { ...art, allProjects: true }, { authorId: 'x', state: 'draft' })).toBe(false);
    expect(seesRevision(staffA, { ...art, allProjects: true }, { authorId: 'u1', state: 'draft' })).toBe(true);
  });

  it('four eyes: an approver may not publish their own revision unless admin', () => {
    const approver = { ...staffA, canApprove: true };
    expect(mayDecide(approver, { authorId: 'u1', state: 'submitted' })).toMatchObject({ ok: false, code: 'knowledge.own_revision' });
    expect(mayDecide({ ...approver, isAdmin: true }, { authorId: 'u1', state: 'submitted' }).ok).toBe(true);
    expect(mayDecide(approver, { authorId: 'u2', state: 'draft' })).toMatchObject({ ok: false, status: 409 });
  });
});

describe('seed content and evaluation', () => {
  it('has at least 80 articles with unique keys, resident FAQ and project variants of existing articles', () => {
    expect(SEED_ARTICLES.length).toBeGreaterThanOrEqual(80);
    const keys = new Set(SEED_ARTICLES.map((a) => a.key));
    expect(keys.size).toBe(SEED_ARTICLES.length);
    expect(SEED_ARTICLES.filter((a) => a.visibility === 'residents').length).toBeGreaterThan(30);
    for (const a of SEED_ARTICLES.filter((x) => x.variantOf)) {
      expect(keys.has(a.variantOf!)).toBe(true);
      expect(a.project).toBeTruthy();
    }
  });

  it('reaches recall@3 ≥ 0.9 on the labelled set (≥ 60 queries, every expected key exists)', () => {
    const queries = loadEvalQueries();
    expect(queries.length).toBeGreaterThanOrEqual(60);
    const keys = new Set(SEED_ARTICLES.map((a) => a.key));
    for (const q of queries) for (const k of q.expected) expect(keys.has(k), k).toBe(true);
    const r = evaluate(SEED_ARTICLES, queries);
    expect(r.recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(r.mrr).toBeGreaterThan(0.8);
  });
});
