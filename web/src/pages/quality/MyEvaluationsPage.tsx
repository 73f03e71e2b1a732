import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Empty, Flex, Grid, Input, List, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { oneOf, text, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { qualityApi, type Evaluation, type QualityAction } from './api';
import { PassTag, ScoreSheet, StateTag } from './ScoreSheet';
import { AuditTrail } from './EvaluationPage';

const TABS = ['evaluations', 'notices'] as const;
const parseFilters = (p: URLSearchParams) => ({ tab: oneOf(p, 'tab', TABS), open: text(p, 'open') });

/**
 * 我的质检 — the agent's own results (released ones only), each opened to see where points were
 * lost and why; acknowledge or dispute with a reason. Notices (质检提醒单 / 整改通知单) are signed
 * for here. Laid out as lists so it works on a phone.
 */
export default function MyEvaluationsPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update, key } = useListParams(parseFilters);
  const tab = f.tab ?? 'evaluations';
  const list = useRequest(() => qualityApi.myEvaluations({ page: f.page, pageSize: f.pageSize }), [f.page, f.pageSize], tab === 'evaluations');
  const notices = useRequest(() => qualityApi.myActions(), [key], tab === 'notices');
  const error = tab === 'evaluations' ? list.error : notices.error;

  return (
    <>
      <PageHeader title={t('quality.nav.my')} sub={t('quality.my.sub')} />
      {error && <LoadError error={error} onRetry={tab === 'evaluations' ? list.reload : notices.reload} />}
      <Card styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k as (typeof TABS)[number], open: undefined })}
          items={[
            {
              key: 'evaluations',
              label: t('quality.my.evaluations'),
              children: (
                <List<Evaluation>
                  loading={list.loading}
                  dataSource={list.data?.items ?? []}
                  data-testid="qa-my-list"
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.my.none')} /> }}
                  pagination={list.data && list.data.total > f.pageSize ? { current: f.page, pageSize: f.pageSize, total: list.data.total, simple: true, onChange: (page) => update({ page, open: f.open }) } : false}
                  renderItem={(e) => (
                    <List.Item onClick={() => update({ open: e.id, page: f.page })} style={{ cursor: 'pointer', paddingInline: 0 }} data-testid="qa-my-item" data-id={e.id}>
                      <Flex justify="space-between" align="center" style={{ width: '100%' }} gap={8}>
                        <div style={{ minWidth: 0 }}>
                          <div>
                            <Tag>{t(`quality.kind.${e.subject.kind}`)}</Tag>
                            {formatDateTime(e.subject.occurredAt, locale)}
                          </div>
                          <Space size={4} wrap style={{ marginTop: 4 }}>
                            <StateTag state={e.state} />
                            <PassTag passed={e.passed} />
                          </Space>
                        </div>
                        <Typography.Text strong style={{ fontSize: 20, color: e.passed ? '#389e0d' : '#cf1322' }}>
                          {e.score}
                        </Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              ),
            },
            {
              key: 'notices',
              label: t('quality.my.notices'),
              children: <Notices items={notices.data?.items} loading={notices.loading} onChanged={notices.reload} />,
            },
          ]}
        />
      </Card>
      <MyEvaluationDrawer id={f.open} onClose={() => update({ open: undefined, page: f.page })} onChanged={list.reload} />
    </>
  );
}

function MyEvaluationDrawer({ id, onClose, onChanged }: { id: string | undefined; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const detail = useRequest(() => qualityApi.myEvaluation(id!), [id], !!id);
  const [disputing, setDisputing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const d = id ? detail.data : undefined;

  const act = async (fn: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await fn();
      message.success(done);
      setDisputing(false);
      setReason('');
      detail.reload();
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={!!id} onClose={onClose} width={screens.md ? 640 : '100%'} title={t('quality.nav.evaluation')} destroyOnClose data-testid="qa-my-drawer">
      {detail.error && <LoadError error={detail.error} onRetry={detail.reload} />}
      {!d || d.id !== id ? (
        <Skeleton active />
      ) : (
        <>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'score', label: t('quality.field.score'), children: <span data-testid="qa-my-score">{d.score}</span> },
              { key: 'passed', label: t('quality.field.result'), children: <PassTag passed={d.passed} /> },
              { key: 'state', label: t('quality.field.state'), children: <StateTag state={d.state} /> },
              { key: 'kind', label: t('quality.field.subject'), children: `${t(`quality.kind.${d.subject.kind}`)} · ${formatDateTime(d.subject.occurredAt, locale)}` },
              { key: 'inspector', label: t('quality.field.inspector'), children: d.inspectorName },
              ...(d.comment ? [{ key: 'comment', label: t('quality.field.comment'), children: d.comment }] : []),
              ...(d.disputeReason ? [{ key: 'dispute', label: t('quality.my.disputeReason'), children: d.disputeReason }] : []),
              ...(d.reviewOutcome ? [{ key: 'outcome', label: t('quality.review.outcome'), children: t(`quality.outcome.${d.reviewOutcome}`) }] : []),
              ...(d.reviewNote ? [{ key: 'reviewNote', label: t('quality.detail.reviewNote'), children: d.reviewNote }] : []),
            ]}
          />
          {d.state === 'notified' && (
            <div style={{ margin: '12px 0' }}>
              {disputing ? (
                <>
                  <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('quality.my.disputeHint')} aria-label={t('quality.my.disputeReason')} maxLength={2000} data-testid="qa-dispute-reason" />
                  <Flex gap={8} style={{ marginTop: 8 }}>
                    <Button type="primary" danger disabled={reason.trim().length < 2} loading={busy} onClick={() => void act(() => qualityApi.dispute(d.id, reason.trim()), t('quality.my.disputed'))} data-testid="qa-dispute-submit">
                      {t('quality.my.dispute')}
                    </Button>
                    <Button onClick={() => setDisputing(false)}>{t('common.cancel')}</Button>
                  </Flex>
                </>
              ) : (
                <Flex gap={8} wrap>
                  <Button type="primary" loading={busy} onClick={() => void act(() => qualityApi.acknowledge(d.id), t('quality.my.acknowledged'))} data-testid="qa-acknowledge">
                    {t('quality.my.acknowledge')}
                  </Button>
                  <Button danger onClick={() => setDisputing(true)} data-testid="qa-dispute">
                    {t('quality.my.dispute')}
                  </Button>
                </Flex>
              )}
            </div>
          )}
          {d.answers && (
            <ScoreSheet def={d.scorecard.definition} answers={d.answers} readOnly lost={Object.fromEntries((d.result?.items ?? []).map((i) => [i.key, i.lost]))} testId="qa-sheet-read" />
          )}
          <Typography.Title level={5}>{t('quality.detail.audit')}</Typography.Title>
          <AuditTrail audit={d.audit} />
        </>
      )}
    </Drawer>
  );
}

function Notices({ items, loading, onChanged }: { items: QualityAction[] | undefined; loading: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const sign = async (a: QualityAction) => {
    setBusy(a.id);
    try {
      await qualityApi.signAction(a.id);
      message.success(t('quality.my.signed'));
      onChanged();
    } catch (err) {
      message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <List<QualityAction>
      loading={loading}
      dataSource={items ?? []}
      data-testid="qa-my-notices"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('quality.my.noNotices')} /> }}
      renderItem={(a) => (
        <List.Item style={{ paddingInline: 0 }}>
          <div style={{ width: '100%' }}>
            <Flex justify="space-between" wrap gap={8}>
              <div>
                <Typography.Text strong>{a.type === 'ladder' && a.step ? t(`quality.step.${a.step}`) : t(`quality.actionType.${a.type}`)}</Typography.Text> <Tag>{t(`quality.actionState.${a.state}`)}</Tag>
                <div style={{ fontSize: 12, color: '#888' }}>
                  {a.docNo ? `${a.docNo} · ` : ''}
                  {formatDateTime(a.createdAt, locale)}
                  {a.dueOn ? ` · ${t('quality.my.dueOn', { date: formatDate(a.dueOn, locale) })}` : ''}
                </div>
                {a.priorCount !== null && <div style={{ fontSize: 12 }}>{t('quality.my.priorCount', { count: a.priorCount })}</div>}
              </div>
              <Space wrap>
                {a.docNo && (
                  <>
                    <a href={qualityApi.myActionDocumentUrl(a.id, 'html')} target="_blank" rel="noreferrer">
                      {t('quality.my.view')}
                    </a>
                    <a href={qualityApi.myActionDocumentUrl(a.id, 'docx')}>{t('quality.my.download')}</a>
                  </>
                )}
                {a.state === 'issued' && !a.acknowledgedAt && (
                  <Button size="small" type="primary" loading={busy === a.id} onClick={() => void sign(a)} data-testid="qa-sign">
                    {t('quality.my.sign')}
                  </Button>
                )}
              </Space>
            </Flex>
          </div>
        </List.Item>
      )}
    />
  );
}
