/**
 * Client for the property-operations API: billing 收费 (fee items, bill runs, bills, arrears,
 * payments, dunning, reports), inspections 巡检 (plans, tasks, checkpoints, fire equipment,
 * hazards), renovation 装修, and the front-desk ledgers 前台台账. Types mirror only what the
 * screens read.
 */
import { allOf, http, withQuery, type Page } from './api';
import type { BodyOf, QueryOf } from './apiClient';
// Shapes the server already types (type-only imports: erased at build, no server code in the bundle).
import type { PaymentMethod } from '../../src/modules/billing/core';
import type { FeeItemKind, FeeItemTable } from '../../src/modules/billing/schema';
import type { FeeItemOut } from '../../src/modules/billing/feeRoutes';
import type { BillOut } from '../../src/modules/billing/ledgerRoutes';
import type { RunResult } from '../../src/modules/billing/billRuns';
import type { PaymentResult } from '../../src/modules/billing/accounts';
import type { CashierSettings } from '../../src/modules/billing/receiptNumbers';
import type { CorrectionKind, PaymentKind } from '../../src/modules/billing/cashierSchema';
import type { CorrectionOut, ReceiptTrail } from '../../src/modules/billing/corrections';
import type { CashierClose, ChannelTotal, DayFigures, DaySummary } from '../../src/modules/billing/cashierClose';
import type { CollectionReportResult } from '../../src/modules/billing/reports';
import type { CollectionDimension, CollectionRow } from '../../src/modules/billing/core';
import type { ChecklistItem, EquipmentAlert, Severity } from '../../src/modules/inspections/core';
import type { EquipmentKind, TaskStatus, Timeliness } from '../../src/modules/inspections/schema';
import type { InspectionTaskOut } from '../../src/modules/inspections/taskRoutes';

export type { CashierClose, CashierSettings, ChannelTotal, ChecklistItem, CollectionDimension, CollectionRow, CorrectionKind, DayFigures, DaySummary };
export type { EquipmentAlert, EquipmentKind, PaymentKind, PaymentMethod, PaymentResult, ReceiptTrail, Severity, TaskStatus, Timeliness };

type Query = Record<string, string | number | boolean | null | undefined>;
const q = encodeURIComponent;

// ---------- front-desk ledgers 前台台账 ----------

export type LedgerPath = 'visitors' | 'vehicles' | 'parking-permits' | 'keys' | 'mail' | 'lost-found';

/** One ledger record: the common fields plus the ledger's own (read through the ledger's spec). */
export interface LedgerRow {
  id: string;
  projectId: string;
  status: string;
  note: string | null;
  createdAt: string;
  [field: string]: unknown;
}

// ---------- billing 收费 ----------

export type FeeKind = FeeItemKind;
export type BillingCycle = FeeItemTable['cycle'];
export const PAYMENT_METHODS = allOf<PaymentMethod>()(['cash', 'wechat_pay', 'alipay', 'bank_transfer', 'card', 'other'] as const);

export type FeeItem = FeeItemOut;

export type FeeItemInput = BodyOf<'/api/billing/fee-items', 'post'>;

/** A bill run's row (runOut in billRunRoutes.ts reads an untyped row, so no server type to take). */
export interface BillRun {
  id: string;
  projectId: string;
  period: string;
  startedAt: string;
  plannedCount: number;
  createdCount: number;
  existingCount: number;
  createdFen: number;
}

export type BillRunResult = RunResult;

export type Bill = BillOut;

export interface ArrearsRow {
  accountId: string;
  unitId: string | null;
  unitNumber: string | null;
  partyName: string | null;
  collectorId: string | null;
  outstandingFen: number;
  overdueFen: number;
  monthsInArrears: number;
  oldestDueDate: string;
}

export interface AgingBucket {
  label: string;
  fen: number;
  count: number;
}

export interface Payment {
  id: string;
  projectId: string;
  accountId: string;
  receiptNo: string;
  paidOn: string;
  receivedAt: string;
  amountFen: number;
  allocatedFen: number;
  creditedFen: number;
  method: PaymentMethod;
  reference: string | null;
  payerName: string | null;
  note: string | null;
  collectorId?: string | null;
  /** payment | reversal (冲红, negative) | deposit | deposit_refund (negative) | temp_parking (临停费, on the project's own account). */
  kind?: PaymentKind;
  status?: 'valid' | 'voided';
  reversesId?: string | null;
  reversedById?: string | null;
  reappliedFromId?: string | null;
  reprintCount?: number;
}

/** Per project: the receipt number pattern, the correction approval threshold and the payment QR printed on bill notices. */


/** 更正: a void, red reversal, bill cancellation or credit note, with its approval state. */
export type Correction = CorrectionOut;

export type TrailEntry = ReceiptTrail['original'];

/** 收据轨迹: the original receipt, its red entry, the re-apply, the corrections and every reprint. */




export interface ClosePreview extends DayFigures {
  projectId: string;
  collectorId: string;
  day: string;
  close: CashierClose | null;
}


export interface BillNotice {
  id: string;
  projectId: string;
  buildingId: string | null;
  accountId: string;
  period: string;
  noticeNo: string;
  totalFen: number;
  channel: 'print' | 'app';
  sentBy: string | null;
  sentAt: string;
}

export type NoticeRequest = Omit<BodyOf<'/api/billing/notices', 'post'>, 'format'>;


export interface Account {
  accountId: string;
  projectId: string;
  unitId: string | null;
  label: string;
  asOf: string;
  creditFen: number;
  billedFen: number;
  paidFen: number;
  outstandingFen: number;
  overdueFen: number;
  monthsInArrears: number;
  aging: AgingBucket[];
  openBills: Bill[];
  payments: Payment[];
  liabilities: { id: string; partyId: string; partyName: string; role: string; startDate: string; endDate: string | null }[];
  dunningCase: { id: string; enteredOn: string; decision: string; nextStep: string | null; nextDueOn: string | null } | null;
}

export type DunningDecision = 'waiting' | 'due' | 'awaiting_approval' | 'approval_rejected' | 'completed' | 'not_in_ladder';

export interface DunningCase {
  id: string;
  projectId: string;
  accountId: string;
  unitId: string | null;
  unitNumber: string | null;
  partyName: string | null;
  collectorId: string | null;
  enteredOn: string;
  status: 'open' | 'closed';
  closedOn: string | null;
  closeReason: string | null;
  monthsInArrears: number;
  overdueFen: number;
  decision: DunningDecision;
  nextStep: string | null;
  nextDueOn: string | null;
}

export interface DunningCaseDetail extends DunningCase {
  ladder: { steps: { code: string; dayOfMonth: number; action: string; requiresApproval?: boolean; approverRoles?: string[] }[] };
  schedule: { code: string; scheduledOn: string }[];
  steps: { id: string; stepCode: string; action: string; scheduledOn: string | null; takenOn: string; channel: string | null; note: string | null; letterNo: string | null; letterUrl: string | null }[];
  approvals: { stepCode: string; status: string; decidedBy: string | null; approverRole: string | null; decidedOn: string | null; note: string | null }[];
  now: { decision: { status: DunningDecision; stepIndex?: number; dueOn?: string; step?: { code: string; action: string; requiresApproval?: boolean } }; monthsInArrears: number; overdueFen: number } | null;
}



export type CollectionReport = CollectionReportResult;

export type CollectionQuery = QueryOf<'/api/billing/reports/collection'>;

export interface AgingReport {
  asOf: string;
  buckets: string[];
  groups: { groupId: string; label: string; buckets: AgingBucket[]; overdueFen: number; notDueFen: number }[];
  total: { buckets: AgingBucket[]; overdueFen: number; notDueFen: number };
}

// ---------- inspections 巡检 ----------


export interface InspectionPlan {
  id: string;
  projectId: string;
  name: string;
  kind: 'patrol' | 'fire_check' | 'safety_monthly' | 'safety_holiday' | 'other';
  routeId: string | null;
  checklistId: string | null;
  schedule: { type: 'daily' | 'weekly' | 'monthly' | 'before_holidays'; times: string[]; weekdays?: number[]; days?: number[]; daysBefore?: number };
  windowMinutes: number;
  graceMinutes: number;
  assigneeId: string | null;
  active: boolean;
}

export type InspectionTask = InspectionTaskOut;

export interface InspectionResult {
  id: string;
  taskId: string | null;
  checkpointId: string | null;
  equipmentId: string | null;
  checkedAt: string;
  outcome: 'normal' | 'abnormal';
  items: { code: string; value: unknown; abnormal?: boolean; note?: string }[];
  note: string | null;
  hazardOrderId: string | null;
}

export interface TaskDetail extends InspectionTask {
  checkpoints: { seq: number; id: string; code: string; name: string; location: string | null; checked: boolean; outcome: 'normal' | 'abnormal' | null }[];
  results: InspectionResult[];
}

export interface Checklist {
  id: string;
  projectId: string | null;
  name: string;
  kind: string;
  items: ChecklistItem[];
  active: boolean;
}

export interface Checkpoint {
  id: string;
  projectId: string;
  buildingId: string | null;
  code: string;
  name: string;
  location: string | null;
  kind: 'patrol' | 'fire' | 'equipment' | 'safety';
  checklistId: string | null;
  active: boolean;
  qrPayload: string;
}

export interface InspectionRoute {
  id: string;
  projectId: string;
  name: string;
  description: string | null;
  checkpoints: { seq: number; id: string; code: string; name: string }[];
}

export interface StatsGroup {
  key: string;
  label: string;
  total: number;
  onTime: number;
  late: number;
  missed: number;
  open: number;
  abnormal: number;
  onTimeRate: number | null;
  completionRate: number | null;
}

export const EQUIPMENT_KINDS = allOf<EquipmentKind>()(['extinguisher', 'hydrant', 'emergency_light', 'smoke_detector', 'sprinkler', 'fire_door', 'alarm_panel', 'other'] as const);

export interface FireEquipment {
  id: string;
  projectId: string;
  buildingId: string | null;
  code: string;
  kind: EquipmentKind;
  model: string | null;
  location: string;
  installDate: string | null;
  lastCheckedOn: string | null;
  nextCheckDue: string | null;
  expiryDate: string | null;
  status: 'in_service' | 'faulty' | 'retired';
  note: string | null;
  alerts: EquipmentAlert[];
}


export type HazardInput = NonNullable<BodyOf<'/api/inspections/results', 'post'>['hazard']>;

export interface Hazard {
  orderId: string;
  number: string;
  projectId: string;
  title: string;
  state: string;
  severity: Severity | null;
  deadline: string | null;
  overdue: boolean;
  department: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  reportedAt: string;
  closedAt: string | null;
  reinspectionFailCount: number;
  foundAt: string | null;
  checkpointName: string | null;
  equipmentCode: string | null;
}

/** A work order as GET /api/orders/:id answers (only what the hazard view reads). */
export interface OrderDetail {
  id: string;
  number: string;
  kind: string;
  state: string;
  version: number;
  title?: string | null;
  description?: string | null;
  assigneeId?: string | null;
  assigneeName?: string | null;
  department?: string | null;
  location?: string | null;
  severity?: string | null;
  dueDate?: string | null;
  events: { seq: number; at: string; actorName: string | null; action: string; from: string | null; to: string | null; note: string | null; reason: string | null; outcome: string | null }[];
  availableActions: { action: string; to: string[]; requires: string[]; optional: string[] }[];
}

export interface LifecycleLabels {
  states: Record<string, string>;
  actions: Record<string, string>;
  outcomes: Record<string, string>;
  stateOverrides: Record<string, Record<string, string>>;
  actionOverrides: Record<string, Record<string, string>>;
}

// ---------- renovation 装修 ----------

export interface Renovation {
  orderId: string;
  number: string;
  state: string;
  /** The order's version, sent back with a lifecycle action so a concurrent change is refused. */
  version: number;
  projectId: string;
  unitId: string;
  unitLabel: string;
  applicantName: string;
  applicantPhone: string | null;
  contractorName: string | null;
  contractorPhone: string | null;
  workers: number | null;
  scope: string;
  plannedStart: string;
  plannedEnd: string;
  workingHours: { weekdays: string[]; weekends: string[] };
  permitNo: string | null;
  permitIssuedAt: string | null;
  deposit: { requiredFen: number | null; paidFen: number; refundedFen: number; deductedFen: number; receiptNo: string | null; method: string | null; refundedAt: string | null };
  inspectionCount: number;
  violationCount: number;
  appliedAt: string;
}

export interface RenovationDetail extends Renovation {
  inspections: { id: string; inspectedAt: string; withinWorkingHours: boolean; violation: boolean; findings: string | null }[];
  notices: { id: string; noticeNo: string; issuedOn: string; violation: string | null; requirement: string; deadline: string; status: string; verifiedOn: string | null; url: string }[];
  permitUrl: string | null;
  /** What the signed-in user may do next (the server's lifecycle engine decides). */
  availableActions: { action: string; to: string[]; requires: string[]; optional: string[] }[];
}

export type RenovationInput = BodyOf<'/api/renovations', 'post'>;

export interface UserBrief {
  id: string;
  username: string;
  displayName: string;
  role: string;
  active: boolean;
}

export const opsApi = {
  // ledgers
  ledger: (path: LedgerPath, query: Query) => http.get<Page<LedgerRow>>(withQuery(`/api/ledgers/${path}`, query)),
  createLedger: (path: LedgerPath, body: Record<string, unknown>) => http.post<LedgerRow>(`/api/ledgers/${path}`, body),
  ledgerAction: (path: LedgerPath, id: string, action: string, body: Record<string, unknown>) => http.post<LedgerRow>(`/api/ledgers/${path}/${q(id)}/${action}`, body),
  checkPermit: (projectId: string, plate: string) =>
    http.get<{ plate: string; valid: boolean; inside: boolean; permit: LedgerRow | null }>(withQuery('/api/ledgers/parking-permits/check', { projectId, plate })),

  // billing
  feeItems: (query: Query) => http.get<Page<FeeItem>>(withQuery('/api/billing/fee-items', query)),
  createFeeItem: (body: FeeItemInput) => http.post<FeeItem>('/api/billing/fee-items', body),
  runs: (query: Query) => http.get<Page<BillRun>>(withQuery('/api/billing/runs', query)),
  runBills: (body: BodyOf<'/api/billing/runs', 'post'>) => http.post<BillRunResult>('/api/billing/runs', body),
  bills: (query: Query) => http.get<Page<Bill>>(withQuery('/api/billing/bills', query)),
  arrears: (query: Query) => http.get<Page<ArrearsRow> & { totalOverdueFen: number }>(withQuery('/api/billing/arrears', query)),
  account: (id: string) => http.get<Account>(`/api/billing/accounts/${q(id)}`),
  payments: (query: Query) => http.get<Page<Payment>>(withQuery('/api/billing/payments', query)),
  pay: (body: BodyOf<'/api/billing/payments', 'post'>) =>
    http.post<PaymentResult>('/api/billing/payments', body),
  receiptUrl: (paymentId: string) => `/api/billing/payments/${q(paymentId)}/receipt.html`,
  dunningCases: (query: Query) => http.get<Page<DunningCase>>(withQuery('/api/billing/dunning/cases', query)),
  dunningCase: (id: string) => http.get<DunningCaseDetail>(`/api/billing/dunning/cases/${q(id)}`),
  evaluateDunning: (projectId: string) => http.post<{ entered?: number; closed?: number; [k: string]: unknown }>('/api/billing/dunning/evaluate', { projectId }),
  takeDunningStep: (id: string, body: BodyOf<'/api/billing/dunning/cases/{id}/steps', 'post'>) =>
    http.post<{ stepId: string; letterNo: string | null; letterUrl: string | null }>(`/api/billing/dunning/cases/${q(id)}/steps`, body),
  decideDunningStep: (id: string, body: BodyOf<'/api/billing/dunning/cases/{id}/approvals', 'post'>) => http.post<unknown>(`/api/billing/dunning/cases/${q(id)}/approvals`, body),
  collectionReport: (query: CollectionQuery) => http.get<CollectionReport>(withQuery('/api/billing/reports/collection', query as unknown as Query)),
  collectionXlsx: (query: CollectionQuery) => http.blob(withQuery('/api/billing/reports/collection', { ...(query as unknown as Query), format: 'xlsx' })),
  aging: (projectId: string, asOf?: string) => http.get<AgingReport>(withQuery('/api/billing/reports/aging', { projectId, asOf })),
  // corrections 更正, receipt trail, reprint
  requestCorrection: (body: BodyOf<'/api/billing/corrections', 'post'>) =>
    http.post<Correction>('/api/billing/corrections', body),
  corrections: (query: Query) => http.get<Page<Correction>>(withQuery('/api/billing/corrections', query)),
  decideCorrection: (id: string, approve: boolean, note?: string) => http.post<Correction>(`/api/billing/corrections/${q(id)}/decide`, { approve, note }),
  reapply: (id: string, accountId: string) => http.post<Correction>(`/api/billing/corrections/${q(id)}/reapply`, { accountId }),
  receiptTrail: (paymentId: string) => http.get<ReceiptTrail>(`/api/billing/payments/${q(paymentId)}/trail`),
  /** Opening it counts and records a reprint: the receipt comes back stamped 重打（第 n 次）. */
  reprintUrl: (paymentId: string) => `/api/billing/payments/${q(paymentId)}/reprint.html`,
  // cashier settings 收费设置: receipt numbers, correction approval, the notice payment QR
  cashierSettings: (projectId: string) => http.get<CashierSettings>(`/api/billing/projects/${q(projectId)}/cashier-settings`),
  saveCashierSettings: (projectId: string, body: CashierSettings) => http.put<CashierSettings>(`/api/billing/projects/${q(projectId)}/cashier-settings`, body),
  // daily close 日结
  closePreview: (query: QueryOf<'/api/billing/cashier-closes/preview'>) => http.get<ClosePreview>(withQuery('/api/billing/cashier-closes/preview', query)),
  closeDay: (body: BodyOf<'/api/billing/cashier-closes', 'post'>) =>
    http.post<CashierClose>('/api/billing/cashier-closes', body),
  closes: (query: Query) => http.get<Page<CashierClose>>(withQuery('/api/billing/cashier-closes', query)),
  closeSummary: (projectId: string, day?: string) => http.get<DaySummary>(withQuery('/api/billing/cashier-closes/summary', { projectId, day })),
  closeXlsx: (id: string) => http.blob(`/api/billing/cashier-closes/${q(id)}/export.xlsx`),
  closePdf: (id: string) => http.blob(`/api/billing/cashier-closes/${q(id)}/export.pdf`),
  // exports 导出 (the list's own filters)
  paymentsXlsx: (query: Query) => http.blob(withQuery('/api/billing/exports/payments.xlsx', query)),
  arrearsXlsx: (query: Query) => http.blob(withQuery('/api/billing/exports/arrears.xlsx', query)),
  billsXlsx: (query: Query) => http.blob(withQuery('/api/billing/exports/bills.xlsx', query)),
  // bill notices 缴费通知单
  issueNotices: (body: NoticeRequest) => http.post<{ count: number; totalFen: number; items: BillNotice[] }>('/api/billing/notices', { ...body, format: 'json' }),
  issueNoticesDoc: (body: NoticeRequest, format: 'html' | 'docx' | 'pdf') => http.postBlob('/api/billing/notices', { ...body, format }),
  notices: (query: Query) => http.get<Page<BillNotice>>(withQuery('/api/billing/notices', query)),
  noticeUrl: (id: string, format: 'html' | 'docx' | 'pdf' = 'html') => `/api/billing/notices/${q(id)}?format=${format}`,

  // inspections
  checklists: (projectId?: string) => http.get<{ items: Checklist[] }>(withQuery('/api/inspections/checklists', { projectId })),
  plans: (projectId?: string) => http.get<{ items: InspectionPlan[] }>(withQuery('/api/inspections/plans', { projectId })),
  tasks: (query: Query) => http.get<Page<InspectionTask>>(withQuery('/api/inspections/tasks', query)),
  task: (id: string) => http.get<TaskDetail>(`/api/inspections/tasks/${q(id)}`),
  startTask: (id: string) => http.post<InspectionTask>(`/api/inspections/tasks/${q(id)}/start`),
  completeTask: (id: string, note?: string | null) => http.post<InspectionTask>(`/api/inspections/tasks/${q(id)}/complete`, { note: note ?? null }),
  recordTaskResult: (taskId: string, body: BodyOf<'/api/inspections/tasks/{id}/results', 'post'>) =>
    http.post<{ id: string; outcome: string; hazardOrderId: string | null; hazardNumber: string | null }>(`/api/inspections/tasks/${q(taskId)}/results`, body),
  recordResult: (body: BodyOf<'/api/inspections/results', 'post'>) =>
    http.post<{ id: string; outcome: string; hazardOrderId: string | null; hazardNumber: string | null }>('/api/inspections/results', body),
  generateTasks: (body: BodyOf<'/api/inspections/tasks/generate', 'post'>) => http.post<{ created: number; planned: number }>('/api/inspections/tasks/generate', body),
  inspectionStats: (projectId: string, from: string, to: string) =>
    http.get<{ byPlan: StatsGroup[]; byInspector: StatsGroup[]; total: StatsGroup | null }>(withQuery('/api/inspections/stats', { projectId, from, to })),
  checkpoints: (query: Query) => http.get<Page<Checkpoint>>(withQuery('/api/inspections/checkpoints', query)),
  routes: (projectId?: string) => http.get<{ items: InspectionRoute[] }>(withQuery('/api/inspections/routes', { projectId })),
  equipment: (query: Query) => http.get<Page<FireEquipment>>(withQuery('/api/inspections/fire-equipment', query)),
  equipmentAlerts: (projectId: string, withinDays = 30) =>
    http.get<{ asOf: string; withinDays: number; counts: { expired: number; expiring: number; checkOverdue: number; checkDue: number }; items: FireEquipment[] }>(
      withQuery('/api/inspections/fire-equipment/alerts', { projectId, withinDays }),
    ),
  checkEquipment: (id: string, body: BodyOf<'/api/inspections/fire-equipment/{id}/checks', 'post'>) =>
    http.post<{ id: string; outcome: string; hazardOrderId: string | null; hazardNumber: string | null }>(`/api/inspections/fire-equipment/${q(id)}/checks`, body),
  hazards: (query: Query) => http.get<Page<Hazard>>(withQuery('/api/inspections/hazards', query)),
  order: (id: string) => http.get<OrderDetail>(`/api/orders/${q(id)}`),
  orderAction: (id: string, action: string, body: Record<string, unknown>) => http.post<unknown>(`/api/orders/${q(id)}/actions/${action}`, body),
  lifecycleLabels: () => http.get<LifecycleLabels>('/api/orders/meta/labels'),
  users: (role?: string) => http.get<{ items: UserBrief[] }>(withQuery('/api/users', { role })),

  // renovation
  renovations: (query: Query) => http.get<Page<Renovation>>(withQuery('/api/renovations', query)),
  renovation: (id: string) => http.get<RenovationDetail>(`/api/renovations/${q(id)}`),
  applyRenovation: (body: RenovationInput) => http.post<Renovation>('/api/renovations', body),
  renovationStep: (id: string, step: 'approve' | 'deposit' | 'permit' | 'inspections' | 'notices' | 'verify' | 'refund', body: Record<string, unknown> = {}) =>
    http.post<unknown>(`/api/renovations/${q(id)}/${step}`, body),
};
