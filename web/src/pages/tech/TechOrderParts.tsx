import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, Flex, Form, Image, Input, InputNumber, List, Space, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks';
import { formatMoney, yuanToFen } from '../../money';
import type { FieldAttachment, Material } from './fieldApi';

/** Pick photos with the phone's camera (or the gallery), with thumbnails of what was picked. */
export function PhotoPicker({ files, onChange, testId, multiple = true }: { files: File[]; onChange: (f: File[]) => void; testId: string; multiple?: boolean }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);
  return (
    <Flex gap={8} wrap align="center">
      {urls.map((u, i) => (
        <img key={u} src={u} alt={files[i].name} data-testid="picked-photo" style={{ width: 64, height: 64, objectFit: 'cover', borderRadius: 6 }} />
      ))}
      <Button icon={<CameraOutlined />} onClick={() => input.current?.click()}>
        {t('techApp.photos.take')}
      </Button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        multiple={multiple}
        hidden
        data-testid={testId}
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          e.target.value = '';
          if (picked.length) onChange(multiple ? [...files, ...picked] : picked);
        }}
      />
    </Flex>
  );
}

/** Before / after photos already on the order, and a camera button that adds one at once. */
export function PhotosCard({ attachments, pending, canAdd, onAdd }: { attachments: FieldAttachment[]; pending: number; canAdd: boolean; onAdd: (phase: 'before' | 'after', file: File) => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={`${t('techApp.photos.before')} / ${t('techApp.photos.after')}`} data-testid="photos-card">
      {(['before', 'after'] as const).map((phase) => {
        const list = attachments.filter((a) => a.phase === phase);
        return (
          <div key={phase} style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t(`techApp.photos.${phase}`)}</Typography.Text>
            <Flex gap={8} wrap align="center" style={{ marginTop: 4 }}>
              <Image.PreviewGroup>
                {list.map((a) => (
                  <Image key={a.id} src={a.url} alt={a.filename} width={64} height={64} style={{ objectFit: 'cover', borderRadius: 6 }} data-testid={`photo-${phase}`} />
                ))}
              </Image.PreviewGroup>
              {!list.length && <Typography.Text type="secondary">{t('techApp.photos.none')}</Typography.Text>}
              {canAdd && <PhotoPicker files={[]} multiple={false} testId={`${phase}-photo-input`} onChange={(f) => void onAdd(phase, f[0])} />}
            </Flex>
          </div>
        );
      })}
      {pending > 0 && <Typography.Text type="warning">{t('techApp.pending', { count: pending })}</Typography.Text>}
    </Card>
  );
}

export interface NewMaterial {
  name: string;
  quantity: number;
  unit?: string;
  unitPriceFen?: number;
}

/** Materials used: the list (with amounts when priced) and, while working, a line to add one. */
export function MaterialsCard({ items, totalFen, queued, canEdit, onAdd, onRemove }: { items: Material[]; totalFen: number | null; queued: NewMaterial[]; canEdit: boolean; onAdd: (m: NewMaterial) => Promise<boolean>; onRemove: (m: Material) => Promise<void> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [form] = Form.useForm<{ name: string; quantity: number; unit?: string; price?: string }>();
  const [busy, setBusy] = useState(false);
  const qty = (m: { quantity: number; unit?: string | null }) => `${m.quantity}${m.unit ? ` ${m.unit}` : ''}`;
  const add = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const fen = v.price ? yuanToFen(v.price) : null;
      if (await onAdd({ name: v.name.trim(), quantity: v.quantity, unit: v.unit?.trim() || undefined, unitPriceFen: fen ?? undefined })) form.resetFields();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('techApp.materials.title')} data-testid="materials-card">
      <List
        size="small"
        locale={{ emptyText: t('techApp.materials.none') }}
        dataSource={[...items.map((m) => ({ m, queued: false })), ...queued.map((q, i) => ({ m: { ...q, id: `q${i}`, unit: q.unit ?? null, unitPriceFen: q.unitPriceFen ?? null, amountFen: null, addedByName: null, createdAt: '' } as Material, queued: true }))]}
        renderItem={({ m, queued: waiting }) => (
          <List.Item
            data-testid="material-row"
            actions={canEdit && !waiting ? [<Button key="rm" type="text" danger size="small" icon={<DeleteOutlined />} aria-label={t('techApp.materials.remove')} onClick={() => void onRemove(m)} />] : undefined}
          >
            <Space wrap>
              <span>{m.name}</span>
              <Typography.Text type="secondary">{qty(m)}</Typography.Text>
              {m.amountFen !== null && <Typography.Text>{formatMoney(m.amountFen, locale)}</Typography.Text>}
              {waiting && <Typography.Text type="warning">{t('techApp.pending', { count: 1 })}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
      {totalFen !== null && (
        <Flex justify="flex-end">
          <Typography.Text strong>
            {t('techApp.materials.total')} {formatMoney(totalFen, locale)}
          </Typography.Text>
        </Flex>
      )}
      {canEdit && (
        <Form form={form} layout="vertical" size="middle" style={{ marginTop: 8 }} data-testid="material-form">
          <Form.Item name="name" label={t('techApp.materials.name')} rules={[{ required: true, whitespace: true, message: t('techApp.materials.required') }]} style={{ marginBottom: 8 }}>
            <Input maxLength={60} data-testid="material-name" />
          </Form.Item>
          <Flex gap={8}>
            <Form.Item name="quantity" label={t('techApp.materials.quantity')} rules={[{ required: true, message: t('techApp.materials.required') }]} style={{ flex: 1, marginBottom: 8 }}>
              <InputNumber min={0.01} max={100000} step={1} style={{ width: '100%' }} data-testid="material-quantity" inputMode="decimal" />
            </Form.Item>
            <Form.Item name="unit" label={t('techApp.materials.unit')} style={{ flex: 1, marginBottom: 8 }}>
              <Input maxLength={10} data-testid="material-unit" />
            </Form.Item>
          </Flex>
          <Form.Item name="price" label={t('techApp.materials.price')} style={{ marginBottom: 8 }}>
            <Input inputMode="decimal" maxLength={12} data-testid="material-price" />
          </Form.Item>
          <Button block icon={<PlusOutlined />} loading={busy} onClick={() => void add()} data-testid="material-add">
            {t('techApp.materials.add')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
