/**
 * Knowledge base SQL: the viewer's scope, the visibility filter (the SQL twin of rules.ts
 * `seesPublished`), the term index and search. Plain Kysely — same statements on both dialects.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { hasPermission, type Actor } from '../auth/permissions';
import type { ArticleFields, Viewer } from './rules';
import { DEFAULT_SYNONYMS, seesPublished } from './rules';
import type { ArticleType, KnowledgeArticleTable, KnowledgeRevisionTable, Visibility } from './schema';
import { finalRank, topByRelevance, type RankMeta } from './search';
import { orgIndex } from './indexCache';
import type { SearchScope } from './termIndex';
import { analyseQuery, articleTermRows, highlightTerms, scorePostings, scoreTermHits, snippet, stripMarkdown, type AnalysedQuery, type Posting, type Scored } from './text';

type Db = Kysely<DB> | Transaction<DB>;

/** The actor as the knowledge rules see them; residents' projects are those of their units. */
export async function viewerOf(db: Db, actor: Actor): Promise<Viewer> {
  const isResident = actor.role === 'resident';
  let projectIds: readonly string[] | 'all' = actor.projectIds;
  if (isResident) {
    projectIds = actor.unitIds.length
      ? [...new Set((await db.selectFrom('units').select('project_id').where('org_id', '=', actor.orgId).where('id', 'in', [...actor.unitIds]).execute()).map((u) => u.project_id))]
      : [];
  }
  return { userId: actor.userId, isResident, projectIds, canApprove: !isResident && hasPermission(actor, 'knowledge.approve'), isAdmin: actor.role === 'admin' };
}

export const parseList = (s: string | null | undefined): string[] => {
  try {
    const v = JSON.parse(s ?? '[]');
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export function articleState(r: Pick<KnowledgeArticleTable, 'all_projects' | 'project_ids_json' | 'visibility' | 'published_revision_id' | 'publish_at' | 'expire_at'>) {
  return {
    allProjects: !!r.all_projects,
    projectIds: parseList(r.project_ids_json),
    visibility: r.visibility,
    published: !!r.published_revision_id,
    publishAt: r.publish_at,
    expireAt: r.expire_at,
  };
}

export interface Filters {
  type?: ArticleType;
  category?: string;
  projectId?: string;
  /** Only articles residents may read (the FAQ). */
  residentsOnly?: boolean;
}

/**
 * Narrow a query over `knowledge_articles as a` to what the viewer reads as published, live
 * content (approvers' view of scheduled/expired articles is handled by the article routes).
 */
function liveFor<Q extends { where: (...args: any[]) => Q }>(q: Q, v: Viewer, orgId: string, now: string, f: Filters): Q {
  let out = q
    .where('a.org_id', '=', orgId)
    .where('a.published_revision_id', 'is not', null)
    .where((eb: any) => eb.or([eb('a.publish_at', 'is', null), eb('a.publish_at', '<=', now)]))
    .where((eb: any) => eb.or([eb('a.expire_at', 'is', null), eb('a.expire_at', '>', now)]));
  if (v.isResident || f.residentsOnly) out = out.where('a.visibility', '=', 'residents');
  const projects = f.projectId ? (v.projectIds === 'all' || v.projectIds.includes(f.projectId) ? [f.projectId] : []) : v.projectIds;
  if (projects !== 'all') {
    out = out.where((eb: any) =>
      eb.or([
        eb('a.all_projects', '=', 1),
        ...(projects.length ? [eb.exists(eb.selectFrom('knowledge_article_projects as ap').select('ap.article_id').whereRef('ap.article_id', '=', 'a.id').where('ap.project_id', 'in', projects))] : []),
      ]),
    );
  }
  if (f.type) out = out.where('a.type', '=', f.type);
  if (f.category) out = out.where((eb: any) => eb.exists(eb.selectFrom('knowledge_article_categories as ac').select('ac.article_id').whereRef('ac.article_id', '=', 'a.id').where('ac.category', '=', f.category)));
  return out;
}

/** Replace an article's index rows with those of its (published) fields. */
export async function indexArticle(db: Db, orgId: string, articleId: string, f: Pick<ArticleFields, 'title' | 'body' | 'tags' | 'synonyms'>): Promise<void> {
  await db.deleteFrom('knowledge_terms').where('article_id', '=', articleId).execute();
  const rows = articleTermRows(f).map((r) => ({ org_id: orgId, article_id: articleId, field: r.field, term: r.term, tf: r.tf }));
  for (let i = 0; i < rows.length; i += 400) await db.insertInto('knowledge_terms').values(rows.slice(i, i + 400)).execute();
}

/** Built-in synonym groups plus the organisation's own. */
export async function synonymGroups(db: Db, orgId: string): Promise<string[][]> {
  const rows = await db.selectFrom('knowledge_synonyms').select('terms_json').where('org_id', '=', orgId).execute();
  return [...DEFAULT_SYNONYMS.map((g) => [...g]), ...rows.map((r) => parseList(r.terms_json))];
}

export interface SearchHit {
  id: string;
  key: string;
  title: string;
  type: ArticleType;
  visibility: Visibility;
  categories: string[];
  projectIds: string[];
  variantOf: string | null;
  score: number;
  /** HTML-escaped, matches wrapped in <mark>. */
  titleHighlighted: string;
  snippet: string;
  revisionId: string | null;
  helpfulCount: number;
  notHelpfulCount: number;
  publishedAt: string | null;
}

const META_COLUMNS = ['a.id', 'a.key', 'a.title', 'a.body', 'a.type', 'a.visibility', 'a.categories_json', 'a.all_projects', 'a.project_ids_json', 'a.variant_of', 'a.helpful_count', 'a.not_helpful_count', 'a.published_at', 'a.published_revision_id'] as const;

type MetaRow = Pick<KnowledgeArticleTable, 'id' | 'key' | 'title' | 'body' | 'type' | 'visibility' | 'categories_json' | 'all_projects' | 'project_ids_json' | 'variant_of' | 'helpful_count' | 'not_helpful_count' | 'published_at' | 'published_revision_id'>;

function hitOut(r: MetaRow, score: number, matched: string[]): SearchHit {
  const marks = highlightTerms(matched);
  return {
    id: r.id,
    key: r.key,
    title: r.title,
    type: r.type,
    visibility: r.visibility,
    categories: parseList(r.categories_json),
    projectIds: parseList(r.project_ids_json),
    variantOf: r.variant_of,
    score: Math.round(score * 1000) / 1000,
    titleHighlighted: snippet(r.title, marks, 200),
    snippet: snippet(stripMarkdown(r.body).replace(/\n/g, ' '), marks, 120),
    revisionId: r.published_revision_id,
    helpfulCount: r.helpful_count,
    notHelpfulCount: r.not_helpful_count,
    publishedAt: r.published_at,
  };
}

const rankMeta = (r: MetaRow): RankMeta => ({
  id: r.id,
  helpfulCount: r.helpful_count,
  notHelpfulCount: r.not_helpful_count,
  publishedAt: r.published_at,
  variantOf: r.variant_of,
  allProjects: !!r.all_projects,
  projectIds: parseList(r.project_ids_json),
});

/** The scope `liveFor` applies in SQL, for the in-memory index. */
export function searchScope(v: Viewer, f: Filters, now: string): SearchScope {
  const projects = f.projectId ? (v.projectIds === 'all' || v.projectIds.includes(f.projectId) ? [f.projectId] : []) : v.projectIds;
  return { now, residentsOnly: v.isResident || !!f.residentsOnly, projects, type: f.type, category: f.category };
}

/**
 * Search: the query's terms among the viewer's live articles, ranked (search.ts); the first
 * `limit` with highlighted title and snippet, loaded from the database. Postings come from the
 * organisation's in-memory index (indexCache.ts, checked against the database's index version on
 * every call); while that index is first loading, from SQL — same postings, same ranking.
 * `contextProject` prefers project variants.
 */
export async function searchArticles(db: Db, orgId: string, v: Viewer, q: string, f: Filters, limit: number, now: string, contextProject: string | null): Promise<SearchHit[]> {
  const query = analyseQuery(q, await synonymGroups(db, orgId));
  if (!query.terms.length) return [];
  const n = Math.max(50, limit * 5);
  const index = await orgIndex(db, orgId, { wait: false });
  let scored: Scored[];
  if (index) {
    const { mask, total } = index.visible(searchScope(v, f, now));
    scored = scoreTermHits(query, index.hits(query.terms, mask), total, (slot) => index.idOf(slot), n);
  } else scored = await scoreInDatabase(db, orgId, v, query, f, now);
  const candidates = topByRelevance(scored, n);
  if (!candidates.length) return [];
  const rows = await db.selectFrom('knowledge_articles as a').select(META_COLUMNS).where('a.org_id', '=', orgId).where('a.id', 'in', candidates.map((c) => c.articleId)).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const ranked = finalRank(candidates, new Map(rows.map((r) => [r.id, rankMeta(r)])), Date.parse(now), contextProject);
  return ranked.slice(0, limit).map((r) => hitOut(byId.get(r.articleId)!, r.score, r.matched));
}

/** Relevance computed from SQL alone: the viewer's live postings (a join per posting) and article count. */
export async function scoreInDatabase(db: Db, orgId: string, v: Viewer, query: AnalysedQuery, f: Filters, now: string): Promise<Scored[]> {
  const postingRows = await liveFor(db.selectFrom('knowledge_terms as t').innerJoin('knowledge_articles as a', 'a.id', 't.article_id'), v, orgId, now, f)
    .where('t.org_id', '=', orgId)
    .where('t.term', 'in', query.terms)
    .select(['t.article_id', 't.field', 't.term', 't.tf'])
    .execute();
  const postings: Posting[] = postingRows.map((p) => ({ articleId: p.article_id, field: p.field, term: p.term, tf: Number(p.tf) }));
  const totalRow = await liveFor(db.selectFrom('knowledge_articles as a'), v, orgId, now, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  return scorePostings(query, postings, Number(totalRow?.n ?? 0));
}

/** Without text: the viewer's live articles of a category (the desk before any typing), most helpful first. */
export async function articlesOfCategory(db: Db, orgId: string, v: Viewer, f: Filters, limit: number, now: string, contextProject: string | null): Promise<SearchHit[]> {
  const rows = await liveFor(db.selectFrom('knowledge_articles as a'), v, orgId, now, f)
    .select(META_COLUMNS)
    .orderBy('a.helpful_count', 'desc')
    .orderBy('a.published_at', 'desc')
    .limit(200)
    .execute();
  const scored = rows.map((r) => ({ articleId: r.id, relevance: 1, matched: [] as string[] }));
  const ranked = finalRank(scored, new Map(rows.map((r) => [r.id, rankMeta(r)])), Date.parse(now), contextProject);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ranked.slice(0, limit).map((r) => hitOut(byId.get(r.articleId)!, r.score, []));
}

export function fieldsOf(r: KnowledgeArticleTable): ArticleFields {
  return {
    title: r.title,
    body: r.body,
    type: r.type,
    categories: parseList(r.categories_json),
    projectIds: parseList(r.project_ids_json),
    variantOf: r.variant_of,
    tags: parseList(r.tags_json),
    synonyms: parseList(r.synonyms_json),
    ownerId: r.owner_id,
    reviewDueOn: r.review_due_on,
    visibility: r.visibility,
    publishAt: r.publish_at,
    expireAt: r.expire_at,
  };
}

export function revisionFields(r: Pick<KnowledgeRevisionTable, 'fields_json'>): ArticleFields {
  return JSON.parse(r.fields_json) as ArticleFields;
}

/** Whether the viewer reads this article's published content now. */
export function canRead(v: Viewer, r: KnowledgeArticleTable, now: string): boolean {
  return seesPublished(v, articleState(r), now);
}
