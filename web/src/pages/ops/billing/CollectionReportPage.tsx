import { useMemo, useState } from 'react';
import { App, Button, Card, Checkbox, Col, Row, Select, Statistic, Table, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { FilterBar } from '../../../components/FilterBar';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../../../format';
import { fenToYuanNumber, yuanNumberToFen } from '../../../money';
import { MonthPicker } from '../../../components/MonthPicker';
import { DayPicker } from '../../../components/DayPicker';
import { useLocale, useRequest } from '../../../hooks';
import { text, useListParams } from '../../../listParams';
import { opsApi, type CollectionDimension, type CollectionQuery, type CollectionReport } from '../../../opsApi';
import { SeriesChart, type ChartAxis, type ChartSeries } from '../../wfm/charts/SeriesChart';
import { monthShanghai, ProjectSelect, saveBlob, useProjects } from '../opsShared';

const DIMENSIONS: readonly CollectionDimension[] = ['projectId', 'phaseId', 'buildingId', 'collectorId', 'feeItemId', 'month'];
type Row = CollectionReport['rows'][number];

/** 收费率报表: receivable against received by project, building, collector, fee or month, with plans; XLSX export. */
export default function CollectionReportPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const projects = useProjects();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    groupBy: text(p, 'groupBy'),
    fromMonth: text(p, 'fromMonth'),
    toMonth: text(p, 'toMonth'),
    cutoff: text(p, 'cutoff'),
    lateFees: text(p, 'lateFees'),
  });
  const { values: f, update, key } = useListParams(parse);
  const groupBy = (f.groupBy ?? 'buildingId').split(',').filter((d): d is CollectionDimension => (DIMENSIONS as readonly string[]).includes(d));
  const query: CollectionQuery = {
    projectId: f.projectId,
    groupBy: (groupBy.length ? groupBy : ['projectId']).join(','),
    fromMonth: f.fromMonth ?? monthShanghai(-5),
    toMonth: f.toMonth ?? monthShanghai(0),
    cutoff: f.cutoff,
    includeLateFees: f.lateFees === '1' ? '1' : '0',
  };
  const res = useRequest(() => opsApi.collectionReport(query), [key]);
  const [exporting, setExporting] = useState(false);
  const r = res.data;
  const rowLabel = (row: Row) => (r?.groupBy ?? []).map((d) => row.labels[d] ?? '').join(' · ');

  const chart = useMemo(() => {
    if (!r) return null;
    const rows = r.rows.slice(0, 60);
    const series: ChartSeries[] = [
      { name: t('ops.report.receivable'), type: 'bar', data: rows.map((x) => fenToYuanNumber(x.receivableFen)), color: '#91caff', format: (v) => formatMoney(yuanNumberToFen(v), locale) },
      { name: t('ops.report.received'), type: 'bar', data: rows.map((x) => fenToYuanNumber(x.receivedFen)), color: '#1668dc', format: (v) => formatMoney(yuanNumberToFen(v), locale) },
      { name: t('ops.report.rate'), type: 'line', axis: 1, data: rows.map((x) => x.rate), color: '#52c41a', format: (v) => formatPercent(v, locale) },
      { name: t('ops.report.householdRate'), type: 'line', axis: 1, data: rows.map((x) => x.householdRate), color: '#fa8c16', dashed: true, format: (v) => formatPercent(v, locale) },
    ];
    return { categories: rows.map(rowLabel), series };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r, t, locale]);
  const axes = useMemo<[ChartAxis, ChartAxis]>(
    () => [
      { name: t('ops.aging.yuan'), format: (v) => new Intl.NumberFormat(locale, { notation: 'compact' }).format(v) },
      { name: t('ops.report.rate'), min: 0, max: 1, format: (v) => formatPercent(v, locale, 0) },
    ],
    [t, locale],
  );

  const exportXlsx = async () => {
    setExporting(true);
    try {
      saveBlob(await opsApi.collectionXlsx(query), `collection-${query.fromMonth}-${query.toMonth}.xlsx`);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? t('common.none') : formatPercent(v, locale));
  const hasPlan = !!r?.rows.some((x) => x.plan);

  return (
    <>
      <PageHeader
        title={t('ops.nav.collection')}
        sub={t('ops.report.intro')}
        extra={<Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void exportXlsx()} data-testid="collection-export">{t('ops.report.export')}</Button>}
      />
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={f.projectId} allowClear placeholder={t('ops.report.allProjects')} aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <MonthPicker value={query.fromMonth} allowClear onChange={(v) => update({ fromMonth: v })} aria-label={t('ops.report.fromMonth')} prefix={t('ops.common.from')} />
          <MonthPicker value={query.toMonth} allowClear onChange={(v) => update({ toMonth: v })} aria-label={t('ops.report.toMonth')} prefix={t('ops.common.to')} />
          <Select<CollectionDimension[]>
            data-wide
            mode="multiple"
            value={groupBy}
            aria-label={t('ops.report.groupBy')}
            placeholder={t('ops.report.groupBy')}
            onChange={(v) => update({ groupBy: v.length ? v.join(',') : undefined })}
            options={DIMENSIONS.map((d) => ({ value: d, label: t(`ops.report.dims.${d}`) }))}
            data-testid="collection-groupby"
          />
          <DayPicker value={f.cutoff} onChange={(v) => update({ cutoff: v })} aria-label={t('ops.report.cutoff')} prefix={t('ops.report.cutoff')} data-testid="collection-cutoff-picker" />
          <Checkbox checked={f.lateFees === '1'} onChange={(e) => update({ lateFees: e.target.checked ? '1' : undefined })}>{t('ops.report.includeLateFees')}</Checkbox>
        </FilterBar>
        {res.error && <LoadError error={res.error} onRetry={res.reload} />}
        {r && (
          <Row gutter={[16, 12]} data-testid="collection-totals">
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.receivable')} value={formatMoney(r.total.receivableFen, locale)} /></Col>
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.received')} value={formatMoney(r.total.receivedFen, locale)} /></Col>
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.outstanding')} value={formatMoney(r.total.outstandingFen, locale)} valueStyle={{ color: '#cf1322' }} /></Col>
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.rate')} value={pct(r.total.rate)} /></Col>
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.householdRate')} value={pct(r.total.householdRate)} /></Col>
            <Col xs={12} md={6} xl={4}><Statistic title={t('ops.report.units')} value={`${formatNumber(r.total.unitsBilled - r.total.unitsInArrears, locale)} / ${formatNumber(r.total.unitsBilled, locale)}`} /></Col>
          </Row>
        )}
        {r?.cutoff && <Typography.Paragraph strong style={{ marginTop: 8, marginBottom: 0 }} data-testid="collection-cutoff">{t('ops.report.cutoffNote', { date: formatDate(r.cutoff, locale) })}</Typography.Paragraph>}
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('ops.report.definitions')}</Typography.Paragraph>
      </Card>
      {r && chart && (
        <Card style={{ marginTop: 16 }} title={t('ops.report.chartTitle')}>
          <SeriesChart categories={chart.categories} series={chart.series} axes={axes} label={t('ops.report.chartLabel', { n: chart.categories.length })} testId="collection-chart" height={340} />
        </Card>
      )}
      {r && (
        <Card style={{ marginTop: 16 }}>
          <Table<Row>
            rowKey={(x) => JSON.stringify(x.group)}
            size="small"
            loading={res.loading}
            dataSource={r.rows}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            data-testid="collection-table"
            columns={[
              ...r.groupBy.map((d) => ({ title: t(`ops.report.dims.${d}`), key: d, render: (_: unknown, x: Row) => x.labels[d] ?? '' })),
              { title: t('ops.report.receivable'), dataIndex: 'receivableFen', align: 'right' as const, render: (v: number) => formatMoney(v, locale) },
              { title: t('ops.report.received'), dataIndex: 'receivedFen', align: 'right' as const, render: (v: number) => formatMoney(v, locale) },
              { title: t('ops.report.writtenOff'), dataIndex: 'writtenOffFen', align: 'right' as const, render: (v: number) => formatMoney(v, locale) },
              { title: t('ops.report.outstanding'), dataIndex: 'outstandingFen', align: 'right' as const, render: (v: number) => formatMoney(v, locale) },
              { title: t('ops.report.rate'), dataIndex: 'rate', align: 'right' as const, render: pct },
              { title: t('ops.report.unitsBilled'), dataIndex: 'unitsBilled', align: 'right' as const },
              { title: t('ops.report.unitsInArrears'), dataIndex: 'unitsInArrears', align: 'right' as const },
              { title: t('ops.report.householdRate'), dataIndex: 'householdRate', align: 'right' as const, render: pct },
              ...(hasPlan
                ? [
                    { title: t('ops.report.target'), key: 'target', align: 'right' as const, render: (_: unknown, x: Row) => pct(x.plan?.targetRate) },
                    { title: t('ops.report.gap'), key: 'gap', align: 'right' as const, render: (_: unknown, x: Row) => (x.plan?.rateGap === null || x.plan?.rateGap === undefined ? t('common.none') : <Typography.Text type={x.plan.rateGap < 0 ? 'danger' : 'success'}>{formatPercent(x.plan.rateGap, locale)}</Typography.Text>) },
                  ]
                : []),
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={r.groupBy.length}><strong>{t('ops.report.total')}</strong></Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">{formatMoney(r.total.receivableFen, locale)}</Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">{formatMoney(r.total.receivedFen, locale)}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{formatMoney(r.total.writtenOffFen, locale)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">{formatMoney(r.total.outstandingFen, locale)}</Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">{pct(r.total.rate)}</Table.Summary.Cell>
                <Table.Summary.Cell index={6} align="right">{r.total.unitsBilled}</Table.Summary.Cell>
                <Table.Summary.Cell index={7} align="right">{r.total.unitsInArrears}</Table.Summary.Cell>
                <Table.Summary.Cell index={8} align="right">{pct(r.total.householdRate)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Card>
      )}
    </>
  );
}
