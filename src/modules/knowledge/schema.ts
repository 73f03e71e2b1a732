/**
 * 知识库 / 标准话术. An article row carries the fields of its published revision (or, before
 * the first approval, of its latest revision, flagged by `published_revision_id` = null and then
 * shown only to authors and approvers). Every edit is a row in `knowledge_revisions`; the search
 * index (`knowledge_terms`) always reflects the published fields.
 */
export const ARTICLE_TYPES = ['answer', 'script', 'procedure', 'policy', 'case', 'faq'] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];
export const VISIBILITIES = ['internal', 'residents'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const REVISION_STATES = ['draft', 'submitted', 'approved', 'rejected'] as const;
export type RevisionState = (typeof REVISION_STATES)[number];
export const VERDICTS = ['helpful', 'not_helpful', 'outdated'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface KnowledgeArticleTable {
  id: string;
  org_id: string;
  /** Stable readable key (seed content and the evaluation set refer to articles by it). */
  key: string;
  title: string;
  body: string;
  type: ArticleType;
  /** JSON string[]: order categories (names) and contact categories (enquiry, complaint…). */
  categories_json: string;
  /** 1 = applies to every project; otherwise the projects in knowledge_article_projects. */
  all_projects: number;
  /** JSON string[] of project ids (mirrors knowledge_article_projects, for output). */
  project_ids_json: string;
  /** A project variant names the general article it varies. */
  variant_of: string | null;
  tags_json: string;
  synonyms_json: string;
  owner_id: string;
  review_due_on: string | null;
  visibility: Visibility;
  publish_at: string | null;
  expire_at: string | null;
  published_revision_id: string | null;
  published_at: string | null;
  /** The organisation's index version of this article's last write (knowledge_index_versions). */
  index_version?: number;
  helpful_count: number;
  not_helpful_count: number;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeArticleProjectTable {
  article_id: string;
  project_id: string;
}

export interface KnowledgeArticleCategoryTable {
  article_id: string;
  category: string;
}

export interface KnowledgeRevisionTable {
  id: string;
  org_id: string;
  article_id: string;
  /** 1, 2, 3… per article. */
  seq: number;
  state: RevisionState;
  author_id: string;
  /** JSON snapshot of every editable field (see ArticleFields in rules.ts). */
  fields_json: string;
  change_note: string | null;
  /** Rollback: the revision whose content this one copies. */
  copied_from_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  created_at: string;
}

/** The search index: one row per (article, field, term) of the published fields. */
export interface KnowledgeTermTable {
  org_id: string;
  article_id: string;
  field: 't' | 'k' | 'b';
  term: string;
  tf: number;
}

/** Organisation-specific synonym groups, added to the built-in ones at query time. */
export interface KnowledgeSynonymTable {
  id: string;
  org_id: string;
  /** JSON string[] of equivalent words. */
  terms_json: string;
  created_by: string;
  created_at: string;
}

export interface KnowledgeFeedbackTable {
  id: string;
  org_id: string;
  article_id: string;
  revision_id: string;
  actor_id: string;
  /** resident ratings of FAQ answers are helpful / not_helpful only. */
  from_resident: number;
  verdict: Verdict;
  comment: string | null;
  created_at: string;
}

/** "Answered with article X" on a contact of the desk. */
export interface KnowledgeUseTable {
  id: string;
  org_id: string;
  contact_id: string;
  article_id: string;
  revision_id: string | null;
  actor_id: string;
  used_at: string;
}

/** Per organisation: a counter bumped by every article write; `epoch` is new when the row is created. */
export interface KnowledgeIndexVersionTable {
  org_id: string;
  epoch: string;
  version: number;
}

export interface KnowledgeTables {
  knowledge_articles: KnowledgeArticleTable;
  knowledge_article_projects: KnowledgeArticleProjectTable;
  knowledge_article_categories: KnowledgeArticleCategoryTable;
  knowledge_revisions: KnowledgeRevisionTable;
  knowledge_terms: KnowledgeTermTable;
  knowledge_index_versions: KnowledgeIndexVersionTable;
  knowledge_synonyms: KnowledgeSynonymTable;
  knowledge_feedback: KnowledgeFeedbackTable;
  knowledge_uses: KnowledgeUseTable;
}
