import { useLayoutEffect, useMemo, useState } from 'react';
import { Alert, App, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { DayPicker } from '../../../components/DayPicker';
import type { ChecklistItem, HazardInput, Severity } from '../../../opsApi';
import { answersFrom, isAbnormal, itemsOrOverall, missingItems, type Answer } from './checkModel';

const SEVERITIES: readonly Severity[] = ['low', 'medium', 'high', 'critical'];

export interface CheckSubmit {
  answers: { code: string; value: boolean | number | string }[];
  note: string | null;
  hazard?: HazardInput;
}

interface HazardValues {
  note?: string;
  hazardTitle?: string;
  severity?: Severity;
  department?: string;
  deadline?: string;
}

/**
 * Record a check: one control per checklist item; when an answer is abnormal the server opens a
 * hazard work order (隐患), so the form asks for its severity, department and deadline too.
 */
export function CheckModal({
  open,
  title,
  items,
  onClose,
  submit,
}: {
  open: boolean;
  title: string;
  items: readonly ChecklistItem[] | null | undefined;
  onClose: () => void;
  submit: (c: CheckSubmit) => Promise<{ outcome: string; hazardNumber: string | null }>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const list = useMemo(() => itemsOrOverall(items), [items]);
  const [values, setValues] = useState<Record<string, Answer>>({});
  const [form] = Form.useForm<HazardValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  // Before paint: a reset in a later effect could wipe what a fast typist (or a scanner) already entered.
  useLayoutEffect(() => {
    if (!open) return;
    setValues({});
    setError(null);
    setMissing([]);
    form.resetFields();
  }, [open, form]);
  const abnormal = list.some((i) => isAbnormal(i, values[i.code]));
  const set = (code: string, v: Answer) => setValues((x) => ({ ...x, [code]: v }));

  const onOk = async () => {
    const miss = missingItems(list, values);
    setMissing(miss);
    if (miss.length) return;
    const v = form.getFieldsValue();
    setBusy(true);
    setError(null);
    try {
      const r = await submit({
        answers: answersFrom(list, values),
        note: v.note?.trim() || null,
        hazard: abnormal ? { title: v.hazardTitle?.trim() || undefined, severity: v.severity, department: v.department?.trim() || undefined, deadline: v.deadline || undefined } : undefined,
      });
      message.success(r.hazardNumber ? t('ops.insp.hazardOpened', { number: r.hazardNumber }) : t('ops.insp.checkRecorded'));
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={title} okText={t('common.save')} cancelText={t('common.cancel')} onOk={() => void onOk()} onCancel={onClose} confirmLoading={busy} destroyOnHidden width={620}>
      <div data-testid="check-form">
        {list.map((item) => {
          const label = item.code === 'overall' && !item.label ? t('ops.insp.overall') : item.label;
          const bad = isAbnormal(item, values[item.code]);
          return (
            <Row key={item.code} gutter={8} align="middle" style={{ marginBottom: 10 }}>
              <Col xs={24} sm={10}>
                <Typography.Text type={missing.includes(item.code) ? 'danger' : bad ? 'warning' : undefined}>
                  {label}
                  {item.type === 'number' && item.unit ? ` (${item.unit})` : ''}
                </Typography.Text>
              </Col>
              <Col xs={24} sm={14}>
                {item.type === 'check' && (
                  <Radio.Group value={values[item.code]} onChange={(e) => set(item.code, e.target.value as boolean)} optionType="button" buttonStyle="solid" aria-label={label} data-testid={`check-item-${item.code}`}>
                    <Radio.Button value={true}>{t('ops.insp.normal')}</Radio.Button>
                    <Radio.Button value={false}>{t('ops.insp.abnormal')}</Radio.Button>
                  </Radio.Group>
                )}
                {item.type === 'number' && (
                  <InputNumber value={values[item.code] as number | undefined} onChange={(v) => set(item.code, v ?? undefined)} status={bad ? 'warning' : undefined} style={{ width: 160 }} aria-label={label} placeholder={[item.min, item.max].filter((x) => x !== undefined).join(' – ')} />
                )}
                {item.type === 'choice' && (
                  <Select value={values[item.code] as string | undefined} onChange={(v) => set(item.code, v)} style={{ width: 200 }} aria-label={label} status={bad ? 'warning' : undefined} options={item.options.map((o) => ({ value: o, label: o }))} />
                )}
                {item.type === 'text' && <Input value={(values[item.code] as string | undefined) ?? ''} onChange={(e) => set(item.code, e.target.value)} aria-label={label} maxLength={200} />}
              </Col>
            </Row>
          );
        })}
        {missing.length > 0 && <Alert type="error" showIcon message={t('ops.insp.answerAll')} style={{ marginBottom: 8 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="note" label={t('ops.ledger.note')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          {abnormal && (
            <>
              <Divider orientation="left" plain>{t('ops.insp.hazardTitle')}</Divider>
              <Typography.Paragraph type="secondary">{t('ops.insp.hazardHelp')}</Typography.Paragraph>
              <Row gutter={12}>
                <Col xs={24}>
                  <Form.Item name="hazardTitle" label={t('ops.hazard.title')}>
                    <Input maxLength={120} placeholder={t('ops.insp.hazardTitlePlaceholder')} />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name="severity" label={t('ops.hazard.severity')}>
                    <Select allowClear options={SEVERITIES.map((s) => ({ value: s, label: t(`ops.hazard.severities.${s}`) }))} data-testid="hazard-severity" />
                  </Form.Item>
                </Col>
                <Col xs={12} sm={8}>
                  <Form.Item name="department" label={t('ops.hazard.department')}>
                    <Input maxLength={40} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name="deadline" label={t('ops.hazard.deadline')}>
                    <DayPicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          )}
        </Form>
        {error && <Alert type="error" showIcon role="alert" message={error} />}
      </div>
    </Modal>
  );
}
