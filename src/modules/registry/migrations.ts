import type { Kysely, Migration } from 'kysely';
import { baseColumns, isPostgres, sql } from '../../db/migrationHelpers';

export const registryMigrations: Record<string, Migration> = {
  '0001_registry': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await baseColumns(db.schema.createTable('projects'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
        .addForeignKeyConstraint('projects_org_fk', ['org_id'], 'organisations', ['id'])
        .addUniqueConstraint('projects_org_code_uq', ['org_id', 'code'])
        .execute();

      await baseColumns(db.schema.createTable('phases'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint('phases_project_name_uq', ['project_id', 'name'])
        .execute();

      await baseColumns(db.schema.createTable('buildings'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('phase_id', 'text', (c) => c.references('phases.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('floors', 'integer')
        .addUniqueConstraint('buildings_project_name_uq', ['project_id', 'name'])
        .execute();

      await baseColumns(db.schema.createTable('units'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('building_id', 'text', (c) => c.notNull().references('buildings.id').onDelete('cascade'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('floor', 'integer')
        .addColumn('area_centi_m2', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addUniqueConstraint('units_building_number_uq', ['building_id', 'number'])
        .execute();
      await db.schema.createIndex('units_project_idx').on('units').columns(['org_id', 'project_id', 'number']).execute();

      await baseColumns(db.schema.createTable('parties'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('id_number_cipher', 'text')
        .addColumn('id_number_hash', 'text')
        .addColumn('id_number_masked', 'text')
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('parties_org_name_idx').on('parties').columns(['org_id', 'name']).execute();
      await db.schema.createIndex('parties_idhash_idx').on('parties').columns(['org_id', 'id_number_hash']).execute();

      await db.schema
        .createTable('party_phones')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('digits', 'text', (c) => c.notNull())
        .addColumn('local_digits', 'text', (c) => c.notNull())
        .addColumn('extension', 'text')
        .addColumn('display', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('party_phones_digits_idx').on('party_phones').columns(['org_id', 'digits']).execute();
      await db.schema.createIndex('party_phones_local_idx').on('party_phones').columns(['org_id', 'local_digits']).execute();
      await db.schema.createIndex('party_phones_party_idx').on('party_phones').column('party_id').execute();

      await db.schema
        .createTable('party_units')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id').onDelete('cascade'))
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('move_in_date', 'text')
        .addColumn('move_out_date', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('party_units_party_idx').on('party_units').column('party_id').execute();
      await db.schema.createIndex('party_units_unit_idx').on('party_units').column('unit_id').execute();

      await baseColumns(db.schema.createTable('parking_spaces'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
        .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('set null'))
        .addColumn('plate', 'text')
        .addUniqueConstraint('parking_project_code_uq', ['project_id', 'code'])
        .execute();

      await db.schema
        .createTable('import_jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('dry_run', 'integer', (c) => c.notNull())
        .addColumn('total_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('summary_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();

      if (isPostgres(db)) {
        await sql`create extension if not exists pg_trgm schema public`.execute(db).catch(() => undefined);
      }
    },
  },
  // Issue 17, lists third round: the unit list sorts and pages the organisation's units on this
  // index alone (building, number, id; project for scoped staff), then reads the page's rows.
  '0191_units_list_index': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('units_org_building_idx').on('units').columns(['org_id', 'building_id', 'number', 'id', 'project_id']).execute();
    },
  },
};
