import type { Kysely, Migration } from 'kysely';

export const contactMigrations: Record<string, Migration> = {
  '0003_contacts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('contacts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('caller_name', 'text')
        .addColumn('caller_phone', 'text')
        .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('set null'))
        .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('handled_on_spot', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('order_id', 'text')
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('contacts_org_time_idx').on('contacts').columns(['org_id', 'occurred_at']).execute();
      await db.schema.createIndex('contacts_party_idx').on('contacts').columns(['party_id', 'occurred_at']).execute();
      await db.schema.createIndex('contacts_unit_idx').on('contacts').columns(['unit_id', 'occurred_at']).execute();
      await db.schema.createIndex('contacts_owner_idx').on('contacts').columns(['owner_id', 'occurred_at']).execute();
    },
  },
};
