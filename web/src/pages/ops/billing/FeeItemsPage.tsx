import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FormErrors, ImplicitSubmit } from '../../../components/FormBits';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime, formatMoney, formatNumber } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { text, useListParams } from '../../../listParams';
import { formatUnitPrice, yuanToFen, yuanToPriceFen } from '../../../money';
import { MonthPicker } from '../../../components/MonthPicker';
import { DayPicker } from '../../../components/DayPicker';
import { FEE_CATEGORIES, feeCategoryLabel } from './feeCategories';
import { opsApi, type BillingCycle, type BillRun, type BillRunResult, type FeeItem, type FeeKind } from '../../../opsApi';
import { monthShanghai, ProjectSelect, useProjectChoice } from '../opsShared';

const KINDS: readonly FeeKind[] = ['area', 'fixed', 'metered', 'service'];
const CYCLES: readonly BillingCycle[] = ['monthly', 'quarterly', 'yearly'];

/** 收费项目与出账: what is charged and how, and the monthly bill runs. */
export default function FeeItemsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const { values: f, update } = useListParams((p) => ({ projectId: text(p, 'projectId') }));
  const { projects, projectId } = useProjectChoice(f.projectId);
  const items = useRequest(() => opsApi.feeItems({ projectId, pageSize: 100 }), [projectId], !!projectId);
  const runs = useRequest(() => opsApi.runs({ projectId, pageSize: 20 }), [projectId], !!projectId);
  const [creating, setCreating] = useState(false);
  const [period, setPeriod] = useState(() => monthShanghai(0));
  const [dryRun, setDryRun] = useState(true);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<BillRunResult | null>(null);
  const [runError, setRunError] = useState<string | null>(null);

  const startRun = async () => {
    if (!projectId) return;
    setRunning(true);
    setRunError(null);
    setRun(null);
    try {
      const r = await opsApi.runBills({ projectId, period, dryRun });
      setRun(r);
      if (!r.dryRun) {
        message.success(t('ops.run.done', { n: r.createdCount }));
        runs.reload();
      }
    } catch (e) {
      setRunError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setRunning(false);
    }
  };
  const price = (i: FeeItem) => (i.kind === 'fixed' ? t('ops.fee.perMonth', { amount: formatMoney(i.monthlyFen ?? 0, locale) }) : t(`ops.fee.unitPrice.${i.kind}`, { price: formatUnitPrice(i.unitPrice, locale) }));

  return (
    <>
      <PageHeader
        title={t('ops.nav.feeItems')}
        extra={hasPermission(user, 'billing.approve') && <Button type="primary" icon={<PlusOutlined />} disabled={!projectId} onClick={() => setCreating(true)}>{t('ops.fee.create')}</Button>}
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <ProjectSelect projects={projects.data?.items} value={projectId} style={{ minWidth: 240 }} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
      </Card>
      <Card title={t('ops.fee.title')}>
        {items.error && <LoadError error={items.error} onRetry={items.reload} />}
        <Table<FeeItem>
          rowKey="id"
          size="small"
          loading={items.loading}
          dataSource={items.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="fee-items-table"
          columns={[
            { title: t('ops.fee.code'), dataIndex: 'code' },
            { title: t('ops.fee.name'), dataIndex: 'name' },
            { title: t('ops.fee.kind'), dataIndex: 'kind', render: (k: FeeKind) => <Tag>{t(`ops.fee.kinds.${k}`)}</Tag> },
            { title: t('ops.fee.category'), dataIndex: 'category', render: (c: string) => feeCategoryLabel(t, c) },
            { title: t('ops.fee.cycle'), dataIndex: 'cycle', render: (c: BillingCycle) => t(`ops.fee.cycles.${c}`) },
            { title: t('ops.fee.price'), key: 'price', render: (_, i) => price(i) },
            { title: t('ops.fee.dueDays'), dataIndex: 'dueDays', align: 'right' },
            { title: t('ops.ledger.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('ops.fee.active')}</Tag> : <Tag>{t('ops.fee.inactive')}</Tag>) },
          ]}
        />
      </Card>
      <Card title={t('ops.run.title')} style={{ marginTop: 16 }}>
        {hasPermission(user, 'billing.write') && (
          <>
            <Flex wrap gap={12} align="center">
              <MonthPicker value={period} onChange={(v) => v && setPeriod(v)} aria-label={t('ops.run.period')} prefix={t('ops.run.period')} style={{ width: 220 }} data-testid="run-period" />
              <Checkbox checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} data-testid="run-dry">{t('ops.run.dryRun')}</Checkbox>
              <Button type="primary" icon={<PlayCircleOutlined />} loading={running} disabled={!projectId || !period} onClick={() => void startRun()} data-testid="run-start">
                {dryRun ? t('ops.run.preview') : t('ops.run.start')}
              </Button>
            </Flex>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('ops.run.help')}</Typography.Paragraph>
            {runError && <Alert type="error" showIcon role="alert" message={runError} />}
            {run && (
              <Alert
                type={run.issues.length ? 'warning' : 'success'}
                showIcon
                data-testid="run-result"
                message={t(run.dryRun ? 'ops.run.previewResult' : 'ops.run.result', { period: run.period, planned: run.plannedCount, created: run.createdCount, existing: run.existingCount, amount: formatMoney(run.createdFen, locale) })}
                description={run.issues.length ? <ul style={{ margin: 0, paddingInlineStart: 18 }}>{run.issues.slice(0, 10).map((i, k) => <li key={k}>{i.message}</li>)}</ul> : undefined}
              />
            )}
          </>
        )}
        <Table<BillRun>
          rowKey="id"
          size="small"
          style={{ marginTop: 12 }}
          loading={runs.loading}
          dataSource={runs.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="runs-table"
          columns={[
            { title: t('ops.run.period'), dataIndex: 'period' },
            { title: t('ops.run.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatDateTime(v, locale) },
            { title: t('ops.run.planned'), dataIndex: 'plannedCount', align: 'right', render: (v: number) => formatNumber(v, locale) },
            { title: t('ops.run.created'), dataIndex: 'createdCount', align: 'right', render: (v: number) => formatNumber(v, locale) },
            { title: t('ops.run.existing'), dataIndex: 'existingCount', align: 'right', render: (v: number) => formatNumber(v, locale) },
            { title: t('ops.run.amount'), dataIndex: 'createdFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          ]}
        />
      </Card>
      <FeeItemModal open={creating} projectId={projectId} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); items.reload(); }} />
    </>
  );
}

interface FeeValues {
  code: string;
  name: string;
  kind: FeeKind;
  category: string;
  cycle: BillingCycle;
  unitPrice?: string;
  monthlyYuan?: string;
  dueDays: number;
  validFrom?: string;
}

function FeeItemModal({ open, projectId, onClose, onSaved }: { open: boolean; projectId: string | undefined; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FeeValues>();
  const kind = Form.useWatch('kind', form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  useEffect(() => {
    if (open) {
      form.resetFields();
      setErrors([]);
    }
  }, [open, form]);
  const submit = async (v: FeeValues) => {
    const monthlyFen = v.kind === 'fixed' ? yuanToFen(v.monthlyYuan) : null;
    if (v.kind === 'fixed' && monthlyFen === null) {
      form.setFields([{ name: 'monthlyYuan', errors: [t('ops.common.badValue')] }]);
      return;
    }
    // People type the price in yuan; the API keeps it in fen (2.80 元 → "280").
    const unitPrice = v.kind === 'fixed' ? null : yuanToPriceFen(v.unitPrice);
    if (v.kind !== 'fixed' && unitPrice === null) {
      form.setFields([{ name: 'unitPrice', errors: [t('ops.common.badValue')] }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      await opsApi.createFeeItem({ projectId: projectId!, code: v.code.trim(), name: v.name.trim(), kind: v.kind, category: v.category, cycle: v.cycle, unitPrice, monthlyFen, dueDays: v.dueDays, validFrom: v.validFrom || null });
      message.success(t('ops.fee.created'));
      onSaved();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['code', 'name', 'kind', 'category', 'cycle', 'unitPrice', 'dueDays', 'validFrom']);
      form.setFields(fields.map((x) => ({ name: x.name as never, errors: x.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('ops.fee.create')} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => form.submit()} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={600}>
      <Form<FeeValues> form={form} layout="vertical" onFinish={submit} initialValues={{ kind: 'area', cycle: 'monthly', dueDays: 15 }} data-testid="fee-form">
        <Row gutter={12}>
          <Col xs={12}><Form.Item name="code" label={t('ops.fee.code')} rules={[{ required: true, message: t('form.required') }]}><Input maxLength={20} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="name" label={t('ops.fee.name')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}><Input maxLength={40} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="kind" label={t('ops.fee.kind')}><Select options={KINDS.map((k) => ({ value: k, label: t(`ops.fee.kinds.${k}`) }))} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="category" label={t('ops.fee.category')} rules={[{ required: true, message: t('form.required') }]}><Select options={FEE_CATEGORIES.map((c) => ({ value: c, label: feeCategoryLabel(t, c) }))} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="cycle" label={t('ops.fee.cycle')}><Select options={CYCLES.map((c) => ({ value: c, label: t(`ops.fee.cycles.${c}`) }))} /></Form.Item></Col>
          {kind === 'fixed' ? (
            <Col xs={12}><Form.Item name="monthlyYuan" label={t('ops.fee.monthly')} rules={[{ required: true, message: t('form.required') }]}><Input prefix="¥" inputMode="decimal" /></Form.Item></Col>
          ) : (
            <Col xs={12}><Form.Item name="unitPrice" label={t(`ops.fee.unitPriceLabel.${kind ?? 'area'}`)} rules={[{ required: true, whitespace: true, message: t('form.required') }]} extra={t('ops.fee.unitPriceHelp')}><Input inputMode="decimal" /></Form.Item></Col>
          )}
          <Col xs={12}><Form.Item name="dueDays" label={t('ops.fee.dueDays')}><InputNumber min={0} max={365} style={{ width: '100%' }} /></Form.Item></Col>
          <Col xs={12}><Form.Item name="validFrom" label={t('ops.fee.validFrom')}><DayPicker style={{ width: '100%' }} /></Form.Item></Col>
        </Row>
        <FormErrors messages={errors} />
        <ImplicitSubmit />
      </Form>
    </Modal>
  );
}
