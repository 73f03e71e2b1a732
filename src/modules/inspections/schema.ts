/**
 * Inspections (巡检), fire equipment (消防设施) and renovation (装修) records. Hazards and
 * renovation applications themselves are work orders (kinds `hazard`, `renovation`); these
 * tables hold what is specific to them. Instants are ISO-8601 UTC, dates 'YYYY-MM-DD' local.
 */

/** 巡检点, each with a QR code (its token) fixed on site. */
export interface CheckpointTable {
  id: string;
  org_id: string;
  project_id: string;
  building_id: string | null;
  code: string;
  name: string;
  location: string | null;
  kind: 'patrol' | 'fire' | 'equipment' | 'safety';
  /** Random token printed in the QR code; scanning proves presence at the point. */
  qr_token: string;
  checklist_id: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 检查表: items as JSON (see ChecklistItem). */
export interface ChecklistTable {
  id: string;
  org_id: string;
  project_id: string | null;
  name: string;
  kind: string;
  items_json: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** 巡检路线. */
export interface InspectionRouteTable {
  id: string;
  org_id: string;
  project_id: string;
  name: string;
  description: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface RouteCheckpointTable {
  org_id: string;
  route_id: string;
  checkpoint_id: string;
  seq: number;
}

/** 巡检计划: e.g. four patrols a day, a daily fire-equipment check, monthly and pre-holiday checks. */
export interface InspectionPlanTable {
  id: string;
  org_id: string;
  project_id: string;
  name: string;
  kind: 'patrol' | 'fire_check' | 'safety_monthly' | 'safety_holiday' | 'other';
  route_id: string | null;
  checklist_id: string | null;
  /** PlanSchedule as JSON. */
  schedule_json: string;
  /** Minutes from the planned start within which the round counts as on time. */
  window_minutes: number;
  /** Minutes after the window during which completion counts as late; after that, missed. */
  grace_minutes: number;
  assignee_id: string | null;
  valid_from: string | null;
  valid_to: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export type TaskStatus = 'pending' | 'in_progress' | 'completed' | 'missed';
export type Timeliness = 'on_time' | 'late' | 'missed';

/** 巡检任务, generated from a plan (task_key = plan + planned start: generation is idempotent). */
export interface InspectionTaskTable {
  id: string;
  org_id: string;
  project_id: string;
  plan_id: string | null;
  route_id: string | null;
  checklist_id: string | null;
  task_key: string;
  title: string;
  kind: string;
  planned_start: string;
  planned_end: string;
  /** Completion after this instant is "missed". */
  missed_after: string;
  assignee_id: string | null;
  status: TaskStatus;
  timeliness: Timeliness | null;
  started_at: string | null;
  started_by: string | null;
  completed_at: string | null;
  completed_by: string | null;
  checkpoint_count: number;
  checked_count: number;
  abnormal_count: number;
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** One check of a checkpoint or a piece of equipment (normal / abnormal per item). */
export interface InspectionResultTable {
  id: string;
  org_id: string;
  project_id: string;
  task_id: string | null;
  checkpoint_id: string | null;
  equipment_id: string | null;
  checked_at: string;
  checked_by: string;
  /** The QR code on site was scanned (not just ticked from the office). */
  via_qr: number;
  outcome: 'normal' | 'abnormal';
  items_json: string;
  note: string | null;
  hazard_order_id: string | null;
  created_at: string;
}

export type EquipmentKind = 'extinguisher' | 'hydrant' | 'emergency_light' | 'smoke_detector' | 'sprinkler' | 'fire_door' | 'alarm_panel' | 'other';

/** 消防设施台账: extinguishers, hydrants, emergency lights … with check and expiry dates. */
export interface FireEquipmentTable {
  id: string;
  org_id: string;
  project_id: string;
  building_id: string | null;
  checkpoint_id: string | null;
  code: string;
  kind: EquipmentKind;
  model: string | null;
  location: string;
  install_date: string | null;
  last_checked_on: string | null;
  next_check_due: string | null;
  /** 有效期 / 报废期 (e.g. an extinguisher's refill or scrap date). */
  expiry_date: string | null;
  status: 'in_service' | 'faulty' | 'retired';
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** 装修 specifics of a renovation order: applicant, contractor, permit, working hours, deposit. */
export interface RenovationTable {
  order_id: string;
  org_id: string;
  project_id: string;
  unit_id: string;
  applicant_name: string;
  applicant_phone: string | null;
  contractor_name: string | null;
  contractor_phone: string | null;
  workers: number | null;
  scope: string;
  planned_start: string;
  planned_end: string;
  /** WorkingHours as JSON (allowed windows on weekdays / weekends). */
  working_hours_json: string;
  permit_no: string | null;
  permit_issued_at: string | null;
  deposit_receipt_no: string | null;
  deposit_method: string | null;
  deposit_reference: string | null;
  refund_method: string | null;
  refund_reference: string | null;
  refunded_at: string | null;
  created_at: string;
  updated_at: string;
}

/** 整改通知书 issued on a renovation violation. */
export interface RenovationNoticeTable {
  id: string;
  org_id: string;
  order_id: string;
  notice_no: string;
  issued_on: string;
  violation: string;
  requirement: string;
  deadline: string;
  issued_by: string;
  status: 'open' | 'rectified' | 'failed';
  verified_on: string | null;
  verified_by: string | null;
  created_at: string;
}

/** 装修巡查 records (with whether work was inside the permitted hours). */
export interface RenovationInspectionTable {
  id: string;
  org_id: string;
  order_id: string;
  inspected_at: string;
  inspector_id: string;
  within_hours: number;
  violation: number;
  findings: string | null;
  created_at: string;
}

export interface InspectionsTables {
  checkpoints: CheckpointTable;
  checklists: ChecklistTable;
  inspection_routes: InspectionRouteTable;
  route_checkpoints: RouteCheckpointTable;
  inspection_plans: InspectionPlanTable;
  inspection_tasks: InspectionTaskTable;
  inspection_results: InspectionResultTable;
  fire_equipment: FireEquipmentTable;
  renovations: RenovationTable;
  renovation_notices: RenovationNoticeTable;
  renovation_inspections: RenovationInspectionTable;
}
