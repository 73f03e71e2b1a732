import { sql, type Kysely, type Migration } from 'kysely';

export const authMigrations: Record<string, Migration> = {
  '0002_auth': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('set null'))
        .addColumn('phone', 'text')
        .addColumn('skills', 'text')
        .addColumn('on_duty', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('locale', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('users_org_role_idx').on('users').columns(['org_id', 'role']).execute();

      await db.schema
        .createTable('user_projects')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_projects_pk', ['user_id', 'project_id'])
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();

      await db.schema
        .createTable('login_throttle')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  /**
   * Issue 10: grants audited, lock-out per (username, address), login audit, sessions that can be
   * listed and revoked, API tokens with expiry and their own permission list.
   */
  '0060_auth_trust': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('user_grant_audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('target_user_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('user_grant_audit_org_at_idx').on('user_grant_audit').columns(['org_id', 'at']).execute();

      // No attempted password is ever stored; the username is what was typed (known or not).
      await db.schema
        .createTable('login_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_events_username_at_idx').on('login_events').columns(['username', 'at']).execute();
      await db.schema.createIndex('login_events_at_idx').on('login_events').column('at').execute();

      // The counter was per username, so anyone anywhere could lock anyone out: now per (username, address).
      await db.schema.dropTable('login_throttle').execute();
      await db.schema
        .createTable('login_throttle')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('login_throttle_pk', ['username', 'address'])
        .execute();

      // Sessions get a public reference (the id is the token's hash and stays server-side).
      await db.schema.alterTable('sessions').addColumn('ref', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('address', 'text').execute();
      await db.schema.alterTable('sessions').addColumn('user_agent', 'text').execute();
      await sql`update sessions set ref = substr(id, 1, 26)`.execute(db);
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_ref_idx').on('sessions').column('ref').execute();

      await db.schema.alterTable('api_tokens').addColumn('expires_at', 'text').execute();
      await db.schema.alterTable('api_tokens').addColumn('permissions', 'text').execute();
      // Tokens made before expiry existed get the default lifetime from today rather than dying at once.
      await db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() + 90 * 86_400_000).toISOString() }).where('expires_at', 'is', null).execute();
      await db.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();
    },
  },
};
