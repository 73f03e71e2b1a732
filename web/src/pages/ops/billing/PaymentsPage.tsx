import { useState } from 'react';
import { Button, Card, Input, Select, Table } from 'antd';
import { WalletOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatDateTime, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, PAYMENT_METHODS, type Payment } from '../../../opsApi';
import { ProjectSelect, useProjectChoice, useUnitLabels } from '../opsShared';
import { AccountDrawer, MethodLabel, PaymentModal } from './billingShared';

/** 收款: payments taken, with receipts to print; take a payment for any house. */
export default function PaymentsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
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
  const units = useUnitLabels((res.data?.items ?? []).map((p) => p.accountId));
  const [paying, setPaying] = useState(false);
  const [accountId, setAccountId] = useState<string | null>(null);

  return (
    <>
      <PageHeader
        title={t('ops.nav.payments')}
        extra={hasPermission(user, 'billing.write') && <Button type="primary" icon={<WalletOutlined />} disabled={!projectId} onClick={() => setPaying(true)} data-testid="pay-open">{t('ops.pay.title')}</Button>}
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string> value={f.method} allowClear placeholder={t('ops.pay.method')} aria-label={t('ops.pay.method')} onChange={(v) => update({ method: v as Payment['method'] | undefined })} options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`ops.pay.methods.${m}`) }))} />
          <Input type="date" value={f.from ?? ''} onChange={(e) => update({ from: e.target.value || undefined })} aria-label={t('ops.common.from')} prefix={t('ops.common.from')} />
          <Input type="date" value={f.to ?? ''} onChange={(e) => update({ to: e.target.value || undefined })} aria-label={t('ops.common.to')} prefix={t('ops.common.to')} />
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
            { title: t('ops.bill.unit'), dataIndex: 'accountId', render: (id: string) => <a onClick={() => setAccountId(id)}>{units.get(id) || '…'}</a> },
            { title: t('ops.pay.payer'), dataIndex: 'payerName', render: (v: string | null) => v ?? t('common.none'), responsive: ['md'] },
            { title: t('ops.pay.method'), dataIndex: 'method', render: (m: string) => <MethodLabel method={m} /> },
            { title: t('ops.pay.reference'), dataIndex: 'reference', render: (v: string | null) => v ?? t('common.none'), responsive: ['lg'] },
            { title: t('ops.pay.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <strong>{formatMoney(v, locale)}</strong> },
            { title: t('ops.pay.credited'), dataIndex: 'creditedFen', align: 'right', render: (v: number) => formatMoney(v, locale), responsive: ['lg'] },
            { title: t('ops.pay.receivedAt'), dataIndex: 'receivedAt', render: (v: string) => formatDateTime(v, locale), responsive: ['xl'] },
          ]}
        />
      </Card>
      <PaymentModal open={paying} projectId={projectId} onClose={() => setPaying(false)} onPaid={() => res.reload()} />
      <AccountDrawer accountId={accountId} onClose={() => setAccountId(null)} onChanged={res.reload} />
    </>
  );
}
