import { useState } from 'react';
import { Button, Descriptions, Drawer, Grid, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, type Occupant } from '../../api';
import { useUser } from '../../auth';
import { hasPermission } from '../../access';
import { useLocale, useRequest } from '../../hooks';
import { formatDate, formatNumber } from '../../format';
import { LoadError } from '../../components/LoadError';
import { FullPageSpin } from '../../components/FullPageSpin';
import { projectName, UnitStateTag, useProjects } from './common';
import { UnitFormModal } from './UnitFormModal';
import { PartyDrawer } from './PartyDrawer';

/** One unit with its occupants (owners, tenants, family); occupants open the party drawer. */
export function UnitDrawer({ unitId, onClose, onChanged }: { unitId: string | null; onClose: () => void; onChanged?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const locale = useLocale();
  const screens = Grid.useBreakpoint();
  const projects = useProjects();
  const res = useRequest(() => api.unit(unitId!), [unitId], !!unitId);
  const [editing, setEditing] = useState(false);
  const [partyId, setPartyId] = useState<string | null>(null);
  const u = res.data && res.data.id === unitId ? res.data : undefined;
  const canWrite = hasPermission(user, 'registry.write');
  // Residents only see their own relation, so the party drawer is staff-only.
  const canOpenParty = user.role !== 'resident';

  return (
    <Drawer
      open={!!unitId}
      onClose={onClose}
      width={screens.md ? 560 : '100%'}
      title={u ? t('unit.drawerTitle', { building: u.buildingName ?? '', number: u.number }) : t('nav.units')}
      extra={
        u &&
        canWrite && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="unit-drawer"
    >
      {res.error && <LoadError error={res.error} onRetry={res.reload} />}
      {!u && !res.error && <FullPageSpin />}
      {u && (
        <>
          <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
            <Descriptions.Item label={t('unit.project')}>{projectName(projects.data?.items, u.projectId) || t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('unit.building')}>{u.buildingName}</Descriptions.Item>
            <Descriptions.Item label={t('unit.number')}>{u.number}</Descriptions.Item>
            <Descriptions.Item label={t('unit.floor')}>{u.floor ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('unit.areaM2')}>{t('unit.areaValue', { value: formatNumber(u.areaM2, locale) })}</Descriptions.Item>
            <Descriptions.Item label={t('unit.type')}>{t(`unitType.${u.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('unit.state')}>
              <UnitStateTag state={u.state} />
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={2} style={{ fontSize: 16, marginTop: 20 }}>
            {t('unit.occupants')}
          </Typography.Title>
          <Table<Occupant>
            size="small"
            rowKey="relationId"
            pagination={false}
            dataSource={u.occupants}
            locale={{ emptyText: t('unit.noOccupants') }}
            scroll={{ x: 420 }}
            data-testid="occupants"
            columns={[
              {
                title: t('party.name'),
                dataIndex: 'name',
                render: (name: string, o) =>
                  canOpenParty ? (
                    <Typography.Link onClick={() => setPartyId(o.partyId)}>{name}</Typography.Link>
                  ) : (
                    name
                  ),
              },
              { title: t('party.role'), dataIndex: 'role', render: (r: Occupant['role']) => <Tag>{t(`partyRole.${r}`)}</Tag> },
              { title: t('party.moveIn'), dataIndex: 'moveInDate', render: (d: string | null) => formatDate(d, locale) || t('common.none') },
              {
                title: t('party.moveOut'),
                dataIndex: 'moveOutDate',
                render: (d: string | null) => (d ? formatDate(d, locale) : <Typography.Text type="secondary">{t('party.current')}</Typography.Text>),
              },
            ]}
          />
          <UnitFormModal
            open={editing}
            unit={u}
            onClose={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              res.reload();
              onChanged?.();
            }}
          />
          {canOpenParty && <PartyDrawer partyId={partyId} onClose={() => setPartyId(null)} onChanged={res.reload} />}
        </>
      )}
    </Drawer>
  );
}
