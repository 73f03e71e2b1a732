import type { CreateTableBuilder, Kysely, Migration } from 'kysely';

function ledger<T extends string>(t: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return t
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('closed_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const ledgersMigrations: Record<string, Migration> = {
  '0030_front_desk_ledgers': {
    async up(db: Kysely<any>) {
      await ledger(db.schema.createTable('visitors'))
        .addColumn('visitor_name', 'text', (c) => c.notNull())
        .addColumn('visitor_phone', 'text')
        .addColumn('id_number_masked', 'text')
        .addColumn('party_size', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('host_unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('host_name', 'text')
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('waiting_place', 'text')
        .addColumn('plate', 'text')
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('left_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();

      await ledger(db.schema.createTable('vehicle_entries'))
        .addColumn('plate', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('driver_name', 'text')
        .addColumn('driver_phone', 'text')
        .addColumn('host_unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('purpose', 'text')
        .addColumn('entered_at', 'text', (c) => c.notNull())
        .addColumn('exited_at', 'text')
        .addColumn('fee_fen', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();

      await ledger(db.schema.createTable('parking_permits'))
        .addColumn('permit_no', 'text', (c) => c.notNull().unique())
        .addColumn('plate', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('party_id', 'text', (c) => c.references('parties.id'))
        .addColumn('holder_name', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('space_id', 'text', (c) => c.references('parking_spaces.id'))
        .addColumn('valid_from', 'text', (c) => c.notNull())
        .addColumn('valid_to', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoke_reason', 'text')
        .execute();

      await ledger(db.schema.createTable('key_loans'))
        .addColumn('key_label', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('borrower_name', 'text', (c) => c.notNull())
        .addColumn('borrower_phone', 'text')
        .addColumn('purpose', 'text')
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('due_back_at', 'text')
        .addColumn('returned_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();

      await ledger(db.schema.createTable('mail_items'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('carrier', 'text')
        .addColumn('tracking_no', 'text')
        .addColumn('recipient_name', 'text', (c) => c.notNull())
        .addColumn('recipient_unit_id', 'text', (c) => c.references('units.id'))
        .addColumn('recipient_phone', 'text')
        .addColumn('storage_place', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('notified_at', 'text')
        .addColumn('delivered_at', 'text')
        .addColumn('signed_by', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();

      await ledger(db.schema.createTable('lost_items'))
        .addColumn('item', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('found_at', 'text', (c) => c.notNull())
        .addColumn('found_place', 'text', (c) => c.notNull())
        .addColumn('finder_name', 'text')
        .addColumn('storage_place', 'text')
        .addColumn('claimant_name', 'text')
        .addColumn('claimant_phone', 'text')
        .addColumn('claimant_id_masked', 'text')
        .addColumn('returned_at', 'text')
        .addColumn('disposed_at', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();

      for (const [table, time] of [
        ['visitors', 'entered_at'],
        ['vehicle_entries', 'entered_at'],
        ['parking_permits', 'valid_to'],
        ['key_loans', 'issued_at'],
        ['mail_items', 'received_at'],
        ['lost_items', 'found_at'],
      ] as const) {
        await db.schema.createIndex(`${table}_project_time_idx`).on(table).columns(['project_id', time]).execute();
        await db.schema.createIndex(`${table}_status_idx`).on(table).columns(['project_id', 'status']).execute();
      }
      await db.schema.createIndex('vehicle_entries_plate_idx').on('vehicle_entries').columns(['plate']).execute();
      await db.schema.createIndex('parking_permits_plate_idx').on('parking_permits').columns(['plate']).execute();
      await db.schema.createIndex('mail_items_tracking_idx').on('mail_items').columns(['tracking_no']).execute();
    },
  },
  // Temporary parking fees are booked in the billing ledger; the entry keeps its receipt.
  '0160_vehicle_fee_receipts': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('vehicle_entries').addColumn('fee_payment_id', 'text').execute();
      await db.schema.alterTable('vehicle_entries').addColumn('fee_receipt_no', 'text').execute();
    },
  },
};
