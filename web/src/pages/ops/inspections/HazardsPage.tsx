import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Flex, Form, Grid, Input, Modal, Select, Table, Tag, Timeline, Typography } from 'antd';
import { Link, matchPath, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, ROLES, type Role } from '../../../api';
import { FilterBar } from '../../../components/FilterBar';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatDateTime } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type Hazard, type LifecycleLabels, type OrderDetail, type Severity } from '../../../opsApi';
import { ROUTES } from '../../../routes';
import { ProjectSelect, useProjectChoice } from '../opsShared';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];
const SEVERITY_COLORS: Record<Severity, string> = { low: 'default', medium: 'gold', high: 'orange', critical: 'red' };
const STATES = ['reported', 'assigned', 'rectifying', 'awaiting_reinspection', 'closed', 'cancelled'] as const;
const STATE_COLORS: Record<string, string> = { reported: 'red', assigned: 'orange', rectifying: 'blue', awaiting_reinspection: 'purple', closed: 'green', cancelled: 'default' };

/** Names of hazard states and actions in the reader's language, as the work-order engine labels them. */
function useLabels() {
  return useRequest(() => opsApi.lifecycleLabels(), []);
}
const stateName = (l: LifecycleLabels | undefined, s: string) => l?.stateOverrides?.hazard?.[s] ?? l?.states?.[s] ?? s;
const actionName = (l: LifecycleLabels | undefined, a: string) => l?.actionOverrides?.hazard?.[a] ?? l?.actions?.[a] ?? a;

/** A detail screen for work orders, if the desk screens provide one. */
const orderRoute = () => ROUTES.find((r) => matchPath({ path: r.path, end: true }, '/orders/x'));

/**
 * 隐患台账: hazards found on rounds and checks (work orders of kind hazard) — severity, deadline,
 * who rectifies — and the rectify → re-inspect loop.
 */
export default function HazardsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useLabels();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    state: oneOf(p, 'state', STATES),
    severity: oneOf(p, 'severity', SEVERITIES),
    overdue: oneOf(p, 'overdue', ['1'] as const),
  });
  const { values: f, update, key } = useListParams(parse);
  const [params, setParams] = useSearchParams();
  const openId = params.get('open');
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.hazards({ projectId, state: f.state, severity: f.severity, overdue: f.overdue, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const setOpen = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('open', id);
    else next.delete('open');
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('ops.nav.hazards')} sub={t('ops.hazard.intro')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string> value={f.state} allowClear placeholder={t('filter.state')} aria-label={t('filter.state')} onChange={(v) => update({ state: v as (typeof STATES)[number] | undefined })} options={STATES.map((s) => ({ value: s, label: stateName(labels.data, s) }))} />
          <Select<string> value={f.severity} allowClear placeholder={t('ops.hazard.severity')} aria-label={t('ops.hazard.severity')} onChange={(v) => update({ severity: v as Severity | undefined })} options={SEVERITIES.map((s) => ({ value: s, label: t(`ops.hazard.severities.${s}`) }))} />
          <Checkbox checked={!!f.overdue} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })}>{t('ops.hazard.overdueOnly')}</Checkbox>
        </FilterBar>
        <Table<Hazard>
          rowKey="orderId"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="hazards-table"
          onRow={(h) => ({ onClick: () => setOpen(h.orderId), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.hazard.number'), dataIndex: 'number', render: (n: string) => <a>{n}</a> },
            { title: t('ops.hazard.title'), dataIndex: 'title' },
            { title: t('ops.hazard.severity'), dataIndex: 'severity', render: (s: Severity | null) => (s ? <Tag color={SEVERITY_COLORS[s]}>{t(`ops.hazard.severities.${s}`)}</Tag> : t('common.none')) },
            { title: t('ops.ledger.status'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLORS[s]}>{stateName(labels.data, s)}</Tag> },
            { title: t('ops.hazard.deadline'), dataIndex: 'deadline', render: (d: string | null, h) => (d ? <>{formatDate(d, locale)} {h.overdue && <Tag color="red">{t('ops.hazard.overdue')}</Tag>}</> : t('common.none')) },
            { title: t('ops.hazard.department'), dataIndex: 'department', render: (v: string | null) => v ?? t('common.none'), responsive: ['md'] },
            { title: t('ops.hazard.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? t('common.none'), responsive: ['md'] },
            { title: t('ops.hazard.foundAt'), key: 'found', render: (_, h) => <>{h.foundAt ? formatDateTime(h.foundAt, locale) : formatDateTime(h.reportedAt, locale)}{(h.checkpointName || h.equipmentCode) && <Typography.Text type="secondary"> · {h.checkpointName ?? h.equipmentCode}</Typography.Text>}</>, responsive: ['lg'] },
          ]}
        />
      </Card>
      <HazardDrawer orderId={openId} labels={labels.data} onClose={() => setOpen(null)} onChanged={res.reload} />
    </>
  );
}

const NEEDS_TEXT = ['note', 'reason'] as const;

function HazardDrawer({ orderId, labels, onClose, onChanged }: { orderId: string | null; labels: LifecycleLabels | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const screens = Grid.useBreakpoint();
  const { message } = App.useApp();
  const res = useRequest(() => opsApi.order(orderId!), [orderId], !!orderId);
  const o = res.data && res.data.id === orderId ? res.data : undefined;
  const [acting, setActing] = useState<OrderDetail['availableActions'][number] | null>(null);
  const deskRoute = orderRoute();

  return (
    <Drawer open={!!orderId} onClose={onClose} width={screens.md ? 640 : '100%'} title={o ? `${o.number} · ${o.title ?? ''}` : t('ops.nav.hazards')} data-testid="hazard-drawer"
      extra={o && deskRoute && <Link to={`/orders/${o.id}`}>{t('ops.hazard.openOrder')}</Link>}
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!o && !res.error && <FullPageSpin />}
      {o && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ops.ledger.status')}><Tag color={STATE_COLORS[o.state]} data-testid="hazard-state">{stateName(labels, o.state)}</Tag></Descriptions.Item>
            <Descriptions.Item label={t('ops.hazard.severity')}>{isSeverity(o.severity) ? t(`ops.hazard.severities.${o.severity}`) : t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.hazard.deadline')}>{o.dueDate ? formatDate(o.dueDate, locale) : t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.hazard.department')}>{o.department ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.hazard.assignee')}>{o.assigneeName ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.hazard.location')}>{o.location ?? t('common.none')}</Descriptions.Item>
            {o.description && <Descriptions.Item label={t('ops.hazard.description')} span={2}><span style={{ whiteSpace: 'pre-line' }}>{o.description}</span></Descriptions.Item>}
          </Descriptions>
          {o.availableActions.length > 0 && (
            <Flex gap={8} wrap style={{ marginTop: 12 }} data-testid="hazard-actions">
              {o.availableActions.map((a) => (
                <Button key={a.action} onClick={() => setActing(a)} danger={a.action === 'cancel'} data-testid={`hazard-action-${a.action}`}>
                  {actionName(labels, a.action)}
                </Button>
              ))}
            </Flex>
          )}
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.hazard.history')}</Typography.Title>
          <Timeline
            data-testid="hazard-events"
            items={o.events.map((e) => ({
              children: (
                <>
                  <strong>{actionName(labels, e.action)}</strong>
                  {e.to && e.to !== e.from && <> → {stateName(labels, e.to)}</>}
                  <div>
                    <Typography.Text type="secondary">
                      {formatDateTime(e.at, locale)} · {e.actorName ?? t('ops.hazard.system')}
                    </Typography.Text>
                  </div>
                  {(e.note || e.reason) && <div>{[e.reason, e.note].filter(Boolean).join(' · ')}</div>}
                  {e.outcome && <Tag>{labels?.outcomes?.[e.outcome] ?? e.outcome}</Tag>}
                </>
              ),
            }))}
          />
          <ActionModal
            order={o}
            action={acting}
            labels={labels}
            onClose={() => setActing(null)}
            onDone={() => {
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

function isSeverity(s: unknown): s is Severity {
  return typeof s === 'string' && (SEVERITIES as readonly string[]).includes(s);
}

/** Inputs of a lifecycle action, as the engine lists them (who to assign, a note, pass / fail …). */
function ActionModal({ order, action, labels, onClose, onDone }: { order: OrderDetail; action: OrderDetail['availableActions'][number] | null; labels: LifecycleLabels | undefined; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputs = action ? [...action.requires, ...action.optional] : [];
  const needsUsers = inputs.includes('assigneeId') || inputs.includes('newOwnerId');
  const users = useRequest(() => opsApi.users(), [needsUsers], !!action && needsUsers);
  useEffect(() => {
    if (action) {
      form.resetFields();
      setError(null);
    }
  }, [action, form]);
  const submit = async (v: Record<string, string>) => {
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { expectedVersion: order.version };
      for (const k of inputs) if (v[k] !== undefined && v[k] !== '') body[k] = typeof v[k] === 'string' ? v[k].trim() : v[k];
      await opsApi.orderAction(order.id, action.action, body);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  // Rectifiers first: technicians, then inspectors, then everyone else on the staff.
  const rank = (role: string) => (role === 'technician' ? 0 : role === 'inspector' ? 1 : 2);
  const staff = (users.data?.items ?? []).filter((u) => u.active && u.role !== 'resident').sort((a, b) => rank(a.role) - rank(b.role) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
  return (
    <Modal open={!!action} title={action ? actionName(labels, action.action) : ''} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="hazard-action-form">
        {inputs.includes('assigneeId') && (
          <Form.Item name="assigneeId" label={t('ops.hazard.assignee')} rules={action?.requires.includes('assigneeId') ? [{ required: true, message: t('form.required') }] : undefined}>
            <Select showSearch optionFilterProp="label" loading={users.loading} options={staff.map((u) => ({ value: u.id, label: (ROLES as readonly string[]).includes(u.role) ? `${u.displayName} (${t(`role.${u.role as Role}`)})` : u.displayName }))} data-testid="hazard-assignee" />
          </Form.Item>
        )}
        {inputs.includes('newOwnerId') && (
          <Form.Item name="newOwnerId" label={t('ops.hazard.newOwner')} rules={action?.requires.includes('newOwnerId') ? [{ required: true, message: t('form.required') }] : undefined}>
            <Select showSearch optionFilterProp="label" loading={users.loading} options={staff.map((u) => ({ value: u.id, label: u.displayName }))} />
          </Form.Item>
        )}
        {inputs.includes('outcome') && (
          <Form.Item name="outcome" label={t('ops.hazard.outcome')} rules={action?.requires.includes('outcome') ? [{ required: true, message: t('form.required') }] : undefined}>
            <Select options={['pass', 'fail'].map((x) => ({ value: x, label: labels?.outcomes?.[x] ?? x }))} />
          </Form.Item>
        )}
        {NEEDS_TEXT.filter((k) => inputs.includes(k)).map((k) => (
          <Form.Item key={k} name={k} label={t(`ops.hazard.inputs.${k}`)} rules={action?.requires.includes(k) ? [{ required: true, whitespace: true, message: t('form.required') }] : undefined}>
            <Input.TextArea rows={3} maxLength={k === 'note' ? 2000 : 500} />
          </Form.Item>
        ))}
        {inputs.length === 0 && <Typography.Paragraph>{t('ops.hazard.confirmAction')}</Typography.Paragraph>}
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </Form>
    </Modal>
  );
}
