/** 工单 and everything that hangs off it. One table for every kind; the lifecycle table per kind decides the states. */
export interface WorkOrderTable {
  id: string;
  org_id: string;
  project_id: string;
  /** Readable number: kind prefix + local date + sequence, e.g. BX202611240001. */
  number: string;
  kind: string;
  category: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  state: string;
  /** Optimistic-concurrency version: a transition must name the version it saw. */
  version: number;
  title: string;
  description: string | null;
  /** 公共部位 / 专有部位: public area or in-unit. */
  area_scope: 'public' | 'unit' | null;
  building_id: string | null;
  unit_id: string | null;
  location: string | null;
  party_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  channel: string | null;
  source_contact_id: string | null;
  /** The resident user who submitted it through the portal, if any. */
  reporter_id: string | null;
  /** 首问人 — changes only through an explicit supervisor handover. */
  owner_id: string;
  assignee_id: string | null;
  department: string | null;
  appointment_at: string | null;
  paid: number;
  warranty: number;
  amount_fen: number | null;
  hold_reason: string | null;
  reopen_count: number;
  /** When the customer was told the result (首问闭环); null = still owed an answer. */
  customer_informed_at: string | null;
  severity: string | null;
  due_date: string | null;
  completed_at: string | null;
  closed_at: string | null;
  /** Cached SLA computation (JSON) and when it next needs a look from the sweeper. */
  sla_json: string | null;
  sla_next_check_at: string | null;
  sla_breached: number;
  sla_warning: number;
  /** Lifecycle fields without a column of their own (charges, deposit, counters), as JSON. */
  extra_json: string | null;
  /** 催单: how many times the customer chased this order, and when last. */
  chase_count: number;
  last_chased_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkOrderEventTable {
  id: string;
  org_id: string;
  order_id: string;
  seq: number;
  at: string;
  actor_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string | null;
  note: string | null;
  /** Field changes and action input (JSON). */
  data_json: string | null;
}

export interface AttachmentTable {
  id: string;
  org_id: string;
  order_id: string;
  event_id: string | null;
  filename: string;
  mime: string;
  size: number;
  storage_key: string;
  uploaded_by: string;
  created_at: string;
  /** Field work: before / after photo, the customer's signature, or other (null for older files). */
  phase?: string | null;
  /** The signer's name on a signature. */
  caption?: string | null;
}

export interface ReturnVisitTable {
  id: string;
  org_id: string;
  order_id: string;
  cycle: number;
  reason: 'rule' | 'sample' | 'complaint' | 'reopen';
  due_at: string;
  status: 'pending' | 'done' | 'skipped';
  visitor_id: string | null;
  visited_at: string | null;
  channel: 'phone' | 'link' | 'visit' | null;
  outcome: 'satisfied' | 'dissatisfied' | null;
  score_speed: number | null;
  score_attitude: number | null;
  score_quality: number | null;
  comment: string | null;
  /** SHA-256 of the resident rating link token. */
  link_token_hash: string | null;
  link_expires_at: string | null;
  created_at: string;
}

/** Per-organisation (optionally per project) order categories with the skill needed and the visit rule. */
export interface OrderCategoryTable {
  id: string;
  org_id: string;
  project_id: string | null;
  kind: string;
  name: string;
  skill: string | null;
  /** 'all' | 'none' | 'sample:N' (N % of completed orders). */
  visit_rule: string;
  active: number;
}

export interface OrderSequenceTable {
  org_id: string;
  prefix: string;
  day: string;
  last: number;
}

/** Escalations and warnings fired by the SLA sweeper — the unique key makes each fire once. */
export interface SlaFiringTable {
  order_id: string;
  target: string;
  cycle: number;
  kind: string;
  fired_at: string;
  org_id: string;
}

/** Organisation settings documents (SLA policy set, calendars, dispatch rules) as JSON. */
export interface SettingTable {
  org_id: string;
  key: string;
  value_json: string;
  updated_at: string;
}

export interface WorkOrderTables {
  work_orders: WorkOrderTable;
  work_order_events: WorkOrderEventTable;
  attachments: AttachmentTable;
  return_visits: ReturnVisitTable;
  order_categories: OrderCategoryTable;
  order_sequences: OrderSequenceTable;
  sla_firings: SlaFiringTable;
  settings: SettingTable;
  work_order_materials: WorkOrderMaterialTable;
  fieldwork_requests: FieldworkRequestTable;
  work_order_sla_targets: WorkOrderSlaTargetTable;
}

/** Materials used on an order (quantity may be fractional: 1.5 m of pipe). */
export interface WorkOrderMaterialTable {
  id: string;
  org_id: string;
  order_id: string;
  name: string;
  quantity: number;
  unit: string | null;
  unit_price_fen: number | null;
  added_by: string;
  created_at: string;
}

/** A technician's action done once per idempotency key; a replay answers with the stored result. */
export interface FieldworkRequestTable {
  user_id: string;
  key: string;
  org_id: string;
  order_id: string;
  action: string;
  response_json: string | null;
  created_at: string;
}

/**
 * The (target, status, deadline) of each current SLA clock of an order, mirrored from `sla_json`
 * by saveSlaTargets in the same transaction, with the order's project and creation time (both
 * fixed for an order's life); one index on (org_id, deadline, …) answers the on-time rate.
 */
export interface WorkOrderSlaTargetTable {
  order_id: string;
  org_id: string;
  project_id: string;
  order_created_at: string;
  target: string;
  status: string;
  deadline: string | null;
}
