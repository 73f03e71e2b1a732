import { useMemo, useState, type KeyboardEvent } from 'react';
import { App, Button, Card, Col, Drawer, Flex, Row, Segmented, Skeleton, Statistic, Table, Tag, Typography, theme } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../../format';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { TrendChart, type TrendSeries } from '../../components/TrendChart';
import { ProjectSelect, useProjects } from '../registry/common';
import { deskApi, ordersLink, type Kpi, type KpiRecord, type Queue } from '../orders/api';
import { outcomeLabel } from '../orders/lifecycle';
import { addDays, belowTarget, MONEY_KPIS, rangeFor, shanghaiMidnight, type RangeKey } from './range';
import { RoleTargets } from './RoleTargets';
import { formatKpiValue } from '../reports/kpiFormat';
import { useKpiName } from '../reports/shared';

/** Queues whose size a supervisor watches (each opens the filtered order list). */
const COUNTERS: readonly Queue[] = ['open', 'near_breach', 'breached', 'reopened', 'awaiting_visit'];
/** KPIs the server can explain record by record. */
const DRILLABLE = new Set(['first_contact_resolution', 'callback_rate', 'satisfaction', 'complaint_handling_rate', 'on_time_rate']);
/** Records whose id is the order's own (others are contacts or visits and open by number). */
const ORDER_IDS = new Set(['callback_rate', 'complaint_handling_rate', 'on_time_rate']);
/** Daily KPIs in the table under the charts. */
const TREND_KPIS = ['first_contact_resolution', 'callback_rate', 'satisfaction', 'on_time_rate', 'complaint_handling_rate'];
/**
 * KPI lines drawn in the chart. The complaint handling rate stays in the table only: per day it
 * compares complaints closed with complaints received that day and swings far above 100 %.
 */
const CHART_KPIS = TREND_KPIS.filter((k) => k !== 'complaint_handling_rate');
const RANGES: readonly RangeKey[] = ['today', '7d', '30d', 'month'];

/** 看板 — today's queues, the desk's KPIs with their numerators and denominators, 31-day trends, drill-down. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { token } = theme.useToken();
  const [rangeKey, setRangeKey] = useState<RangeKey>('30d');
  const [projectId, setProjectId] = useState<string | undefined>();
  const [tick, setTick] = useState(0);
  const [drill, setDrill] = useState<Kpi | null>(null);
  const projects = useProjects();
  // Ranges are computed from "now" when the view (re)loads, so they roll over at midnight on refresh.
  const range = useMemo(() => ({ ...rangeFor(rangeKey, new Date()), projectId }), [rangeKey, projectId, tick]);
  const trendRange = useMemo(() => {
    const today = rangeFor('today', new Date());
    return { from: shanghaiMidnight(addDays(today.firstDay, -30)), to: today.to, projectId };
  }, [projectId, tick]);

  // The queue counters read the order list: a role without it (collector) is not shown the box at all.
  const seesOrders = hasPermission(useUser(), 'orders.read');
  const counters = useRequest(() => Promise.all(COUNTERS.map((q) => deskApi.queueCount(q))), [tick], seesOrders);
  const kpis = useRequest(() => deskApi.kpi({ from: range.from, to: range.to, projectId }), [range]);
  const trend = useRequest(() => deskApi.trend(trendRange), [trendRange]);

  const reportKpiName = useKpiName();
  // The desk's own names first; every other KPI (催单率, 收费率 …) by the reports module's names, never its code.
  const kpiName = (code: string) => (i18n.exists(`dashboard.kpi.${code}.name`) ? t(`dashboard.kpi.${code}.name` as 'dashboard.title') : reportKpiName(code));
  const partName = (k: Kpi) => {
    const target = k.label ?? k.code.split('.').pop() ?? k.code;
    return i18n.exists(`orders.sla.target.${target}`) ? t(`orders.sla.target.${target}` as 'dashboard.title') : target;
  };
  const amount = (code: string, n: number) => (MONEY_KPIS.has(code) ? formatMoney(n, locale) : formatNumber(n, locale));

  const days = trend.data?.days ?? [];
  const categories = useMemo(() => days.map((d) => d.day.slice(5)), [days]);
  const kpiSeries: TrendSeries[] = useMemo(
    () => CHART_KPIS.map((code) => ({ name: kpiName(code), values: days.map((d) => d.kpis.find((k) => k.code === code)?.value ?? null) })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [days, locale],
  );
  const volumeSeries: TrendSeries[] = useMemo(
    () => [
      { name: t('dashboard.volume.contacts'), values: days.map((d) => d.contacts), type: 'bar' },
      { name: t('dashboard.volume.closedOrders'), values: days.map((d) => d.closedOrders) },
      { name: t('dashboard.volume.visits'), values: days.map((d) => d.visits) },
    ],
    [days, t],
  );

  const openCard = (k: Kpi) => (DRILLABLE.has(k.code) ? () => setDrill(k) : undefined);
  const keyOpen = (fn?: () => void) => (e: KeyboardEvent) => {
    if (fn && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      fn();
    }
  };

  return (
    <>
      <PageHeader
        title={t('nav.dashboard')}
        sub={t('dashboard.rangeIs', { from: range.firstDay, to: range.lastDay })}
        extra={
          <>
            <div style={{ minWidth: 180 }}>
              <ProjectSelect projects={projects.data?.items} value={projectId} onChange={setProjectId} allowClear placeholder={t('dashboard.allProjects')} aria-label={t('filter.project')} style={{ width: '100%' }} />
            </div>
            <Segmented<RangeKey> value={rangeKey} onChange={setRangeKey} options={RANGES.map((r) => ({ value: r, label: t(`dashboard.range.${r}`) }))} aria-label={t('dashboard.rangeLabel')} />
            <Button icon={<ReloadOutlined />} onClick={() => setTick((n) => n + 1)} aria-label={t('common.reload')} />
          </>
        }
      />
      <RoleTargets />
      {seesOrders && (
      <Card size="small" title={t('dashboard.queues')} style={{ marginBottom: 16 }}>
        {counters.error && <LoadError error={counters.error} onRetry={counters.reload} />}
        <Row gutter={[12, 12]} data-testid="queue-counters">
          {COUNTERS.map((q, i) => (
            <Col key={q} xs={12} sm={8} lg={4} flex="auto">
              <a href={ordersLink({ queue: q })} onClick={(e) => (e.preventDefault(), navigate(ordersLink({ queue: q })))} style={{ color: 'inherit', display: 'block' }} data-testid={`counter-${q}`}>
                <Statistic
                  title={t(`orders.queue.${q}`)}
                  value={counters.data ? formatNumber(counters.data[i], locale) : '–'}
                  valueStyle={{ color: q === 'breached' && counters.data?.[i] ? token.colorError : q === 'near_breach' && counters.data?.[i] ? token.colorWarning : undefined }}
                />
              </a>
            </Col>
          ))}
        </Row>
      </Card>
      )}
      {kpis.error && <LoadError error={kpis.error} onRetry={kpis.reload} />}
      <Row gutter={[12, 12]} data-testid="kpi-cards" style={{ marginBottom: 16 }}>
        {!kpis.data
          ? Array.from({ length: 5 }, (_, i) => (
              <Col key={i} xs={24} sm={12} lg={8} xxl={6}>
                <Card size="small">
                  <Skeleton active paragraph={{ rows: 2 }} />
                </Card>
              </Col>
            ))
          : kpis.data.kpis.map((k) => {
              const open = openCard(k);
              const low = belowTarget(k);
              return (
                <Col key={k.code} xs={24} sm={12} lg={8} xxl={6}>
                  <Card
                    size="small"
                    hoverable={!!open}
                    onClick={open}
                    onKeyDown={keyOpen(open)}
                    tabIndex={open ? 0 : undefined}
                    role={open ? 'button' : undefined}
                    aria-label={open ? t('dashboard.drillFor', { name: kpiName(k.code) }) : undefined}
                    data-testid="kpi-card"
                    data-code={k.code}
                    style={{ height: '100%' }}
                  >
                    <Typography.Text type="secondary">{kpiName(k.code)}</Typography.Text>
                    <div style={{ fontSize: 28, fontWeight: 600, color: low ? token.colorError : undefined, fontVariantNumeric: 'tabular-nums' }} data-testid="kpi-value">
                      {formatKpiValue(k.code, k.value, locale) ?? t('dashboard.noData')}
                    </div>
                    <Flex wrap gap={8} align="center" style={{ fontSize: 12 }}>
                      <span data-testid="kpi-ratio">{t('dashboard.ratio', { numerator: amount(k.code, k.numerator), denominator: amount(k.code, k.denominator) })}</span>
                      {k.target !== undefined && <Tag color={low ? 'error' : 'success'}>{t('dashboard.target', { target: formatPercent(k.target, locale, 0) })}</Tag>}
                    </Flex>
                    {i18n.exists(`dashboard.kpi.${k.code}.hint`) && (
                      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>
                        {t(`dashboard.kpi.${k.code}.hint` as 'dashboard.title')}
                      </Typography.Paragraph>
                    )}
                    {k.parts && k.parts.length > 0 && (
                      <div style={{ marginTop: 6, fontSize: 12 }}>
                        {k.parts.map((p) => (
                          <div key={p.code}>
                            {partName(p)}: {p.value === null ? t('dashboard.noData') : formatPercent(p.value, locale)} ({formatNumber(p.numerator, locale)} / {formatNumber(p.denominator, locale)})
                          </div>
                        ))}
                      </div>
                    )}
                  </Card>
                </Col>
              );
            })}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dashboard.trendTitle')}>
            {trend.error && <LoadError error={trend.error} onRetry={trend.reload} />}
            {trend.data ? (
              <TrendChart categories={categories} series={kpiSeries} percent label={t('dashboard.trendLabel', { days: days.length })} />
            ) : (
              <Skeleton active />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dashboard.volumeTitle')}>
            {trend.data ? <TrendChart categories={categories} series={volumeSeries} label={t('dashboard.volumeLabel', { days: days.length })} testId="volume-chart" /> : <Skeleton active />}
          </Card>
        </Col>
      </Row>
      {trend.data && (
        <details style={{ marginTop: 12 }}>
          <summary style={{ cursor: 'pointer' }}>{t('dashboard.trendTable')}</summary>
          <Table
            size="small"
            rowKey="day"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={days}
            columns={[
              { title: t('dashboard.day'), dataIndex: 'day' },
              { title: t('dashboard.volume.contacts'), dataIndex: 'contacts', align: 'right' },
              { title: t('dashboard.volume.closedOrders'), dataIndex: 'closedOrders', align: 'right' },
              { title: t('dashboard.volume.visits'), dataIndex: 'visits', align: 'right' },
              ...TREND_KPIS.map((code) => ({
                title: kpiName(code),
                key: code,
                align: 'right' as const,
                render: (_: unknown, d: (typeof days)[number]) => {
                  const v = d.kpis.find((k) => k.code === code)?.value;
                  return v === null || v === undefined ? '–' : formatPercent(v, locale);
                },
              })),
            ]}
          />
        </details>
      )}
      <DrillDrawer kpi={drill} name={drill ? kpiName(drill.code) : ''} range={range} onClose={() => setDrill(null)} />
    </>
  );
}

/** The records behind a KPI: which were counted, and each order one click away. */
function DrillDrawer({ kpi, name, range, onClose }: { kpi: Kpi | null; name: string; range: { from: string; to: string; projectId?: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const code = kpi?.code ?? '';
  // Roles that read reports but not orders (collector) see the numbers without a link to a refused page.
  const canOpen = hasPermission(useUser(), 'orders.read');
  const res = useRequest(() => deskApi.kpiRecords(code, range), [code, range], !!kpi);
  const records = res.data?.records ?? [];
  const counted = records.filter((r) => r.counted).length;

  const openOrder = async (r: KpiRecord) => {
    if (ORDER_IDS.has(code)) return navigate(`/orders/${r.id}`);
    // A visit's record carries the order number only: find the order by it.
    try {
      const found = await deskApi.orders({ queue: 'all', q: r.number, pageSize: 5 });
      const o = found.items.find((x) => x.number === r.number);
      if (o) navigate(`/orders/${o.id}`);
      else navigate(ordersLink({ queue: 'all', q: r.number }));
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Drawer open={!!kpi} onClose={onClose} width={Math.min(640, window.innerWidth)} title={t('dashboard.drillTitle', { name })} destroyOnHidden data-testid="kpi-drawer">
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Typography.Paragraph>{t('dashboard.drillSummary', { counted: formatNumber(counted, locale), total: formatNumber(records.length, locale) })}</Typography.Paragraph>
      <Table<KpiRecord>
        size="small"
        rowKey={(r) => `${r.id}`}
        loading={res.loading}
        dataSource={records}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="kpi-records"
        columns={[
          {
            title: t('orders.col.number'),
            dataIndex: 'number',
            render: (n: string | undefined, r) =>
              n && !canOpen ? (
                n
              ) : n ? (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => void openOrder(r)} data-testid="record-order">
                  {n}
                </Button>
              ) : (
                <Typography.Text type="secondary">{t('dashboard.contactRecord')}</Typography.Text>
              ),
          },
          { title: t('dashboard.when'), dataIndex: 'at', render: (v: string | null | undefined) => formatDateTime(v ?? null, locale) },
          ...(code === 'satisfaction' ? [{ title: t('visits.outcome'), dataIndex: 'outcome', render: (o: string | null | undefined) => (o ? outcomeLabel(locale, o) : '') }] : []),
          {
            title: t('dashboard.counted'),
            dataIndex: 'counted',
            render: (c: boolean) => <Tag color={c ? 'success' : 'default'}>{c ? t('dashboard.countedYes') : t('dashboard.countedNo')}</Tag>,
          },
        ]}
      />
    </Drawer>
  );
}
