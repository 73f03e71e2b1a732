import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Columns every organisation-owned table carries: opaque id, organisation key, timestamps. */
export function baseColumns<T extends string>(t: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/** Case-insensitive LIKE across dialects (ILIKE on PostgreSQL; SQLite LIKE is ASCII-insensitive already). */
export function likeOp(db: Kysely<any>): 'ilike' | 'like' {
  return isPostgres(db) ? 'ilike' : 'like';
}

export { sql };
