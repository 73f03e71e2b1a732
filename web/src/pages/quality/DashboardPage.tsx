import { useMemo } from 'react';
import { Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { businessDate, formatNumber, formatPercent } from '../../format';
import { text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { DayPicker } from '../../components/DayPicker';
import { TrendChart } from '../../components/TrendChart';
import { qualityApi, type Figures, type Group, type Ratio } from './api';

const parseFilters = (p: URLSearchParams) => ({ from: text(p, 'from'), to: text(p, 'to') });
const DAY = 86_400_000;

/** Drill-down link to the evaluations behind a figure. */
const drill = (q: Record<string, string | undefined>) => `/quality/evaluations?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => !!e[1])).toString()}`;

/**
 * 质检看板 — pass rate and average score with their trend, by agent / project / inspector, the
 * most-failed items, inspector strictness from calibration, done vs quota, disputes. Every figure
 * shows its numerator and denominator and opens the evaluations it counts.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update } = useListParams(parseFilters);
  const to = f.to ?? businessDate(new Date().toISOString());
  const from = f.from ?? businessDate(new Date(Date.now() - 30 * DAY).toISOString());
  const figures = useRequest(() => qualityApi.figures({ from, to }), [from, to]);
  const d = figures.data;
  const period = { from, to };

  const pct = (r: Ratio) => (r.value === null ? '—' : formatPercent(r.value, locale));
  const ratio = (r: Ratio) => t('quality.dash.ratio', { n: formatNumber(r.numerator, locale), d: formatNumber(r.denominator, locale) });

  return (
    <>
      <PageHeader
        title={t('quality.nav.dashboard')}
        sub={t('quality.dash.sub')}
        extra={
          <>
            <DayPicker value={from} allowClear={false} onChange={(v) => update({ from: v })} aria-label={t('quality.list.from')} />
            <DayPicker value={to} allowClear={false} onChange={(v) => update({ to: v })} aria-label={t('quality.list.to')} />
          </>
        }
      />
      {figures.error && <LoadError error={figures.error} onRetry={figures.reload} />}
      {!d ? (
        <Skeleton active />
      ) : d.evaluations === 0 ? (
        <Card>
          <Empty description={t('quality.dash.noData')} />
        </Card>
      ) : (
        <div data-testid="qa-dashboard">
          <Row gutter={[12, 12]}>
            <Kpi title={t('quality.dash.passRate')} value={pct(d.passRate)} foot={ratio(d.passRate)} to={drill({ ...period, passed: '1' })} testId="qa-kpi-pass" />
            <Kpi title={t('quality.dash.averageScore')} value={d.averageScore.value === null ? '—' : formatNumber(d.averageScore.value, locale, 1)} foot={ratio(d.averageScore)} to={drill(period)} />
            <Kpi title={t('quality.dash.disputeRate')} value={pct(d.disputeRate)} foot={ratio(d.disputeRate)} to={drill({ ...period, disputed: '1' })} />
            <Kpi title={t('quality.dash.evaluations')} value={formatNumber(d.evaluations, locale)} foot={`${t('quality.severity.minor')} ${d.findings.minor} · ${t('quality.severity.major')} ${d.findings.major} · ${t('quality.severity.serious')} ${d.findings.serious}`} to={drill(period)} />
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('quality.dash.passTrend')}>
                <Trend d={d} pick={(g) => g.passRate.value} percent label={t('quality.dash.passTrend')} name={t('quality.dash.passRate')} testId="qa-chart-pass" />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('quality.dash.scoreTrend')}>
                <Trend d={d} pick={(g) => (g.averageScore.value === null ? null : Math.round(g.averageScore.value * 10) / 10)} label={t('quality.dash.scoreTrend')} name={t('quality.dash.averageScore')} testId="qa-chart-score" />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('quality.dash.mostFailed')}>
                <TrendChart
                  categories={d.mostFailed.map((i) => i.label)}
                  series={[{ name: t('quality.dash.failures'), type: 'bar', values: d.mostFailed.map((i) => i.failRate.numerator) }]}
                  label={t('quality.dash.itemsChart')}
                  height={220}
                  testId="qa-chart-items"
                />
                <Table
                  size="small"
                  rowKey="key"
                  pagination={false}
                  dataSource={d.mostFailed}
                  data-testid="qa-most-failed"
                  columns={[
                    { title: t('quality.scorecards.label'), key: 'label', render: (_, i) => <Link to={drill({ ...period, failedItem: i.key })}>{i.label}</Link> },
                    { title: t('quality.dash.failRate'), key: 'rate', align: 'right', render: (_, i) => `${pct(i.failRate)}（${ratio(i.failRate)}）` },
                    { title: t('quality.dash.notApplicable'), key: 'na', align: 'right', render: (_, i) => i.notApplicable ?? 0, responsive: ['md'] },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('quality.dash.outcomes')}>
                <Typography.Paragraph>
                  <Link to={drill({ ...period, disputed: '1' })}>{t('quality.dash.reviewed', { count: d.disputeOutcomes.reviewed })}</Link>
                </Typography.Paragraph>
                <Table
                  size="small"
                  rowKey="k"
                  pagination={false}
                  dataSource={[
                    { k: 'upheld', r: d.disputeOutcomes.upheld },
                    { k: 'partly_upheld', r: d.disputeOutcomes.partlyUpheld },
                    { k: 'overturned', r: d.disputeOutcomes.overturned },
                  ]}
                  columns={[
                    { title: t('quality.review.outcome'), key: 'k', render: (_, x) => t(`quality.outcome.${x.k as 'upheld'}`) },
                    { title: t('quality.dash.share'), key: 'v', align: 'right', render: (_, x) => `${pct(x.r)}（${ratio(x.r)}）` },
                  ]}
                />
                <Typography.Title level={5} style={{ marginTop: 12 }}>
                  {t('quality.dash.quota')}
                </Typography.Title>
                <Table
                  size="small"
                  rowKey="inspectorId"
                  pagination={false}
                  dataSource={d.quota}
                  columns={[
                    { title: t('quality.field.inspector'), key: 'n', render: (_, q) => q.name ?? '' },
                    { title: t('quality.dash.done'), key: 'd', align: 'right', render: (_, q) => `${pct(q.done)}（${ratio(q.done)}）` },
                  ]}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} xl={8}>
              <GroupTable title={t('quality.dash.byAgent')} rows={d.byAgent} link={(g) => drill({ ...period, agentId: g.key ?? undefined })} />
            </Col>
            <Col xs={24} xl={8}>
              <GroupTable title={t('quality.dash.byProject')} rows={d.byProject} link={(g) => drill({ ...period, projectId: g.key ?? undefined })} />
            </Col>
            <Col xs={24} xl={8}>
              <GroupTable title={t('quality.dash.byInspector')} rows={d.byInspector} link={(g) => drill({ ...period, inspectorId: g.key ?? undefined })} />
              <Card size="small" title={t('quality.dash.strictness')} style={{ marginTop: 12 }}>
                <Table
                  size="small"
                  rowKey="inspectorId"
                  pagination={false}
                  dataSource={d.strictness}
                  data-testid="qa-strictness"
                  columns={[
                    { title: t('quality.field.inspector'), key: 'n', render: (_, s) => s.name ?? '' },
                    { title: t('quality.calibration.meanDeviation'), key: 'm', align: 'right', render: (_, s) => formatNumber(s.meanDeviation, locale, 1) },
                    { title: t('quality.calibration.meanAbs'), key: 'a', align: 'right', render: (_, s) => formatNumber(s.meanAbsDeviation, locale, 1) },
                    { title: t('quality.calibration.n'), key: 'c', align: 'right', render: (_, s) => s.n },
                  ]}
                />
              </Card>
            </Col>
          </Row>
        </div>
      )}
    </>
  );
}

function Kpi({ title, value, foot, to, testId }: { title: string; value: string; foot: string; to: string; testId?: string }) {
  return (
    <Col xs={12} md={6}>
      <Card size="small" data-testid={testId}>
        <Statistic title={title} value={value} />
        <Link to={to} style={{ fontSize: 12 }}>
          {foot}
        </Link>
      </Card>
    </Col>
  );
}

function Trend({ d, pick, percent = false, label, name, testId }: { d: Figures; pick: (g: Group) => number | null; percent?: boolean; label: string; name: string; testId: string }) {
  const categories = useMemo(() => d.trend.map((g) => (g.key ?? '').slice(5)), [d]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const series = useMemo(() => [{ name, values: d.trend.map(pick) }], [d, name]);
  return <TrendChart categories={categories} series={series} label={label} percent={percent} height={240} testId={testId} />;
}

function GroupTable({ title, rows, link }: { title: string; rows: Group[]; link: (g: Group) => string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const pct = (r: Ratio) => (r.value === null ? '—' : formatPercent(r.value, locale));
  return (
    <Card size="small" title={title}>
      <Table<Group>
        size="small"
        rowKey={(g) => g.key ?? ''}
        pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
        dataSource={rows}
        columns={[
          { title: t('quality.dash.name'), key: 'l', render: (_, g) => <Link to={link(g)}>{g.label ?? '—'}</Link> },
          { title: t('quality.dash.passRate'), key: 'p', align: 'right', render: (_, g) => <span title={t('quality.dash.ratio', { n: g.passRate.numerator, d: g.passRate.denominator })}>{`${pct(g.passRate)}（${g.passRate.numerator}/${g.passRate.denominator}）`}</span> },
          { title: t('quality.dash.averageScore'), key: 's', align: 'right', render: (_, g) => (g.averageScore.value === null ? '—' : formatNumber(g.averageScore.value, locale, 1)) },
        ]}
      />
    </Card>
  );
}

