import { useState } from 'react';
import { App, Button, Card, Checkbox, Descriptions, Drawer, Flex, Grid, Table, Tag, Typography } from 'antd';
import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatDateTime, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { fenToYuanInput } from '../../../opsMoney';
import { opsApi, PAYMENT_METHODS, type LifecycleLabels, type Renovation } from '../../../opsApi';
import { NO_FIELDS, SpecFormModal } from '../ledgers/LedgerPage';
import type { FieldSpec } from '../ledgers/ledgerSpecs';
import { ProjectSelect, todayShanghai, useProjectChoice } from '../opsShared';

const STATE_COLORS: Record<string, string> = { applied: 'orange', approved: 'gold', permitted: 'blue', working: 'processing', violation: 'red', rectifying: 'volcano', awaiting_acceptance: 'purple', accepted: 'cyan', deposit_refunded: 'green', closed: 'default', rejected: 'default', cancelled: 'default' };

const stateName = (l: LifecycleLabels | undefined, s: string) => l?.stateOverrides?.renovation?.[s] ?? l?.states?.[s] ?? s;
const actionName = (l: LifecycleLabels | undefined, a: string) => l?.actionOverrides?.renovation?.[a] ?? l?.actions?.[a] ?? a;

const METHOD_OPTIONS = PAYMENT_METHODS.map((m) => ({ value: m, label: `ops.pay.methods.${m}` as const }));
const OUTCOME_OPTIONS = [
  { value: 'pass', label: 'ops.renov.outcomes.pass' as const },
  { value: 'fail', label: 'ops.renov.outcomes.fail' as const },
];

interface StepSpec {
  /** Own endpoint of the renovation API, or the generic lifecycle action. */
  step?: 'approve' | 'deposit' | 'permit' | 'inspections' | 'notices' | 'verify' | 'refund';
  fields: FieldSpec[];
}

/** How each lifecycle action is carried out from this screen, and what it asks for. */
function stepFor(action: string, r: Renovation): StepSpec {
  switch (action) {
    case 'approve':
      return { step: 'approve', fields: [{ name: 'depositFen', label: 'ops.renov.depositRequired', kind: 'money', required: true, initial: () => '2000' }, { name: 'note', label: 'ops.ledger.note', kind: 'textarea' }] };
    case 'collect_deposit':
      return {
        step: 'deposit',
        fields: [
          { name: 'amountFen', label: 'ops.renov.depositAmount', kind: 'money', required: true, initial: () => fenToYuanInput(Math.max(0, (r.deposit.requiredFen ?? 0) - r.deposit.paidFen)) },
          { name: 'method', label: 'ops.pay.method', kind: 'select', required: true, options: METHOD_OPTIONS, initial: () => 'cash' },
          { name: 'reference', label: 'ops.pay.reference', kind: 'text', max: 64 },
        ],
      };
    case 'issue_permit':
      return { step: 'permit', fields: [] };
    case 'inspect':
      return { step: 'inspections', fields: [{ name: 'findings', label: 'ops.renov.findings', kind: 'textarea' }, { name: 'violation', label: 'ops.renov.violation', kind: 'text', max: 500, help: 'ops.renov.violationHelp' }] };
    case 'issue_rectification_notice':
      return {
        step: 'notices',
        fields: [
          { name: 'violation', label: 'ops.renov.violation', kind: 'text', max: 500 },
          { name: 'requirement', label: 'ops.renov.requirement', kind: 'textarea', required: true },
          { name: 'deadline', label: 'ops.renov.deadline', kind: 'date', required: true, initial: () => todayShanghai(7) },
        ],
      };
    case 'verify_rectification':
      return { step: 'verify', fields: [{ name: 'outcome', label: 'ops.renov.outcome', kind: 'select', required: true, options: OUTCOME_OPTIONS }, { name: 'reason', label: 'ops.ledger.reason', kind: 'text', max: 500 }] };
    case 'refund_deposit':
      return {
        step: 'refund',
        fields: [
          { name: 'amountFen', label: 'ops.renov.refundAmount', kind: 'money', required: true, initial: () => fenToYuanInput(r.deposit.paidFen) },
          { name: 'deductionFen', label: 'ops.renov.deduction', kind: 'money' },
          { name: 'reason', label: 'ops.ledger.reason', kind: 'text', max: 500 },
          { name: 'method', label: 'ops.pay.method', kind: 'select', required: true, options: METHOD_OPTIONS, initial: () => 'bank_transfer' },
          // Transfers and wallet payments are traced by their transaction number (the server insists).
          { name: 'reference', label: 'ops.pay.reference', kind: 'text', max: 64 },
        ],
      };
    default:
      return { fields: [] };
  }
}

/** Inputs the lifecycle asks of a generic action (reject, accept the works, cancel …). */
function genericFields(requires: string[], optional: string[]): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const k of [...requires, ...optional]) {
    const required = requires.includes(k);
    if (k === 'outcome') out.push({ name: 'outcome', label: 'ops.renov.outcome', kind: 'select', required, options: OUTCOME_OPTIONS });
    else if (k === 'reason') out.push({ name: 'reason', label: 'ops.ledger.reason', kind: 'text', required, max: 500 });
    else if (k === 'note') out.push({ name: 'note', label: 'ops.ledger.note', kind: 'textarea', required });
  }
  return out;
}
/** Lifecycle actions this screen does not offer (they need a person picker or belong to the desk). */
const HIDDEN = new Set(['record_violation', 'handover_owner', 'inform_customer']);

const APPLY_FIELDS: FieldSpec[] = [
  { name: 'unitId', label: 'ops.renov.unit', kind: 'unit', required: true },
  { name: 'applicantName', label: 'ops.renov.applicant', kind: 'text', required: true, max: 40 },
  { name: 'applicantPhone', label: 'ops.ledger.phone', kind: 'text', max: 40 },
  { name: 'contractorName', label: 'ops.renov.contractor', kind: 'text', max: 80 },
  { name: 'contractorPhone', label: 'ops.renov.contractorPhone', kind: 'text', max: 40 },
  { name: 'workers', label: 'ops.renov.workers', kind: 'number', min: 0, max: 200 },
  { name: 'plannedStart', label: 'ops.renov.plannedStart', kind: 'date', required: true, initial: () => todayShanghai(3) },
  { name: 'plannedEnd', label: 'ops.renov.plannedEnd', kind: 'date', required: true, initial: () => todayShanghai(63) },
  { name: 'scope', label: 'ops.renov.scope', kind: 'textarea', required: true },
];

/** 装修管理: applications, approval with deposit, permit, patrols and rectification notices, acceptance and refund. */
export default function RenovationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const labels = useRequest(() => opsApi.lifecycleLabels(), []);
  const parse = (p: URLSearchParams) => ({ projectId: text(p, 'projectId'), active: oneOf(p, 'active', ['1'] as const) });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.renovations({ projectId, active: f.active, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const [openId, setOpenId] = useState<string | null>(null);
  const [applying, setApplying] = useState(false);

  return (
    <>
      <PageHeader
        title={t('ops.nav.renovations')}
        sub={t('ops.renov.intro')}
        extra={hasPermission(user, 'orders.create') && <Button type="primary" icon={<PlusOutlined />} disabled={!projectId} onClick={() => setApplying(true)} data-testid="renovation-apply">{t('ops.renov.apply')}</Button>}
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Checkbox checked={!!f.active} onChange={(e) => update({ active: e.target.checked ? '1' : undefined })}>{t('ops.renov.activeOnly')}</Checkbox>
        </FilterBar>
        <Table<Renovation>
          rowKey="orderId"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="renovations-table"
          onRow={(r) => ({ onClick: () => setOpenId(r.orderId), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.renov.number'), dataIndex: 'number', render: (n: string) => <a>{n}</a> },
            { title: t('ops.renov.unit'), dataIndex: 'unitLabel' },
            { title: t('ops.renov.applicant'), dataIndex: 'applicantName' },
            { title: t('ops.renov.contractor'), dataIndex: 'contractorName', render: (v: string | null) => v ?? t('common.none'), responsive: ['lg'] },
            { title: t('ops.renov.period'), key: 'p', render: (_, r) => `${formatDate(r.plannedStart, locale)} – ${formatDate(r.plannedEnd, locale)}` },
            { title: t('ops.renov.permitNo'), dataIndex: 'permitNo', render: (v: string | null) => v ?? t('common.none'), responsive: ['md'] },
            { title: t('ops.renov.deposit'), key: 'd', align: 'right', render: (_, r) => (r.deposit.requiredFen ? `${formatMoney(r.deposit.paidFen, locale)} / ${formatMoney(r.deposit.requiredFen, locale)}` : t('common.none')) },
            { title: t('ops.ledger.status'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLORS[s]}>{stateName(labels.data, s)}</Tag> },
          ]}
        />
      </Card>
      <SpecFormModal
        open={applying}
        title={t('ops.renov.apply')}
        fields={APPLY_FIELDS}
        projectId={projectId}
        testId="renovation-form"
        onClose={() => setApplying(false)}
        submit={async (body) => {
          const r = await opsApi.applyRenovation({ projectId: projectId!, ...(body as Omit<Parameters<typeof opsApi.applyRenovation>[0], 'projectId'>) });
          message.success(t('ops.renov.applied', { number: r.number }));
          setApplying(false);
          res.reload();
          setOpenId(r.orderId);
        }}
      />
      <RenovationDrawer orderId={openId} labels={labels.data} onClose={() => setOpenId(null)} onChanged={res.reload} />
    </>
  );
}

function RenovationDrawer({ orderId, labels, onClose, onChanged }: { orderId: string | null; labels: LifecycleLabels | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const res = useRequest(() => opsApi.renovation(orderId!), [orderId], !!orderId);
  const r = res.data && res.data.orderId === orderId ? res.data : undefined;
  const [acting, setActing] = useState<{ action: string; spec: StepSpec } | null>(null);
  const actions = (r?.availableActions ?? []).filter((a) => !HIDDEN.has(a.action));

  return (
    <Drawer open={!!orderId} onClose={onClose} width={screens.md ? 680 : '100%'} title={r ? `${r.number} · ${r.unitLabel}` : t('ops.nav.renovations')} data-testid="renovation-drawer"
      extra={r?.permitUrl && <Button icon={<PrinterOutlined />} href={r.permitUrl} target="_blank">{t('ops.renov.printPermit')}</Button>}
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!r && !res.error && <FullPageSpin />}
      {r && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ops.ledger.status')}><Tag color={STATE_COLORS[r.state]} data-testid="renovation-state">{stateName(labels, r.state)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.permitNo')}>{r.permitNo ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.applicant')}>{[r.applicantName, r.applicantPhone].filter(Boolean).join(' · ')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.contractor')}>{[r.contractorName, r.contractorPhone].filter(Boolean).join(' · ') || t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.period')}>{`${formatDate(r.plannedStart, locale)} – ${formatDate(r.plannedEnd, locale)}`}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.workers')}>{r.workers ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.hours')} span={2}>{t('ops.renov.hoursValue', { weekdays: r.workingHours.weekdays.join(', ') || t('common.none'), weekends: r.workingHours.weekends.join(', ') || t('common.none') })}</Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.deposit')} span={2}>
              {t('ops.renov.depositValue', { required: formatMoney(r.deposit.requiredFen ?? 0, locale), paid: formatMoney(r.deposit.paidFen, locale), refunded: formatMoney(r.deposit.refundedFen, locale), deducted: formatMoney(r.deposit.deductedFen, locale) })}
              {r.deposit.receiptNo && <Typography.Text type="secondary"> · {r.deposit.receiptNo}</Typography.Text>}
            </Descriptions.Item>
            <Descriptions.Item label={t('ops.renov.scope')} span={2}><span style={{ whiteSpace: 'pre-line' }}>{r.scope}</span></Descriptions.Item>
          </Descriptions>
          {actions.length > 0 && (
            <Flex gap={8} wrap style={{ marginTop: 12 }} data-testid="renovation-actions">
              {actions.map((a) => (
                <Button
                  key={a.action}
                  danger={a.action === 'reject' || a.action === 'cancel'}
                  data-testid={`renovation-action-${a.action}`}
                  onClick={() => {
                    const own = stepFor(a.action, r);
                    setActing({ action: a.action, spec: own.step ? own : { fields: genericFields(a.requires, a.optional) } });
                  }}
                >
                  {actionName(labels, a.action)}
                </Button>
              ))}
            </Flex>
          )}
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.renov.patrols')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.inspections}
            locale={{ emptyText: t('common.none') }}
            columns={[
              { title: t('ops.renov.patrolAt'), dataIndex: 'inspectedAt', render: (v: string) => formatDateTime(v, locale) },
              { title: t('ops.renov.withinHours'), dataIndex: 'withinWorkingHours', render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{v ? t('ops.renov.yes') : t('ops.renov.no')}</Tag> },
              { title: t('ops.renov.violation'), dataIndex: 'violation', render: (v: boolean) => (v ? <Tag color="red">{t('ops.renov.yes')}</Tag> : t('ops.renov.no')) },
              { title: t('ops.renov.findings'), dataIndex: 'findings', render: (v: string | null) => v ?? t('common.none') },
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.renov.notices')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={r.notices}
            locale={{ emptyText: t('common.none') }}
            columns={[
              { title: t('ops.renov.noticeNo'), dataIndex: 'noticeNo', render: (n: string, x: { url: string }) => <a href={x.url} target="_blank" rel="noreferrer">{n}</a> },
              { title: t('ops.renov.requirement'), dataIndex: 'requirement' },
              { title: t('ops.renov.deadline'), dataIndex: 'deadline', render: (d: string) => formatDate(d, locale) },
              { title: t('ops.ledger.status'), dataIndex: 'status' },
            ]}
          />
          <SpecFormModal
            open={!!acting}
            title={acting ? actionName(labels, acting.action) : ''}
            fields={acting?.spec.fields ?? NO_FIELDS}
            projectId={r.projectId}
            testId="renovation-action-form"
            onClose={() => setActing(null)}
            submit={async (body) => {
              const a = acting!;
              if (a.spec.step) await opsApi.renovationStep(r.orderId, a.spec.step, body);
              else await opsApi.orderAction(r.orderId, a.action, { expectedVersion: r.version, ...body });
              message.success(t('ops.hazard.actionDone'));
              setActing(null);
              res.reload();
              onChanged();
            }}
          />
        </>
      )}
    </Drawer>
  );
}
