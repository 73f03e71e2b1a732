import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { DayPicker } from '../../../components/DayPicker';
import { FilterBar } from '../../../components/FilterBar';
import { FormErrors } from '../../../components/FormBits';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatDateTime, formatMoney } from '../../../format';
import { yuanToFen } from '../../../money';
import { useLocale, useRequest } from '../../../hooks';
import { oneOf, text, useListParams } from '../../../listParams';
import { opsApi, PAYMENT_METHODS, type CashierClose, type ClosePreview, type DaySummary, type PaymentMethod } from '../../../opsApi';
import { ProjectSelect, saveBlob, todayShanghai, useProjectChoice } from '../opsShared';
import { MethodLabel } from './billingShared';

type Counted = Partial<Record<PaymentMethod, string>>;

/** Downloads a close as XLSX or PDF (the PDF needs Chromium on the server; its error says so). */
function useCloseDownload() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const download = async (c: CashierClose, format: 'xlsx' | 'pdf') => {
    setBusy(`${c.id}-${format}`);
    try {
      saveBlob(await (format === 'xlsx' ? opsApi.closeXlsx(c.id) : opsApi.closePdf(c.id)), `close-${c.day}.${format}`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  const buttons = (c: CashierClose) => (
    <Space>
      <Button size="small" icon={<DownloadOutlined />} loading={busy === `${c.id}-xlsx`} onClick={() => void download(c, 'xlsx')} data-testid="close-xlsx">XLSX</Button>
      <Button size="small" icon={<DownloadOutlined />} loading={busy === `${c.id}-pdf`} onClick={() => void download(c, 'pdf')} data-testid="close-pdf">PDF</Button>
    </Space>
  );
  return buttons;
}

/**
 * 收费员日结: today's receipts by channel, what should be in the drawer against what was counted,
 * a difference with its reason, and the close that locks the day's receipts from voiding. An
 * approver also sees the day across cashiers (收费日报) and every close.
 */
export default function CashierClosePage() {
  const { t } = useTranslation();
  const user = useUser();
  const parse = (p: URLSearchParams) => ({ projectId: text(p, 'projectId'), day: text(p, 'day'), tab: oneOf(p, 'tab', ['close', 'summary', 'history'] as const) });
  const { values: f, update } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const day = f.day ?? todayShanghai();
  const isApprover = hasPermission(user, 'billing.approve');
  return (
    <>
      <PageHeader title={t('ops.nav.close')} sub={t('ops.close.intro')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} style={{ minWidth: 240 }} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <DayPicker value={day} allowClear={false} onChange={(v) => update({ day: v })} disabledDate={(d) => d.format('YYYY-MM-DD') > todayShanghai()} aria-label={t('ops.close.day')} prefix={t('ops.close.day')} data-testid="close-day" />
        </FilterBar>
      </Card>
      <Tabs
        activeKey={f.tab ?? 'close'}
        onChange={(k) => update({ tab: k as 'close' | 'summary' | 'history' })}
        items={[
          { key: 'close', label: t('ops.close.mine'), children: projectId && <CloseTab projectId={projectId} day={day} /> },
          ...(isApprover ? [{ key: 'summary', label: t('ops.close.summary'), children: projectId && <SummaryTab projectId={projectId} day={day} /> }] : []),
          { key: 'history', label: t('ops.close.history'), children: projectId && <HistoryTab projectId={projectId} /> },
        ]}
      />
    </>
  );
}

function CloseTab({ projectId, day }: { projectId: string; day: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const res = useRequest(() => opsApi.closePreview({ projectId, day }), [projectId, day]);
  const p = res.data;
  const [form] = Form.useForm<{ counted: Counted; reason?: string }>();
  const counted = Form.useWatch('counted', form) as Counted | undefined;
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const buttons = useCloseDownload();
  useEffect(() => {
    form.resetFields();
    setErrors([]);
  }, [projectId, day, form]);

  // The difference as typed: counted − expected over the channels filled in.
  const difference = useMemo(() => {
    if (!p) return 0;
    let d = 0;
    for (const m of PAYMENT_METHODS) {
      const fen = yuanToFen(counted?.[m]);
      if (counted?.[m] && fen !== null) d += fen - (p.byMethod[m]?.fen ?? 0);
    }
    return d;
  }, [counted, p]);

  const submit = async (v: { counted: Counted; reason?: string }) => {
    const out: Partial<Record<PaymentMethod, number>> = {};
    const bad: string[] = [];
    for (const m of PAYMENT_METHODS) {
      const s = v.counted?.[m];
      if (s === undefined || s === '') continue;
      const fen = yuanToFen(s);
      if (fen === null) bad.push(m);
      else out[m] = fen;
    }
    if (bad.length || out.cash === undefined) {
      form.setFields([...bad, ...(out.cash === undefined && !bad.includes('cash') ? ['cash'] : [])].map((m) => ({ name: ['counted', m], errors: [t(m === 'cash' && !v.counted?.cash ? 'form.required' : 'ops.common.badValue')] })) as never);
      return;
    }
    if (difference !== 0 && !v.reason?.trim()) {
      form.setFields([{ name: 'reason', errors: [t('ops.close.reasonRequired')] }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      await opsApi.closeDay({ projectId, day, counted: out as Partial<Record<PaymentMethod, number>> & { cash: number }, reason: v.reason?.trim() || null });
      message.success(t('ops.close.done'));
      res.reload();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['reason']);
      form.setFields(fields.map((x) => ({ name: x.name[0] as never, errors: x.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  if (!p) return <Card loading />;
  const close = p.close;
  return (
    <Card data-testid="close-card">
      <Row gutter={[16, 12]} style={{ marginBottom: 12 }} data-testid="close-totals">
        <Col xs={12} md={6}><Statistic title={t('ops.close.count')} value={p.paymentCount} /></Col>
        <Col xs={12} md={6}><Statistic title={t('ops.close.total')} value={formatMoney(p.totalFen, locale)} /></Col>
        <Col xs={12} md={6}><Statistic title={t('ops.close.expectedCash')} value={formatMoney(p.byMethod.cash?.fen ?? 0, locale)} /></Col>
        <Col xs={12} md={6}><Statistic title={t('ops.close.voided')} value={`${p.voided.count} · ${formatMoney(p.voided.fen, locale)}`} /></Col>
      </Row>
      {close ? (
        <>
          <Alert type="success" showIcon icon={<LockOutlined />} style={{ marginBottom: 12 }} data-testid="close-closed" message={t('ops.close.closedAt', { at: formatDateTime(close.closedAt, locale) })} description={t('ops.close.lockedHelp')} action={buttons(close)} />
          <ChannelTable p={p} close={close} />
          <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }}>
            <Descriptions.Item label={t('ops.close.difference')}><DiffText fen={close.differenceFen} /></Descriptions.Item>
            <Descriptions.Item label={t('ops.close.reason')}>{close.differenceReason ?? t('common.none')}</Descriptions.Item>
          </Descriptions>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={submit} data-testid="close-form">
          <ChannelTable p={p} counted={(m) => (
            <Form.Item name={['counted', m]} noStyle rules={m === 'cash' ? [{ required: true, whitespace: true, message: t('form.required') }] : []}>
              <Input prefix="¥" inputMode="decimal" autoComplete="off" style={{ width: 160 }} aria-label={`${t('ops.close.counted')} ${t(`ops.pay.methods.${m}`)}`} data-testid={`counted-${m}`} placeholder={m === 'cash' ? t('ops.close.countedCashHint') : t('ops.close.optional')} />
            </Form.Item>
          )} />
          <Typography.Paragraph style={{ marginTop: 12 }} data-testid="close-difference">{t('ops.close.difference')}：<DiffText fen={difference} /></Typography.Paragraph>
          <Form.Item name="reason" label={t('ops.close.reason')} extra={t('ops.close.reasonHelp')}>
            <Input.TextArea rows={2} maxLength={500} data-testid="close-reason" />
          </Form.Item>
          <FormErrors messages={errors} />
          <Button type="primary" icon={<LockOutlined />} loading={busy} onClick={() => form.submit()} data-testid="close-submit">{t('ops.close.submit')}</Button>
        </Form>
      )}
    </Card>
  );
}

function DiffText({ fen }: { fen: number }) {
  const locale = useLocale();
  return <Typography.Text strong type={fen === 0 ? 'success' : 'danger'}>{formatMoney(fen, locale)}</Typography.Text>;
}

/** Channels with what the day should hold; either counted inputs (open day) or the close's figures. */
function ChannelTable({ p, close, counted }: { p: ClosePreview; close?: CashierClose; counted?: (m: PaymentMethod) => React.ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = PAYMENT_METHODS.map((m) => ({ method: m, count: (close?.expected ?? p.byMethod)[m]?.count ?? 0, fen: (close?.expected ?? p.byMethod)[m]?.fen ?? 0, counted: close?.counted[m] }));
  return (
    <Table
      rowKey="method"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="close-channels"
      columns={[
        { title: t('ops.pay.method'), dataIndex: 'method', render: (m: string) => <MethodLabel method={m} /> },
        { title: t('ops.close.count'), dataIndex: 'count', align: 'right' },
        { title: t('ops.close.expected'), dataIndex: 'fen', align: 'right', render: (v: number) => formatMoney(v, locale) },
        {
          title: t('ops.close.counted'),
          key: 'counted',
          render: (_, r) => (counted ? counted(r.method) : r.counted === undefined ? t('common.none') : formatMoney(r.counted, locale)),
        },
        ...(close ? [{ title: t('ops.close.difference'), key: 'diff', align: 'right' as const, render: (_: unknown, r: (typeof rows)[number]) => (r.counted === undefined ? t('common.none') : <DiffText fen={r.counted - r.fen} />) }] : []),
      ]}
    />
  );
}

function SummaryTab({ projectId, day }: { projectId: string; day: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const res = useRequest(() => opsApi.closeSummary(projectId, day), [projectId, day]);
  const buttons = useCloseDownload();
  const s = res.data;
  type Cashier = DaySummary['cashiers'][number];
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  return (
    <Card loading={!s} data-testid="close-summary">
      {s && (
        <>
          <Row gutter={[16, 12]} style={{ marginBottom: 12 }}>
            <Col xs={12} md={6}><Statistic title={t('ops.close.total')} value={formatMoney(s.totals.totalFen, locale)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.close.count')} value={s.totals.paymentCount} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.close.closedCount')} value={s.closedCount} /></Col>
            <Col xs={12} md={6}><Statistic title={t('ops.close.openCount')} value={s.openCount} valueStyle={s.openCount ? { color: '#d46b08' } : undefined} /></Col>
          </Row>
          <Table<Cashier>
            rowKey={(c) => c.collectorId ?? '-'}
            size="small"
            pagination={false}
            dataSource={s.cashiers}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('ops.close.cashier'), key: 'who', render: (_, c) => c.collectorName ?? t('ops.close.noCashier') },
              ...PAYMENT_METHODS.map((m) => ({ title: t(`ops.pay.methods.${m}`), key: m, align: 'right' as const, render: (_: unknown, c: Cashier) => formatMoney(c.byMethod[m]?.fen ?? 0, locale) })),
              { title: t('ops.close.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => <strong>{formatMoney(v, locale)}</strong> },
              { title: t('ops.close.countedCash'), key: 'cc', align: 'right', render: (_, c) => (c.close ? formatMoney(c.close.countedCashFen, locale) : t('common.none')) },
              { title: t('ops.close.difference'), key: 'diff', align: 'right', render: (_, c) => (c.close ? <DiffText fen={c.close.differenceFen} /> : t('common.none')) },
              { title: t('ops.close.reason'), key: 'reason', render: (_, c) => c.close?.differenceReason ?? '' },
              {
                title: t('ops.ledger.status'),
                key: 'state',
                render: (_, c) => (
                  <Space>
                    {c.close ? <Tag color="green">{t('ops.close.closed')}</Tag> : <Tag color="orange">{t('ops.close.open')}</Tag>}
                    {c.changedSinceClose && <Tag color="red">{t('ops.close.changed')}</Tag>}
                  </Space>
                ),
              },
              { title: t('common.actions'), key: 'act', render: (_, c) => c.close && buttons(c.close) },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function HistoryTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [page, setPage] = useState(1);
  const res = useRequest(() => opsApi.closes({ projectId, page, pageSize: 20 }), [projectId, page]);
  const buttons = useCloseDownload();
  if (res.error) return <LoadError error={res.error} onRetry={res.reload} />;
  return (
    <Card>
      <Table<CashierClose>
        rowKey="id"
        size="small"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="close-history"
        pagination={{ current: page, pageSize: 20, total: res.data?.total ?? 0, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: t('ops.close.day'), dataIndex: 'day', render: (d: string) => formatDate(d, locale) },
          { title: t('ops.close.count'), dataIndex: 'paymentCount', align: 'right' },
          { title: t('ops.close.total'), dataIndex: 'totalFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('ops.close.expectedCash'), dataIndex: 'expectedCashFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('ops.close.countedCash'), dataIndex: 'countedCashFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('ops.close.difference'), dataIndex: 'differenceFen', align: 'right', render: (v: number) => <DiffText fen={v} /> },
          { title: t('ops.close.reason'), dataIndex: 'differenceReason', render: (v: string | null) => v ?? '' },
          { title: t('ops.close.closedAtCol'), dataIndex: 'closedAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('common.actions'), key: 'act', render: (_, c) => buttons(c) },
        ]}
      />
    </Card>
  );
}
