/**
 * Search evaluation over the seed content, without a database: the seed articles are indexed
 * with the same term rows the database holds and ranked with the same code (search.ts), as an
 * agent of the query's project would see them. Reports recall@3 and MRR.
 */
import { DEFAULT_SYNONYMS } from './rules';
import { rankArticles, type RankMeta } from './search';
import type { SeedArticle } from './seedArticles';
import { analyseQuery, articleTermRows, type Posting } from './text';

export interface EvalQuery {
  q: string;
  expected: string[];
  project?: string;
}

export interface EvalResult {
  q: string;
  expected: string[];
  got: string[];
  /** 1-based rank of the first expected article; null when not in the results. */
  rank: number | null;
}

export interface EvalReport {
  queries: number;
  recallAt3: number;
  mrr: number;
  results: EvalResult[];
}

/** An in-memory index of the seed set: postings by term and ranking metadata. */
export function buildSeedIndex(articles: readonly SeedArticle[]) {
  const byTerm = new Map<string, Posting[]>();
  for (const a of articles) {
    for (const r of articleTermRows({ title: a.title, body: a.body, tags: a.tags, synonyms: a.synonyms ?? [] })) {
      const list = byTerm.get(r.term) ?? [];
      list.push({ articleId: a.key, field: r.field, term: r.term, tf: r.tf });
      byTerm.set(r.term, list);
    }
  }
  return { articles, byTerm };
}

/** Search the seed set as a staff member of `project` (or of every project when absent). */
export function searchSeed(index: ReturnType<typeof buildSeedIndex>, q: string, project?: string, limit = 10): string[] {
  const visible = index.articles.filter((a) => !a.project || !project || a.project === project);
  const ids = new Set(visible.map((a) => a.key));
  const query = analyseQuery(q, DEFAULT_SYNONYMS);
  const postings = query.terms.flatMap((t) => index.byTerm.get(t) ?? []).filter((p) => ids.has(p.articleId));
  const meta = new Map<string, RankMeta>(
    visible.map((a) => [a.key, { id: a.key, helpfulCount: 0, notHelpfulCount: 0, publishedAt: null, variantOf: a.variantOf ?? null, allProjects: !a.project, projectIds: a.project ? [a.project] : [] }]),
  );
  return rankArticles(query, postings, visible.length, meta, Date.now(), project ?? null).slice(0, limit).map((r) => r.articleId);
}

/** recall@3: share of queries with an expected article in the first three; MRR: mean of 1/rank. */
export function evaluate(articles: readonly SeedArticle[], queries: readonly EvalQuery[]): EvalReport {
  const index = buildSeedIndex(articles);
  const results = queries.map((x) => {
    const got = searchSeed(index, x.q, x.project);
    const idx = got.findIndex((k) => x.expected.includes(k));
    return { q: x.q, expected: x.expected, got: got.slice(0, 3), rank: idx >= 0 ? idx + 1 : null };
  });
  const n = Math.max(results.length, 1);
  return {
    queries: results.length,
    recallAt3: results.filter((r) => r.rank !== null && r.rank <= 3).length / n,
    mrr: results.reduce((s, r) => s + (r.rank ? 1 / r.rank : 0), 0) / n,
    results,
  };
}
