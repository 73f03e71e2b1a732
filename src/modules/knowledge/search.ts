/**
 * Ranking shared by the database search (queries.ts) and the in-memory evaluation (eval.ts):
 * postings → relevance (text.ts) → boosts → project-variant preference → order. Pure.
 */
import { boostedScore, scorePostings, type AnalysedQuery, type Posting, type Scored } from './text';

export interface RankMeta {
  id: string;
  helpfulCount: number;
  notHelpfulCount: number;
  publishedAt: string | null;
  variantOf: string | null;
  allProjects: boolean;
  projectIds: readonly string[];
}

export interface Ranked {
  articleId: string;
  score: number;
  relevance: number;
  matched: string[];
}

/** Results below this share of the best relevance are noise (a stray unigram). */
const MIN_SHARE = 0.15;

/**
 * Order candidates. When the caller works in one project (`contextProject`) and both a general
 * article and its variant for that project match, only the variant is kept: the agent should
 * read the project's own fees and hours, not the generic text.
 */
export function rankArticles(query: AnalysedQuery, postings: readonly Posting[], total: number, meta: ReadonlyMap<string, RankMeta>, now: number, contextProject?: string | null): Ranked[] {
  return finalRank(scorePostings(query, postings, total), meta, now, contextProject);
}

/** Candidates worth loading metadata for: the best by relevance (boosts only reorder close ones). */
export function topByRelevance(scored: readonly Scored[], n: number): Scored[] {
  // Sorting thousands of matches of a common character with a string tie-break was slow: cut at
  // the n-th best relevance first (numeric sort), then order only what is left — same result.
  if (scored.length > n && n > 0) {
    const rel = Float64Array.from(scored, (s) => s.relevance).sort();
    const cut = rel[rel.length - n];
    scored = scored.filter((s) => s.relevance >= cut);
  }
  return [...scored].sort((a, b) => b.relevance - a.relevance || a.articleId.localeCompare(b.articleId)).slice(0, n);
}

export function finalRank(all: readonly Scored[], meta: ReadonlyMap<string, RankMeta>, now: number, contextProject?: string | null): Ranked[] {
  const scored = all.filter((s) => meta.has(s.articleId));
  const top = Math.max(0, ...scored.map((s) => s.relevance));
  let out: Ranked[] = scored
    .filter((s) => s.relevance >= top * MIN_SHARE)
    .map((s) => {
      const m = meta.get(s.articleId)!;
      return { articleId: s.articleId, relevance: s.relevance, matched: s.matched, score: boostedScore(s.relevance, m.helpfulCount, m.notHelpfulCount, m.publishedAt, now) };
    });
  if (contextProject) {
    const superseded = new Set<string>();
    for (const r of out) {
      const m = meta.get(r.articleId)!;
      if (m.variantOf && !m.allProjects && m.projectIds.includes(contextProject)) superseded.add(m.variantOf);
    }
    // The variant inherits its general article's score when that was higher (same question).
    const scoreOf = new Map(out.map((r) => [r.articleId, r.score]));
    out = out
      .filter((r) => !superseded.has(r.articleId))
      .map((r) => {
        const v = meta.get(r.articleId)!.variantOf;
        return v && superseded.has(v) ? { ...r, score: Math.max(r.score, scoreOf.get(v) ?? 0) } : r;
      });
  }
  return out.sort((a, b) => b.score - a.score || a.articleId.localeCompare(b.articleId));
}
