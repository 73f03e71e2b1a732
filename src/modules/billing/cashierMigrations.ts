import type { Kysely, Migration } from 'kysely';

/** Corrections, cashier close, receipt numbering, deposits (issue 12, part A). */
export const cashierMigrations: Record<string, Migration> = {
  '0120_billing_cashier': {
    async up(db: Kysely<any>) {
      // Existing payments are ordinary, valid and never reprinted.
      await db.schema.alterTable('payments').addColumn('kind', 'text', (c) => c.notNull().defaultTo('payment')).execute();
      await db.schema.alterTable('payments').addColumn('status', 'text', (c) => c.notNull().defaultTo('valid')).execute();
      await db.schema.alterTable('payments').addColumn('reverses_id', 'text').execute();
      await db.schema.alterTable('payments').addColumn('reversed_by_id', 'text').execute();
      await db.schema.alterTable('payments').addColumn('reapplied_from_id', 'text').execute();
      await db.schema.alterTable('payments').addColumn('void_correction_id', 'text').execute();
      await db.schema.alterTable('payments').addColumn('reprint_count', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('payments_collector_idx').on('payments').columns(['project_id', 'collector_id', 'received_at']).execute();

      await db.schema
        .createTable('billing_corrections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'text')
        .addColumn('bill_id', 'text')
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_note', 'text')
        .addColumn('red_payment_id', 'text')
        .addColumn('reapply_payment_id', 'text')
        .addColumn('reapply_account_id', 'text')
        .addColumn('applied_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('billing_corrections_payment_idx').on('billing_corrections').columns(['payment_id']).execute();
      await db.schema.createIndex('billing_corrections_bill_idx').on('billing_corrections').columns(['bill_id']).execute();
      await db.schema.createIndex('billing_corrections_project_idx').on('billing_corrections').columns(['project_id', 'status']).execute();

      await db.schema
        .createTable('cashier_closes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('collector_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('expected_json', 'text', (c) => c.notNull())
        .addColumn('counted_json', 'text', (c) => c.notNull())
        .addColumn('expected_cash_fen', 'bigint', (c) => c.notNull())
        .addColumn('counted_cash_fen', 'bigint', (c) => c.notNull())
        .addColumn('difference_fen', 'bigint', (c) => c.notNull())
        .addColumn('difference_reason', 'text')
        .addColumn('payment_count', 'integer', (c) => c.notNull())
        .addColumn('voided_count', 'integer', (c) => c.notNull())
        .addColumn('total_fen', 'bigint', (c) => c.notNull())
        .addColumn('closed_by', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        // One close per cashier and day: closing twice (or two tabs at once) cannot double it.
        .addUniqueConstraint('cashier_closes_uq', ['org_id', 'project_id', 'collector_id', 'day'])
        .execute();

      await db.schema
        .createTable('cashier_settings')
        .addColumn('project_id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('receipt_pattern', 'text', (c) => c.notNull())
        .addColumn('approval_threshold_fen', 'bigint', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('deposit_entries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount_fen', 'bigint', (c) => c.notNull())
        .addColumn('payment_id', 'text')
        .addColumn('reason', 'text')
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('deposit_entries_account_idx').on('deposit_entries').columns(['account_id']).execute();
      await db.schema.createIndex('deposit_entries_project_idx').on('deposit_entries').columns(['project_id', 'day']).execute();

      await db.schema
        .createTable('receipt_prints')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'text', (c) => c.notNull())
        .addColumn('print_no', 'integer', (c) => c.notNull())
        .addColumn('printed_by', 'text')
        .addColumn('printed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('receipt_prints_payment_idx').on('receipt_prints').columns(['payment_id']).execute();
    },
  },
  '0121_billing_notices': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('bill_notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('building_id', 'text')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('period', 'text', (c) => c.notNull())
        .addColumn('notice_no', 'text', (c) => c.notNull())
        .addColumn('total_fen', 'bigint', (c) => c.notNull())
        .addColumn('data_json', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('sent_by', 'text')
        .addColumn('sent_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('bill_notices_no_uq', ['org_id', 'notice_no'])
        .execute();
      await db.schema.createIndex('bill_notices_account_idx').on('bill_notices').columns(['account_id', 'period']).execute();
      await db.schema.createIndex('bill_notices_project_idx').on('bill_notices').columns(['project_id', 'period']).execute();
    },
  },
  // A payment QR on bill notices, configured per project.
  '0161_billing_notice_qr': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('cashier_settings').addColumn('payment_qr_template', 'text').execute();
      await db.schema.alterTable('cashier_settings').addColumn('payment_qr_caption', 'text').execute();
    },
  },
};
