/**
 * Client for 质检 (quality inspection, docs/quality.md): the types the screens read and one
 * function per endpoint. Shares the transport (session cookie, CSRF token, Accept-Language)
 * with the core client in ../../api.
 */
import { http, type Page } from '../../api';

export type Scale = 'yes_no' | 'scale5' | 'points';
export type SubjectKind = 'contact' | 'order' | 'call';
export type EvaluationState = 'assigned' | 'scored' | 'notified' | 'acknowledged' | 'disputed' | 'closed';
export type ReviewOutcome = 'upheld' | 'partly_upheld' | 'overturned';
export type Severity = 'minor' | 'major' | 'serious';
export type Stratum = 'min_per_agent' | 'complaint' | 'reopened' | 'dissatisfied' | 'long_handle' | 'callback_after_abandon' | 'new_agent' | 'falling_figures' | 'random';
export type ActionType = 'ladder' | 'rectification' | 'coaching';
export type ActionState = 'pending_approval' | 'issued' | 'acknowledged' | 'done' | 'rejected' | 'cancelled';
export type LadderStep = 'verbal_reminder' | 'verbal_warning' | 'qa_notice' | 'retraining' | 'fine' | 'dismissal';

export const SCALES: readonly Scale[] = ['yes_no', 'scale5', 'points'];
export const SUBJECT_KINDS: readonly SubjectKind[] = ['contact', 'order', 'call'];
export const EVALUATION_STATES: readonly EvaluationState[] = ['assigned', 'scored', 'notified', 'acknowledged', 'disputed', 'closed'];
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = ['upheld', 'partly_upheld', 'overturned'];

export interface ScorecardItem {
  key: string;
  label: string;
  weight: number;
  scale: Scale;
  maxPoints?: number;
  naAllowed: boolean;
  critical: boolean;
  fatal: boolean;
  rootCauses?: string[];
  guidance?: string;
}
export interface ScorecardSection {
  key: string;
  label: string;
  items: ScorecardItem[];
}
export interface ScorecardDef {
  sections: ScorecardSection[];
  passThreshold: number;
  criticalCap: number;
}
export interface Scorecard {
  id: string;
  key: string;
  version: number;
  name: string;
  description: string | null;
  current: boolean;
  definition: ScorecardDef;
  createdAt: string;
}

/** One item's answer; `value` null = not applicable. */
export interface Answer {
  value: number | null;
  evidenceAt?: number | null;
  evidenceQuote?: string | null;
  rootCauses?: string[];
  note?: string | null;
}
export type Answers = Record<string, Answer>;

export interface ScoreResult {
  score: number;
  raw: number;
  earned: number;
  possible: number;
  passed: boolean;
  criticalFailed: string[];
  fatalFailed: string[];
  items: { key: string; fraction: number | null; lost: number }[];
}

export interface Subject {
  kind: SubjectKind;
  id: string;
  occurredAt: string | null;
}

export interface Evaluation {
  id: string;
  projectId: string | null;
  scorecardId: string;
  subject: Subject;
  agentId: string;
  agentName: string | null;
  inspectorId: string;
  inspectorName: string | null;
  planItemId: string | null;
  state: EvaluationState;
  answers: Answers | null;
  result: Omit<ScoreResult, 'score' | 'passed'> | null;
  score: number | null;
  passed: boolean | null;
  severity: Severity | null;
  comment: string | null;
  recordingUrl: string | null;
  attachmentId: string | null;
  transcript: string | null;
  scoredAt: string | null;
  notifiedAt: string | null;
  acknowledgedAt: string | null;
  disputedAt: string | null;
  disputeReason: string | null;
  reviewerId: string | null;
  reviewerName: string | null;
  reviewOutcome: ReviewOutcome | null;
  reviewNote: string | null;
  reviewedAt: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
}

export interface AuditEntry {
  at: string;
  actorId: string;
  action: string;
  fromState: string | null;
  toState: string | null;
  fromScore: number | null;
  toScore: number | null;
  note: string | null;
}

export interface EvaluationDetail extends Evaluation {
  subjectSummary?: string | null;
  scorecard: Scorecard;
  audit: AuditEntry[];
}

export interface PlanItem {
  id: string;
  planId: string;
  subject: Subject;
  projectId: string | null;
  agentId: string;
  agentName: string | null;
  inspectorId: string;
  inspectorName: string | null;
  dueOn: string;
  stratum: Stratum;
  reasons: Stratum[];
  evaluationId: string | null;
}

export interface PlanStats {
  capacity: number;
  candidates: number;
  excluded: number;
  drawn: number;
  byStratum: Partial<Record<Stratum, number>>;
  shortAgents?: unknown;
}
export interface PlanConfig {
  seed: number;
  from: string;
  to: string;
  perInspectorPerDay: number;
  minPerAgentPerWeek: number;
  riskShare: number;
  longHandleS: number;
  workdays: number[];
  maxItems: number | null;
}
export interface Plan {
  id: string;
  name: string;
  seed: number;
  from: string;
  to: string;
  projectId: string | null;
  scorecardId: string;
  config: PlanConfig;
  stats: PlanStats;
  createdAt: string;
}
export interface PlanInput {
  name: string;
  scorecardId: string;
  projectId?: string | null;
  from: string;
  to: string;
  seed: number;
  kinds?: SubjectKind[];
  inspectorIds: string[];
  perInspectorPerDay?: number;
  minPerAgentPerWeek?: number;
  riskShare?: number;
  longHandleS?: number;
  workdays?: number[];
  maxItems?: number | null;
}

export interface QualityAction {
  id: string;
  type: ActionType;
  agentId: string;
  agentName: string | null;
  projectId: string | null;
  evaluationId: string | null;
  step: LadderStep | null;
  severity: Severity | null;
  priorCount: number | null;
  state: ActionState;
  needsApproval: boolean;
  docNo: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  dueOn: string | null;
  note: string | null;
  libraryIds: string[];
  followUpEvaluationId: string | null;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  acknowledgedAt: string | null;
  doneAt: string | null;
}

export interface CalibrationSummary {
  id: string;
  name: string;
  scorecardId: string;
  state: 'open' | 'revealed';
  subjects: number;
  inspectorIds: string[];
  createdAt: string;
  revealedAt: string | null;
}
export interface Agreement {
  items: { key: string; label: string; percentAgreement: number | null; unanimous: number | null; fleissKappa: number | null }[];
  overall: { raters: number; percentAgreement: number | null; unanimous: number | null; fleissKappa: number | null; cohenKappa: number | null; passFailAgreement: number | null };
  strictness: { inspectorId: string; meanDeviation: number | null; meanAbsDeviation: number | null; n: number }[];
  perSubject: { index: number; consensus: number | null; spread: number | null; scores: unknown }[];
}
export interface CalibrationScore {
  subjectIndex: number;
  inspectorId?: string;
  answers: Answers;
  score: number;
  passed: boolean;
}
export interface CalibrationDetail {
  id: string;
  name: string;
  scorecard: Scorecard;
  state: 'open' | 'revealed';
  subjects: { kind: SubjectKind; id: string; recordingUrl: string | null; projectId: string | null; summary: string | null }[];
  inspectors: { id: string; name: string | null; scored: number }[];
  myScores: CalibrationScore[];
  scores?: CalibrationScore[];
  agreement: Agreement | null;
  createdAt: string;
  revealedAt: string | null;
}

/** A figure with what it is made of (docs/quality.md "Figures"); value null when nothing was counted. */
export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}
export interface Group {
  key: string | null;
  label: string | null;
  evaluations: number;
  passRate: Ratio;
  averageScore: Ratio;
}
export interface ItemFigure {
  key: string;
  label: string;
  failRate: Ratio;
  notApplicable?: number;
}
export interface Figures {
  period: { from: string; to: string };
  evaluations: number;
  passRate: Ratio;
  averageScore: Ratio;
  findings: Record<Severity, number>;
  disputeRate: Ratio;
  disputeOutcomes: { reviewed: number; upheld: Ratio; partlyUpheld: Ratio; overturned: Ratio };
  byAgent: Group[];
  byProject: Group[];
  byInspector: Group[];
  /** Per day (key = YYYY-MM-DD). */
  trend: Group[];
  items: ItemFigure[];
  mostFailed: ItemFigure[];
  quota: { inspectorId: string; name: string | null; done: Ratio }[];
  strictness: { inspectorId: string; name: string | null; meanDeviation: number; meanAbsDeviation: number; n: number }[];
}

export interface EvaluationQuery {
  page?: number;
  pageSize?: number;
  projectId?: string;
  agentId?: string;
  inspectorId?: string;
  state?: EvaluationState;
  passed?: '0' | '1';
  disputed?: '1';
  failedItem?: string;
  from?: string;
  to?: string;
}
export interface PlanItemQuery {
  page?: number;
  pageSize?: number;
  inspectorId?: string;
  agentId?: string;
  dueOn?: string;
  open?: '0' | '1';
}

export interface CoachingTask extends QualityAction {
  coachId: string | null;
  coachName: string | null;
  goal: string | null;
  items: { key: string; label: string }[];
  sourceActionId: string | null;
  agentNote: string | null;
  closeNote: string | null;
}
export interface LibraryItem {
  id: string;
  kind: 'good' | 'bad';
  topic: string;
  title: string;
  note: string | null;
  tags: string[];
  recordingUrl: string | null;
  attachmentId: string | null;
  transcript: string | null;
  evaluationId: string | null;
  projectId: string | null;
  createdAt: string;
  articleCount?: number;
  articles?: { id: string; key: string; title: string; type: string }[];
}
export interface TrailEntry {
  at: string;
  actorId: string;
  actorName: string | null;
  event: string;
  fineFen: number | null;
  note: string | null;
}
export interface CoachingDetail extends CoachingTask {
  createdByName: string | null;
  evaluation: { id: string; score: number | null; passed: boolean | null; scoredAt: string | null; subject: { kind: SubjectKind; id: string; occurredAt: string | null } } | null;
  followUp: { id: string; score: number | null; passed: boolean | null; scoredAt: string | null } | null;
  library: LibraryItem[];
  trail: TrailEntry[];
}
export interface Approval extends QualityAction {
  fineFen: number | null;
  createdBy: string;
  createdByName: string | null;
  proposedBy: string | null;
  proposedByName: string | null;
  decidedByName: string | null;
  score: number | null;
  canDecide: boolean;
}
/** 班组: agents under a leader, optionally tied to a project; used by sampling rotation and plan targeting. */
export interface QualityTeam {
  id: string;
  name: string;
  projectId: string | null;
  leadId: string | null;
  leadName: string | null;
  members: { id: string; name: string | null }[];
}
export interface TeamInput {
  name: string;
  projectId?: string | null;
  leadId?: string | null;
  memberIds: string[];
}
/** A recording's audio source: its URL or the attachment store. */
export const recordingSrc = (r: { recordingUrl: string | null; attachmentId: string | null }) => r.recordingUrl ?? (r.attachmentId ? `/api/attachments/${encodeURIComponent(r.attachmentId)}` : null);

const enc = encodeURIComponent;

export const qualityApi = {
  scorecards: (all = false) => http.get<{ items: Scorecard[] }>('/api/quality/scorecards', { all: all ? '1' : undefined }),
  scorecard: (id: string) => http.get<Scorecard>(`/api/quality/scorecards/${enc(id)}`),
  saveScorecard: (body: { key: string; name: string; description?: string | null; definition: ScorecardDef }) => http.post<Scorecard>('/api/quality/scorecards', body),
  preview: (scorecardId: string, answers: Answers) => http.post<ScoreResult>('/api/quality/score-preview', { scorecardId, answers }),

  plans: () => http.get<{ items: Plan[] }>('/api/quality/plans'),
  createPlan: (body: PlanInput) => http.post<{ id: string; name: string; seed: number; from: string; to: string; drawn: number; stats: PlanStats }>('/api/quality/plans', body),
  planItems: (planId: string, query: PlanItemQuery = {}) => http.get<Page<PlanItem>>(`/api/quality/plans/${enc(planId)}/items`, { ...query }),
  queue: (query: PlanItemQuery = {}) => http.get<Page<PlanItem>>('/api/quality/queue', { ...query }),

  evaluations: (query: EvaluationQuery = {}) => http.get<Page<Evaluation>>('/api/quality/evaluations', { ...query }),
  evaluation: (id: string) => http.get<EvaluationDetail>(`/api/quality/evaluations/${enc(id)}`),
  createEvaluation: (body: { subjectKind: SubjectKind; subjectId: string; scorecardId?: string | null; agentId?: string | null; planItemId?: string | null; recordingUrl?: string | null; transcript?: string | null; answers?: Answers; comment?: string | null; release?: boolean }) =>
    http.post<Evaluation>('/api/quality/evaluations', body),
  score: (id: string, body: { answers: Answers; comment?: string | null; release?: boolean; version?: number }) => http.put<Evaluation>(`/api/quality/evaluations/${enc(id)}/score`, body),
  release: (id: string) => http.post<Evaluation>(`/api/quality/evaluations/${enc(id)}/release`),
  review: (id: string, body: { outcome: ReviewOutcome; answers?: Answers | null; note: string }) => http.post<Evaluation>(`/api/quality/evaluations/${enc(id)}/review`, body),

  myEvaluations: (query: { page?: number; pageSize?: number } = {}) => http.get<Page<Evaluation>>('/api/quality/my/evaluations', { ...query }),
  myEvaluation: (id: string) => http.get<EvaluationDetail>(`/api/quality/my/evaluations/${enc(id)}`),
  acknowledge: (id: string) => http.post<Evaluation>(`/api/quality/my/evaluations/${enc(id)}/acknowledge`),
  dispute: (id: string, reason: string) => http.post<Evaluation>(`/api/quality/my/evaluations/${enc(id)}/dispute`, { reason }),
  myActions: () => http.get<{ items: QualityAction[] }>('/api/quality/my/actions'),
  signAction: (id: string) => http.post<QualityAction>(`/api/quality/my/actions/${enc(id)}/acknowledge`),
  myActionDocumentUrl: (id: string, format: 'html' | 'docx' = 'html') => `/api/quality/my/actions/${enc(id)}/document?format=${format}`,

  actions: (query: { type?: ActionType; state?: ActionState; agentId?: string; assigneeId?: string } = {}) => http.get<{ items: QualityAction[] }>('/api/quality/actions', { ...query }),
  decideAction: (id: string, approve: boolean, note?: string) => http.post<QualityAction>(`/api/quality/actions/${enc(id)}/decide`, { approve, note: note || undefined }),
  actionDocumentUrl: (id: string, format: 'html' | 'docx' = 'html') => `/api/quality/actions/${enc(id)}/document?format=${format}`,

  calibrations: () => http.get<{ items: CalibrationSummary[] }>('/api/quality/calibrations'),
  calibration: (id: string) => http.get<CalibrationDetail>(`/api/quality/calibrations/${enc(id)}`),
  createCalibration: (body: { name: string; scorecardId: string; subjects: { kind: SubjectKind; id: string }[]; inspectorIds: string[] }) =>
    http.post<{ id: string }>('/api/quality/calibrations', body),
  calibrationScore: (id: string, subjectIndex: number, answers: Answers) => http.post<{ subjectIndex: number; score: number; passed: boolean }>(`/api/quality/calibrations/${enc(id)}/scores`, { subjectIndex, answers }),
  reveal: (id: string) => http.post<{ id: string; state: 'revealed'; agreement: Agreement }>(`/api/quality/calibrations/${enc(id)}/reveal`),

  coaching: (query: { state?: string; mine?: '1' } = {}) => http.get<{ items: CoachingTask[] }>('/api/quality/coaching', { ...query }),
  coachingTask: (id: string) => http.get<CoachingDetail>(`/api/quality/coaching/${enc(id)}`),
  createCoaching: (body: { evaluationId?: string; sourceActionId?: string; coachId?: string | null; dueOn: string; goal: string; libraryIds?: string[]; note?: string | null }) => http.post<CoachingTask>('/api/quality/coaching', body),
  closeCoaching: (id: string, note: string, followUpEvaluationId?: string | null) => http.post<CoachingDetail>(`/api/quality/coaching/${enc(id)}/close`, { note, followUpEvaluationId: followUpEvaluationId || undefined }),
  myCoaching: () => http.get<{ items: CoachingTask[] }>('/api/quality/my/coaching'),
  myCoachingTask: (id: string) => http.get<CoachingDetail>(`/api/quality/my/coaching/${enc(id)}`),
  acknowledgeCoaching: (id: string, note?: string) => http.post<CoachingDetail>(`/api/quality/my/coaching/${enc(id)}/acknowledge`, { note: note || undefined }),
  approvals: (state: 'pending_approval' | 'decided' = 'pending_approval') => http.get<{ items: Approval[] }>('/api/quality/approvals', { state }),
  proposeFine: (id: string, fineFen: number, note?: string) => http.post<QualityAction>(`/api/quality/actions/${enc(id)}/propose`, { fineFen, note: note || undefined }),
  actionTrail: (id: string) => http.get<{ items: TrailEntry[] }>(`/api/quality/actions/${enc(id)}/trail`),
  library: (query: { kind?: 'good' | 'bad'; tag?: string; q?: string } = {}) => http.get<{ items: LibraryItem[] }>('/api/quality/library', { ...query }),
  libraryItem: (id: string) => http.get<LibraryItem>(`/api/quality/library/${enc(id)}`),
  addToLibrary: (body: { kind: 'good' | 'bad'; topic: string; title: string; note?: string | null; tags?: string[]; evaluationId: string }) => http.post<LibraryItem>('/api/quality/library', body),
  linkArticle: (id: string, articleId: string) => http.post<LibraryItem>(`/api/quality/library/${enc(id)}/articles`, { articleId }),
  unlinkArticle: (id: string, articleId: string) => http.del<void>(`/api/quality/library/${enc(id)}/articles/${enc(articleId)}`),
  recordingsOfArticle: (articleId: string) => http.get<{ items: LibraryItem[] }>(`/api/quality/library/by-article/${enc(articleId)}`),

  teams: () => http.get<{ items: QualityTeam[] }>('/api/quality/teams'),
  createTeam: (body: TeamInput) => http.post<QualityTeam>('/api/quality/teams', body),
  updateTeam: (id: string, body: TeamInput) => http.put<QualityTeam>(`/api/quality/teams/${enc(id)}`, body),

  figures: (query: { from: string; to: string; projectId?: string; agentId?: string; inspectorId?: string }) => http.get<Figures>('/api/quality/figures', { ...query }),
};
