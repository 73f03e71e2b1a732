/** Small pieces every order screen shares: state, priority and SLA tags, the order card. */
import type { CSSProperties, DragEvent, KeyboardEvent, ReactNode } from 'react';
import { Flex, Tag, Tooltip, Typography, theme } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../hooks';
import { formatDateTime } from '../../format';
import type { Order, SlaTarget } from './api';
import { kindLabel, PRIORITY_COLOURS, stateColour, stateLabel } from './lifecycle';
import { currentClock, RISK_COLOUR, RISK_TAG, slaRisk, splitMinutes } from './sla';

export function StateTag({ kind, state }: { kind: string; state: string }) {
  const locale = useLocale();
  return (
    <Tag color={stateColour(state)} data-testid="order-state" data-state={state} style={{ marginInlineEnd: 0 }}>
      {stateLabel(locale, kind, state)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: string }) {
  const locale = useLocale();
  return <Tag style={{ marginInlineEnd: 0 }}>{kindLabel(locale, kind)}</Tag>;
}

export function PriorityTag({ priority, always = false }: { priority: string; always?: boolean }) {
  const { t } = useTranslation();
  // Normal priority is the default: only the exceptions deserve a tag in lists.
  if (!always && (priority === 'normal' || priority === 'low')) return null;
  return (
    <Tag color={PRIORITY_COLOURS[priority]} style={{ marginInlineEnd: 0 }}>
      {t(`orders.priority.${priority as 'normal'}`)}
    </Tag>
  );
}

/** "2 d 3 h" / "1 h 5 min" / "12 min", in the UI language. */
export function useDuration() {
  const { t } = useTranslation();
  return (minutes: number) => {
    const { days, hours, minutes: m } = splitMinutes(minutes);
    if (days > 0) return t('orders.duration.dh', { d: days, h: hours });
    if (hours > 0) return t('orders.duration.hm', { h: hours, m });
    return t('orders.duration.m', { m });
  };
}

/** One SLA clock, coloured by risk and spelled out (colour is never the only signal). */
export function SlaClock({ target, withName = true }: { target: SlaTarget; withName?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = useDuration();
  const risk = slaRisk(target);
  const text =
    risk === 'breached'
      ? t('orders.sla.overdue', { time: duration(target.overdueMinutes ?? 0) })
      : risk === 'ok' || risk === 'warning'
        ? t('orders.sla.left', { time: duration(target.remainingMinutes ?? 0) })
        : t(`orders.sla.status.${risk}`);
  const name = t(`orders.sla.target.${target.target}`);
  return (
    <Tooltip title={target.deadline ? t('orders.sla.deadline', { time: formatDateTime(target.deadline, locale) }) : undefined}>
      <Tag color={RISK_TAG[risk]} icon={<ClockCircleOutlined />} data-testid="sla-clock" data-risk={risk} style={{ marginInlineEnd: 0 }}>
        {withName ? `${name} · ${text}` : text}
      </Tag>
    </Tooltip>
  );
}

/** Every clock of an order in lifecycle order. */
export function SlaClocks({ targets }: { targets: readonly SlaTarget[] }) {
  const { t } = useTranslation();
  if (!targets.length) return <Typography.Text type="secondary">{t('orders.sla.none')}</Typography.Text>;
  return (
    <Flex wrap gap={6}>
      {targets.map((x) => (
        <SlaClock key={x.target} target={x} />
      ))}
    </Flex>
  );
}

/** The clock that matters now for a list row or card, or nothing. */
export function CurrentClock({ order }: { order: Pick<Order, 'sla'> }) {
  const c = currentClock(order.sla?.targets ?? []);
  return c ? <SlaClock target={c} /> : null;
}

/** Where the work is: unit number, or the place described, or the public area. */
export function orderPlace(o: Pick<Order, 'unitNumber' | 'location'>): string {
  return [o.unitNumber, o.location].filter(Boolean).join(' · ');
}

/** The top of an order card: number, priority and state, then the title (lists and the dispatch board). */
export function OrderCardHead({ order }: { order: Pick<Order, 'number' | 'priority' | 'kind' | 'state' | 'title'> }) {
  return (
    <>
      <Flex justify="space-between" align="center" gap={6} wrap>
        <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
          {order.number}
        </Typography.Text>
        <Flex gap={4} wrap>
          <PriorityTag priority={order.priority} />
          <StateTag kind={order.kind} state={order.state} />
        </Flex>
      </Flex>
      <div style={{ fontWeight: 600, margin: '2px 0', overflowWrap: 'anywhere' }}>{order.title}</div>
    </>
  );
}

/**
 * A compact order for boards and phone lists. Keyboard-usable when it opens something
 * (Enter/Space); draggable on the dispatch board.
 */
export function OrderCard({
  order,
  onOpen,
  selected,
  draggable,
  onDragStart,
  onDragEnd,
  extra,
  showAssignee = true,
}: {
  order: Order;
  onOpen?: () => void;
  selected?: boolean;
  draggable?: boolean;
  onDragStart?: (e: DragEvent<HTMLDivElement>) => void;
  onDragEnd?: () => void;
  extra?: ReactNode;
  showAssignee?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { token } = theme.useToken();
  const c = currentClock(order.sla?.targets ?? []);
  const edge = c ? RISK_COLOUR[slaRisk(c)] : token.colorBorderSecondary;
  const style: CSSProperties = {
    background: token.colorBgContainer,
    border: `1px solid ${selected ? token.colorPrimary : token.colorBorderSecondary}`,
    borderInlineStart: `4px solid ${edge}`,
    borderRadius: token.borderRadius,
    padding: '8px 10px',
    cursor: onOpen ? 'pointer' : draggable ? 'grab' : undefined,
    boxShadow: selected ? `0 0 0 2px ${token.colorPrimaryBg}` : undefined,
    outlineOffset: 2,
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (onOpen && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      onOpen();
    }
  };
  const place = orderPlace(order);
  return (
    <div
      style={style}
      role={onOpen ? 'button' : undefined}
      tabIndex={onOpen ? 0 : undefined}
      aria-pressed={onOpen && selected !== undefined ? selected : undefined}
      onClick={onOpen}
      onKeyDown={onKey}
      draggable={draggable}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      data-testid="order-card"
      data-number={order.number}
    >
      <OrderCardHead order={order} />
      <Flex gap={8} wrap style={{ fontSize: 12, color: token.colorTextSecondary }}>
        <span>{[kindLabel(locale, order.kind), order.category].filter(Boolean).join(' · ')}</span>
        {place && (
          <span>
            <EnvironmentOutlined aria-hidden /> {place}
          </span>
        )}
        {showAssignee && order.assigneeName && <span>{t('orders.assigneeIs', { name: order.assigneeName })}</span>}
        <span>{formatDateTime(order.createdAt, locale)}</span>
      </Flex>
      {(c || extra) && (
        <Flex gap={6} wrap align="center" style={{ marginTop: 6 }}>
          {c && <SlaClock target={c} />}
          {extra}
        </Flex>
      )}
    </div>
  );
}
