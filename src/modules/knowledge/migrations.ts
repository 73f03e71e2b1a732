import type { Kysely, Migration } from 'kysely';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const knowledgeMigrations: Record<string, Migration> = {
  '0080_knowledge': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('knowledge_articles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('categories_json', 'text', (c) => c.notNull())
        .addColumn('all_projects', 'integer', (c) => c.notNull())
        .addColumn('project_ids_json', 'text', (c) => c.notNull())
        .addColumn('variant_of', 'text', (c) => c.references('knowledge_articles.id'))
        .addColumn('tags_json', 'text', (c) => c.notNull())
        .addColumn('synonyms_json', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('review_due_on', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('publish_at', 'text')
        .addColumn('expire_at', 'text')
        .addColumn('published_revision_id', 'text')
        .addColumn('published_at', 'text')
        .addColumn('helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('not_helpful_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('knowledge_articles_key_uq', ['org_id', 'key'])
        .execute();
      await db.schema.createIndex('knowledge_articles_owner_idx').on('knowledge_articles').columns(['org_id', 'owner_id']).execute();

      await db.schema
        .createTable('knowledge_article_projects')
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addPrimaryKeyConstraint('knowledge_article_projects_pk', ['article_id', 'project_id'])
        .execute();
      await db.schema
        .createTable('knowledge_article_categories')
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id').onDelete('cascade'))
        .addColumn('category', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_article_categories_pk', ['article_id', 'category'])
        .execute();
      await db.schema.createIndex('knowledge_article_categories_cat_idx').on('knowledge_article_categories').columns(['category', 'article_id']).execute();

      await db.schema
        .createTable('knowledge_revisions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('fields_json', 'text', (c) => c.notNull())
        .addColumn('change_note', 'text')
        .addColumn('copied_from_id', 'text')
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('knowledge_revisions_seq_uq', ['article_id', 'seq'])
        .execute();
      await db.schema.createIndex('knowledge_revisions_state_idx').on('knowledge_revisions').columns(['org_id', 'state']).execute();

      // The search index. Lookups are `org_id = ? AND term IN (…)`; the primary key doubles as
      // the per-article delete path when an article is re-indexed.
      await db.schema
        .createTable('knowledge_terms')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id').onDelete('cascade'))
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('tf', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('knowledge_terms_pk', ['article_id', 'field', 'term'])
        .execute();
      // Covering (field and tf included): a lookup never touches the table rows.
      await db.schema.createIndex('knowledge_terms_term_idx').on('knowledge_terms').columns(['org_id', 'term', 'article_id', 'field', 'tf']).execute();

      await db.schema
        .createTable('knowledge_synonyms')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('terms_json', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('knowledge_feedback')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id'))
        .addColumn('revision_id', 'text', (c) => c.notNull().references('knowledge_revisions.id'))
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('from_resident', 'integer', (c) => c.notNull())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('comment', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('knowledge_feedback_article_idx').on('knowledge_feedback').columns(['article_id', 'created_at']).execute();

      await db.schema
        .createTable('knowledge_uses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id'))
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id'))
        .addColumn('revision_id', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('used_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('knowledge_uses_uq', ['contact_id', 'article_id'])
        .execute();
      await db.schema.createIndex('knowledge_uses_article_idx').on('knowledge_uses').columns(['article_id', 'used_at']).execute();
    },
  },
  // The in-memory search index (indexCache.ts) learns what changed: every write to an article
  // takes the organisation's next version and stamps the article with it.
  '0081_knowledge_index_version': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('knowledge_articles').addColumn('index_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('knowledge_articles_index_version_idx').on('knowledge_articles').columns(['org_id', 'index_version']).execute();
      await db.schema
        .createTable('knowledge_index_versions')
        .addColumn('org_id', 'text', (c) => c.primaryKey())
        .addColumn('epoch', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
