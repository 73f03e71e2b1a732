import { useCallback, useState } from 'react';
import { App, Button, Card, Empty, Flex, Input, List, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, ClockCircleOutlined, CloseCircleFilled, ExclamationCircleFilled, ReloadOutlined, ScanOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { CameraScanner } from './CameraScanner';
import { inspectApi, type DayPoint, type DayTask, type FoundCheckpoint, type TaskPhase } from './inspectApi';
import { checkpointPath, clock, parseScan, progressPercent } from './inspectModel';

const PHASE_COLOR: Record<TaskPhase, string> = { upcoming: 'default', open: 'blue', in_progress: 'processing', completed: 'success', missed: 'error' };

function PointIcon({ p }: { p: DayPoint }) {
  if (p.outcome === 'abnormal') return <ExclamationCircleFilled style={{ color: '#fa8c16' }} />;
  if (p.visited) return <CheckCircleFilled style={{ color: '#52c41a' }} />;
  if (p.missed) return <CloseCircleFilled style={{ color: '#ff4d4f' }} />;
  return <ClockCircleOutlined style={{ color: '#bfbfbf' }} />;
}

/** 今日巡检 — the inspector's phone: today's rounds with progress and missed points, scan or type a checkpoint, start and finish a round. */
export default function InspectPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const day = useRequest(() => inspectApi.today(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const [code, setCode] = useState('');
  const [choices, setChoices] = useState<FoundCheckpoint[] | null>(null);

  const go = useCallback(
    async (raw: string, fromCamera: boolean) => {
      const target = parseScan(raw);
      if (!target) {
        message.warning(t('inspectApp.scan.unreadable'));
        return;
      }
      if (target.kind === 'token') {
        navigate(checkpointPath(target.token, !fromCamera));
        return;
      }
      try {
        const found = (await inspectApi.lookup(target.code)).items;
        const token = (c: FoundCheckpoint) => decodeURIComponent(c.qrPayload.split('/').pop() ?? '');
        if (found.length === 1) navigate(checkpointPath(token(found[0]), true));
        else if (found.length > 1) setChoices(found);
        else message.warning(t('inspectApp.scan.notFound', { code: target.code }));
      } catch (e) {
        message.error(e instanceof Error ? e.message : String(e));
      }
    },
    [message, navigate, t],
  );
  const onCamera = useCallback(
    (text: string) => {
      setCamera(false);
      void go(text, true);
    },
    [go],
  );

  const act = async (task: DayTask, what: 'start' | 'complete') => {
    setBusy(task.id);
    try {
      if (what === 'start') {
        await inspectApi.start(task.id);
        message.success(t('inspectApp.started'));
      } else {
        await inspectApi.complete(task.id);
        message.success(t('inspectApp.completed'));
      }
      day.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      day.reload();
    } finally {
      setBusy(null);
    }
  };
  const complete = (task: DayTask) => {
    const left = task.checkpointCount - task.checkedCount;
    if (left <= 0) return void act(task, 'complete');
    modal.confirm({ title: t('inspectApp.completeEarly', { count: left }), okText: t('inspectApp.complete'), cancelText: t('inspectApp.keepGoing'), onOk: () => act(task, 'complete') });
  };

  const s = day.data?.summary;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" gap={8}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('inspectApp.nav.today')}
          </Typography.Title>
          <Typography.Text type="secondary">{user.displayName}</Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={day.reload} aria-label={t('inspectApp.reload')} />
      </Flex>
      <Card size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Button type="primary" size="large" block icon={<ScanOutlined />} onClick={() => setCamera(true)} data-testid="scan-camera">
            {t('inspectApp.scan.open')}
          </Button>
          <Input.Search
            size="large"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder={t('inspectApp.scan.placeholder')}
            aria-label={t('inspectApp.scan.placeholder')}
            enterButton={t('inspectApp.scan.go')}
            autoCapitalize="characters"
            onSearch={(v) => v.trim() && void go(v, false)}
            data-testid="scan-code"
          />
          {choices && (
            <List
              size="small"
              header={t('inspectApp.scan.choose')}
              dataSource={choices}
              renderItem={(c) => (
                <List.Item onClick={() => navigate(checkpointPath(decodeURIComponent(c.qrPayload.split('/').pop() ?? ''), true))} style={{ cursor: 'pointer' }}>
                  {c.projectName} · {c.code} {c.name}
                </List.Item>
              )}
            />
          )}
        </Space>
      </Card>
      {s && (
        <Typography.Text data-testid="day-summary">
          {t('inspectApp.summary', { done: s.completed, total: s.tasks, checked: s.checked, points: s.checkpoints })}
          {s.missedCheckpoints > 0 && (
            <Tag color="error" style={{ marginInlineStart: 8 }}>
              {t('inspectApp.missedPoints', { count: s.missedCheckpoints })}
            </Tag>
          )}
        </Typography.Text>
      )}
      {day.error && <LoadError error={day.error} onRetry={day.reload} />}
      {day.loading && !day.data ? (
        <Skeleton active />
      ) : !day.data?.tasks.length ? (
        <Empty description={t('inspectApp.noTasks')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="day-tasks">
          {day.data.tasks.map((task) => (
            <Card
              key={task.id}
              size="small"
              data-testid="day-task"
              title={
                <Flex justify="space-between" align="center" gap={8}>
                  <span style={{ whiteSpace: 'normal' }}>{task.title}</span>
                  <Tag color={PHASE_COLOR[task.phase]} style={{ marginInlineEnd: 0 }}>
                    {t(`inspectApp.phase.${task.phase}`)}
                  </Tag>
                </Flex>
              }
            >
              <Typography.Text type="secondary">
                {task.projectName} · {clock(task.plannedStart)}–{clock(task.plannedEnd)}
                {task.assigneeId === null && ` · ${t('inspectApp.unassigned')}`}
              </Typography.Text>
              <Flex align="center" gap={8} style={{ marginTop: 6 }}>
                <Progress percent={progressPercent(task.checkedCount, task.checkpointCount)} showInfo={false} size="small" style={{ flex: 1, margin: 0 }} status={task.missedCheckpointCount ? 'exception' : undefined} />
                <span data-testid="task-progress">{t('inspectApp.progress', { checked: task.checkedCount, total: task.checkpointCount })}</span>
              </Flex>
              {task.missedCheckpointCount > 0 && (
                <Tag color="error" style={{ marginTop: 6 }} data-testid="task-missed">
                  {t('inspectApp.missedPoints', { count: task.missedCheckpointCount })}
                </Tag>
              )}
              {task.abnormalCount > 0 && (
                <Tag color="warning" style={{ marginTop: 6 }}>
                  {t('inspectApp.abnormal', { count: task.abnormalCount })}
                </Tag>
              )}
              <List
                size="small"
                dataSource={task.checkpoints}
                locale={{ emptyText: t('inspectApp.noRoute') }}
                renderItem={(p) => (
                  <List.Item
                    style={{ paddingInline: 0, cursor: task.phase === 'in_progress' ? 'pointer' : undefined }}
                    onClick={task.phase === 'in_progress' ? () => navigate(checkpointPath(decodeURIComponent(p.qrPayload.split('/').pop() ?? ''), true)) : undefined}
                    data-testid="day-point"
                  >
                    <Space>
                      <PointIcon p={p} />
                      <span>
                        {p.seq}. {p.name}
                        {p.location && <Typography.Text type="secondary"> · {p.location}</Typography.Text>}
                      </span>
                    </Space>
                    <Typography.Text type={p.missed ? 'danger' : 'secondary'}>
                      {p.outcome === 'abnormal' ? t('inspectApp.point.abnormal') : p.visited ? t('inspectApp.point.done') : p.missed ? t('inspectApp.point.missed') : t('inspectApp.point.todo')}
                    </Typography.Text>
                  </List.Item>
                )}
              />
              {task.phase === 'open' && (
                <Button type="primary" block loading={busy === task.id} onClick={() => void act(task, 'start')} data-testid="task-start">
                  {t('inspectApp.start')}
                </Button>
              )}
              {task.phase === 'in_progress' && (
                <Button block loading={busy === task.id} onClick={() => complete(task)} data-testid="task-complete">
                  {t('inspectApp.complete')}
                </Button>
              )}
            </Card>
          ))}
        </Space>
      )}
      <CameraScanner open={camera} onClose={() => setCamera(false)} onResult={onCamera} />
    </Space>
  );
}
