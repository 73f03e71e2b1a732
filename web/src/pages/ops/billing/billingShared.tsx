import { useEffect, useLayoutEffect, useState } from 'react';
import { Alert, App, Button, Col, Descriptions, Drawer, Form, Grid, Input, Modal, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { PrinterOutlined, WalletOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { fieldErrorsFrom } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FormErrors, ImplicitSubmit } from '../../../components/FormBits';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { LoadError } from '../../../components/LoadError';
import { formatDate, formatMoney } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { fenToYuanInput, yuanToFen } from '../../../opsMoney';
import { feeCategoryLabel } from './feeCategories';
import { opsApi, PAYMENT_METHODS, type Bill, type PaymentMethod, type PaymentResult } from '../../../opsApi';
import { UnitSelect } from '../opsShared';

const BILL_COLORS: Record<Bill['status'], string> = { open: 'red', partly_paid: 'orange', settled: 'green' };

export function BillStatusTag({ status }: { status: Bill['status'] }) {
  const { t } = useTranslation();
  return <Tag color={BILL_COLORS[status]}>{t(`ops.bill.status.${status}`)}</Tag>;
}

export function MethodLabel({ method }: { method: PaymentMethod | string }) {
  const { t } = useTranslation();
  return <>{(PAYMENT_METHODS as readonly string[]).includes(method) ? t(`ops.pay.methods.${method as PaymentMethod}`) : method}</>;
}

/** Aging bucket labels from the server ("0-30", ">365") in words. */
export function agingLabel(label: string, words: { days: (from: string, to: string) => string; over: (days: string) => string }): string {
  const m = /^(\d+)-(\d+)$/.exec(label);
  if (m) return words.days(m[1], m[2]);
  const o = /^>(\d+)$/.exec(label);
  return o ? words.over(o[1]) : label;
}

/** The words agingLabel needs, in the reader's language. */
export function useAgingWords() {
  const { t } = useTranslation();
  return { days: (from: string, to: string) => t('ops.aging.days', { from, to }), over: (days: string) => t('ops.aging.over', { days }) };
}

interface PayValues {
  unitId?: string;
  amountYuan: string;
  method: PaymentMethod;
  reference?: string;
  payerName?: string;
  note?: string;
}

/**
 * 收款: pick the house (or come with one), see what it owes, take the money. The server applies it
 * to the oldest bills first and keeps any remainder as credit; the receipt opens for printing.
 */
export function PaymentModal({ open, projectId, accountId, onClose, onPaid }: { open: boolean; projectId: string | undefined; accountId?: string | null; onClose: () => void; onPaid: (r: PaymentResult) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<PayValues>();
  const unitId = Form.useWatch('unitId', form);
  const account = accountId ?? unitId;
  const acc = useRequest(() => opsApi.account(account!), [account], open && !!account);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [done, setDone] = useState<PaymentResult | null>(null);

  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    form.resetFields();
    setErrors([]);
    setDone(null);
    form.setFieldsValue({ method: 'cash' });
  }, [open, form]);
  useEffect(() => {
    if (acc.data && acc.data.accountId === account && !form.getFieldValue('amountYuan')) form.setFieldsValue({ amountYuan: fenToYuanInput(acc.data.outstandingFen) });
  }, [acc.data, account, form]);

  const submit = async (v: PayValues) => {
    const fen = yuanToFen(v.amountYuan);
    if (!fen) {
      form.setFields([{ name: 'amountYuan', errors: [t('ops.common.badValue')] }]);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      const r = await opsApi.pay({ accountId: account!, amountFen: fen, method: v.method, reference: v.reference?.trim() || null, payerName: v.payerName?.trim() || null, note: v.note?.trim() || null });
      message.success(t('ops.pay.done', { receipt: r.receiptNo }));
      setDone(r);
      onPaid(r);
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['amountFen', 'method', 'reference', 'payerName', 'note']);
      form.setFields(fields.map((f) => ({ name: (f.name[0] === 'amountFen' ? 'amountYuan' : f.name[0]) as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('ops.pay.title')}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      footer={
        done
          ? [
              <Button key="r" icon={<PrinterOutlined />} href={opsApi.receiptUrl(done.id)} target="_blank" data-testid="receipt-link">{t('ops.pay.printReceipt')}</Button>,
              <Button key="c" type="primary" onClick={onClose}>{t('ops.common.close')}</Button>,
            ]
          : [
              <Button key="c" onClick={onClose}>{t('common.cancel')}</Button>,
              <Button key="ok" type="primary" loading={busy} disabled={!account} onClick={() => form.submit()} data-testid="pay-submit">{t('ops.pay.submit')}</Button>,
            ]
      }
    >
      {done ? (
        <Alert
          type="success"
          showIcon
          data-testid="pay-done"
          message={t('ops.pay.receiptNo', { receipt: done.receiptNo })}
          description={t('ops.pay.allocation', { paid: formatMoney(done.amountFen, locale), allocated: formatMoney(done.allocatedFen, locale), credited: formatMoney(done.creditedFen, locale), bills: done.allocations.length })}
        />
      ) : (
        <Form<PayValues> form={form} layout="vertical" onFinish={submit} data-testid="pay-form">
          {!accountId && (
            <Form.Item name="unitId" label={t('ops.pay.unit')} rules={[{ required: true, message: t('form.required') }]}>
              <UnitSelect projectId={projectId} />
            </Form.Item>
          )}
          {account && acc.error && <LoadError error={acc.error} onRetry={acc.reload} />}
          {account && acc.data && (
            <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }} data-testid="pay-account">
              <Descriptions.Item label={t('ops.account.label')} span={2}>{acc.data.label}</Descriptions.Item>
              <Descriptions.Item label={t('ops.account.outstanding')}>{formatMoney(acc.data.outstandingFen, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('ops.account.overdue')}>{formatMoney(acc.data.overdueFen, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('ops.account.months')}>{acc.data.monthsInArrears}</Descriptions.Item>
              <Descriptions.Item label={t('ops.account.credit')}>{formatMoney(acc.data.creditFen, locale)}</Descriptions.Item>
            </Descriptions>
          )}
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="amountYuan" label={t('ops.pay.amount')} rules={[{ required: true, whitespace: true, message: t('form.required') }]} extra={t('ops.pay.amountHelp')}>
                <Input prefix="¥" inputMode="decimal" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="method" label={t('ops.pay.method')} rules={[{ required: true, message: t('form.required') }]}>
                <Select options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`ops.pay.methods.${m}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="reference" label={t('ops.pay.reference')} extra={t('ops.pay.referenceHelp')}>
                <Input maxLength={64} autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="payerName" label={t('ops.pay.payer')}>
                <Input maxLength={80} autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={t('ops.ledger.note')}>
            <Input maxLength={500} />
          </Form.Item>
          <FormErrors messages={errors} />
          <ImplicitSubmit />
        </Form>
      )}
    </Modal>
  );
}

/** 房屋账户: what a house owes (aged), its open bills and recent payments. */
export function AccountDrawer({ accountId, onClose, onChanged }: { accountId: string | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const screens = Grid.useBreakpoint();
  const res = useRequest(() => opsApi.account(accountId!), [accountId], !!accountId);
  const [paying, setPaying] = useState(false);
  const a = res.data && res.data.accountId === accountId ? res.data : undefined;
  const words = useAgingWords();
  return (
    <Drawer
      open={!!accountId}
      onClose={onClose}
      width={screens.md ? 680 : '100%'}
      title={a ? a.label : t('ops.account.title')}
      extra={a && hasPermission(user, 'billing.write') && <Button type="primary" icon={<WalletOutlined />} onClick={() => setPaying(true)} data-testid="account-pay">{t('ops.pay.title')}</Button>}
      data-testid="account-drawer"
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!a && !res.error && <FullPageSpin />}
      {a && (
        <>
          <Row gutter={[12, 12]}>
            <Col span={8}><Statistic title={t('ops.account.outstanding')} value={formatMoney(a.outstandingFen, locale)} /></Col>
            <Col span={8}><Statistic title={t('ops.account.overdue')} value={formatMoney(a.overdueFen, locale)} valueStyle={a.overdueFen ? { color: '#cf1322' } : undefined} /></Col>
            <Col span={8}><Statistic title={t('ops.account.credit')} value={formatMoney(a.creditFen, locale)} /></Col>
          </Row>
          {a.dunningCase && <Alert type="warning" showIcon style={{ marginTop: 12 }} message={t('ops.account.inDunning', { since: formatDate(a.dunningCase.enteredOn, locale) })} />}
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.account.aging')}</Typography.Title>
          <Table
            size="small"
            rowKey="label"
            pagination={false}
            dataSource={a.aging}
            columns={[
              { title: t('ops.aging.bucket'), dataIndex: 'label', render: (l: string) => agingLabel(l, words) },
              { title: t('ops.aging.count'), dataIndex: 'count', align: 'right' },
              { title: t('ops.aging.amount'), dataIndex: 'fen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.account.openBills')}</Typography.Title>
          <Table<Bill>
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={a.openBills}
            scroll={{ x: 520 }}
            data-testid="account-bills"
            locale={{ emptyText: t('ops.account.noOpenBills') }}
            columns={[
              { title: t('ops.bill.fee'), key: 'fee', render: (_, b) => b.feeName ?? b.description ?? feeCategoryLabel(t, b.category) },
              { title: t('ops.bill.period'), dataIndex: 'periodKey' },
              { title: t('ops.bill.due'), dataIndex: 'dueDate', render: (d: string) => formatDate(d, locale) },
              { title: t('ops.bill.outstanding'), dataIndex: 'outstandingFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.account.payments')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={a.payments}
            scroll={{ x: 480 }}
            locale={{ emptyText: t('common.none') }}
            columns={[
              { title: t('ops.pay.receipt'), dataIndex: 'receiptNo', render: (n: string, p: { id: string }) => <a href={opsApi.receiptUrl(p.id)} target="_blank" rel="noreferrer">{n}</a> },
              { title: t('ops.pay.paidOn'), dataIndex: 'paidOn', render: (d: string) => formatDate(d, locale) },
              { title: t('ops.pay.method'), dataIndex: 'method', render: (m: string) => <MethodLabel method={m} /> },
              { title: t('ops.pay.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            ]}
          />
          <PaymentModal
            open={paying}
            projectId={a.projectId}
            accountId={a.accountId}
            onClose={() => setPaying(false)}
            onPaid={() => {
              res.reload();
              onChanged?.();
            }}
          />
        </>
      )}
    </Drawer>
  );
}
