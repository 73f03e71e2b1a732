import { useState } from 'react';
import { App, Button, Card, InputNumber, Modal, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDateTime } from '../../format';
import { formatMoney, yuanToFen } from '../../money';
import { oneOf, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { qualityApi, type Approval } from './api';
import { ActionTrail } from './CoachingPage';

const TABS = ['pending_approval', 'decided'] as const;
const parseFilters = (p: URLSearchParams) => ({ tab: oneOf(p, 'tab', TABS) });

/**
 * 扣罚 / 辞退审批 — the heavy steps of the penalty ladder wait here for a manager. Four eyes: the
 * person whose scoring raised the step or who proposed the fine's amount cannot decide it; the
 * row says so before anyone clicks. A fine is decided on an amount (fen, shown in yuan).
 */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const { message } = App.useApp();
  const { values: f, update, key } = useListParams(parseFilters);
  const tab = f.tab ?? 'pending_approval';
  const list = useRequest(() => qualityApi.approvals(tab), [key]);
  const [amount, setAmount] = useState<Record<string, number | null>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [trailOf, setTrailOf] = useState<string | null>(null);
  const trail = useRequest(() => qualityApi.actionTrail(trailOf!), [trailOf], !!trailOf);
  const canPropose = hasPermission(user, 'quality.write');

  const run = async (id: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(id);
    try {
      await fn();
      message.success(done);
      list.reload();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader title={t('quality.nav.approvals')} sub={t('quality.approvals.sub')} />
      {list.error && <LoadError error={list.error} onRetry={list.reload} />}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs activeKey={tab} onChange={(k) => update({ tab: k as (typeof TABS)[number] })} items={TABS.map((k) => ({ key: k, label: t(`quality.approvals.tab.${k}`) }))} />
        <Table<Approval>
          rowKey="id"
          size="small"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          data-testid="qa-approvals"
          scroll={{ x: 900 }}
          columns={[
            { title: t('quality.field.agent'), key: 'agent', render: (_, r) => r.agentName },
            { title: t('quality.approvals.step'), key: 'step', render: (_, r) => <Tag color="red">{r.step ? t(`quality.step.${r.step}`) : ''}</Tag> },
            {
              title: t('quality.field.score'),
              key: 'score',
              render: (_, r) => (r.evaluationId ? <Link to={`/quality/evaluations/${r.evaluationId}`}>{r.score ?? '—'}</Link> : '—'),
            },
            { title: t('quality.approvals.priorCount'), key: 'prior', render: (_, r) => r.priorCount },
            { title: t('quality.approvals.raisedBy'), key: 'by', render: (_, r) => <div>{r.createdByName}<div style={{ fontSize: 12, color: '#888' }}>{formatDateTime(r.createdAt, locale)}</div></div> },
            {
              title: t('quality.approvals.fine'),
              key: 'fine',
              render: (_, r) =>
                r.step !== 'fine' ? (
                  '—'
                ) : (
                  <div>
                    {r.fineFen != null ? <span data-testid="qa-fine-amount">{formatMoney(r.fineFen, locale)}</span> : <Typography.Text type="warning">{t('quality.approvals.noAmount')}</Typography.Text>}
                    {r.proposedByName && <div style={{ fontSize: 12, color: '#888' }}>{t('quality.approvals.proposedBy', { name: r.proposedByName })}</div>}
                    {tab === 'pending_approval' && canPropose && (
                      <Space.Compact style={{ marginTop: 4 }}>
                        <InputNumber<number>
                          min={0.01}
                          step={10}
                          precision={2}
                          addonBefore="¥"
                          style={{ width: 140 }}
                          value={amount[r.id] ?? null}
                          onChange={(v) => setAmount((m) => ({ ...m, [r.id]: v }))}
                          aria-label={t('quality.approvals.amount')}
                          data-testid="qa-fine-input"
                        />
                        <Button
                          disabled={!amount[r.id]}
                          loading={busy === r.id}
                          onClick={() => void run(r.id, () => qualityApi.proposeFine(r.id, yuanToFen(amount[r.id]!)!), t('quality.approvals.proposed'))}
                          data-testid="qa-fine-propose"
                        >
                          {t('quality.approvals.propose')}
                        </Button>
                      </Space.Compact>
                    )}
                  </div>
                ),
            },
            {
              title: '',
              key: 'act',
              render: (_, r) =>
                tab === 'pending_approval' ? (
                  <Space>
                    <Tooltip title={r.canDecide ? undefined : t('quality.approvals.cannotDecide')}>
                      <Button type="primary" size="small" disabled={!r.canDecide || (r.step === 'fine' && r.fineFen == null)} loading={busy === r.id} onClick={() => void run(r.id, () => qualityApi.decideAction(r.id, true), t('quality.approvals.approved'))} data-testid="qa-approve">
                        {t('quality.approvals.approve')}
                      </Button>
                    </Tooltip>
                    <Button size="small" danger disabled={!r.canDecide} onClick={() => void run(r.id, () => qualityApi.decideAction(r.id, false), t('quality.approvals.rejected'))} data-testid="qa-reject">
                      {t('quality.approvals.reject')}
                    </Button>
                    <Button size="small" type="link" onClick={() => setTrailOf(r.id)}>
                      {t('quality.approvals.trail')}
                    </Button>
                  </Space>
                ) : (
                  <Space>
                    <Tag color={r.state === 'rejected' ? 'default' : 'red'}>{t(`quality.actionState.${r.state}`)}</Tag>
                    {r.decidedByName}
                    <Button size="small" type="link" onClick={() => setTrailOf(r.id)}>
                      {t('quality.approvals.trail')}
                    </Button>
                  </Space>
                ),
            },
          ]}
        />
      </Card>
      <Modal open={!!trailOf} footer={null} onCancel={() => setTrailOf(null)} title={t('quality.approvals.trail')} destroyOnClose>
        {trail.data && <ActionTrail trail={trail.data.items} />}
      </Modal>
    </>
  );
}
