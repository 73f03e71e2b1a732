import type { Kysely, Migration } from 'kysely';
import { sql } from '../../db/migrationHelpers';
import { cashierMigrations } from './cashierMigrations';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const billingMigrations: Record<string, Migration> = {
  '0010_billing_fees': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('fee_items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('cycle', 'text', (c) => c.notNull())
        .addColumn('unit_price', 'text')
        .addColumn('monthly_fen', 'bigint')
        .addColumn('unit_kinds_json', 'text')
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('due_days', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('fee_items_project_code_uq', ['project_id', 'code'])
        .execute();

      await db.schema
        .createTable('fee_liabilities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('target_kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('fee_liabilities_target_idx').on('fee_liabilities').columns(['target_id', 'start_date']).execute();
      await db.schema.createIndex('fee_liabilities_project_idx').on('fee_liabilities').columns(['project_id']).execute();

      await db.schema
        .createTable('meter_readings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('fee_item_id', 'text', (c) => c.notNull().references('fee_items.id'))
        .addColumn('read_date', 'text', (c) => c.notNull())
        .addColumn('previous_reading', 'text', (c) => c.notNull())
        .addColumn('current_reading', 'text', (c) => c.notNull())
        .addColumn('multiplier', 'text', (c) => c.notNull().defaultTo('1'))
        .addColumn('old_final', 'text')
        .addColumn('new_initial', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('meter_readings_uq', ['unit_id', 'fee_item_id', 'read_date'])
        .execute();
      await db.schema.createIndex('meter_readings_project_idx').on('meter_readings').columns(['project_id', 'read_date']).execute();

      await db.schema
        .createTable('fee_discounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('percent_off', 'text')
        .addColumn('amount_fen', 'bigint')
        .addColumn('fee_item_ids_json', 'text')
        .addColumn('unit_ids_json', 'text')
        .addColumn('cycles_json', 'text')
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('billing_settings')
        .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('late_fee_json', 'text')
        .addColumn('ladder_json', 'text')
        .addColumn('receipt_prefix', 'text', (c) => c.notNull().defaultTo('SK'))
        .addColumn('dunning_evaluated_on', 'text')
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('billing_sequences')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('billing_sequences_pk', ['org_id', 'prefix', 'day'])
        .execute();
    },
  },

  '0011_billing_ledger': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('bill_runs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('started_by', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text', (c) => c.notNull())
        .addColumn('planned_count', 'integer', (c) => c.notNull())
        .addColumn('created_count', 'integer', (c) => c.notNull())
        .addColumn('existing_count', 'integer', (c) => c.notNull())
        .addColumn('created_fen', 'bigint', (c) => c.notNull())
        .addColumn('issues_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bill_runs_project_idx').on('bill_runs').columns(['project_id', 'started_at']).execute();

      await db.schema
        .createTable('bills')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        // No foreign key to projects: the unit's key already pins a bill to a project that
        // cannot be deleted while it has units, and a per-row check costs every bill run.
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('phase_id', 'text')
        .addColumn('building_id', 'text')
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('space_id', 'text')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text')
        .addColumn('liability_id', 'text')
        .addColumn('fee_item_id', 'text')
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('line_key', 'text', (c) => c.notNull())
        .addColumn('period_key', 'text', (c) => c.notNull())
        .addColumn('cover_start', 'text', (c) => c.notNull())
        .addColumn('cover_end', 'text', (c) => c.notNull())
        .addColumn('account_month', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('gross_fen', 'bigint', (c) => c.notNull())
        .addColumn('discount_fen', 'bigint', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('paid_fen', 'bigint', (c) => c.notNull())
        .addColumn('written_off_fen', 'bigint', (c) => c.notNull())
        .addColumn('outstanding_fen', 'bigint', (c) => c.notNull())
        .addColumn('basis_json', 'text')
        .addColumn('discounts_json', 'text')
        .addColumn('description', 'text')
        .addColumn('run_id', 'text')
        .addColumn('source_bill_id', 'text')
        .addColumn('source_order_id', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        // The idempotency key of a bill line: a run (or a racing second run) inserts with
        // ON CONFLICT DO NOTHING, so a line can never exist twice.
        .addUniqueConstraint('bills_line_key_uq', ['org_id', 'line_key'])
        .execute();
      await db.schema.createIndex('bills_account_idx').on('bills').columns(['account_id', 'due_date']).execute();
      await db.schema.createIndex('bills_project_month_idx').on('bills').columns(['project_id', 'account_month']).execute();
      await db.schema.createIndex('bills_project_period_idx').on('bills').columns(['project_id', 'period_key']).execute();
      // Only paid-service bills have a source order: a partial index costs the bill runs nothing.
      await sql`create index bills_source_order_idx on bills (source_order_id) where source_order_id is not null`.execute(db);

      await db.schema
        .createTable('billing_accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('credit_fen', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('payments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text')
        .addColumn('payer_name', 'text')
        .addColumn('receipt_no', 'text', (c) => c.notNull())
        .addColumn('paid_on', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('allocated_fen', 'bigint', (c) => c.notNull())
        .addColumn('credited_fen', 'bigint', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .addColumn('reference_key', 'text')
        .addColumn('note', 'text')
        .addColumn('collector_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('payments_receipt_uq', ['org_id', 'receipt_no'])
        // A repeated WeChat / Alipay / bank notification cannot be booked twice.
        .addUniqueConstraint('payments_reference_uq', ['org_id', 'reference_key'])
        .execute();
      await db.schema.createIndex('payments_account_idx').on('payments').columns(['account_id', 'paid_on']).execute();
      await db.schema.createIndex('payments_project_idx').on('payments').columns(['project_id', 'paid_on']).execute();

      await db.schema
        .createTable('bill_settlements')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'))
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('settled_on', 'text', (c) => c.notNull())
        .addColumn('fen', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('bill_settlements_bill_idx').on('bill_settlements').columns(['bill_id']).execute();
      await db.schema.createIndex('bill_settlements_account_idx').on('bill_settlements').columns(['account_id']).execute();
      await db.schema.createIndex('bill_settlements_source_idx').on('bill_settlements').columns(['source_id']).execute();

      for (const table of ['refunds', 'write_offs'] as const) {
        let t = db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('org_id', 'text', (c) => c.notNull())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('account_id', 'text', (c) => c.notNull());
        t = table === 'refunds'
          ? t.addColumn('method', 'text', (c) => c.notNull()).addColumn('reference', 'text')
          : t.addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'));
        await t
          .addColumn('amount_fen', 'bigint', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requested_by', 'text', (c) => c.notNull())
          .addColumn('requested_on', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_on', 'text')
          .addColumn('decision_note', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_account_idx`).on(table).columns(['account_id']).execute();
        await db.schema.createIndex(`${table}_status_idx`).on(table).columns(['project_id', 'status']).execute();
      }
    },
  },

  '0012_billing_collection': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('collector_assignments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('building_id', 'text')
        .addColumn('unit_id', 'text')
        .addColumn('scope_key', 'text', (c) => c.notNull().unique())
        .addColumn('collector_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('collection_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('month', 'text')
        .addColumn('phase_id', 'text')
        .addColumn('building_id', 'text')
        .addColumn('collector_id', 'text')
        .addColumn('fee_item_id', 'text')
        .addColumn('scope_key', 'text', (c) => c.notNull().unique())
        .addColumn('target_rate', 'text')
        .addColumn('planned_fen', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('dunning_cases')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text')
        .addColumn('party_id', 'text')
        .addColumn('collector_id', 'text')
        .addColumn('entered_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_on', 'text')
        .addColumn('close_reason', 'text')
        .addColumn('months_in_arrears', 'integer', (c) => c.notNull())
        .addColumn('overdue_fen', 'bigint', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('next_step_code', 'text')
        .addColumn('next_due_on', 'text')
        .addColumn('evaluated_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One open episode per account, even when two evaluations race.
      await sql`create unique index dunning_cases_open_uq on dunning_cases (account_id) where status = 'open'`.execute(db);
      await db.schema.createIndex('dunning_cases_project_idx').on('dunning_cases').columns(['project_id', 'status', 'decision']).execute();

      await db.schema
        .createTable('dunning_steps')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('dunning_cases.id'))
        .addColumn('step_code', 'text', (c) => c.notNull())
        .addColumn('step_index', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('scheduled_on', 'text', (c) => c.notNull())
        .addColumn('taken_on', 'text', (c) => c.notNull())
        .addColumn('taken_by', 'text')
        .addColumn('channel', 'text')
        .addColumn('note', 'text')
        .addColumn('letter_no', 'text')
        .addColumn('letter_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('dunning_steps_case_step_uq', ['case_id', 'step_code'])
        .execute();

      await db.schema
        .createTable('dunning_approvals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('case_id', 'text', (c) => c.notNull().references('dunning_cases.id'))
        .addColumn('step_code', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('approver_role', 'text', (c) => c.notNull())
        .addColumn('decided_on', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('dunning_approvals_case_idx').on('dunning_approvals').columns(['case_id']).execute();
    },
  },
  // Corrections, cashier close, receipt numbering, deposits.
  ...cashierMigrations,
  // Issue 17: the dashboard's billing KPIs read an organisation's bills by account month; without
  // this the planner walks every bill of the organisation through the line-key index.
  '0146_kpi_bills_month_index': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('bills_org_month_idx').on('bills').columns(['org_id', 'account_month']).execute();
    },
  },
};
