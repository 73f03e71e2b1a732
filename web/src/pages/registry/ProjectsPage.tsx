import { Card, Input, Table, Tag, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api, type Project } from '../../api';
import { useRequest } from '../../hooks';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';

export default function ProjectsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const res = useRequest(() => api.projects({ q: q || undefined }), [q]);

  return (
    <>
      <PageHeader title={t('nav.projects')} sub={t('project.listHint')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('project.searchPlaceholder')}
          aria-label={t('project.searchPlaceholder')}
          onSearch={(v) => setParams(v ? { q: v } : {})}
          style={{ maxWidth: 320, marginBottom: 12 }}
        />
        <Table<Project>
          rowKey="id"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          pagination={false}
          scroll={{ x: 640 }}
          data-testid="projects-table"
          columns={[
            { title: t('project.code'), dataIndex: 'code', width: 100 },
            {
              title: t('project.name'),
              dataIndex: 'name',
              render: (name: string, p) => <Link to={`/registry/projects/${p.id}`}>{name}</Link>,
            },
            { title: t('project.kind'), dataIndex: 'kind', width: 120, render: (k: Project['kind']) => <Tag>{t(`projectKind.${k}`)}</Tag> },
            { title: t('project.address'), dataIndex: 'address', render: (a: string | null) => a ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> },
          ]}
        />
      </Card>
    </>
  );
}
