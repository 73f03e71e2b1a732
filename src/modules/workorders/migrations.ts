import type { Kysely, Migration } from 'kysely';
import { isPostgres, sql } from '../../db/migrationHelpers';
import { backfillSlaTargets } from './slaTargets';

export const workOrderMigrations: Record<string, Migration> = {
  '0004_work_orders': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('work_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('priority', 'text', (c) => c.notNull().defaultTo('normal'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('area_scope', 'text')
        .addColumn('building_id', 'text', (c) => c.references('buildings.id').onDelete('set null'))
        .addColumn('unit_id', 'text', (c) => c.references('units.id').onDelete('set null'))
        .addColumn('location', 'text')
        .addColumn('party_id', 'text', (c) => c.references('parties.id').onDelete('set null'))
        .addColumn('contact_name', 'text')
        .addColumn('contact_phone', 'text')
        .addColumn('channel', 'text')
        .addColumn('source_contact_id', 'text')
        .addColumn('reporter_id', 'text')
        .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
        .addColumn('department', 'text')
        .addColumn('appointment_at', 'text')
        .addColumn('paid', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('warranty', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('amount_fen', 'bigint')
        .addColumn('hold_reason', 'text')
        .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('customer_informed_at', 'text')
        .addColumn('severity', 'text')
        .addColumn('due_date', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('sla_json', 'text')
        .addColumn('sla_next_check_at', 'text')
        .addColumn('sla_breached', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('sla_warning', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('extra_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('work_orders_org_number_uq', ['org_id', 'number'])
        .execute();
      for (const [name, cols] of [
        ['wo_org_state_idx', ['org_id', 'state', 'created_at']],
        ['wo_project_idx', ['project_id', 'created_at']],
        ['wo_assignee_idx', ['assignee_id', 'state']],
        ['wo_owner_idx', ['owner_id', 'customer_informed_at']],
        ['wo_sla_check_idx', ['sla_next_check_at']],
        ['wo_unit_idx', ['unit_id', 'created_at']],
        ['wo_party_idx', ['party_id', 'created_at']],
        ['wo_reporter_idx', ['reporter_id', 'created_at']],
      ] as const) {
        await db.schema.createIndex(name).on('work_orders').columns([...cols]).execute();
      }

      await db.schema
        .createTable('work_order_events')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text')
        .addColumn('to_state', 'text')
        .addColumn('note', 'text')
        .addColumn('data_json', 'text')
        .addUniqueConstraint('wo_events_order_seq_uq', ['order_id', 'seq'])
        .execute();
      await db.schema.createIndex('wo_events_actor_idx').on('work_order_events').columns(['actor_id', 'at']).execute();
      await db.schema.createIndex('wo_events_org_at_idx').on('work_order_events').columns(['org_id', 'at']).execute();

      await db.schema
        .createTable('attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('event_id', 'text')
        .addColumn('filename', 'text', (c) => c.notNull())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('storage_key', 'text', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('attachments_order_idx').on('attachments').column('order_id').execute();

      await db.schema
        .createTable('return_visits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('due_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('visitor_id', 'text')
        .addColumn('visited_at', 'text')
        .addColumn('channel', 'text')
        .addColumn('outcome', 'text')
        .addColumn('score_speed', 'integer')
        .addColumn('score_attitude', 'integer')
        .addColumn('score_quality', 'integer')
        .addColumn('comment', 'text')
        .addColumn('link_token_hash', 'text')
        .addColumn('link_expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('return_visits_order_cycle_uq', ['order_id', 'cycle'])
        .execute();
      await db.schema.createIndex('return_visits_status_idx').on('return_visits').columns(['org_id', 'status', 'due_at']).execute();
      await db.schema.createIndex('return_visits_token_idx').on('return_visits').column('link_token_hash').execute();

      await db.schema
        .createTable('order_categories')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('skill', 'text')
        .addColumn('visit_rule', 'text', (c) => c.notNull().defaultTo('all'))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('order_sequences')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('order_sequences_pk', ['org_id', 'prefix', 'day'])
        .execute();

      await db.schema
        .createTable('sla_firings')
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('fired_at', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('sla_firings_pk', ['order_id', 'target', 'cycle', 'kind'])
        .execute();

      await db.schema
        .createTable('settings')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('value_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('settings_pk', ['org_id', 'key'])
        .execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('topic', 'text', (c) => c.notNull())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('recipient_id', 'text')
        .addColumn('payload_json', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        .addColumn('claimed_until', 'text')
        .addColumn('sent_at', 'text')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('outbox_pending_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();

      // Round-robin dispatch needs to know who waited longest since their last order.
      await db.schema.alterTable('users').addColumn('last_assigned_at', 'text').execute();

      // Chinese full-text search: FTS5 with the trigram tokenizer on SQLite, pg_trgm on PostgreSQL.
      if (isPostgres(db)) {
        await sql`alter table work_orders add column search_text text`.execute(db);
        await sql`create index wo_search_trgm_idx on work_orders using gin (search_text gin_trgm_ops)`.execute(db);
      } else {
        // Keyed by the order row's rowid, so an update deletes one entry instead of scanning the index.
        await sql`create virtual table work_orders_fts using fts5(body, tokenize = 'trigram')`.execute(db);
      }
    },
  },
  // Issue 11: chasers (催单) counted on the order, and the dispatch board's paged columns.
  '0110_dispatch_chasers': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('work_orders').addColumn('chase_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('work_orders').addColumn('last_chased_at', 'text').execute();
      await db.schema.createIndex('wo_board_idx').on('work_orders').columns(['org_id', 'state', 'sla_breached', 'sla_warning', 'created_at']).execute();
      await db.schema.createIndex('wo_unit_open_idx').on('work_orders').columns(['unit_id', 'state']).execute();
      await db.schema.createIndex('wo_party_open_idx').on('work_orders').columns(['party_id', 'state']).execute();
    },
  },
  // Issue 11: the technician app — photo phases, the customer's signature, materials, idempotent actions.
  '0130_fieldwork': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('attachments').addColumn('phase', 'text').execute();
      await db.schema.alterTable('attachments').addColumn('caption', 'text').execute();
      await db.schema
        .createTable('work_order_materials')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('quantity', 'double precision', (c) => c.notNull())
        .addColumn('unit', 'text')
        .addColumn('unit_price_fen', 'integer')
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('wo_materials_order_idx').on('work_order_materials').column('order_id').execute();
      await db.schema
        .createTable('fieldwork_requests')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('response_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('fieldwork_requests_pk', ['user_id', 'key'])
        .execute();
    },
  },
  // Issue 17: order lists sorted by creation walk this index and stop after the page, instead of
  // sorting every open order of the organisation for each page.
  '0145_order_list_index': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('wo_org_created_idx').on('work_orders').columns(['org_id', 'created_at', 'id']).execute();
      // The dashboard's closed-in-range figures: a range on closed_at instead of every closed order.
      await db.schema.createIndex('wo_org_state_closed_idx').on('work_orders').columns(['org_id', 'state', 'closed_at']).execute();
    },
  },
  // Issue 17: the on-time rate reads a month's SLA deadlines through an index instead of parsing
  // the sla_json of every order created in the two months before; filled here from sla_json.
  '0170_work_order_sla_targets': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('work_order_sla_targets')
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id').onDelete('cascade'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('order_created_at', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text')
        .addPrimaryKeyConstraint('work_order_sla_targets_pk', ['order_id', 'target'])
        .execute();
      await backfillSlaTargets(db);
      // Covering: the month's range is read from the index alone (no row lookups), which is where
      // the time goes once the JSON parsing is gone.
      await db.schema
        .createIndex('wo_sla_targets_due_idx')
        .on('work_order_sla_targets')
        .columns(['org_id', 'deadline', 'order_created_at', 'project_id', 'order_id', 'target', 'status'])
        .execute();
    },
  },
  // Issue 17: the dashboard's chase rate counted chasers by walking every event of the month; a
  // partial index holds only the chase events, so order writes (other actions) never touch it.
  '0171_work_order_chase_events_index': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('wo_events_chase_idx').on('work_order_events').columns(['org_id', 'at']).where(sql.ref('action'), '=', 'chase').execute();
    },
  },
  // Issue 17: the dashboard's satisfaction reads the visits done in the month; without visited_at
  // in the index it walked every visit ever done by the organisation.
  '0172_return_visits_done_index': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('return_visits_visited_idx').on('return_visits').columns(['org_id', 'status', 'visited_at']).execute();
    },
  },
  // Issue 17, lists third round: the order list counts and pages through the index alone. With
  // state and project_id in the creation index, a page's ids (and the offset skipped before them)
  // need no row lookups; with project_id in the state index, so does the queue's count. Both
  // replace an index with the same leading columns, so writes maintain no more indexes than before.
  '0190_order_list_covering_indexes': {
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('wo_org_created_idx').execute();
      await db.schema.createIndex('wo_org_created_idx').on('work_orders').columns(['org_id', 'created_at', 'id', 'state', 'project_id']).execute();
      await db.schema.dropIndex('wo_org_state_closed_idx').execute();
      await db.schema.createIndex('wo_org_state_closed_idx').on('work_orders').columns(['org_id', 'state', 'closed_at', 'project_id']).execute();
    },
  },
};
