import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import type { Breakpoint } from 'antd';
import type { TFunction } from 'i18next';
import type { TranslationKey } from '../../../routeKit';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../../format';
import { PAYMENT_METHODS, type LedgerPath, type LedgerRow } from '../../../opsApi';
import type { FieldKind } from './ledgerModel';

export interface RenderCtx {
  t: TFunction;
  locale: string;
  units: Map<string, string>;
}

export interface FieldSpec {
  name: string;
  label: TranslationKey;
  kind: FieldKind;
  required?: boolean;
  options?: readonly { value: string; label: TranslationKey }[];
  /** Value the form starts with. */
  initial?: () => unknown;
  max?: number;
  min?: number;
  help?: TranslationKey;
  placeholder?: string;
}

export interface ActionSpec {
  name: string;
  /** Path segment after the record id (return_to_sender → return-to-sender). */
  path: string;
  label: TranslationKey;
  from: readonly string[];
  fields: readonly FieldSpec[];
  danger?: boolean;
  when?: (row: LedgerRow) => boolean;
}

export interface ColumnSpec {
  key: string;
  title: TranslationKey;
  render: (row: LedgerRow, c: RenderCtx) => ReactNode;
  responsive?: Breakpoint[];
}

export interface LedgerSpec {
  path: LedgerPath;
  title: TranslationKey;
  create: TranslationKey;
  search: TranslationKey;
  statuses: readonly { value: string; label: TranslationKey; color: string }[];
  columns: readonly ColumnSpec[];
  createFields: readonly FieldSpec[];
  actions: readonly ActionSpec[];
  /** Fields holding unit ids (shown as "building number"). */
  unitFields: readonly string[];
  kindFilter?: { label: TranslationKey; options: readonly { value: string; label: TranslationKey }[] };
  overdueFilter?: boolean;
}

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const none = (c: RenderCtx) => <Typography.Text type="secondary">{c.t('common.none')}</Typography.Text>;
const text = (v: unknown, c: RenderCtx) => (s(v) ? s(v) : none(c));
const time = (v: unknown, c: RenderCtx) => (v ? formatDateTime(s(v), c.locale) : none(c));
const unit = (v: unknown, c: RenderCtx) => (v ? c.units.get(s(v)) || '…' : none(c));
const minutes = (v: unknown, c: RenderCtx) => (typeof v === 'number' ? c.t('ops.ledger.minutesValue', { value: formatNumber(v, c.locale) }) : none(c));
const withNote = (main: ReactNode, sub: unknown) => (
  <>
    {main}
    {s(sub) && (
      <>
        <br />
        <Typography.Text type="secondary">{s(sub)}</Typography.Text>
      </>
    )}
  </>
);

const noteField: FieldSpec = { name: 'note', label: 'ops.ledger.note', kind: 'textarea' };
const opt = <V extends string>(value: V, label: TranslationKey) => ({ value, label });

// ---------- visitors 访客登记 ----------
export const VISITORS: LedgerSpec = {
  path: 'visitors',
  title: 'ops.nav.visitors',
  create: 'ops.visitors.create',
  search: 'ops.visitors.search',
  statuses: [
    { value: 'in', label: 'ops.visitors.status.in', color: 'green' },
    { value: 'out', label: 'ops.visitors.status.out', color: 'default' },
  ],
  unitFields: ['hostUnitId'],
  columns: [
    { key: 'visitorName', title: 'ops.visitors.visitorName', render: (r, c) => withNote(text(r.visitorName, c), r.idNumberMasked) },
    { key: 'visitorPhone', title: 'ops.ledger.phone', render: (r, c) => text(r.visitorPhone, c), responsive: ['md'] },
    { key: 'partySize', title: 'ops.visitors.partySize', render: (r) => s(r.partySize), responsive: ['lg'] },
    { key: 'host', title: 'ops.visitors.host', render: (r, c) => withNote(unit(r.hostUnitId, c), r.hostName) },
    { key: 'purpose', title: 'ops.visitors.purpose', render: (r, c) => text(r.purpose, c) },
    { key: 'plate', title: 'ops.ledger.plate', render: (r, c) => text(r.plate, c), responsive: ['lg'] },
    { key: 'enteredAt', title: 'ops.visitors.enteredAt', render: (r, c) => time(r.enteredAt, c) },
    { key: 'leftAt', title: 'ops.visitors.leftAt', render: (r, c) => withNote(time(r.leftAt, c), r.leftAt ? minutes(r.minutes, c) : null) },
  ],
  createFields: [
    { name: 'visitorName', label: 'ops.visitors.visitorName', kind: 'text', required: true, max: 40 },
    { name: 'visitorPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
    { name: 'idNumber', label: 'ops.visitors.idNumber', kind: 'text', max: 30, help: 'ops.visitors.idHelp' },
    { name: 'partySize', label: 'ops.visitors.partySize', kind: 'number', initial: () => 1 },
    { name: 'hostUnitId', label: 'ops.visitors.hostUnit', kind: 'unit' },
    { name: 'hostName', label: 'ops.visitors.hostName', kind: 'text', max: 40 },
    { name: 'purpose', label: 'ops.visitors.purpose', kind: 'text', required: true, max: 200 },
    { name: 'waitingPlace', label: 'ops.visitors.waitingPlace', kind: 'text', max: 60 },
    { name: 'plate', label: 'ops.ledger.plate', kind: 'plate', max: 20 },
    noteField,
  ],
  actions: [{ name: 'checkout', path: 'checkout', label: 'ops.visitors.checkout', from: ['in'], fields: [noteField] }],
};

// ---------- vehicles 车辆出入 ----------
const VEHICLE_KINDS = [
  opt('visitor', 'ops.vehicles.kinds.visitor'),
  opt('resident', 'ops.vehicles.kinds.resident'),
  opt('delivery', 'ops.vehicles.kinds.delivery'),
  opt('taxi', 'ops.vehicles.kinds.taxi'),
  opt('construction', 'ops.vehicles.kinds.construction'),
  opt('other', 'ops.vehicles.kinds.other'),
] as const;
const kindLabel = (options: readonly { value: string; label: TranslationKey }[], v: unknown, c: RenderCtx) => {
  const o = options.find((x) => x.value === v);
  return o ? <Tag>{c.t(o.label)}</Tag> : text(v, c);
};

export const VEHICLES: LedgerSpec = {
  path: 'vehicles',
  title: 'ops.nav.vehicles',
  create: 'ops.vehicles.create',
  search: 'ops.vehicles.search',
  statuses: [
    { value: 'in', label: 'ops.vehicles.status.in', color: 'green' },
    { value: 'out', label: 'ops.vehicles.status.out', color: 'default' },
  ],
  unitFields: ['hostUnitId'],
  kindFilter: { label: 'ops.vehicles.kind', options: VEHICLE_KINDS },
  columns: [
    { key: 'plate', title: 'ops.ledger.plate', render: (r) => <strong>{s(r.plate)}</strong> },
    { key: 'kind', title: 'ops.vehicles.kind', render: (r, c) => kindLabel(VEHICLE_KINDS, r.kind, c) },
    { key: 'driver', title: 'ops.vehicles.driver', render: (r, c) => withNote(text(r.driverName, c), r.driverPhone), responsive: ['md'] },
    { key: 'host', title: 'ops.visitors.host', render: (r, c) => unit(r.hostUnitId, c), responsive: ['lg'] },
    { key: 'purpose', title: 'ops.visitors.purpose', render: (r, c) => text(r.purpose, c), responsive: ['lg'] },
    { key: 'enteredAt', title: 'ops.vehicles.enteredAt', render: (r, c) => time(r.enteredAt, c) },
    { key: 'exitedAt', title: 'ops.vehicles.exitedAt', render: (r, c) => withNote(time(r.exitedAt, c), r.exitedAt ? minutes(r.minutes, c) : null) },
    { key: 'feeFen', title: 'ops.vehicles.fee', render: (r, c) => (typeof r.feeFen === 'number' ? withNote(formatMoney(r.feeFen, c.locale), r.feeReceiptNo ? `${c.t('ops.vehicles.feeReceipt')} ${s(r.feeReceiptNo)}` : null) : none(c)) },
  ],
  createFields: [
    { name: 'plate', label: 'ops.ledger.plate', kind: 'plate', required: true, max: 20 },
    { name: 'kind', label: 'ops.vehicles.kind', kind: 'select', options: VEHICLE_KINDS, help: 'ops.vehicles.kindHelp' },
    { name: 'driverName', label: 'ops.vehicles.driverName', kind: 'text', max: 40 },
    { name: 'driverPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
    { name: 'hostUnitId', label: 'ops.visitors.hostUnit', kind: 'unit' },
    { name: 'purpose', label: 'ops.visitors.purpose', kind: 'text', max: 200 },
    noteField,
  ],
  actions: [
    {
      name: 'exit',
      path: 'exit',
      label: 'ops.vehicles.exit',
      from: ['in'],
      fields: [
        { name: 'feeFen', label: 'ops.vehicles.feeYuan', kind: 'money', help: 'ops.vehicles.feeHelp' },
        { name: 'feeMethod', label: 'ops.vehicles.feeMethod', kind: 'select', options: PAYMENT_METHODS.map((m) => opt(m, `ops.pay.methods.${m}`)) },
        noteField,
      ],
    },
  ],
};

// ---------- parking permits 停车证 ----------
const PERMIT_KINDS = [opt('monthly', 'ops.permits.kinds.monthly'), opt('owned_space', 'ops.permits.kinds.owned_space'), opt('temporary', 'ops.permits.kinds.temporary')] as const;
const EFFECTIVE_COLORS: Record<string, string> = { active: 'green', revoked: 'red', expired: 'default', pending: 'blue' };
const todayYmd = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
const yearLater = () => {
  const d = new Date(`${todayYmd()}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};
const EFFECTIVE: Record<string, TranslationKey> = {
  active: 'ops.permits.effective.active',
  revoked: 'ops.permits.effective.revoked',
  expired: 'ops.permits.effective.expired',
  pending: 'ops.permits.effective.pending',
};

export const PERMITS: LedgerSpec = {
  path: 'parking-permits',
  title: 'ops.nav.permits',
  create: 'ops.permits.create',
  search: 'ops.permits.search',
  statuses: [
    { value: 'active', label: 'ops.permits.status.active', color: 'green' },
    { value: 'revoked', label: 'ops.permits.status.revoked', color: 'red' },
  ],
  unitFields: ['unitId'],
  kindFilter: { label: 'ops.permits.kind', options: PERMIT_KINDS },
  columns: [
    { key: 'permitNo', title: 'ops.permits.permitNo', render: (r) => s(r.permitNo) },
    { key: 'plate', title: 'ops.ledger.plate', render: (r) => <strong>{s(r.plate)}</strong> },
    { key: 'kind', title: 'ops.permits.kind', render: (r, c) => kindLabel(PERMIT_KINDS, r.kind, c) },
    { key: 'holder', title: 'ops.permits.holder', render: (r, c) => withNote(text(r.holderName, c), r.unitId ? unit(r.unitId, c) : null) },
    { key: 'valid', title: 'ops.permits.validity', render: (r, c) => `${formatDate(s(r.validFrom), c.locale)} – ${formatDate(s(r.validTo), c.locale)}` },
    {
      key: 'effective',
      title: 'ops.permits.effectiveStatus',
      render: (r, c) => <Tag color={EFFECTIVE_COLORS[s(r.effectiveStatus)]}>{EFFECTIVE[s(r.effectiveStatus)] ? c.t(EFFECTIVE[s(r.effectiveStatus)]) : s(r.effectiveStatus)}</Tag>,
    },
  ],
  createFields: [
    { name: 'plate', label: 'ops.ledger.plate', kind: 'plate', required: true, max: 20 },
    { name: 'kind', label: 'ops.permits.kind', kind: 'select', required: true, options: PERMIT_KINDS, initial: () => 'monthly' },
    { name: 'holderName', label: 'ops.permits.holderName', kind: 'text', required: true, max: 40 },
    { name: 'unitId', label: 'ops.permits.unit', kind: 'unit' },
    { name: 'validFrom', label: 'ops.permits.validFrom', kind: 'date', required: true, initial: todayYmd },
    { name: 'validTo', label: 'ops.permits.validTo', kind: 'date', required: true, initial: yearLater },
    noteField,
  ],
  actions: [
    { name: 'renew', path: 'renew', label: 'ops.permits.renew', from: ['active'], fields: [{ name: 'validTo', label: 'ops.permits.newValidTo', kind: 'date', required: true }] },
    { name: 'revoke', path: 'revoke', label: 'ops.permits.revoke', from: ['active'], danger: true, fields: [{ name: 'reason', label: 'ops.ledger.reason', kind: 'text', required: true, max: 200 }] },
  ],
};

// ---------- keys 钥匙借还 ----------
const inHours = (h: number) => () => {
  const d = new Date(Date.now() + h * 3_600_000);
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(d);
  const g = (k: string) => p.find((x) => x.type === k)?.value ?? '';
  return `${g('year')}-${g('month')}-${g('day')}T${g('hour')}:${g('minute')}`;
};

export const KEYS: LedgerSpec = {
  path: 'keys',
  title: 'ops.nav.keys',
  create: 'ops.keys.create',
  search: 'ops.keys.search',
  statuses: [
    { value: 'out', label: 'ops.keys.status.out', color: 'orange' },
    { value: 'returned', label: 'ops.keys.status.returned', color: 'default' },
  ],
  unitFields: ['unitId'],
  overdueFilter: true,
  columns: [
    { key: 'keyLabel', title: 'ops.keys.keyLabel', render: (r) => <strong>{s(r.keyLabel)}</strong> },
    { key: 'unit', title: 'ops.keys.unit', render: (r, c) => unit(r.unitId, c) },
    { key: 'borrower', title: 'ops.keys.borrower', render: (r, c) => withNote(text(r.borrowerName, c), r.borrowerPhone) },
    { key: 'purpose', title: 'ops.visitors.purpose', render: (r, c) => text(r.purpose, c), responsive: ['lg'] },
    { key: 'issuedAt', title: 'ops.keys.issuedAt', render: (r, c) => time(r.issuedAt, c) },
    {
      key: 'dueBackAt',
      title: 'ops.keys.dueBackAt',
      render: (r, c) => (
        <>
          {time(r.dueBackAt, c)} {r.overdue === true && <Tag color="red">{c.t('ops.keys.overdue')}</Tag>}
        </>
      ),
    },
    { key: 'returnedAt', title: 'ops.keys.returnedAt', render: (r, c) => time(r.returnedAt, c) },
  ],
  createFields: [
    { name: 'keyLabel', label: 'ops.keys.keyLabel', kind: 'text', required: true, max: 60 },
    { name: 'unitId', label: 'ops.keys.unit', kind: 'unit' },
    { name: 'borrowerName', label: 'ops.keys.borrowerName', kind: 'text', required: true, max: 40 },
    { name: 'borrowerPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
    { name: 'purpose', label: 'ops.visitors.purpose', kind: 'text', max: 200 },
    { name: 'dueBackAt', label: 'ops.keys.dueBackAt', kind: 'datetime', initial: inHours(4) },
    noteField,
  ],
  actions: [{ name: 'return', path: 'return', label: 'ops.keys.return', from: ['out'], fields: [noteField] }],
};

// ---------- mail 邮件、传真、包裹 ----------
const MAIL_KINDS = [opt('parcel', 'ops.mail.kinds.parcel'), opt('mail', 'ops.mail.kinds.mail'), opt('registered', 'ops.mail.kinds.registered'), opt('fax', 'ops.mail.kinds.fax')] as const;

export const MAIL: LedgerSpec = {
  path: 'mail',
  title: 'ops.nav.mail',
  create: 'ops.mail.create',
  search: 'ops.mail.search',
  statuses: [
    { value: 'received', label: 'ops.mail.status.received', color: 'orange' },
    { value: 'notified', label: 'ops.mail.status.notified', color: 'blue' },
    { value: 'delivered', label: 'ops.mail.status.delivered', color: 'default' },
    { value: 'returned', label: 'ops.mail.status.returned', color: 'red' },
  ],
  unitFields: ['recipientUnitId'],
  kindFilter: { label: 'ops.mail.kind', options: MAIL_KINDS },
  columns: [
    { key: 'kind', title: 'ops.mail.kind', render: (r, c) => kindLabel(MAIL_KINDS, r.kind, c) },
    { key: 'carrier', title: 'ops.mail.carrier', render: (r, c) => withNote(text(r.carrier, c), r.trackingNo), responsive: ['md'] },
    { key: 'recipient', title: 'ops.mail.recipient', render: (r, c) => withNote(<strong>{s(r.recipientName)}</strong>, r.recipientPhone) },
    { key: 'unit', title: 'ops.mail.unit', render: (r, c) => unit(r.recipientUnitId, c) },
    { key: 'storagePlace', title: 'ops.mail.storagePlace', render: (r, c) => text(r.storagePlace, c), responsive: ['lg'] },
    { key: 'receivedAt', title: 'ops.mail.receivedAt', render: (r, c) => time(r.receivedAt, c) },
    { key: 'notifiedAt', title: 'ops.mail.notifiedAt', render: (r, c) => time(r.notifiedAt, c), responsive: ['lg'] },
    { key: 'deliveredAt', title: 'ops.mail.deliveredAt', render: (r, c) => withNote(time(r.deliveredAt, c), r.signedBy) },
  ],
  createFields: [
    { name: 'kind', label: 'ops.mail.kind', kind: 'select', required: true, options: MAIL_KINDS, initial: () => 'parcel' },
    { name: 'carrier', label: 'ops.mail.carrier', kind: 'text', max: 40 },
    { name: 'trackingNo', label: 'ops.mail.trackingNo', kind: 'text', max: 60 },
    { name: 'recipientName', label: 'ops.mail.recipientName', kind: 'text', required: true, max: 60 },
    { name: 'recipientUnitId', label: 'ops.mail.unit', kind: 'unit' },
    { name: 'recipientPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
    { name: 'storagePlace', label: 'ops.mail.storagePlace', kind: 'text', max: 60 },
    noteField,
  ],
  actions: [
    {
      name: 'notify',
      path: 'notify',
      label: 'ops.mail.notify',
      from: ['received', 'notified'],
      fields: [{ name: 'channel', label: 'ops.mail.channel', kind: 'select', required: true, initial: () => 'sms', options: [opt('sms', 'ops.mail.channels.sms'), opt('phone', 'ops.mail.channels.phone'), opt('app', 'ops.mail.channels.app')] }],
    },
    { name: 'deliver', path: 'deliver', label: 'ops.mail.deliver', from: ['received', 'notified'], fields: [{ name: 'signedBy', label: 'ops.mail.signedBy', kind: 'text', required: true, max: 40 }, noteField] },
    { name: 'return_to_sender', path: 'return-to-sender', label: 'ops.mail.returnToSender', from: ['received', 'notified'], danger: true, fields: [{ ...noteField, label: 'ops.ledger.reason', required: true }] },
  ],
};

// ---------- lost and found 失物招领 ----------
export const LOST_FOUND: LedgerSpec = {
  path: 'lost-found',
  title: 'ops.nav.lostFound',
  create: 'ops.lost.create',
  search: 'ops.lost.search',
  statuses: [
    { value: 'found', label: 'ops.lost.status.found', color: 'orange' },
    { value: 'returned', label: 'ops.lost.status.returned', color: 'green' },
    { value: 'disposed', label: 'ops.lost.status.disposed', color: 'default' },
  ],
  unitFields: [],
  columns: [
    { key: 'item', title: 'ops.lost.item', render: (r) => withNote(<strong>{s(r.item)}</strong>, r.description) },
    { key: 'foundAt', title: 'ops.lost.foundAt', render: (r, c) => time(r.foundAt, c) },
    { key: 'foundPlace', title: 'ops.lost.foundPlace', render: (r, c) => withNote(text(r.foundPlace, c), r.finderName) },
    { key: 'storagePlace', title: 'ops.mail.storagePlace', render: (r, c) => text(r.storagePlace, c), responsive: ['lg'] },
    { key: 'claimant', title: 'ops.lost.claimant', render: (r, c) => (r.claimantName ? withNote(s(r.claimantName), [r.claimantPhone, r.claimantIdMasked].filter(Boolean).join(' · ')) : none(c)) },
    { key: 'closedAt', title: 'ops.lost.closedAt', render: (r, c) => time(r.returnedAt ?? r.disposedAt, c) },
  ],
  createFields: [
    { name: 'item', label: 'ops.lost.item', kind: 'text', required: true, max: 60 },
    { name: 'description', label: 'ops.lost.description', kind: 'textarea' },
    { name: 'foundPlace', label: 'ops.lost.foundPlace', kind: 'text', required: true, max: 80 },
    { name: 'finderName', label: 'ops.lost.finderName', kind: 'text', max: 40 },
    { name: 'storagePlace', label: 'ops.mail.storagePlace', kind: 'text', max: 60 },
    noteField,
  ],
  actions: [
    {
      name: 'return',
      path: 'return',
      label: 'ops.lost.return',
      from: ['found'],
      fields: [
        { name: 'claimantName', label: 'ops.lost.claimantName', kind: 'text', required: true, max: 40 },
        { name: 'claimantPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
        { name: 'idNumber', label: 'ops.visitors.idNumber', kind: 'text', max: 30, help: 'ops.visitors.idHelp' },
        noteField,
      ],
    },
    { name: 'dispose', path: 'dispose', label: 'ops.lost.dispose', from: ['found'], danger: true, when: (r) => r.mayDispose === true, fields: [{ ...noteField, label: 'ops.lost.disposeNote', required: true }] },
  ],
};
