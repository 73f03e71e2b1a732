import type { Kysely, Migration } from 'kysely';
import { baseColumns } from '../../db/migrationHelpers';

/** This module's migrations; names carry the global sequence number (see src/db/migrations.ts). */
export const inspectionsMigrations: Record<string, Migration> = {
  '0020_inspections': {
    async up(db: Kysely<any>) {
      await baseColumns(db.schema.createTable('checklists'))
        .addColumn('project_id', 'text', (c) => c.references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await baseColumns(db.schema.createTable('checkpoints'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('building_id', 'text', (c) => c.references('buildings.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('location', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('qr_token', 'text', (c) => c.notNull().unique())
        .addColumn('checklist_id', 'text', (c) => c.references('checklists.id'))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addUniqueConstraint('checkpoints_project_code_uq', ['project_id', 'code'])
        .execute();

      await baseColumns(db.schema.createTable('inspection_routes'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('route_checkpoints')
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('route_id', 'text', (c) => c.notNull().references('inspection_routes.id').onDelete('cascade'))
        .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('route_checkpoints_pk', ['route_id', 'seq'])
        .addUniqueConstraint('route_checkpoints_uq', ['route_id', 'checkpoint_id'])
        .execute();

      await baseColumns(db.schema.createTable('inspection_plans'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('route_id', 'text', (c) => c.references('inspection_routes.id'))
        .addColumn('checklist_id', 'text', (c) => c.references('checklists.id'))
        .addColumn('schedule_json', 'text', (c) => c.notNull())
        .addColumn('window_minutes', 'integer', (c) => c.notNull())
        .addColumn('grace_minutes', 'integer', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('valid_from', 'text')
        .addColumn('valid_to', 'text')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await baseColumns(db.schema.createTable('inspection_tasks'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('plan_id', 'text', (c) => c.references('inspection_plans.id'))
        .addColumn('route_id', 'text')
        .addColumn('checklist_id', 'text')
        // One task per plan and planned start, however often generation runs (or races).
        .addColumn('task_key', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('planned_start', 'text', (c) => c.notNull())
        .addColumn('planned_end', 'text', (c) => c.notNull())
        .addColumn('missed_after', 'text', (c) => c.notNull())
        .addColumn('assignee_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('timeliness', 'text')
        .addColumn('started_at', 'text')
        .addColumn('started_by', 'text')
        .addColumn('completed_at', 'text')
        .addColumn('completed_by', 'text')
        .addColumn('checkpoint_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('checked_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('abnormal_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('inspection_tasks_project_idx').on('inspection_tasks').columns(['project_id', 'planned_start']).execute();
      await db.schema.createIndex('inspection_tasks_status_idx').on('inspection_tasks').columns(['status', 'missed_after']).execute();
      await db.schema.createIndex('inspection_tasks_assignee_idx').on('inspection_tasks').columns(['assignee_id', 'status']).execute();

      await db.schema
        .createTable('inspection_results')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('task_id', 'text', (c) => c.references('inspection_tasks.id'))
        .addColumn('checkpoint_id', 'text', (c) => c.references('checkpoints.id'))
        .addColumn('equipment_id', 'text')
        .addColumn('checked_at', 'text', (c) => c.notNull())
        .addColumn('checked_by', 'text', (c) => c.notNull())
        .addColumn('via_qr', 'integer', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('hazard_order_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inspection_results_task_idx').on('inspection_results').columns(['task_id']).execute();
      await db.schema.createIndex('inspection_results_project_idx').on('inspection_results').columns(['project_id', 'checked_at']).execute();
      await db.schema.createIndex('inspection_results_equipment_idx').on('inspection_results').columns(['equipment_id']).execute();

      await baseColumns(db.schema.createTable('fire_equipment'))
        .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
        .addColumn('building_id', 'text', (c) => c.references('buildings.id'))
        .addColumn('checkpoint_id', 'text', (c) => c.references('checkpoints.id'))
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('model', 'text')
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('install_date', 'text')
        .addColumn('last_checked_on', 'text')
        .addColumn('next_check_due', 'text')
        .addColumn('expiry_date', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addUniqueConstraint('fire_equipment_project_code_uq', ['project_id', 'code'])
        .execute();
      await db.schema.createIndex('fire_equipment_due_idx').on('fire_equipment').columns(['project_id', 'next_check_due']).execute();
      await db.schema.createIndex('fire_equipment_expiry_idx').on('fire_equipment').columns(['project_id', 'expiry_date']).execute();
    },
  },

  '0021_renovation': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('renovations')
        .addColumn('order_id', 'text', (c) => c.primaryKey().references('work_orders.id'))
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('unit_id', 'text', (c) => c.notNull().references('units.id'))
        .addColumn('applicant_name', 'text', (c) => c.notNull())
        .addColumn('applicant_phone', 'text')
        .addColumn('contractor_name', 'text')
        .addColumn('contractor_phone', 'text')
        .addColumn('workers', 'integer')
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('planned_start', 'text', (c) => c.notNull())
        .addColumn('planned_end', 'text', (c) => c.notNull())
        .addColumn('working_hours_json', 'text', (c) => c.notNull())
        .addColumn('permit_no', 'text', (c) => c.unique())
        .addColumn('permit_issued_at', 'text')
        .addColumn('deposit_receipt_no', 'text')
        .addColumn('deposit_method', 'text')
        .addColumn('deposit_reference', 'text')
        .addColumn('refund_method', 'text')
        .addColumn('refund_reference', 'text')
        .addColumn('refunded_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('renovations_project_idx').on('renovations').columns(['project_id']).execute();

      await db.schema
        .createTable('renovation_notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addColumn('notice_no', 'text', (c) => c.notNull().unique())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('violation', 'text', (c) => c.notNull())
        .addColumn('requirement', 'text', (c) => c.notNull())
        .addColumn('deadline', 'text', (c) => c.notNull())
        .addColumn('issued_by', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('verified_on', 'text')
        .addColumn('verified_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('renovation_notices_order_idx').on('renovation_notices').columns(['order_id']).execute();

      await db.schema
        .createTable('renovation_inspections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('org_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull().references('work_orders.id'))
        .addColumn('inspected_at', 'text', (c) => c.notNull())
        .addColumn('inspector_id', 'text', (c) => c.notNull())
        .addColumn('within_hours', 'integer', (c) => c.notNull())
        .addColumn('violation', 'integer', (c) => c.notNull())
        .addColumn('findings', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('renovation_inspections_order_idx').on('renovation_inspections').columns(['order_id']).execute();
    },
  },
};
