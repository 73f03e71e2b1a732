import { useMemo, useState } from 'react';
import { Card, Descriptions, Input, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/FilterBar';
import { LoadError } from '../../components/LoadError';
import { formatNumber, formatPercent } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { wfmApi, type IntervalMinutes, type Queue, type QueueForecast } from '../../wfmApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { forecastSeries } from './historyModel';
import { DayPicker } from '../../components/DayPicker';

type BacktestRow = NonNullable<QueueForecast['backtest']>['methods'][number];

/** 话务预测: forecast against what actually came in, and the backtest that chose the method. */
export function ForecastTab({ queue }: { queue: Queue }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [interval, setIntervalMinutes] = useState<IntervalMinutes>(queue.intervalMinutes);
  const [method, setMethod] = useState<string>('auto');
  // Method names and descriptions come from the server in English; show the catalogue's words.
  const methodName = (m: string) => t(`wfm.forecast.methods.${m}`, { defaultValue: m });
  const methodDescription = (m: string, d: string) => t(`wfm.forecast.methodDescriptions.${m}`, { defaultValue: d });
  const options = useRequest(() => wfmApi.options(), []);
  const res = useRequest(() => wfmApi.forecast(queue.id, { from, to, interval, method: method === 'auto' ? undefined : method }), [queue.id, from, to, interval, method, queue.history.calls]);
  const f = res.data;
  const s = useMemo(() => (f ? forecastSeries(f) : null), [f]);
  const chart = useMemo<ChartSeries[]>(
    () =>
      s
        ? [
            ...(s.hasActual ? [{ name: t('wfm.forecast.actual'), type: 'bar' as const, data: s.actual, color: '#91caff' }] : []),
            { name: t('wfm.forecast.forecast'), type: 'line', data: s.forecast, color: '#1668dc' },
          ]
        : [],
    [s, t],
  );
  const axes = useMemo<[ChartAxis]>(() => [{ name: t('wfm.metric.calls') }], [t]);
  const wape = (v: number | null) => (v === null ? t('common.none') : formatPercent(v, locale));

  return (
    <>
      <Card size="small">
        <FilterBar>
          <DayPicker value={from ?? f?.from} onChange={(v) => setFrom(v)} aria-label={t('wfm.common.from')} prefix={t('wfm.common.from')} />
          <DayPicker value={to ?? f?.to} onChange={(v) => setTo(v)} aria-label={t('wfm.common.to')} prefix={t('wfm.common.to')} />
          <Select value={interval} onChange={setIntervalMinutes} aria-label={t('wfm.common.interval')} options={([15, 30, 60] as const).map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
          <Select value={method} onChange={setMethod} aria-label={t('wfm.forecast.method')} options={(options.data?.forecastMethods ?? ['auto']).map((m) => ({ value: m, label: m === 'auto' ? t('wfm.forecast.auto') : methodName(m) }))} />
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {f && (
          <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }} data-testid="forecast-summary">
            <Descriptions.Item label={t('wfm.forecast.method')}>
              {methodName(f.method.name)} <Tag>{t(`wfm.forecast.chosenBy.${f.method.chosenBy}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('wfm.forecast.origin')}>{f.origin}</Descriptions.Item>
            <Descriptions.Item label={t('wfm.forecast.totalForecast')}>{formatNumber(f.totals.forecast, locale, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('wfm.forecast.totalActual')}>{f.totals.actual === null ? t('common.none') : formatNumber(f.totals.actual, locale, 0)}</Descriptions.Item>
            <Descriptions.Item label={t('wfm.forecast.accuracy')} span="filled">
              {f.accuracy ? t('wfm.forecast.accuracyValue', { wape: formatPercent(f.accuracy.wape, locale), n: f.accuracy.points }) : t('wfm.forecast.noActuals')}
            </Descriptions.Item>
            <Descriptions.Item label={t('wfm.forecast.methodDescription')} span="filled">{methodDescription(f.method.name, f.method.description)}</Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {f && s && (
        <>
          <Card size="small" style={{ marginTop: 16 }} title={t('wfm.forecast.chartTitle')}>
            <SeriesChart categories={s.categories} series={chart} axes={axes} label={t('wfm.forecast.chartLabel', { n: s.categories.length })} testId="forecast-chart" categoryName={t('wfm.stats.interval')} />
          </Card>
          {f.backtest && (
            <Card size="small" style={{ marginTop: 16 }} title={t('wfm.forecast.backtestTitle')}>
              <Typography.Paragraph type="secondary">{t('wfm.forecast.backtestHelp')}</Typography.Paragraph>
              <Table<BacktestRow>
                size="small"
                rowKey="method"
                pagination={false}
                dataSource={f.backtest.methods}
                scroll={{ x: 700 }}
                data-testid="backtest-table"
                columns={[
                  { title: t('wfm.forecast.method'), dataIndex: 'method', render: (m: string) => (m === f.backtest!.chosen ? <><strong>{methodName(m)}</strong> <Tag color="green">{t('wfm.forecast.chosen')}</Tag></> : m === 'seasonal-naive' ? <>{methodName(m)} <Tag>{t('wfm.forecast.baseline')}</Tag></> : methodName(m)) },
                  { title: 'WAPE', dataIndex: 'wape', align: 'right', render: wape },
                  { title: 'MASE', dataIndex: 'mase', align: 'right', render: (v: number | null) => (v === null ? t('common.none') : formatNumber(v, locale, 3)) },
                  { title: t('wfm.forecast.points'), dataIndex: 'points', align: 'right' },
                  { title: t('wfm.forecast.methodDescription'), dataIndex: 'description', responsive: ['lg'], render: (d: string, r) => methodDescription(r.method, d) },
                ]}
              />
            </Card>
          )}
        </>
      )}
    </>
  );
}
