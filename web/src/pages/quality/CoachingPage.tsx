import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Form, Grid, Input, Modal, Select, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { businessDate, formatDate, formatDateTime } from '../../format';
import { oneOf, text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { formatMoney } from '../../money';
import { DayPicker } from '../../components/DayPicker';
import { qualityApi, recordingSrc, type ActionState, type CoachingDetail, type CoachingTask, type LibraryItem, type TrailEntry } from './api';
import { PassTag } from './ScoreSheet';

const TABS = ['all', 'mine'] as const;
const STATES = ['issued', 'acknowledged', 'done'] as const;
const parseFilters = (p: URLSearchParams) => ({ tab: oneOf(p, 'tab', TABS), state: oneOf(p, 'state', STATES), open: text(p, 'open'), evaluation: text(p, 'evaluation'), notice: text(p, 'notice') });

/**
 * 辅导任务 — coaching created from an evaluation or a notice: the agent, the coach (team leader
 * by default), the goal, the items to work on and the recordings to listen to. The agent
 * acknowledges in 我的辅导; the coach closes with a note and, where there is one, a follow-up evaluation.
 */
export default function CoachingPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update, key } = useListParams(parseFilters);
  const tab = f.tab ?? 'all';
  const list = useRequest(() => qualityApi.coaching({ state: f.state, mine: tab === 'mine' ? '1' : undefined }), [key]);
  const creating = f.evaluation ?? f.notice;

  return (
    <>
      <PageHeader title={t('quality.nav.coaching')} sub={t('quality.coaching.sub')} />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={tab} onChange={(k) => update({ tab: k as (typeof TABS)[number], open: undefined })} items={TABS.map((k) => ({ key: k, label: t(`quality.coaching.tab.${k}`) }))} />
        <Space style={{ marginBottom: 12 }}>
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('quality.field.state')}
            value={f.state}
            onChange={(v) => update({ state: v, open: undefined })}
            options={STATES.map((s) => ({ value: s, label: t(`quality.coaching.state.${s}`) }))}
          />
        </Space>
        <Table<CoachingTask>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          data-testid="qa-coaching-list"
          onRow={(r) => ({ onClick: () => update({ open: r.id }), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('quality.field.agent'), key: 'agent', render: (_, r) => r.agentName },
            { title: t('quality.coaching.coach'), key: 'coach', render: (_, r) => r.coachName },
            { title: t('quality.coaching.goal'), key: 'goal', render: (_, r) => r.goal },
            { title: t('quality.coaching.dueOn'), key: 'due', render: (_, r) => formatDate(r.dueOn, locale) },
            { title: t('quality.field.state'), key: 'state', render: (_, r) => <CoachingState state={r.state} /> },
          ]}
        />
      </Card>
      <CoachingDrawer id={f.open} onClose={() => update({ open: undefined })} onChanged={list.reload} />
      {creating && (
        <CreateCoaching
          evaluationId={f.evaluation}
          noticeId={f.notice}
          onClose={() => update({ evaluation: undefined, notice: undefined })}
          onCreated={(id) => {
            list.reload();
            update({ evaluation: undefined, notice: undefined, open: id });
          }}
        />
      )}
    </>
  );
}

export function CoachingState({ state }: { state: ActionState }) {
  const { t } = useTranslation();
  const color = state === 'done' ? 'green' : state === 'acknowledged' ? 'blue' : state === 'issued' ? 'orange' : undefined;
  // Coaching's own wording where it has one (issued = waiting for the agent), the action states otherwise.
  const own = state === 'issued' || state === 'acknowledged' || state === 'done' || state === 'cancelled';
  return <Tag color={color}>{own ? t(`quality.coaching.state.${state}`) : t(`quality.actionState.${state}`)}</Tag>;
}

interface CreateForm {
  coachId?: string;
  dueOn?: string;
  goal: string;
  libraryIds: string[];
  note?: string;
}

function CreateCoaching({ evaluationId, noticeId, onClose, onCreated }: { evaluationId?: string; noticeId?: string; onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateForm>();
  const users = useRequest(() => api.userAccounts(), []);
  const library = useRequest(() => qualityApi.library(), []);
  const [busy, setBusy] = useState(false);
  const due = businessDate(new Date(Date.now() + 7 * 86_400_000).toISOString());
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await qualityApi.createCoaching({ evaluationId, sourceActionId: noticeId, coachId: v.coachId ?? null, dueOn: v.dueOn!, goal: v.goal, libraryIds: v.libraryIds ?? [], note: v.note || null });
      message.success(t('quality.coaching.created'));
      onCreated(r.id);
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t('quality.coaching.new')} onCancel={onClose} onOk={() => void submit()} confirmLoading={busy} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnClose okButtonProps={{ 'data-testid': 'qa-coaching-save' } as never}>
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ dueOn: due, libraryIds: [] }}>
        <Form.Item name="goal" label={t('quality.coaching.goal')} rules={[{ required: true, max: 500 }]}>
          <Input.TextArea rows={2} data-testid="qa-coaching-goal" />
        </Form.Item>
        <Form.Item name="coachId" label={t('quality.coaching.coach')} extra={t('quality.coaching.coachHint')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            loading={users.loading}
            data-testid="qa-coaching-coach"
            options={(users.data?.items ?? []).filter((u) => u.active && ['supervisor', 'qa', 'manager', 'admin'].includes(u.role)).map((u) => ({ value: u.id, label: u.displayName }))}
          />
        </Form.Item>
        <Form.Item name="dueOn" label={t('quality.coaching.dueOn')} rules={[{ required: true }]}>
          <DayPicker />
        </Form.Item>
        <Form.Item name="libraryIds" label={t('quality.coaching.recordings')}>
          <Select mode="multiple" optionFilterProp="label" loading={library.loading} options={(library.data?.items ?? []).map((l) => ({ value: l.id, label: `${t(`quality.library.kind.${l.kind}`)} · ${l.title}` }))} />
        </Form.Item>
        <Form.Item name="note" label={t('quality.coaching.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RecordingList({ items }: { items: LibraryItem[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {items.map((l) => {
        const src = recordingSrc(l);
        return (
          <div key={l.id}>
            <Tag color={l.kind === 'good' ? 'green' : 'red'}>{t(`quality.library.kind.${l.kind}`)}</Tag>
            {l.title}
            {src && <audio controls preload="none" src={src} style={{ width: '100%', marginTop: 4 }} />}
          </div>
        );
      })}
    </Space>
  );
}

export function ActionTrail({ trail }: { trail: TrailEntry[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <Timeline
      data-testid="qa-action-trail"
      items={trail.map((e, i) => ({
        key: i,
        children: (
          <div>
            <Typography.Text strong>{t(`quality.trail.${e.event}`, { defaultValue: t('quality.trail.other') })}</Typography.Text> {e.actorName}
            {e.fineFen != null && <FineAmount fen={e.fineFen} />}
            <div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(e.at, locale)}</div>
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

function FineAmount({ fen }: { fen: number }) {
  const locale = useLocale();
  return <Typography.Text type="secondary"> {formatMoney(fen, locale)}</Typography.Text>;
}

function CoachingDrawer({ id, onClose, onChanged }: { id: string | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const detail = useRequest(() => qualityApi.coachingTask(id!), [id], !!id);
  const [note, setNote] = useState('');
  const [followUp, setFollowUp] = useState('');
  const [busy, setBusy] = useState(false);
  const d = id ? detail.data : undefined;
  const mayClose = !!d && d.state === 'acknowledged' && (d.coachId === user.id || hasPermission(user, 'quality.write'));

  const close = async () => {
    setBusy(true);
    try {
      await qualityApi.closeCoaching(d!.id, note.trim(), followUp.trim() || null);
      message.success(t('quality.coaching.closed'));
      setNote('');
      setFollowUp('');
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!id} onClose={onClose} width={screens.md ? 640 : '100%'} title={t('quality.coaching.task')} destroyOnClose data-testid="qa-coaching-drawer">
      {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
      {!d || d.id !== id ? <Skeleton active /> : <CoachingBody d={d} />}
      {mayClose && (
        <Card size="small" title={t('quality.coaching.close')} style={{ marginTop: 12 }}>
          <Input.TextArea rows={3} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('quality.coaching.closeHint')} maxLength={2000} data-testid="qa-coaching-close-note" />
          <Input style={{ marginTop: 8 }} value={followUp} onChange={(e) => setFollowUp(e.target.value)} placeholder={t('quality.coaching.followUpHint')} data-testid="qa-coaching-follow-up" />
          <Button type="primary" style={{ marginTop: 8 }} disabled={note.trim().length < 2} loading={busy} onClick={() => void close()} data-testid="qa-coaching-close">
            {t('quality.coaching.close')}
          </Button>
        </Card>
      )}
      {d && d.state === 'issued' && <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>{t('quality.coaching.waitingAgent')}</Typography.Paragraph>}
    </Drawer>
  );
}

/** The task as both sides see it (the coach's drawer and the agent's 我的辅导). */
export function CoachingBody({ d, staff = true }: { d: CoachingDetail; staff?: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'state', label: t('quality.field.state'), children: <CoachingState state={d.state} /> },
          { key: 'agent', label: t('quality.field.agent'), children: d.agentName },
          { key: 'coach', label: t('quality.coaching.coach'), children: d.coachName },
          { key: 'goal', label: t('quality.coaching.goal'), children: <span data-testid="qa-coaching-goal-text">{d.goal}</span> },
          { key: 'due', label: t('quality.coaching.dueOn'), children: formatDate(d.dueOn, locale) },
          ...(d.evaluation
            ? [{
                key: 'eval',
                label: t('quality.coaching.fromEvaluation'),
                children: (
                  <Space>
                    {staff ? <Link to={`/quality/evaluations/${d.evaluation.id}`}>{d.evaluation.score}</Link> : d.evaluation.score}
                    <PassTag passed={d.evaluation.passed} />
                    {formatDateTime(d.evaluation.subject.occurredAt, locale)}
                  </Space>
                ),
              }]
            : []),
          ...(d.note ? [{ key: 'note', label: t('quality.coaching.note'), children: d.note }] : []),
          ...(d.agentNote ? [{ key: 'agentNote', label: t('quality.coaching.agentNote'), children: d.agentNote }] : []),
          ...(d.closeNote ? [{ key: 'closeNote', label: t('quality.coaching.closeNote'), children: d.closeNote }] : []),
          ...(d.followUp
            ? [{ key: 'follow', label: t('quality.coaching.followUp'), children: <Space>{d.followUp.score}<PassTag passed={d.followUp.passed} /></Space> }]
            : []),
        ]}
      />
      <Typography.Title level={5}>{t('quality.coaching.items')}</Typography.Title>
      <Space wrap data-testid="qa-coaching-items">
        {d.items.length ? d.items.map((i) => <Tag key={i.key}>{i.label}</Tag>) : <Typography.Text type="secondary">—</Typography.Text>}
      </Space>
      {d.library.length > 0 && (
        <>
          <Typography.Title level={5}>{t('quality.coaching.recordings')}</Typography.Title>
          <RecordingList items={d.library} />
        </>
      )}
      <Typography.Title level={5}>{t('quality.detail.audit')}</Typography.Title>
      <ActionTrail trail={d.trail} />
    </>
  );
}
