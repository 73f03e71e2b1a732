/**
 * Client for 质检 (quality inspection, docs/quality.md): one function per endpoint. Bodies and
 * queries come from the generated OpenAPI types; answers are the server's own TypeScript types,
 * imported type-only (erased at build, so no server code reaches the bundle), so a server change
 * that breaks a screen fails the typecheck. The transport (session cookie, CSRF token,
 * Accept-Language) is the core client's.
 */
import { apiClient, data, type BodyOf, type QueryOf } from '../../apiClient';
import type { Page } from '../../api';
import type { Answers, Scale, ScoreResult, SubjectKind } from '../../../../src/modules/quality/core';
import type { ActionState, ActionType, EvaluationState, ReviewOutcome } from '../../../../src/modules/quality/schema';
import type { actionOut, AuditEntry, CalibrationScoreView, CalibrationSummaryView, CalibrationView, evaluationOut, PlanItemView, PlanView, scorecardOut } from '../../../../src/modules/quality/routes';
import type { ApprovalView, CoachingDetailView, CoachingView, LibraryView, LinkedArticle, TeamView, TrailEntry } from '../../../../src/modules/quality/coachingRoutes';
import type { calibrationAgreement } from '../../../../src/modules/quality/service';
import type { qualityFigures } from '../../../../src/modules/quality/queries';

export type { Scale, SubjectKind, Answers, ScoreResult, EvaluationState, ReviewOutcome, ActionType, ActionState };
export type { Severity, LadderStep, Reason as Stratum, ScorecardItem, ScorecardSection, ScorecardDef, Answer, Figure as Ratio } from '../../../../src/modules/quality/core';
export type { PlanStats } from '../../../../src/modules/quality/queries';
export type { AuditEntry, TrailEntry };

// The server defines these lists too; the screens keep their own, typed so that a server change fails the typecheck.
export const SCALES: readonly Scale[] = ['yes_no', 'scale5', 'points'];
export const SUBJECT_KINDS: readonly SubjectKind[] = ['contact', 'order', 'call'];
export const EVALUATION_STATES: readonly EvaluationState[] = ['assigned', 'scored', 'notified', 'acknowledged', 'disputed', 'closed'];
export const REVIEW_OUTCOMES: readonly ReviewOutcome[] = ['upheld', 'partly_upheld', 'overturned'];

export type Scorecard = ReturnType<typeof scorecardOut>;
export type Evaluation = ReturnType<typeof evaluationOut>;
/** GET /api/quality/evaluations/:id (the agent's own view has no subject summary). */
export type EvaluationDetail = Evaluation & { subjectSummary?: string | null; scorecard: Scorecard; audit: AuditEntry[] };
export type PlanItem = PlanItemView;
export type Plan = PlanView;
export type PlanInput = BodyOf<'/api/quality/plans', 'post'>;
export type QualityAction = ReturnType<typeof actionOut>;
export type CalibrationSummary = CalibrationSummaryView;
export type CalibrationScore = CalibrationScoreView;
export type CalibrationDetail = CalibrationView;
export type Agreement = ReturnType<typeof calibrationAgreement>;
export type Figures = Awaited<ReturnType<typeof qualityFigures>>;
export type Group = Figures['byAgent'][number];
export type ItemFigure = Figures['items'][number];
export type EvaluationQuery = QueryOf<'/api/quality/evaluations'>;
export type PlanItemQuery = QueryOf<'/api/quality/plans/{id}/items'>;
export type CoachingTask = CoachingView;
export type CoachingDetail = CoachingDetailView;
/** A library item; the list adds how many articles it links, one item its readable articles. */
export type LibraryItem = LibraryView & { articleCount?: number; articles?: LinkedArticle[] };
export type Approval = ApprovalView;
export type QualityTeam = TeamView;
export type TeamInput = BodyOf<'/api/quality/teams', 'post'>;

/** A recording's audio source: its URL or the attachment store. */
export const recordingSrc = (r: { recordingUrl: string | null; attachmentId: string | null }) => r.recordingUrl ?? (r.attachmentId ? `/api/attachments/${encodeURIComponent(r.attachmentId)}` : null);

const enc = encodeURIComponent;
const byId = (id: string) => ({ path: { id } });
type Items<T> = { items: T[] };

export const qualityApi = {
  scorecards: (all = false) => data<Items<Scorecard>>(apiClient.GET('/api/quality/scorecards', { params: { query: { all: all ? '1' : '0' } } })),
  scorecard: (id: string) => data<Scorecard>(apiClient.GET('/api/quality/scorecards/{id}', { params: byId(id) })),
  saveScorecard: (body: BodyOf<'/api/quality/scorecards', 'post'>) => data<Scorecard>(apiClient.POST('/api/quality/scorecards', { body })),
  preview: (scorecardId: string, answers: Answers) => data<ScoreResult>(apiClient.POST('/api/quality/score-preview', { body: { scorecardId, answers } })),

  plans: () => data<Items<Plan>>(apiClient.GET('/api/quality/plans')),
  createPlan: (body: PlanInput) => data<Pick<Plan, 'id' | 'name' | 'seed' | 'from' | 'to' | 'stats'> & { drawn: number }>(apiClient.POST('/api/quality/plans', { body })),
  planItems: (planId: string, query: PlanItemQuery = {}) => data<Page<PlanItem>>(apiClient.GET('/api/quality/plans/{id}/items', { params: { ...byId(planId), query } })),
  queue: (query: QueryOf<'/api/quality/queue'> = {}) => data<Page<PlanItem>>(apiClient.GET('/api/quality/queue', { params: { query } })),

  evaluations: (query: EvaluationQuery = {}) => data<Page<Evaluation>>(apiClient.GET('/api/quality/evaluations', { params: { query } })),
  evaluation: (id: string) => data<EvaluationDetail>(apiClient.GET('/api/quality/evaluations/{id}', { params: byId(id) })),
  createEvaluation: (body: BodyOf<'/api/quality/evaluations', 'post'>) => data<Evaluation>(apiClient.POST('/api/quality/evaluations', { body })),
  score: (id: string, body: BodyOf<'/api/quality/evaluations/{id}/score', 'put'>) => data<Evaluation>(apiClient.PUT('/api/quality/evaluations/{id}/score', { params: byId(id), body })),
  release: (id: string) => data<Evaluation>(apiClient.POST('/api/quality/evaluations/{id}/release', { params: byId(id) })),
  review: (id: string, body: BodyOf<'/api/quality/evaluations/{id}/review', 'post'>) => data<Evaluation>(apiClient.POST('/api/quality/evaluations/{id}/review', { params: byId(id), body })),

  myEvaluations: (query: QueryOf<'/api/quality/my/evaluations'> = {}) => data<Page<Evaluation>>(apiClient.GET('/api/quality/my/evaluations', { params: { query } })),
  myEvaluation: (id: string) => data<EvaluationDetail>(apiClient.GET('/api/quality/my/evaluations/{id}', { params: byId(id) })),
  acknowledge: (id: string) => data<Evaluation>(apiClient.POST('/api/quality/my/evaluations/{id}/acknowledge', { params: byId(id) })),
  dispute: (id: string, reason: string) => data<Evaluation>(apiClient.POST('/api/quality/my/evaluations/{id}/dispute', { params: byId(id), body: { reason } })),
  myActions: () => data<Items<QualityAction>>(apiClient.GET('/api/quality/my/actions')),
  signAction: (id: string) => data<QualityAction>(apiClient.POST('/api/quality/my/actions/{id}/acknowledge', { params: byId(id) })),
  myActionDocumentUrl: (id: string, format: 'html' | 'docx' = 'html') => `/api/quality/my/actions/${enc(id)}/document?format=${format}`,

  actions: (query: QueryOf<'/api/quality/actions'> = {}) =>
    data<Items<QualityAction>>(apiClient.GET('/api/quality/actions', { params: { query } })),
  decideAction: (id: string, approve: boolean, note?: string) => data<QualityAction>(apiClient.POST('/api/quality/actions/{id}/decide', { params: byId(id), body: { approve, note: note || undefined } })),
  actionDocumentUrl: (id: string, format: 'html' | 'docx' = 'html') => `/api/quality/actions/${enc(id)}/document?format=${format}`,

  calibrations: () => data<Items<CalibrationSummary>>(apiClient.GET('/api/quality/calibrations')),
  calibration: (id: string) => data<CalibrationDetail>(apiClient.GET('/api/quality/calibrations/{id}', { params: byId(id) })),
  createCalibration: (body: BodyOf<'/api/quality/calibrations', 'post'>) => data<{ id: string }>(apiClient.POST('/api/quality/calibrations', { body })),
  calibrationScore: (id: string, subjectIndex: number, answers: Answers) =>
    data<Omit<CalibrationScore, 'answers' | 'inspectorId'>>(apiClient.POST('/api/quality/calibrations/{id}/scores', { params: byId(id), body: { subjectIndex, answers } })),
  reveal: (id: string) => data<{ id: string; state: 'revealed'; agreement: Agreement }>(apiClient.POST('/api/quality/calibrations/{id}/reveal', { params: byId(id) })),

  coaching: (query: QueryOf<'/api/quality/coaching'> = {}) => data<Items<CoachingTask>>(apiClient.GET('/api/quality/coaching', { params: { query } })),
  coachingTask: (id: string) => data<CoachingDetail>(apiClient.GET('/api/quality/coaching/{id}', { params: byId(id) })),
  createCoaching: (body: BodyOf<'/api/quality/coaching', 'post'>) => data<CoachingTask>(apiClient.POST('/api/quality/coaching', { body })),
  closeCoaching: (id: string, note: string, followUpEvaluationId?: string | null) =>
    data<CoachingDetail>(apiClient.POST('/api/quality/coaching/{id}/close', { params: byId(id), body: { note, followUpEvaluationId: followUpEvaluationId || undefined } })),
  myCoaching: () => data<Items<CoachingTask>>(apiClient.GET('/api/quality/my/coaching')),
  myCoachingTask: (id: string) => data<CoachingDetail>(apiClient.GET('/api/quality/my/coaching/{id}', { params: byId(id) })),
  acknowledgeCoaching: (id: string, note?: string) => data<CoachingDetail>(apiClient.POST('/api/quality/my/coaching/{id}/acknowledge', { params: byId(id), body: { note: note || undefined } })),
  approvals: (state: 'pending_approval' | 'decided' = 'pending_approval') => data<Items<Approval>>(apiClient.GET('/api/quality/approvals', { params: { query: { state } } })),
  proposeFine: (id: string, fineFen: number, note?: string) => data<QualityAction>(apiClient.POST('/api/quality/actions/{id}/propose', { params: byId(id), body: { fineFen, note: note || undefined } })),
  actionTrail: (id: string) => data<Items<TrailEntry>>(apiClient.GET('/api/quality/actions/{id}/trail', { params: byId(id) })),
  library: (query: QueryOf<'/api/quality/library'> = {}) => data<Items<LibraryItem>>(apiClient.GET('/api/quality/library', { params: { query } })),
  libraryItem: (id: string) => data<LibraryItem>(apiClient.GET('/api/quality/library/{id}', { params: byId(id) })),
  addToLibrary: (body: BodyOf<'/api/quality/library', 'post'>) => data<LibraryItem>(apiClient.POST('/api/quality/library', { body })),
  linkArticle: (id: string, articleId: string) => data<LibraryItem>(apiClient.POST('/api/quality/library/{id}/articles', { params: byId(id), body: { articleId } })),
  unlinkArticle: (id: string, articleId: string) => data<void>(apiClient.DELETE('/api/quality/library/{id}/articles/{articleId}', { params: { path: { id, articleId } } })),
  recordingsOfArticle: (articleId: string) => data<Items<LibraryItem>>(apiClient.GET('/api/quality/library/by-article/{articleId}', { params: { path: { articleId } } })),

  teams: () => data<Items<QualityTeam>>(apiClient.GET('/api/quality/teams')),
  createTeam: (body: TeamInput) => data<QualityTeam>(apiClient.POST('/api/quality/teams', { body })),
  updateTeam: (id: string, body: TeamInput) => data<QualityTeam>(apiClient.PUT('/api/quality/teams/{id}', { params: byId(id), body })),

  figures: (query: QueryOf<'/api/quality/figures'>) => data<Figures>(apiClient.GET('/api/quality/figures', { params: { query } })),
};
