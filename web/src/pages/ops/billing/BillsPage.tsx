import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Dropdown, InputNumber, Select, Statistic, Table, Tabs, Typography } from 'antd';
import { DownloadOutlined, MoreOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatMoney, formatNumber } from '../../../format';
import { fenToYuanNumber, yuanNumberToFen } from '../../../money';
import { MonthPicker } from '../../../components/MonthPicker';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type ArrearsRow, type Bill, type CorrectionKind } from '../../../opsApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from '../../wfm/charts/SeriesChart';
import { ProjectSelect, saveBlob, useProjectChoice } from '../opsShared';
import { AccountDrawer, agingLabel, BillStatusTag, useAgingWords } from './billingShared';
import { CorrectionModal, PendingCorrections } from './corrections';

const AGING_COLORS = ['#ffd666', '#ffa940', '#ff7a45', '#ff4d4f', '#cf1322', '#820014'];

/** 账单与欠费: every bill with what is still owed, and the houses in arrears with their aging. */
export default function BillsPage() {
  const { t } = useTranslation();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    tab: oneOf(p, 'tab', ['bills', 'arrears'] as const),
    status: oneOf(p, 'status', ['open', 'settled'] as const),
    overdue: oneOf(p, 'overdue', ['1'] as const),
    month: text(p, 'month'),
    kind: oneOf(p, 'kind', ['charge', 'late_fee', 'service'] as const),
    minMonths: text(p, 'minMonths'),
  });
  const lp = useListParams(parse);
  const { projects, projectId } = useProjectChoice(lp.values.projectId);
  const [accountId, setAccountId] = useState<string | null>(null);
  const tab = lp.values.tab ?? 'arrears';
  return (
    <>
      <PageHeader title={t('ops.nav.bills')} sub={t('ops.bill.intro')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <ProjectSelect projects={projects.data?.items} value={projectId} style={{ minWidth: 240 }} aria-label={t('filter.project')} onChange={(v) => lp.update({ projectId: v })} />
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => lp.update({ tab: k as 'bills' | 'arrears', status: undefined, overdue: undefined, month: undefined, kind: undefined })}
        items={[
          { key: 'arrears', label: t('ops.bill.arrearsTab'), children: projectId && <ArrearsTab projectId={projectId} lp={lp} onOpen={setAccountId} /> },
          { key: 'bills', label: t('ops.bill.billsTab'), children: projectId && <BillsTab projectId={projectId} lp={lp} onOpen={setAccountId} /> },
        ]}
      />
      <AccountDrawer accountId={accountId} onClose={() => setAccountId(null)} />
    </>
  );
}

type Lp = ReturnType<typeof useListParams<{ projectId?: string; tab?: 'bills' | 'arrears'; status?: 'open' | 'settled'; overdue?: '1'; month?: string; kind?: 'charge' | 'late_fee' | 'service'; minMonths?: string }>>;

/** Downloads an XLSX export, reporting a refusal in words. */
function useExport() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (load: () => Promise<Blob>, name: string) => {
    setBusy(true);
    try {
      saveBlob(await load(), name);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}

function BillsTab({ projectId, lp, onOpen }: { projectId: string; lp: Lp; onOpen: (accountId: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const f = lp.values;
  const res = useRequest(() => opsApi.bills({ projectId, status: f.status, overdue: f.overdue, month: f.month, kind: f.kind, page: f.page, pageSize: f.pageSize }), [lp.key, projectId]);
  const canWrite = hasPermission(user, 'billing.write');
  const exp = useExport();
  const [correcting, setCorrecting] = useState<{ kind: CorrectionKind; bill: Bill } | null>(null);
  const [pendingKey, setPendingKey] = useState(0);
  // The export takes the list's filters the server knows: status and account month.
  const exportBills = () => void exp.run(() => opsApi.billsXlsx({ projectId, status: f.status, fromMonth: f.month, toMonth: f.month }), `bills-${f.month ?? 'all'}.xlsx`);
  return (
    <>
    <PendingCorrections key={pendingKey} projectId={projectId} onChanged={res.reload} />
    <Card extra={canWrite && <Button icon={<DownloadOutlined />} loading={exp.busy} onClick={exportBills} data-testid="bills-export">{t('ops.report.export')}</Button>}>
      <FilterBar>
        <Select<string> value={f.status} allowClear placeholder={t('filter.state')} aria-label={t('filter.state')} onChange={(v) => lp.update({ status: v as 'open' | 'settled' | undefined })}
          options={[{ value: 'open', label: t('ops.bill.filterOpen') }, { value: 'settled', label: t('ops.bill.status.settled') }]}
        />
        <Select<string> value={f.kind} allowClear placeholder={t('ops.bill.kind')} aria-label={t('ops.bill.kind')} onChange={(v) => lp.update({ kind: v as Bill['kind'] | undefined })}
          options={(['charge', 'late_fee', 'service'] as const).map((k) => ({ value: k, label: t(`ops.bill.kinds.${k}`) }))}
        />
        <MonthPicker value={f.month} allowClear onChange={(v) => lp.update({ month: v })} aria-label={t('ops.bill.month')} prefix={t('ops.bill.month')} />
        <Checkbox checked={!!f.overdue} onChange={(e) => lp.update({ overdue: e.target.checked ? '1' : undefined })}>{t('ops.bill.overdueOnly')}</Checkbox>
      </FilterBar>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<Bill>
        rowKey="id"
        size="middle"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="bills-table"
        onRow={(b) => ({ onClick: () => onOpen(b.accountId), style: { cursor: 'pointer' } })}
        pagination={listPagination(t, locale, f, res.data?.total ?? 0, lp.update)}
        columns={[
          { title: t('ops.bill.unit'), dataIndex: 'unitNumber', render: (v: string | null, b) => v ?? b.accountId },
          { title: t('ops.bill.fee'), key: 'fee', render: (_, b) => b.feeName ?? b.description ?? t(`ops.bill.kinds.${b.kind}`) },
          { title: t('ops.bill.period'), dataIndex: 'periodKey' },
          { title: t('ops.bill.due'), dataIndex: 'dueDate', render: (d: string) => formatDate(d, locale) },
          { title: t('ops.bill.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('ops.bill.paid'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatMoney(v, locale), responsive: ['md'] },
          { title: t('ops.bill.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => <strong>{formatMoney(v, locale)}</strong> },
          { title: t('ops.ledger.status'), dataIndex: 'status', render: (s: Bill['status']) => <BillStatusTag status={s} /> },
          ...(canWrite
            ? [{
                title: t('common.actions'),
                key: 'act',
                render: (_: unknown, b: Bill) => {
                  // Only an untouched bill can be cancelled; a credit note takes off at most what is not yet written off.
                  const items = [
                    ...(b.paidFen === 0 && b.writtenOffFen === 0 ? [{ key: 'cancel_bill', label: t('ops.corr.kinds.cancel_bill'), danger: true }] : []),
                    ...(b.amountFen - b.writtenOffFen > 0 ? [{ key: 'credit_note', label: t('ops.corr.kinds.credit_note') }] : []),
                  ];
                  if (!items.length) return null;
                  return (
                    <span onClick={(e) => e.stopPropagation()}>
                      <Dropdown trigger={['click']} menu={{ items: items.map((i) => ({ ...i, 'data-testid': `bill-act-${i.key}` })), onClick: ({ key }) => setCorrecting({ kind: key as CorrectionKind, bill: b }) }}>
                        <Button size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="bill-actions" />
                      </Dropdown>
                    </span>
                  );
                },
              }]
            : []),
        ]}
      />
    </Card>
    <CorrectionModal kind={correcting?.kind ?? null} bill={correcting?.bill} onClose={() => setCorrecting(null)} onDone={() => { res.reload(); setPendingKey((k) => k + 1); }} />
    </>
  );
}

function ArrearsTab({ projectId, lp, onOpen }: { projectId: string; lp: Lp; onOpen: (accountId: string) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const f = lp.values;
  const minMonths = Number(f.minMonths ?? '1') || 1;
  const res = useRequest(() => opsApi.arrears({ projectId, minMonths, page: f.page, pageSize: f.pageSize }), [lp.key, projectId]);
  const aging = useRequest(() => opsApi.aging(projectId), [projectId]);
  const words = useAgingWords();
  const user = useUser();
  const exp = useExport();
  const chart = useMemo(() => {
    const a = aging.data;
    if (!a) return null;
    const series: ChartSeries[] = a.buckets.map((b, i) => ({
      name: agingLabel(b, words),
      type: 'bar',
      stack: 'aging',
      color: AGING_COLORS[i % AGING_COLORS.length],
      data: a.groups.map((g) => fenToYuanNumber(g.buckets.find((x) => x.label === b)?.fen ?? 0)),
      format: (v: number) => formatMoney(yuanNumberToFen(v), locale),
    }));
    return { categories: a.groups.map((g) => g.label), series };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [aging.data, locale, t]);
  const axes = useMemo<[ChartAxis]>(() => [{ name: t('ops.aging.yuan'), format: (v) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v) }], [t, locale]);
  return (
    <>
      <Card size="small" title={t('ops.aging.title')} style={{ marginBottom: 12 }} extra={aging.data && <Typography.Text type="secondary">{t('ops.aging.asOf', { date: formatDate(aging.data.asOf, locale) })}</Typography.Text>}>
        {aging.error && <LoadError error={aging.error} onRetry={aging.reload} />}
        {chart && <SeriesChart categories={chart.categories} series={chart.series} axes={axes} label={t('ops.aging.chartLabel', { n: chart.categories.length })} testId="aging-chart" height={280} />}
      </Card>
      <Card extra={hasPermission(user, 'billing.write') && <Button icon={<DownloadOutlined />} loading={exp.busy} onClick={() => void exp.run(() => opsApi.arrearsXlsx({ projectId }), 'arrears.xlsx')} data-testid="arrears-export">{t('ops.report.export')}</Button>}>
        <FilterBar>
          <InputNumber min={1} max={120} value={minMonths} onChange={(v) => lp.update({ minMonths: v && v > 1 ? String(v) : undefined })} prefix={t('ops.bill.minMonths')} aria-label={t('ops.bill.minMonths')} />
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {res.data && <Statistic style={{ marginBottom: 12 }} title={t('ops.bill.totalOverdue', { n: formatNumber(res.data.total, locale) })} value={formatMoney(res.data.totalOverdueFen, locale)} valueStyle={{ color: '#cf1322' }} />}
        <Table<ArrearsRow>
          rowKey="accountId"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="arrears-table"
          onRow={(r) => ({ onClick: () => onOpen(r.accountId), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, lp.update)}
          columns={[
            { title: t('ops.bill.unit'), dataIndex: 'unitNumber', render: (v: string | null, r) => <a>{v ?? r.accountId}</a> },
            { title: t('ops.bill.party'), dataIndex: 'partyName', render: (v: string | null) => v ?? t('common.none') },
            { title: t('ops.account.months'), dataIndex: 'monthsInArrears', align: 'right' },
            { title: t('ops.account.overdue'), dataIndex: 'overdueFen', align: 'right', render: (v: number) => <strong>{formatMoney(v, locale)}</strong> },
            { title: t('ops.account.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => formatMoney(v, locale), responsive: ['md'] },
            { title: t('ops.bill.oldestDue'), dataIndex: 'oldestDueDate', render: (d: string) => formatDate(d, locale) },
          ]}
        />
      </Card>
    </>
  );
}
