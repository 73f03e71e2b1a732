import { useEffect, useMemo, useRef } from 'react';
import { Button, Flex, Typography, theme } from 'antd';
import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** What the server accepts (it checks the bytes again): photos and PDF scans up to 10 MB. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** Why a file cannot be attached, or null when it can. Pure, so the rule is testable. */
export function photoProblem(file: { type: string; size: number }): 'type' | 'size' | null {
  if (!PHOTO_TYPES.includes(file.type)) return 'type';
  if (file.size > MAX_PHOTO_BYTES) return 'size';
  return null;
}

/**
 * Choose photos to send with a form (camera or gallery on a phone). Files are kept in the form
 * and uploaded by the caller once the order exists; a plain file input behind a button keeps this
 * light and keyboard-usable.
 */
export function PhotoPicker({
  value,
  onChange,
  max = 6,
  id,
  onReject,
}: {
  value?: File[];
  onChange?: (files: File[]) => void;
  max?: number;
  id?: string;
  onReject?: (file: File, problem: 'type' | 'size') => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const input = useRef<HTMLInputElement>(null);
  const files = useMemo(() => value ?? [], [value]);
  const urls = useMemo(() => files.map((f) => URL.createObjectURL(f)), [files]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u)), [urls]);

  const add = (list: FileList | null) => {
    const next = [...files];
    for (const f of Array.from(list ?? [])) {
      const problem = photoProblem(f);
      if (problem) onReject?.(f, problem);
      else if (next.length < max) next.push(f);
    }
    onChange?.(next);
    if (input.current) input.current.value = '';
  };

  return (
    <div>
      <Flex wrap gap={8} align="center">
        {files.map((f, i) => (
          <div key={urls[i]} style={{ position: 'relative', width: 72, height: 72, borderRadius: token.borderRadius, overflow: 'hidden', border: `1px solid ${token.colorBorderSecondary}` }}>
            <img src={urls[i]} alt={f.name} style={{ width: '100%', height: '100%', objectFit: 'cover' }} data-testid="photo-thumb" />
            <Button
              size="small"
              shape="circle"
              icon={<CloseOutlined />}
              aria-label={t('orders.photo.remove', { name: f.name })}
              onClick={() => onChange?.(files.filter((_, j) => j !== i))}
              style={{ position: 'absolute', top: 2, insetInlineEnd: 2 }}
            />
          </div>
        ))}
        {files.length < max && (
          <Button icon={<CameraOutlined />} onClick={() => input.current?.click()} id={id} data-testid="photo-add">
            {t('orders.photo.add')}
          </Button>
        )}
      </Flex>
      <input
        ref={input}
        type="file"
        accept={PHOTO_TYPES.join(',')}
        multiple
        style={{ display: 'none' }}
        onChange={(e) => add(e.target.files)}
        data-testid="photo-input"
        aria-label={t('orders.photo.add')}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
        {t('orders.photo.hint', { max })}
      </Typography.Text>
    </div>
  );
}
