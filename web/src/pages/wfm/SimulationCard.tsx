import { useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LoadError } from '../../components/LoadError';
import { formatNumber, formatPercent } from '../../format';
import { useLocale, useRequest } from '../../hooks';
import { wfmApi, type QueueStaffing, type SimEstimate } from '../../wfmApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from './charts/SeriesChart';
import { simulationRequest, simulationRows, staffingDates, type SimulationRow } from './simulationModel';

/**
 * 仿真对照: the selected day's staffing plan run through the discrete-event simulator, beside
 * what Erlang predicts for the same agents — a check of the analytic model's assumptions.
 * Run on demand: a day of replications takes a moment on the server.
 */
export function SimulationCard({ staffing }: { staffing: QueueStaffing }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const dates = useMemo(() => staffingDates(staffing.intervals), [staffing.intervals]);
  const [picked, setPicked] = useState<string | undefined>();
  const date = picked && dates.includes(picked) ? picked : dates[0];
  const [run, setRun] = useState(0);
  const request = useMemo(() => (date ? simulationRequest(staffing, date) : null), [staffing, date]);
  const res = useRequest(() => wfmApi.simulate(request!), [run], run > 0 && request !== null);
  const result = run > 0 ? res.data : undefined;
  const rows = useMemo(() => (result && date ? simulationRows(staffing.intervals, date, result) : []), [result, staffing.intervals, date]);
  const pct = (v: number | null) => (v === null ? t('common.none') : formatPercent(v, locale));
  const sec = (v: number | null) => (v === null ? t('common.none') : formatNumber(v, locale, 1));
  // A t-interval over few replications can cross the quantity's range; show it clipped to it.
  const ci = (e: SimEstimate, f: (v: number) => string, max = Infinity) =>
    t('wfm.sim.ci', { low: f(Math.max(0, e.low)), high: f(Math.min(max, e.high)), level: formatPercent(result?.confidence ?? 0.95, locale, 0) });
  const modelName = t(`wfm.model.${staffing.inputs.model}`);
  const chart = useMemo<ChartSeries[]>(
    () => [
      { name: t('wfm.sim.erlangSl', { model: modelName }), type: 'line', data: rows.map((r) => r.erlangSl), color: '#1668dc', format: (v) => formatPercent(v, locale) },
      { name: t('wfm.sim.simSl'), type: 'line', data: rows.map((r) => r.simSl), color: '#fa8c16', dashed: true, format: (v) => formatPercent(v, locale) },
      { name: t('wfm.staffing.calls'), type: 'bar', data: rows.map((r) => r.calls), axis: 1, color: '#d9d9d9', format: (v) => formatNumber(v, locale, 1) },
    ],
    [rows, t, locale, modelName],
  );
  const axes = useMemo<[ChartAxis, ChartAxis]>(() => [{ name: t('wfm.metric.serviceLevel'), min: 0, max: 1, format: (v) => formatPercent(v, locale, 0) }, { name: t('wfm.metric.calls') }], [t, locale]);

  return (
    <Card size="small" style={{ marginTop: 16 }} title={t('wfm.sim.title')} data-testid="staffing-simulation">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select value={date} onChange={(d) => { setPicked(d); setRun(0); }} aria-label={t('wfm.sim.day')} options={dates.map((d) => ({ value: d, label: d }))} style={{ minWidth: 140 }} />
        <Button type="primary" onClick={() => setRun((n) => n + 1)} disabled={!request} loading={res.loading && run > 0} data-testid="simulation-run">
          {t('wfm.sim.run')}
        </Button>
        <Typography.Text type="secondary">{t('wfm.sim.help', { model: modelName })}</Typography.Text>
      </Space>
      {!request && <Alert type="info" showIcon message={t('wfm.sim.noCalls')} />}
      {res.error && run > 0 && <LoadError error={res.error} onRetry={res.reload} />}
      {result && (
        <>
          <Row gutter={[16, 12]} data-testid="simulation-summary">
            <Col xs={24} md={8}><Statistic title={t('wfm.sim.slSim')} value={formatPercent(result.serviceLevel.mean, locale)} /><Typography.Text type="secondary">{ci(result.serviceLevel, (v) => formatPercent(v, locale), 1)}</Typography.Text></Col>
            <Col xs={24} md={8}><Statistic title={t('wfm.sim.asaSim')} value={formatNumber(result.asaSeconds.mean, locale, 1)} suffix={t('wfm.sim.seconds')} /><Typography.Text type="secondary">{ci(result.asaSeconds, (v) => formatNumber(v, locale, 1))}</Typography.Text></Col>
            <Col xs={24} md={8}><Statistic title={t('wfm.sim.abandonSim')} value={formatPercent(result.abandonment.mean, locale)} /><Typography.Text type="secondary">{ci(result.abandonment, (v) => formatPercent(v, locale), 1)}</Typography.Text></Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('wfm.sim.runInfo', { reps: result.replications, calls: formatNumber(result.simulatedCalls, locale, 0), ms: formatNumber(result.wallMs, locale, 0) })}
          </Typography.Paragraph>
          <SeriesChart categories={rows.map((r) => r.start)} series={chart} axes={axes} label={t('wfm.sim.chartLabel', { n: rows.length })} testId="simulation-chart" height={260} categoryName={t('wfm.stats.interval')} />
          <Table<SimulationRow>
            size="small"
            rowKey="start"
            dataSource={rows}
            pagination={{ pageSize: 24, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: 900 }}
            style={{ marginTop: 12 }}
            data-testid="simulation-table"
            columns={[
              { title: t('wfm.stats.interval'), dataIndex: 'start' },
              { title: t('wfm.staffing.calls'), dataIndex: 'calls', align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
              { title: t('wfm.staffing.agents'), dataIndex: 'agents', align: 'right' },
              { title: t('wfm.sim.erlangSl', { model: modelName }), dataIndex: 'erlangSl', align: 'right', render: pct },
              { title: t('wfm.sim.simSl'), dataIndex: 'simSl', align: 'right', render: pct },
              { title: t('wfm.sim.erlangAsa', { model: modelName }), dataIndex: 'erlangAsa', align: 'right', render: sec },
              { title: t('wfm.sim.simAsa'), dataIndex: 'simAsa', align: 'right', render: sec },
              { title: t('wfm.sim.erlangAbandon', { model: modelName }), dataIndex: 'erlangAbandonment', align: 'right', render: pct },
              { title: t('wfm.sim.simAbandon'), dataIndex: 'simAbandonment', align: 'right', render: pct },
            ]}
          />
        </>
      )}
    </Card>
  );
}
