import { useEffect, useMemo, useState, type DragEvent } from 'react';
import { Alert, App, Badge, Button, Card, Col, Empty, Flex, Progress, Row, Space, Tag, Tooltip, Typography, theme } from 'antd';
import { ReloadOutlined, ThunderboltOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { deskApi, type Order, type Technician } from '../orders/api';
import { OrderCard } from '../orders/OrderBits';
import { actionLabel } from '../orders/lifecycle';
import { rankTechnicians } from './rank';

const DRAG_TYPE = 'application/x-shouwen-order';

/**
 * 派单看板 — orders waiting for a technician and orders about to miss their SLA, beside the
 * technicians with their skills and load. Pick an order (click or keyboard) and press a
 * technician's button, or drag the card onto the technician.
 */
export default function DispatchPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const board = useRequest(() => deskApi.board(), []);
  const categories = useRequest(() => deskApi.categories(), []);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  /** Skill needed by the order being dragged ('' = none needed, null = not dragging). */
  const [dragSkill, setDragSkill] = useState<string | null>(null);

  // The board is a live view: refresh it every minute while it is open.
  useEffect(() => {
    const h = setInterval(board.reload, 60_000);
    return () => clearInterval(h);
  }, [board.reload]);

  const all = useMemo(() => {
    const m = new Map<string, Order>();
    for (const o of [...(board.data?.unassigned ?? []), ...(board.data?.atRisk ?? [])]) m.set(o.id, o);
    return m;
  }, [board.data]);
  const selected = selectedId ? (all.get(selectedId) ?? null) : null;
  const skillOf = (o: Order | null) => (o?.category ? (categories.data?.items.find((c) => c.kind === o.kind && c.name === o.category)?.skill ?? null) : null);
  const skill = skillOf(selected);
  const cap = board.data?.settings.maxOpenPerTechnician ?? 0;
  const techs = useMemo(() => rankTechnicians(board.data?.technicians ?? [], skill), [board.data, skill]);

  const assign = async (order: Order, tech: Technician) => {
    const action = order.assigneeId ? 'redispatch' : 'dispatch';
    if (order.assigneeId === tech.id) return;
    setBusy(tech.id);
    try {
      await deskApi.act(order.id, action, { expectedVersion: order.version, assigneeId: tech.id });
      message.success(t('dispatch.assigned', { number: order.number, name: tech.name, action: actionLabel(locale, order.kind, action) }));
      setSelectedId(null);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
      board.reload();
    }
  };

  const autoAssign = async (order: Order, strategy: 'round_robin' | 'least_loaded') => {
    setBusy(strategy);
    try {
      const r = await deskApi.autoAssign(order.id, strategy);
      message.success(t('dispatch.assigned', { number: order.number, name: r.assigneeName, action: t(`dispatch.strategy.${strategy}`) }));
      setSelectedId(null);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
      board.reload();
    }
  };

  // Dragging must not re-order the technicians under the pointer: the drag only highlights.
  const onDragStart = (o: Order) => (e: DragEvent<HTMLDivElement>) => {
    e.dataTransfer.setData(DRAG_TYPE, o.id);
    e.dataTransfer.setData('text/plain', o.number);
    e.dataTransfer.effectAllowed = 'move';
    setDragSkill(skillOf(o) ?? '');
  };
  const onDrop = (tech: Technician) => (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDropTarget(null);
    setDragSkill(null);
    const id = e.dataTransfer.getData(DRAG_TYPE);
    const o = all.get(id);
    if (o) void assign(o, tech);
  };

  const column = (title: string, items: Order[], testId: string, emptyText: string) => (
    <Card
      size="small"
      title={
        <Space>
          {title}
          <Badge count={items.length} showZero overflowCount={999} color={token.colorTextTertiary} />
        </Space>
      }
      styles={{ body: { maxHeight: 'calc(100vh - 230px)', minHeight: 120, overflow: 'auto' } }}
      data-testid={testId}
    >
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          {items.map((o) => (
            <OrderCard
              key={o.id}
              order={o}
              selected={selectedId === o.id}
              onOpen={() => setSelectedId(selectedId === o.id ? null : o.id)}
              draggable
              onDragStart={onDragStart(o)}
              onDragEnd={() => setDragSkill(null)}
            />
          ))}
        </Space>
      )}
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('nav.dispatch')}
        sub={t('dispatch.sub')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={board.reload} loading={board.loading}>
            {t('dispatch.refresh')}
          </Button>
        }
      />
      {board.error && <LoadError error={board.error} onRetry={board.reload} />}
      {selected ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="dispatch-selected"
          message={t('dispatch.selected', { number: selected.number, title: selected.title })}
          description={skill ? t('dispatch.needsSkill', { skill }) : t('dispatch.pickTech')}
          action={
            <Space wrap>
              <Button size="small" onClick={() => navigate(`/orders/${selected.id}`)}>
                {t('dispatch.open')}
              </Button>
              {!selected.assigneeId && (
                <>
                  <Button size="small" icon={<ThunderboltOutlined />} loading={busy === 'least_loaded'} onClick={() => void autoAssign(selected, 'least_loaded')}>
                    {t('dispatch.strategy.least_loaded')}
                  </Button>
                  <Button size="small" icon={<ThunderboltOutlined />} loading={busy === 'round_robin'} onClick={() => void autoAssign(selected, 'round_robin')}>
                    {t('dispatch.strategy.round_robin')}
                  </Button>
                </>
              )}
            </Space>
          }
        />
      ) : (
        <Typography.Paragraph type="secondary">{t('dispatch.howTo')}</Typography.Paragraph>
      )}
      <Row gutter={[12, 12]}>
        <Col xs={24} md={12} xl={8}>
          {column(t('dispatch.unassigned'), board.data?.unassigned ?? [], 'board-unassigned', t('dispatch.noneUnassigned'))}
        </Col>
        <Col xs={24} md={12} xl={8}>
          {column(t('dispatch.atRisk'), board.data?.atRisk ?? [], 'board-at-risk', t('dispatch.noneAtRisk'))}
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dispatch.technicians')} data-testid="board-technicians" styles={{ body: { maxHeight: 'calc(100vh - 230px)', overflow: 'auto' } }}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {techs.map(({ tech, matches }) => {
                const over = cap > 0 && tech.openOrders >= cap;
                const isDrop = dropTarget === tech.id;
                const good = dragSkill !== null ? !dragSkill || tech.skills.includes(dragSkill) : matches && !!selected;
                return (
                  <div
                    key={tech.id}
                    data-testid="tech-slot"
                    data-name={tech.name}
                    onDragOver={(e) => {
                      if (e.dataTransfer.types.includes(DRAG_TYPE)) {
                        e.preventDefault();
                        e.dataTransfer.dropEffect = 'move';
                        setDropTarget(tech.id);
                      }
                    }}
                    onDragLeave={() => setDropTarget((d) => (d === tech.id ? null : d))}
                    onDrop={onDrop(tech)}
                    style={{
                      border: `1px ${isDrop ? 'solid' : 'dashed'} ${isDrop ? token.colorPrimary : good ? token.colorSuccessBorder : token.colorBorder}`,
                      background: isDrop ? token.colorPrimaryBg : token.colorBgContainer,
                      borderRadius: token.borderRadius,
                      padding: '8px 10px',
                      opacity: tech.onDuty ? 1 : 0.7,
                    }}
                  >
                    <Flex justify="space-between" align="center" gap={8} wrap>
                      <Space size={6} wrap>
                        <UserOutlined aria-hidden />
                        <Typography.Text strong>{tech.name}</Typography.Text>
                        <Tag color={tech.onDuty ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                          {tech.onDuty ? t('dispatch.onDuty') : t('dispatch.offDuty')}
                        </Tag>
                        {selected && skill && <Tag color={matches ? 'success' : 'default'}>{matches ? t('dispatch.skillMatch') : t('dispatch.skillMissing')}</Tag>}
                      </Space>
                      <Button
                        size="small"
                        type={selected && matches && tech.onDuty ? 'primary' : 'default'}
                        disabled={!selected || selected.assigneeId === tech.id}
                        loading={busy === tech.id}
                        onClick={() => selected && void assign(selected, tech)}
                        aria-label={t('dispatch.assignTo', { name: tech.name })}
                        data-testid="assign-button"
                      >
                        {t('dispatch.assign')}
                      </Button>
                    </Flex>
                    <div style={{ fontSize: 12, color: token.colorTextSecondary, marginTop: 4 }}>{tech.skills.join(' / ') || t('dispatch.noSkills')}</div>
                    <Tooltip title={t('dispatch.loadTip', { open: tech.openOrders, cap })}>
                      <Progress
                        percent={cap ? Math.min(100, (tech.openOrders / cap) * 100) : 0}
                        size="small"
                        status={over ? 'exception' : 'normal'}
                        format={() => t('dispatch.load', { open: tech.openOrders, cap })}
                        aria-label={t('dispatch.loadTip', { open: tech.openOrders, cap })}
                      />
                    </Tooltip>
                  </div>
                );
              })}
            </Space>
          </Card>
        </Col>
      </Row>
    </>
  );
}
