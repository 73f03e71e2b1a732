import { describe, expect, it } from 'vitest';
import { loadEvalQueries } from './cli';
import { DEFAULT_SYNONYMS } from './rules';
import { topByRelevance } from './search';
import { SEED_ARTICLES } from './seedArticles';
import { inScope, TermIndex, type IndexedArticle, type SearchScope } from './termIndex';
import { analyseQuery, articleTermRows, scorePostings, scoreTermHits, termFieldScore, type Posting } from './text';

const NOW = '2026-06-01T00:00:00.000Z';
const state = (over: Partial<IndexedArticle> = {}): IndexedArticle => ({
  id: 'a', published: true, publishAt: null, expireAt: null, visibility: 'internal', allProjects: true, projectIds: [], type: 'answer', categories: ['enquiry'], ...over,
});
const scope = (over: Partial<SearchScope> = {}): SearchScope => ({ now: NOW, residentsOnly: false, projects: 'all', ...over });

describe('in-memory scope (the twin of the SQL filter)', () => {
  it('applies publication, window, audience, projects, type and category', () => {
    expect(inScope(state(), scope())).toBe(true);
    expect(inScope(state({ published: false }), scope())).toBe(false);
    expect(inScope(state({ publishAt: '2026-06-02T00:00:00.000Z' }), scope())).toBe(false);
    expect(inScope(state({ publishAt: NOW }), scope())).toBe(true);
    expect(inScope(state({ expireAt: NOW }), scope())).toBe(false);
    expect(inScope(state({ expireAt: '2026-06-01T00:00:00.001Z' }), scope())).toBe(true);
    expect(inScope(state(), scope({ residentsOnly: true }))).toBe(false);
    expect(inScope(state({ visibility: 'residents' }), scope({ residentsOnly: true }))).toBe(true);
    const inB = state({ allProjects: false, projectIds: ['B'] });
    expect(inScope(inB, scope({ projects: ['A'] }))).toBe(false);
    expect(inScope(inB, scope({ projects: [] }))).toBe(false);
    expect(inScope(inB, scope({ projects: ['A', 'B'] }))).toBe(true);
    expect(inScope(state(), scope({ projects: [] }))).toBe(true);
    expect(inScope(state(), scope({ type: 'faq' }))).toBe(false);
    expect(inScope(state(), scope({ category: 'complaint' }))).toBe(false);
    expect(inScope(state(), scope({ type: 'answer', category: 'enquiry' }))).toBe(true);
  });
});

describe('in-memory index', () => {
  const index = new TermIndex();
  const byTerm = new Map<string, Posting[]>();
  for (const a of SEED_ARTICLES) {
    const rows = articleTermRows({ title: a.title, body: a.body, tags: a.tags, synonyms: a.synonyms ?? [] });
    index.upsert(state({ id: a.key, allProjects: !a.project, projectIds: a.project ? [a.project] : [], visibility: a.visibility, type: a.type, categories: a.categories }), rows);
    for (const r of rows) byTerm.set(r.term, [...(byTerm.get(r.term) ?? []), { articleId: a.key, field: r.field, term: r.term, tf: r.tf }]);
  }

  it('scores every labelled query exactly as the postings path does, per project', () => {
    const queries = loadEvalQueries();
    expect(queries.length).toBeGreaterThan(60);
    for (const project of ['HT', 'JM']) {
      const { mask, total } = index.visible(scope({ projects: [project] }));
      const visible = SEED_ARTICLES.filter((a) => !a.project || a.project === project);
      expect(total).toBe(visible.length);
      const ids = new Set(visible.map((a) => a.key));
      for (const { q } of queries) {
        const query = analyseQuery(q, DEFAULT_SYNONYMS);
        const fromPostings = scorePostings(query, query.terms.flatMap((t) => byTerm.get(t) ?? []).filter((p) => ids.has(p.articleId)), total);
        const fromIndex = scoreTermHits(query, index.hits(query.terms, mask), total, (s) => index.idOf(s));
        const key = (xs: typeof fromIndex) => [...xs].sort((a, b) => a.articleId.localeCompare(b.articleId));
        expect(key(fromIndex), q).toEqual(key(fromPostings));
        // With a limit: exactly what topByRelevance would pick from everything.
        expect(topByRelevance(scoreTermHits(query, index.hits(query.terms, mask), total, (s) => index.idOf(s), 5), 5), q).toEqual(topByRelevance(fromPostings, 5));
      }
    }
  });

  it('replaces an article on re-indexing: old terms stop matching, the new ones match', () => {
    const ix = new TermIndex();
    ix.upsert(state({ id: 'x' }), articleTermRows({ title: '电梯困人', body: '', tags: [], synonyms: [] }));
    ix.upsert(state({ id: 'y' }), articleTermRows({ title: '电梯保养', body: '', tags: [], synonyms: [] }));
    const find = (q: string) => {
      const query = analyseQuery(q);
      const { mask, total } = ix.visible(scope());
      return scoreTermHits(query, ix.hits(query.terms, mask), total, (s) => ix.idOf(s)).map((s) => s.articleId).sort();
    };
    expect(find('困人')).toEqual(['x']);
    ix.upsert(state({ id: 'x' }), articleTermRows({ title: '停车月卡', body: '', tags: [], synonyms: [] }));
    expect(find('困人')).toEqual([]);
    expect(find('月卡')).toEqual(['x']);
    expect(find('电梯')).toEqual(['y']);
    expect(ix.size).toBe(2);
    expect(ix.deadShare).toBeCloseTo(1 / 3);
    ix.upsert(state({ id: 'y', published: false }), []);
    expect(find('电梯')).toEqual([]);
  });

  it('packs per-field frequencies without changing the field score', () => {
    const ix = new TermIndex();
    ix.upsert(state({ id: 'z' }), [{ field: 't', term: '漏水', tf: 1 }, { field: 'b', term: '漏水', tf: 9 }, { field: 'k', term: '渗水', tf: 2 }]);
    const { mask } = ix.visible(scope());
    const h = ix.hits(['漏水', '渗水', '电梯'], mask);
    expect(Array.from(h.get('漏水')!.scores)).toEqual([termFieldScore(1, 0, 5)]);
    expect(Array.from(h.get('渗水')!.scores)).toEqual([termFieldScore(0, 2, 0)]);
    expect(h.has('电梯')).toBe(false);
    expect(termFieldScore(1, 0, 5)).toBeCloseTo(3 + 5 / 3);
  });
});
