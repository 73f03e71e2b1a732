import { forwardRef } from 'react';
import { Descriptions, Empty, Skeleton, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { deskApi } from '../orders/api';
import { OrderTimeline } from '../orders/OrderTimeline';
import type { Evaluation } from './api';

/**
 * What is being inspected: the record's summary, the recording (a URL or a file in the attachment
 * store) in an <audio> player, the transcript, and for a work order its timeline. The player is
 * forwarded so the scorecard can take its current position as evidence.
 */
export const SubjectPanel = forwardRef<HTMLAudioElement, { evaluation: Evaluation; summary?: string | null; showOrder?: boolean }>(function SubjectPanel({ evaluation: e, summary, showOrder = true }, audioRef) {
  const { t } = useTranslation();
  const locale = useLocale();
  const src = e.recordingUrl ?? (e.attachmentId ? `/api/attachments/${encodeURIComponent(e.attachmentId)}` : null);
  const order = useRequest(() => deskApi.order(e.subject.id), [e.subject.id], showOrder && e.subject.kind === 'order');
  return (
    <div data-testid="qa-subject">
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'kind', label: t('quality.field.subject'), children: <Tag>{t(`quality.kind.${e.subject.kind}`)}</Tag> },
          { key: 'agent', label: t('quality.field.agent'), children: e.agentName ?? '' },
          { key: 'at', label: t('quality.field.occurredAt'), children: formatDateTime(e.subject.occurredAt, locale) },
          ...(summary ? [{ key: 'summary', label: t('quality.workbench.summary'), children: <Typography.Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{summary}</Typography.Text> }] : []),
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('quality.workbench.recording')}
      </Typography.Title>
      {src ? (
        <audio ref={audioRef} controls preload="metadata" src={src} style={{ width: '100%' }} data-testid="qa-audio" />
      ) : (
        <Typography.Text type="secondary">{t('quality.workbench.noRecording')}</Typography.Text>
      )}
      {e.transcript && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('quality.workbench.transcript')}
          </Typography.Title>
          <div style={{ maxHeight: 260, overflow: 'auto', whiteSpace: 'pre-wrap', background: '#fafafa', padding: 8, borderRadius: 6 }} data-testid="qa-transcript">
            {e.transcript}
          </div>
        </>
      )}
      {showOrder && e.subject.kind === 'order' && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>
            {t('quality.workbench.orderTimeline')} <Link to={`/orders/${encodeURIComponent(e.subject.id)}`}>{t('quality.workbench.openOrder')}</Link>
          </Typography.Title>
          {order.loading ? <Skeleton active /> : order.data ? <OrderTimeline order={order.data} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
        </>
      )}
    </div>
  );
});
