import { Card, Empty, Flex, List, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { listPagination, oneOf, useListParams } from '../../listParams';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { knowledgeApi, type PendingItem, type ReviewItem } from './api';
import { RevisionStateTag } from './KnowledgeBits';

const TABS = ['pending', 'review', 'mine'] as const;
type TabKey = (typeof TABS)[number];
const parseFilters = (p: URLSearchParams) => ({ tab: oneOf(p, 'tab', TABS) });
const REASON_COLORS = { review_due: 'orange', outdated: 'red', pending_approval: 'gold' } as const;

/**
 * 待审与待复核 — revisions waiting for a decision, articles due for review (review date passed,
 * flagged outdated, or with a revision waiting), and the user's own drafts.
 */
export default function ReviewPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { values: f, update, key } = useListParams(parseFilters);
  const tab: TabKey = f.tab ?? 'pending';
  const paged = useRequest(() => knowledgeApi.revisionsWaiting({ view: tab === 'mine' ? 'mine' : 'pending', page: f.page, pageSize: f.pageSize }), [key], tab !== 'review');
  const queue = useRequest(() => knowledgeApi.reviewQueue(), [key], tab === 'review');
  const error = tab === 'review' ? queue.error : paged.error;

  const revisionTable = (
    <Table<PendingItem>
      rowKey={(x) => x.revision.id}
      size="middle"
      loading={paged.loading}
      dataSource={paged.data?.items ?? []}
      scroll={{ x: 'max-content' }}
      data-testid="kb-pending"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.review.nothing')} /> }}
      pagination={listPagination(t, locale, { page: f.page, pageSize: f.pageSize }, paged.data?.total ?? 0, (p) => update(p))}
      columns={[
        {
          title: t('knowledge.field.title'),
          key: 'title',
          render: (_, x) => (
            <Link to={`/knowledge/articles/${x.article.id}`} data-testid="kb-pending-link">
              {x.article.title}
            </Link>
          ),
        },
        { title: t('knowledge.review.revision'), key: 'seq', render: (_, x) => t('knowledge.revisions.seq', { seq: x.revision.seq }) },
        { title: t('knowledge.review.state'), key: 'state', render: (_, x) => <RevisionStateTag state={x.revision.state} /> },
        { title: t('knowledge.review.author'), key: 'author', render: (_, x) => x.revision.authorName ?? '' },
        { title: t('knowledge.review.at'), key: 'at', render: (_, x) => formatDateTime(x.revision.createdAt, locale), responsive: ['md'] },
        { title: t('knowledge.field.changeNote'), key: 'note', render: (_, x) => <Typography.Text ellipsis={{ tooltip: x.revision.decisionNote ?? x.revision.changeNote }} style={{ maxWidth: 260 }}>{x.revision.decisionNote ?? x.revision.changeNote ?? ''}</Typography.Text>, responsive: ['lg'] },
      ]}
    />
  );

  return (
    <>
      <PageHeader title={t('knowledge.nav.review')} sub={t('knowledge.review.sub')} />
      {error && <LoadError error={error} onRetry={tab === 'review' ? queue.reload : paged.reload} />}
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k as TabKey })}
          style={{ marginTop: -8 }}
          items={[
            { key: 'pending', label: t('knowledge.review.tab.pending'), children: tab === 'pending' && revisionTable },
            {
              key: 'review',
              label: t('knowledge.review.tab.review'),
              children: (
                <List<ReviewItem>
                  loading={queue.loading}
                  dataSource={queue.data?.items ?? []}
                  data-testid="kb-review-queue"
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.review.nothing')} /> }}
                  renderItem={(x) => (
                    <List.Item style={{ paddingInline: 0 }}>
                      <div style={{ minWidth: 0 }}>
                        <Link to={`/knowledge/articles/${x.article.id}`}>{x.article.title}</Link>
                        <Flex wrap gap={4} style={{ marginTop: 4 }}>
                          {x.reasons.map((r) => (
                            <Tag key={r} color={REASON_COLORS[r]}>
                              {t(`knowledge.review.reason.${r}`, { count: x.outdatedFlags })}
                            </Tag>
                          ))}
                          {x.article.reviewDueOn && (
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('knowledge.field.reviewDueOn')} {formatDate(x.article.reviewDueOn, locale)}
                            </Typography.Text>
                          )}
                        </Flex>
                      </div>
                    </List.Item>
                  )}
                />
              ),
            },
            { key: 'mine', label: t('knowledge.review.tab.mine'), children: tab === 'mine' && revisionTable },
          ]}
        />
      </Card>
    </>
  );
}
