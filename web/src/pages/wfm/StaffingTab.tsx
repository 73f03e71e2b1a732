import { useMemo, useState } from 'react';
import { Card, Col, Descriptions, InputNumber, Row, Select, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/FilterBar';
import { LoadError } from '../../components/LoadError';
import { formatDate, formatNumber, formatPercent } from '../../format';
import { useDebounced, useLocale, useRequest } from '../../hooks';
import { wfmApi, type IntervalMinutes, type Queue, type StaffingRow } from '../../wfmApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { activeRows, staffingSeries } from './historyModel';
import { SimulationCard } from './SimulationCard';
import { DayPicker } from '../../components/DayPicker';

/**
 * 人员需求: agents needed per interval by Erlang C or A — the whole number, the fractional figure
 * beside it (blending queues compounds rounding), and the head count to schedule with shrinkage —
 * optionally after the availability of present agents learned from the queue's last 8 weeks.
 */
export function StaffingTab({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [interval, setIntervalMinutes] = useState<IntervalMinutes>(queue.intervalMinutes);
  const [source, setSource] = useState<'forecast' | 'actual'>('forecast');
  const [model, setModel] = useState<'erlang-c' | 'erlang-a'>(queue.model);
  const [slPercent, setSlPercent] = useState<number>(Math.round(queue.serviceLevel.target * 100));
  const [shrinkPercent, setShrinkPercent] = useState<number>(Math.round(queue.shrinkage * 100));
  const [availability, setAvailability] = useState<'none' | 'history'>('none');
  const sl = useDebounced(slPercent, 400);
  const shrink = useDebounced(shrinkPercent, 400);
  const res = useRequest(
    () => wfmApi.staffing(queue.id, { from, to, interval, source, model, serviceLevel: sl / 100, shrinkage: shrink / 100, availability }),
    [queue.id, from, to, interval, source, model, sl, shrink, availability, queue.history.calls],
  );
  const s = res.data;
  const series = useMemo(() => (s ? staffingSeries(s.intervals) : null), [s]);
  const chart = useMemo<ChartSeries[]>(
    () =>
      series
        ? [
            { name: t('wfm.staffing.agents'), type: 'bar', data: series.agents, color: '#1668dc' },
            { name: t('wfm.staffing.agentsFractional'), type: 'line', data: series.agentsFractional, color: '#fa8c16', format: (v) => formatNumber(v, locale, 2) },
            { name: t('wfm.staffing.scheduled'), type: 'line', data: series.scheduled, step: true, color: '#52c41a' },
            { name: t('wfm.staffing.calls'), type: 'line', data: series.calls, axis: 1, dashed: true, color: '#8c8c8c', format: (v) => formatNumber(v, locale, 1) },
          ]
        : [],
    [series, t, locale],
  );
  const axes = useMemo<[ChartAxis, ChartAxis]>(() => [{ name: t('wfm.staffing.agentsAxis') }, { name: t('wfm.metric.calls') }], [t]);
  const pct = (v: number | null) => (v === null ? t('common.none') : formatPercent(v, locale));
  const av = s?.inputs.availability ?? null;
  const availabilityApplied = av?.applied === true;

  return (
    <>
      <Card size="small">
        <FilterBar>
          <DayPicker value={from ?? s?.from} onChange={(v) => setFrom(v)} aria-label={t('wfm.common.from')} prefix={t('wfm.common.from')} />
          <DayPicker value={to ?? s?.to} onChange={(v) => setTo(v)} aria-label={t('wfm.common.to')} prefix={t('wfm.common.to')} />
          <Select value={interval} onChange={setIntervalMinutes} aria-label={t('wfm.common.interval')} options={([15, 30, 60] as const).map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
          <Select value={source} onChange={setSource} aria-label={t('wfm.staffing.source')} options={(['forecast', 'actual'] as const).map((v) => ({ value: v, label: t(`wfm.staffing.sources.${v}`) }))} />
          <Select value={model} onChange={setModel} aria-label={t('wfm.queue.model')} options={(['erlang-c', 'erlang-a'] as const).map((m) => ({ value: m, label: t(`wfm.model.${m}`) }))} />
          <InputNumber value={slPercent} min={1} max={99} onChange={(v) => setSlPercent(v ?? 80)} prefix={t('wfm.staffing.slShort')} suffix="%" aria-label={t('wfm.queue.slTarget')} />
          <InputNumber value={shrinkPercent} min={0} max={95} onChange={(v) => setShrinkPercent(v ?? 0)} prefix={t('wfm.staffing.shrinkShort')} suffix="%" aria-label={t('wfm.queue.shrinkage')} />
          <Select value={availability} onChange={setAvailability} style={{ minWidth: 250 }} aria-label={t('wfm.staffing.availability')} data-testid="staffing-availability" options={(['none', 'history'] as const).map((v) => ({ value: v, label: t('wfm.staffing.availabilityOption', { mode: t(`wfm.staffing.availabilityModes.${v}`) }) }))} />
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {s && (
          <>
            <Row gutter={[16, 12]}>
              <Col xs={12} md={6} xl={4}><Statistic title={t('wfm.staffing.calls')} value={formatNumber(s.totals.calls, locale, 0)} /></Col>
              <Col xs={12} md={6} xl={4}><Statistic title={t('wfm.staffing.peakAgents')} value={s.totals.peakAgents} /></Col>
              <Col xs={12} md={6} xl={4}><Statistic title={t('wfm.staffing.peakScheduled')} value={s.totals.peakScheduled} /></Col>
              <Col xs={12} md={6} xl={4}><Statistic title={t('wfm.staffing.agentHours')} value={formatNumber(s.totals.agentHours, locale, 1)} /></Col>
              <Col xs={12} md={6} xl={4}><Statistic title={t('wfm.staffing.scheduledHours')} value={formatNumber(s.totals.scheduledHours, locale, 1)} /></Col>
            </Row>
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginTop: 12 }} data-testid="staffing-inputs">
              <Descriptions.Item label={t('wfm.metric.aht')}>{t('wfm.staffing.ahtValue', { value: formatNumber(s.inputs.ahtSeconds, locale, 1), source: t(`wfm.staffing.ahtSources.${s.inputs.ahtSource}`) })}</Descriptions.Item>
              {s.inputs.patienceSeconds !== null && <Descriptions.Item label={t('wfm.staffing.patience')}>{t('wfm.common.secValue', { value: formatNumber(s.inputs.patienceSeconds, locale, 0) })}</Descriptions.Item>}
              {s.inputs.serviceLevel && <Descriptions.Item label={t('wfm.queue.target')}>{t('wfm.queue.targetValue', { pct: formatPercent(s.inputs.serviceLevel.target, locale, 0), t: s.inputs.serviceLevel.thresholdSeconds })}</Descriptions.Item>}
              <Descriptions.Item label={t('wfm.queue.shrinkage')}>{formatPercent(s.inputs.shrinkage, locale, 0)}</Descriptions.Item>
              {av && (
                <Descriptions.Item label={t('wfm.staffing.availability')}>
                  {av.applied && av.overall !== null
                    ? t('wfm.staffing.availabilityValue', { overall: formatPercent(av.overall, locale, 1), hours: av.hours, from: formatDate(av.from, locale), to: formatDate(av.to, locale) })
                    : <Typography.Text type="warning">{t('wfm.staffing.availabilityThin', { hours: av.hours, min: av.minHours })}</Typography.Text>}
                </Descriptions.Item>
              )}
              {s.inputs.maxOccupancy !== null && <Descriptions.Item label={t('wfm.queue.maxOccupancy')}>{formatPercent(s.inputs.maxOccupancy, locale, 0)}</Descriptions.Item>}
              {s.definitions.text.serviceLevel && <Descriptions.Item label={t('wfm.metric.serviceLevel')} span="filled">{s.definitions.text.serviceLevel}</Descriptions.Item>}
            </Descriptions>
          </>
        )}
      </Card>
      {s && series && (
        <>
          <Card size="small" style={{ marginTop: 16 }} title={t('wfm.staffing.chartTitle')}>
            <SeriesChart categories={series.categories} series={chart} axes={axes} label={t('wfm.staffing.chartLabel', { n: series.categories.length })} testId="staffing-chart" categoryName={t('wfm.stats.interval')} />
          </Card>
          <Card size="small" style={{ marginTop: 16 }}>
            <Table<StaffingRow>
              size="small"
              rowKey={(r) => `${r.date}${r.start}`}
              dataSource={activeRows(s.intervals)}
              pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 900 }}
              data-testid="staffing-table"
              columns={[
                { title: t('wfm.stats.interval'), key: 'k', render: (_, r) => `${r.date} ${r.start}` },
                { title: t('wfm.staffing.calls'), dataIndex: 'calls', align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
                { title: t('wfm.staffing.agents'), dataIndex: 'agents', align: 'right' },
                { title: t('wfm.staffing.agentsFractional'), dataIndex: 'agentsFractional', align: 'right', render: (v: number) => formatNumber(v, locale, 2) },
                ...(availabilityApplied
                  ? [
                      { title: t('wfm.staffing.availability'), dataIndex: 'availability', align: 'right' as const, render: pct },
                      { title: t('wfm.staffing.present'), dataIndex: 'present', align: 'right' as const, render: (v: number | null) => (v === null ? t('common.none') : v) },
                    ]
                  : []),
                { title: t('wfm.staffing.scheduled'), dataIndex: 'scheduled', align: 'right' },
                { title: t('wfm.metric.serviceLevel'), dataIndex: 'serviceLevel', align: 'right', render: pct },
                { title: t('wfm.metric.asa'), dataIndex: 'asa', align: 'right', render: (v: number | null) => (v === null ? t('common.none') : formatNumber(v, locale, 1)) },
                { title: t('wfm.metric.occupancy'), dataIndex: 'occupancy', align: 'right', render: pct },
                ...(s.inputs.model === 'erlang-a' ? [{ title: t('wfm.metric.abandonmentRate'), dataIndex: 'abandonment', align: 'right' as const, render: pct }] : []),
              ]}
            />
          </Card>
          <SimulationCard staffing={s} />
        </>
      )}
    </>
  );
}
