import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { Alert, App, Badge, Button, Card, Col, Empty, Flex, Input, Modal, Progress, Row, Select, Space, Tag, Tooltip, Typography, theme } from 'antd';
import { ClearOutlined, EnvironmentOutlined, LeftOutlined, QuestionCircleOutlined, ReloadOutlined, RightOutlined, ThunderboltOutlined, UserOutlined, WifiOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useUser } from '../../auth';
import { formatDateTime } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { BOARD_COLUMNS, deskApi, PRIORITIES, type BoardCard, type BoardColumn, type BoardColumnKey, type BoardFilter, type BoardTechnician, type Priority } from '../orders/api';
import { OrderCardHead, useDuration } from '../orders/OrderBits';
import { actionLabel, holdReasonLabel, kindLabel } from '../orders/lifecycle';
import { rankTechnicians } from './rank';
import { BOARD_SHORTCUTS, boardKey, INITIAL_BOARD_KEYS, isTypingTarget, type BoardKeyEffect } from './boardKeys';

const DRAG_TYPE = 'application/x-shouwen-order';
const PAGE_SIZE = 20;
/** Several events often arrive together (complete + the automatic 转回访): one refetch for the burst. */
const REFRESH_DEBOUNCE_MS = 700;
/** Roles the server lets override the technician cap with a reason. */
const CAP_OVERRIDERS = new Set(['supervisor', 'manager', 'admin']);
const FILTER_KEYS = ['projectId', 'category', 'priority', 'buildingId', 'q'] as const;

interface CapRefusal {
  order: BoardCard;
  tech: BoardTechnician;
  message: string;
  /** A transfer's reason, kept for the override. */
  reason?: string;
}

/**
 * 派单看板 — every open order in one of four columns (to dispatch, not yet accepted, in progress,
 * on hold), most urgent first and paged on the server, beside the technicians with their skills,
 * duty, load against the cap and today's appointments. Filters live in the URL; the board
 * refreshes itself from the server's event stream. Pick an order (click or keyboard) and press a
 * technician's button, or drag the card onto the technician.
 */
export default function DispatchPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [params, setParams] = useSearchParams();

  const filter = useMemo<BoardFilter>(() => {
    const f: BoardFilter = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) (f as Record<string, string>)[k] = v;
    }
    if (f.priority && !PRIORITIES.includes(f.priority)) delete f.priority;
    return f;
  }, [params]);
  const filterKey = JSON.stringify(filter);
  const setFilter = (k: (typeof FILTER_KEYS)[number], v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const [search, setSearch] = useState(filter.q ?? '');
  useEffect(() => setSearch(filter.q ?? ''), [filter.q]);

  const board = useRequest(() => deskApi.board({ ...filter, pageSize: PAGE_SIZE }), [filterKey]);
  const categories = useRequest(() => deskApi.categories(), []);
  const projects = useRequest(() => api.projects(), []);

  /** Columns flipped past their first page, fetched on their own (the page flip asks for one column). */
  const [flipped, setFlipped] = useState<Partial<Record<BoardColumnKey, BoardColumn>>>({});
  const flippedRef = useRef(flipped);
  flippedRef.current = flipped;
  useEffect(() => setFlipped({}), [filterKey]);
  const [flipping, setFlipping] = useState<BoardColumnKey | null>(null);

  const fetchColumn = useCallback(
    async (key: BoardColumnKey, page: number) => {
      const r = await deskApi.board({ ...filter, column: key, page, pageSize: PAGE_SIZE });
      const col = r.columns[0];
      // The column shrank under the page being shown: show its last page instead.
      const last = Math.max(1, Math.ceil(col.total / PAGE_SIZE));
      if (page > last) return last === 1 ? null : (await deskApi.board({ ...filter, column: key, page: last, pageSize: PAGE_SIZE })).columns[0];
      return page === 1 ? null : col;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [filterKey],
  );

  const flip = async (key: BoardColumnKey, page: number) => {
    setFlipping(key);
    try {
      const col = await fetchColumn(key, page);
      setFlipped((f) => ({ ...f, [key]: col ?? undefined }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setFlipping(null);
    }
  };

  /** Refetch everything on screen: the first pages and technicians, and any column paged further. */
  const refresh = useCallback(() => {
    board.reload();
    for (const [key, col] of Object.entries(flippedRef.current) as [BoardColumnKey, BoardColumn | undefined][]) {
      if (!col) continue;
      fetchColumn(key, col.page).then(
        (c) => setFlipped((f) => ({ ...f, [key]: c ?? undefined })),
        () => undefined,
      );
    }
  }, [board, fetchColumn]);
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;

  // Live updates: every committed change to an order (or a technician's duty) refetches the board,
  // debounced; `focus` events mark the card another dispatcher is working on.
  const [live, setLive] = useState<boolean | null>(null);
  const [focus, setFocus] = useState<Record<string, string>>({});
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource(deskApi.boardEventsUrl);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => refreshRef.current(), REFRESH_DEBOUNCE_MS);
    };
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(es.readyState === EventSource.OPEN);
    es.addEventListener('order', (e) => {
      soon();
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { orderId: string };
        setFocus((f) => {
          if (!(data.orderId in f)) return f;
          const { [data.orderId]: _gone, ...rest } = f;
          return rest;
        });
      } catch {
        /* a malformed event only costs the focus mark */
      }
    });
    es.addEventListener('technician', soon);
    es.addEventListener('focus', (e) => {
      try {
        const data = JSON.parse((e as MessageEvent<string>).data) as { orderId: string; actorId: string; actorName: string | null };
        if (data.actorId !== user.id) setFocus((f) => ({ ...f, [data.orderId]: data.actorName ?? '' }));
      } catch {
        /* ignored as above */
      }
    });
    return () => {
      clearTimeout(timer);
      es.close();
    };
  }, [user.id]);

  // A fallback for when the stream is down (a proxy that buffers, a dropped connection).
  useEffect(() => {
    if (live) return;
    const h = setInterval(() => refreshRef.current(), 60_000);
    return () => clearInterval(h);
  }, [live]);

  const columns = useMemo(
    () => BOARD_COLUMNS.map((key) => flipped[key] ?? board.data?.columns.find((c) => c.key === key) ?? { key, total: 0, breached: 0, warning: 0, page: 1, pageSize: PAGE_SIZE, items: [] }),
    [board.data, flipped],
  );
  const all = useMemo(() => {
    const m = new Map<string, BoardCard>();
    for (const c of columns) for (const o of c.items) m.set(o.id, o);
    return m;
  }, [columns]);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  /** Skill needed by the order being dragged ('' = none needed, null = not dragging). */
  const [dragSkill, setDragSkill] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<CapRefusal | null>(null);
  const [transferring, setTransferring] = useState<{ order: BoardCard; tech: BoardTechnician } | null>(null);

  const selected = selectedId ? (all.get(selectedId) ?? null) : null;
  const skillOf = (o: BoardCard | null) => (o?.category ? (categories.data?.items.find((c) => c.kind === o.kind && c.name === o.category)?.skill ?? null) : null);
  const skill = skillOf(selected);
  const cap = board.data?.settings.maxOpenPerTechnician ?? 0;
  const techs = useMemo(() => rankTechnicians(board.data?.technicians ?? [], skill), [board.data, skill]);

  const select = (o: BoardCard) => {
    const on = selectedId !== o.id;
    setSelectedId(on ? o.id : null);
    setKeys((k) => ({ ...k, focusedId: o.id }));
    // Advisory only: other boards mark the card; the version check decides who wins.
    if (on) deskApi.focus(o.id).catch(() => undefined);
  };

  // ---------- keyboard flow (boardKeys.ts): j/k move, Enter opens, d dispatches, 1–9 pick, Esc, /, ? ----------
  const [keys, setKeys] = useState(INITIAL_BOARD_KEYS);
  const techListRef = useRef<HTMLDivElement>(null);
  const [focusTechs, setFocusTechs] = useState(0);
  const keyCtx = useRef({ keys, columns, selectedId, techs, all, refusal: false });
  keyCtx.current = { keys, columns, selectedId, techs, all, refusal: !!refusal || !!transferring };
  const runEffect = useRef<(e: BoardKeyEffect) => void>(() => undefined);
  runEffect.current = (e) => {
    switch (e.type) {
      case 'open':
        return navigate(`/orders/${e.id}`);
      case 'dispatch': {
        const o = all.get(e.id);
        if (o && selectedId !== o.id) select(o);
        setFocusTechs((n) => n + 1);
        return;
      }
      case 'assign': {
        const o = all.get(e.orderId);
        const tech = techs[e.index]?.tech;
        if (o && tech && !busy) void assign(o, tech);
        return;
      }
      case 'deselect':
        return setSelectedId(null);
      case 'search':
        return document.querySelector<HTMLInputElement>('input[data-testid="filter-search"], [data-testid="filter-search"] input')?.focus();
    }
  };
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const c = keyCtx.current;
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented || c.refusal) return;
      if (isTypingTarget(e.target)) {
        // Esc leaves the search box and hands the keys back to the board.
        if (e.key === 'Escape') (e.target as HTMLElement).blur();
        return;
      }
      // Enter on a button or link (a technician's 派给他) does that button's work.
      const tag = (e.target as HTMLElement | null)?.tagName;
      if (e.key === 'Enter' && (tag === 'BUTTON' || tag === 'A')) return;
      const r = boardKey(c.keys, e.key, { columns: c.columns.map((col) => col.items.map((o) => o.id)), selectedId: c.selectedId && c.all.has(c.selectedId) ? c.selectedId : null, techCount: Math.min(9, c.techs.length) });
      if (!r.handled) return;
      e.preventDefault();
      setKeys(r.state);
      if (r.effect) runEffect.current(r.effect);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // The focused card takes the browser's focus too (screen readers follow it) and scrolls into view.
  useEffect(() => {
    if (!keys.focusedId) return;
    const el = document.querySelector<HTMLElement>(`[data-testid="order-card"][data-id="${CSS.escape(keys.focusedId)}"]`);
    if (el && document.activeElement !== el) {
      el.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest' });
    }
  }, [keys.focusedId, columns]);
  // After `d`: the technician list takes the focus (its first enabled button), ready for 1–9 or Tab.
  useEffect(() => {
    if (focusTechs) techListRef.current?.querySelector<HTMLElement>('[data-testid="assign-button"]:not([disabled])')?.focus();
  }, [focusTechs, selectedId]);

  const assign = async (order: BoardCard, tech: BoardTechnician, extra: { capOverrideReason?: string; reason?: string } = {}) => {
    // The server names the action from the kind's table: 派单 / 指派整改 first, then 改派, or 转单 (with a reason).
    const action = order.assignAction;
    if (order.assigneeId === tech.id) return;
    if (!action) {
      message.warning(t('dispatch.notDispatchable', { number: order.number }));
      return;
    }
    if (action === 'transfer' && !extra.reason) {
      setTransferring({ order, tech });
      return;
    }
    setBusy(tech.id);
    try {
      await deskApi.act(order.id, action, { expectedVersion: order.version, assigneeId: tech.id, ...(extra.capOverrideReason ? { capOverrideReason: extra.capOverrideReason } : {}), ...(extra.reason ? { reason: extra.reason } : {}) });
      setTransferring(null);
      message.success(t('dispatch.assigned', { number: order.number, name: tech.name, action: actionLabel(locale, order.kind, action) }));
      setSelectedId(null);
      setRefusal(null);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'orders.dispatch_cap') setRefusal({ order, tech, message: e.message, reason: extra.reason });
      else message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
      refresh();
    }
  };

  const autoAssign = async (order: BoardCard, strategy: 'round_robin' | 'least_loaded') => {
    setBusy(strategy);
    try {
      const r = await deskApi.autoAssign(order.id, strategy);
      message.success(t('dispatch.assigned', { number: order.number, name: r.assigneeName, action: t(`dispatch.strategy.${strategy}`) }));
      setSelectedId(null);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
      refresh();
    }
  };

  // Dragging must not re-order the technicians under the pointer: the drag only highlights.
  const onDragStart = (o: BoardCard) => (e: DragEvent<HTMLDivElement>) => {
    e.dataTransfer.setData(DRAG_TYPE, o.id);
    e.dataTransfer.setData('text/plain', o.number);
    e.dataTransfer.effectAllowed = 'move';
    setDragSkill(skillOf(o) ?? '');
  };
  const onDrop = (tech: BoardTechnician) => (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setDropTarget(null);
    setDragSkill(null);
    const id = e.dataTransfer.getData(DRAG_TYPE);
    const o = all.get(id);
    if (o) void assign(o, tech);
  };

  const projectOptions = (projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }));
  const categoryOptions = [...new Set((categories.data?.items ?? []).map((c) => c.name))].map((n) => ({ value: n, label: n }));
  const buildingOptions = (board.data?.buildings ?? [])
    .filter((b) => b.buildingId)
    .map((b) => ({ value: b.buildingId!, label: t('dispatch.filter.buildingOpen', { name: b.name ?? '', open: b.open }) }));
  // Keep the chosen building in the list even when the other filters leave it nothing open.
  if (filter.buildingId && !buildingOptions.some((b) => b.value === filter.buildingId)) buildingOptions.unshift({ value: filter.buildingId, label: filter.buildingId });
  const filtered = FILTER_KEYS.some((k) => filter[k]);

  const columnCard = (c: BoardColumn) => {
    const pages = Math.max(1, Math.ceil(c.total / c.pageSize));
    return (
      <Card
        size="small"
        title={
          <Space size={6} wrap>
            {t(`dispatch.column.${c.key}`)}
            <Badge count={c.total} showZero overflowCount={9999} color={token.colorTextTertiary} data-testid="column-total" />
            {c.breached > 0 && (
              <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="column-breached">
                {t('dispatch.breachedCount', { count: c.breached })}
              </Tag>
            )}
            {c.warning > 0 && (
              <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="column-warning">
                {t('dispatch.warningCount', { count: c.warning })}
              </Tag>
            )}
          </Space>
        }
        styles={{ body: { maxHeight: 'calc(100vh - 300px)', minHeight: 120, overflow: 'auto' } }}
        data-testid={`board-${c.key.replace('_', '-')}`}
        actions={
          pages > 1
            ? [
                <Flex key="pager" justify="center" align="center" gap={8} data-testid="column-pager">
                  <Button size="small" type="text" icon={<LeftOutlined />} aria-label={t('dispatch.prevPage')} disabled={c.page <= 1 || flipping === c.key} onClick={() => void flip(c.key, c.page - 1)} data-testid="page-prev" />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('dispatch.pageOf', { page: c.page, pages })}
                  </Typography.Text>
                  <Button size="small" type="text" icon={<RightOutlined />} aria-label={t('dispatch.nextPage')} disabled={c.page >= pages || flipping === c.key} onClick={() => void flip(c.key, c.page + 1)} data-testid="page-next" />
                </Flex>,
              ]
            : undefined
        }
      >
        {c.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`dispatch.empty.${c.key}`)} />
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            {c.items.map((o) => (
              <BoardOrderCard
                key={o.id}
                order={o}
                selected={selectedId === o.id}
                focused={keys.focusedId === o.id}
                focusedBy={focus[o.id]}
                onOpen={() => select(o)}
                onDragStart={onDragStart(o)}
                onDragEnd={() => setDragSkill(null)}
              />
            ))}
          </Space>
        )}
      </Card>
    );
  };

  return (
    <>
      <PageHeader
        title={t('nav.dispatch')}
        sub={t('dispatch.sub')}
        extra={
          <Space>
            {live !== null && (
              <Tag icon={<WifiOutlined />} color={live ? 'green' : 'default'} data-testid="board-live">
                {live ? t('dispatch.live') : t('dispatch.offline')}
              </Tag>
            )}
            <Tooltip title={t('dispatch.keys.hint')}>
              <Button icon={<QuestionCircleOutlined />} onClick={() => setKeys((k) => ({ ...k, help: true }))} data-testid="shortcuts-button">
                {t('dispatch.keys.button')}
              </Button>
            </Tooltip>
            <Button icon={<ReloadOutlined />} onClick={refresh} loading={board.loading}>
              {t('dispatch.refresh')}
            </Button>
          </Space>
        }
      />
      <Flex wrap gap={8} style={{ marginBottom: 12 }} data-testid="board-filters">
        {projectOptions.length > 1 && (
          <Select allowClear style={{ width: 160 }} placeholder={t('dispatch.filter.project')} aria-label={t('dispatch.filter.project')} options={projectOptions} value={filter.projectId} onChange={(v) => setFilter('projectId', v)} data-testid="filter-project" />
        )}
        <Select allowClear showSearch style={{ width: 140 }} placeholder={t('dispatch.filter.category')} aria-label={t('dispatch.filter.category')} options={categoryOptions} value={filter.category} onChange={(v) => setFilter('category', v)} data-testid="filter-category" />
        <Select
          allowClear
          style={{ width: 120 }}
          placeholder={t('dispatch.filter.priority')}
          aria-label={t('dispatch.filter.priority')}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`orders.priority.${p}`) }))}
          value={filter.priority}
          onChange={(v: Priority | undefined) => setFilter('priority', v)}
          data-testid="filter-priority"
        />
        <Select allowClear showSearch optionFilterProp="label" style={{ width: 180 }} placeholder={t('dispatch.filter.building')} aria-label={t('dispatch.filter.building')} options={buildingOptions} value={filter.buildingId} onChange={(v) => setFilter('buildingId', v)} data-testid="filter-building" />
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('dispatch.filter.search')}
          aria-label={t('dispatch.filter.search')}
          value={search}
          maxLength={60}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setFilter('q', v.trim() || undefined)}
          data-testid="filter-search"
        />
        {filtered && (
          <Button icon={<ClearOutlined />} onClick={() => setParams(new URLSearchParams(), { replace: true })}>
            {t('dispatch.filter.clear')}
          </Button>
        )}
      </Flex>
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
        <Col xs={24} xl={18}>
          <Row gutter={[12, 12]}>
            {columns.map((c) => (
              <Col key={c.key} xs={24} md={12} xxl={6}>
                {columnCard(c)}
              </Col>
            ))}
          </Row>
        </Col>
        <Col xs={24} xl={6}>
          <Card size="small" title={t('dispatch.technicians')} data-testid="board-technicians" styles={{ body: { maxHeight: 'calc(100vh - 300px)', overflow: 'auto' } }}>
            <Space direction="vertical" style={{ width: '100%' }} ref={techListRef}>
              {techs.map(({ tech, matches }, techIndex) => {
                const techCap = tech.cap || cap;
                const atCap = tech.atCap;
                const isDrop = dropTarget === tech.id;
                const good = dragSkill !== null ? !dragSkill || tech.skills.includes(dragSkill) : matches && !!selected;
                return (
                  <div
                    key={tech.id}
                    data-testid="tech-slot"
                    data-name={tech.name}
                    data-at-cap={atCap}
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
                        {selected && techIndex < 9 ? (
                          <Tooltip title={t('dispatch.keys.pickNumber', { n: techIndex + 1, name: tech.name })}>
                            <Typography.Text keyboard data-testid="tech-number">{techIndex + 1}</Typography.Text>
                          </Tooltip>
                        ) : (
                          <UserOutlined aria-hidden />
                        )}
                        <Typography.Text strong>{tech.name}</Typography.Text>
                        <Tag color={tech.onDuty ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                          {tech.onDuty ? t('dispatch.onDuty') : t('dispatch.offDuty')}
                        </Tag>
                        {atCap && (
                          <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="tech-at-cap">
                            {t('dispatch.atCap')}
                          </Tag>
                        )}
                        {selected && skill && <Tag color={matches ? 'success' : 'default'}>{matches ? t('dispatch.skillMatch') : t('dispatch.skillMissing')}</Tag>}
                      </Space>
                      <Button
                        size="small"
                        type={selected && matches && tech.onDuty && !atCap ? 'primary' : 'default'}
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
                    <Tooltip title={t('dispatch.loadTip', { open: tech.openOrders, cap: techCap })}>
                      <Progress
                        percent={techCap ? Math.min(100, (tech.openOrders / techCap) * 100) : 0}
                        size="small"
                        status={atCap ? 'exception' : 'normal'}
                        format={() => t('dispatch.load', { open: tech.openOrders, cap: techCap })}
                        aria-label={t('dispatch.loadTip', { open: tech.openOrders, cap: techCap })}
                      />
                    </Tooltip>
                    {tech.today.length > 0 && (
                      <Tooltip
                        title={tech.today.map((a) => (
                          <div key={a.orderId}>{t('dispatch.todayItem', { time: formatDateTime(a.at, locale), number: a.number, title: a.title })}</div>
                        ))}
                      >
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="tech-today">
                          {t('dispatch.today', { count: tech.today.length })}
                        </Typography.Text>
                      </Tooltip>
                    )}
                  </div>
                );
              })}
            </Space>
          </Card>
        </Col>
      </Row>
      <ShortcutHelp open={keys.help} onClose={() => setKeys((k) => ({ ...k, help: false }))} />
      <CapModal refusal={refusal} canOverride={CAP_OVERRIDERS.has(user.role)} busy={!!refusal && busy === refusal.tech.id} onCancel={() => setRefusal(null)} onOverride={(reason) => refusal && void assign(refusal.order, refusal.tech, { capOverrideReason: reason, reason: refusal.reason })} />
      <TransferModal target={transferring} busy={!!transferring && busy === transferring.tech.id} onCancel={() => setTransferring(null)} onConfirm={(reason) => transferring && void assign(transferring.order, transferring.tech, { reason })} />
    </>
  );
}

/**
 * The server refused a technician at the cap: say so plainly. A supervisor or manager may dispatch
 * anyway with a reason (recorded on the dispatch event); a dispatcher is told whom to ask.
 */
function CapModal({ refusal, canOverride, busy, onCancel, onOverride }: { refusal: CapRefusal | null; canOverride: boolean; busy: boolean; onCancel: () => void; onOverride: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => setReason(''), [refusal]);
  const ok = reason.trim().length >= 2;
  return (
    <Modal
      open={!!refusal}
      title={t('dispatch.capTitle')}
      onCancel={onCancel}
      footer={
        canOverride
          ? [
              <Button key="cancel" onClick={onCancel}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" danger loading={busy} disabled={!ok} onClick={() => onOverride(reason.trim())} data-testid="cap-override">
                {t('dispatch.capOverride')}
              </Button>,
            ]
          : [
              <Button key="ok" type="primary" onClick={onCancel} data-testid="cap-close">
                {t('dispatch.capUnderstood')}
              </Button>,
            ]
      }
    >
      <Alert type="warning" showIcon message={refusal?.message} data-testid="cap-message" style={{ marginBottom: 12 }} />
      {canOverride ? (
        <label>
          <Typography.Text>{t('dispatch.capReason')}</Typography.Text>
          <Input.TextArea rows={2} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('dispatch.capReasonHint')} data-testid="cap-reason" style={{ marginTop: 4 }} />
        </label>
      ) : (
        <Typography.Paragraph type="secondary">{t('dispatch.capOnlyLead')}</Typography.Paragraph>
      )}
    </Modal>
  );
}

/** One order on the board: urgency edge and tags, where, who, how long it has waited; keyboard-usable and draggable. */
function BoardOrderCard({ order, selected, focused, focusedBy, onOpen, onDragStart, onDragEnd }: { order: BoardCard; selected: boolean; focused: boolean; focusedBy?: string; onOpen: () => void; onDragStart: (e: DragEvent<HTMLDivElement>) => void; onDragEnd: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const duration = useDuration();
  const { token } = theme.useToken();
  const edge = order.slaBreached ? token.colorError : order.slaWarning ? token.colorWarning : token.colorBorderSecondary;
  // Space picks the card for dispatch (as a click does); Enter opens it (the board's keyboard flow).
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === ' ') {
      e.preventDefault();
      onOpen();
    }
  };
  const place = [order.buildingName && !order.unitNumber?.startsWith(order.buildingName) ? order.buildingName : null, order.unitNumber, order.location].filter(Boolean).join(' · ');
  return (
    <div
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      onClick={onOpen}
      onKeyDown={onKey}
      draggable
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      data-testid="order-card"
      data-id={order.id}
      data-number={order.number}
      data-focused={focused || undefined}
      style={{
        background: token.colorBgContainer,
        border: `1px solid ${selected ? token.colorPrimary : token.colorBorderSecondary}`,
        borderInlineStart: `4px solid ${edge}`,
        borderRadius: token.borderRadius,
        padding: '8px 10px',
        cursor: 'pointer',
        boxShadow: selected ? `0 0 0 2px ${token.colorPrimaryBg}` : undefined,
        // The keyboard focus is always visible, also after a mouse click moved it.
        outline: focused ? `2px solid ${token.colorPrimary}` : undefined,
        outlineOffset: 2,
      }}
    >
      <OrderCardHead order={order} />
      <Flex gap={8} wrap style={{ fontSize: 12, color: token.colorTextSecondary }}>
        <span>{[kindLabel(locale, order.kind), order.category].filter(Boolean).join(' · ')}</span>
        {place && (
          <span>
            <EnvironmentOutlined aria-hidden /> {place}
          </span>
        )}
        {order.assigneeName && <span>{t('orders.assigneeIs', { name: order.assigneeName })}</span>}
        <span>{t('dispatch.age', { time: duration(order.ageMinutes) })}</span>
      </Flex>
      {(order.slaBreached || order.slaWarning || order.nextDueAt || order.chaseCount > 0 || order.reopenCount > 0 || order.holdReason || focusedBy !== undefined) && (
        <Flex gap={4} wrap align="center" style={{ marginTop: 6 }}>
          {order.slaBreached ? (
            <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="card-breached">
              {t('dispatch.breached')}
            </Tag>
          ) : order.slaWarning ? (
            <Tag color="orange" style={{ marginInlineEnd: 0 }} data-testid="card-warning">
              {t('dispatch.warning')}
            </Tag>
          ) : null}
          {order.nextDueAt && <Typography.Text style={{ fontSize: 12 }} type={order.slaBreached ? 'danger' : 'secondary'}>{t('dispatch.dueAt', { time: formatDateTime(order.nextDueAt, locale) })}</Typography.Text>}
          {order.chaseCount > 0 && <Tag color="volcano" style={{ marginInlineEnd: 0 }}>{t('dispatch.chased', { count: order.chaseCount })}</Tag>}
          {order.reopenCount > 0 && <Tag color="magenta" style={{ marginInlineEnd: 0 }}>{t('dispatch.reopened', { count: order.reopenCount })}</Tag>}
          {order.holdReason && <Tag style={{ marginInlineEnd: 0 }}>{t('dispatch.held', { reason: holdReasonLabel(locale, order.holdReason) })}</Tag>}
          {focusedBy !== undefined && focusedBy !== '' && <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="card-focus">{t('dispatch.focus', { name: focusedBy })}</Tag>}
        </Flex>
      )}
    </div>
  );
}

/** 快捷键: the board's keys, opened with ? or the header button. */
function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const keyName = (k: string) => (k === 'Enter' ? t('dispatch.keys.enter') : k === 'Esc' ? t('dispatch.keys.esc') : k);
  return (
    <Modal open={open} title={t('dispatch.keys.title')} onCancel={onClose} footer={null} width={460} data-testid="shortcut-help">
      <table style={{ width: '100%', borderCollapse: 'collapse' }}>
        <tbody>
          {BOARD_SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td style={{ padding: '6px 12px 6px 0', whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                {s.keys.map((k) => (
                  <Typography.Text keyboard key={k}>
                    {keyName(k)}
                  </Typography.Text>
                ))}
              </td>
              <td style={{ padding: '6px 0' }}>{t(`dispatch.keys.${s.action}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}

/** 转单: giving an order someone already has to another person needs a reason (the kind has no 改派). */
function TransferModal({ target, busy, onCancel, onConfirm }: { target: { order: BoardCard; tech: BoardTechnician } | null; busy: boolean; onCancel: () => void; onConfirm: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  useEffect(() => setReason(''), [target]);
  const ok = reason.trim().length >= 2;
  return (
    <Modal
      open={!!target}
      title={t('dispatch.transferTitle', { number: target?.order.number ?? '', name: target?.tech.name ?? '' })}
      onCancel={onCancel}
      okText={t('dispatch.transferOk')}
      okButtonProps={{ disabled: !ok, loading: busy, ...({ 'data-testid': 'transfer-ok' } as Record<string, string>) }}
      onOk={() => onConfirm(reason.trim())}
    >
      <label>
        <Typography.Text>{t('dispatch.transferReason')}</Typography.Text>
        <Input.TextArea rows={2} maxLength={500} showCount value={reason} onChange={(e) => setReason(e.target.value)} data-testid="transfer-reason" style={{ marginTop: 4 }} />
      </label>
    </Modal>
  );
}
