import { useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Party, type PartyKind } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';

import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { ProjectSelect, useProjects } from './common';
import { PartyDrawer } from './PartyDrawer';
import { PartyFormModal } from './PartyFormModal';

const PARTY_KINDS: readonly PartyKind[] = ['person', 'company'];

const parseFilters = (p: URLSearchParams) => ({
  q: text(p, 'q'),
  projectId: text(p, 'projectId'),
  kind: oneOf(p, 'kind', PARTY_KINDS),
});

export default function PartiesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const locale = useLocale();
  const projects = useProjects();
  const { values: filters, update, key } = useListParams(parseFilters);
  const res = useRequest(() => api.parties(filters), [key]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  return (
    <>
      <PageHeader
        title={t('nav.parties')}
        extra={
          hasPermission(user, 'registry.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('party.create')}
            </Button>
          )
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <Input.Search
              data-wide
            key={filters.q ?? ''}
            defaultValue={filters.q}
            allowClear
            enterButton
            placeholder={t('party.searchPlaceholder')}
            aria-label={t('party.searchPlaceholder')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
            data-testid="party-search"
          />
          <ProjectSelect projects={projects.data?.items} value={filters.projectId} allowClear aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string>
            value={filters.kind}
            allowClear
            placeholder={t('party.kind')}
            aria-label={t('party.kind')}
            onChange={(v) => update({ kind: v as PartyKind | undefined })}
            options={[
              { value: 'person', label: t('partyKind.person') },
              { value: 'company', label: t('partyKind.company') },
            ]}
          />
        </FilterBar>
        <Table<Party>
          rowKey="id"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="parties-table"
          onRow={(p) => ({ onClick: () => setOpenId(p.id), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, filters, res.data?.total ?? 0, update)}
          columns={[
            {
              title: t('party.name'),
              dataIndex: 'name',
              render: (n: string, p) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpenId(p.id);
                  }}
                >
                  {n}
                </Button>
              ),
            },
            { title: t('party.kind'), dataIndex: 'kind', render: (k: PartyKind) => t(`partyKind.${k}`), responsive: ['md'] },
            {
              title: t('party.phones'),
              key: 'phones',
              render: (_: unknown, p) => (
                <Space direction="vertical" size={0}>
                  {p.phones.map((ph) => (
                    <span key={ph.digits + (ph.extension ?? '')}>{ph.display}</span>
                  ))}
                </Space>
              ),
            },
            {
              title: t('party.units'),
              key: 'units',
              render: (_: unknown, p) => (
                <Space wrap size={[4, 4]}>
                  {p.units.map((u) => (
                    <Tag key={u.relationId} color={u.moveOutDate ? undefined : 'blue'}>
                      {t('party.unitTag', { building: u.buildingName, number: u.unitNumber, role: t(`partyRole.${u.role}`) })}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('party.idNumber'),
              dataIndex: 'idNumberMasked',
              responsive: ['lg'],
              render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text>,
            },
          ]}
        />
      </Card>
      <PartyDrawer partyId={openId} onClose={() => setOpenId(null)} onChanged={res.reload} />
      <PartyFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(id) => {
          setCreating(false);
          res.reload();
          setOpenId(id);
        }}
      />
    </>
  );
}
