/** 工作计划、目标与报告 — plans, targets and generated report documents. */
export interface ReportTargetTable {
  id: string;
  org_id: string;
  /** '' = the whole organisation. */
  project_id: string;
  /** 2026-11 | 2026-Q4 | 2026 */
  period: string;
  kpi_code: string;
  /** '>=' a floor (collection rate ≥ 93 %), '<=' a ceiling (complaint share ≤ 2 %). */
  op: '>=' | '<=';
  threshold: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportPlanItemTable {
  id: string;
  org_id: string;
  project_id: string;
  period: string;
  title: string;
  owner_id: string | null;
  owner_name: string | null;
  due_date: string | null;
  status: 'open' | 'in_progress' | 'done' | 'cancelled';
  note: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A manager's version of a built-in report's layout: which sections, in which order, with which titles. */
export interface ReportTemplateTable {
  id: string;
  org_id: string;
  type: 'monthly' | 'bulletin' | 'annual';
  version: number;
  sections_json: string;
  created_by: string | null;
  created_at: string;
}

export interface ReportDocumentTable {
  id: string;
  org_id: string;
  type: 'monthly' | 'bulletin' | 'annual';
  project_id: string;
  period: string;
  lang: string;
  status: 'draft' | 'approved' | 'published';
  template_version: number;
  /** The figures as computed by the KPI layer (locked: only a refresh changes them). */
  data_json: string;
  /** Narrative sections: generated text and the manager's edits, by section id. */
  narrative_json: string;
  version: number;
  generated_at: string;
  generated_by: string | null;
  approved_at: string | null;
  approved_by: string | null;
  published_at: string | null;
  /** The archived HTML and its sha256, written once on publish. */
  archive_html: string | null;
  checksum: string | null;
  created_at: string;
  updated_at: string;
}

/** One row per scheduled run (organisation, period): the primary key lets exactly one process claim it. */
export interface ReportRunTable {
  org_id: string;
  period: string;
  started_at: string;
  host: string;
  finished_at: string | null;
  error: string | null;
}

/** A knowledge article used on a work order (the return-visit script); the desk's uses on contacts are knowledge_uses. */
export interface KnowledgeOrderUseTable {
  id: string;
  org_id: string;
  order_id: string;
  article_id: string;
  revision_id: string | null;
  actor_id: string;
  used_at: string;
}

export interface ReportTables {
  report_targets: ReportTargetTable;
  report_plan_items: ReportPlanItemTable;
  report_templates: ReportTemplateTable;
  report_documents: ReportDocumentTable;
  report_runs: ReportRunTable;
  knowledge_order_uses: KnowledgeOrderUseTable;
}
