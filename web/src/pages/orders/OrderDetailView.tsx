import { useRef, useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Descriptions, Flex, Rate, Row, Space, Typography } from 'antd';
import { CameraOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime, formatMoney } from '../../format';
import { photoProblem, PHOTO_TYPES } from '../../components/PhotoPicker';
import { deskApi, type OrderDetail } from './api';
import { holdReasonLabel, kindLabel, outcomeLabel } from './lifecycle';
import { ActionPanel } from './ActionPanel';
import { AttachmentList, OrderTimeline } from './OrderTimeline';
import { CurrentClock, KindTag, orderPlace, PriorityTag, SlaClocks, StateTag } from './OrderBits';
import { ArticleFromOrderButton } from '../knowledge/ArticleFromOrderButton';
import { FieldworkSummary } from '../tech/FieldworkSummary';

/** Add photos to an existing order straight away (each file is one upload). */
export function AddPhotosButton({ orderId, onAdded, block }: { orderId: string; onAdded: () => void; block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const add = async (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (input.current) input.current.value = '';
    if (!list.length) return;
    setBusy(true);
    try {
      for (const f of list) {
        const p = photoProblem(f);
        if (p) message.error(t(`orders.photo.${p}`, { name: f.name }));
        else await deskApi.upload(orderId, f, f.name);
      }
      onAdded();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()} block={block} data-testid="add-photos">
        {t('orders.photo.addToOrder')}
      </Button>
      <input ref={input} type="file" accept={PHOTO_TYPES.join(',')} multiple style={{ display: 'none' }} onChange={(e) => void add(e.target.files)} aria-label={t('orders.photo.addToOrder')} data-testid="add-photos-input" />
    </>
  );
}

/** The facts of an order as label/value pairs; residents see fewer internal details. */
function Facts({ order, forResident, column }: { order: OrderDetail; forResident: boolean; column: number }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const phone = order.contactPhone ?? order.partyPhones?.[0] ?? null;
  // A masked number (138****5678) is shown but not dialled.
  const dialable = !!phone && !phone.includes('*');
  const projects = useRequest(() => api.projects(), []);
  const project = projects.data?.items.find((p) => p.id === order.projectId)?.name;
  const items: { key: string; label: ReactNode; children: ReactNode }[] = [
    { key: 'state', label: t('orders.col.state'), children: <StateTag kind={order.kind} state={order.state} /> },
    { key: 'kind', label: t('orders.col.kind'), children: [kindLabel(locale, order.kind), order.category].filter(Boolean).join(' · ') },
    { key: 'project', label: t('orders.col.project'), children: project ?? '' },
    { key: 'place', label: t('orders.col.place'), children: orderPlace(order) || (order.areaScope === 'public' ? t('orders.publicArea') : '') },
    ...(!forResident
      ? [
          { key: 'priority', label: t('orders.col.priority'), children: <PriorityTag priority={order.priority} always /> },
          {
            key: 'contact',
            label: t('orders.col.contact'),
            children: (
              <span>
                {[order.contactName ?? order.partyName, phone].filter(Boolean).join(' ')}
                {dialable && (
                  <a href={`tel:${phone}`} aria-label={t('orders.call', { phone })} style={{ marginInlineStart: 6 }}>
                    <PhoneOutlined />
                  </a>
                )}
              </span>
            ),
          },
          { key: 'owner', label: t('orders.col.owner'), children: order.ownerName ?? '' },
          { key: 'channel', label: t('orders.col.channel'), children: order.channel ? t(`desk.channel.${order.channel}`) : '' },
        ]
      : []),
    { key: 'assignee', label: t('orders.col.assignee'), children: order.assigneeName ?? t('orders.unassigned') },
    ...(order.appointmentAt ? [{ key: 'appointment', label: t('orders.col.appointment'), children: formatDateTime(order.appointmentAt, locale) }] : []),
    ...(order.paid || order.chargeFen > 0
      ? [{ key: 'charge', label: t('orders.col.charge'), children: t('orders.chargePaid', { charge: formatMoney(order.chargeFen, locale), paid: formatMoney(order.paidFen, locale) }) }]
      : []),
    ...(order.holdReason ? [{ key: 'hold', label: t('orders.col.holdReason'), children: holdReasonLabel(locale, order.holdReason) }] : []),
    ...(order.reopenCount > 0 ? [{ key: 'reopen', label: t('orders.col.reopened'), children: t('orders.reopenTimes', { count: order.reopenCount }) }] : []),
    ...(!forResident && order.awaitingCustomer ? [{ key: 'inform', label: t('orders.col.informed'), children: <Typography.Text type="warning">{t('orders.notInformed')}</Typography.Text> }] : []),
    { key: 'created', label: t('orders.col.created'), children: formatDateTime(order.createdAt, locale) },
    ...(order.completedAt ? [{ key: 'completed', label: t('orders.col.completed'), children: formatDateTime(order.completedAt, locale) }] : []),
    ...(order.closedAt ? [{ key: 'closed', label: t('orders.col.closed'), children: formatDateTime(order.closedAt, locale) }] : []),
  ];
  return <Descriptions size="small" column={column} items={items} data-testid="order-facts" />;
}

function Visits({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (!order.visits.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {order.visits.map((v) => (
        <div key={v.id} data-testid="order-visit">
          <Typography.Text strong>{v.status === 'done' && v.outcome ? outcomeLabel(locale, v.outcome) : t(`visits.status.${v.status}`)}</Typography.Text>
          <Typography.Text type="secondary"> · {formatDateTime(v.visitedAt ?? v.dueAt, locale)}</Typography.Text>
          {v.status === 'done' && (
            <Flex wrap gap={12} style={{ fontSize: 12 }}>
              {(['speed', 'attitude', 'quality'] as const).map((k) =>
                v.scores[k] ? (
                  <span key={k}>
                    {t(`visits.score.${k}`)} <Rate disabled value={v.scores[k] ?? 0} style={{ fontSize: 12 }} />
                  </span>
                ) : null,
              )}
            </Flex>
          )}
          {v.comment && <div style={{ whiteSpace: 'pre-wrap' }}>{v.comment}</div>}
        </div>
      ))}
    </Space>
  );
}

/**
 * One order: facts, clocks, the actions this user may take, photos, history. `compact` lays it
 * out as one column for phones (technician and resident views).
 */
export function OrderDetailView({
  order,
  onChanged,
  compact = false,
  forResident = false,
  photosOn = [],
  header,
}: {
  order: OrderDetail;
  onChanged: () => void;
  compact?: boolean;
  forResident?: boolean;
  photosOn?: readonly string[];
  header?: ReactNode;
}) {
  const { t } = useTranslation();
  const title = (
    <Flex wrap gap={8} align="center">
      <Typography.Title level={1} style={{ fontSize: compact ? 18 : 20, margin: 0, overflowWrap: 'anywhere' }} data-testid="order-title">
        {order.title}
      </Typography.Title>
      <StateTag kind={order.kind} state={order.state} />
      {!forResident && <PriorityTag priority={order.priority} />}
      <KindTag kind={order.kind} />
      {!forResident && !compact && (order.completedAt || order.closedAt) && <ArticleFromOrderButton orderId={order.id} />}
    </Flex>
  );
  const actions = (
    <ActionPanel order={order} actions={order.availableActions} onChanged={onChanged} block={compact} photosOn={photosOn} />
  );
  const description = order.description && order.description !== order.title && (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>{order.description}</Typography.Paragraph>
  );
  const photos = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <AttachmentList items={order.attachments} />
      <FieldworkSummary order={order} />
      {order.canAttach !== false && <AddPhotosButton orderId={order.id} onAdded={onChanged} block={compact} />}
    </Space>
  );

  if (compact) {
    return (
      <Space direction="vertical" size={12} style={{ width: '100%' }}>
        {header}
        <div>
          <Typography.Text type="secondary" data-testid="order-number">
            {order.number}
          </Typography.Text>
          {title}
        </div>
        {!forResident && <CurrentClock order={order} />}
        {(!forResident || order.availableActions.length > 0) && (
          <Card size="small" title={t('orders.actions')}>
            {actions}
          </Card>
        )}
        <Card size="small">
          {description}
          <Facts order={order} forResident={forResident} column={1} />
        </Card>
        <Card size="small" title={t('orders.attachments')}>
          {photos}
        </Card>
        {order.visits.length > 0 && (
          <Card size="small" title={t('orders.visits')}>
            <Visits order={order} />
          </Card>
        )}
        <Card size="small" title={t('orders.history')}>
          <OrderTimeline order={order} />
        </Card>
      </Space>
    );
  }

  return (
    <>
      {header}
      <Flex vertical gap={2} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" data-testid="order-number">
          {order.number}
        </Typography.Text>
        {title}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('orders.actions')}>
              {actions}
            </Card>
            <Card size="small" title={t('orders.details')}>
              {description}
              <Facts order={order} forResident={forResident} column={2} />
            </Card>
            <Card size="small" title={t('orders.attachments')}>
              {photos}
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('orders.slaTitle')}>
              <SlaClocks targets={order.sla?.targets ?? []} />
            </Card>
            {order.visits.length > 0 && (
              <Card size="small" title={t('orders.visits')}>
                <Visits order={order} />
              </Card>
            )}
            <Card size="small" title={t('orders.history')}>
              <OrderTimeline order={order} />
            </Card>
          </Space>
        </Col>
      </Row>
    </>
  );
}
