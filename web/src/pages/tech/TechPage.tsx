import { useState } from 'react';
import { App, Button, Empty, Flex, Segmented, Skeleton, Space, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { useRequest } from '../../hooks';
import { LoadError } from '../../components/LoadError';
import { deskApi } from '../orders/api';
import { OrderCard } from '../orders/OrderBits';

const DUTY_KEY = (userId: string) => `shouwen.duty.${userId}`;

/**
 * The server takes duty changes but does not report the current state; remember the last
 * choice made on this device so the buttons can show it.
 */
function rememberedDuty(userId: string): boolean | null {
  try {
    const v = localStorage.getItem(DUTY_KEY(userId));
    return v === '1' ? true : v === '0' ? false : null;
  } catch {
    return null;
  }
}

type Tab = 'mine' | 'pool';

/** 我的任务 — the technician's phone: on/off duty, own jobs by deadline, and jobs to grab. */
export default function TechPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'pool' ? 'pool' : 'mine';
  const [duty, setDuty] = useState<boolean | null>(() => rememberedDuty(user.id));
  const [dutyBusy, setDutyBusy] = useState(false);
  const [grabbing, setGrabbing] = useState<string | null>(null);
  const mine = useRequest(() => deskApi.orders({ queue: 'mine', sort: 'deadline', pageSize: 50 }), [], tab === 'mine');
  // Technicians grab repairs; other kinds go to departments.
  const pool = useRequest(() => deskApi.orders({ queue: 'unassigned', kind: 'repair', sort: 'deadline', pageSize: 50 }), [], tab === 'pool');
  const list = tab === 'mine' ? mine : pool;

  const changeDuty = async (on: boolean) => {
    setDutyBusy(true);
    try {
      const r = await deskApi.setDuty(on);
      setDuty(r.onDuty);
      try {
        localStorage.setItem(DUTY_KEY(user.id), r.onDuty ? '1' : '0');
      } catch {
        // Not remembered; the server has it.
      }
      message.success(r.onDuty ? t('tech.nowOnDuty') : t('tech.nowOffDuty'));
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

  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
            {t('nav.tech')}
          </Typography.Title>
          <Typography.Text type="secondary">{user.displayName}</Typography.Text>
        </div>
        <div role="group" aria-label={t('tech.duty')}>
          <Space.Compact>
            <Button type={duty === true ? 'primary' : 'default'} loading={dutyBusy && duty !== true} aria-pressed={duty === true} onClick={() => void changeDuty(true)} data-testid="duty-on">
              {t('tech.onDuty')}
            </Button>
            <Button type={duty === false ? 'primary' : 'default'} loading={dutyBusy && duty !== false} aria-pressed={duty === false} onClick={() => void changeDuty(false)} data-testid="duty-off">
              {t('tech.offDuty')}
            </Button>
          </Space.Compact>
        </div>
      </Flex>
      {duty === null && <Typography.Text type="secondary">{t('tech.dutyUnknown')}</Typography.Text>}
      <Flex gap={8} align="center">
        <Segmented<Tab>
          aria-label={t('tech.lists')}
          block
          style={{ flex: 1 }}
          value={tab}
          onChange={(v) => setParams(v === 'pool' ? { tab: 'pool' } : {}, { replace: true })}
          options={[
            { value: 'mine', label: t('tech.mine', { count: mine.data?.total ?? 0 }) },
            { value: 'pool', label: t('tech.pool') },
          ]}
          data-testid="tech-tabs"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.reload')} />
      </Flex>
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      {list.loading && !list.data ? (
        <Skeleton active />
      ) : !list.data?.items.length ? (
        <Empty description={tab === 'mine' ? t('tech.noJobs') : t('tech.noPool')} />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }} data-testid={tab === 'mine' ? 'tech-mine' : 'tech-pool'}>
          {list.data.items.map((o) => (
            <OrderCard
              key={o.id}
              order={o}
              showAssignee={false}
              onOpen={tab === 'mine' ? () => navigate(`/tech/orders/${o.id}`) : undefined}
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
