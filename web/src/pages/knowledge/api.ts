/**
 * Client for the knowledge base (知识库 / 标准话术, docs/knowledge.md): the types the screens read
 * and one function per endpoint. Shares the transport (session cookie, CSRF token,
 * Accept-Language) with the core client in ../../api.
 */
import { http, type Page } from '../../api';

export type ArticleType = 'answer' | 'script' | 'procedure' | 'policy' | 'case' | 'faq';
export type Visibility = 'internal' | 'residents';
export type RevisionState = 'draft' | 'submitted' | 'approved' | 'rejected';
export type Verdict = 'helpful' | 'not_helpful' | 'outdated';
export type ReviewReason = 'review_due' | 'outdated' | 'pending_approval';

export const ARTICLE_TYPES: readonly ArticleType[] = ['answer', 'script', 'procedure', 'policy', 'case', 'faq'];
export const VISIBILITIES: readonly Visibility[] = ['internal', 'residents'];
export const VERDICTS: readonly Verdict[] = ['helpful', 'not_helpful', 'outdated'];

/** The editable fields of an article (a revision's snapshot). */
export interface ArticleFields {
  title: string;
  body: string;
  type: ArticleType;
  categories: string[];
  projectIds: string[];
  variantOf: string | null;
  tags: string[];
  synonyms: string[];
  ownerId: string;
  reviewDueOn: string | null;
  visibility: Visibility;
  publishAt: string | null;
  expireAt: string | null;
}

export interface Article extends ArticleFields {
  id: string;
  key: string;
  published: boolean;
  /** Published and inside publishAt–expireAt now. */
  live: boolean;
  publishedRevisionId: string | null;
  publishedAt: string | null;
  helpfulCount: number;
  notHelpfulCount: number;
  createdAt: string;
  updatedAt: string;
  ownerName?: string | null;
}

export interface Revision {
  id: string;
  articleId: string;
  seq: number;
  state: RevisionState;
  authorId: string;
  authorName: string | null;
  changeNote: string | null;
  copiedFromId: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
  fields?: ArticleFields;
}

/** A search or suggestion result; `titleHighlighted` and `snippet` are escaped HTML with <mark>. */
export interface Hit {
  id: string;
  key: string;
  title: string;
  type: ArticleType;
  visibility: Visibility;
  categories: string[];
  projectIds: string[];
  variantOf: string | null;
  score: number;
  titleHighlighted: string;
  snippet: string;
  revisionId: string | null;
  helpfulCount: number;
  notHelpfulCount: number;
  publishedAt: string | null;
}

export interface ArticleDetail {
  article: Article;
  revisions: Revision[];
  variants: { id: string; key: string; title: string; projectIds: string[] }[];
}

export interface PendingItem {
  article: { id: string; key: string; title: string };
  revision: Revision;
}

export interface DiffPart {
  op: 'equal' | 'add' | 'del';
  text: string;
}
export interface DiffLine {
  op: 'equal' | 'add' | 'del';
  text: string;
  oldNo?: number;
  newNo?: number;
  parts?: DiffPart[];
}
export interface DiffHunk {
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}
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
export interface FaqArticle {
  id: string;
  key: string;
  title: string;
  body: string;
  type: ArticleType;
  categories: string[];
  revisionId: string | null;
  publishedAt: string | null;
  helpfulCount: number;
}

/** Body of a create or edit: the fields (owner defaults to me) plus a change note and "submit now". */
export type ArticleInput = Omit<ArticleFields, 'ownerId' | 'variantOf'> & { ownerId?: string; variantOf?: string | null; changeNote?: string | null; submit?: boolean };

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
  create: (body: ArticleInput & { key?: string }) => http.post<{ article: Article; revision: Revision }>('/api/knowledge/articles', body),
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
