import { useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Select, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { FilterBar } from '../../components/FilterBar';
import { LoadError } from '../../components/LoadError';
import { formatDateTime, formatNumber } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { wfmApi, type IntervalMinutes, type Queue, type QueueIntraday } from '../../wfmApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { DayPicker } from '../../components/DayPicker';

type IntradayRow = QueueIntraday['intervals'][number];

/**
 * 日内监控: for one day, the forecast, what has come in so far, the re-forecast of the rest of the
 * day (scaled by actual ÷ forecast so far, shrunk toward 1) and the agents required per interval,
 * against the working agents of the published schedule: the gap says where to add or release people.
 */
export function IntradayTab({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const locale = useLocale();
  // A link may name the day (?date=YYYY-MM-DD, e.g. from a schedule just published); else today.
  const [params] = useSearchParams();
  const [date, setDate] = useState<string | undefined>(() => (/^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : undefined));
  const [interval, setIntervalMinutes] = useState<IntervalMinutes>(queue.intervalMinutes);
  const res = useRequest(() => wfmApi.intraday(queue.id, { date, interval }), [queue.id, date, interval, queue.history.calls]);
  const d = res.data;
  const rows = useMemo(() => (d ? d.intervals.filter((r) => r.forecast > 0 || (r.actual ?? 0) > 0 || r.scheduledWorking !== null) : []), [d]);
  const published = d?.schedule.published === true;
  const n1 = (v: number) => formatNumber(v, locale, 1);
  // Among the intervals still ahead: how many are short of agents, and the worst of them.
  const ahead = rows.filter((r) => !r.past && r.gap !== null);
  const shortCount = ahead.filter((r) => r.gap! < 0).length;
  const shortest = ahead.length ? ahead.reduce((m, r) => (r.gap! < m.gap! ? r : m)) : null;
  const chart = useMemo<ChartSeries[]>(
    () => [
      { name: t('wfm.intraday.actual'), type: 'bar', data: rows.map((r) => (r.past ? r.actual : null)), color: '#8c8c8c', format: n1 },
      { name: t('wfm.intraday.forecast'), type: 'line', data: rows.map((r) => r.forecast), color: '#1668dc', format: n1 },
      { name: t('wfm.intraday.reforecast'), type: 'line', data: rows.map((r) => (r.past ? null : r.reforecast)), color: '#fa8c16', dashed: true, format: n1 },
      { name: t('wfm.intraday.required'), type: 'line', data: rows.map((r) => r.requiredAgentsReforecast ?? r.requiredAgents), axis: 1, step: true, color: '#52c41a' },
      ...(published ? [{ name: t('wfm.intraday.scheduled'), type: 'line' as const, data: rows.map((r) => r.scheduledWorking), axis: 1 as const, step: true, color: '#722ed1', dashed: true, format: n1 }] : []),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rows, published, t, locale],
  );
  const axes = useMemo<[ChartAxis, ChartAxis]>(() => [{ name: t('wfm.metric.calls') }, { name: t('wfm.staffing.agentsAxis') }], [t]);

  return (
    <>
      <Card size="small">
        <FilterBar>
          <DayPicker value={date ?? d?.date} onChange={(v) => setDate(v)} aria-label={t('wfm.intraday.date')} prefix={t('wfm.intraday.date')} />
          <Select value={interval} onChange={setIntervalMinutes} aria-label={t('wfm.common.interval')} options={([15, 30, 60] as const).map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {d && (
          <Row gutter={[16, 12]} data-testid="intraday-summary">
            <Col xs={12} md={6}><Statistic title={t('wfm.intraday.seenForecast')} value={formatNumber(d.reforecast.seenForecast, locale, 0)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('wfm.intraday.seenActual')} value={formatNumber(d.reforecast.seenActual, locale, 0)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('wfm.intraday.ratio')} value={formatNumber(d.reforecast.ratio, locale, 3)} /></Col>
            <Col xs={12} md={6}><Statistic title={t('wfm.intraday.factor')} value={formatNumber(d.reforecast.factor, locale, 3)} /></Col>
          </Row>
        )}
        {d && !published && <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('wfm.intraday.noSchedule')} data-testid="intraday-no-schedule" />}
        {d && published && shortest && (
          <Alert style={{ marginTop: 12 }} type={shortest.gap! < 0 ? 'warning' : 'success'} showIcon data-testid="intraday-gap-summary"
            message={shortest.gap! < 0 ? t('wfm.intraday.shortAhead', { n: shortCount, start: shortest.start, gap: n1(-shortest.gap!) }) : t('wfm.intraday.coveredAhead')}
            description={d.schedule.publishedAt ? t('wfm.intraday.publishedAt', { at: formatDateTime(d.schedule.publishedAt, locale) }) : undefined} />
        )}
      </Card>
      {d && (
        <>
          <Card size="small" style={{ marginTop: 16 }} title={t('wfm.intraday.chartTitle')}>
            <SeriesChart categories={rows.map((r) => r.start)} series={chart} axes={axes} label={t('wfm.intraday.chartLabel', { n: rows.length })} testId="intraday-chart" categoryName={t('wfm.stats.interval')} />
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Table<IntradayRow>
              size="small"
              rowKey="startAt"
              dataSource={rows}
              pagination={{ pageSize: 48, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 800 }}
              data-testid="intraday-table"
              columns={[
                { title: t('wfm.stats.interval'), dataIndex: 'start', render: (v: string, r) => <>{v} {r.past && <Tag>{t('wfm.intraday.past')}</Tag>}</> },
                { title: t('wfm.intraday.forecast'), dataIndex: 'forecast', align: 'right', render: n1 },
                { title: t('wfm.intraday.actual'), dataIndex: 'actual', align: 'right', render: (v: number | null) => (v === null ? t('common.none') : n1(v)) },
                { title: t('wfm.intraday.reforecast'), dataIndex: 'reforecast', align: 'right', render: (v: number, r) => (r.past ? t('common.none') : n1(v)) },
                { title: t('wfm.intraday.requiredForecast'), dataIndex: 'requiredAgents', align: 'right' },
                { title: t('wfm.intraday.required'), dataIndex: 'requiredAgentsReforecast', align: 'right', render: (v: number | null) => (v === null ? t('common.none') : v) },
                ...(published
                  ? [
                      { title: t('wfm.intraday.scheduled'), dataIndex: 'scheduledWorking', align: 'right' as const, render: (v: number | null) => (v === null ? t('common.none') : n1(v)) },
                      {
                        title: t('wfm.intraday.gap'), dataIndex: 'gap', align: 'right' as const,
                        render: (v: number | null) => (v === null ? t('common.none') : <Typography.Text type={v < 0 ? 'danger' : undefined} strong={v < 0}>{v > 0 ? `+${n1(v)}` : n1(v)}</Typography.Text>),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </>
      )}
    </>
  );
}
