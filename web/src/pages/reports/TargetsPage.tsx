import { useState } from 'react';
import { App, Button, Card, Flex, Form, Input, InputNumber, Modal, Segmented, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatPercent } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { DayPicker } from '../../components/DayPicker';
import { PLAN_ITEM_STATUSES, reportsApi, type KpiVsTarget, type PlanItemStatus } from './api';
import { PeriodPicker, previousMonth, projectIdOf, ScopeSelect, useDefaultScope, useKpiName } from './shared';
import { gapPoints, gapTone } from './targetsModel';
import { formatKpiParts, formatKpiValue } from './kpiFormat';

const TONE_COLOR = { met: '#389e0d', near: '#d48806', missed: '#cf1322', none: undefined } as const;

/** 工作计划与目标 — each KPI against its target for a scope and period (gap coloured), and the plan items. */
export default function TargetsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const kpiName = useKpiName();
  const { message } = App.useApp();
  const defaultScope = useDefaultScope(user);
  const [scopeChoice, setScope] = useState<string | undefined>();
  const scope = scopeChoice ?? defaultScope;
  const [kind, setKind] = useState<'month' | 'year'>('month');
  const [period, setPeriod] = useState<string>(previousMonth());
  const ready = scope !== undefined;
  const pva = useRequest(() => reportsApi.targets(period, projectIdOf(scope)), [period, scope], ready);
  const plans = useRequest(() => reportsApi.plans(period, projectIdOf(scope)), [period, scope], ready);
  const canManage = hasPermission(user, 'reports.manage');
  const [editing, setEditing] = useState<KpiVsTarget | null>(null);
  const [adding, setAdding] = useState(false);

  const ratioText = (k: KpiVsTarget) => formatKpiParts(k.code, k.numerator, k.denominator, locale);
  const setStatus = async (id: string, status: PlanItemStatus) => {
    try {
      await reportsApi.updatePlanItem(id, { status });
      plans.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('reports.nav.targets')}
        sub={t('reports.targets.sub')}
        extra={
          <>
            <ScopeSelect user={user} value={scope} onChange={setScope} testId="targets-scope" />
            <Segmented<'month' | 'year'>
              value={kind}
              onChange={(k) => {
                setKind(k);
                setPeriod(k === 'year' ? previousMonth().slice(0, 4) : previousMonth());
              }}
              options={[
                { value: 'month', label: t('reports.targets.month') },
                { value: 'year', label: t('reports.targets.year') },
              ]}
              aria-label={t('reports.targets.kind')}
            />
            <PeriodPicker kind={kind} value={period} onChange={(p) => p && setPeriod(p)} testId="targets-period" />
          </>
        }
      />
      {pva.error && <LoadError error={pva.error} onRetry={pva.reload} />}
      <Card size="small">
        <Table<KpiVsTarget>
          rowKey="code"
          size="small"
          loading={pva.loading || !ready}
          dataSource={pva.data?.kpis ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="targets-kpis"
          onRow={(k) => ({ 'data-code': k.code, 'data-tone': gapTone(k) }) as object}
          columns={[
            { title: t('reports.targets.kpi'), key: 'kpi', render: (_, k) => kpiName(k.code) },
            { title: t('reports.targets.value'), key: 'v', align: 'right', render: (_, k) => (k.value === null ? <Typography.Text type="secondary">{t('reports.targets.noData')}</Typography.Text> : formatKpiValue(k.code, k.value, locale)) },
            { title: t('reports.targets.target'), key: 't', align: 'right', render: (_, k) => (k.target ? `${k.target.op === '>=' ? '≥' : '≤'} ${formatPercent(k.target.threshold, locale)}` : <Typography.Text type="secondary">{t('reports.targets.noTarget')}</Typography.Text>) },
            {
              title: t('reports.targets.gap'),
              key: 'gap',
              align: 'right',
              render: (_, k) => {
                const tone = gapTone(k);
                const pts = gapPoints(k.gap);
                if (tone === 'none' || pts === null) return '—';
                return (
                  <Flex gap={6} justify="end" align="center" data-testid="targets-gap" data-tone={tone}>
                    <span style={{ color: TONE_COLOR[tone], fontWeight: 600 }}>{t('reports.targets.ppt', { value: pts })}</span>
                    <Tag color={tone === 'met' ? 'success' : tone === 'near' ? 'warning' : 'error'}>{t(`reports.targets.${tone}`)}</Tag>
                  </Flex>
                );
              },
            },
            { title: t('reports.targets.ratio'), key: 'r', align: 'right', render: (_, k) => ratioText(k) },
            { title: t('reports.targets.source'), key: 's', render: (_, k) => (k.target ? (k.target.source === 'default' ? t('reports.targets.sourceDefault') : k.target.source) : '—'), responsive: ['lg'] },
            ...(canManage
              ? [{ title: '', key: 'act', render: (_: unknown, k: KpiVsTarget) => <Button size="small" type="link" onClick={() => setEditing(k)}>{t('reports.targets.setTarget')}</Button> }]
              : []),
          ]}
        />
      </Card>
      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={t('reports.targets.items')}
        extra={
          canManage && (
            <Button size="small" onClick={() => setAdding(true)}>
              {t('reports.targets.addItem')}
            </Button>
          )
        }
      >
        {plans.error && <LoadError error={plans.error} onRetry={plans.reload} />}
        <Table
          rowKey="id"
          size="small"
          loading={plans.loading || !ready}
          dataSource={plans.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('reports.targets.itemsEmpty') }}
          data-testid="targets-items"
          columns={[
            { title: t('reports.targets.title'), key: 'title', render: (_, i) => i.title },
            { title: t('reports.targets.owner'), key: 'owner', render: (_, i) => i.ownerName ?? '—' },
            { title: t('reports.targets.dueDate'), key: 'due', render: (_, i) => (i.dueDate ? formatDate(i.dueDate, locale) : '—') },
            {
              title: t('reports.field.status'),
              key: 'st',
              render: (_, i) =>
                canManage ? (
                  <Select size="small" style={{ minWidth: 110 }} value={i.status} onChange={(s: PlanItemStatus) => void setStatus(i.id, s)} options={PLAN_ITEM_STATUSES.map((s) => ({ value: s, label: t(`reports.itemStatus.${s}`) }))} aria-label={t('reports.field.status')} />
                ) : (
                  <Tag>{t(`reports.itemStatus.${i.status}`)}</Tag>
                ),
            },
          ]}
        />
      </Card>
      {editing && (
        <TargetModal
          kpi={editing}
          name={kpiName(editing.code)}
          onClose={() => setEditing(null)}
          onSave={async (op, threshold) => {
            await reportsApi.setTarget({ period, projectId: projectIdOf(scope) ?? null, code: editing.code, op, threshold });
            setEditing(null);
            pva.reload();
          }}
        />
      )}
      {adding && (
        <ItemModal
          onClose={() => setAdding(false)}
          onSave={async (v) => {
            await reportsApi.addPlanItem({ period, projectId: projectIdOf(scope) ?? null, ...v });
            setAdding(false);
            plans.reload();
          }}
        />
      )}
    </>
  );
}

function TargetModal({ kpi, name, onClose, onSave }: { kpi: KpiVsTarget; name: string; onClose: () => void; onSave: (op: '>=' | '<=', threshold: number) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ op: '>=' | '<='; pct: number }>();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { op: '>=' | '<='; pct: number }) => {
    try {
      await onSave(v.op, Math.round(v.pct * 10) / 1000);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Modal open title={`${t('reports.targets.setTarget')} · ${name}`} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" initialValues={{ op: kpi.target?.op ?? '>=', pct: kpi.target ? Math.round(kpi.target.threshold * 1000) / 10 : 95 }} onFinish={submit}>
        <Form.Item name="op" label={t('reports.targets.op')}>
          <Select options={[{ value: '>=', label: '≥' }, { value: '<=', label: '≤' }]} />
        </Form.Item>
        <Form.Item name="pct" label={t('reports.targets.threshold')} rules={[{ required: true, message: t('form.required') }]}>
          <InputNumber min={0} max={100} step={0.1} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}

interface ItemForm {
  title: string;
  ownerName?: string;
  dueDate?: string;
}

function ItemModal({ onClose, onSave }: { onClose: () => void; onSave: (v: ItemForm) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ItemForm>();
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: ItemForm) => {
    try {
      await onSave({ title: v.title, ownerName: v.ownerName || undefined, dueDate: v.dueDate || undefined });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <Modal open title={t('reports.targets.addItem')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} cancelText={t('common.cancel')}>
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="title" label={t('reports.targets.title')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input maxLength={300} />
        </Form.Item>
        <Form.Item name="ownerName" label={t('reports.targets.owner')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="dueDate" label={t('reports.targets.dueDate')}>
          <DayPicker />
        </Form.Item>
      </Form>
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
