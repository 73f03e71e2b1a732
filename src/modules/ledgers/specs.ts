/**
 * The front-desk ledgers as data: one specification per ledger (its table, filters, create and
 * edit bodies, output and closing actions), turned into routes by the engine in routes.ts.
 */
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { dateStr } from '../../core/dates';
import { AppError, notFound } from '../../core/errors';
import type { Actor } from '../auth/permissions';
import { nextSequence, type Db as BillingDb } from '../billing/store';
import { PAYMENT_METHODS, type PaymentMethod } from '../billing/core';
import { postProjectIncome } from '../billing/projectIncome';
import { enqueue } from '../notifications/outbox';
import type { LedgersTables } from './schema';
import { durationMinutes, keyOverdue, maskIdNumber, mayDispose, normalisePlate, permitStatus, LOST_ITEM_KEEP_DAYS } from './rules';
import { partyUsableIn } from '../registry/queries';

export const idStr = z.string().min(1).max(40);
export const isoTime = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), { message: 'validation.date' });
// Calendar dates come from the shared strict schema (impossible dates are a 400, not a 500).
const text = (max: number) => z.string().trim().min(1).max(max);
const plateStr = z.string().max(20).refine((s) => normalisePlate(s) !== null, { message: 'ledgers.validation.plate' });

export interface Ctx {
  app: AppContext;
  actor: Actor;
  now: string;
  today: string;
  projectId: string;
}

export type Row = Record<string, any>;

export interface ActionSpec {
  summary: string;
  body: z.ZodObject<any>;
  from: readonly string[];
  to: string;
  /** The row is closed by this action (closed_by is recorded). */
  closes: boolean;
  apply(body: any, row: Row, c: Ctx): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Books what the action moves elsewhere (money into the billing ledger) in the same transaction; returns more columns to set. */
  book?(trx: BillingDb, body: any, row: Row, c: Ctx): Promise<Record<string, unknown>>;
}

export interface LedgerSpec {
  path: string;
  table: keyof LedgersTables;
  what: string;
  summary: string;
  timeCol: string;
  statuses: readonly [string, ...string[]];
  openStatuses: readonly string[];
  searchCols: readonly string[];
  /** Columns that must name a unit of the same project. */
  unitCols: readonly string[];
  filters?: Record<string, { col: string; schema: z.ZodType }>;
  createBody: z.ZodObject<any>;
  create(body: any, c: Ctx): Record<string, unknown> | Promise<Record<string, unknown>>;
  patchBody: z.ZodObject<any>;
  patch(body: any): Record<string, unknown>;
  out(row: Row, c: { now: string; today: string }): Record<string, unknown>;
  actions: Record<string, ActionSpec>;
  /** Extra list filters that need logic (e.g. overdue keys). */
  listHook?(q: any, query: any, c: { now: string; today: string }): any;
}

const base = (r: Row) => ({ id: r.id, projectId: r.project_id, note: r.note, createdBy: r.created_by, closedBy: r.closed_by, createdAt: r.created_at, updatedAt: r.updated_at });
const noteField = { note: z.string().max(500).nullish() };

const visitors: LedgerSpec = {
  path: 'visitors',
  table: 'visitors',
  what: 'what.visitor',
  summary: '访客登记 Visitors',
  timeCol: 'entered_at',
  statuses: ['in', 'out'],
  openStatuses: ['in'],
  searchCols: ['visitor_name', 'visitor_phone', 'host_name', 'plate'],
  unitCols: ['host_unit_id'],
  filters: { hostUnitId: { col: 'host_unit_id', schema: idStr } },
  createBody: z.object({
    projectId: idStr,
    visitorName: text(40),
    visitorPhone: z.string().max(40).nullish(),
    idNumber: z.string().max(30).nullish(),
    partySize: z.number().int().min(1).max(100).default(1),
    hostUnitId: idStr.nullish(),
    hostName: z.string().max(40).nullish(),
    purpose: text(200),
    waitingPlace: z.string().max(60).nullish(),
    plate: plateStr.nullish(),
    enteredAt: isoTime.optional(),
    ...noteField,
  }),
  create: (b, c) => ({
    visitor_name: b.visitorName,
    visitor_phone: b.visitorPhone ?? null,
    id_number_masked: b.idNumber ? maskIdNumber(b.idNumber) : null,
    party_size: b.partySize,
    host_unit_id: b.hostUnitId ?? null,
    host_name: b.hostName ?? null,
    purpose: b.purpose,
    waiting_place: b.waitingPlace ?? null,
    plate: b.plate ? normalisePlate(b.plate) : null,
    entered_at: b.enteredAt ? new Date(b.enteredAt).toISOString() : c.now,
    left_at: null,
    status: 'in',
  }),
  patchBody: z.object({ hostName: z.string().max(40).nullish(), purpose: text(200).optional(), waitingPlace: z.string().max(60).nullish(), ...noteField }),
  patch: (b) => ({ ...(b.hostName !== undefined && { host_name: b.hostName ?? null }), ...(b.purpose !== undefined && { purpose: b.purpose }), ...(b.waitingPlace !== undefined && { waiting_place: b.waitingPlace ?? null }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r) => ({
    ...base(r),
    visitorName: r.visitor_name,
    visitorPhone: r.visitor_phone,
    idNumberMasked: r.id_number_masked,
    partySize: r.party_size,
    hostUnitId: r.host_unit_id,
    hostName: r.host_name,
    purpose: r.purpose,
    waitingPlace: r.waiting_place,
    plate: r.plate,
    enteredAt: r.entered_at,
    leftAt: r.left_at,
    minutes: durationMinutes(r.entered_at, r.left_at),
    status: r.status,
  }),
  actions: {
    checkout: { summary: '访客离开 Visitor leaves', body: z.object({ leftAt: isoTime.optional(), ...noteField }), from: ['in'], to: 'out', closes: true, apply: (b, r, c) => leave(b.leftAt, r.entered_at, c.now, 'left_at', b.note) },
  },
};

/** The closing instant: given (not before the start, not in the future) or now. */
function leave(at: string | undefined, start: string, now: string, col: string, note?: string | null): Record<string, unknown> {
  const t = at ? new Date(at).toISOString() : now;
  if (t < start || t > now) throw new AppError(400, 'ledgers.bad_time');
  return { [col]: t, ...(note ? { note } : {}) };
}

const vehicles: LedgerSpec = {
  path: 'vehicles',
  table: 'vehicle_entries',
  what: 'what.vehicle_entry',
  summary: '车辆出入登记 Vehicle access',
  timeCol: 'entered_at',
  statuses: ['in', 'out'],
  openStatuses: ['in'],
  searchCols: ['plate', 'driver_name', 'driver_phone'],
  unitCols: ['host_unit_id'],
  filters: { kind: { col: 'kind', schema: z.enum(['visitor', 'resident', 'delivery', 'taxi', 'construction', 'other']) } },
  createBody: z.object({
    projectId: idStr,
    plate: plateStr,
    kind: z.enum(['visitor', 'resident', 'delivery', 'taxi', 'construction', 'other']).optional(),
    driverName: z.string().max(40).nullish(),
    driverPhone: z.string().max(40).nullish(),
    hostUnitId: idStr.nullish(),
    purpose: z.string().max(200).nullish(),
    enteredAt: isoTime.optional(),
    ...noteField,
  }),
  async create(b, c) {
    const plate = normalisePlate(b.plate)!;
    // A plate with a valid permit is a resident's car unless the guard says otherwise.
    const permit = await c.app.store.db.selectFrom('parking_permits').select(['id', 'valid_from', 'valid_to', 'status']).where('project_id', '=', c.projectId).where('plate', '=', plate).where('status', '=', 'active').execute();
    const valid = permit.some((p) => permitStatus(p, c.today) === 'active');
    return {
      plate,
      kind: b.kind ?? (valid ? 'resident' : 'visitor'),
      driver_name: b.driverName ?? null,
      driver_phone: b.driverPhone ?? null,
      host_unit_id: b.hostUnitId ?? null,
      purpose: b.purpose ?? null,
      entered_at: b.enteredAt ? new Date(b.enteredAt).toISOString() : c.now,
      exited_at: null,
      fee_fen: null,
      status: 'in',
    };
  },
  patchBody: z.object({ purpose: z.string().max(200).nullish(), driverName: z.string().max(40).nullish(), ...noteField }),
  patch: (b) => ({ ...(b.purpose !== undefined && { purpose: b.purpose ?? null }), ...(b.driverName !== undefined && { driver_name: b.driverName ?? null }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r) => ({
    ...base(r),
    plate: r.plate,
    kind: r.kind,
    driverName: r.driver_name,
    driverPhone: r.driver_phone,
    hostUnitId: r.host_unit_id,
    purpose: r.purpose,
    enteredAt: r.entered_at,
    exitedAt: r.exited_at,
    minutes: durationMinutes(r.entered_at, r.exited_at),
    feeFen: r.fee_fen === null ? null : Number(r.fee_fen),
    feeReceiptNo: r.fee_receipt_no ?? null,
    status: r.status,
  }),
  actions: {
    exit: {
      summary: '车辆离场（可记录临停费）Vehicle leaves',
      body: z.object({
        exitedAt: isoTime.optional(),
        // 临停费 up to 1,000 元 a stay; it is booked as a receipt on the project's income account.
        feeFen: z.number().int().min(0).max(100_000).optional(),
        feeMethod: z.enum(PAYMENT_METHODS as [PaymentMethod, ...PaymentMethod[]]).default('cash'),
        feeReference: z.string().trim().max(64).nullish(),
        ...noteField,
      }),
      from: ['in'],
      to: 'out',
      closes: true,
      apply: (b, r, c) => ({ ...leave(b.exitedAt, r.entered_at, c.now, 'exited_at', b.note), ...(b.feeFen !== undefined && { fee_fen: b.feeFen }) }),
      async book(trx, b, r, c) {
        if (!b.feeFen) return {};
        const { paymentId, receiptNo } = await postProjectIncome(trx, c.app.store.dialect, {
          orgId: c.actor.orgId,
          projectId: r.project_id,
          kind: 'temp_parking',
          amountFen: b.feeFen,
          method: b.feeMethod,
          reference: b.feeReference,
          payerName: r.plate,
          note: `临时停车 ${r.plate}`,
          userId: c.actor.userId!,
        });
        return { fee_payment_id: paymentId, fee_receipt_no: receiptNo };
      },
    },
  },
};

export const permits: LedgerSpec = {
  path: 'parking-permits',
  table: 'parking_permits',
  what: 'what.parking_permit',
  summary: '停车证 Parking permits',
  timeCol: 'valid_to',
  statuses: ['active', 'revoked'],
  openStatuses: ['active'],
  searchCols: ['plate', 'holder_name', 'permit_no'],
  unitCols: ['unit_id'],
  filters: { kind: { col: 'kind', schema: z.enum(['monthly', 'owned_space', 'temporary']) }, plate: { col: 'plate', schema: z.string().max(20) } },
  createBody: z.object({
    projectId: idStr,
    plate: plateStr,
    kind: z.enum(['monthly', 'owned_space', 'temporary']),
    partyId: idStr.nullish(),
    holderName: text(40),
    unitId: idStr.nullish(),
    spaceId: idStr.nullish(),
    validFrom: dateStr,
    validTo: dateStr,
    ...noteField,
  }),
  async create(b, c) {
    if (b.validTo < b.validFrom) throw new AppError(400, 'ledgers.bad_period');
    const db = c.app.store.db;
    if (b.spaceId) {
      const s = await db.selectFrom('parking_spaces').select('project_id').where('id', '=', b.spaceId).where('org_id', '=', c.actor.orgId).executeTakeFirst();
      if (!s || s.project_id !== c.projectId) throw notFound('what.parking');
    }
    if (b.partyId) {
      if (!(await partyUsableIn(db, c.actor.orgId, b.partyId, c.projectId, true))) throw notFound('what.party');
    }
    const plate = normalisePlate(b.plate)!;
    const clash = await db.selectFrom('parking_permits').select(['permit_no', 'valid_from', 'valid_to']).where('project_id', '=', c.projectId).where('plate', '=', plate).where('status', '=', 'active').where('valid_to', '>=', b.validFrom).where('valid_from', '<=', b.validTo).executeTakeFirst();
    if (clash) throw new AppError(409, 'ledgers.permit_overlap', { permitNo: clash.permit_no });
    const seq = await nextSequence(db, c.actor.orgId, 'TC', c.today);
    return {
      permit_no: `TC${c.today.replaceAll('-', '')}${String(seq).padStart(4, '0')}`,
      plate,
      kind: b.kind,
      party_id: b.partyId ?? null,
      holder_name: b.holderName,
      unit_id: b.unitId ?? null,
      space_id: b.spaceId ?? null,
      valid_from: b.validFrom,
      valid_to: b.validTo,
      status: 'active',
      revoked_at: null,
      revoke_reason: null,
    };
  },
  patchBody: z.object({ holderName: text(40).optional(), ...noteField }),
  patch: (b) => ({ ...(b.holderName !== undefined && { holder_name: b.holderName }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r, c) => ({
    ...base(r),
    permitNo: r.permit_no,
    plate: r.plate,
    kind: r.kind,
    partyId: r.party_id,
    holderName: r.holder_name,
    unitId: r.unit_id,
    spaceId: r.space_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    status: r.status,
    effectiveStatus: permitStatus(r as any, c.today),
    revokedAt: r.revoked_at,
    revokeReason: r.revoke_reason,
  }),
  actions: {
    revoke: { summary: '注销停车证 Revoke', body: z.object({ reason: text(200) }), from: ['active'], to: 'revoked', closes: true, apply: (b, _r, c) => ({ revoked_at: c.now, revoke_reason: b.reason }) },
    renew: {
      summary: '续期 Renew',
      body: z.object({ validTo: dateStr }),
      from: ['active'],
      to: 'active',
      closes: false,
      apply: (b, r) => {
        if (b.validTo <= r.valid_to) throw new AppError(400, 'ledgers.bad_period');
        return { valid_to: b.validTo };
      },
    },
  },
};

const keys: LedgerSpec = {
  path: 'keys',
  table: 'key_loans',
  what: 'what.key_loan',
  summary: '钥匙借还 Keys issued and returned',
  timeCol: 'issued_at',
  statuses: ['out', 'returned'],
  openStatuses: ['out'],
  searchCols: ['key_label', 'borrower_name', 'borrower_phone'],
  unitCols: ['unit_id'],
  filters: { unitId: { col: 'unit_id', schema: idStr } },
  createBody: z.object({ projectId: idStr, keyLabel: text(60), unitId: idStr.nullish(), borrowerName: text(40), borrowerPhone: z.string().max(40).nullish(), purpose: z.string().max(200).nullish(), dueBackAt: isoTime.nullish(), ...noteField }),
  create: (b, c) => {
    if (b.dueBackAt && new Date(b.dueBackAt).toISOString() < c.now) throw new AppError(400, 'ledgers.bad_time');
    return { key_label: b.keyLabel, unit_id: b.unitId ?? null, borrower_name: b.borrowerName, borrower_phone: b.borrowerPhone ?? null, purpose: b.purpose ?? null, issued_at: c.now, due_back_at: b.dueBackAt ? new Date(b.dueBackAt).toISOString() : null, returned_at: null, status: 'out' };
  },
  patchBody: z.object({ dueBackAt: isoTime.nullish(), ...noteField }),
  patch: (b) => ({ ...(b.dueBackAt !== undefined && { due_back_at: b.dueBackAt ? new Date(b.dueBackAt).toISOString() : null }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r, c) => ({
    ...base(r),
    keyLabel: r.key_label,
    unitId: r.unit_id,
    borrowerName: r.borrower_name,
    borrowerPhone: r.borrower_phone,
    purpose: r.purpose,
    issuedAt: r.issued_at,
    dueBackAt: r.due_back_at,
    returnedAt: r.returned_at,
    overdue: keyOverdue(r as any, c.now),
    status: r.status,
  }),
  listHook: (q, query, c) => (query.overdue === '1' ? q.where('status', '=', 'out').where('due_back_at', '<', c.now) : q),
  actions: {
    return: { summary: '归还钥匙 Key returned', body: z.object({ returnedAt: isoTime.optional(), ...noteField }), from: ['out'], to: 'returned', closes: true, apply: (b, r, c) => leave(b.returnedAt, r.issued_at, c.now, 'returned_at', b.note) },
  },
};

const mail: LedgerSpec = {
  path: 'mail',
  table: 'mail_items',
  what: 'what.mail_item',
  summary: '邮件、传真、包裹 Mail, fax and parcels',
  timeCol: 'received_at',
  statuses: ['received', 'notified', 'delivered', 'returned'],
  openStatuses: ['received', 'notified'],
  searchCols: ['recipient_name', 'recipient_phone', 'tracking_no', 'carrier'],
  unitCols: ['recipient_unit_id'],
  filters: { kind: { col: 'kind', schema: z.enum(['mail', 'registered', 'fax', 'parcel']) }, unitId: { col: 'recipient_unit_id', schema: idStr } },
  createBody: z.object({
    projectId: idStr,
    kind: z.enum(['mail', 'registered', 'fax', 'parcel']),
    carrier: z.string().max(40).nullish(),
    trackingNo: z.string().max(60).nullish(),
    recipientName: text(60),
    recipientUnitId: idStr.nullish(),
    recipientPhone: z.string().max(40).nullish(),
    storagePlace: z.string().max(60).nullish(),
    receivedAt: isoTime.optional(),
    ...noteField,
  }),
  create: (b, c) => ({
    kind: b.kind,
    carrier: b.carrier ?? null,
    tracking_no: b.trackingNo ?? null,
    recipient_name: b.recipientName,
    recipient_unit_id: b.recipientUnitId ?? null,
    recipient_phone: b.recipientPhone ?? null,
    storage_place: b.storagePlace ?? null,
    received_at: b.receivedAt ? new Date(b.receivedAt).toISOString() : c.now,
    notified_at: null,
    delivered_at: null,
    signed_by: null,
    status: 'received',
  }),
  patchBody: z.object({ storagePlace: z.string().max(60).nullish(), recipientPhone: z.string().max(40).nullish(), ...noteField }),
  patch: (b) => ({ ...(b.storagePlace !== undefined && { storage_place: b.storagePlace ?? null }), ...(b.recipientPhone !== undefined && { recipient_phone: b.recipientPhone ?? null }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r) => ({
    ...base(r),
    kind: r.kind,
    carrier: r.carrier,
    trackingNo: r.tracking_no,
    recipientName: r.recipient_name,
    recipientUnitId: r.recipient_unit_id,
    recipientPhone: r.recipient_phone,
    storagePlace: r.storage_place,
    receivedAt: r.received_at,
    notifiedAt: r.notified_at,
    deliveredAt: r.delivered_at,
    signedBy: r.signed_by,
    status: r.status,
  }),
  actions: {
    notify: {
      summary: '通知领取（经消息发件箱发送）Notify the recipient',
      body: z.object({ channel: z.enum(['sms', 'phone', 'app']).default('sms') }),
      from: ['received', 'notified'],
      to: 'notified',
      closes: false,
      async apply(b, r, c) {
        await enqueue(c.app.store.db, { orgId: c.actor.orgId, topic: 'ledger.mail_arrived', dedupeKey: `mail:${r.id}:${c.now}`, recipientId: null, payload: { mailId: r.id, recipientName: r.recipient_name, phone: r.recipient_phone, kind: r.kind, storagePlace: r.storage_place, channel: b.channel } });
        return { notified_at: c.now };
      },
    },
    deliver: { summary: '签收领取 Delivered and signed for', body: z.object({ signedBy: text(40), deliveredAt: isoTime.optional(), ...noteField }), from: ['received', 'notified'], to: 'delivered', closes: true, apply: (b, r, c) => ({ ...leave(b.deliveredAt, r.received_at, c.now, 'delivered_at', b.note), signed_by: b.signedBy }) },
    return_to_sender: { summary: '退回 Returned to sender', body: z.object({ note: text(200) }), from: ['received', 'notified'], to: 'returned', closes: true, apply: (b, _r, c) => ({ delivered_at: c.now, note: b.note }) },
  },
};

const lostFound: LedgerSpec = {
  path: 'lost-found',
  table: 'lost_items',
  what: 'what.lost_item',
  summary: '失物招领 Lost and found',
  timeCol: 'found_at',
  statuses: ['found', 'returned', 'disposed'],
  openStatuses: ['found'],
  searchCols: ['item', 'description', 'found_place', 'claimant_name'],
  unitCols: [],
  createBody: z.object({ projectId: idStr, item: text(60), description: z.string().max(500).nullish(), foundAt: isoTime.optional(), foundPlace: text(80), finderName: z.string().max(40).nullish(), storagePlace: z.string().max(60).nullish(), ...noteField }),
  create: (b, c) => ({
    item: b.item,
    description: b.description ?? null,
    found_at: b.foundAt ? new Date(b.foundAt).toISOString() : c.now,
    found_place: b.foundPlace,
    finder_name: b.finderName ?? null,
    storage_place: b.storagePlace ?? null,
    claimant_name: null,
    claimant_phone: null,
    claimant_id_masked: null,
    returned_at: null,
    disposed_at: null,
    status: 'found',
  }),
  patchBody: z.object({ description: z.string().max(500).nullish(), storagePlace: z.string().max(60).nullish(), ...noteField }),
  patch: (b) => ({ ...(b.description !== undefined && { description: b.description ?? null }), ...(b.storagePlace !== undefined && { storage_place: b.storagePlace ?? null }), ...(b.note !== undefined && { note: b.note ?? null }) }),
  out: (r, c) => ({
    ...base(r),
    item: r.item,
    description: r.description,
    foundAt: r.found_at,
    foundPlace: r.found_place,
    finderName: r.finder_name,
    storagePlace: r.storage_place,
    claimantName: r.claimant_name,
    claimantPhone: r.claimant_phone,
    claimantIdMasked: r.claimant_id_masked,
    returnedAt: r.returned_at,
    disposedAt: r.disposed_at,
    mayDispose: r.status === 'found' && mayDispose(r.found_at, c.now),
    status: r.status,
  }),
  actions: {
    return: {
      summary: '物归原主（核对身份并签领）Returned to the owner',
      body: z.object({ claimantName: text(40), claimantPhone: z.string().max(40).nullish(), idNumber: z.string().max(30).nullish(), ...noteField }),
      from: ['found'],
      to: 'returned',
      closes: true,
      apply: (b, _r, c) => ({ claimant_name: b.claimantName, claimant_phone: b.claimantPhone ?? null, claimant_id_masked: b.idNumber ? maskIdNumber(b.idNumber) : null, returned_at: c.now, ...(b.note ? { note: b.note } : {}) }),
    },
    dispose: {
      summary: `超过保管期（${LOST_ITEM_KEEP_DAYS} 天）后处理 Dispose after the keeping period`,
      body: z.object({ note: text(200) }),
      from: ['found'],
      to: 'disposed',
      closes: true,
      apply: (b, r, c) => {
        if (!mayDispose(r.found_at, c.now)) throw new AppError(409, 'ledgers.keep_period', { days: LOST_ITEM_KEEP_DAYS });
        return { disposed_at: c.now, note: b.note };
      },
    },
  },
};

export const LEDGERS: readonly LedgerSpec[] = [visitors, vehicles, permits, keys, mail, lostFound];
