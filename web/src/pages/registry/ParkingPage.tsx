import { useState } from 'react';
import { Card, Flex, Input, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, type ParkingKind, type ParkingSpace, type ParkingState } from '../../api';
import { useLocale, useRequest } from '../../hooks';

import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { ParkingStateTag, projectName, ProjectSelect, useProjects } from './common';
import { UnitDrawer } from './UnitDrawer';
import { PartyDrawer } from './PartyDrawer';

const STATES: ParkingState[] = ['free', 'occupied', 'reserved'];

const parseFilters = (p: URLSearchParams) => ({
  projectId: text(p, 'projectId'),
  state: oneOf(p, 'state', STATES),
  q: text(p, 'q'),
});

export default function ParkingPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const projects = useProjects();
  const { values: filters, update, key } = useListParams(parseFilters);
  const res = useRequest(() => api.parkingSpaces(filters), [key]);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [partyId, setPartyId] = useState<string | null>(null);

  return (
    <>
      <PageHeader title={t('nav.parking')} />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        <FilterBar>
          <ProjectSelect projects={projects.data?.items} value={filters.projectId} allowClear aria-label={t('filter.project')} onChange={(v) => update({ projectId: v })} />
          <Select<string>
            value={filters.state}
            allowClear
            placeholder={t('filter.state')}
            aria-label={t('filter.state')}
            onChange={(v) => update({ state: v as ParkingState | undefined })}
            options={STATES.map((s) => ({ value: s, label: t(`parkingState.${s}`) }))}
          />
          <Input.Search
              data-wide
            key={filters.q ?? ''}
            defaultValue={filters.q}
            allowClear
            placeholder={t('parking.searchPlaceholder')}
            aria-label={t('parking.searchPlaceholder')}
            onSearch={(v) => update({ q: v.trim() || undefined })}
          />
        </FilterBar>
        <Table<ParkingSpace>
          rowKey="id"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="parking-table"
          pagination={listPagination(t, locale, filters, res.data?.total ?? 0, update)}
          columns={[
            { title: t('parking.code'), dataIndex: 'code' },
            { title: t('unit.project'), dataIndex: 'projectId', render: (id: string) => projectName(projects.data?.items, id), responsive: ['md'] },
            { title: t('parking.kind'), dataIndex: 'kind', render: (k: ParkingKind) => <Tag>{t(`parkingKind.${k}`)}</Tag> },
            { title: t('parking.state'), dataIndex: 'state', render: (s: ParkingState) => <ParkingStateTag state={s} /> },
            { title: t('parking.plate'), dataIndex: 'plate', render: (v: string | null) => v ?? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> },
            {
              title: t('parking.holder'),
              key: 'holder',
              render: (_: unknown, s) => (
                <Flex gap={8} wrap>
                  {s.unitId && <Typography.Link onClick={() => setUnitId(s.unitId)}>{t('parking.viewUnit')}</Typography.Link>}
                  {s.partyId && <Typography.Link onClick={() => setPartyId(s.partyId)}>{t('parking.viewParty')}</Typography.Link>}
                  {!s.unitId && !s.partyId && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
                </Flex>
              ),
            },
          ]}
        />
      </Card>
      <UnitDrawer unitId={unitId} onClose={() => setUnitId(null)} />
      <PartyDrawer partyId={partyId} onClose={() => setPartyId(null)} />
    </>
  );
}
