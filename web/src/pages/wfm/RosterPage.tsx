import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Flex, Input, InputNumber, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, DeleteOutlined, PlayCircleOutlined, PlusOutlined, ThunderboltOutlined, WarningFilled } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { formatDate, formatNumber } from '../../format';
import { useLocale } from '../../hooks';
import type { RosterProblem, RosterResult, RosterViolation } from '../../wfmApi';
import { exampleRoster, isoWeekday, isRosterRule, KIND_COLORS, rosterCoverage, rosterGrid, rosterProblemFromEditor, violationText, type AgentRow, type GridRow, type PinRow, type RosterEditor, type ShiftTypeRow } from './rosterModel';
import { SolveProgressPanel } from './SolveProgressPanel';
import { useSolveJob } from './useSolveJob';
import { QueueSelect, SolveStatusTag, todayLocal, usePublishSchedule, useQueues } from './wfmShared';
import { DayPicker } from '../../components/DayPicker';
import { ClockPicker } from '../../components/WallClockPickers';

const SEVERITY_COLORS = { hard: 'red', demand: 'orange', soft: 'default' } as const;

/** 排人: named agents onto shift types over a week or month, every labour rule checked independently. */
export default function RosterPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const example = () =>
    exampleRoster(todayLocal(1), {
      early: t('wfm.shift.early'),
      late: t('wfm.shift.late'),
      night: t('wfm.shift.night'),
      nightSkill: t('wfm.roster.nightSkill'),
      agents: t('wfm.roster.exampleNames').split(','),
    });
  const [ed, setEd] = useState<RosterEditor>(example);
  const job = useSolveJob<RosterResult>('roster');
  const [solvedProblem, setSolvedProblem] = useState<RosterProblem | null>(null);

  const setShift = (i: number, p: Partial<ShiftTypeRow>) => setEd((e) => ({ ...e, shiftTypes: e.shiftTypes.map((s, k) => (k === i ? { ...s, ...p } : s)) }));
  const setAgent = (i: number, p: Partial<AgentRow>) => setEd((e) => ({ ...e, agents: e.agents.map((s, k) => (k === i ? { ...s, ...p } : s)) }));
  const setPin = (i: number, p: Partial<PinRow>) => setEd((e) => ({ ...e, pins: e.pins.map((s, k) => (k === i ? { ...s, ...p } : s)) }));
  const shiftOptions = ed.shiftTypes.map((s) => ({ value: s.id, label: s.name || s.id }));
  const agentOptions = ed.agents.map((a) => ({ value: a.id, label: a.name || a.id }));
  const valid = ed.shiftTypes.length > 0 && ed.agents.length > 0 && ed.shiftTypes.every((s) => s.id && /^\d{2}:\d{2}$/.test(s.start) && s.hours > 0) && ed.agents.every((a) => a.id);

  const solve = () => {
    const p = rosterProblemFromEditor(ed);
    setSolvedProblem(p);
    void job.start(p);
  };
  const result = job.job?.result ?? null;
  const nextId = (prefix: string, taken: string[]) => {
    let n = taken.length + 1;
    while (taken.includes(`${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  };

  return (
    <>
      <PageHeader title={t('wfm.nav.roster')} sub={t('wfm.roster.intro')} extra={<Button icon={<ThunderboltOutlined />} onClick={() => setEd(example())}>{t('wfm.roster.loadExample')}</Button>} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('wfm.roster.horizonTitle')} size="small" style={{ marginBottom: 16 }}>
            <Space wrap>
              <DayPicker value={ed.startDate} onChange={(v) => setEd({ ...ed, startDate: v ?? '' })} aria-label={t('wfm.roster.startDate')} prefix={t('wfm.roster.startDate')} />
              <InputNumber min={1} max={62} value={ed.days} onChange={(v) => setEd({ ...ed, days: v ?? 7 })} prefix={t('wfm.roster.days')} aria-label={t('wfm.roster.days')} />
            </Space>
          </Card>
          <Card title={t('wfm.roster.shiftTypesTitle')} size="small"
            extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setEd({ ...ed, shiftTypes: [...ed.shiftTypes, { key: `s${Date.now()}`, id: nextId('S', ed.shiftTypes.map((s) => s.id)), name: '', start: '09:00', hours: 8, skills: '', weekday: 1, weekend: null }] })}>{t('wfm.roster.addShiftType')}</Button>}
          >
            <Table<ShiftTypeRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={ed.shiftTypes}
              scroll={{ x: 620 }}
              columns={[
                { title: t('wfm.roster.code'), width: 56, dataIndex: 'id' },
                { title: t('wfm.schedule.tplName'), width: 90, render: (_, s, i) => <Input size="small" value={s.name} onChange={(e) => setShift(i, { name: e.target.value })} aria-label={t('wfm.schedule.tplName')} /> },
                { title: t('wfm.schedule.start'), width: 110, render: (_, s, i) => <ClockPicker size="small" value={s.start} onChange={(v) => setShift(i, { start: v ?? '' })} aria-label={t('wfm.schedule.start')} /> },
                { title: t('wfm.roster.hours'), width: 70, render: (_, s, i) => <InputNumber size="small" min={1} max={24} step={0.5} value={s.hours} onChange={(v) => setShift(i, { hours: v ?? 8 })} aria-label={t('wfm.roster.hours')} /> },
                { title: t('wfm.roster.needWeekday'), width: 70, render: (_, s, i) => <InputNumber size="small" min={0} max={500} value={s.weekday} onChange={(v) => setShift(i, { weekday: v ?? 0 })} aria-label={t('wfm.roster.needWeekday')} /> },
                { title: t('wfm.roster.needWeekend'), width: 70, render: (_, s, i) => <InputNumber size="small" min={0} max={500} value={s.weekend ?? undefined} placeholder={String(s.weekday)} onChange={(v) => setShift(i, { weekend: v ?? null })} aria-label={t('wfm.roster.needWeekend')} /> },
                { title: t('wfm.roster.skills'), render: (_, s, i) => <Input size="small" value={s.skills} onChange={(e) => setShift(i, { skills: e.target.value })} aria-label={t('wfm.roster.skills')} /> },
                { title: '', width: 40, render: (_, _s, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('wfm.roster.remove')} onClick={() => setEd({ ...ed, shiftTypes: ed.shiftTypes.filter((_, k) => k !== i) })} /> },
              ]}
            />
          </Card>
          <Card title={t('wfm.roster.pinsTitle')} size="small" style={{ marginTop: 16 }}
            extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setEd({ ...ed, pins: [...ed.pins, { key: `p${Date.now()}`, agentId: '', date: ed.startDate, shiftTypeId: '' }] })}>{t('wfm.roster.addPin')}</Button>}
          >
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>{t('wfm.roster.pinsHelp')}</Typography.Paragraph>
            <Table<PinRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={ed.pins}
              locale={{ emptyText: t('common.none') }}
              columns={[
                { title: t('wfm.roster.agent'), render: (_, p, i) => <Select size="small" style={{ width: '100%' }} value={p.agentId || undefined} options={agentOptions} onChange={(v) => setPin(i, { agentId: v })} aria-label={t('wfm.roster.agent')} /> },
                { title: t('wfm.roster.date'), width: 150, render: (_, p, i) => <DayPicker size="small" value={p.date} onChange={(v) => setPin(i, { date: v ?? '' })} aria-label={t('wfm.roster.date')} /> },
                { title: t('wfm.roster.shift'), width: 110, render: (_, p, i) => <Select size="small" style={{ width: '100%' }} value={p.shiftTypeId || undefined} options={shiftOptions} onChange={(v) => setPin(i, { shiftTypeId: v })} aria-label={t('wfm.roster.shift')} /> },
                { title: '', width: 40, render: (_, _p, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('wfm.roster.remove')} onClick={() => setEd({ ...ed, pins: ed.pins.filter((_, k) => k !== i) })} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('wfm.roster.agentsTitle')} size="small" style={{ height: '100%' }}
            extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setEd({ ...ed, agents: [...ed.agents, { key: `a${Date.now()}`, id: nextId('a', ed.agents.map((a) => a.id)), name: '', skills: '', noNights: false, maxHoursWeek: null, leave: '', prefer: [] }] })}>{t('wfm.roster.addAgent')}</Button>}
          >
            <Table<AgentRow>
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={ed.agents}
              scroll={{ x: 760 }}
              data-testid="roster-agents"
              columns={[
                { title: t('wfm.roster.agent'), width: 110, render: (_, a, i) => <Input size="small" value={a.name} onChange={(e) => setAgent(i, { name: e.target.value })} aria-label={t('wfm.roster.agent')} /> },
                { title: t('wfm.roster.skills'), width: 110, render: (_, a, i) => <Input size="small" value={a.skills} onChange={(e) => setAgent(i, { skills: e.target.value })} aria-label={t('wfm.roster.skills')} /> },
                { title: t('wfm.roster.noNights'), width: 70, render: (_, a, i) => <Checkbox checked={a.noNights} onChange={(e) => setAgent(i, { noNights: e.target.checked })} aria-label={t('wfm.roster.noNights')} /> },
                { title: t('wfm.roster.maxHours'), width: 80, render: (_, a, i) => <InputNumber size="small" min={0} max={80} value={a.maxHoursWeek ?? undefined} placeholder="40" onChange={(v) => setAgent(i, { maxHoursWeek: v ?? null })} aria-label={t('wfm.roster.maxHours')} /> },
                { title: t('wfm.roster.leave'), width: 150, render: (_, a, i) => <Input size="small" value={a.leave} placeholder="2026-03-04" onChange={(e) => setAgent(i, { leave: e.target.value })} aria-label={t('wfm.roster.leave')} /> },
                { title: t('wfm.roster.prefer'), width: 150, render: (_, a, i) => <Select size="small" mode="multiple" style={{ width: '100%' }} value={a.prefer} options={shiftOptions} onChange={(v) => setAgent(i, { prefer: v })} aria-label={t('wfm.roster.prefer')} /> },
                { title: '', width: 40, render: (_, _a, i) => <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('wfm.roster.remove')} onClick={() => setEd({ ...ed, agents: ed.agents.filter((_, k) => k !== i), pins: ed.pins.filter((p) => p.agentId !== ed.agents[i].id) })} /> },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('wfm.roster.rulesHelp')}</Typography.Paragraph>
          </Card>
        </Col>
      </Row>
      <Card style={{ marginTop: 16 }} title={t('wfm.roster.solveTitle')}>
        <Flex wrap gap={12} align="center">
          <Select value={ed.method} onChange={(v) => setEd({ ...ed, method: v })} style={{ minWidth: 200 }} aria-label={t('wfm.roster.method')}
            options={(['auto', 'milp', 'heuristic'] as const).map((m) => ({ value: m, label: t(`wfm.roster.methods.${m}`) }))}
          />
          <InputNumber min={1} max={600} value={ed.timeLimitSeconds} onChange={(v) => setEd({ ...ed, timeLimitSeconds: v ?? 20 })} prefix={t('wfm.solve.timeLimit')} suffix={t('wfm.common.sec')} aria-label={t('wfm.solve.timeLimit')} />
          <Button type="primary" icon={<PlayCircleOutlined />} disabled={!valid || job.running} loading={job.running} onClick={solve} data-testid="roster-start">
            {t('wfm.roster.solve')}
          </Button>
        </Flex>
        <SolveProgressPanel progress={job.progress} running={job.running} cancelling={job.cancelling} job={job.job} error={job.error} timeLimitSeconds={ed.timeLimitSeconds} money={false} onCancel={() => void job.cancel()} />
      </Card>
      {/* Keyed by job: a new solve starts unpublished. */}
      {result && solvedProblem && <RosterResultView key={job.job?.id} problem={solvedProblem} result={result} locale={locale} />}
    </>
  );
}

function RosterResultView({ problem, result, locale }: { problem: RosterProblem; result: RosterResult; locale: string }) {
  const { t } = useTranslation();
  const grid = useMemo(() => rosterGrid(problem, result), [problem, result]);
  const agentName = useMemo(() => new Map(problem.agents.map((a) => [a.id, a.name ?? a.id])), [problem]);
  const shiftName = useMemo(() => new Map(problem.shiftTypes.map((s) => [s.id, s.name ?? s.id])), [problem]);
  const weekend = (d: string) => isoWeekday(d) >= 6;
  const ruleName = (rule: string) => (isRosterRule(rule) ? t(`wfm.roster.rule.${rule}`) : rule);

  return (
    <Card style={{ marginTop: 16 }} title={<Space>{t('wfm.roster.resultTitle')}<SolveStatusTag status={result.status} /></Space>} data-testid="roster-result">
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Tag color={result.summary.hard ? 'red' : 'green'} data-testid="roster-hard">{t('wfm.roster.hardCount', { n: result.summary.hard })}</Tag>
        <Tag color={result.summary.demand ? 'orange' : 'green'}>{t('wfm.roster.placesShort', { n: result.summary.placesShort })}</Tag>
        <Tag>{t('wfm.roster.softCount', { n: result.summary.soft })}</Tag>
        <Tag>{t(`wfm.roster.methodUsed.${result.model.method}`)}</Tag>
      </Flex>
      {result.assignments.length > 0 && <RosterPublish result={result} />}
      <Table<GridRow>
        size="small"
        bordered
        rowKey="agentId"
        pagination={false}
        dataSource={grid.rows}
        scroll={{ x: 140 + grid.dates.length * 76 }}
        data-testid="roster-grid"
        columns={[
          { title: t('wfm.roster.agent'), dataIndex: 'name', fixed: 'left', width: 110 },
          ...grid.dates.map((d, di) => ({
            title: (
              <span style={{ color: weekend(d) ? '#cf1322' : undefined }}>
                {formatDate(d, locale).slice(-5)}
                <br />
                {t(`wfm.weekday.${isoWeekday(d)}`)}
              </span>
            ),
            key: d,
            width: 76,
            align: 'center' as const,
            render: (_: unknown, r: GridRow) => {
              const c = r.cells[di];
              const a = c.assignment;
              const body = a ? (
                <Tag color={KIND_COLORS[a.kind]} style={{ marginInlineEnd: 0 }} data-kind={a.kind}>
                  {a.shiftTypeId}
                  {a.pinned ? '*' : ''}
                </Tag>
              ) : c.leave ? (
                <Typography.Text type="secondary">{t('wfm.roster.leaveMark')}</Typography.Text>
              ) : (
                <Typography.Text type="secondary">·</Typography.Text>
              );
              return (
                <Tooltip title={[a ? `${a.shiftName} ${a.startLocal.slice(11, 16)}–${a.endLocal.slice(11, 16)}` : null, ...c.violations.map((v) => violationText(v, locale))].filter(Boolean).join(' · ') || undefined}>
                  <span data-testid="roster-cell">
                    {body}
                    {c.violations.length > 0 && <WarningFilled style={{ color: '#cf1322', marginInlineStart: 2 }} aria-label={t('wfm.roster.hasViolation')} />}
                  </span>
                </Tooltip>
              );
            },
          })),
          { title: t('wfm.roster.shifts'), dataIndex: 'shifts', width: 60, align: 'right' },
          { title: t('wfm.roster.hours'), dataIndex: 'paidHours', width: 60, align: 'right', render: (v: number) => formatNumber(v, locale, 1) },
        ]}
      />
      <Flex wrap gap={8} style={{ marginTop: 8 }}>
        {problem.shiftTypes.map((s) => {
          const kind = result.assignments.find((a) => a.shiftTypeId === s.id)?.kind;
          return (
            <Tag key={s.id} color={kind ? KIND_COLORS[kind] : undefined}>
              {s.id} = {s.name} {s.start}
            </Tag>
          );
        })}
        <Typography.Text type="secondary">{t('wfm.roster.pinnedMark')}</Typography.Text>
      </Flex>
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>{t('wfm.roster.violationsTitle')}</Typography.Title>
      {result.violations.length === 0 ? (
        <Alert type="success" showIcon message={t('wfm.roster.noViolations')} />
      ) : (
        <Table<RosterViolation & { key: string }>
          size="small"
          rowKey="key"
          dataSource={result.violations.map((v, i) => ({ ...v, key: `${v.rule}|${v.agentId}|${v.date}|${v.shiftTypeId}|${i}` }))}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 720 }}
          data-testid="roster-violations"
          columns={[
            { title: t('wfm.roster.severity'), dataIndex: 'severity', width: 90, render: (s: RosterViolation['severity']) => <Tag color={SEVERITY_COLORS[s]}>{t(`wfm.roster.severities.${s}`)}</Tag> },
            { title: t('wfm.roster.ruleCol'), dataIndex: 'rule', width: 150, render: (r: string) => ruleName(r) },
            { title: t('wfm.roster.agent'), dataIndex: 'agentId', width: 100, render: (id: string | null) => (id ? agentName.get(id) ?? id : t('common.none')) },
            { title: t('wfm.roster.date'), dataIndex: 'date', width: 110, render: (d: string | null) => (d ? formatDate(d, locale) : t('common.none')) },
            { title: t('wfm.roster.shift'), dataIndex: 'shiftTypeId', width: 80, render: (s: string | null) => (s ? shiftName.get(s) ?? s : t('common.none')) },
            { title: t('wfm.roster.message'), key: 'm', render: (_, v) => violationText(v, locale) },
          ]}
        />
      )}
    </Card>
  );
}

/** 发布到队列: the roster's agents on shift per interval become the queue's schedule, for intraday. */
function RosterPublish({ result }: { result: RosterResult }) {
  const { t } = useTranslation();
  const queues = useQueues();
  const [queueId, setQueueId] = useState<string | undefined>();
  const { publishing, published, publish } = usePublishSchedule();
  const queue = queues.data?.items.find((q) => q.id === queueId) ?? null;
  const firstDate = result.assignments.reduce((m, a) => (a.date < m ? a.date : m), result.assignments[0].date);
  return (
    <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }} data-testid="roster-publish">
      <QueueSelect queues={queues.data?.items} value={queueId} onChange={setQueueId} style={{ minWidth: 180 }} aria-label={t('wfm.roster.publishQueue')} />
      <Button icon={<CloudUploadOutlined />} disabled={!queue} loading={publishing} onClick={() => queue && void publish(queue, { intervals: rosterCoverage(result.assignments, queue.intervalMinutes as 15 | 30 | 60) })} data-testid="roster-publish-button">
        {queue ? t('wfm.schedule.publish', { queue: queue.name }) : t('wfm.roster.publishQueue')}
      </Button>
      {queue && published?.queueId === queue.id ? (
        <Typography.Text type="success" data-testid="roster-published">
          {t('wfm.schedule.published', { n: published.intervals, queue: queue.name })} <Link to={`/wfm/queues/${queue.id}?tab=intraday&date=${firstDate}`} data-testid="roster-open-intraday">{t('wfm.schedule.openIntraday')}</Link>
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">{t('wfm.roster.publishHint')}</Typography.Text>
      )}
    </Flex>
  );
}
