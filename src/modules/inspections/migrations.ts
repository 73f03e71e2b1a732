import type { Migration } from 'kysely';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const inspectionsMigrations: Record<string, Migration> = {};
