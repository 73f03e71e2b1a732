import type { Kysely, Migration } from 'kysely';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const backupMigrations: Record<string, Migration> = {
  // One row per day of the scheduled backup: the primary key lets exactly one process (of several
  // sharing a PostgreSQL database, or of a restarted server) claim that day's run.
  '0070_backup_runs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('backup_runs')
        .addColumn('day', 'text', (c) => c.primaryKey())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('host', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('file', 'text')
        .addColumn('size', 'bigint')
        .addColumn('error', 'text')
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('backup_runs').execute();
    },
  },
};
