import { useMemo, useState } from 'react';
import { Button, Card, Input, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, UNIT_STATES, UNIT_TYPES, type Unit, type UnitState, type UnitType } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatNumber } from '../../format';
import { listPagination, oneOf, text, useListParams } from '../../listParams';
import { FilterBar } from '../../components/FilterBar';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { BuildingSelect, projectName, ProjectSelect, UnitStateSelect, UnitStateTag, UnitTypeSelect, useProjects } from './common';
import { UnitDrawer } from './UnitDrawer';
import { UnitFormModal } from './UnitFormModal';

const parseFilters = (p: URLSearchParams) => ({
  projectId: text(p, 'projectId'),
  buildingId: text(p, 'buildingId'),
  state: oneOf(p, 'state', UNIT_STATES),
  type: oneOf(p, 'type', UNIT_TYPES),
  q: text(p, 'q'),
});

export default function UnitsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const locale = useLocale();
  const { values: filters, update, key } = useListParams(parseFilters);
  const projects = useProjects();
  const res = useRequest(() => api.units(filters), [key]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const isResident = user.role === 'resident';
  const createDefaults = useMemo(() => ({ projectId: filters.projectId, buildingId: filters.buildingId }), [filters.projectId, filters.buildingId]);

  return (
    <>
      <PageHeader
        title={isResident ? t('unit.myUnits') : t('nav.units')}
        extra={
          hasPermission(user, 'registry.write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('unit.create')}
            </Button>
          )
        }
      />
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      <Card>
        {!isResident && (
          <FilterBar>
            <ProjectSelect
              projects={projects.data?.items}
              value={filters.projectId}
              allowClear
              aria-label={t('filter.project')}
              onChange={(v) => update({ projectId: v, buildingId: undefined })}
            />
            <BuildingSelect
              projectId={filters.projectId}
              value={filters.buildingId}
              allowClear
              aria-label={t('filter.building')}
              onChange={(v) => update({ buildingId: v })}
            />
            <UnitStateSelect value={filters.state} allowClear aria-label={t('filter.state')} onChange={(v) => update({ state: v as UnitState | undefined })} />
            <UnitTypeSelect value={filters.type} allowClear aria-label={t('filter.type')} onChange={(v) => update({ type: v as UnitType | undefined })} />
            <Input.Search
              data-wide
              key={filters.q ?? ''}
              defaultValue={filters.q}
              allowClear
              placeholder={t('unit.searchPlaceholder')}
              aria-label={t('unit.searchPlaceholder')}
              onSearch={(v) => update({ q: v.trim() || undefined })}
              data-testid="unit-search"
            />
          </FilterBar>
        )}
        <Table<Unit>
          rowKey="id"
          size="middle"
          loading={res.loading}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="units-table"
          onRow={(u) => ({ onClick: () => setOpenId(u.id), style: { cursor: 'pointer' } })}
          pagination={listPagination(t, locale, filters, res.data?.total ?? 0, update)}
          columns={[
            { title: t('unit.project'), dataIndex: 'projectId', render: (id: string) => projectName(projects.data?.items, id), responsive: ['lg'] },
            { title: t('unit.building'), dataIndex: 'buildingName' },
            {
              title: t('unit.number'),
              dataIndex: 'number',
              render: (n: string, u) => (
                <Button
                  type="link"
                  size="small"
                  style={{ padding: 0 }}
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpenId(u.id);
                  }}
                >
                  {n}
                </Button>
              ),
            },
            { title: t('unit.floor'), dataIndex: 'floor', align: 'right', render: (f: number | null) => f ?? '', responsive: ['sm'] },
            { title: t('unit.areaM2'), dataIndex: 'areaM2', align: 'right', render: (a: number) => t('unit.areaValue', { value: formatNumber(a, locale) }) },
            { title: t('unit.type'), dataIndex: 'type', render: (v: UnitType) => t(`unitType.${v}`), responsive: ['md'] },
            { title: t('unit.state'), dataIndex: 'state', render: (s: UnitState) => <UnitStateTag state={s} /> },
          ]}
        />
      </Card>
      <UnitDrawer unitId={openId} onClose={() => setOpenId(null)} onChanged={res.reload} />
      <UnitFormModal
        open={creating}
        defaults={createDefaults}
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
