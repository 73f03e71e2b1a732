import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, Input, Row, Select, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/FilterBar';
import { LoadError } from '../../components/LoadError';
import { formatNumber, formatPercent } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { wfmApi, type IntervalMinutes, type Queue, type QueueStats, type StatsRow } from '../../wfmApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { activeRows, statsLabel, statsSeries } from './historyModel';
import { DayPicker } from '../../components/DayPicker';

type RollUp = QueueStats['rollUp'];
const DEFINITION_KEYS = ['serviceLevel', 'answerRate', 'abandonmentRate', 'asa', 'aht', 'occupancy', 'agentsOnDuty'] as const;

/** 时段统计: per interval (or day / week / month) SL, ASA, AHT, answered and abandoned, with the definitions used. */
export function StatsTab({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [interval, setIntervalMinutes] = useState<IntervalMinutes>(queue.intervalMinutes === 15 ? 30 : queue.intervalMinutes);
  const [rollUp, setRollUp] = useState<RollUp>('interval');
  const res = useRequest(() => wfmApi.stats(queue.id, { from, to, interval, rollUp }), [queue.id, from, to, interval, rollUp, queue.history.calls]);
  const s = res.data;

  const pct = (v: number | null) => (v === null ? t('common.none') : formatPercent(v, locale));
  const sec = (v: number | null) => (v === null ? t('common.none') : formatNumber(v, locale, 1));
  const series = useMemo(() => (s ? statsSeries(s) : null), [s]);
  const volume = useMemo<ChartSeries[]>(
    () =>
      series
        ? [
            { name: t('wfm.metric.answered'), type: 'bar', data: series.answered, stack: 'calls', color: '#1668dc' },
            { name: t('wfm.metric.abandoned'), type: 'bar', data: series.abandoned, stack: 'calls', color: '#ff4d4f' },
            { name: t('wfm.metric.serviceLevel'), type: 'line', data: series.serviceLevel, axis: 1, color: '#52c41a', format: (v) => formatPercent(v, locale) },
          ]
        : [],
    [series, t, locale],
  );
  const speed = useMemo<ChartSeries[]>(
    () =>
      series
        ? [
            { name: t('wfm.metric.asa'), type: 'line', data: series.asa, color: '#fa8c16', format: (v) => formatNumber(v, locale, 1) },
            { name: t('wfm.metric.aht'), type: 'line', data: series.aht, color: '#722ed1', format: (v) => formatNumber(v, locale, 1) },
          ]
        : [],
    [series, t, locale],
  );
  const volumeAxes = useMemo<[ChartAxis, ChartAxis]>(() => [{ name: t('wfm.metric.calls') }, { name: t('wfm.metric.serviceLevel'), min: 0, max: 1, format: (v) => formatPercent(v, locale, 0) }], [t, locale]);
  const speedAxes = useMemo<[ChartAxis]>(() => [{ name: t('wfm.common.sec') }], [t]);
  const rows = s ? (rollUp === 'interval' ? activeRows(s.rows) : s.rows) : [];

  return (
    <>
      <Card size="small">
        <FilterBar>
          <DayPicker value={from ?? s?.from} onChange={(v) => setFrom(v)} aria-label={t('wfm.common.from')} prefix={t('wfm.common.from')} data-testid="stats-from" />
          <DayPicker value={to ?? s?.to} onChange={(v) => setTo(v)} aria-label={t('wfm.common.to')} prefix={t('wfm.common.to')} data-testid="stats-to" />
          <Select value={rollUp} onChange={setRollUp} aria-label={t('wfm.stats.rollUp')} options={(['interval', 'day', 'week', 'month'] as const).map((r) => ({ value: r, label: t(`wfm.stats.rollUps.${r}`) }))} />
          <Select value={interval} onChange={setIntervalMinutes} disabled={rollUp !== 'interval'} aria-label={t('wfm.common.interval')} options={([15, 30, 60] as const).map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {s && (
          <Row gutter={[16, 12]} data-testid="stats-totals">
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.offered')} value={formatNumber(s.totals.offered, locale)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.answered')} value={formatNumber(s.totals.answered, locale)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.abandoned')} value={formatNumber(s.totals.abandoned, locale)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.serviceLevel')} value={pct(s.totals.serviceLevel)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.answerRate')} value={pct(s.totals.answerRate)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.abandonmentRate')} value={pct(s.totals.abandonmentRate)} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.asa')} value={sec(s.totals.asa)} suffix={t('wfm.common.sec')} /></Col>
            <Col xs={12} md={6} xl={3}><Statistic title={t('wfm.metric.aht')} value={sec(s.totals.aht)} suffix={t('wfm.common.sec')} /></Col>
          </Row>
        )}
      </Card>
      {s && series && (
        <>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('wfm.stats.volumeTitle')}>
                <SeriesChart categories={series.categories} series={volume} axes={volumeAxes} label={t('wfm.stats.volumeChartLabel', { n: series.categories.length })} testId="stats-volume-chart" categoryName={t('wfm.stats.period')} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('wfm.stats.speedTitle')}>
                <SeriesChart categories={series.categories} series={speed} axes={speedAxes} label={t('wfm.stats.speedChartLabel', { n: series.categories.length })} testId="stats-speed-chart" categoryName={t('wfm.stats.period')} />
              </Card>
            </Col>
          </Row>
          <Card size="small" style={{ marginTop: 16 }} title={t('wfm.stats.definitionsTitle')}>
            <Descriptions size="small" column={1} data-testid="stats-definitions">
              {DEFINITION_KEYS.filter((k) => s.definitions.text[k]).map((k) => (
                <Descriptions.Item key={k} label={t(`wfm.metric.${k}`)}>{s.definitions.text[k]}</Descriptions.Item>
              ))}
            </Descriptions>
          </Card>
          <Card size="small" style={{ marginTop: 16 }} title={t('wfm.stats.tableTitle')}>
            <Table<StatsRow>
              size="small"
              rowKey={(r) => `${r.periodStart ?? ''}${r.date ?? ''}${r.start ?? ''}`}
              dataSource={rows}
              pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 900 }}
              data-testid="stats-table"
              locale={{ emptyText: t('wfm.stats.noTraffic') }}
              columns={[
                { title: rollUp === 'interval' ? t('wfm.stats.interval') : t('wfm.stats.period'), key: 'k', render: (_, r) => (rollUp === 'interval' ? `${r.date} ${r.start}` : statsLabel(r, true)) },
                { title: t('wfm.metric.offered'), dataIndex: 'offered', align: 'right' },
                { title: t('wfm.metric.answered'), dataIndex: 'answered', align: 'right' },
                { title: t('wfm.metric.abandoned'), dataIndex: 'abandoned', align: 'right' },
                { title: t('wfm.metric.serviceLevel'), dataIndex: 'serviceLevel', align: 'right', render: pct },
                { title: t('wfm.metric.answerRate'), dataIndex: 'answerRate', align: 'right', render: pct },
                { title: t('wfm.metric.asa'), dataIndex: 'asa', align: 'right', render: sec },
                { title: t('wfm.metric.aht'), dataIndex: 'aht', align: 'right', render: sec },
                { title: t('wfm.metric.agentsOnDuty'), dataIndex: 'agentsOnDuty', align: 'right' },
                // The published schedule's working agents beside those seen in the data.
                ...(rollUp === 'interval' && 'schedulePublished' in s && s.schedulePublished
                  ? [{ title: t('wfm.intraday.scheduled'), key: 'scheduledWorking', align: 'right' as const, render: (_: unknown, r: StatsRow) => (r.scheduledWorking == null ? t('common.none') : formatNumber(r.scheduledWorking, locale, 1)) }]
                  : []),
              ]}
            />
            <Typography.Text type="secondary">{t('wfm.stats.secondsNote')}</Typography.Text>
          </Card>
        </>
      )}
    </>
  );
}
