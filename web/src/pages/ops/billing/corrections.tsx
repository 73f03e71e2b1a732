/**
 * Corrections at the cashier's desk (更正): void a receipt the same day (作废), reverse it by a red
 * entry (冲红) and re-apply the money to the right house, cancel a bill or credit-note it — each
 * with its reason and its approval state; the receipt trail (收据轨迹) with reprints (重打).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Grid, Input, Modal, Space, Table, Tag, Timeline, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrorsFrom } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FormErrors } from '../../../components/FormBits';
import { LoadError } from '../../../components/LoadError';
import { formatDateTime, formatMoney } from '../../../format';
import { fenToYuanInput, yuanToFen } from '../../../money';
import { useLocale, useRequest } from '../../../hooks';
import { opsApi, type Bill, type Correction, type CorrectionKind, type Payment, type TrailEntry } from '../../../opsApi';
import { UnitSelect, useUnitLabels } from '../opsShared';
import { MethodLabel } from './billingShared';

const CORRECTION_COLORS: Record<Correction['status'], string> = { pending: 'gold', applied: 'green', rejected: 'default' };

export function CorrectionStatusTag({ status }: { status: Correction['status'] }) {
  const { t } = useTranslation();
  return <Tag color={CORRECTION_COLORS[status]} data-testid={`correction-${status}`}>{t(`ops.corr.status.${status}`)}</Tag>;
}

/** What a receipt is now: valid, voided (作废), reversed (已冲红), a red entry (冲红), a deposit… */
export function PaymentStateTag({ p }: { p: Pick<Payment, 'kind' | 'status' | 'reversedById' | 'reappliedFromId'> }) {
  const { t } = useTranslation();
  if (p.status === 'voided') return <Tag color="default">{t('ops.corr.state.voided')}</Tag>;
  if (p.kind === 'reversal') return <Tag color="red">{t('ops.corr.state.reversal')}</Tag>;
  if (p.reversedById) return <Tag color="volcano">{t('ops.corr.state.reversed')}</Tag>;
  if (p.kind === 'deposit' || p.kind === 'deposit_refund') return <Tag color="blue">{t(`ops.corr.state.${p.kind}`)}</Tag>;
  if (p.kind === 'temp_parking') return <Tag color="purple">{t('ops.corr.state.temp_parking')}</Tag>;
  if (p.reappliedFromId) return <Tag color="cyan">{t('ops.corr.state.reapplied')}</Tag>;
  return <Tag color="green">{t('ops.corr.state.valid')}</Tag>;
}

interface CorrectionValues {
  reason: string;
  amountYuan?: string;
  reapplyAccountId?: string;
}

/**
 * The request form of one correction. A payment: void or reversal (with an optional house to
 * re-apply to); a bill: cancel or credit note (with the amount). Small corrections take effect at
 * once; from the project's threshold up, and every credit note, they wait for approval.
 */
export function CorrectionModal({ kind, payment, bill, onClose, onDone }: {
  kind: CorrectionKind | null;
  payment?: Payment | null;
  bill?: Bill | null;
  onClose: () => void;
  onDone: (c: Correction) => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionValues>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const open = !!kind;
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setErrors([]);
    if (kind === 'credit_note' && bill) form.setFieldsValue({ amountYuan: fenToYuanInput(bill.amountFen - bill.writtenOffFen) });
  }, [open, kind, bill, form]);

  const submit = async (v: CorrectionValues) => {
    if (!kind) return;
    let amountFen: number | undefined;
    if (kind === 'credit_note') {
      const fen = yuanToFen(v.amountYuan);
      if (!fen) {
        form.setFields([{ name: 'amountYuan', errors: [t('ops.common.badValue')] }]);
        return;
      }
      amountFen = fen;
    }
    setBusy(true);
    setErrors([]);
    try {
      const c = await opsApi.requestCorrection({
        kind,
        paymentId: payment?.id,
        billId: bill?.id,
        amountFen,
        reason: v.reason.trim(),
        reapplyAccountId: kind === 'reversal' ? (v.reapplyAccountId ?? null) : undefined,
      });
      if (c.status === 'pending') message.warning(t('ops.corr.pendingDone'));
      else message.success(t('ops.corr.appliedDone'));
      onDone(c);
      onClose();
    } catch (e) {
      const { fields, rest } = fieldErrorsFrom(e, ['reason', 'amountFen', 'reapplyAccountId']);
      form.setFields(fields.map((f) => ({ name: (f.name[0] === 'amountFen' ? 'amountYuan' : f.name[0]) as never, errors: f.errors })));
      setErrors(rest);
    } finally {
      setBusy(false);
    }
  };

  const target = payment ? `${payment.receiptNo} · ${formatMoney(payment.amountFen, locale)}` : bill ? `${bill.unitNumber ?? bill.accountId} · ${bill.feeName ?? bill.description ?? ''} ${bill.periodKey} · ${formatMoney(bill.amountFen, locale)}` : '';
  return (
    <Modal
      open={open}
      title={kind ? t(`ops.corr.kinds.${kind}`) : ''}
      onCancel={onClose}
      destroyOnHidden
      okText={t('ops.corr.submit')}
      okButtonProps={{ loading: busy, danger: true, 'data-testid': 'correction-submit' } as never}
      onOk={() => form.submit()}
    >
      <Typography.Paragraph data-testid="correction-target"><strong>{target}</strong></Typography.Paragraph>
      {kind && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t(`ops.corr.help.${kind}`)} />}
      <Form<CorrectionValues> form={form} layout="vertical" onFinish={submit} data-testid="correction-form">
        {kind === 'credit_note' && (
          <Form.Item name="amountYuan" label={t('ops.corr.amount')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input prefix="¥" inputMode="decimal" autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('ops.corr.reason')} rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        {kind === 'reversal' && payment && (
          <Form.Item name="reapplyAccountId" label={t('ops.corr.reapplyTo')} extra={t('ops.corr.reapplyHelp')}>
            <UnitSelect projectId={payment.projectId} allowClear />
          </Form.Item>
        )}
        <FormErrors messages={errors} />
      </Form>
    </Modal>
  );
}

/** Corrections waiting for approval in a project; an approver decides them (not their own). */
export function PendingCorrections({ projectId, onChanged }: { projectId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const res = useRequest(() => opsApi.corrections({ projectId, status: 'pending', pageSize: 50 }), [projectId]);
  const units = useUnitLabels((res.data?.items ?? []).map((c) => c.accountId));
  const canApprove = hasPermission(user, 'billing.approve');
  const [busy, setBusy] = useState<string | null>(null);
  if (!res.data?.items.length) return null;
  const decide = async (c: Correction, approve: boolean) => {
    setBusy(c.id);
    try {
      await opsApi.decideCorrection(c.id, approve);
      message.success(t(approve ? 'ops.corr.approved' : 'ops.corr.rejected'));
      res.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card size="small" title={t('ops.corr.pendingTitle', { n: res.data.total })} style={{ marginBottom: 12 }} data-testid="pending-corrections">
      <Table<Correction>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={res.data.items}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('ops.corr.kind'), dataIndex: 'kind', render: (k: CorrectionKind) => t(`ops.corr.kinds.${k}`) },
          { title: t('ops.bill.unit'), dataIndex: 'accountId', render: (id: string) => units.get(id) || '…' },
          { title: t('ops.corr.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
          { title: t('ops.corr.reason'), dataIndex: 'reason' },
          { title: t('ops.corr.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('ops.ledger.status'), dataIndex: 'status', render: (s: Correction['status']) => <CorrectionStatusTag status={s} /> },
          ...(canApprove
            ? [{
                title: t('common.actions'),
                key: 'act',
                render: (_: unknown, c: Correction) =>
                  c.requestedBy === user?.id ? (
                    <Typography.Text type="secondary">{t('ops.corr.notOwn')}</Typography.Text>
                  ) : (
                    <Space>
                      <Button size="small" type="primary" loading={busy === c.id} onClick={() => void decide(c, true)} data-testid="correction-approve">{t('ops.corr.approve')}</Button>
                      <Button size="small" danger loading={busy === c.id} onClick={() => void decide(c, false)}>{t('ops.corr.reject')}</Button>
                    </Space>
                  ),
              }]
            : []),
        ]}
      />
    </Card>
  );
}

/** 收据轨迹: the receipt and everything linked to it, both ways; reprint opens it stamped 重打. */
export function TrailDrawer({ paymentId, onClose, onChanged }: { paymentId: string | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const screens = Grid.useBreakpoint();
  const res = useRequest(() => opsApi.receiptTrail(paymentId!), [paymentId], !!paymentId);
  const tr = res.data;
  const units = useUnitLabels(tr ? [tr.original.accountId, ...tr.reapplied.map((r) => r.accountId)] : []);
  const canWrite = hasPermission(user, 'billing.write');
  const reprint = (id: string) => {
    window.open(opsApi.reprintUrl(id), '_blank', 'noopener');
    // The server counts the reprint when it serves the page: show the new count shortly after.
    window.setTimeout(() => res.reload(), 800);
    onChanged?.();
  };
  const entry = (e: TrailEntry, label: string) => (
    <Descriptions size="small" column={2} bordered title={label} style={{ marginBottom: 12 }} extra={canWrite && <Button size="small" icon={<PrinterOutlined />} onClick={() => reprint(e.id)} data-testid={`trail-reprint-${e.kind}`}>{t('ops.corr.reprint')}</Button>}>
      <Descriptions.Item label={t('ops.pay.receipt')}>{e.receiptNo}</Descriptions.Item>
      <Descriptions.Item label={t('ops.ledger.status')}><PaymentStateTag p={e} /></Descriptions.Item>
      <Descriptions.Item label={t('ops.bill.unit')}>{units.get(e.accountId) || '…'}</Descriptions.Item>
      <Descriptions.Item label={t('ops.pay.amount')}><strong>{formatMoney(e.amountFen, locale)}</strong></Descriptions.Item>
      <Descriptions.Item label={t('ops.pay.method')}><MethodLabel method={e.method} /></Descriptions.Item>
      <Descriptions.Item label={t('ops.pay.receivedAt')}>{formatDateTime(e.receivedAt, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('ops.corr.reprints')}>{e.reprintCount}</Descriptions.Item>
    </Descriptions>
  );
  return (
    <Drawer open={!!paymentId} onClose={onClose} width={screens.md ? 640 : '100%'} title={t('ops.corr.trail')} data-testid="trail-drawer">
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {tr && (
        <>
          {entry(tr.original, t('ops.corr.original'))}
          {tr.reversal && entry(tr.reversal, t('ops.corr.state.reversal'))}
          {tr.reapplied.map((r) => <div key={r.id}>{entry(r, t('ops.corr.state.reapplied'))}</div>)}
          <Typography.Title level={2} style={{ fontSize: 15 }}>{t('ops.corr.history')}</Typography.Title>
          <Timeline
            data-testid="trail-timeline"
            items={[
              ...tr.corrections.map((c) => ({
                key: c.id,
                color: c.status === 'applied' ? 'green' : c.status === 'pending' ? 'orange' : 'gray',
                children: (
                  <>
                    {t(`ops.corr.kinds.${c.kind}`)} · {formatMoney(c.amountFen, locale)} <CorrectionStatusTag status={c.status} />
                    <div><Typography.Text type="secondary">{formatDateTime(c.requestedAt, locale)} · {c.reason}</Typography.Text></div>
                    {c.decisionNote && <div><Typography.Text type="secondary">{c.decisionNote}</Typography.Text></div>}
                  </>
                ),
              })),
              ...tr.reprints.map((r) => ({ key: `${r.paymentId}-${r.printNo}`, color: 'blue', children: t('ops.corr.reprinted', { n: r.printNo, at: formatDateTime(r.printedAt, locale) }) })),
            ]}
          />
          {!tr.corrections.length && !tr.reprints.length && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
        </>
      )}
    </Drawer>
  );
}
