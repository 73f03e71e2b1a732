import type { Kysely, Migration } from 'kysely';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const announcementMigrations: Record<string, Migration> = {
  '0140_announcements': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('announcements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('publish_from', 'text')
        .addColumn('publish_until', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('published_at', 'text')
        .addColumn('withdrawn_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('announcements_org_status').on('announcements').columns(['org_id', 'status', 'project_id']).execute();

      await db.schema
        .createTable('announcement_reads')
        .addColumn('announcement_id', 'text', (c) => c.notNull().references('announcements.id'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.references('parties.id'))
        .addColumn('first_read_at', 'text', (c) => c.notNull())
        // The key makes a receipt idempotent: a second opening inserts nothing and keeps the first time.
        .addPrimaryKeyConstraint('announcement_reads_pk', ['announcement_id', 'user_id'])
        .execute();
    },
  },
};
