import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Empty, Flex, Skeleton, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { useLocale, useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { businessDate, formatDateTime } from '../../format';
import { deskApi, type Order } from '../orders/api';
import { OrderCard } from '../orders/OrderBits';
import { fieldQueue } from '../../offline/queue';
import { useCachedRequest } from '../../offline/useCached';
import { fieldApi } from './fieldApi';
import { SyncBar } from './SyncBar';
import { groupJobs, SECTIONS, type Section } from './techLogic';

type Tab = Section | 'pool';

/** 今日任务 — the technician's phone: duty (as the server has it), the day's jobs by status, and jobs to grab. */
export default function TechPage() {
  const { t } = useTranslation();
  const user = useUser();
  const locale = useLocale();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const [dutyBusy, setDutyBusy] = useState(false);
  const [grabbing, setGrabbing] = useState<string | null>(null);
  useEffect(() => void fieldQueue.init(user.id), [user.id]);

  const duty = useCachedRequest(user.id, 'duty', () => fieldApi.duty(), []);
  const jobs = useCachedRequest(
    user.id,
    'jobs',
    async () => {
      // Open work, plus what was closed recently (an order closed the same day still counts as done today).
      const [open, closed] = await Promise.all([
        deskApi.orders({ queue: 'mine', sort: 'deadline', pageSize: 100 }),
        deskApi.orders({ queue: 'closed', assigneeId: user.id, sort: 'created_desc', pageSize: 20 }),
      ]);
      return [...open.items, ...closed.items];
    },
    [],
  );
  // Technicians grab repairs; other kinds go to departments.
  const pool = useRequest(() => deskApi.orders({ queue: 'unassigned', kind: 'repair', sort: 'deadline', pageSize: 50 }), [], asked === 'pool');
  const today = businessDate(new Date().toISOString());
  const groups = useMemo(() => groupJobs<Order>(jobs.data ?? [], today), [jobs.data, today]);
  // Without a choice, open the first section with work in it (new jobs to accept come first).
  const tab: Tab = asked && [...SECTIONS, 'pool'].includes(asked) ? asked : (SECTIONS.find((s) => groups[s].length) ?? 'toAccept');

  const changeDuty = async (on: boolean) => {
    setDutyBusy(true);
    try {
      const r = await deskApi.setDuty(on);
      message.success(r.onDuty ? t('tech.nowOnDuty') : t('tech.nowOffDuty'));
      duty.reload();
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setDutyBusy(false);
    }
  };

  const grab = async (id: string) => {
    setGrabbing(id);
    try {
      const o = await deskApi.grab(id);
      message.success(t('tech.grabbed', { number: o.number }));
      navigate(`/tech/orders/${o.id}`);
    } catch (e) {
      message.error(e instanceof Error ? e.message : String(e));
      pool.reload();
    } finally {
      setGrabbing(null);
    }
  };

  const onDuty = duty.data?.onDuty;
  const list: Order[] = tab === 'pool' ? (pool.data?.items ?? []) : groups[tab] ?? [];
  const current = tab === 'pool' ? pool : jobs;
  const offlineAt = jobs.offlineAt ?? duty.offlineAt;

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('techApp.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{user.displayName}</Typography.Text>
        </div>
        <div role="group" aria-label={t('tech.duty')} data-testid="duty" data-on-duty={onDuty === undefined ? '' : String(onDuty)}>
          <Space.Compact>
            <Button type={onDuty === true ? 'primary' : 'default'} loading={dutyBusy && onDuty !== true} aria-pressed={onDuty === true} onClick={() => void changeDuty(true)} data-testid="duty-on">
              {t('tech.onDuty')}
            </Button>
            <Button type={onDuty === false ? 'primary' : 'default'} loading={dutyBusy && onDuty !== false} aria-pressed={onDuty === false} onClick={() => void changeDuty(false)} data-testid="duty-off">
              {t('tech.offDuty')}
            </Button>
          </Space.Compact>
        </div>
      </Flex>
      <SyncBar />
      {offlineAt !== null && <Alert type="warning" message={t('techApp.offlineData', { time: formatDateTime(new Date(offlineAt).toISOString(), locale) })} data-testid="offline-data" />}
      {/* The day's work as four tiles with counts (fits a 390 px screen without hiding any), then the grab pool. */}
      <div role="tablist" aria-label={t('tech.lists')} style={{ display: 'grid', gridTemplateColumns: 'repeat(4, 1fr)', gap: 6 }} data-testid="tech-tabs">
        {SECTIONS.map((s) => (
          <Button
            key={s}
            role="tab"
            aria-selected={tab === s}
            type={tab === s ? 'primary' : 'default'}
            onClick={() => setParams({ tab: s }, { replace: true })}
            style={{ height: 'auto', padding: '6px 2px', display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 0 }}
            data-testid={`tab-${s}`}
          >
            <span style={{ fontSize: 18, fontWeight: 600, lineHeight: 1.2 }}>{groups[s].length}</span>
            <span style={{ fontSize: 12 }}>{t(`techApp.sections.${s}`)}</span>
          </Button>
        ))}
      </div>
      <Flex gap={8}>
        <Button block type={tab === 'pool' ? 'primary' : 'default'} onClick={() => setParams({ tab: 'pool' }, { replace: true })} data-testid="tab-pool" aria-selected={tab === 'pool'}>
          {t('techApp.sections.pool')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={current.reload} aria-label={t('common.reload')} />
      </Flex>
      {current.error && <LoadError error={current.error} onRetry={current.reload} />}
      {current.loading && !current.data ? (
        <Skeleton active />
      ) : !list.length ? (
        <Empty description={tab === 'pool' ? t('tech.noPool') : t(`techApp.empty.${tab}`)} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} data-testid={tab === 'pool' ? 'tech-pool' : 'tech-mine'} data-section={tab}>
          {list.map((o) => (
            <OrderCard
              key={o.id}
              order={o}
              showAssignee={false}
              onOpen={tab === 'pool' ? undefined : () => navigate(`/tech/orders/${o.id}`)}
              extra={
                tab === 'pool' && (
                  <Button type="primary" size="small" loading={grabbing === o.id} onClick={() => void grab(o.id)} data-testid="grab">
                    {t('tech.grab')}
                  </Button>
                )
              }
            />
          ))}
        </Space>
      )}
    </Space>
  );
}
