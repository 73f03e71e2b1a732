import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { useRequest } from '../../../hooks';
import { text, useListParams } from '../../../listParams';
import { fenToYuanInput, yuanToFen } from '../../../money';
import { opsApi } from '../../../opsApi';
import { ProjectSelect, useProjectChoice } from '../opsShared';

type TokenKey = 'prefix' | 'yyyyMMdd' | 'seq' | 'noticeNo' | 'unit' | 'period' | 'amount' | 'projectCode';
const RECEIPT_TOKENS: readonly [string, TokenKey][] = [['{prefix}', 'prefix'], ['{yyyyMMdd}', 'yyyyMMdd'], ['{seq:6}', 'seq']];
const QR_TOKENS: readonly [string, TokenKey][] = [['{noticeNo}', 'noticeNo'], ['{unit}', 'unit'], ['{period}', 'period'], ['{amount}', 'amount'], ['{projectCode}', 'projectCode']];

/** A help line listing the placeholders as code (typed as they are) with what each stands for. */
function Tokens({ intro, tokens }: { intro: string; tokens: readonly [string, TokenKey][] }) {
  const { t } = useTranslation();
  return (
    <span>
      {intro}
      {tokens.map(([code, key]) => (
        <span key={code} style={{ marginInlineStart: 8, whiteSpace: 'nowrap' }}>
          <Typography.Text code>{code}</Typography.Text>
          {t(`ops.settings.tokens.${key}`)}
        </span>
      ))}
    </span>
  );
}

interface Values {
  receiptPattern: string;
  approvalThresholdYuan: string;
  paymentQrTemplate: string;
  paymentQrCaption: string;
}

/** What the template gives for a sample notice (the server fills the real one when the notice is issued). */
export function sampleQrText(template: string): string {
  const sample: Record<string, string> = { noticeNo: 'TZ20261201000001', unit: 'B3-1201', period: '2026-12', amount: '356.80', projectCode: 'HT' };
  const isUrl = /^[a-z][a-z0-9+.-]*:/i.test(template);
  return template.replace(/\{(noticeNo|unit|period|amount|projectCode)\}/g, (_all, k: string) => (isUrl ? encodeURIComponent(sample[k]) : sample[k]));
}

/** 收费设置: per project, the receipt number pattern, the amount from which corrections need approval, and the payment QR on bill notices. */
export default function BillingSettingsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { values: f, update } = useListParams((p) => ({ projectId: text(p, 'projectId') }));
  const { projects, projectId } = useProjectChoice(f.projectId);
  const res = useRequest(() => opsApi.cashierSettings(projectId!), [projectId], !!projectId);
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const template = Form.useWatch('paymentQrTemplate', form) ?? '';

  useEffect(() => {
    if (!res.data) return;
    form.setFieldsValue({
      receiptPattern: res.data.receiptPattern,
      approvalThresholdYuan: fenToYuanInput(res.data.approvalThresholdFen),
      paymentQrTemplate: res.data.paymentQrTemplate ?? '',
      paymentQrCaption: res.data.paymentQrCaption ?? '',
    });
  }, [res.data, form]);

  const save = async (v: Values) => {
    if (!projectId) return;
    const threshold = yuanToFen(v.approvalThresholdYuan);
    if (threshold === null) {
      form.setFields([{ name: 'approvalThresholdYuan', errors: [t('ops.settings.badAmount')] }]);
      return;
    }
    setSaving(true);
    try {
      await opsApi.saveCashierSettings(projectId, { receiptPattern: v.receiptPattern.trim(), approvalThresholdFen: threshold, paymentQrTemplate: v.paymentQrTemplate.trim() || null, paymentQrCaption: v.paymentQrCaption.trim() || null });
      message.success(t('ops.settings.saved'));
      res.reload();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeader title={t('ops.nav.billingSettings')} sub={t('ops.settings.intro')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={projectId} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
        </FilterBar>
        <Form<Values> form={form} layout="vertical" style={{ maxWidth: 640 }} onFinish={(v) => void save(v)} disabled={!res.data} data-testid="billing-settings-form">
          <Form.Item name="receiptPattern" label={t('ops.settings.receiptPattern')} extra={<Tokens intro={t('ops.settings.receiptPatternHelp')} tokens={RECEIPT_TOKENS} />} rules={[{ required: true, whitespace: true, message: t('ops.settings.required') }]}>
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item name="approvalThresholdYuan" label={t('ops.settings.threshold')} extra={t('ops.settings.thresholdHelp')} rules={[{ required: true, message: t('ops.settings.required') }]}>
            <Input prefix="¥" inputMode="decimal" autoComplete="off" style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="paymentQrTemplate" label={t('ops.settings.qrTemplate')} extra={<Tokens intro={t('ops.settings.qrTemplateHelp')} tokens={QR_TOKENS} />}>
            <Input.TextArea maxLength={300} autoSize={{ minRows: 2, maxRows: 4 }} placeholder="https://pay.example.cn/wy?ref={noticeNo}&amt={amount}" data-testid="qr-template" />
          </Form.Item>
          {template.trim() && (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('ops.settings.qrSample')} description={<Typography.Text code style={{ wordBreak: 'break-all' }} data-testid="qr-sample">{sampleQrText(template.trim())}</Typography.Text>} />
          )}
          <Form.Item name="paymentQrCaption" label={t('ops.settings.qrCaption')}>
            <Input maxLength={60} autoComplete="off" placeholder={t('ops.settings.qrCaptionPlaceholder')} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="save-settings">
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      </Card>
    </>
  );
}
