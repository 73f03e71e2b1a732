import { Image, Space, Timeline, Typography, theme } from 'antd';
import { FilePdfOutlined, PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks';
import { formatDateTime } from '../../format';
import type { Attachment, OrderDetail } from './api';
import { actionLabel, holdReasonLabel, outcomeLabel, stateLabel } from './lifecycle';

/** The order's history, newest last, as people say it: who did what, when, why. */
export function OrderTimeline({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { token } = theme.useToken();
  return (
    <Timeline
      data-testid="order-timeline"
      items={order.events.map((e) => ({
        key: e.seq,
        color: e.action === 'cancel' ? 'gray' : e.action === 'reopen' || e.outcome === 'dissatisfied' ? 'red' : e.to === 'closed' ? 'green' : 'blue',
        children: (
          <div data-testid="timeline-event" data-action={e.action}>
            <div>
              <Typography.Text strong>{actionLabel(locale, order.kind, e.action)}</Typography.Text>
              {e.to && e.from !== e.to && (
                <Typography.Text type="secondary">
                  {' '}
                  {e.from ? `${stateLabel(locale, order.kind, e.from)} → ` : '→ '}
                  {stateLabel(locale, order.kind, e.to)}
                </Typography.Text>
              )}
            </div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {formatDateTime(e.at, locale)} · {e.actorName ?? t('orders.system')}
            </div>
            {e.outcome && <div>{t('orders.event.outcome', { value: outcomeLabel(locale, e.outcome) })}</div>}
            {e.reason && <div>{t('orders.event.reason', { value: e.reason === 'not_sampled' ? t('orders.event.notSampled') : holdReasonLabel(locale, e.reason) })}</div>}
            {e.note && <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{e.note}</div>}
            {e.materials?.length ? <div>{t('orders.event.materials', { list: e.materials.map((m) => `${m.name} × ${m.quantity}${m.unit ?? ''}`).join(locale === 'en' ? ', ' : '、') })}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

/** Photos as thumbnails (tap to enlarge), other files as links. */
export function AttachmentList({ items }: { items: Attachment[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!items.length) return <Typography.Text type="secondary">{t('orders.noAttachments')}</Typography.Text>;
  const photos = items.filter((a) => a.mime.startsWith('image/'));
  const files = items.filter((a) => !a.mime.startsWith('image/'));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {photos.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap>
            {photos.map((p) => (
              <Image key={p.id} src={p.url} width={88} height={88} style={{ objectFit: 'cover', borderRadius: 6 }} alt={t('orders.photoAlt', { name: p.filename, time: formatDateTime(p.createdAt, locale) })} data-testid="attachment-photo" />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {files.map((f) => (
        <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
          {f.mime === 'application/pdf' ? <FilePdfOutlined /> : <PaperClipOutlined />} {f.filename}
        </a>
      ))}
    </Space>
  );
}

