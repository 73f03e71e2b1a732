import { Alert, Button, Collapse, Flex, List, Tag, Typography } from 'antd';
import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { fieldQueue, useFieldQueue } from '../../offline/queue';
import { useOnline } from '../../offline/network';
import type { Conflict, QueueItem } from '../../offline/queueLogic';

/** What a queued action is, in words ("完工", "登记材料 角阀"). */
export function describeItem(t: TFunction, i: Pick<QueueItem, 'kind' | 'name' | 'body'>): string {
  if (i.kind === 'step') return t(`techApp.step.${i.name}` as 'techApp.step.accept');
  if (i.kind === 'material') return `${t('techApp.what.material')} ${String(i.body.name ?? '')}`.trim();
  if (i.kind === 'materialDelete') return `${t('techApp.what.materialDelete')} ${String(i.body.name ?? '')}`.trim();
  return `${t('techApp.what.photo')}（${t(`techApp.photos.${i.name === 'after' ? 'after' : 'before'}` as 'techApp.photos.before')}）`;
}

/**
 * The connection and the outbox at the top of the technician's screens: offline notice,
 * 待同步 N with the waiting actions and a sync button, and any action the server refused.
 */
export function SyncBar({ orderId }: { orderId?: string }) {
  const { t } = useTranslation();
  const online = useOnline();
  const { state, syncing } = useFieldQueue();
  const items = orderId ? state.items.filter((i) => i.orderId === orderId) : state.items;
  const conflicts = orderId ? state.conflicts.filter((c) => c.orderId === orderId) : state.conflicts;
  return (
    <Flex vertical gap={8}>
      {!online && <Alert type="warning" showIcon icon={<DisconnectOutlined />} message={t('techApp.offline')} data-testid="offline-banner" />}
      {items.length > 0 && (
        <Alert
          type="info"
          data-testid="sync-pending"
          message={
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{t('techApp.pending', { count: items.length })}</Typography.Text>
              <Button size="small" type="primary" icon={<CloudSyncOutlined />} loading={syncing} disabled={!online} onClick={() => void fieldQueue.syncNow()} data-testid="sync-now">
                {syncing ? t('techApp.syncing') : t('techApp.syncNow')}
              </Button>
            </Flex>
          }
          description={
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'items',
                  label: items.some((i) => i.attempts > 0) ? t('techApp.retrying') : t('techApp.pendingOnOrder', { count: items.length }),
                  children: (
                    <List
                      size="small"
                      dataSource={items}
                      renderItem={(i) => (
                        <List.Item key={i.key}>
                          <Tag>{i.orderNumber}</Tag> {describeItem(t, i)}
                        </List.Item>
                      )}
                    />
                  ),
                },
              ]}
            />
          }
        />
      )}
      {conflicts.map((c: Conflict) => (
        <Alert
          key={c.key}
          type="error"
          showIcon
          data-testid="sync-conflict"
          message={t('techApp.conflict', { number: c.orderNumber, what: describeItem(t, { kind: c.kind, name: c.name, body: {} }), message: c.message })}
          action={
            <Button size="small" onClick={() => fieldQueue.dismiss(c.key)}>
              {t('techApp.dismiss')}
            </Button>
          }
        />
      ))}
    </Flex>
  );
}
