/**
 * Client for the service-desk part of the API (受理台, 工单, 派单, 回访, 指标): the types the
 * screens read and one function per endpoint. Shares the transport (session cookie, CSRF token,
 * Accept-Language) with the core client in ../../api.
 */
import { allOf, http, withQuery, type Page, type Party } from '../../api';
import type { BodyOf, QueryOf } from '../../apiClient';
// The server's own types (type-only: erased at build, no server code in the bundle).
import type { Kind } from '../../../../src/modules/workorders/lifecycle/types';
import type { WorkOrderTable } from '../../../../src/modules/workorders/schema';
import type { Queue } from '../../../../src/modules/workorders/queries';
import type { BoardColumn as BoardColumnKey } from '../../../../src/modules/workorders/board';
import type { Technician } from '../../../../src/modules/workorders/dispatch';
import type { ContactCategory, ContactChannel } from '../../../../src/modules/contacts/schema';

export type { BoardColumnKey, ContactCategory, ContactChannel, Queue, Technician };

export type OrderKind = Kind;
export type Priority = WorkOrderTable['priority'];
export type SlaTargetName = 'response' | 'dispatch' | 'on_site' | 'resolution';
export type SlaStatus = 'running' | 'paused' | 'met' | 'breached' | 'pending' | 'cancelled';

export const ORDER_KINDS = allOf<OrderKind>()(['repair', 'complaint', 'enquiry', 'suggestion', 'praise', 'hazard', 'renovation'] as const);
export const PRIORITIES = allOf<Priority>()(['low', 'normal', 'high', 'urgent'] as const);
export const CONTACT_CHANNELS = allOf<ContactChannel>()(['phone', 'walk_in', 'letter', 'app', 'night_room', 'patrol'] as const);
export const CONTACT_CATEGORIES = allOf<ContactCategory>()(['unit_repair', 'public_repair', 'enquiry', 'complaint', 'suggestion', 'praise', 'other'] as const);
export const QUEUES = allOf<Queue>()(['all', 'open', 'mine', 'my_first_contact', 'unassigned', 'near_breach', 'breached', 'reopened', 'awaiting_visit', 'closed'] as const);

export interface SlaTarget {
  target: SlaTargetName;
  status: SlaStatus;
  deadline: string | null;
  targetMinutes?: number;
  remainingMinutes: number | null;
  overdueMinutes: number | null;
  warning: boolean;
  paused?: boolean;
  /** Set once the clock has stopped (met, or missed and then done): history, not a live risk. */
  stoppedAt?: string | null;
}

// An order as the API answers it: orderOut (workorders/queries.ts) takes the kind, channel and SLA
// from untyped columns and JSON, so its inferred type is looser than what the screens rely on.
export interface Order {
  id: string;
  number: string;
  kind: OrderKind;
  category: string | null;
  priority: Priority;
  state: string;
  version: number;
  title: string;
  description: string | null;
  areaScope: 'public' | 'unit' | null;
  projectId: string;
  buildingId: string | null;
  unitId: string | null;
  unitNumber: string | null;
  location: string | null;
  partyId: string | null;
  partyName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  channel: ContactChannel | null;
  ownerId: string | null;
  ownerName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  appointmentAt: string | null;
  paid: boolean;
  warranty: boolean;
  chargeFen: number;
  paidFen: number;
  holdReason: string | null;
  reopenCount: number;
  customerInformed: boolean;
  awaitingCustomer: boolean;
  completedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  slaBreached: boolean;
  slaWarning: boolean;
  sla: { cycle: number; targets: SlaTarget[] };
}

export interface OrderEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  reason: string | null;
  outcome: string | null;
  materials?: { name: string; quantity: number; unit?: string }[];
}

export interface Attachment {
  id: string;
  filename: string;
  mime: string;
  size: number;
  createdAt: string;
  url: string;
}

export interface OrderVisit {
  id: string;
  cycle: number;
  status: 'pending' | 'done' | 'skipped';
  dueAt: string;
  visitedAt: string | null;
  outcome: string | null;
  scores: { speed: number | null; attitude: number | null; quality: number | null };
  comment: string | null;
  channel: string | null;
}

/** One action the signed-in user may take now, with the inputs its form must (or may) ask for. */
export interface AvailableAction {
  action: string;
  to: string[];
  requires: string[];
  optional: string[];
}

export interface OrderDetail extends Order {
  events: OrderEvent[];
  attachments: Attachment[];
  visits: OrderVisit[];
  availableActions: AvailableAction[];
  /** The customer's phones; masked (or none) for technicians and inspectors off their active work. */
  partyPhones?: string[];
  /** Whether this user may add photos or files to the order. */
  canAttach?: boolean;
}

export interface Contact {
  id: string;
  projectId: string;
  channel: ContactChannel;
  category: ContactCategory;
  occurredAt: string;
  callerName: string | null;
  callerPhone: string | null;
  partyId: string | null;
  partyName: string | null;
  unitId: string | null;
  unitNumber: string | null;
  summary: string;
  handledOnSpot: boolean;
  orderId: string | null;
  orderNumber: string | null;
  ownerName: string | null;
}

export interface Arrears {
  unitId: string;
  outstandingFen: number;
  overdueFen: number;
  monthsInArrears: number;
  creditFen: number;
}

export interface CallerScreen {
  parties: Party[];
  openOrders: Order[];
  recentContacts: Contact[];
  arrears?: Arrears[];
}

export type ContactInput = BodyOf<'/api/contacts', 'post'>;

export type OrderInput = BodyOf<'/api/orders', 'post'>;

export type OrderQuery = QueryOf<'/api/orders'>;


/** The four columns of the dispatch board; every open order is in exactly one. */
export const BOARD_COLUMNS = allOf<BoardColumnKey>()(['unassigned', 'dispatched', 'working', 'on_hold'] as const);

/** One order on the board: what a card shows, no SLA clock detail. */
export interface BoardCard
  extends Pick<Order, 'id' | 'number' | 'kind' | 'category' | 'priority' | 'state' | 'version' | 'title' | 'projectId' | 'buildingId' | 'unitNumber' | 'location'>,
    Pick<Order, 'assigneeId' | 'assigneeName' | 'ownerName' | 'appointmentAt' | 'createdAt' | 'slaBreached' | 'slaWarning' | 'reopenCount' | 'holdReason'> {
  buildingName: string | null;
  ageMinutes: number;
  nextDueAt: string | null;
  chaseCount: number;
  /** How the board gives it to someone from its state (null: not dispatched work, or finished). */
  assignAction: 'dispatch' | 'assign' | 'redispatch' | 'reassign' | 'transfer' | null;
}

/** A column, sorted breached → warning → oldest and paged on the server. */
export interface BoardColumn {
  key: BoardColumnKey;
  total: number;
  breached: number;
  warning: number;
  page: number;
  pageSize: number;
  items: BoardCard[];
}

/** A technician as the board shows them: live load against the cap, and today's appointments. */
export interface BoardTechnician extends Technician {
  cap: number;
  atCap: boolean;
  today: { orderId: string; number: string; title: string; at: string; state: string }[];
}

export type BoardFilter = Omit<QueryOf<'/api/dispatch/board'>, 'column' | 'page' | 'pageSize'>;

export interface DispatchBoard {
  columns: BoardColumn[];
  /** Open work per building under the same filter (absent when one column was asked for). */
  buildings: { buildingId: string | null; name: string | null; open: number; breached: number }[];
  technicians?: BoardTechnician[];
  settings: { maxOpenPerTechnician: number; autoAssign: 'off' | 'round_robin' | 'least_loaded' | string };
  eventSeq: number;
  generatedAt: string;
}

export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  role: string;
  skills: string[];
  onDuty: boolean;
  active: boolean;
}

export interface OrderCategory {
  id: string;
  kind: OrderKind;
  name: string;
  skill: string | null;
}

export interface VisitItem {
  id: string;
  orderId: string;
  number: string;
  title: string;
  kind: OrderKind;
  category: string | null;
  cycle: number;
  reason: string;
  dueAt: string;
  overdue: boolean;
  status: 'pending' | 'done' | 'skipped';
  outcome: string | null;
  visitedAt: string | null;
  contactName: string | null;
  contactPhone: string | null;
  unitNumber: string | null;
  assigneeName: string | null;
  completedAt: string | null;
  version: number;
  reopenCount: number;
}

export interface RatingView {
  number: string;
  title: string;
  completedAt: string | null;
  alreadyRated: boolean;
  state: string;
}

export type RatingInput = Omit<BodyOf<'/api/visits/link/{token}', 'post'>, 'confirm'>;

export interface Kpi {
  code: string;
  numerator: number;
  denominator: number;
  value: number | null;
  target?: number;
  parts?: Kpi[];
  label?: string;
}

export interface TrendDay {
  day: string;
  contacts: number;
  closedOrders: number;
  visits: number;
  kpis: { code: string; value: number | null; numerator?: number; denominator?: number }[];
}

export interface KpiRecord {
  id: string;
  number?: string;
  at?: string | null;
  outcome?: string | null;
  counted: boolean;
}

export interface Range {
  from: string;
  to: string;
  projectId?: string;
}

const enc = encodeURIComponent;

export const deskApi = {
  // 受理台
  caller: (phone: string) => http.get<CallerScreen>('/api/desk/caller', { phone }),
  createContact: (body: ContactInput) => http.post<{ id: string; orderId?: string | null; number?: string | null }>('/api/contacts', body),
  contacts: (query: { mine?: '1'; page?: number; pageSize?: number; q?: string }) => http.get<Page<Contact>>('/api/contacts', query),

  // 工单
  orders: (query: OrderQuery) => http.get<Page<Order>>('/api/orders', query as Record<string, string | number | undefined>),
  order: (id: string) => http.get<OrderDetail>(`/api/orders/${enc(id)}`),
  createOrder: (body: OrderInput) => http.post<Order>('/api/orders', body),
  act: (id: string, action: string, body: Record<string, unknown>) => http.post<Order>(`/api/orders/${enc(id)}/actions/${enc(action)}`, body),
  upload: (id: string, file: File | Blob, name: string) => {
    const fd = new FormData();
    fd.append('file', file, name);
    return http.post<Attachment>(`/api/orders/${enc(id)}/attachments`, fd);
  },
  categories: (kind?: OrderKind) => http.get<{ items: OrderCategory[] }>('/api/order-categories', { kind }),
  staff: (role?: string) => http.get<{ items: StaffUser[] }>('/api/users', { role }),

  // 派单
  board: (query: BoardFilter & { column?: BoardColumnKey; page?: number; pageSize?: number } = {}) =>
    http.get<DispatchBoard>('/api/dispatch/board', query as Record<string, string | number | undefined>),
  /** Live board events (server-sent events; EventSource sends the session cookie). */
  boardEventsUrl: '/api/dispatch/events',
  /** Tell the other boards this card is being dispatched (advisory, no lock). */
  focus: (orderId: string) => http.post<{ ok: true }>('/api/dispatch/focus', { orderId }),
  autoAssign: (id: string, strategy: 'round_robin' | 'least_loaded') =>
    http.post<{ assigneeId: string; assigneeName: string; order: Order }>(`/api/orders/${enc(id)}/auto-assign`, { strategy }),
  grab: (id: string) => http.post<Order>(`/api/orders/${enc(id)}/grab`),
  setDuty: (onDuty: boolean) => http.post<{ onDuty: boolean }>('/api/technicians/me/duty', { onDuty }),

  // 回访
  visits: (query: { status?: 'pending' | 'done' | 'skipped'; q?: string; page?: number; pageSize?: number }) => http.get<Page<VisitItem>>('/api/visits', query),
  ratingLink: (token: string) => http.get<RatingView>(`/api/visits/link/${enc(token)}`),
  rate: (token: string, body: RatingInput) => http.post<{ ok: true }>(`/api/visits/link/${enc(token)}`, { confirm: true, ...body }),

  // 指标
  kpi: (r: Range) => http.get<{ kpis: Kpi[] }>('/api/kpi', { ...r }),
  trend: (r: Range) => http.get<{ days: TrendDay[] }>('/api/kpi/trend', { ...r }),
  kpiRecords: (code: string, r: Range) => http.get<{ records: KpiRecord[] }>(`/api/kpi/${enc(code)}/records`, { ...r }),
  queueCount: (queue: Queue) => http.get<Page<Order>>('/api/orders', { queue, pageSize: 1 }).then((p) => p.total),
};

/** Link to the order list with a queue (and other filters) selected. */
export function ordersLink(query: { queue?: Queue; q?: string }): string {
  return withQuery('/orders', query);
}
