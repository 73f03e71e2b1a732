/**
 * Client for the knowledge base (知识库 / 标准话术, docs/knowledge.md): the types the screens read
 * and one function per endpoint. Shares the transport (session cookie, CSRF token,
 * Accept-Language) with the core client in ../../api.
 */
import { allOf, http, type Page } from '../../api';
import type { BodyOf } from '../../apiClient';
// The server's own types (type-only: erased at build, no server code in the bundle).
import type { ArticleType, RevisionState, Verdict, Visibility } from '../../../../src/modules/knowledge/schema';
import type { ArticleFields } from '../../../../src/modules/knowledge/rules';
import type { SearchHit } from '../../../../src/modules/knowledge/queries';
import type { DiffHunk, DiffLine, DiffPart } from '../../../../src/modules/knowledge/diff';
import type { ArticleOut, FaqArticleOut, RevisionOut } from '../../../../src/modules/knowledge/routes';

export type { ArticleFields, ArticleType, DiffHunk, DiffLine, DiffPart, RevisionState, Verdict, Visibility };

export type ReviewReason = 'review_due' | 'outdated' | 'pending_approval';

export const ARTICLE_TYPES = allOf<ArticleType>()(['answer', 'script', 'procedure', 'policy', 'case', 'faq'] as const);
export const VISIBILITIES = allOf<Visibility>()(['internal', 'residents'] as const);
export const VERDICTS = allOf<Verdict>()(['helpful', 'not_helpful', 'outdated'] as const);

/** An article as the list and detail answer it; the list adds the owner's name. */
export type Article = ArticleOut & { ownerName?: string | null };
export type Revision = RevisionOut;
/** A search or suggestion result; `titleHighlighted` and `snippet` are escaped HTML with <mark>. */
export type Hit = SearchHit;

export interface ArticleDetail {
  article: Article;
  revisions: Revision[];
  variants: { id: string; key: string; title: string; projectIds: string[] }[];
}

export interface PendingItem {
  article: { id: string; key: string; title: string };
  revision: Revision;
}

/** GET …/diff: built inline in the route from the server's diff parts. */
export interface Diff {
  from: { id: string; seq: number };
  to: { id: string; seq: number };
  title: null | { old: DiffPart[]; new: DiffPart[] };
  body: DiffHunk[];
  fields: { field: string; before: unknown; after: unknown }[];
}

export interface ArticleStats {
  articleId: string;
  uses: number;
  resolvedOnSpot: number;
  /** Uses in return-visit scripts (on work orders). */
  orderUses?: number;
  helpful: number;
  notHelpful: number;
  residentRatings: number;
  outdatedSincePublished: number;
  byRevision: { revisionId: string; helpful: number; notHelpful: number; outdated: number }[];
}

export interface ReviewItem {
  article: { id: string; key: string; title: string; ownerId: string; reviewDueOn: string | null; published: boolean };
  reasons: ReviewReason[];
  outdatedFlags: number;
  pendingRevisionIds: string[];
}

export interface FaqItem {
  id: string;
  key: string;
  title: string;
  titleHighlighted: string;
  snippet: string;
  categories: string[];
  helpfulCount: number;
}
export type FaqArticle = FaqArticleOut;

/** Body of an edit: the fields (owner defaults to me) plus a change note and "submit now"; a create may also name the key. */
export type ArticleInput = BodyOf<'/api/knowledge/articles/{id}', 'put'>;
export type NewArticleInput = BodyOf<'/api/knowledge/articles', 'post'>;

export interface ArticleFilters {
  type?: ArticleType;
  category?: string;
  projectId?: string;
}

const enc = encodeURIComponent;

export const knowledgeApi = {
  search: (query: ArticleFilters & { q: string; limit?: number }) => http.get<{ items: Hit[] }>('/api/knowledge/search', { ...query }),
  suggest: (query: { text?: string; category?: string; projectId?: string; limit?: number }) => http.get<{ items: Hit[] }>('/api/knowledge/suggest', query),
  articles: (query: ArticleFilters & { view?: 'published'; page?: number; pageSize?: number }) => http.get<Page<Article>>('/api/knowledge/articles', { ...query }),
  revisionsWaiting: (query: { view: 'pending' | 'mine'; type?: ArticleType; page?: number; pageSize?: number }) => http.get<Page<PendingItem>>('/api/knowledge/articles', query),
  article: (id: string) => http.get<ArticleDetail>(`/api/knowledge/articles/${enc(id)}`),
  create: (body: NewArticleInput) => http.post<{ article: Article; revision: Revision }>('/api/knowledge/articles', body),
  edit: (id: string, body: ArticleInput) => http.put<{ revision: Revision }>(`/api/knowledge/articles/${enc(id)}`, body),
  revision: (id: string, revisionId: string) => http.get<Revision>(`/api/knowledge/articles/${enc(id)}/revisions/${enc(revisionId)}`),
  diff: (id: string, from: string, to: string) => http.get<Diff>(`/api/knowledge/articles/${enc(id)}/diff`, { from, to }),
  submit: (revisionId: string) => http.post<Revision>(`/api/knowledge/revisions/${enc(revisionId)}/submit`),
  approve: (revisionId: string, note?: string) => http.post<Revision>(`/api/knowledge/revisions/${enc(revisionId)}/approve`, { note: note || undefined }),
  reject: (revisionId: string, note: string) => http.post<Revision>(`/api/knowledge/revisions/${enc(revisionId)}/reject`, { note }),
  rollback: (id: string, revisionId: string, changeNote?: string) => http.post<Revision>(`/api/knowledge/articles/${enc(id)}/rollback`, { revisionId, changeNote: changeNote || undefined }),
  /** "Answered with article X" on a work order (the return-visit script). */
  recordOrderUse: (id: string, orderId: string) => http.post<{ id: string; orderId: string; articleId: string }>(`/api/knowledge/articles/${enc(id)}/uses`, { orderId }),
  recordUse: (id: string, contactId: string) => http.post<{ id: string; contactId: string; articleId: string; revisionId: string | null; usedAt: string }>(`/api/knowledge/articles/${enc(id)}/uses`, { contactId }),
  feedback: (id: string, verdict: Verdict, comment?: string) => http.post<{ articleId: string; revisionId: string; verdict: Verdict; createdAt: string }>(`/api/knowledge/articles/${enc(id)}/feedback`, { verdict, comment: comment || undefined }),
  stats: (id: string) => http.get<ArticleStats>(`/api/knowledge/articles/${enc(id)}/stats`),
  reviewQueue: () => http.get<{ items: ReviewItem[]; outdatedThreshold: number }>('/api/knowledge/review-queue'),
  fromOrder: (orderId: string) => http.post<{ article: Article; revision: Revision }>(`/api/knowledge/articles/from-order/${enc(orderId)}`),

  // 业主常见问题 (residents)
  faq: (query: { q?: string; category?: string; limit?: number }) => http.get<{ items: FaqItem[] }>('/api/knowledge/faq', query),
  faqArticle: (id: string) => http.get<FaqArticle>(`/api/knowledge/faq/${enc(id)}`),
  rateFaq: (id: string, helpful: boolean, comment?: string) => http.post<{ articleId: string; verdict: Verdict }>(`/api/knowledge/faq/${enc(id)}/rating`, { helpful, comment: comment || undefined }),
};
