import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Descriptions, Drawer, Flex, Grid, Input, Progress, Row, Select, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { CheckCircleOutlined, PlayCircleOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api';
import { useUser } from '../../../auth';
import { hasPermission } from '../../../access';
import { FilterBar } from '../../../components/FilterBar';
import { DayPicker } from '../../../components/DayPicker';
import { FullPageSpin } from '../../../components/FullPageSpin';
import { LoadError } from '../../../components/LoadError';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime, formatPercent } from '../../../format';
import { useLocale, useRequest } from '../../../hooks';
import { listPagination, oneOf, text, useListParams } from '../../../listParams';
import { opsApi, type Checklist, type InspectionPlan, type InspectionTask, type StatsGroup, type TaskDetail, type TaskStatus, type Timeliness } from '../../../opsApi';
import { ProjectSelect, shanghaiMidnightIso, todayShanghai, useProjectChoice } from '../opsShared';
import { CheckModal } from './CheckModal';

const STATUSES: readonly TaskStatus[] = ['pending', 'in_progress', 'completed', 'missed'];
const STATUS_COLORS: Record<TaskStatus, string> = { pending: 'default', in_progress: 'blue', completed: 'green', missed: 'red' };
const TIMELINESS_COLORS: Record<Timeliness, string> = { on_time: 'green', late: 'orange', missed: 'red' };

export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`ops.insp.status.${status}`)}</Tag>;
}

/** 巡检任务: the rounds plans generate — planned against actual, on time / late / missed — with plans and statistics. */
export default function InspectionTasksPage() {
  const { t } = useTranslation();
  const parse = (p: URLSearchParams) => ({
    projectId: text(p, 'projectId'),
    tab: oneOf(p, 'tab', ['tasks', 'plans', 'stats'] as const),
    status: oneOf(p, 'status', STATUSES),
    day: text(p, 'day'),
    mine: oneOf(p, 'mine', ['1'] as const),
  });
  const lp = useListParams(parse);
  const { projects, projectId } = useProjectChoice(lp.values.projectId);
  const checklists = useRequest(() => opsApi.checklists(projectId), [projectId], !!projectId);
  const plans = useRequest(() => opsApi.plans(projectId), [projectId], !!projectId);
  const tab = lp.values.tab ?? 'tasks';
  return (
    <>
      <PageHeader title={t('ops.nav.tasks')} sub={t('ops.insp.intro')} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <ProjectSelect projects={projects.data?.items} value={projectId} style={{ minWidth: 240 }} aria-label={t('filter.project')} onChange={(v) => lp.update({ projectId: v })} />
      </Card>
      <Tabs
        activeKey={tab}
        onChange={(k) => lp.update({ tab: k as 'tasks' | 'plans' | 'stats' })}
        items={[
          { key: 'tasks', label: t('ops.insp.tasksTab'), children: projectId && <TasksTab projectId={projectId} lp={lp} plans={plans.data?.items ?? []} checklists={checklists.data?.items ?? []} /> },
          { key: 'plans', label: t('ops.insp.plansTab'), children: projectId && <PlansTab projectId={projectId} plans={plans.data?.items} checklists={checklists.data?.items ?? []} onGenerated={() => lp.update({ tab: 'tasks' })} /> },
          { key: 'stats', label: t('ops.insp.statsTab'), children: projectId && <StatsTab projectId={projectId} /> },
        ]}
      />
    </>
  );
}

type Lp = ReturnType<typeof useListParams<{ projectId?: string; tab?: 'tasks' | 'plans' | 'stats'; status?: TaskStatus; day?: string; mine?: '1' }>>;

function TasksTab({ projectId, lp, plans, checklists }: { projectId: string; lp: Lp; plans: InspectionPlan[]; checklists: Checklist[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const f = lp.values;
  const day = f.day ?? todayShanghai();
  const from = shanghaiMidnightIso(day);
  const to = new Date(Date.parse(from) + 86_400_000).toISOString();
  const res = useRequest(() => opsApi.tasks({ projectId, status: f.status, mine: f.mine, from, to, page: f.page, pageSize: f.pageSize }), [lp.key, projectId, day]);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <Card>
      <FilterBar>
        <DayPicker value={day} onChange={(v) => lp.update({ day: v })} aria-label={t('ops.insp.day')} prefix={t('ops.insp.day')} data-testid="tasks-day" />
        <Select<string> value={f.status} allowClear placeholder={t('filter.state')} aria-label={t('filter.state')} onChange={(v) => lp.update({ status: v as TaskStatus | undefined })} options={STATUSES.map((s) => ({ value: s, label: t(`ops.insp.status.${s}`) }))} />
        <Select value={f.mine ? '1' : 'all'} aria-label={t('ops.insp.mine')} onChange={(v) => lp.update({ mine: v === '1' ? '1' : undefined })} options={[{ value: 'all', label: t('ops.insp.everyone') }, { value: '1', label: t('ops.insp.mine') }]} />
      </FilterBar>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Table<InspectionTask>
        rowKey="id"
        size="middle"
        loading={res.loading}
        dataSource={res.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="tasks-table"
        onRow={(x) => ({ onClick: () => setOpenId(x.id), style: { cursor: 'pointer' } })}
        pagination={listPagination(t, locale, f, res.data?.total ?? 0, lp.update)}
        columns={[
          { title: t('ops.insp.task'), dataIndex: 'title', render: (v: string) => <a>{v}</a> },
          { title: t('ops.insp.planned'), key: 'planned', render: (_, x) => `${formatDateTime(x.plannedStart, locale)} – ${formatDateTime(x.plannedEnd, locale).slice(-5)}` },
          { title: t('ops.insp.actual'), key: 'actual', render: (_, x) => (x.startedAt ? `${formatDateTime(x.startedAt, locale)}${x.completedAt ? ` – ${formatDateTime(x.completedAt, locale).slice(-5)}` : ''}` : t('common.none')) },
          { title: t('ops.insp.assignee'), dataIndex: 'assigneeName', render: (v: string | null) => v ?? t('ops.insp.anyone'), responsive: ['md'] },
          { title: t('ops.insp.progress'), key: 'progress', render: (_, x) => <Progress percent={x.checkpointCount ? Math.round((x.checkedCount / x.checkpointCount) * 100) : 0} size="small" style={{ width: 120 }} format={() => `${x.checkedCount}/${x.checkpointCount}`} /> },
          { title: t('ops.insp.abnormalCount'), dataIndex: 'abnormalCount', align: 'right', render: (v: number) => (v ? <Tag color="red">{v}</Tag> : 0) },
          { title: t('ops.ledger.status'), dataIndex: 'status', render: (s: TaskStatus) => <TaskStatusTag status={s} /> },
          { title: t('ops.insp.timeliness'), dataIndex: 'timeliness', render: (v: Timeliness | null) => (v ? <Tag color={TIMELINESS_COLORS[v]}>{t(`ops.insp.timelinessValues.${v}`)}</Tag> : t('common.none')) },
        ]}
      />
      <TaskDrawer taskId={openId} plans={plans} checklists={checklists} onClose={() => setOpenId(null)} onChanged={res.reload} />
    </Card>
  );
}

function TaskDrawer({ taskId, plans, checklists, onClose, onChanged }: { taskId: string | null; plans: InspectionPlan[]; checklists: Checklist[]; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const res = useRequest(() => opsApi.task(taskId!), [taskId], !!taskId);
  const task = res.data && res.data.id === taskId ? res.data : undefined;
  const [checking, setChecking] = useState<{ id: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const canWrite = hasPermission(user, 'inspections.write');
  const plan = plans.find((p) => p.id === task?.planId);
  const items = checklists.find((c) => c.id === plan?.checklistId)?.items;

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(ok);
      res.reload();
      onChanged();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!taskId} onClose={onClose} width={screens.md ? 640 : '100%'} title={task?.title ?? t('ops.insp.task')} data-testid="task-drawer"
      extra={
        task && canWrite && (
          <Flex gap={8}>
            {task.status === 'pending' && <Button type="primary" icon={<PlayCircleOutlined />} loading={busy} onClick={() => void act(() => opsApi.startTask(task.id), t('ops.insp.started'))} data-testid="task-start">{t('ops.insp.start')}</Button>}
            {task.status === 'in_progress' && <Button type="primary" icon={<CheckCircleOutlined />} loading={busy} onClick={() => void act(() => opsApi.completeTask(task.id), t('ops.insp.completed'))} data-testid="task-complete">{t('ops.insp.complete')}</Button>}
          </Flex>
        )
      }
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!task && !res.error && <FullPageSpin />}
      {task && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('ops.ledger.status')}><TaskStatusTag status={task.status} /></Descriptions.Item>
            <Descriptions.Item label={t('ops.insp.timeliness')}>{task.timeliness ? t(`ops.insp.timelinessValues.${task.timeliness}`) : t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.insp.planned')} span={2}>{`${formatDateTime(task.plannedStart, locale)} – ${formatDateTime(task.plannedEnd, locale)}`}</Descriptions.Item>
            <Descriptions.Item label={t('ops.insp.missedAfter')} span={2}>{formatDateTime(task.missedAfter, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('ops.insp.assignee')}>{task.assigneeName ?? t('ops.insp.anyone')}</Descriptions.Item>
            <Descriptions.Item label={t('ops.insp.progress')}>{`${task.checkedCount}/${task.checkpointCount}`}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.insp.route')}</Typography.Title>
          <Table<TaskDetail['checkpoints'][number]>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={task.checkpoints}
            data-testid="task-checkpoints"
            locale={{ emptyText: t('ops.insp.noRoute') }}
            columns={[
              { title: '#', dataIndex: 'seq', width: 40 },
              { title: t('ops.insp.checkpoint'), dataIndex: 'name', render: (n: string, c) => <>{n}{c.location && <Typography.Text type="secondary"> · {c.location}</Typography.Text>}</> },
              { title: t('ops.insp.result'), dataIndex: 'outcome', render: (o: 'normal' | 'abnormal' | null) => (o ? <Tag color={o === 'normal' ? 'green' : 'red'}>{t(`ops.insp.${o}`)}</Tag> : <Typography.Text type="secondary">{t('ops.insp.notChecked')}</Typography.Text>) },
              ...(canWrite && task.status === 'in_progress'
                ? [{ title: '', key: 'a', render: (_: unknown, c: TaskDetail['checkpoints'][number]) => <Button size="small" onClick={() => setChecking({ id: c.id, name: c.name })} data-testid="task-check">{c.checked ? t('ops.insp.recheck') : t('ops.insp.check')}</Button> }]
                : []),
            ]}
          />
          <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.insp.results')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={task.results}
            locale={{ emptyText: t('common.none') }}
            columns={[
              { title: t('ops.insp.checkedAt'), dataIndex: 'checkedAt', render: (v: string) => formatDateTime(v, locale) },
              { title: t('ops.insp.checkpoint'), dataIndex: 'checkpointId', render: (id: string | null) => task.checkpoints.find((c) => c.id === id)?.name ?? t('common.none') },
              { title: t('ops.insp.result'), dataIndex: 'outcome', render: (o: 'normal' | 'abnormal') => <Tag color={o === 'normal' ? 'green' : 'red'}>{t(`ops.insp.${o}`)}</Tag> },
              { title: t('ops.nav.hazards'), dataIndex: 'hazardOrderId', render: (id: string | null) => (id ? <Link to={`/inspections/hazards?open=${id}`}>{t('ops.insp.viewHazard')}</Link> : t('common.none')) },
            ]}
          />
          <CheckModal
            open={!!checking}
            title={checking ? t('ops.insp.checkTitle', { name: checking.name }) : ''}
            items={items}
            onClose={() => setChecking(null)}
            submit={async (c) => {
              const r = await opsApi.recordTaskResult(task.id, { checkpointId: checking!.id, ...c });
              res.reload();
              onChanged();
              return r;
            }}
          />
        </>
      )}
    </Drawer>
  );
}

function scheduleText(p: InspectionPlan, t: (k: string, o?: Record<string, unknown>) => string): string {
  const times = p.schedule.times.join(' / ');
  switch (p.schedule.type) {
    case 'daily':
      return t('ops.insp.schedule.daily', { times });
    case 'weekly':
      return t('ops.insp.schedule.weekly', { days: (p.schedule.weekdays ?? []).join(', '), times });
    case 'monthly':
      return t('ops.insp.schedule.monthly', { days: (p.schedule.days ?? []).join(', '), times });
    default:
      return t('ops.insp.schedule.before_holidays', { n: p.schedule.daysBefore ?? 1, times });
  }
}

function PlansTab({ projectId, plans, checklists, onGenerated }: { projectId: string; plans: InspectionPlan[] | undefined; checklists: Checklist[]; onGenerated: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const tt = t as unknown as (k: string, o?: Record<string, unknown>) => string;
  const generate = async () => {
    setBusy(true);
    try {
      const r = await opsApi.generateTasks({ projectId, from: todayShanghai(), to: todayShanghai(6) });
      message.success(t('ops.insp.generated', { created: r.created, planned: r.planned }));
      onGenerated();
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card extra={hasPermission(user, 'inspections.write') && <Button icon={<ScheduleOutlined />} loading={busy} onClick={() => void generate()}>{t('ops.insp.generate')}</Button>}>
      <Table<InspectionPlan>
        rowKey="id"
        size="middle"
        loading={!plans}
        dataSource={plans ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="plans-table"
        columns={[
          { title: t('ops.insp.plan'), dataIndex: 'name' },
          { title: t('ops.insp.kind'), dataIndex: 'kind', render: (k: InspectionPlan['kind']) => <Tag>{t(`ops.insp.kinds.${k}`)}</Tag> },
          { title: t('ops.insp.scheduleCol'), key: 's', render: (_, p) => scheduleText(p, tt) },
          { title: t('ops.insp.window'), key: 'w', render: (_, p) => t('ops.insp.windowValue', { window: p.windowMinutes, grace: p.graceMinutes }) },
          { title: t('ops.insp.checklist'), dataIndex: 'checklistId', render: (id: string | null) => checklists.find((c) => c.id === id)?.name ?? t('common.none') },
          { title: t('ops.ledger.status'), dataIndex: 'active', render: (a: boolean) => <Tag color={a ? 'green' : undefined}>{a ? t('ops.fee.active') : t('ops.fee.inactive')}</Tag> },
        ]}
      />
    </Card>
  );
}

function StatsTab({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [from, setFrom] = useState(todayShanghai(-29));
  const [to, setTo] = useState(todayShanghai());
  const res = useRequest(() => opsApi.inspectionStats(projectId, from, to), [projectId, from, to]);
  const pct = (v: number | null) => (v === null ? t('common.none') : formatPercent(v, locale));
  const columns = useMemo(
    () => [
      { title: t('ops.insp.group'), dataIndex: 'label' },
      { title: t('ops.insp.total'), dataIndex: 'total', align: 'right' as const },
      { title: t('ops.insp.timelinessValues.on_time'), dataIndex: 'onTime', align: 'right' as const },
      { title: t('ops.insp.timelinessValues.late'), dataIndex: 'late', align: 'right' as const },
      { title: t('ops.insp.timelinessValues.missed'), dataIndex: 'missed', align: 'right' as const },
      { title: t('ops.insp.openCol'), dataIndex: 'open', align: 'right' as const },
      { title: t('ops.insp.onTimeRate'), dataIndex: 'onTimeRate', align: 'right' as const, render: pct },
      { title: t('ops.insp.completionRate'), dataIndex: 'completionRate', align: 'right' as const, render: pct },
      { title: t('ops.insp.abnormalCount'), dataIndex: 'abnormal', align: 'right' as const },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, locale],
  );
  const total = res.data?.total;
  return (
    <Card>
      <FilterBar>
        <DayPicker value={from} onChange={(v) => setFrom(v ?? '')} aria-label={t('ops.common.from')} prefix={t('ops.common.from')} />
        <DayPicker value={to} onChange={(v) => setTo(v ?? '')} aria-label={t('ops.common.to')} prefix={t('ops.common.to')} />
      </FilterBar>
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {total && (
        <Row gutter={16} style={{ marginBottom: 12 }} data-testid="insp-stats-total">
          <Col xs={12} md={6}><Statistic title={t('ops.insp.total')} value={total.total} /></Col>
          <Col xs={12} md={6}><Statistic title={t('ops.insp.onTimeRate')} value={pct(total.onTimeRate)} /></Col>
          <Col xs={12} md={6}><Statistic title={t('ops.insp.completionRate')} value={pct(total.completionRate)} /></Col>
          <Col xs={12} md={6}><Statistic title={t('ops.insp.timelinessValues.missed')} value={total.missed} valueStyle={total.missed ? { color: '#cf1322' } : undefined} /></Col>
        </Row>
      )}
      <Typography.Title level={2} style={{ fontSize: 15 }}>{t('ops.insp.byPlan')}</Typography.Title>
      <Table<StatsGroup> size="small" rowKey="key" pagination={false} dataSource={res.data?.byPlan ?? []} columns={columns} scroll={{ x: 'max-content' }} />
      <Typography.Title level={2} style={{ fontSize: 15, marginTop: 16 }}>{t('ops.insp.byInspector')}</Typography.Title>
      <Table<StatsGroup> size="small" rowKey="key" pagination={false} dataSource={res.data?.byInspector ?? []} columns={columns} scroll={{ x: 'max-content' }} data-testid="insp-stats-inspectors" />
    </Card>
  );
}
