import { useState } from 'react';
import { App, Button, Card, Dropdown, Input, Select, Space, Table } from 'antd';
import { DownloadOutlined, MoreOutlined, WalletOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { DayPicker } from '../../../components/DayPicker';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatDateTime, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, PAYMENT_METHODS, type CorrectionKind, type Payment } from '../../../opsApi';
import { ProjectSelect, saveBlob, todayShanghai, useProjectChoice, useUnitLabels } from '../opsShared';
import { AccountDrawer, MethodLabel, PaymentModal } from './billingShared';
import { CorrectionModal, PaymentStateTag, PendingCorrections, TrailDrawer } from './corrections';

/** The cashier's business day of an instant (Asia/Shanghai): a void is allowed only on it. */
const shanghaiDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

/**
 * 收款: payments taken, with receipts to print; take a payment for any house; void a receipt the
 * same day or reverse it (冲红), follow its trail and reprint it; export the list as filtered.
 */
export default function PaymentsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    method: oneOf(p, 'method', PAYMENT_METHODS),
    from: text(p, 'from'),
    to: text(p, 'to'),
    receiptNo: text(p, 'receiptNo'),
  });
  const { values: f, update, key } = useListParams(parse);
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.payments({ projectId, method: f.method, from: f.from, to: f.to, receiptNo: f.receiptNo, page: f.page, pageSize: f.pageSize }), [key, projectId], !!projectId);
  const units = useUnitLabels((res.data?.items ?? []).filter((p) => p.accountId !== p.projectId).map((p) => p.accountId));
  const [paying, setPaying] = useState(false);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<{ kind: CorrectionKind; payment: Payment } | null>(null);
  const [trailOf, setTrailOf] = useState<string | null>(null);
  const [pendingKey, setPendingKey] = useState(0);
  const [exporting, setExporting] = useState(false);
  const canWrite = hasPermission(user, 'billing.write');
  const today = todayShanghai();

  const exportXlsx = async () => {
    setExporting(true);
    try {
      saveBlob(await opsApi.paymentsXlsx({ projectId, method: f.method, from: f.from, to: f.to }), `payments-${f.from ?? ''}-${f.to ?? today}.xlsx`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  const changed = () => {
    res.reload();
    setPendingKey((k) => k + 1);
  };

  return (
    <>
      <PageHeader
        title={t('ops.nav.payments')}
        extra={
          canWrite && (
            <Space wrap>
              <Button icon={<DownloadOutlined />} loading={exporting} disabled={!projectId} onClick={() => void exportXlsx()} data-testid="payments-export">{t('ops.report.export')}</Button>
              <Button type="primary" icon={<WalletOutlined />} disabled={!projectId} onClick={() => setPaying(true)} data-testid="pay-open">{t('ops.pay.title')}</Button>
            </Space>
          )
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {projectId && <PendingCorrections key={`${projectId}-${pendingKey}`} projectId={projectId} onChanged={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string> value={f.method} allowClear placeholder={t('ops.pay.method')} aria-label={t('ops.pay.method')} onChange={(v) => update({ method: v as Payment['method'] | undefined })} options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`ops.pay.methods.${m}`) }))} />
          <DayPicker value={f.from} onChange={(v) => update({ from: v })} aria-label={t('ops.common.from')} prefix={t('ops.common.from')} />
          <DayPicker value={f.to} onChange={(v) => update({ to: v })} aria-label={t('ops.common.to')} prefix={t('ops.common.to')} />
          <Input.Search key={f.receiptNo ?? ''} defaultValue={f.receiptNo} allowClear placeholder={t('ops.pay.receiptSearch')} aria-label={t('ops.pay.receiptSearch')} onSearch={(v) => update({ receiptNo: v.trim() || undefined })} data-testid="receipt-search" />
        </FilterBar>
        <Table<Payment>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="payments-table"
          pagination={listPagination(t, locale, f, res.data?.total ?? 0, update)}
          columns={[
            { title: t('ops.pay.receipt'), dataIndex: 'receiptNo', render: (n: string, p) => <a href={opsApi.receiptUrl(p.id)} target="_blank" rel="noreferrer">{n}</a> },
            { title: t('ops.pay.paidOn'), dataIndex: 'paidOn', render: (d: string) => formatDate(d, locale) },
            { title: t('ops.bill.unit'), dataIndex: 'accountId', render: (id: string, p) => (id === p.projectId ? t('ops.pay.projectIncome') : <a onClick={() => setAccountId(id)}>{units.get(id) || '…'}</a>) },
            { title: t('ops.pay.payer'), dataIndex: 'payerName', render: (v: string | null) => v ?? t('common.none'), responsive: ['md'] },
            { title: t('ops.pay.method'), dataIndex: 'method', render: (m: string) => <MethodLabel method={m} /> },
            { title: t('ops.pay.reference'), dataIndex: 'reference', render: (v: string | null) => v ?? t('common.none'), responsive: ['lg'] },
            { title: t('ops.pay.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number, p) => <strong style={p.status === 'voided' ? { textDecoration: 'line-through' } : v < 0 ? { color: '#cf1322' } : undefined}>{formatMoney(v, locale)}</strong> },
            { title: t('ops.pay.credited'), dataIndex: 'creditedFen', align: 'right', render: (v: number) => formatMoney(v, locale), responsive: ['lg'] },
            { title: t('ops.ledger.status'), key: 'state', render: (_, p) => <PaymentStateTag p={p} /> },
            { title: t('ops.pay.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v, locale), responsive: ['xl'] },
            {
              title: t('common.actions'),
              key: 'act',
              fixed: 'right',
              render: (_, p) => {
                const correctable = canWrite && (p.kind ?? 'payment') === 'payment' && p.status !== 'voided' && !p.reversedById;
                const items = [
                  { key: 'trail', label: t('ops.corr.trail') },
                  ...(correctable && shanghaiDay(p.receivedAt) === today ? [{ key: 'void', label: t('ops.corr.kinds.void'), danger: true }] : []),
                  ...(correctable ? [{ key: 'reversal', label: t('ops.corr.kinds.reversal'), danger: true }] : []),
                ];
                return (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: items.map((i) => ({ ...i, 'data-testid': `pay-act-${i.key}` })),
                      onClick: ({ key: k }) => (k === 'trail' ? setTrailOf(p.id) : setCorrecting({ kind: k as CorrectionKind, payment: p })),
                    }}
                  >
                    <Button size="small" icon={<MoreOutlined />} aria-label={t('common.actions')} data-testid="pay-actions" />
                  </Dropdown>
                );
              },
            },
          ]}
        />
      </Card>
      <PaymentModal open={paying} projectId={projectId} onClose={() => setPaying(false)} onPaid={() => res.reload()} />
      <AccountDrawer accountId={accountId} onClose={() => setAccountId(null)} onChanged={res.reload} />
      <CorrectionModal kind={correcting?.kind ?? null} payment={correcting?.payment} onClose={() => setCorrecting(null)} onDone={changed} />
      <TrailDrawer paymentId={trailOf} onClose={() => setTrailOf(null)} onChanged={res.reload} />
    </>
  );
}
