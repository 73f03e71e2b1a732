import { useState } from 'react';
import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks';
import { HOLD_REASONS, holdReasonLabel } from '../orders/lifecycle';
import { SignaturePad } from './SignaturePad';
import { PhotoPicker } from './TechOrderParts';

export interface Completion {
  note: string;
  afterPhotos: File[];
  signature: { dataUrl: string; signerName: string } | null;
}

/**
 * 完工: the result, photos after the work, and the customer's signature with their name. The
 * signature may be skipped only by saying the customer was not there.
 */
export function CompleteDialog({ open, defaultSigner, onCancel, onSubmit }: { open: boolean; defaultSigner: string; onCancel: () => void; onSubmit: (c: Completion) => Promise<void> }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string; signer: string; absent: boolean }>();
  const [png, setPng] = useState<string | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [sigError, setSigError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const absent = Form.useWatch('absent', form);

  const submit = async () => {
    const v = await form.validateFields();
    if (!v.absent && !png) {
      setSigError(t('techApp.completeDialog.needSignature'));
      return;
    }
    setBusy(true);
    try {
      await onSubmit({ note: v.note.trim(), afterPhotos: photos, signature: v.absent || !png ? null : { dataUrl: png, signerName: v.signer.trim() } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('techApp.completeDialog.title')}
      okText={t('techApp.completeDialog.submit')}
      onOk={() => void submit()}
      onCancel={onCancel}
      confirmLoading={busy}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'complete-submit' } as never}
      width={420}
    >
      <Form form={form} layout="vertical" initialValues={{ note: '', signer: defaultSigner, absent: false }} data-testid="complete-form" preserve={false}>
        <Form.Item name="note" label={t('techApp.completeDialog.note')} rules={[{ required: true, whitespace: true, message: t('techApp.completeDialog.needNote') }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder={t('techApp.completeDialog.notePlaceholder')} data-testid="complete-note" />
        </Form.Item>
        <Form.Item label={t('techApp.photos.after')}>
          <PhotoPicker files={photos} onChange={setPhotos} testId="complete-photo-input" />
        </Form.Item>
        <Form.Item name="absent" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox onChange={() => setSigError(null)}>{t('techApp.completeDialog.noSignature')}</Checkbox>
        </Form.Item>
        {!absent && (
          <>
            <Form.Item label={t('techApp.completeDialog.signature')} required validateStatus={sigError ? 'error' : undefined} help={sigError ?? undefined}>
              <SignaturePad
                onChange={(p) => {
                  setPng(p);
                  if (p) setSigError(null);
                }}
              />
            </Form.Item>
            <Form.Item name="signer" label={t('techApp.completeDialog.signer')} rules={[{ required: true, whitespace: true, message: t('techApp.completeDialog.needSigner') }]}>
              <Input maxLength={40} data-testid="signer-name" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/** 挂起: a reason from the list and an optional note. */
export function HoldDialog({ open, onCancel, onSubmit }: { open: boolean; onCancel: () => void; onSubmit: (holdReason: string, note: string) => Promise<void> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<{ holdReason: string; note?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await onSubmit(v.holdReason, v.note?.trim() ?? '');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={open} title={t('techApp.holdDialog.title')} okText={t('techApp.holdDialog.submit')} onOk={() => void submit()} onCancel={onCancel} confirmLoading={busy} destroyOnHidden width={420}>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="holdReason" label={t('techApp.holdDialog.reason')} rules={[{ required: true, message: t('techApp.holdDialog.reason') }]}>
          <Select data-testid="hold-reason" options={HOLD_REASONS.map((r) => ({ value: r, label: holdReasonLabel(locale, r) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('techApp.holdDialog.note')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
