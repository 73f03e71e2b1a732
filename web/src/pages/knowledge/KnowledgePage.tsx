import { Button, Card, Empty, Flex, Input, List, Select, Space, Table, Typography } from 'antd';
import { AuditOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatDateTime } from '../../format';
import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { ProjectSelect, projectName, useProjects } from '../registry/common';
import { ARTICLE_TYPES, knowledgeApi, type Article, type ArticleType, type Hit } from './api';
import { CategoryTags, TypeSelect, TypeTag, useCategoryOptions, VisibilityTag } from './KnowledgeBits';
import { Highlighted } from './Markdown';

const parseFilters = (p: URLSearchParams) => ({
  q: text(p, 'q'),
  type: oneOf(p, 'type', ARTICLE_TYPES),
  category: text(p, 'category'),
  projectId: text(p, 'projectId'),
});

/**
 * 知识库 — search (highlighted title and snippet, best first) or browse the published articles by
 * type, category and project. Filters live in the URL.
 */
export default function KnowledgePage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const user = useUser();
  const navigate = useNavigate();
  const { values: f, update, key } = useListParams(parseFilters);
  const projects = useProjects();
  const categoryOptions = useCategoryOptions();
  const { q, page, pageSize, ...filters } = f;
  const search = useRequest(() => knowledgeApi.search({ q: q!, ...filters, limit: 50 }), [key], !!q);
  const browse = useRequest(() => knowledgeApi.articles({ ...filters, page, pageSize }), [key], !q);
  const res = q ? search : browse;

  return (
    <>
      <PageHeader
        title={t('knowledge.nav.centre')}
        sub={t('knowledge.centre.sub')}
        extra={
          <>
            {hasPermission(user, 'knowledge.write') && (
              <Button icon={<AuditOutlined />} onClick={() => navigate('/knowledge/review')}>
                {t('knowledge.nav.review')}
              </Button>
            )}
            {hasPermission(user, 'knowledge.write') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/knowledge/new')} data-testid="kb-new">
                {t('knowledge.centre.new')}
              </Button>
            )}
          </>
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <Input.Search
            data-wide
            allowClear
            defaultValue={q}
            key={`q-${q ?? ''}`}
            placeholder={t('knowledge.centre.searchPlaceholder')}
            aria-label={t('knowledge.centre.search')}
            enterButton={t('knowledge.centre.search')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            data-testid="kb-search"
          />
          <TypeSelect allowClear value={f.type} placeholder={t('knowledge.field.type')} aria-label={t('knowledge.field.type')} onChange={(v) => update({ type: v as ArticleType | undefined })} />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={f.category}
            placeholder={t('knowledge.field.category')}
            aria-label={t('knowledge.field.category')}
            options={categoryOptions}
            onChange={(v: string | undefined) => update({ category: v })}
          />
          <ProjectSelect projects={projects.data?.items} value={f.projectId} allowClear aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
        </FilterBar>
        {q ? (
          <List<Hit>
            loading={search.loading}
            dataSource={search.data?.items ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('knowledge.centre.noResults')} /> }}
            data-testid="kb-results"
            renderItem={(h) => (
              <List.Item style={{ paddingInline: 0 }} data-testid="kb-hit" data-key={h.key}>
                <div style={{ minWidth: 0, width: '100%' }}>
                  <Flex wrap gap={6} align="center">
                    <Link to={`/knowledge/articles/${h.id}`} style={{ fontSize: 15, fontWeight: 500 }}>
                      <Highlighted html={h.titleHighlighted} />
                    </Link>
                    <TypeTag type={h.type} />
                    {h.visibility === 'residents' && <VisibilityTag visibility={h.visibility} />}
                  </Flex>
                  <Typography.Paragraph type="secondary" style={{ margin: '4px 0', overflowWrap: 'anywhere' }}>
                    <Highlighted html={h.snippet} />
                  </Typography.Paragraph>
                  <Space size={4} wrap style={{ fontSize: 12 }}>
                    <CategoryTags categories={h.categories} />
                    {h.projectIds.map((p) => (
                      <Typography.Text key={p} type="secondary" style={{ fontSize: 12 }}>
                        {projectName(projects.data?.items, p)}
                      </Typography.Text>
                    ))}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('knowledge.helpfulCount', { count: h.helpfulCount })} · {formatDateTime(h.publishedAt, locale)}
                    </Typography.Text>
                  </Space>
                </div>
              </List.Item>
            )}
          />
        ) : (
          <Table<Article>
            rowKey="id"
            size="middle"
            loading={browse.loading}
            dataSource={browse.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="kb-table"
            pagination={listPagination(t, locale, { page, pageSize }, browse.data?.total ?? 0, (p) => update(p))}
            columns={[
              {
                title: t('knowledge.field.title'),
                dataIndex: 'title',
                render: (title: string, a) => (
                  <div style={{ maxWidth: 420 }}>
                    <Link to={`/knowledge/articles/${a.id}`}>{title}</Link>
                    {!a.live && <Typography.Text type="warning"> · {t('knowledge.notLive')}</Typography.Text>}
                  </div>
                ),
              },
              { title: t('knowledge.field.type'), dataIndex: 'type', render: (x: ArticleType) => <TypeTag type={x} /> },
              { title: t('knowledge.field.category'), dataIndex: 'categories', render: (c: string[]) => <CategoryTags categories={c} />, responsive: ['md'] },
              {
                title: t('knowledge.field.projects'),
                dataIndex: 'projectIds',
                render: (ids: string[]) => (ids.length ? ids.map((p) => projectName(projects.data?.items, p)).join('、') : t('knowledge.allProjects')),
                responsive: ['lg'],
              },
              { title: t('knowledge.field.visibility'), dataIndex: 'visibility', render: (v: Article['visibility']) => <VisibilityTag visibility={v} />, responsive: ['lg'] },
              { title: t('knowledge.field.reviewDueOn'), dataIndex: 'reviewDueOn', render: (d: string | null) => formatDate(d, locale), responsive: ['xl'] },
              { title: t('knowledge.helpful'), key: 'helpful', render: (_, a) => `${a.helpfulCount} / ${a.notHelpfulCount}`, responsive: ['xl'] },
            ]}
          />
        )}
      </Card>
    </>
  );
}
