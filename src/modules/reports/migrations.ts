import type { Kysely, Migration } from 'kysely';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const reportMigrations: Record<string, Migration> = {
  '0100_reports': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('report_targets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('kpi_code', 'text', (c) => c.notNull())
        .addColumn('op', 'text', (c) => c.notNull())
        .addColumn('threshold', 'double precision', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('report_targets_scope', ['org_id', 'project_id', 'period', 'kpi_code'])
        .execute();
      await db.schema
        .createTable('report_plan_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('owner_name', 'text')
        .addColumn('due_date', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('report_plan_items_scope').on('report_plan_items').columns(['org_id', 'project_id', 'period']).execute();
      await db.schema
        .createTable('report_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('sections_json', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('report_templates_version', ['org_id', 'type', 'version'])
        .execute();
      await db.schema
        .createTable('report_documents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('template_version', 'integer', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('narrative_json', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('generated_at', 'text', (c) => c.notNull())
        .addColumn('generated_by', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('approved_by', 'text')
        .addColumn('published_at', 'text')
        .addColumn('archive_html', 'text')
        .addColumn('checksum', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // One document per report, scope, period and language: generating again refreshes it.
        .addUniqueConstraint('report_documents_scope', ['org_id', 'type', 'project_id', 'period', 'lang'])
        .execute();
      await db.schema
        .createTable('report_runs')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('error', 'text')
        .addPrimaryKeyConstraint('report_runs_pk', ['org_id', 'period'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['report_runs', 'report_documents', 'report_templates', 'report_plan_items', 'report_targets']) await db.schema.dropTable(t).execute();
    },
  },
  // Issue 15: "answered with article X" on a work order (the return-visit script), beside the
  // desk's uses on contacts (knowledge_uses), so the data shows which phrases the visits use.
  '0155_knowledge_order_uses': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('knowledge_order_uses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addColumn('article_id', 'text', (c) => c.notNull().references('knowledge_articles.id'))
        .addColumn('revision_id', 'text')
        .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('used_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('knowledge_order_uses_uq', ['order_id', 'article_id'])
        .execute();
      await db.schema.createIndex('knowledge_order_uses_article_idx').on('knowledge_order_uses').columns(['article_id', 'used_at']).execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('knowledge_order_uses').execute();
    },
  },
};
