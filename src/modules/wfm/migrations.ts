import type { Kysely, Migration } from 'kysely';
import { baseColumns } from '../../db/migrationHelpers';

// Float columns: double precision in both dialects (PostgreSQL "real" would be single precision).
const dbl = 'double precision';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const wfmMigrations: Record<string, Migration> = {
  '0040_wfm_queues_calls': {
    async up(db: Kysely<any>) {
      await baseColumns(db.schema.createTable('wfm_queues'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('set null'))
        .addColumn('description', 'text')
        .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
        .addColumn('interval_minutes', 'integer', (c) => c.notNull().defaultTo(30))
        .addColumn('sl_threshold_s', dbl, (c) => c.notNull().defaultTo(20))
        .addColumn('sl_target', dbl, (c) => c.notNull().defaultTo(0.8))
        .addColumn('sl_definition', 'text', (c) => c.notNull().defaultTo('offered'))
        .addColumn('short_abandon_s', dbl, (c) => c.notNull().defaultTo(5))
        .addColumn('target_asa_s', dbl)
        .addColumn('max_occupancy', dbl)
        .addColumn('shrinkage', dbl, (c) => c.notNull().defaultTo(0.3))
        .addColumn('model', 'text', (c) => c.notNull().defaultTo('erlang-c'))
        .addColumn('patience_s', dbl)
        .addColumn('default_aht_s', dbl)
        .addColumn('wrap_up_s', dbl, (c) => c.notNull().defaultTo(0))
        .addColumn('forecast_method', 'text')
        .addColumn('calendar_json', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('slots_threshold_s', dbl, (c) => c.notNull().defaultTo(20))
        .addColumn('slots_short_abandon_s', dbl, (c) => c.notNull().defaultTo(5))
        .addColumn('call_count', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('first_call_at', 'text')
        .addColumn('last_call_at', 'text')
        .addForeignKeyConstraint('wfm_queues_org_fk', ['org_id'], 'organisations', ['id'])
        .addUniqueConstraint('wfm_queues_org_name_uq', ['org_id', 'name'])
        .execute();

      // No surrogate id: (queue, call key) is the identity and the dedupe key of re-imports.
      // No foreign key either: checking it costs about a third of the bulk-insert time of a
      // million-row import; deleting a queue deletes its calls explicitly.
      await db.schema
        .createTable('wfm_calls')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text', (c) => c.notNull())
        .addColumn('call_key', 'text', (c) => c.notNull())
        .addColumn('arrival_at', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('wait_s', dbl, (c) => c.notNull())
        .addColumn('talk_s', dbl, (c) => c.notNull())
        .addColumn('agent', 'text')
        .addColumn('service_start_at', 'text')
        .addColumn('service_end_at', 'text')
        .addColumn('source_queue', 'text')
        .addPrimaryKeyConstraint('wfm_calls_pk', ['queue_id', 'call_key'])
        .execute();
      // Covers keyset paging by (arrival_at, call_key) within a queue without sorting.
      await db.schema.createIndex('wfm_calls_arrival_idx').on('wfm_calls').columns(['queue_id', 'arrival_at', 'call_key']).execute();

      await db.schema
        .createTable('wfm_slots')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text', (c) => c.notNull().references('wfm_queues.id').onDelete('cascade'))
        .addColumn('slot_at', 'text', (c) => c.notNull())
        .addColumn('offered', 'integer', (c) => c.notNull())
        .addColumn('answered', 'integer', (c) => c.notNull())
        .addColumn('abandoned', 'integer', (c) => c.notNull())
        .addColumn('short_abandoned', 'integer', (c) => c.notNull())
        .addColumn('answered_within_t', 'integer', (c) => c.notNull())
        .addColumn('wait_answered_s', dbl, (c) => c.notNull())
        .addColumn('wait_all_s', dbl, (c) => c.notNull())
        .addColumn('talk_s', dbl, (c) => c.notNull())
        .addColumn('busy_s', dbl, (c) => c.notNull())
        .addColumn('agents_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('wfm_slots_pk', ['queue_id', 'slot_at'])
        .execute();

      await baseColumns(db.schema.createTable('wfm_calendar_days'))
        .addColumn('queue_id', 'text', (c) => c.notNull().references('wfm_queues.id').onDelete('cascade'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('factor', dbl)
        .addColumn('label', 'text')
        .addColumn('note', 'text')
        .addUniqueConstraint('wfm_calendar_days_uq', ['queue_id', 'date', 'kind'])
        .execute();

      await db.schema
        .createTable('wfm_imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text', (c) => c.notNull().references('wfm_queues.id').onDelete('cascade'))
        .addColumn('user_id', 'text')
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('preset', 'text')
        .addColumn('format_json', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('total_bytes', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('bytes_read', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('rows_read', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('records', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('inserted', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('duplicates', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('malformed', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('report_json', 'text')
        .addColumn('issues_json', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('error_code', 'text')
        .addColumn('error_message', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .execute();
      await db.schema.createIndex('wfm_imports_queue_idx').on('wfm_imports').columns(['queue_id', 'created_at']).execute();
    },
  },
  '0200_wfm_schedule': {
    async up(db: Kysely<any>) {
      // The published schedule of a queue (排班): agents on duty and working (on duty less breaks) per interval.
      await db.schema
        .createTable('wfm_schedule')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('queue_id', 'text', (c) => c.notNull().references('wfm_queues.id').onDelete('cascade'))
        .addColumn('start_at', 'text', (c) => c.notNull())
        .addColumn('interval_minutes', 'integer', (c) => c.notNull())
        .addColumn('on_duty', dbl, (c) => c.notNull())
        .addColumn('working', dbl, (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .addPrimaryKeyConstraint('wfm_schedule_pk', ['queue_id', 'start_at'])
        .execute();
    },
  },
};
