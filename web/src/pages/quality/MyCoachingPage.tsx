import { useState } from 'react';
import { App, Button, Card, Drawer, Empty, Flex, Grid, Input, List, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { formatDate } from '../../format';
import { text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { qualityApi, type CoachingTask } from './api';
import { CoachingBody, CoachingState } from './CoachingPage';

const parseFilters = (p: URLSearchParams) => ({ open: text(p, 'open') });

/** 我的辅导 — the agent's coaching tasks: what to work on, with whom, by when; acknowledged here. Lists, so it works on a phone. */
export default function MyCoachingPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update } = useListParams(parseFilters);
  const list = useRequest(() => qualityApi.myCoaching(), []);
  return (
    <>
      <PageHeader title={t('quality.nav.myCoaching')} sub={t('quality.coaching.mySub')} />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card>
        <List<CoachingTask>
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          data-testid="qa-my-coaching"
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.coaching.none')} /> }}
          renderItem={(c) => (
            <List.Item onClick={() => update({ open: c.id })} style={{ cursor: 'pointer', paddingInline: 0 }} data-testid="qa-my-coaching-item" data-id={c.id}>
              <Flex justify="space-between" align="center" style={{ width: '100%' }} gap={8}>
                <div style={{ minWidth: 0 }}>
                  <Typography.Text strong>{c.goal}</Typography.Text>
                  <div style={{ fontSize: 12, color: '#888' }}>
                    {c.coachName} · {t('quality.my.dueOn', { date: formatDate(c.dueOn, locale) })}
                  </div>
                </div>
                <CoachingState state={c.state} />
              </Flex>
            </List.Item>
          )}
        />
      </Card>
      <MyCoachingDrawer id={f.open} onClose={() => update({ open: undefined })} onChanged={list.reload} />
    </>
  );
}

function MyCoachingDrawer({ id, onClose, onChanged }: { id: string | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const detail = useRequest(() => qualityApi.myCoachingTask(id!), [id], !!id);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const d = id ? detail.data : undefined;
  const acknowledge = async () => {
    setBusy(true);
    try {
      await qualityApi.acknowledgeCoaching(d!.id, note.trim());
      message.success(t('quality.coaching.acknowledged'));
      setNote('');
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open={!!id} onClose={onClose} width={screens.md ? 560 : '100%'} title={t('quality.coaching.task')} destroyOnClose data-testid="qa-my-coaching-drawer">
      {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
      {!d || d.id !== id ? <Skeleton active /> : <CoachingBody d={d} staff={false} />}
      {d && d.state === 'issued' && (
        <div style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('quality.coaching.agentNoteHint')} maxLength={2000} />
          <Button type="primary" block={!screens.md} style={{ marginTop: 8 }} loading={busy} onClick={() => void acknowledge()} data-testid="qa-coaching-acknowledge">
            {t('quality.coaching.acknowledge')}
          </Button>
        </div>
      )}
    </Drawer>
  );
}
