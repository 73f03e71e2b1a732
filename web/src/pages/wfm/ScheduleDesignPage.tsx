import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Input, InputNumber, Radio, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, PlayCircleOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatMoney, formatNumber, formatPercent } from '../../format';
import { useLocale } from '../../hooks';
import { parseNumberList } from '../../opsMoney';
import { wfmApi, type Queue, type ScheduleResult, type ScheduledShift, type CoverageGap, type ShiftTemplateInput } from '../../wfmApi';
import { SeriesChart, type ChartSeries } from './charts/SeriesChart';
import {
  buildScheduleProblem,
  coverageSeries,
  EXAMPLE_DAY_30MIN,
  fourShiftPreset,
  templateFromRow,
  type RowProblem,
  type TemplateRow,
} from './scheduleModel';
import { SolveProgressPanel } from './SolveProgressPanel';
import { useSolveJob } from './useSolveJob';
import { addDays, localDateTimeLabel, QueueSelect, SolveStatusTag, todayLocal, usePublishSchedule, useQueues } from './wfmShared';
import { DayPicker } from '../../components/DayPicker';

type Source = 'example' | 'staffing' | 'paste';
type StaffingField = 'agents' | 'scheduled';
const INTERVALS = [15, 30, 60] as const;

/**
 * 排班设计: requirements per interval + shift templates → how many agents start each shift and
 * when they take their breaks, solved by HiGHS on the server with live progress.
 */
export default function ScheduleDesignPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const queues = useQueues();

  // Requirements
  const [source, setSource] = useState<Source>('example');
  const [date, setDate] = useState(() => todayLocal(1));
  const [pasteText, setPasteText] = useState('');
  const [pasteInterval, setPasteInterval] = useState<(typeof INTERVALS)[number]>(30);
  const [queueId, setQueueId] = useState<string | undefined>();
  const [staffingField, setStaffingField] = useState<StaffingField>('agents');
  const [staffingDays, setStaffingDays] = useState(1);
  const [staffing, setStaffing] = useState<{ values: number[]; interval: (typeof INTERVALS)[number]; from: string } | null>(null);
  const [staffingError, setStaffingError] = useState<string | null>(null);
  const [staffingBusy, setStaffingBusy] = useState(false);
  const [wrapAround, setWrapAround] = useState(true);

  // Templates
  const names = useMemo(() => ({ early: t('wfm.shift.early'), middle: t('wfm.shift.middle'), late: t('wfm.shift.late'), night: t('wfm.shift.night') }), [t]);
  const [rows, setRows] = useState<TemplateRow[]>(() => fourShiftPreset(names));
  const [timeLimit, setTimeLimit] = useState(30);
  const [gapPercent, setGapPercent] = useState(1);
  const job = useSolveJob<ScheduleResult>('schedule');
  // The queue whose staffing the running or finished solve was built from: its result may be published there.
  const [solvedFor, setSolvedFor] = useState<string | null>(null);

  const parsedPaste = useMemo(() => parseNumberList(pasteText), [pasteText]);
  const req = useMemo(() => {
    if (source === 'example') return { values: [...EXAMPLE_DAY_30MIN], interval: 30 as const, start: `${date}T00:00` };
    if (source === 'paste') return { values: parsedPaste.values.filter((v) => v >= 0), interval: pasteInterval, start: `${date}T00:00` };
    return staffing ? { values: staffing.values, interval: staffing.interval, start: `${staffing.from}T00:00` } : { values: [], interval: 30 as const, start: `${date}T00:00` };
  }, [source, date, parsedPaste, pasteInterval, staffing]);

  const checked = rows.map((r, i) => templateFromRow(r, i));
  const rowProblems = (i: number): RowProblem[] => ('problems' in checked[i] ? checked[i].problems : []);
  const templates = checked.filter((c): c is { template: ShiftTemplateInput } => 'template' in c).map((c) => c.template);
  const canSolve = req.values.length > 0 && rows.length > 0 && templates.length === rows.length && !job.running;

  const loadStaffing = async () => {
    if (!queueId) return;
    const queue = queues.data?.items.find((q) => q.id === queueId);
    const interval = (queue?.intervalMinutes ?? 30) as (typeof INTERVALS)[number];
    setStaffingBusy(true);
    setStaffingError(null);
    try {
      const s = await wfmApi.staffing(queueId, { from: date, to: addDays(date, staffingDays - 1), interval });
      const values = s.intervals.map((r) => (staffingField === 'agents' ? r.agents : r.scheduledFractional));
      setStaffing({ values, interval, from: s.from });
      setWrapAround(staffingDays === 1);
    } catch (e) {
      setStaffing(null);
      setStaffingError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setStaffingBusy(false);
    }
  };

  const solve = () => {
    if (!canSolve) return;
    setSolvedFor(source === 'staffing' && staffing && queueId ? queueId : null);
    void job.start(buildScheduleProblem({ start: req.start, intervalMinutes: req.interval, requirements: req.values, wrapAround, timeLimitSeconds: timeLimit, gapPercent }, templates));
  };

  const setRow = (i: number, patch: Partial<TemplateRow>) => setRows((rs) => rs.map((r, k) => (k === i ? { ...r, ...patch } : r)));
  const peak = req.values.length ? Math.max(...req.values) : 0;
  const result = job.job?.result ?? null;

  return (
    <>
      <PageHeader title={t('wfm.nav.schedule')} sub={t('wfm.schedule.intro')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('wfm.schedule.requirementsTitle')} style={{ height: '100%' }} data-testid="requirements-card">
            <Radio.Group value={source} onChange={(e) => setSource(e.target.value as Source)} optionType="button" style={{ marginBottom: 12 }}
              options={[
                { value: 'example', label: t('wfm.schedule.sourceExample') },
                { value: 'staffing', label: t('wfm.schedule.sourceStaffing') },
                { value: 'paste', label: t('wfm.schedule.sourcePaste') },
              ]}
            />
            <Flex vertical gap={10}>
              <label>
                <Typography.Text type="secondary">{source === 'staffing' ? t('wfm.schedule.fromDate') : t('wfm.schedule.day')}</Typography.Text>
                <DayPicker value={date} onChange={(v) => setDate(v ?? '')} aria-label={t('wfm.schedule.day')} data-testid="schedule-date" />
              </label>
              {source === 'example' && <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('wfm.schedule.exampleHelp')}</Typography.Paragraph>}
              {source === 'paste' && (
                <>
                  <Select value={pasteInterval} onChange={setPasteInterval} aria-label={t('wfm.common.interval')} options={INTERVALS.map((m) => ({ value: m, label: t('wfm.common.minutes', { value: m }) }))} />
                  <Input.TextArea rows={5} value={pasteText} onChange={(e) => setPasteText(e.target.value)} placeholder={t('wfm.schedule.pastePlaceholder')} aria-label={t('wfm.schedule.sourcePaste')} data-testid="requirements-paste" />
                  {parsedPaste.bad.length > 0 && <Alert type="warning" showIcon message={t('wfm.schedule.pasteBad', { items: parsedPaste.bad.slice(0, 5).join(' ') })} />}
                </>
              )}
              {source === 'staffing' && (
                <>
                  <QueueSelect queues={queues.data?.items} value={queueId} onChange={setQueueId} aria-label={t('wfm.queue.pick')} />
                  <Space wrap>
                    <InputNumber min={1} max={7} value={staffingDays} onChange={(v) => setStaffingDays(v ?? 1)} suffix={t('wfm.schedule.days')} aria-label={t('wfm.schedule.days')} />
                    <Select<StaffingField> value={staffingField} onChange={setStaffingField} style={{ minWidth: 180 }} aria-label={t('wfm.schedule.staffingField')}
                      options={[{ value: 'agents', label: t('wfm.schedule.fieldAgents') }, { value: 'scheduled', label: t('wfm.schedule.fieldScheduled') }]}
                    />
                    <Button onClick={() => void loadStaffing()} loading={staffingBusy} disabled={!queueId}>{t('wfm.schedule.loadStaffing')}</Button>
                  </Space>
                  {staffingError && <Alert type="error" showIcon role="alert" message={staffingError} />}
                </>
              )}
              <Checkbox checked={wrapAround} onChange={(e) => setWrapAround(e.target.checked)}>{t('wfm.schedule.wrapAround')}</Checkbox>
              <Typography.Text data-testid="requirements-summary">
                {req.values.length
                  ? t('wfm.schedule.requirementsSummary', { n: req.values.length, minutes: req.interval, start: localDateTimeLabel(req.start, locale), peak: formatNumber(peak, locale) })
                  : t('wfm.schedule.noRequirements')}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            title={t('wfm.schedule.templatesTitle')}
            style={{ height: '100%' }}
            extra={
              <Space wrap>
                <Button icon={<ThunderboltOutlined />} onClick={() => setRows(fourShiftPreset(names))}>{t('wfm.schedule.presetFour')}</Button>
                <Button icon={<PlusOutlined />} onClick={() => setRows((rs) => [...rs, { key: `r${Date.now()}`, name: '', starts: '09:00', lengthsHours: '8', breakMinutes: 0, breakEarliest: 180, breakLatest: 300, breakPaid: false, hourlyYuan: '30' }])}>
                  {t('wfm.schedule.addTemplate')}
                </Button>
              </Space>
            }
          >
            <Table<TemplateRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 900 }}
              data-testid="templates-table"
              columns={[
                { title: t('wfm.schedule.tplName'), width: 110, render: (_, r, i) => <Input value={r.name} status={rowProblems(i).includes('name') ? 'error' : undefined} onChange={(e) => setRow(i, { name: e.target.value })} aria-label={t('wfm.schedule.tplName')} /> },
                { title: t('wfm.schedule.tplStarts'), width: 170, render: (_, r, i) => <Input value={r.starts} status={rowProblems(i).includes('starts') ? 'error' : undefined} onChange={(e) => setRow(i, { starts: e.target.value })} placeholder="07:00, 08:00 / 06:00-09:00/30" aria-label={t('wfm.schedule.tplStarts')} /> },
                { title: t('wfm.schedule.tplLength'), width: 90, render: (_, r, i) => <Input value={r.lengthsHours} status={rowProblems(i).includes('lengths') ? 'error' : undefined} onChange={(e) => setRow(i, { lengthsHours: e.target.value })} aria-label={t('wfm.schedule.tplLength')} /> },
                {
                  title: t('wfm.schedule.tplBreak'),
                  width: 300,
                  render: (_, r, i) => (
                    <Space size={4} wrap>
                      <InputNumber size="small" min={0} max={240} step={15} value={r.breakMinutes} status={rowProblems(i).includes('break') ? 'error' : undefined} onChange={(v) => setRow(i, { breakMinutes: v ?? 0 })} suffix={t('wfm.common.min')} style={{ width: 110 }} aria-label={t('wfm.schedule.tplBreakMinutes')} />
                      <InputNumber size="small" min={0} max={1440} step={15} value={r.breakEarliest} disabled={!r.breakMinutes} onChange={(v) => setRow(i, { breakEarliest: v ?? 0 })} style={{ width: 72 }} aria-label={t('wfm.schedule.tplBreakFrom')} />
                      <span>–</span>
                      <InputNumber size="small" min={0} max={1440} step={15} value={r.breakLatest} disabled={!r.breakMinutes} onChange={(v) => setRow(i, { breakLatest: v ?? 0 })} style={{ width: 72 }} aria-label={t('wfm.schedule.tplBreakTo')} />
                      <Checkbox checked={r.breakPaid} disabled={!r.breakMinutes} onChange={(e) => setRow(i, { breakPaid: e.target.checked })}>{t('wfm.schedule.tplPaid')}</Checkbox>
                    </Space>
                  ),
                },
                { title: t('wfm.schedule.tplCost'), width: 100, render: (_, r, i) => <Input value={r.hourlyYuan} status={rowProblems(i).includes('cost') ? 'error' : undefined} onChange={(e) => setRow(i, { hourlyYuan: e.target.value })} prefix="¥" inputMode="decimal" aria-label={t('wfm.schedule.tplCost')} /> },
                { title: '', width: 48, render: (_, _r, i) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('wfm.schedule.removeTemplate')} onClick={() => setRows((rs) => rs.filter((_, k) => k !== i))} /> },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('wfm.schedule.templatesHelp')}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>

      <Card style={{ marginTop: 16 }} title={t('wfm.schedule.solveTitle')}>
        <Flex wrap gap={12} align="center">
          <InputNumber min={1} max={600} value={timeLimit} onChange={(v) => setTimeLimit(v ?? 30)} prefix={t('wfm.solve.timeLimit')} suffix={t('wfm.common.sec')} aria-label={t('wfm.solve.timeLimit')} />
          <InputNumber min={0} max={50} step={0.5} value={gapPercent} onChange={(v) => setGapPercent(v ?? 1)} prefix={t('wfm.solve.gapTarget')} suffix="%" aria-label={t('wfm.solve.gapTarget')} />
          <Button type="primary" icon={<PlayCircleOutlined />} disabled={!canSolve} loading={job.running} onClick={solve} data-testid="solve-start">
            {t('wfm.schedule.solve')}
          </Button>
          {templates.length !== rows.length && <Typography.Text type="danger">{t('wfm.schedule.fixTemplates')}</Typography.Text>}
        </Flex>
        <SolveProgressPanel progress={job.progress} running={job.running} cancelling={job.cancelling} job={job.job} error={job.error} timeLimitSeconds={timeLimit} onCancel={() => void job.cancel()} />
      </Card>

      {/* Keyed by job: a new solve starts unpublished. */}
      {result && <ScheduleResultView key={job.job?.id} result={result} publishTo={queues.data?.items.find((q) => q.id === solvedFor) ?? null} />}
    </>
  );
}

function ScheduleResultView({ result, publishTo }: { result: ScheduleResult; publishTo: Queue | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { publishing, published, publish: publishSchedule } = usePublishSchedule();
  // Coverage counts from the design's local start, in the queue's own time zone (its staffing's).
  const publish = async () =>
    publishTo &&
    publishSchedule(publishTo, {
      series: {
        start: result.horizon.start.slice(0, 16),
        intervalMinutes: result.horizon.intervalMinutes as 5 | 10 | 15 | 20 | 30 | 60,
        onDuty: result.coverage.map((c) => c.onDuty),
        working: result.coverage.map((c) => c.working),
      },
    });
  const cov = useMemo(() => coverageSeries(result.coverage), [result]);
  const series = useMemo<ChartSeries[]>(
    () => [
      { name: t('wfm.schedule.working'), type: 'bar', data: cov.working, stack: 'cover', color: '#1668dc' },
      { name: t('wfm.schedule.onBreak'), type: 'bar', data: cov.onBreak, stack: 'cover', color: '#91caff' },
      { name: t('wfm.schedule.short'), type: 'bar', data: cov.short.map((s) => (s > 0 ? s : null)), stack: 'cover', color: '#ff4d4f' },
      { name: t('wfm.schedule.required'), type: 'line', data: cov.required, step: true, color: '#222' },
    ],
    [cov, t],
  );
  const chartLabel = t('wfm.schedule.coverageChartLabel', { intervals: cov.categories.length, short: cov.shortIntervals });
  const axes = useMemo(() => [{ name: t('wfm.schedule.agentsAxis') }] as [{ name: string }], [t]);
  const breaksText = (s: ScheduledShift) =>
    s.breaks.flatMap((b) => b.placements.map((p) => t('wfm.schedule.breakAt', { time: p.startLocal.slice(11, 16), n: p.count }))).join(t('wfm.common.listSep')) || t('common.none');

  return (
    <Card style={{ marginTop: 16 }} title={<Space>{t('wfm.schedule.resultTitle')}<SolveStatusTag status={result.status} /></Space>} data-testid="schedule-result">
      {(result.solver.usedFallback || result.solver.fromIncumbent) && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={result.solver.usedFallback ? t('wfm.solve.usedFallback') : t('wfm.solve.fromIncumbent')} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={4}><Statistic title={t('wfm.schedule.shiftCost')} value={formatMoney(result.shiftCostFen, locale)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('wfm.schedule.agents')} value={formatNumber(result.agents, locale)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('wfm.schedule.paidHours')} value={formatNumber(result.paidHours, locale, 1)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('wfm.schedule.shortHours')} value={formatNumber(result.shortfall.agentHours, locale, 1)} valueStyle={result.shortfall.agentHours > 0 ? { color: '#cf1322' } : undefined} /></Col>
        <Col xs={12} md={4}><Statistic title={t('wfm.schedule.overHours')} value={formatNumber(result.overCoverage.agentHours, locale, 1)} /></Col>
        <Col xs={12} md={4}><Statistic title={t('wfm.solve.gap')} value={result.solver.gap === null ? t('common.none') : formatPercent(result.solver.gap, locale, 2)} /></Col>
      </Row>
      {publishTo && (
        <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }} data-testid="schedule-publish">
          <Button icon={<CloudUploadOutlined />} loading={publishing} onClick={() => void publish()} data-testid="schedule-publish-button">
            {t('wfm.schedule.publish', { queue: publishTo.name })}
          </Button>
          {published?.queueId === publishTo.id ? (
            <Typography.Text type="success" data-testid="schedule-published">
              {t('wfm.schedule.published', { n: published.intervals, queue: publishTo.name })} <Link to={`/wfm/queues/${publishTo.id}?tab=intraday&date=${result.horizon.start.slice(0, 10)}`} data-testid="schedule-open-intraday">{t('wfm.schedule.openIntraday')}</Link>
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary">{t('wfm.schedule.publishHint')}</Typography.Text>
          )}
        </Flex>
      )}
      <Typography.Title level={2} style={{ fontSize: 16 }}>{t('wfm.schedule.coverageTitle')}</Typography.Title>
      <SeriesChart categories={cov.categories} series={series} axes={axes} label={chartLabel} testId="coverage-chart" height={320} categoryName={t('wfm.stats.interval')} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={15}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('wfm.schedule.shiftsTitle')}</Typography.Title>
          <Table<ScheduledShift>
            size="small"
            rowKey={(s) => `${s.sourceId}|${s.startInterval}|${s.lengthMinutes}`}
            dataSource={result.shifts}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 640 }}
            data-testid="shifts-table"
            columns={[
              { title: t('wfm.schedule.tplName'), dataIndex: 'name' },
              { title: t('wfm.schedule.start'), dataIndex: 'startLocal', render: (v: string) => localDateTimeLabel(v, locale) },
              { title: t('wfm.schedule.end'), dataIndex: 'endLocal', render: (v: string) => localDateTimeLabel(v, locale) },
              { title: t('wfm.schedule.count'), dataIndex: 'count', align: 'right' },
              { title: t('wfm.schedule.breaks'), key: 'breaks', render: (_, s) => breaksText(s) },
              { title: t('wfm.schedule.cost'), dataIndex: 'costFen', align: 'right', render: (v: number) => formatMoney(v, locale) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={3}>{t('wfm.common.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">{formatNumber(result.agents, locale)}</Table.Summary.Cell>
                <Table.Summary.Cell index={4} />
                <Table.Summary.Cell index={5} align="right">{formatMoney(result.shiftCostFen, locale)}</Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        </Col>
        <Col xs={24} xl={9}>
          <Typography.Title level={2} style={{ fontSize: 16 }}>{t('wfm.schedule.shortfallTitle')}</Typography.Title>
          {result.shortfall.periods.length === 0 ? (
            <Alert type="success" showIcon message={t('wfm.schedule.noShortfall')} data-testid="shortfall-none" />
          ) : (
            <Table<CoverageGap>
              size="small"
              rowKey="fromInterval"
              dataSource={result.shortfall.periods}
              pagination={false}
              data-testid="shortfall-table"
              columns={[
                { title: t('wfm.schedule.period'), key: 'p', render: (_, g) => `${localDateTimeLabel(g.fromLocal, locale)} – ${g.toLocal.slice(11, 16)}` },
                { title: t('wfm.schedule.maxShort'), dataIndex: 'maxAgents', align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
                { title: t('wfm.schedule.shortHours'), dataIndex: 'agentHours', align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
              ]}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('wfm.schedule.objectiveNote', { objective: formatMoney(result.objectiveFen, locale), penalty: formatMoney(result.shortfallPenaltyFen, locale) })}
          </Typography.Paragraph>
        </Col>
      </Row>
    </Card>
  );
}
