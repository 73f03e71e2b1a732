/**
 * 质检 tables. A scorecard row is one version (key + version); an evaluation keeps the version
 * it was scored with. Calibration scores live in their own table so they can never count toward
 * an agent. Scores are stored in hundredths of a percent (integers on both databases).
 */
export const EVALUATION_STATES = ['assigned', 'scored', 'notified', 'acknowledged', 'disputed', 'closed'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];
export const REVIEW_OUTCOMES = ['upheld', 'partly_upheld', 'overturned'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export const ACTION_TYPES = ['ladder', 'rectification', 'coaching'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_STATES = ['pending_approval', 'issued', 'acknowledged', 'done', 'rejected', 'cancelled'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

export interface QualityScorecardTable {
  id: string;
  org_id: string;
  key: string;
  version: number;
  name: string;
  description: string | null;
  /** JSON ScorecardDef (sections, items, passThreshold, criticalCap). */
  definition_json: string;
  /** 1 = the version new evaluations use. */
  current: number;
  created_by: string;
  created_at: string;
}

export interface QualityPlanTable {
  id: string;
  org_id: string;
  name: string;
  seed: number;
  period_from: string;
  period_to: string;
  project_id: string | null;
  scorecard_id: string;
  /** JSON SamplingConfig + subject kinds + inspectors. */
  config_json: string;
  /** JSON: capacity, candidates, excluded, byStratum, shortAgents. */
  stats_json: string;
  created_by: string;
  created_at: string;
}

export interface QualityPlanItemTable {
  id: string;
  org_id: string;
  plan_id: string;
  subject_kind: string;
  subject_id: string;
  project_id: string | null;
  agent_id: string;
  inspector_id: string;
  due_on: string;
  occurred_at: string;
  stratum: string;
  reasons_json: string;
  evaluation_id: string | null;
}

export interface QualityEvaluationTable {
  id: string;
  org_id: string;
  project_id: string | null;
  scorecard_id: string;
  subject_kind: string;
  subject_id: string;
  occurred_at: string | null;
  agent_id: string;
  inspector_id: string;
  plan_item_id: string | null;
  state: EvaluationState;
  /** JSON Answers; null until scored. */
  answers_json: string | null;
  /** JSON: per-item results and the failed critical / fatal items. */
  result_json: string | null;
  score_centi: number | null;
  passed: number | null;
  /** Finding for the ladder: minor | major | serious, null when none. */
  severity: string | null;
  comment: string | null;
  recording_url: string | null;
  attachment_id: string | null;
  transcript: string | null;
  scored_at: string | null;
  notified_at: string | null;
  acknowledged_at: string | null;
  disputed_at: string | null;
  dispute_reason: string | null;
  reviewer_id: string | null;
  review_outcome: ReviewOutcome | null;
  review_note: string | null;
  reviewed_at: string | null;
  closed_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

/** Every score change and state change of an evaluation (append-only). */
export interface QualityAuditTable {
  id: string;
  org_id: string;
  evaluation_id: string;
  at: string;
  actor_id: string;
  action: string;
  from_state: string | null;
  to_state: string | null;
  from_score_centi: number | null;
  to_score_centi: number | null;
  note: string | null;
}

export interface QualityCalibrationTable {
  id: string;
  org_id: string;
  name: string;
  scorecard_id: string;
  /** JSON [{kind, id, label?, recordingUrl?}]. */
  subjects_json: string;
  /** JSON string[] of inspector user ids. */
  inspectors_json: string;
  state: 'open' | 'revealed';
  created_by: string;
  created_at: string;
  revealed_at: string | null;
}

export interface QualityCalibrationScoreTable {
  calibration_id: string;
  subject_index: number;
  inspector_id: string;
  org_id: string;
  answers_json: string;
  score_centi: number;
  passed: number;
  scored_at: string;
}

/** Consequences: a ladder step, a 整改通知单 (rectification with deadline and follow-up), or a coaching task. */
export interface QualityActionTable {
  id: string;
  org_id: string;
  type: ActionType;
  agent_id: string;
  project_id: string | null;
  evaluation_id: string | null;
  /** Ladder step (verbal_reminder … dismissal). */
  step: string | null;
  severity: string | null;
  prior_count: number | null;
  state: ActionState;
  needs_approval: number;
  /** Readable document number for 质检提醒单 / 整改通知单. */
  doc_no: string | null;
  /** Coaching: the team lead; rectification: the inspector following up. */
  assignee_id: string | null;
  due_on: string | null;
  note: string | null;
  library_ids_json: string | null;
  follow_up_evaluation_id: string | null;
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  acknowledged_at: string | null;
  done_at: string | null;
  /** Coaching: what the agent should reach. */
  goal?: string | null;
  /** Coaching: JSON [{key, label}] of the scorecard items to work on (the failed ones by default). */
  items_json?: string | null;
  /** Coaching created from a notice (质检提醒单 / 整改通知单). */
  source_action_id?: string | null;
  agent_note?: string | null;
  close_note?: string | null;
  /** 经济扣罚: the amount proposed, in fen. */
  fine_fen?: number | null;
  /** Who proposed the amount (with created_by: neither may approve). */
  proposed_by?: string | null;
}

export interface QualityActionAuditTable {
  id: string;
  org_id: string;
  action_id: string;
  at: string;
  actor_id: string;
  /** propose | approve | reject | acknowledge | close | create */
  event: string;
  fine_fen: number | null;
  note: string | null;
}

export interface QualityLibraryArticleTable {
  library_id: string;
  article_id: string;
  org_id: string;
  created_by: string;
  created_at: string;
}

export interface QualityTeamTable {
  id: string;
  org_id: string;
  name: string;
  project_id: string | null;
  /** Team leader: the default coach. */
  lead_id: string | null;
  created_at: string;
}

export interface QualityTeamMemberTable {
  org_id: string;
  user_id: string;
  team_id: string;
}

/** Exemplary recordings (good / bad) by topic, for coaching and the knowledge base. */
export interface QualityLibraryTable {
  id: string;
  org_id: string;
  project_id: string | null;
  evaluation_id: string | null;
  kind: 'good' | 'bad';
  topic: string;
  title: string;
  note: string | null;
  recording_url: string | null;
  transcript: string | null;
  /** JSON string[]. */
  tags_json?: string | null;
  attachment_id?: string | null;
  created_by: string;
  created_at: string;
}

export interface QualityTables {
  quality_scorecards: QualityScorecardTable;
  quality_plans: QualityPlanTable;
  quality_plan_items: QualityPlanItemTable;
  quality_evaluations: QualityEvaluationTable;
  quality_audit: QualityAuditTable;
  quality_calibrations: QualityCalibrationTable;
  quality_calibration_scores: QualityCalibrationScoreTable;
  quality_actions: QualityActionTable;
  quality_library: QualityLibraryTable;
  quality_library_articles: QualityLibraryArticleTable;
  quality_action_audit: QualityActionAuditTable;
  quality_teams: QualityTeamTable;
  quality_team_members: QualityTeamMemberTable;
}
